//! The persistent job queue: rows in the database, claimed with a lease, retried with
//! exponential backoff, then left visibly "failed" for a coordinator to retry.
//!
//! Delivery is at least once: a worker killed after the SMTP server accepted a message but
//! before marking the job done sends it again when the lease (`LEASE`) expires. Nothing is
//! ever lost: a job leaves `pending`/`running` only as `done`, `failed` or `cancelled`.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Duration, Utc};

/// How long a claimed job is reserved for its worker; after that another worker may run it.
pub const LEASE: Duration = Duration::seconds(120);

/// Which jobs a worker lane takes. Texts have lanes of their own, one set per gateway, because
/// a gateway's pace (Twilio's long codes: one a second) would otherwise keep every lane
/// waiting and hold the mail up behind a call-out to hundreds; the job's kind is its queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Everything but texts: notices, reminders, sign-in links, by email (a notice fans out
    /// into text jobs when it runs).
    Mail,
    /// Texts to one channel's gateway: jobs of kind "sms" or "signal".
    Texts(&'static str),
}

impl Queue {
    /// The kinds of text jobs (their channels' keys).
    pub const TEXT_KINDS: [&'static str; 2] = ["sms", "signal"];

    /// The condition on `kind` (the kinds are fixed words, never input).
    fn kinds(self) -> String {
        match self {
            Queue::Mail => format!(
                "kind NOT IN ({})",
                Queue::TEXT_KINDS.map(|k| format!("'{k}'")).join(", ")
            ),
            Queue::Texts(kind) => {
                debug_assert!(Queue::TEXT_KINDS.contains(&kind));
                format!("kind = '{kind}'")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: String,
    pub idempotency_key: String,
    pub entity: Option<String>,
    pub account_id: Option<i64>,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub entity: Option<String>,
    pub account_id: Option<i64>,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
    pub attempts: i64,
    pub max_attempts: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub run_at: DateTime<Utc>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Schedules a job; returns `false` when one with the same idempotency key exists already.
/// A cancelled job with that key comes back (someone dropped a shift, then signed up again).
pub async fn schedule<'e>(
    db: impl Into<crate::Target<'e>>,
    job: &NewJob,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    Ok(schedule_all(db, std::slice::from_ref(job), now).await? == 1)
}

/// Schedules several jobs in one statement (one round trip under the write lock; more than
/// 500 take several, so give it a transaction when they must all happen or none); returns
/// how many were new or came back from cancelled, as `schedule` does for one.
pub async fn schedule_all<'e>(
    db: impl Into<crate::Target<'e>>,
    jobs: &[NewJob],
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    rows(jobs, now).execute(db).await
}

/// The rows that schedule `jobs`, for a write that sends them later with others'
/// (`crate::write_grouped`); `schedule_all` sends them at once.
pub fn rows(jobs: &[NewJob], now: DateTime<Utc>) -> crate::InsertRows {
    let mut rows = crate::InsertRows::new(
        "INSERT INTO jobs (kind, idempotency_key, entity, account_id, payload, run_at, created_at, updated_at) VALUES",
        8,
        "ON CONFLICT (idempotency_key) DO UPDATE SET
             status = 'pending', run_at = excluded.run_at, payload = excluded.payload,
             attempts = 0, last_error = NULL, lease_until = NULL, updated_at = excluded.updated_at
         WHERE jobs.status = 'cancelled'",
    );
    // The same key twice in one statement is an error on PostgreSQL; the first one counts.
    let mut seen = std::collections::HashSet::new();
    for job in jobs
        .iter()
        .filter(|job| seen.insert(job.idempotency_key.as_str()))
    {
        rows.push(&job.kind)
            .push(&job.idempotency_key)
            .push(&job.entity)
            .push(job.account_id)
            .push(job.payload.to_string())
            .push(job.run_at)
            .push(now)
            .push(now);
    }
    rows
}

/// Cancels every pending job whose idempotency key starts with `prefix`.
pub async fn cancel_with_key_prefix(
    conn: &mut crate::Conn,
    prefix: &str,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let done = crate::query("UPDATE jobs SET status = 'cancelled', payload = '{}', updated_at = ? WHERE status = 'pending' AND substr(idempotency_key, 1, length(?)) = ?")
        .bind(now)
        .bind(prefix)
        .bind(prefix)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes every job about `entity` whatever its state (its reminders, and the notices
/// queued about it, sent or not): the thing they are about is being forgotten, and a sent
/// job's row still names a court and a time. On the transaction that forgets it.
pub async fn forget_entity(conn: &mut crate::Conn, entity: &str) -> Result<u64, Error> {
    let notices = format!("notice:{entity}:");
    let done = crate::query(
        "DELETE FROM jobs WHERE entity = ? OR substr(idempotency_key, 1, length(?)) = ?",
    )
    .bind(entity)
    .bind(&notices)
    .bind(&notices)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Moves every pending job of `entity` by `shift` (the shift or hearing moved by that much).
/// Run it on the same transaction as the change to the entity.
pub async fn reschedule_entity(
    conn: &mut crate::Conn,
    entity: &str,
    shift: Duration,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let pending: Vec<(i64, DateTime<Utc>)> =
        crate::query_as("SELECT id, run_at FROM jobs WHERE entity = ? AND status = 'pending'")
            .bind(entity)
            .fetch_all(&mut *conn)
            .await?;
    for (id, run_at) in &pending {
        crate::query("UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ?")
            .bind(*run_at + shift)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(pending.len() as u64)
}

/// Cancels every pending job of `entity` (the shift or hearing was cancelled).
pub async fn cancel_entity<'e>(
    db: impl Into<crate::Target<'e>>,
    entity: &str,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let done = crate::query("UPDATE jobs SET status = 'cancelled', payload = '{}', updated_at = ? WHERE entity = ? AND status = 'pending'")
        .bind(now)
        .bind(entity)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Cancels one person's pending jobs about `entity` (they dropped or were removed).
pub async fn cancel_for_account(
    conn: &mut crate::Conn,
    entity: &str,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let done = crate::query("UPDATE jobs SET status = 'cancelled', payload = '{}', updated_at = ? WHERE entity = ? AND account_id = ? AND status = 'pending'")
        .bind(now)
        .bind(entity)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Claims the next due job (or one whose worker's lease ran out), atomically. Through the
/// write gate: the worker's lanes queue for it instead of sleeping in SQLite's busy handler.
pub async fn claim(db: &Db, queue: Queue, now: DateTime<Utc>) -> Result<Option<Job>, Error> {
    let mut tx = crate::begin_write(db).await?;
    let kinds = queue.kinds();
    let row = crate::query(format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
         WHERE id = (SELECT id FROM jobs
                     WHERE ((status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_until < ?))
                       AND {kinds}
                     ORDER BY run_at LIMIT 1)
         RETURNING id, kind, idempotency_key, entity, account_id, payload, run_at, attempts, max_attempts",
    ))
    // Several servers' workers claim at once: each skips the jobs another is claiming, so no
    // job is claimed twice (SQLite's one writer already claims one at a time).
    .postgres(format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
         WHERE id = (SELECT id FROM jobs
                     WHERE ((status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_until < ?))
                       AND {kinds}
                     ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, idempotency_key, entity, account_id, payload, run_at, attempts, max_attempts",
    ))
    .bind(now + LEASE)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let Some(row) = row else { return Ok(None) };
    let payload: String = row.try_get("payload")?;
    Ok(Some(Job {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        idempotency_key: row.try_get("idempotency_key")?,
        entity: row.try_get("entity")?,
        account_id: row.try_get("account_id")?,
        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        run_at: row.try_get("run_at")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
    }))
}

pub async fn mark_done(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), Error> {
    let mut tx = crate::begin_write(db).await?;
    crate::query("UPDATE jobs SET status = 'done', payload = '{}', lease_until = NULL, last_error = NULL, updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts a job back to run later (quiet hours), without counting it as an attempt.
pub async fn defer(
    db: &Db,
    id: i64,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE jobs SET status = 'pending', run_at = ?, attempts = attempts - 1, lease_until = NULL, updated_at = ? WHERE id = ?")
        .bind(until)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Exponential backoff: 30 s, 1 min, 2 min, … capped at an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

/// A failed attempt: retry after the backoff, or give up visibly after `max_attempts`.
/// `error` must not contain personal data (it is shown to coordinators).
pub async fn mark_failed(db: &Db, job: &Job, error: &str, now: DateTime<Utc>) -> Result<(), Error> {
    let give_up = job.attempts >= job.max_attempts;
    crate::query("UPDATE jobs SET status = ?, run_at = ?, lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?")
        .bind(if give_up { "failed" } else { "pending" })
        .bind(if give_up { now } else { now + backoff(job.attempts) })
        .bind(error)
        .bind(now)
        .bind(job.id)
        .execute(db)
        .await?;
    Ok(())
}

/// A gateway reported that a message it took was not delivered: the job shows as failed,
/// with the gateway's reason, on "Delivery problems".
pub async fn mark_undelivered(
    db: &Db,
    id: i64,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?")
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A coordinator retries a failed job: it runs again at once, with fresh attempts.
pub async fn retry(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
    let done = crate::query("UPDATE jobs SET status = 'pending', attempts = 0, run_at = ?, updated_at = ? WHERE id = ? AND status = 'failed'")
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list(db: &Db, status: Option<&str>, limit: i64) -> Result<Vec<JobRow>, Error> {
    let rows = crate::query(
        "SELECT id, kind, status, run_at, attempts, last_error FROM jobs WHERE (? IS NULL OR status = ?) ORDER BY run_at DESC LIMIT ?",
    )
    .bind(status)
    .bind(status)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(JobRow {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                status: r.try_get("status")?,
                run_at: r.try_get("run_at")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
