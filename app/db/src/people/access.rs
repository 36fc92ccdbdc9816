//! Access grants and the audit log.
use super::*;

pub async fn grant_access(
    db: &Db,
    person_id: i64,
    account_id: i64,
    event_start: DateTime<Utc>,
    event_end: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("INSERT INTO person_access (person_id, account_id, event_start, event_end) VALUES (?, ?, ?, ?)")
        .bind(person_id)
        .bind(account_id)
        .bind(event_start)
        .bind(event_end)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether `account_id` has an event with the person whose window (±`margin`) contains `now`.
pub async fn has_access(
    db: &Db,
    person_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
    margin: chrono::Duration,
) -> Result<bool, Error> {
    // Manual grants count `margin` either side; work windows (a shift the helper is on)
    // only from just before the shift until it ends.
    let n: i64 = crate::query_scalar(
        "SELECT (SELECT COUNT(*) FROM person_access
                  WHERE person_id = ?1 AND account_id = ?2 AND event_start <= ?3 AND event_end >= ?4)
              + (SELECT COUNT(*) FROM person_helper_windows
                  WHERE person_id = ?1 AND account_id = ?2 AND event_start <= ?5 AND event_end >= ?6)",
    )
    .bind(person_id)
    .bind(account_id)
    .bind(now + margin)
    .bind(now - margin)
    .bind(now + WORK_WINDOW_LEAD)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// A helper on shift sees the people expected there from this long before the shift starts.
pub const WORK_WINDOW_LEAD: chrono::Duration = chrono::Duration::minutes(30);

/// One audit entry per person, in a single statement (a list view audits every row shown).
pub async fn audit(
    db: &Db,
    actor_id: Option<i64>,
    person_ids: &[i64],
    action: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if person_ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(person_ids).map_err(Error::other)?;
    crate::query("INSERT INTO audit_log (at, actor_id, person_id, action) SELECT ?, ?, value, ? FROM json_each(?)")
        .postgres("INSERT INTO audit_log (at, actor_id, person_id, action) SELECT ?, ?, CAST(value AS BIGINT), ? FROM json_array_elements_text(CAST(? AS JSON))")
        .bind(now)
        .bind(actor_id)
        .bind(action)
        .bind(ids)
        .execute(db)
        .await?;
    Ok(())
}

pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub person_id: i64,
    pub action: String,
}

pub async fn recent_audit(db: &Db, limit: i64) -> Result<Vec<AuditRow>, Error> {
    let rows = crate::query(
        "SELECT a.at, a.person_id, a.action,
                COALESCE(NULLIF(c.display_name, ''), c.email) AS actor
         FROM audit_log a LEFT JOIN accounts c ON c.id = a.actor_id ORDER BY a.id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditRow {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                person_id: r.try_get("person_id")?,
                action: r.try_get("action")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

pub async fn delete_old_audit(db: &Db, before: DateTime<Utc>) -> Result<u64, Error> {
    Ok(crate::query("DELETE FROM audit_log WHERE at < ?")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}
