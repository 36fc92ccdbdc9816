//! People's sealed rows: insert, update, read, purge dates, delete (and the checkpoint
//! that makes a deletion final in SQLite's files).
use super::*;

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
pub(super) fn key_version(r: &crate::Row) -> Result<u32, sqlx::Error> {
    let version: i64 = r.try_get("key_version")?;
    u32::try_from(version).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

pub(super) const SELECT_PEOPLE: &str = "SELECT p.*, k.root_key_id, k.key_version, k.wrapped
     FROM people p LEFT JOIN person_keys k ON k.person_id = p.id";

pub(super) const COLUMNS: [&str; 5] = ["alias", "contact", "languages", "note", "case_ref"];

pub(super) fn sealed_from_row(row: &crate::Row) -> Result<SealedPerson, sqlx::Error> {
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
) -> Result<Option<i64>, Error>
where
    F: FnOnce(i64) -> (WrappedKey, Vec<(&'static str, Option<Vec<u8>>)>),
{
    let mut tx = crate::begin_write(db).await?;
    let id: i64 = crate::query_scalar(
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
    crate::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    if is_retired(&mut tx, &key.root_key_id).await? {
        return Ok(None);
    }
    crate::query("INSERT INTO person_keys (person_id, root_key_id, key_version, wrapped) VALUES (?, ?, ?, ?)")
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

pub(super) async fn update_columns(
    tx: &mut crate::WriteTx,
    id: i64,
    columns: &[(&'static str, Option<Vec<u8>>)],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    for (column, value) in columns {
        // Column names come from the fixed list above, never from input.
        debug_assert!(COLUMNS.contains(column));
        crate::query(format!(
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
) -> Result<(), Error> {
    let mut tx = crate::begin_write(db).await?;
    update_columns(&mut tx, id, columns, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> Result<Option<SealedPerson>, Error> {
    let row = crate::query(format!("{SELECT_PEOPLE} WHERE p.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| sealed_from_row(&r)).transpose()?)
}

/// Every supported person's number (nothing sealed: for matching `#12` in a docket file).
pub async fn ids(db: &Db) -> Result<Vec<i64>, Error> {
    Ok(crate::query_scalar("SELECT id FROM people")
        .fetch_all(db)
        .await?)
}

/// All people, newest records first.
pub async fn list(db: &Db) -> Result<Vec<SealedPerson>, Error> {
    let rows = crate::query(format!("{SELECT_PEOPLE} ORDER BY p.id DESC"))
        .fetch_all(db)
        .await?;
    Ok(rows.iter().map(sealed_from_row).collect::<Result<_, _>>()?)
}

/// Pushes the date back, never forward: two events recorded at once (by two servers, say)
/// can't leave the earlier date last.
pub async fn extend_purge_after<'e>(
    on: impl Into<crate::Target<'e>>,
    id: i64,
    purge_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
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
) -> Result<(), Error> {
    crate::query("UPDATE people SET purge_after = ?, updated_at = ? WHERE id = ?")
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
pub async fn delete(conn: &mut crate::Conn, ids: &[i64]) -> Result<u64, Error> {
    let mut n = 0;
    for id in ids {
        crate::query("DELETE FROM person_keys WHERE person_id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        n += crate::query("DELETE FROM people WHERE id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(n)
}

pub async fn due_for_purge(db: &Db, now: DateTime<Utc>) -> Result<Vec<i64>, Error> {
    Ok(
        crate::query_scalar("SELECT id FROM people WHERE purge_after <= ?")
            .bind(now)
            .fetch_all(db)
            .await?,
    )
}

/// Those of `ids` still on record. On PostgreSQL their rows stay locked until the
/// transaction ends, so two servers forgetting the same people at once (the daily purge runs
/// on each) forget them, and call off their hearings, once.
pub async fn lock_existing(conn: &mut crate::Conn, ids: &[i64]) -> Result<Vec<i64>, Error> {
    let list = serde_json::to_string(ids).map_err(Error::other)?;
    Ok(crate::query_scalar(
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
pub(super) const CHECKPOINT_TRIES: u32 = 12;
pub(super) const CHECKPOINT_WAIT_MS: u64 = 200;
pub(super) const CHECKPOINT_PAUSE_MS: u64 = 200;
/// The pool's usual busy timeout (see `crate::connect`), put back after a checkpoint.
pub(super) const USUAL_BUSY_TIMEOUT_MS: u64 = 10_000;

/// Moves freed pages and the write-ahead log out of the database files after a purge.
/// Returns `false` when the log could not be emptied after every try (a long read kept it
/// in use): the deleted rows then stay in the `-wal` file until a later checkpoint.
pub async fn checkpoint(db: &Db) -> Result<bool, Error> {
    // PostgreSQL has no such step: deleted rows (the wrapped data key among them) stay in
    // its files until VACUUM, and in its WAL and backups for as long as those are kept. The
    // README asks operators to vacuum after a purge and to bound WAL and backup retention.
    if db.backend() != crate::Backend::Sqlite {
        return Ok(true);
    }
    let mut conn = db.acquire().await?;
    // Each try waits briefly for readers (the pool's 10 s would make one try ten seconds).
    crate::query(format!("PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}"))
        .execute(&mut conn)
        .await?;
    let mut done = false;
    for _ in 0..CHECKPOINT_TRIES {
        // SQLite answers busy = 1 (rather than an error) when it could not finish: a reader
        // still needed the log, or the writer held it.
        let busy: i64 = crate::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut conn)
            .await?
            .try_get("busy")?;
        if busy == 0 {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(CHECKPOINT_PAUSE_MS)).await;
    }
    crate::query(format!("PRAGMA busy_timeout = {USUAL_BUSY_TIMEOUT_MS}"))
        .execute(&mut conn)
        .await?;
    if !done {
        tracing::error!(tries = CHECKPOINT_TRIES, "the WAL checkpoint after forgetting people did not finish: deleted rows stay in the -wal file until the next one");
    }
    Ok(done)
}
