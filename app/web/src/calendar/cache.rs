//! Rendered feeds kept in memory until something in them changes. Calendar apps poll every
//! feed every few minutes all day, nearly always for a feed that has not changed: with the
//! rendered text and its ETag kept, such a poll costs a hash and a map lookup (about what
//! `/healthz` costs) instead of reading every event and building the calendar again.
//!
//! When to throw an entry away is the database's change number (migration 0013): each change
//! to a table feeds are built from moves it as its transaction commits (on SQLite in the same
//! transaction; on PostgreSQL from a sequence, a moment before the commit is visible, which
//! `GRACE` covers). The number is read again at most once a `RECHECK` (several servers may
//! share a PostgreSQL database: their changes show within that time), and at once after any
//! write this process made (`service::local_writes`), so a change made here is in the very
//! next poll.
use super::service::{self, FeedRow};
use crate::error::AppError;
use axum::body::Bytes;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use vigil_core::Db;

/// How long another server's change may take to reach this server's feeds.
pub const RECHECK: std::time::Duration = std::time::Duration::from_secs(1);
/// An entry is built again after this long even if nothing changed: events older than
/// `service::KEEP_CANCELLED` leave feeds with time, not with a change.
pub const MAX_AGE: Duration = Duration::hours(1);
/// A feed built within this long of its change number first being seen may have been read
/// just before that change became visible (PostgreSQL's number moves a moment before the
/// commit does): it is served, and built once more after this long.
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(2);
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
    /// Built at least `GRACE` after its change number was first seen: nothing committed
    /// before that number can be missing from it.
    settled: bool,
}

#[derive(Clone, Copy)]
struct Checked {
    version: i64,
    at: Instant,
    /// When this process first saw `version`.
    since: Instant,
    /// `service::local_writes()` when the version was read.
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
    pub async fn get(
        &self,
        db: &Db,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(Option<Arc<Entry>>, i64), AppError> {
        let (version, settled) = self.version(db).await?;
        let entry = self
            .entries
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(token_hash)
            .cloned();
        let usable = |e: &Arc<Entry>| {
            e.version == version && now - e.built_at < MAX_AGE && (e.settled || !settled)
        };
        Ok((entry.filter(usable), version))
    }

    /// Keeps a freshly built feed. `version` is the counter `get` read before the feed was
    /// loaded: a change committed in between makes the entry look older than it is, never newer.
    #[allow(clippy::too_many_arguments)]
    pub fn put(
        &self,
        token_hash: &str,
        feed: FeedRow,
        etag: String,
        last_modified: Option<DateTime<Utc>>,
        body: Bytes,
        version: i64,
        now: DateTime<Utc>,
    ) -> Arc<Entry> {
        let settled = self
            .checked()
            .is_some_and(|c| c.version == version && c.since.elapsed() >= GRACE);
        let entry = Arc::new(Entry {
            feed,
            etag,
            last_modified,
            body,
            version,
            built_at: now,
            settled,
        });
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

    /// The change number, and whether it has been the same for `GRACE`: read from the
    /// database when this process wrote since, or when the last reading is older than `RECHECK`.
    async fn version(&self, db: &Db) -> Result<(i64, bool), AppError> {
        if let Some(c) = self.fresh() {
            return Ok((c.version, c.since.elapsed() >= GRACE));
        }
        let _reading = self.reading.lock().await;
        if let Some(c) = self.fresh() {
            return Ok((c.version, c.since.elapsed() >= GRACE));
        }
        let writes = service::local_writes();
        let version = service::change_version(db).await?;
        let now = Instant::now();
        let since = self
            .checked()
            .filter(|c| c.version == version)
            .map_or(now, |c| c.since);
        *self.checked.lock().unwrap_or_else(|e| e.into_inner()) = Some(Checked {
            version,
            at: now,
            since,
            writes,
        });
        Ok((version, since.elapsed() >= GRACE))
    }

    fn checked(&self) -> Option<Checked> {
        *self.checked.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fresh(&self) -> Option<Checked> {
        self.checked()
            .filter(|c| c.writes == service::local_writes() && c.at.elapsed() < RECHECK)
    }
}
