//! The connection pool: SQLite (the default, one file beside the server) or PostgreSQL (for
//! several Vigil servers sharing one database), chosen by the URL's scheme, and the
//! migrations for each.
use crate::{query_scalar, Conn, Error};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// A pool of connections to the one database of this deployment.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Migrations are embedded in the binary and applied at start-up, one folder per backend
/// with the same versions: the schemas differ in types (`BOOLEAN`, `TIMESTAMPTZ`, identity
/// columns), not in tables or columns.
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("../../migrations/postgres");

pub fn backend_of(url: &str) -> Backend {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// Opens the database at `url` (creating an SQLite file if needed) and applies pending
/// migrations.
pub async fn open(url: &str) -> Result<Db, sqlx::Error> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}

/// Opens the database without migrating it (`copy-db` checks the target first).
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    match backend_of(url) {
        Backend::Postgres => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                // A burst of sign-ups waits for a connection rather than failing.
                .acquire_timeout(Duration::from_secs(60))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        }
        Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(url)?;
            let file = options.get_filename();
            if file.as_os_str() != ":memory:" && !file.as_os_str().is_empty() {
                crate::files::prepare_sqlite(file)
                    .map_err(|e| sqlx::Error::Configuration(e.into()))?;
            }
            let options = options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // Deleted personal data is overwritten, not left in free pages.
                .pragma("secure_delete", "on")
                // A burst of sign-ups waits for the writer instead of failing.
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // A file on this machine can't drop a connection; the default ping on every
                // acquire costs a round trip to the connection's thread, one per statement.
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        }
    }
}

pub async fn migrate(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
        Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    Ok(())
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// One connection from the pool, for several reads in a row.
    pub async fn acquire(&self) -> Result<Conn, Error> {
        Ok(match self {
            Db::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

pub async fn is_reachable(db: &Db) -> bool {
    query_scalar::<i64>("SELECT CAST(1 AS BIGINT)")
        .fetch_one(db)
        .await
        .is_ok()
}
