//! SQL for "who is on now" board links, and the one read the board needs that no other
//! page does (the releases met at a facility, without their labels).
use crate::{Db, Error};
use chrono::{DateTime, Duration, Utc};
use vigil_domain::facilities::board::BoardLink;

pub async fn insert(
    db: &Db,
    facility_id: i64,
    token_hash: &str,
    created_by: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO board_links (facility_id, token_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(facility_id)
    .bind(token_hash)
    .bind(created_by)
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// A facility's links still open, and those revoked since `since`, newest first.
pub async fn of_facility(
    db: &Db,
    facility_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<BoardLink>, Error> {
    let rows = crate::query(
        "SELECT b.id, COALESCE(a.display_name, '') AS made_by, b.created_at, b.last_used_at, b.revoked_at
           FROM board_links b LEFT JOIN accounts a ON a.id = b.created_by
          WHERE b.facility_id = ? AND (b.revoked_at IS NULL OR b.revoked_at > ?)
          ORDER BY b.created_at DESC, b.id DESC",
    )
    .bind(facility_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(BoardLink {
                id: r.try_get("id")?,
                made_by: r.try_get("made_by")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked_at: r.try_get("revoked_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// `false` when there is no such open link at this facility.
pub async fn revoke(db: &Db, facility_id: i64, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE board_links SET revoked_at = ? WHERE id = ? AND facility_id = ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(facility_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The open link with this token hash: `(link id, facility id)`. One indexed lookup.
pub async fn open_by_hash(db: &Db, token_hash: &str) -> Result<Option<(i64, i64)>, Error> {
    Ok(crate::query_as(
        "SELECT id, facility_id FROM board_links WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?)
}

/// Notes that the link was used, at most once every ten minutes: a screen asks every
/// 30 seconds, and a write each time would be all the database did at night.
pub async fn touch(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), Error> {
    crate::query(
        "UPDATE board_links SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
    )
    .bind(now)
    .bind(id)
    .bind(now - Duration::minutes(10))
    .execute(db)
    .await?;
    Ok(())
}

/// Releases met at a facility's watches since `since`, newest first: `(released at, needs,
/// still needs)`, the needs as comma-separated keys. Never the label or the person.
pub async fn releases_at(
    db: &Db,
    facility_id: i64,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, String, String)>, Error> {
    Ok(crate::query_as(
        "SELECT r.released_at, r.needs, r.still_needs
           FROM release_log r JOIN watches w ON w.id = r.watch_id
          WHERE w.facility_id = ? AND r.released_at >= ?
          ORDER BY r.released_at DESC, r.id DESC LIMIT ?",
    )
    .bind(facility_id)
    .bind(since)
    .bind(limit)
    .fetch_all(db)
    .await?)
}
