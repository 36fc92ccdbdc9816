//! SQL for watches, shifts, the release log, expected releases and call-outs. Seats are in
//! `signups::seats`; this file only reads them to show who is on a shift.
use super::WatchKind;
use crate::error::AppError;
use crate::facilities::Facility;
use crate::storage;
use crate::storage::Db;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct WatchRow {
    pub id: i64,
    pub facility: Facility,
    pub kind: WatchKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub slot_hours: Option<i64>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
    pub generated_until: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct ShiftRow {
    pub id: i64,
    pub watch_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
    pub cancelled: bool,
    pub facility: Facility,
}

/// Someone's seat on a shift, with what their teammates may see of them.
#[derive(Debug, Clone)]
pub struct SeatRow {
    pub shift_id: i64,
    pub account_id: i64,
    pub status: String,
    pub checked_in: bool,
    pub checked_out: bool,
    pub cant_come: bool,
    pub name: String,
    pub lead: bool,
}

use crate::facilities::store::joined as facility_of;

fn watch_of(r: &storage::Row) -> Result<WatchRow, sqlx::Error> {
    Ok(WatchRow {
        id: r.try_get("id")?,
        facility: facility_of(r)?,
        kind: WatchKind::from_key(r.try_get::<&str, _>("kind")?).unwrap_or(WatchKind::Standing),
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        slot_hours: r.try_get("slot_hours")?,
        min_volunteers: r.try_get("min_volunteers")?,
        max_volunteers: r.try_get("max_volunteers")?,
        needs_lead: r.try_get("needs_lead")?,
        generated_until: r.try_get("generated_until")?,
        closed_at: r.try_get("closed_at")?,
    })
}

fn shift_of(r: &storage::Row) -> Result<ShiftRow, sqlx::Error> {
    Ok(ShiftRow {
        id: r.try_get("id")?,
        watch_id: r.try_get("watch_id")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        min_volunteers: r.try_get("min_volunteers")?,
        max_volunteers: r.try_get("max_volunteers")?,
        needs_lead: r.try_get("needs_lead")?,
        cancelled: r.try_get::<&str, _>("status")? == "cancelled",
        facility: facility_of(r)?,
    })
}

fn all<T>(
    rows: Vec<storage::Row>,
    f: fn(&storage::Row) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, AppError> {
    rows.iter()
        .map(f)
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

const WATCH_SELECT: &str = "SELECT w.id, w.kind, w.starts_at, w.ends_at, w.slot_hours, w.min_volunteers, w.max_volunteers,
       w.needs_lead, w.generated_until, w.closed_at,
       f.id AS f_id, f.name AS f_name, f.kind AS f_kind, f.address AS f_address, f.time_zone AS f_tz, f.notes AS f_notes
  FROM watches w JOIN facilities f ON f.id = w.facility_id";

macro_rules! shift_columns {
    () => {
        "sh.id, sh.watch_id, sh.starts_at, sh.ends_at, sh.min_volunteers, sh.max_volunteers, sh.needs_lead, sh.status,
       f.id AS f_id, f.name AS f_name, f.kind AS f_kind, f.address AS f_address, f.time_zone AS f_tz, f.notes AS f_notes"
    };
}
macro_rules! shift_tables {
    () => {
        "shifts sh JOIN watches w ON w.id = sh.watch_id JOIN facilities f ON f.id = w.facility_id"
    };
}
const SHIFT_SELECT: &str = concat!("SELECT ", shift_columns!(), " FROM ", shift_tables!());

pub struct NewWatch {
    pub facility_id: i64,
    pub kind: WatchKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub slot_hours: Option<i64>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
}

pub async fn insert_watch(
    conn: &mut storage::Conn,
    w: &NewWatch,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    Ok(storage::query_scalar(
        "INSERT INTO watches (facility_id, kind, starts_at, ends_at, slot_hours, min_volunteers, max_volunteers, needs_lead, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(w.facility_id)
    .bind(w.kind.key())
    .bind(w.starts_at)
    .bind(w.ends_at)
    .bind(w.slot_hours)
    .bind(w.min_volunteers)
    .bind(w.max_volunteers)
    .bind(w.needs_lead)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn get_watch<'e>(
    db: impl Into<storage::Target<'e>>,
    id: i64,
) -> Result<Option<WatchRow>, AppError> {
    let row = storage::query(format!("{WATCH_SELECT} WHERE w.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(watch_of).transpose()?)
}

pub async fn list_watches(db: &Db) -> Result<Vec<WatchRow>, AppError> {
    let rows = storage::query(format!(
        "{WATCH_SELECT} ORDER BY w.closed_at IS NOT NULL, w.starts_at DESC"
    ))
    .fetch_all(db)
    .await?;
    all(rows, watch_of)
}

/// Open-ended watches still open, with rolling slots to keep ahead of time.
pub async fn rolling_open_watches(db: &Db) -> Result<Vec<WatchRow>, AppError> {
    let rows = storage::query(format!("{WATCH_SELECT} WHERE w.closed_at IS NULL AND w.ends_at IS NULL AND w.slot_hours IS NOT NULL"))
        .fetch_all(db)
        .await?;
    all(rows, watch_of)
}

/// Adds shifts (a slot that exists already is left as it is). Returns how many were new.
/// `tz` is the facility's time zone (each shift keeps its local day, see migration 0014).
#[allow(clippy::too_many_arguments)]
pub async fn insert_shifts(
    conn: &mut storage::Conn,
    watch_id: i64,
    slots: &[(DateTime<Utc>, DateTime<Utc>)],
    min: i64,
    max: i64,
    needs_lead: bool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut added = 0;
    for (start, end) in slots {
        let done = storage::query(
            "INSERT INTO shifts (watch_id, starts_at, ends_at, local_day, min_volunteers, max_volunteers, needs_lead, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (watch_id, starts_at) DO NOTHING",
        )
        .bind(watch_id)
        .bind(start)
        .bind(end)
        .bind(crate::time::local_date(*start, tz))
        .bind(min)
        .bind(max)
        .bind(needs_lead)
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        added += done.rows_affected();
    }
    Ok(added)
}

pub async fn set_generated_until(
    conn: &mut storage::Conn,
    watch_id: i64,
    until: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("UPDATE watches SET generated_until = ? WHERE id = ?")
        .bind(until)
        .bind(watch_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn close_watch(
    conn: &mut storage::Conn,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let done = storage::query(
        "UPDATE watches SET closed_at = ?1, ends_at = CASE WHEN ends_at IS NOT NULL AND ends_at < ?1 THEN ends_at ELSE ?1 END, updated_at = ?1 WHERE id = ?2 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(watch_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn cancel_shift(
    conn: &mut storage::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("UPDATE shifts SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(shift_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn get_shift<'e>(
    db: impl Into<storage::Target<'e>>,
    id: i64,
) -> Result<Option<ShiftRow>, AppError> {
    let row = storage::query(format!("{SHIFT_SELECT} WHERE sh.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(shift_of).transpose()?)
}

/// Open shifts overlapping [from, to), optionally at one facility.
pub async fn shifts_between(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    facility: Option<i64>,
) -> Result<Vec<ShiftRow>, AppError> {
    let rows = storage::query(format!(
        "{SHIFT_SELECT} WHERE sh.status = 'open' AND sh.ends_at > ? AND sh.starts_at < ? AND (? IS NULL OR f.id = ?)
         ORDER BY sh.starts_at"
    ))
    .bind(from)
    .bind(to)
    .bind(facility)
    .bind(facility)
    .fetch_all(db)
    .await?;
    all(rows, shift_of)
}

/// Which open shifts the open-shifts list shows: in a range, optionally at one facility
/// and on one local day.
pub struct OpenShiftFilter<'a> {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub facility: Option<i64>,
    pub day: Option<&'a str>,
}

const OPEN_SHIFTS_WHERE: &str = "FROM shifts sh JOIN watches w ON w.id = sh.watch_id
     WHERE sh.status = 'open' AND sh.ends_at > ?1 AND sh.starts_at < ?2 AND (?3 IS NULL OR w.facility_id = ?3) AND (?4 IS NULL OR sh.local_day = ?4)";

pub async fn count_open_shifts(db: &Db, filter: &OpenShiftFilter<'_>) -> Result<usize, AppError> {
    let n: i64 = storage::query_scalar(format!("SELECT COUNT(*) {OPEN_SHIFTS_WHERE}"))
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.facility)
        .bind(filter.day)
        .fetch_one(db)
        .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// One page of the open-shifts list, ordered in SQL (a surge can put a thousand shifts on the
/// list; only the page's are read): by local day, the most understaffed first within a day,
/// then the soonest.
pub async fn open_shift_page(
    db: &Db,
    filter: &OpenShiftFilter<'_>,
    limit: usize,
    offset: usize,
) -> Result<Vec<i64>, AppError> {
    Ok(storage::query_scalar(format!(
        "SELECT sh.id {OPEN_SHIFTS_WHERE}
          ORDER BY sh.local_day,
                   sh.min_volunteers - (SELECT COUNT(*) FROM signups s WHERE s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up') DESC,
                   sh.starts_at, sh.id
          LIMIT ?5 OFFSET ?6"
    ))
    .bind(filter.from)
    .bind(filter.to)
    .bind(filter.facility)
    .bind(filter.day)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?)
}

/// Shifts without a local day (made before migration 0014, or at a facility whose time zone
/// just changed), with their facility's time zone.
pub async fn shifts_without_local_day(
    db: &Db,
) -> Result<Vec<(i64, DateTime<Utc>, String)>, AppError> {
    Ok(storage::query_as(
        "SELECT sh.id, sh.starts_at, f.time_zone FROM shifts sh JOIN watches w ON w.id = sh.watch_id JOIN facilities f ON f.id = w.facility_id
          WHERE sh.local_day IS NULL",
    )
    .fetch_all(db)
    .await?)
}

pub async fn set_local_day(db: &Db, shift_id: i64, day: &str) -> Result<(), AppError> {
    storage::query("UPDATE shifts SET local_day = ? WHERE id = ?")
        .bind(day)
        .bind(shift_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets the local days of a facility's shifts (its time zone changed).
pub async fn clear_local_days(db: &Db, facility_id: i64) -> Result<(), AppError> {
    storage::query("UPDATE shifts SET local_day = NULL WHERE watch_id IN (SELECT id FROM watches WHERE facility_id = ?)").bind(facility_id).execute(db).await?;
    Ok(())
}

/// These shifts, in the order of `ids`.
pub async fn shifts_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ShiftRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(ids).map_err(AppError::unexpected)?;
    let rows = storage::query(format!(
        "{SHIFT_SELECT} WHERE sh.id IN (SELECT value FROM json_each(?))"
    ))
    .bind(list)
    .fetch_all(db)
    .await?;
    let mut shifts = all(rows, shift_of)?;
    shifts.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
    Ok(shifts)
}

pub async fn shifts_of_watch<'e>(
    db: impl Into<storage::Target<'e>>,
    watch_id: i64,
) -> Result<Vec<ShiftRow>, AppError> {
    let rows = storage::query(format!(
        "{SHIFT_SELECT} WHERE sh.watch_id = ? AND sh.status = 'open' ORDER BY sh.starts_at"
    ))
    .bind(watch_id)
    .fetch_all(db)
    .await?;
    all(rows, shift_of)
}

/// Shifts where `account_id` holds or waits for a seat (any time).
pub async fn shifts_of_account(db: &Db, account_id: i64) -> Result<Vec<ShiftRow>, AppError> {
    let rows = storage::query(format!(
        "{SHIFT_SELECT} JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id
         WHERE s.account_id = ? AND s.status IN ('signed_up', 'waitlisted', 'no_show') ORDER BY sh.starts_at"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    all(rows, shift_of)
}

/// What a sign-up reads before it writes, in one statement (under a burst each statement
/// waits its turn for a connection): the shift, whether `account_id` is already signed up
/// for another open shift that overlaps it (`clashes` lists them), and their reminder
/// preferences.
pub async fn sign_up_view(
    conn: &mut storage::Conn,
    shift_id: i64,
    account_id: i64,
) -> Result<Option<(ShiftRow, bool, crate::notifications::Prefs)>, AppError> {
    use crate::notifications::prefs;
    let row = storage::query(format!(
        "SELECT {}, {},
                EXISTS (SELECT 1 FROM signups s JOIN shifts o ON o.id = s.slot_id
                         WHERE s.slot_kind = 'shift' AND s.account_id = ?1 AND s.status = 'signed_up' AND o.status = 'open'
                           AND o.id != sh.id AND o.starts_at < sh.ends_at AND o.ends_at > sh.starts_at) AS clash
           FROM {} LEFT JOIN notification_prefs p ON p.account_id = ?1
          WHERE sh.id = ?2",
        shift_columns!(),
        prefs::JOINED_COLUMNS,
        shift_tables!()
    ))
    .bind(account_id)
    .bind(shift_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some((
        shift_of(&r)?,
        r.try_get("clash")?,
        prefs::joined(&r)?,
    )))
}

/// Other open shifts `account_id` is signed up for that overlap [start, end).
pub async fn clashes(
    conn: &mut storage::Conn,
    account_id: i64,
    shift_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<ShiftRow>, AppError> {
    let rows = storage::query(format!(
        "{SHIFT_SELECT} JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id
         WHERE s.account_id = ? AND s.status = 'signed_up' AND sh.status = 'open' AND sh.id != ?
           AND sh.starts_at < ? AND sh.ends_at > ?"
    ))
    .bind(account_id)
    .bind(shift_id)
    .bind(end)
    .bind(start)
    .fetch_all(&mut *conn)
    .await?;
    all(rows, shift_of)
}

/// Everyone signed up or waitlisted on these shifts, in waitlist order.
pub async fn seats_on(db: &Db, shift_ids: &[i64]) -> Result<Vec<SeatRow>, AppError> {
    if shift_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(shift_ids).map_err(AppError::unexpected)?;
    let rows = storage::query(
        "SELECT s.slot_id, s.account_id, s.status, s.checked_in_at IS NOT NULL AS checked_in,
                s.checked_out_at IS NOT NULL AS checked_out, s.cant_come_at IS NOT NULL AS cant_come,
                CASE WHEN a.display_name = '' THEN substr(a.email, 1, instr(a.email, '@') - 1) ELSE a.display_name END AS name,
                a.is_trained_lead
           FROM signups s JOIN accounts a ON a.id = s.account_id
          WHERE s.slot_kind = 'shift' AND s.slot_id IN (SELECT value FROM json_each(?))
            AND s.status IN ('signed_up', 'waitlisted', 'no_show')
          ORDER BY s.joined_at, s.id",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SeatRow {
                shift_id: r.try_get("slot_id")?,
                account_id: r.try_get("account_id")?,
                status: r.try_get("status")?,
                checked_in: r.try_get("checked_in")?,
                checked_out: r.try_get("checked_out")?,
                cant_come: r.try_get("cant_come")?,
                name: r.try_get("name")?,
                lead: r.try_get("is_trained_lead")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Active accounts holding a role, `(id, name)`, for coordinators' pickers and notices.
pub async fn active_with_role(db: &Db, role_column: &str) -> Result<Vec<(i64, String)>, AppError> {
    let column = match role_column {
        "is_volunteer" | "is_coordinator" | "is_accompanier" => role_column,
        _ => return Err(AppError::Internal),
    };
    Ok(storage::query_as(format!(
        "SELECT id, CASE WHEN display_name = '' THEN substr(email, 1, instr(email, '@') - 1) ELSE display_name END
           FROM accounts WHERE {column} AND status = 'active' ORDER BY lower(display_name), email"
    ))
    .fetch_all(db)
    .await?)
}

/// Volunteers who opted in to urgent call-outs.
pub async fn urgent_volunteers(conn: &mut storage::Conn) -> Result<Vec<i64>, AppError> {
    Ok(storage::query_scalar(
        "SELECT a.id FROM accounts a JOIN notification_prefs p ON p.account_id = a.id
          WHERE a.is_volunteer AND a.status = 'active' AND p.urgent",
    )
    .fetch_all(&mut *conn)
    .await?)
}

pub struct NewRelease<'a> {
    pub watch_id: i64,
    pub shift_id: Option<i64>,
    pub released_at: DateTime<Utc>,
    pub label: &'a str,
    pub person_id: Option<i64>,
    pub needs: String,
    pub handoff_note: &'a str,
    pub logged_by: i64,
}

pub async fn insert_release(
    db: &Db,
    r: &NewRelease<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    Ok(storage::query_scalar(
        "INSERT INTO release_log (watch_id, shift_id, released_at, label, person_id, needs, handoff_note, logged_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.watch_id)
    .bind(r.shift_id)
    .bind(r.released_at)
    .bind(r.label)
    .bind(r.person_id)
    .bind(&r.needs)
    .bind(r.handoff_note)
    .bind(r.logged_by)
    .bind(now)
    .fetch_one(db)
    .await?)
}

pub struct ReleaseRow {
    pub id: i64,
    pub released_at: DateTime<Utc>,
    pub label: String,
    pub person_id: Option<i64>,
    pub needs: String,
    pub handoff_note: String,
    pub logged_by: String,
}

/// The log, newest first.
pub async fn releases(db: &Db, watch_id: i64) -> Result<Vec<ReleaseRow>, AppError> {
    let rows = storage::query(
        "SELECT r.id, r.released_at, r.label, r.person_id, r.needs, r.handoff_note,
                COALESCE(CASE WHEN a.display_name = '' THEN substr(a.email, 1, instr(a.email, '@') - 1) ELSE a.display_name END, '') AS logged_by
           FROM release_log r LEFT JOIN accounts a ON a.id = r.logged_by
          WHERE r.watch_id = ? ORDER BY r.released_at DESC, r.id DESC LIMIT 500",
    )
    .bind(watch_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ReleaseRow {
                id: r.try_get("id")?,
                released_at: r.try_get("released_at")?,
                label: r.try_get("label")?,
                person_id: r.try_get("person_id")?,
                needs: r.try_get("needs")?,
                handoff_note: r.try_get("handoff_note")?,
                logged_by: r.try_get("logged_by")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Handoff notes are for the next shift, not a record: wiped after `before`.
pub async fn wipe_notes_before(db: &Db, before: DateTime<Utc>) -> Result<u64, AppError> {
    let done = storage::query(
        "UPDATE release_log SET handoff_note = '' WHERE handoff_note != '' AND released_at < ?",
    )
    .bind(before)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn expected(db: &Db, watch_id: i64) -> Result<Vec<(i64, bool)>, AppError> {
    Ok(storage::query_as("SELECT person_id, released_at IS NOT NULL FROM watch_expected WHERE watch_id = ? ORDER BY added_at")
        .bind(watch_id)
        .fetch_all(db)
        .await?)
}

pub async fn add_expected(
    db: &Db,
    watch_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("INSERT INTO watch_expected (watch_id, person_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(watch_id)
        .bind(person_id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn mark_expected_released(
    db: &Db,
    watch_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("UPDATE watch_expected SET released_at = COALESCE(released_at, ?) WHERE watch_id = ? AND person_id = ?")
        .bind(now)
        .bind(watch_id)
        .bind(person_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn insert_callout(
    conn: &mut storage::Conn,
    shift_id: i64,
    needed: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    Ok(storage::query_scalar("INSERT INTO callouts (shift_id, needed, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(shift_id)
        .bind(needed)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

/// `(shift id, needed, accepted)`
pub async fn get_callout<'e>(
    db: impl Into<storage::Target<'e>>,
    id: i64,
) -> Result<Option<(i64, i64, i64)>, AppError> {
    Ok(
        storage::query_as("SELECT shift_id, needed, accepted FROM callouts WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// Takes one of the call-out's places if any is left.
pub async fn take_callout_place(conn: &mut storage::Conn, id: i64) -> Result<bool, AppError> {
    let done = storage::query(
        "UPDATE callouts SET accepted = accepted + 1 WHERE id = ? AND accepted < needed",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Raises a shift's capacity by one (a call-out seat beyond the usual maximum).
pub async fn add_seat(
    conn: &mut storage::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query(
        "UPDATE shifts SET max_volunteers = max_volunteers + 1, updated_at = ? WHERE id = ?",
    )
    .bind(now)
    .bind(shift_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Shifts not yet over where `account_id` holds a seat or a waitlist place.
pub async fn future_seats_of<'e>(
    db: impl Into<storage::Target<'e>>,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, AppError> {
    Ok(storage::query_scalar(
        "SELECT sh.id FROM signups s JOIN shifts sh ON sh.id = s.slot_id
          WHERE s.slot_kind = 'shift' AND s.account_id = ? AND s.status IN ('signed_up', 'waitlisted')
            AND sh.status = 'open' AND sh.ends_at > ?
          ORDER BY sh.starts_at",
    )
    .bind(account_id)
    .bind(now)
    .fetch_all(db)
    .await?)
}
