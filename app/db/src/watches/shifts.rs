//! Shifts' rows: insert, cancel, read by id, time or viewer, and open shifts a page at a
//! time by local day (`shifts.local_day`, kept in step with the facility's zone).
use super::*;

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

pub(super) fn shift_of(r: &crate::Row) -> Result<ShiftRow, sqlx::Error> {
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

/// Adds shifts (a slot that exists already is left as it is). Returns how many were new.
/// `tz` is the facility's time zone (each shift keeps its local day, see migration 0014).
#[allow(clippy::too_many_arguments)]
pub async fn insert_shifts(
    conn: &mut crate::Conn,
    watch_id: i64,
    slots: &[(DateTime<Utc>, DateTime<Utc>)],
    min: i64,
    max: i64,
    needs_lead: bool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let mut added = 0;
    for (start, end) in slots {
        let done = crate::query(
            "INSERT INTO shifts (watch_id, starts_at, ends_at, local_day, min_volunteers, max_volunteers, needs_lead, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (watch_id, starts_at) DO NOTHING",
        )
        .bind(watch_id)
        .bind(start)
        .bind(end)
        .bind(vigil_domain::time::local_date(*start, tz))
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

pub async fn cancel_shift(
    conn: &mut crate::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE shifts SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(shift_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn get_shift<'e>(
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Option<ShiftRow>, Error> {
    let row = crate::query(format!("{SHIFT_SELECT} WHERE sh.id = ?"))
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
) -> Result<Vec<ShiftRow>, Error> {
    let rows = crate::query(format!(
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

pub(super) const OPEN_SHIFTS_WHERE: &str = "FROM shifts sh JOIN watches w ON w.id = sh.watch_id
     WHERE sh.status = 'open' AND sh.ends_at > ?1 AND sh.starts_at < ?2 AND (?3 IS NULL OR w.facility_id = ?3) AND (?4 IS NULL OR sh.local_day = ?4)";

pub async fn count_open_shifts(db: &Db, filter: &OpenShiftFilter<'_>) -> Result<usize, Error> {
    let n: i64 = crate::query_scalar(format!("SELECT COUNT(*) {OPEN_SHIFTS_WHERE}"))
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
) -> Result<Vec<i64>, Error> {
    Ok(crate::query_scalar(format!(
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
pub async fn shifts_without_local_day(db: &Db) -> Result<Vec<(i64, DateTime<Utc>, String)>, Error> {
    Ok(crate::query_as(
        "SELECT sh.id, sh.starts_at, f.time_zone FROM shifts sh JOIN watches w ON w.id = sh.watch_id JOIN facilities f ON f.id = w.facility_id
          WHERE sh.local_day IS NULL",
    )
    .fetch_all(db)
    .await?)
}

pub async fn set_local_day(db: &Db, shift_id: i64, day: &str) -> Result<(), Error> {
    crate::query("UPDATE shifts SET local_day = ? WHERE id = ?")
        .bind(day)
        .bind(shift_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets the local days of a facility's shifts (its time zone changed).
pub async fn clear_local_days(db: &Db, facility_id: i64) -> Result<(), Error> {
    crate::query("UPDATE shifts SET local_day = NULL WHERE watch_id IN (SELECT id FROM watches WHERE facility_id = ?)").bind(facility_id).execute(db).await?;
    Ok(())
}

/// These shifts, in the order of `ids`.
pub async fn shifts_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ShiftRow>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(ids).map_err(Error::other)?;
    let rows = crate::query(format!(
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
    db: impl Into<crate::Target<'e>>,
    watch_id: i64,
) -> Result<Vec<ShiftRow>, Error> {
    let rows = crate::query(format!(
        "{SHIFT_SELECT} WHERE sh.watch_id = ? AND sh.status = 'open' ORDER BY sh.starts_at"
    ))
    .bind(watch_id)
    .fetch_all(db)
    .await?;
    all(rows, shift_of)
}

/// Shifts where `account_id` holds or waits for a seat (any time).
pub async fn shifts_of_account(db: &Db, account_id: i64) -> Result<Vec<ShiftRow>, Error> {
    let rows = crate::query(format!(
        "{SHIFT_SELECT} JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id
         WHERE s.account_id = ? AND s.status IN ('signed_up', 'waitlisted', 'no_show') ORDER BY sh.starts_at"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    all(rows, shift_of)
}

/// The id of the watch's shift that starts at `starts_at` (one at most: a shift's start is
/// unique within its watch).
pub async fn shift_starting<'e>(
    db: impl Into<crate::Target<'e>>,
    watch_id: i64,
    starts_at: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(
        crate::query_scalar("SELECT id FROM shifts WHERE watch_id = ? AND starts_at = ?")
            .bind(watch_id)
            .bind(starts_at)
            .fetch_one(db)
            .await?,
    )
}
