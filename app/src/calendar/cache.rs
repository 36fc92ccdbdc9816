//! Rendered feeds kept in memory until something in them changes. Calendar apps poll every
//! feed every few minutes all day, nearly always for a feed that has not changed: with the
//! rendered text and its ETag kept, such a poll costs a hash and a map lookup (about what
//! `/healthz` costs) instead of reading every event and building the calendar again.
//!
//! When to throw an entry away is the database's `change_counters` (migration 0013): each
//! change to a table feeds are built from bumps it in the same transaction, so the new number
//! is readable only once the change is. The number is read again at most once a `RECHECK`
//! (several servers may share a PostgreSQL database: their changes show within that time),
//! and at once after any write this process made (`storage::local_writes`), so a change made
//! here is in the very next poll.
use super::store::FeedRow;
use crate::error::AppError;
use crate::storage::{self, Db};
use axum::body::Bytes;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// How long another server's change may take to reach this server's feeds.
pub const RECHECK: std::time::Duration = std::time::Duration::from_secs(1);
/// An entry is built again after this long even if nothing changed: events older than
/// `service::KEEP_CANCELLED` leave feeds with time, not with a change.
pub const MAX_AGE: Duration = Duration::hours(1);
/// Past this many bytes of kept feeds, the cache starts again empty (a coordinator's feed of a
/// thousand events is about 400 KB; a volunteer's a few KB).
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// One feed as last built.
pub struct Entry {
    pub feed: FeedRow,
    pub etag: String,
    pub last_modified: Option<DateTime<Utc>>,
    pub body: Bytes,
    version: i64,
    built_at: DateTime<Utc>,
}

#[derive(Clone, Copy)]
struct Checked {
    version: i64,
    at: Instant,
    /// `storage::local_writes()` when the version was read.
    writes: u64,
}

/// The kept feeds, by the hash of their token (the token itself is never kept).
#[derive(Default)]
pub struct FeedCache {
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: Mutex<usize>,
    checked: Mutex<Option<Checked>>,
    /// One reader of the counter at a time: the rest wait for its answer.
    reading: tokio::sync::Mutex<()>,
}

impl FeedCache {
    /// The feed with this token hash as kept, if nothing in it can have changed since, and
    /// the change counter now (what a feed built next is kept under).
    pub async fn get(&self, db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<(Option<Arc<Entry>>, i64), AppError> {
        let version = self.version(db).await?;
        let entry = self.entries.read().unwrap_or_else(|e| e.into_inner()).get(token_hash).cloned();
        Ok((entry.filter(|e| e.version == version && now - e.built_at < MAX_AGE), version))
    }

    /// Keeps a freshly built feed. `version` is the counter `get` read before the feed was
    /// loaded: a change committed in between makes the entry look older than it is, never newer.
    #[allow(clippy::too_many_arguments)]
    pub fn put(&self, token_hash: &str, feed: FeedRow, etag: String, last_modified: Option<DateTime<Utc>>, body: Bytes, version: i64, now: DateTime<Utc>) -> Arc<Entry> {
        let entry = Arc::new(Entry { feed, etag, last_modified, body, version, built_at: now });
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let mut bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        if *bytes + entry.body.len() > MAX_BYTES {
            entries.clear();
            *bytes = 0;
        }
        *bytes += entry.body.len();
        if let Some(old) = entries.insert(token_hash.to_string(), entry.clone()) {
            *bytes -= old.body.len();
        }
        entry
    }

    /// The change counter: read from the database when this process wrote since, or when
    /// the last reading is older than `RECHECK`.
    pub async fn version(&self, db: &Db) -> Result<i64, AppError> {
        if let Some(v) = self.fresh() {
            return Ok(v);
        }
        let _reading = self.reading.lock().await;
        if let Some(v) = self.fresh() {
            return Ok(v);
        }
        let writes = storage::local_writes();
        let version = super::store::change_version(db).await?;
        *self.checked.lock().unwrap_or_else(|e| e.into_inner()) = Some(Checked { version, at: Instant::now(), writes });
        Ok(version)
    }

    fn fresh(&self) -> Option<i64> {
        let checked = (*self.checked.lock().unwrap_or_else(|e| e.into_inner()))?;
        (checked.writes == storage::local_writes() && checked.at.elapsed() < RECHECK).then_some(checked.version)
    }
}
