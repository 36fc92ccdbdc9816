//! Watches' rows: insert, read, the rolling ones still open, close.
use super::*;

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

pub(super) fn watch_of(r: &crate::Row) -> Result<WatchRow, sqlx::Error> {
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

pub(super) const WATCH_SELECT: &str = "SELECT w.id, w.kind, w.starts_at, w.ends_at, w.slot_hours, w.min_volunteers, w.max_volunteers,
       w.needs_lead, w.generated_until, w.closed_at,
       f.id AS f_id, f.name AS f_name, f.kind AS f_kind, f.address AS f_address, f.time_zone AS f_tz, f.notes AS f_notes
  FROM watches w JOIN facilities f ON f.id = w.facility_id";

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
    conn: &mut crate::Conn,
    w: &NewWatch,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(crate::query_scalar(
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
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Option<WatchRow>, Error> {
    let row = crate::query(format!("{WATCH_SELECT} WHERE w.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(watch_of).transpose()?)
}

pub async fn list_watches(db: &Db) -> Result<Vec<WatchRow>, Error> {
    let rows = crate::query(format!(
        "{WATCH_SELECT} ORDER BY w.closed_at IS NOT NULL, w.starts_at DESC"
    ))
    .fetch_all(db)
    .await?;
    all(rows, watch_of)
}

/// Open-ended watches still open, with rolling slots to keep ahead of time.
pub async fn rolling_open_watches(db: &Db) -> Result<Vec<WatchRow>, Error> {
    let rows = crate::query(format!("{WATCH_SELECT} WHERE w.closed_at IS NULL AND w.ends_at IS NULL AND w.slot_hours IS NOT NULL"))
        .fetch_all(db)
        .await?;
    all(rows, watch_of)
}

pub async fn set_generated_until(
    conn: &mut crate::Conn,
    watch_id: i64,
    until: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE watches SET generated_until = ? WHERE id = ?")
        .bind(until)
        .bind(watch_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn close_watch(
    conn: &mut crate::Conn,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE watches SET closed_at = ?1, ends_at = CASE WHEN ends_at IS NOT NULL AND ends_at < ?1 THEN ends_at ELSE ?1 END, updated_at = ?1 WHERE id = ?2 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(watch_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
