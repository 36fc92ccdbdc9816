//! Wrapped keys: each person's data key and the instance key, by root key, for rotation.
use super::*;

pub struct WrappedKey {
    pub root_key_id: String,
    pub key_version: u32,
    pub wrapped: Vec<u8>,
}

pub async fn key<'e>(
    db: impl Into<crate::Target<'e>>,
    person_id: i64,
) -> Result<Option<WrappedKey>, Error> {
    let row = crate::query(
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
) -> Result<Vec<(i64, WrappedKey)>, Error> {
    let rows = crate::query("SELECT person_id, root_key_id, key_version, wrapped FROM person_keys WHERE root_key_id <> ? LIMIT ?")
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
        .map_err(Error::from)
}

/// Replaces a wrapped key only if it is still wrapped by `old_root` (safe beside a server).
pub async fn rewrap(
    db: &Db,
    person_id: i64,
    old_root: &str,
    new: &WrappedKey,
) -> Result<bool, Error> {
    let done = crate::query("UPDATE person_keys SET root_key_id = ?, wrapped = ? WHERE person_id = ? AND root_key_id = ?")
        .bind(&new.root_key_id)
        .bind(&new.wrapped)
        .bind(person_id)
        .bind(old_root)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many keys (people's and the group's) each root key still wraps.
pub async fn count_keys_by_root(db: &Db) -> Result<Vec<(String, i64)>, Error> {
    let rows = crate::query(
        "SELECT root_key_id, CAST(COUNT(*) AS BIGINT) AS n
           FROM (SELECT root_key_id FROM person_keys UNION ALL SELECT root_key_id FROM instance_keys) k
          GROUP BY root_key_id ORDER BY root_key_id",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("root_key_id")?, r.try_get("n")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// The lock rotation's retirements and new people's keys take (PostgreSQL; SQLite's single
/// writer already orders them).
pub(super) const ROOT_KEYS_LOCK: &str = "root-keys";

pub(super) async fn is_retired(conn: &mut crate::Conn, root_key_id: &str) -> Result<bool, Error> {
    Ok(
        crate::query_scalar::<bool>("SELECT EXISTS (SELECT 1 FROM retired_root_keys WHERE id = ?)")
            .bind(root_key_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Records that no new key may be wrapped under `ids` (a rotation has begun). Once this
/// commits, every key still under them is already in the database for rotation to find.
pub async fn retire_root_keys(db: &Db, ids: &[String], now: DateTime<Utc>) -> Result<(), Error> {
    let mut tx = crate::begin_write(db).await?;
    crate::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    for id in ids {
        crate::query("INSERT INTO retired_root_keys (id, retired_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").bind(id).bind(now).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every root key id the database mentions (people's keys and the group's).
pub async fn root_key_ids_in_use(db: &Db) -> Result<Vec<String>, Error> {
    Ok(crate::query_scalar(
        "SELECT root_key_id FROM person_keys UNION SELECT root_key_id FROM instance_keys",
    )
    .fetch_all(db)
    .await?)
}

/// A key of the whole group, wrapped: `(root key id, wrapped)`.
pub async fn instance_key(db: &Db, purpose: &str) -> Result<Option<(String, Vec<u8>)>, Error> {
    Ok(
        crate::query_as("SELECT root_key_id, wrapped FROM instance_keys WHERE purpose = ?")
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
) -> Result<(), Error> {
    let mut tx = crate::begin_write(db).await?;
    crate::lock_until_commit(&mut tx, ROOT_KEYS_LOCK).await?;
    if is_retired(&mut tx, root_key_id).await? {
        return Err(Error::other(
            "a key may not be wrapped by a retired root key",
        ));
    }
    crate::query("INSERT INTO instance_keys (purpose, root_key_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING")
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
) -> Result<Vec<(String, String, Vec<u8>)>, Error> {
    Ok(crate::query_as(
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
) -> Result<bool, Error> {
    let done = crate::query("UPDATE instance_keys SET root_key_id = ?, wrapped = ? WHERE purpose = ? AND root_key_id = ?")
        .bind(new_root)
        .bind(wrapped)
        .bind(purpose)
        .bind(old_root)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
