//! Vigil's storage: the connection pool, the write path, and one store per capability. The
//! only crate with SQL in it (`make lint`'s layer test fails on SQL anywhere else).
//!
//! What it holds:
//! - `pool`, `query`, `write`: one database, SQLite (one file beside the server) or
//!   PostgreSQL (several servers), behind one query API written once for both dialects
//!   (`query/` says how they meet); write transactions and group commit (`write.rs`).
//! - A store per capability (`accounts`, `calendar`, `facilities`, `hearings`, `people`,
//!   `supplies`, `watches`), `seats` (sign-up seats for shifts and hearings alike), `jobs` (the
//!   mail queue) and `prefs` (notification preferences). A store reads and writes rows as
//!   `vigil_domain` types.
//! - `Error`: not found, conflict (as the domain's typed refusal), or a failure of ours with
//!   its cause.
//! - `files`: the data directory's permissions (the SQLite file, the outbox, key files).
//!
//! What it must not hold: rules (they are in `vigil_domain`; a store enforces only what the
//! database must hold under concurrency, such as a free seat), use cases (the app's
//! `service` modules), words for people, HTTP, Leptos or mail. Everything personal arrives
//! here sealed (`people` never sees plaintext).
mod error;
pub mod files;
mod pool;
mod query;
mod write;

pub use error::Error;
pub use pool::{
    backend_of, connect, is_reachable, migrate, open, Backend, Db, POSTGRES_MIGRATIONS,
    SQLITE_MIGRATIONS,
};
pub use query::{
    local_writes, query, query_as, query_scalar, Arg, Conn, Done, InsertRows, Query, Row, Target,
    Value,
};
/// What a conflict refuses (`Error::Conflict`): the domain's typed refusals.
pub use vigil_domain::Refusal;
pub use write::{begin_write, lock_until_commit, write_grouped, WriteFuture, WriteTx};

pub mod accounts;
pub mod attention;
pub mod board_links;
pub mod calendar;
pub mod copy;
pub mod court_reminders;
pub mod facilities;
pub mod handouts;
pub mod hearings;
pub mod jobs;
pub mod join_links;
pub mod people;
pub mod phones;
pub mod prefs;
pub mod rides;
pub mod seats;
pub mod supplies;
pub mod watches;
