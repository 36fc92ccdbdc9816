//! Where sessions live: a table in the same database as everything else, so that on
//! PostgreSQL a person signed in through one Vigil server is signed in on all of them.
//!
//! On SQLite, where one Vigil server owns the database file, sessions are also kept in
//! memory (`CachedSqlite`): every request reads its session, and under a burst of sign-ups
//! that read was a large share of the work. The session holds only who signed in and when;
//! the account itself is read fresh on every request, so a deactivation or a "sign out
//! everywhere" still takes effect at once. On PostgreSQL nothing is cached, since a sign-out
//! on another server must end the session here too.
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use vigil_app::storage::Db;

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
                let store = SqliteStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?;
                store.migrate().await?;
                Sessions::Sqlite(CachedSqlite {
                    store,
                    cache: MokaStore::new(Some(CACHED_SESSIONS)),
                    ended: moka::sync::Cache::builder().max_capacity(100_000).time_to_live(ENDED_FOR).build(),
                })
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?;
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
        let Some(record) = self.store.load(id).await? else { return Ok(None) };
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

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
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
