//! The database: opening, tuning and migrating. All SQL lives in each domain's `store`
//! module and goes through `Db`, so a PostgreSQL backend can be added behind this type
//! without touching pages or domain logic.
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
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
