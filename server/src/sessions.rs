//! Where sessions live: a table in the same database as everything else, so that on
//! PostgreSQL a person signed in through one Vigil server is signed in on all of them.
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use vigil_app::storage::Db;

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store for `db`, its table created if missing.
    pub async fn open(db: &Db) -> anyhow::Result<Sessions> {
        let sessions = match db {
            Db::Sqlite(pool) => Sessions::Sqlite(SqliteStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?),
            Db::Postgres(pool) => Sessions::Postgres(PostgresStore::new(pool.clone()).with_table_name("sessions").map_err(anyhow::Error::msg)?),
        };
        match &sessions {
            Sessions::Sqlite(store) => store.migrate().await?,
            Sessions::Postgres(store) => store.migrate().await?,
        }
        Ok(sessions)
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
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
