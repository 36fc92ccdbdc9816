//! SQL for people, their wrapped data keys, access grants and the audit log. Everything
//! personal arrives here already sealed: this file never sees plaintext.
use crate::error::AppError;
use crate::storage;
use crate::storage::Db;
use chrono::{DateTime, Utc};

pub const TABLE: &str = "people";

/// A person's row: ciphertexts by column, dates, and the wrapped data key (if not shredded).
pub struct SealedPerson {
    pub id: i64,
    pub columns: Vec<(&'static str, Option<Vec<u8>>)>,
    pub purge_after: DateTime<Utc>,
    pub key: Option<WrappedKey>,
}

/// People with their wrapped keys, in one query.
/// Stored as a 64-bit integer: PostgreSQL has no unsigned types.
fn key_version(r: &storage::Row) -> Result<u32, sqlx::Error> {
    let version: i64 = r.try_get("key_version")?;
    u32::try_from(version).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

const SELECT_PEOPLE: &str = "SELECT p.*, k.root_key_id, k.key_version, k.wrapped
     FROM people p LEFT JOIN person_keys k ON k.person_id = p.id";

pub struct WrappedKey {
    pub root_key_id: String,
    pub key_version: u32,
    pub wrapped: Vec<u8>,
}

const COLUMNS: [&str; 5] = ["alias", "contact", "languages", "note", "case_ref"];

fn sealed_from_row(row: &storage::Row) -> Result<SealedPerson, sqlx::Error> {
    let mut columns = Vec::with_capacity(COLUMNS.len());
    for c in COLUMNS {
        columns.push((c, row.try_get::<Option<Vec<u8>>, _>(c)?));
    }
    let key = match row.try_get::<Option<Vec<u8>>, _>("wrapped")? {
        Some(wrapped) => Some(WrappedKey {
            root_key_id: row.try_get("root_key_id")?,
            key_version: key_version(row)?,
            wrapped,
        }),
        None => None,
    };
    Ok(SealedPerson {
        id: row.try_get("id")?,
        columns,
        purge_after: row.try_get("purge_after")?,
        key,
    })
}

/// Creates an empty row and its wrapped key in one transaction; `seal` then fills the fields
/// (the row id is part of every field's associated data, so it must exist first). `None`
/// (and nothing stored) when `seal` wrapped the key under a root key a rotation has retired.
pub async fn insert<F>(
    db: &Db,
    purge_after: DateTime<Utc>,
    now: DateTime<Utc>,
    seal: F,
) -> Result<Option<i64>, AppError>
where
    F: FnOnce(i64) -> (WrappedKey, Vec<(&'static str, Option<Vec<u8>>)>),
{
    let mut tx = storage::begin_write(db).await?;
    let id: i64 = storage::query_scalar(
        "INSERT INTO people (purge_after, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(purge_after)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let (key, columns) = seal(id);
    // Under the same lock as a rotation's retirements (SQLite's one writer does the same):
    // a key wrapped under a root key retired meanwhile is not stored, and the caller wraps
    // again under the new primary.
    storage::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    if is_retired(&mut tx, &key.root_key_id).await? {
        return Ok(None);
    }
    storage::query("INSERT INTO person_keys (person_id, root_key_id, key_version, wrapped) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(&key.root_key_id)
        .bind(key.key_version)
        .bind(&key.wrapped)
        .execute(&mut *tx)
        .await?;
    update_columns(&mut tx, id, &columns, now).await?;
    tx.commit().await?;
    Ok(Some(id))
}

async fn update_columns(
    tx: &mut storage::WriteTx,
    id: i64,
    columns: &[(&'static str, Option<Vec<u8>>)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for (column, value) in columns {
        // Column names come from the fixed list above, never from input.
        debug_assert!(COLUMNS.contains(column));
        storage::query(format!(
            "UPDATE people SET {column} = ?, updated_at = ? WHERE id = ?"
        ))
        .bind(value.as_deref())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn update(
    db: &Db,
    id: i64,
    columns: &[(&'static str, Option<Vec<u8>>)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = storage::begin_write(db).await?;
    update_columns(&mut tx, id, columns, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> Result<Option<SealedPerson>, AppError> {
    let row = storage::query(format!("{SELECT_PEOPLE} WHERE p.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| sealed_from_row(&r)).transpose()?)
}

/// All people, newest records first.
pub async fn list(db: &Db) -> Result<Vec<SealedPerson>, AppError> {
    let rows = storage::query(format!("{SELECT_PEOPLE} ORDER BY p.id DESC"))
        .fetch_all(db)
        .await?;
    Ok(rows.iter().map(sealed_from_row).collect::<Result<_, _>>()?)
}

pub async fn key<'e>(
    db: impl Into<storage::Target<'e>>,
    person_id: i64,
) -> Result<Option<WrappedKey>, AppError> {
    let row = storage::query(
        "SELECT root_key_id, key_version, wrapped FROM person_keys WHERE person_id = ?",
    )
    .bind(person_id)
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| -> Result<WrappedKey, sqlx::Error> {
            Ok(WrappedKey {
                root_key_id: r.try_get("root_key_id")?,
                key_version: key_version(&r)?,
                wrapped: r.try_get("wrapped")?,
            })
        })
        .transpose()?)
}

/// Keys still wrapped by a root key other than `current` (for rotation), a batch at a time.
pub async fn keys_not_wrapped_by(
    db: &Db,
    current: &str,
    limit: i64,
) -> Result<Vec<(i64, WrappedKey)>, AppError> {
    let rows = storage::query("SELECT person_id, root_key_id, key_version, wrapped FROM person_keys WHERE root_key_id <> ? LIMIT ?")
        .bind(current)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("person_id")?,
                WrappedKey {
                    root_key_id: r.try_get("root_key_id")?,
                    key_version: key_version(r)?,
                    wrapped: r.try_get("wrapped")?,
                },
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Replaces a wrapped key only if it is still wrapped by `old_root` (safe beside a server).
pub async fn rewrap(
    db: &Db,
    person_id: i64,
    old_root: &str,
    new: &WrappedKey,
) -> Result<bool, AppError> {
    let done = storage::query("UPDATE person_keys SET root_key_id = ?, wrapped = ? WHERE person_id = ? AND root_key_id = ?")
        .bind(&new.root_key_id)
        .bind(&new.wrapped)
        .bind(person_id)
        .bind(old_root)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many keys (people's and the group's) each root key still wraps.
pub async fn count_keys_by_root(db: &Db) -> Result<Vec<(String, i64)>, AppError> {
    let rows = storage::query(
        "SELECT root_key_id, CAST(COUNT(*) AS BIGINT) AS n
           FROM (SELECT root_key_id FROM person_keys UNION ALL SELECT root_key_id FROM instance_keys) k
          GROUP BY root_key_id ORDER BY root_key_id",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("root_key_id")?, r.try_get("n")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Pushes the date back, never forward: two events recorded at once (by two servers, say)
/// can't leave the earlier date last.
pub async fn extend_purge_after<'e>(
    on: impl Into<storage::Target<'e>>,
    id: i64,
    purge_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query(
        "UPDATE people SET purge_after = ?1, updated_at = ?2 WHERE id = ?3 AND purge_after < ?1",
    )
    .bind(purge_after)
    .bind(now)
    .bind(id)
    .execute(on)
    .await?;
    Ok(())
}

pub async fn set_purge_after(
    db: &Db,
    id: i64,
    purge_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("UPDATE people SET purge_after = ?, updated_at = ? WHERE id = ?")
        .bind(purge_after)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets people: their data keys first (crypto-shredding), then their rows.
/// Deletes people and their data keys, on the caller's transaction (so what depends on them
/// goes in the same step).
pub async fn delete(conn: &mut storage::Conn, ids: &[i64]) -> Result<u64, AppError> {
    let mut n = 0;
    for id in ids {
        storage::query("DELETE FROM person_keys WHERE person_id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        n += storage::query("DELETE FROM people WHERE id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(n)
}

pub async fn due_for_purge(db: &Db, now: DateTime<Utc>) -> Result<Vec<i64>, AppError> {
    Ok(
        storage::query_scalar("SELECT id FROM people WHERE purge_after <= ?")
            .bind(now)
            .fetch_all(db)
            .await?,
    )
}

/// Those of `ids` still on record. On PostgreSQL their rows stay locked until the
/// transaction ends, so two servers forgetting the same people at once (the daily purge runs
/// on each) forget them, and call off their hearings, once.
pub async fn lock_existing(conn: &mut storage::Conn, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    let list = serde_json::to_string(ids).map_err(AppError::unexpected)?;
    Ok(storage::query_scalar(
        "SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .postgres(
        "SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id FOR UPDATE",
    )
    .bind(list)
    .fetch_all(conn)
    .await?)
}

/// How often a checkpoint that readers or a writer held up is tried, how long each try
/// waits for them, and the pause between tries: about five seconds in all.
const CHECKPOINT_TRIES: u32 = 12;
const CHECKPOINT_WAIT_MS: u64 = 200;
const CHECKPOINT_PAUSE_MS: u64 = 200;
/// The pool's usual busy timeout (see `storage::connect`), put back after a checkpoint.
const USUAL_BUSY_TIMEOUT_MS: u64 = 10_000;

/// Moves freed pages and the write-ahead log out of the database files after a purge.
/// Returns `false` when the log could not be emptied after every try (a long read kept it
/// in use): the deleted rows then stay in the `-wal` file until a later checkpoint.
pub async fn checkpoint(db: &Db) -> Result<bool, AppError> {
    // PostgreSQL has no such step: deleted rows (the wrapped data key among them) stay in
    // its files until VACUUM, and in its WAL and backups for as long as those are kept. The
    // README asks operators to vacuum after a purge and to bound WAL and backup retention.
    if db.backend() != storage::Backend::Sqlite {
        return Ok(true);
    }
    let mut conn = db.acquire().await?;
    // Each try waits briefly for readers (the pool's 10 s would make one try ten seconds).
    storage::query(format!("PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}"))
        .execute(&mut conn)
        .await?;
    let mut done = false;
    for _ in 0..CHECKPOINT_TRIES {
        // SQLite answers busy = 1 (rather than an error) when it could not finish: a reader
        // still needed the log, or the writer held it.
        let busy: i64 = storage::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut conn)
            .await?
            .try_get("busy")?;
        if busy == 0 {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(CHECKPOINT_PAUSE_MS)).await;
    }
    storage::query(format!("PRAGMA busy_timeout = {USUAL_BUSY_TIMEOUT_MS}"))
        .execute(&mut conn)
        .await?;
    if !done {
        tracing::error!(tries = CHECKPOINT_TRIES, "the WAL checkpoint after forgetting people did not finish: deleted rows stay in the -wal file until the next one");
    }
    Ok(done)
}

pub async fn grant_access(
    db: &Db,
    person_id: i64,
    account_id: i64,
    event_start: DateTime<Utc>,
    event_end: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::query("INSERT INTO person_access (person_id, account_id, event_start, event_end) VALUES (?, ?, ?, ?)")
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
) -> Result<bool, AppError> {
    // Manual grants count `margin` either side; work windows (a shift the helper is on)
    // only from just before the shift until it ends.
    let n: i64 = storage::query_scalar(
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
) -> Result<(), AppError> {
    if person_ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(person_ids).map_err(AppError::unexpected)?;
    storage::query("INSERT INTO audit_log (at, actor_id, person_id, action) SELECT ?, ?, value, ? FROM json_each(?)")
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

pub async fn recent_audit(db: &Db, limit: i64) -> Result<Vec<AuditRow>, AppError> {
    let rows = storage::query(
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
        .map_err(AppError::from)
}

pub async fn delete_old_audit(db: &Db, before: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(storage::query("DELETE FROM audit_log WHERE at < ?")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}

/// The lock rotation's retirements and new people's keys take (PostgreSQL; SQLite's single
/// writer already orders them).
const ROOT_KEYS_LOCK: &str = "root-keys";

async fn is_retired(conn: &mut storage::Conn, root_key_id: &str) -> Result<bool, AppError> {
    Ok(storage::query_scalar::<bool>(
        "SELECT EXISTS (SELECT 1 FROM retired_root_keys WHERE id = ?)",
    )
    .bind(root_key_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Records that no new key may be wrapped under `ids` (a rotation has begun). Once this
/// commits, every key still under them is already in the database for rotation to find.
pub async fn retire_root_keys(db: &Db, ids: &[String], now: DateTime<Utc>) -> Result<(), AppError> {
    let mut tx = storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    for id in ids {
        storage::query("INSERT INTO retired_root_keys (id, retired_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").bind(id).bind(now).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every root key id the database mentions (people's keys and the group's).
pub async fn root_key_ids_in_use(db: &Db) -> Result<Vec<String>, AppError> {
    Ok(storage::query_scalar(
        "SELECT root_key_id FROM person_keys UNION SELECT root_key_id FROM instance_keys",
    )
    .fetch_all(db)
    .await?)
}

/// A key of the whole group, wrapped: `(root key id, wrapped)`.
pub async fn instance_key(db: &Db, purpose: &str) -> Result<Option<(String, Vec<u8>)>, AppError> {
    Ok(
        storage::query_as("SELECT root_key_id, wrapped FROM instance_keys WHERE purpose = ?")
            .bind(purpose)
            .fetch_optional(db)
            .await?,
    )
}

/// Stores a new group key unless another server stored one first (then theirs is used).
pub async fn insert_instance_key(
    db: &Db,
    purpose: &str,
    root_key_id: &str,
    wrapped: &[u8],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    if is_retired(&mut tx, root_key_id).await? {
        return Err(AppError::Internal);
    }
    storage::query("INSERT INTO instance_keys (purpose, root_key_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING")
        .bind(purpose)
        .bind(root_key_id)
        .bind(wrapped)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Group keys wrapped by a root key other than `current`: `(purpose, root key id, wrapped)`.
pub async fn instance_keys_not_wrapped_by(
    db: &Db,
    current: &str,
) -> Result<Vec<(String, String, Vec<u8>)>, AppError> {
    Ok(storage::query_as(
        "SELECT purpose, root_key_id, wrapped FROM instance_keys WHERE root_key_id <> ?",
    )
    .bind(current)
    .fetch_all(db)
    .await?)
}

pub async fn rewrap_instance_key(
    db: &Db,
    purpose: &str,
    old_root: &str,
    new_root: &str,
    wrapped: &[u8],
) -> Result<bool, AppError> {
    let done = storage::query("UPDATE instance_keys SET root_key_id = ?, wrapped = ? WHERE purpose = ? AND root_key_id = ?")
        .bind(new_root)
        .bind(wrapped)
        .bind(purpose)
        .bind(old_root)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
