//! The seat transaction. Callers open a write transaction (`crate::begin_write`), call
//! these, add their reminders and notices on the same transaction, and commit: either all
//! of it happens or none of it.
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::signups::{SeatOutcome, SeatStatus, Slot};

/// One person's seat on a slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Seat {
    pub account_id: i64,
    pub status: SeatStatus,
    pub joined_at: DateTime<Utc>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub cant_come_at: Option<DateTime<Utc>>,
    /// Said by a text reply ("C") that they are coming.
    pub confirmed_at: Option<DateTime<Utc>>,
}

type SeatRow = (
    i64,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

fn seat_of(row: SeatRow) -> Seat {
    Seat {
        account_id: row.0,
        status: SeatStatus::from_key(&row.1).unwrap_or(SeatStatus::Dropped),
        joined_at: row.2,
        checked_in_at: row.3,
        checked_out_at: row.4,
        cant_come_at: row.5,
        confirmed_at: row.6,
    }
}

const SEAT_COLUMNS: &str =
    "account_id, status, joined_at, checked_in_at, checked_out_at, cant_come_at, confirmed_at";

/// "C" to a reminder: the person says they're coming. `false` if they hold no seat.
pub async fn confirm(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE signups SET confirmed_at = ?1, updated_at = ?1
         WHERE slot_kind = ?2 AND slot_id = ?3 AND account_id = ?4 AND status = 'signed_up'",
    )
    .bind(now)
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn seat(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
) -> Result<Option<Seat>, Error> {
    let row: Option<SeatRow> = crate::query_as(format!(
        "SELECT {SEAT_COLUMNS} FROM signups WHERE slot_kind = ? AND slot_id = ? AND account_id = ?"
    ))
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(seat_of))
}

/// Everyone signed up or waitlisted, in waitlist order.
pub async fn seats<'e>(db: impl Into<crate::Target<'e>>, slot: Slot) -> Result<Vec<Seat>, Error> {
    let rows: Vec<SeatRow> = crate::query_as(format!(
        "SELECT {SEAT_COLUMNS} FROM signups WHERE slot_kind = ? AND slot_id = ? AND status IN ('signed_up', 'waitlisted')
         ORDER BY joined_at, id"
    ))
    .bind(slot.kind.key())
    .bind(slot.id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(seat_of).collect())
}

pub async fn taken(conn: &mut crate::Conn, slot: Slot) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE slot_kind = ? AND slot_id = ? AND status = 'signed_up'",
    )
    .bind(slot.kind.key())
    .bind(slot.id)
    .fetch_one(&mut *conn)
    .await?)
}

