//! Seats on shifts as watches read them (who is on, clashes, who to call out), and
//! call-outs' places.
use super::*;

/// Someone's seat on a shift, with what their teammates may see of them.
#[derive(Debug, Clone)]
pub struct SeatRow {
    pub shift_id: i64,
    pub account_id: i64,
    pub status: String,
    pub checked_in: bool,
    pub checked_out: bool,
    pub cant_come: bool,
    /// Said "C" to a reminder by text.
    pub confirmed: bool,
    pub name: String,
    pub lead: bool,
}

/// What a sign-up reads before it writes, in one statement (under a burst each statement
/// waits its turn for a connection): the shift, whether `account_id` is already signed up
/// for another open shift that overlaps it (`clashes` lists them), and their reminder
/// preferences.
pub async fn sign_up_view(
    conn: &mut crate::Conn,
    shift_id: i64,
    account_id: i64,
) -> Result<Option<(ShiftRow, bool, vigil_domain::notifications::Prefs)>, Error> {
    use crate::prefs;
    let row = crate::query(format!(
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
    conn: &mut crate::Conn,
    account_id: i64,
    shift_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<ShiftRow>, Error> {
    let rows = crate::query(format!(
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
pub async fn seats_on(db: &Db, shift_ids: &[i64]) -> Result<Vec<SeatRow>, Error> {
    if shift_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(shift_ids).map_err(Error::other)?;
    let rows = crate::query(
        "SELECT s.slot_id, s.account_id, s.status, s.checked_in_at IS NOT NULL AS checked_in,
                s.checked_out_at IS NOT NULL AS checked_out, s.cant_come_at IS NOT NULL AS cant_come,
                s.confirmed_at IS NOT NULL AS confirmed,
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
                confirmed: r.try_get("confirmed")?,
                name: r.try_get("name")?,
                lead: r.try_get("is_trained_lead")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// Active accounts holding a role, `(id, name)`, for coordinators' pickers and notices.
pub async fn active_with_role(db: &Db, role_column: &str) -> Result<Vec<(i64, String)>, Error> {
    let column = match role_column {
        "is_volunteer" | "is_coordinator" | "is_accompanier" => role_column,
        _ => return Err(Error::other(format!("no role column {role_column}"))),
    };
    Ok(crate::query_as(format!(
        "SELECT id, CASE WHEN display_name = '' THEN substr(email, 1, instr(email, '@') - 1) ELSE display_name END
           FROM accounts WHERE {column} AND status = 'active' ORDER BY lower(display_name), email"
    ))
    .fetch_all(db)
    .await?)
}

/// Volunteers who opted in to urgent call-outs.
pub async fn urgent_volunteers(conn: &mut crate::Conn) -> Result<Vec<i64>, Error> {
    Ok(crate::query_scalar(
        "SELECT a.id FROM accounts a JOIN notification_prefs p ON p.account_id = a.id
          WHERE a.is_volunteer AND a.status = 'active' AND p.urgent",
    )
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn insert_callout(
    conn: &mut crate::Conn,
    shift_id: i64,
    needed: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(crate::query_scalar("INSERT INTO callouts (shift_id, needed, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(shift_id)
        .bind(needed)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
}

/// `(shift id, needed, accepted)`
pub async fn get_callout<'e>(
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Option<(i64, i64, i64)>, Error> {
    Ok(
        crate::query_as("SELECT shift_id, needed, accepted FROM callouts WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// Takes one of the call-out's places if any is left.
pub async fn take_callout_place(conn: &mut crate::Conn, id: i64) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE callouts SET accepted = accepted + 1 WHERE id = ? AND accepted < needed",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Raises a shift's capacity by one (a call-out seat beyond the usual maximum).
pub async fn add_seat(
    conn: &mut crate::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
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
    db: impl Into<crate::Target<'e>>,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, Error> {
    Ok(crate::query_scalar(
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
