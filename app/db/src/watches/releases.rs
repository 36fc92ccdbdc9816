//! The release log's rows and who is expected out.
use super::*;

pub struct NewRelease<'a> {
    pub watch_id: i64,
    pub shift_id: Option<i64>,
    pub released_at: DateTime<Utc>,
    pub label: &'a str,
    pub person_id: Option<i64>,
    pub needs: String,
    /// What they still needed (need keys), for a coordinator to sort.
    pub still_needs: String,
    pub handoff_note: &'a str,
    pub logged_by: i64,
}

pub async fn insert_release(db: &Db, r: &NewRelease<'_>, now: DateTime<Utc>) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO release_log (watch_id, shift_id, released_at, label, person_id, needs, still_needs, handoff_note, logged_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.watch_id)
    .bind(r.shift_id)
    .bind(r.released_at)
    .bind(r.label)
    .bind(r.person_id)
    .bind(&r.needs)
    .bind(&r.still_needs)
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
    pub still_needs: String,
    pub handoff_note: String,
    pub logged_by: String,
}

/// The log, newest first.
pub async fn releases(db: &Db, watch_id: i64) -> Result<Vec<ReleaseRow>, Error> {
    let rows = crate::query(
        "SELECT r.id, r.released_at, r.label, r.person_id, r.needs, r.still_needs, r.handoff_note,
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
                still_needs: r.try_get("still_needs")?,
                handoff_note: r.try_get("handoff_note")?,
                logged_by: r.try_get("logged_by")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// A coordinator sorted what a released person still needed. `None`: no such release;
/// otherwise its watch (to go back to).
pub async fn mark_sorted(db: &Db, release_id: i64) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "UPDATE release_log SET still_needs = '' WHERE id = ? RETURNING watch_id",
    )
    .bind(release_id)
    .fetch_optional(db)
    .await?)
}

/// Handoff notes are for the next shift, not a record: wiped after `before`.
pub async fn wipe_notes_before(db: &Db, before: DateTime<Utc>) -> Result<u64, Error> {
    let done = crate::query(
        "UPDATE release_log SET handoff_note = '' WHERE handoff_note != '' AND released_at < ?",
    )
    .bind(before)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn expected(db: &Db, watch_id: i64) -> Result<Vec<(i64, bool)>, Error> {
    Ok(crate::query_as("SELECT person_id, released_at IS NOT NULL FROM watch_expected WHERE watch_id = ? ORDER BY added_at")
        .bind(watch_id)
        .fetch_all(db)
        .await?)
}

pub async fn add_expected(
    db: &Db,
    watch_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("INSERT INTO watch_expected (watch_id, person_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
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
) -> Result<(), Error> {
    crate::query("UPDATE watch_expected SET released_at = COALESCE(released_at, ?) WHERE watch_id = ? AND person_id = ?")
        .bind(now)
        .bind(watch_id)
        .bind(person_id)
        .execute(db)
        .await?;
    Ok(())
}
