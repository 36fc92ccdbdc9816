//! Where sessions live: a table in the same database as everything else, so that on
//! PostgreSQL a person signed in through one Vigil server is signed in on all of them.
//!
//! On SQLite, where one server owns the database file, sessions are also kept in memory:
//! every request reads its session, and under a burst of sign-ups that read is a large
//! share of the work. Changes and sign-outs go to both. The session holds only who signed in
//! and when; the account itself is read fresh on every request, so a deactivation or a "sign
//! out everywhere" still takes effect at once. On PostgreSQL nothing is cached, since a
//! sign-out on another server must end the session here too.
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::CachingSessionStore;
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use vigil_app::storage::Db;

/// How many sessions the SQLite cache keeps; beyond it the least used are read from the
/// database again.
const CACHED_SESSIONS: u64 = 10_000;

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite { cached: CachingSessionStore<MokaStore, SqliteStore>, store: SqliteStore },
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store for `db`, its table created if missing.
    pub async fn open(db: &Db) -> anyhow::Result<Sessions> {
        let sessions = match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?;
                Sessions::Sqlite { cached: CachingSessionStore::new(MokaStore::new(Some(CACHED_SESSIONS)), store.clone()), store }
            }
            Db::Postgres(pool) => Sessions::Postgres(PostgresStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?),
        };
        match &sessions {
            Sessions::Sqlite { store, .. } => store.migrate().await?,
            Sessions::Postgres(store) => store.migrate().await?,
        }
        Ok(sessions)
    }
}

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite { cached, .. } => cached.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite { cached, .. } => cached.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite { cached, .. } => cached.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite { cached, .. } => cached.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            // The cache drops expired sessions by itself.
            Sessions::Sqlite { store, .. } => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
