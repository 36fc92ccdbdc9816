//! The database: opening, tuning and migrating. All SQL lives in each domain's `store`
//! module and goes through `Db`, so a PostgreSQL backend can be added behind this type
//! without touching pages or domain logic.
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub type Db = SqlitePool;

/// Migrations are embedded in the binary and applied at start-up.
pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// Opens (creating if needed) the database at `url` and applies pending migrations.
pub async fn open(url: &str) -> Result<Db, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Deleted personal data is overwritten, not left in free pages.
        .pragma("secure_delete", "on")
        // A burst of sign-ups waits for the writer instead of failing.
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    MIGRATIONS.run(&pool).await?;
    Ok(pool)
}

pub async fn is_reachable(db: &Db) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(db).await.is_ok()
}

/// A write transaction that holds SQLite's write lock from its first statement (so two
/// requests can't both count the same free seat) and, before that, this process's write
/// gate for the database file. The gate queues writers in order: without it, writers that
/// find the lock taken sleep in SQLite's busy handler (1, 2, 5 … 100 ms) while the lock sits
/// free, which under a burst of sign-ups costs most of the throughput and all of the tail.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _gate: tokio::sync::OwnedMutexGuard<()>,
}

fn write_gate(db: &Db) -> Arc<tokio::sync::Mutex<()>> {
    static GATES: OnceLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let file = db.connect_options().get_filename().to_path_buf();
    let mut gates = GATES.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    gates.entry(file).or_default().clone()
}

pub async fn begin_write(db: &Db) -> Result<WriteTx, sqlx::Error> {
    let gate = write_gate(db).lock_owned().await;
    let tx = db.begin_with("BEGIN IMMEDIATE").await?;
    Ok(WriteTx { tx, _gate: gate })
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}
