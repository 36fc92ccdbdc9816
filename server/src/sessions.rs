//! Where sessions live: a table in the same database as everything else, so that on
//! PostgreSQL a person signed in through one Vigil server is signed in on all of them.
//!
//! On SQLite, where one Vigil server owns the database file, sessions are also kept in
//! memory (`CachedSqlite`): every request reads its session, and under a burst of sign-ups
//! that read was a large share of the work. The session holds only who signed in and when;
//! the account itself is read fresh on every request, so a deactivation or a "sign out
//! everywhere" still takes effect at once. On PostgreSQL nothing is cached, since a sign-out
//! on another server must end the session here too.
//!
//! Sessions are stored under a digest of their id, never the id itself (`stored_id`).
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use vigil_db::Db;

/// How many sessions the SQLite cache keeps; beyond it the least used are read from the
/// database again.
const CACHED_SESSIONS: u64 = 10_000;

/// How long an ended session is remembered as ended: far longer than any request that read
/// it just before it ended can still be running.
const ENDED_FOR: Duration = Duration::from_secs(600);

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(CachedSqlite),
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store for `db`, its table created if missing.
    pub async fn open(db: &Db) -> anyhow::Result<Sessions> {
        Ok(match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone())
                    .with_table_name("sessions")
                    .map_err(anyhow::Error::msg)?;
                store.migrate().await?;
                Sessions::Sqlite(CachedSqlite {
                    store,
                    cache: MokaStore::new(Some(CACHED_SESSIONS)),
                    ended: moka::sync::Cache::builder()
                        .max_capacity(100_000)
                        .time_to_live(ENDED_FOR)
                        .build(),
                })
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone())
                    .with_table_name("sessions")
                    .map_err(anyhow::Error::msg)?;
                store.migrate().await?;
                Sessions::Postgres(store)
            }
        })
    }
}

/// The SQLite table with a copy of its sessions in memory. A request that read its session
/// just before another ended it (a sign-out in another tab) finishes afterwards: its stale
/// copy must not come back, neither into the cache nor, by the hourly touch that saves the
/// session, into the table. Ended sessions are therefore remembered for a while (`ended`),
/// marked before they are deleted and checked again after every load and save.
#[derive(Clone, Debug)]
pub struct CachedSqlite {
    store: SqliteStore,
    cache: MokaStore,
    ended: moka::sync::Cache<Id, ()>,
}

impl CachedSqlite {
    async fn forget(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete(id).await?;
        self.cache.delete(id).await
    }
}

#[async_trait::async_trait]
impl SessionStore for CachedSqlite {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // The table picks an id no other session has.
        self.store.create(record).await?;
        self.cache.save(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        if self.ended.contains_key(&record.id) {
            return Ok(());
        }
        self.store.save(record).await?;
        self.cache.save(record).await?;
        // Ended meanwhile, perhaps before this write reached the table: delete it again.
        if self.ended.contains_key(&record.id) {
            self.forget(&record.id).await?;
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if self.ended.contains_key(id) {
            return Ok(None);
        }
        if let Some(record) = self.cache.load(id).await? {
            return Ok(Some(record));
        }
        let Some(record) = self.store.load(id).await? else {
            return Ok(None);
        };
        self.cache.save(&record).await?;
        if self.ended.contains_key(id) {
            self.cache.delete(id).await?;
            return Ok(None);
        }
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        // Marked first: whatever loads or saves it from now on sees it ended.
        self.ended.insert(*id, ());
        self.forget(id).await
    }
}

/// What the table (and the memory cache) keys a session by: a SHA-256 digest of the id in the
/// cookie. A row copied out of the database, a backup or a dump is not a cookie, and can't be
/// turned back into one; only the browser holds the id itself. (tower-sessions' `Id` is 128
/// bits, so the digest is cut to 128 bits: still far beyond guessing.)
pub fn stored_id(id: &Id) -> Id {
    use sha2::Digest;
    let digest = sha2::Sha256::new()
        .chain_update(b"vigil session id v1\0")
        .chain_update(id.0.to_le_bytes())
        .finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(first))
}

fn stored(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

impl Sessions {
    async fn create_stored(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn delete_stored(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

/// Every call names the session by the cookie's id; below this point only its digest is used.
#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let mut row = stored(record);
            let wanted = row.id;
            self.create_stored(&mut row).await?;
            if row.id == wanted {
                return Ok(());
            }
            // The digest was taken (an id collision): the table saved this session under an
            // id of its own choosing, which no cookie can name. Take that row back out and
            // start again from a new id.
            self.delete_stored(&row.id).await?;
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = stored(record);
        match self {
            Sessions::Sqlite(store) => store.save(&row).await,
            Sessions::Postgres(store) => store.save(&row).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = match self {
            Sessions::Sqlite(store) => store.load(&stored_id(id)).await?,
            Sessions::Postgres(store) => store.load(&stored_id(id)).await?,
        };
        // Handed back under the cookie's id, which is what tower-sessions saves it under.
        Ok(row.map(|row| Record { id: *id, ..row }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.delete_stored(&stored_id(id)).await
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            // The cache drops expired sessions by itself.
            Sessions::Sqlite(cached) => cached.store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