async fn set_status(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    status: SeatStatus,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    // Being put on (again) starts afresh; other changes keep the times.
    let rejoin = status == SeatStatus::SignedUp;
    crate::query(
        "INSERT INTO signups (slot_kind, slot_id, account_id, status, joined_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (slot_kind, slot_id, account_id) DO UPDATE SET
            status = excluded.status, updated_at = excluded.updated_at,
            joined_at = CASE WHEN ?6 THEN excluded.joined_at ELSE signups.joined_at END,
            checked_in_at = CASE WHEN ?6 THEN NULL ELSE signups.checked_in_at END,
            checked_out_at = CASE WHEN ?6 THEN NULL ELSE signups.checked_out_at END,
            cant_come_at = CASE WHEN ?6 THEN NULL ELSE signups.cant_come_at END",
    )
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .bind(status.key())
    .bind(now)
    .bind(rejoin)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many seats a slot has, for `take`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Capacity {
    /// The caller read it in this transaction.
    Known(i64),
    /// Read in the same statement as the seats: `max_volunteers` of the shift if it is still
    /// open. Saves a round trip under the write lock, where a burst of sign-ups queues.
    OpenShift,
}

impl Capacity {
    /// The number if the caller gave it; `NULL` in SQL tells the statement to read the shift's.
    fn known(self) -> Option<i64> {
        match self {
            Capacity::Known(n) => Some(n),
            Capacity::OpenShift => None,
        }
    }
}

/// Asks for a seat: signed up if one is free, otherwise waitlisted. Someone a coordinator
/// removed can't sign themselves back up; a shift cancelled meanwhile takes no one.
pub async fn take(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    capacity: Capacity,
    now: DateTime<Utc>,
) -> Result<SeatOutcome, Error> {
    // On PostgreSQL another server may be changing this slot's seats at the same moment.
    crate::lock_until_commit(conn, &slot.entity()).await?;
    // This runs under the write lock, where a burst of sign-ups queues: the usual case (not
    // on the slot yet, and it takes people) is one statement that counts and inserts.
    if let Some(joined) = join(conn, slot, account_id, capacity, now).await? {
        return match SeatStatus::from_key(&joined) {
            Some(SeatStatus::SignedUp) => Ok(SeatOutcome::SignedUp),
            _ => Ok(SeatOutcome::Waitlisted),
        };
    }
    // Otherwise say why: nothing changed, and nothing here runs in the usual case.
    let (mine, open): (Option<String>, bool) = crate::query_as(
        "SELECT (SELECT status FROM signups WHERE slot_kind = ?1 AND slot_id = ?2 AND account_id = ?3),
                ?4 IS NOT NULL OR EXISTS (SELECT 1 FROM shifts WHERE id = ?2 AND status = 'open')",
    )
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .bind(capacity.known())
    .fetch_one(&mut *conn)
    .await?;
    if !open {
        return Err(Error::conflict(
            vigil_domain::signups::Refusal::SlotCancelled,
        ));
    }
    match mine.as_deref().and_then(SeatStatus::from_key) {
        Some(SeatStatus::SignedUp) => Ok(SeatOutcome::AlreadySignedUp),
        Some(SeatStatus::Waitlisted) => Ok(SeatOutcome::AlreadyWaitlisted),
        Some(SeatStatus::Removed) => Err(Error::conflict(
            vigil_domain::signups::Refusal::RemovedByCoordinator,
        )),
        // `join` takes everyone else.
        _ => Err(Error::other(format!(
            "a seat on {} was neither taken nor refused",
            slot.entity()
        ))),
    }
}

/// Signs `account_id` up, or waitlists them if the slot is full, unless they are already
/// signed up, waitlisted or removed, or the slot takes no one (a cancelled shift). Returns
/// the new status, or `None` if nothing changed.
async fn join(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    capacity: Capacity,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    // The WHERE also tells SQLite's parser that ON CONFLICT belongs to the INSERT.
    Ok(crate::query_scalar(
        "INSERT INTO signups (slot_kind, slot_id, account_id, status, joined_at, updated_at)
         SELECT ?1, ?2, ?3,
                CASE WHEN (SELECT COUNT(*) FROM signups WHERE slot_kind = ?1 AND slot_id = ?2 AND status = 'signed_up') < seats.capacity
                     THEN 'signed_up' ELSE 'waitlisted' END,
                ?5, ?5
           FROM (SELECT CASE WHEN ?4 IS NOT NULL THEN ?4 ELSE (SELECT max_volunteers FROM shifts WHERE id = ?2 AND status = 'open') END AS capacity) seats
          WHERE seats.capacity IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM signups WHERE slot_kind = ?1 AND slot_id = ?2 AND account_id = ?3
                                                    AND status IN ('signed_up', 'waitlisted', 'removed'))
         ON CONFLICT (slot_kind, slot_id, account_id) DO UPDATE SET
            status = excluded.status, updated_at = excluded.updated_at, joined_at = excluded.joined_at,
            checked_in_at = NULL, checked_out_at = NULL, cant_come_at = NULL
         RETURNING status",
    )
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .bind(capacity.known())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

/// A coordinator puts someone on, even past capacity (they know something the rules don't).
pub async fn assign(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    // On PostgreSQL another server may be changing this slot's seats at the same moment.
    crate::lock_until_commit(conn, &slot.entity()).await?;
    if seat(conn, slot, account_id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
    {
        return Ok(false);
    }
    set_status(conn, slot, account_id, SeatStatus::SignedUp, now).await?;
    Ok(true)
}

/// Leaves a slot (`Dropped` by oneself, `Removed` or `NoShow` by a coordinator). When a
/// signed-up seat frees, the first on the waitlist is promoted while seats are free: their
/// ids are returned, for the caller to notify on the same transaction.
pub async fn leave(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    how: SeatStatus,
    capacity: i64,
    now: DateTime<Utc>,
) -> Result<Option<Vec<i64>>, Error> {
    // On PostgreSQL another server may be changing this slot's seats at the same moment.
    crate::lock_until_commit(conn, &slot.entity()).await?;
    let Some(current) = seat(conn, slot, account_id).await? else {
        return Ok(None);
    };
    if !matches!(
        current.status,
        SeatStatus::SignedUp | SeatStatus::Waitlisted
    ) && how != SeatStatus::Removed
    {
        return Ok(None);
    }
    set_status(conn, slot, account_id, how, now).await?;
    if current.status != SeatStatus::SignedUp || how == SeatStatus::NoShow {
        // A no-show is marked after the start: nobody is waiting to be promoted into it.
        return Ok(Some(Vec::new()));
    }
    promote(conn, slot, capacity, now).await.map(Some)
}

/// Fills free seats from the waitlist, in order; returns who was promoted.
pub async fn promote(
    conn: &mut crate::Conn,
    slot: Slot,
    capacity: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, Error> {
    // On PostgreSQL another server may be changing this slot's seats at the same moment.
    crate::lock_until_commit(conn, &slot.entity()).await?;
    let free = capacity - taken(conn, slot).await?;
    if free <= 0 {
        return Ok(Vec::new());
    }
    let promoted: Vec<i64> = crate::query_scalar(
        "SELECT account_id FROM signups WHERE slot_kind = ? AND slot_id = ? AND status = 'waitlisted' ORDER BY joined_at, id LIMIT ?",
    )
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(free)
    .fetch_all(&mut *conn)
    .await?;
    for account_id in &promoted {
        crate::query("UPDATE signups SET status = 'signed_up', updated_at = ? WHERE slot_kind = ? AND slot_id = ? AND account_id = ?")
            .bind(now)
            .bind(slot.kind.key())
            .bind(slot.id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(promoted)
}

/// Check in (`true`) or out (`false`); only someone signed up can.
pub async fn check(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    check_in: bool,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let sql = if check_in {
        "UPDATE signups SET checked_in_at = COALESCE(checked_in_at, ?1), updated_at = ?1
          WHERE slot_kind = ?2 AND slot_id = ?3 AND account_id = ?4 AND status = 'signed_up'"
    } else {
        "UPDATE signups SET checked_out_at = ?1, checked_in_at = COALESCE(checked_in_at, ?1), updated_at = ?1
          WHERE slot_kind = ?2 AND slot_id = ?3 AND account_id = ?4 AND status = 'signed_up'"
    };
    let done = crate::query(sql)
        .bind(now)
        .bind(slot.kind.key())
        .bind(slot.id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// After the drop cutoff: "I can't come" is recorded for the coordinators; the seat stays.
pub async fn mark_cant_come(
    conn: &mut crate::Conn,
    slot: Slot,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE signups SET cant_come_at = COALESCE(cant_come_at, ?1), updated_at = ?1
          WHERE slot_kind = ?2 AND slot_id = ?3 AND account_id = ?4 AND status = 'signed_up' AND cant_come_at IS NULL",
    )
    .bind(now)
    .bind(slot.kind.key())
    .bind(slot.id)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes every seat on a slot that is going away (a hearing whose person is forgotten):
/// the seats table has no foreign key to the slot, since a slot is a shift or a hearing.
pub async fn forget_slot(conn: &mut crate::Conn, slot: Slot) -> Result<u64, Error> {
    Ok(
        crate::query("DELETE FROM signups WHERE slot_kind = ? AND slot_id = ?")
            .bind(slot.kind.key())
            .bind(slot.id)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}
