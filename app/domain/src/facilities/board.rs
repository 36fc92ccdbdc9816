//! The "who is on now" board: a read-only page per facility for a screen at the base. A
//! screen has no account, so it is opened by a capability link, as a calendar feed is, and
//! shows only what anyone standing at the base may read: volunteers' display names, times,
//! needs met and the kit's stock. Never a supported person's label, alias or note.
use crate::time::Span;
use crate::watches::Need;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A board link as coordinators see it (its address is shown once, when made).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardLink {
    pub id: i64,
    pub made_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A shift on the board and who is signed up for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardShift {
    pub when: Span,
    pub helpers: Vec<BoardHelper>,
    /// Fewer signed up than the shift needs.
    pub short: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardHelper {
    pub name: String,
    pub lead: bool,
    pub checked_in: bool,
}

/// A release met: when, and what was handed over or is still needed. No label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardRelease {
    pub at: DateTime<Utc>,
    pub needs: Vec<Need>,
    pub still_needs: Vec<Need>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KitLine {
    pub item: String,
    pub unit: String,
    pub on_hand: i64,
    pub low: bool,
}

/// Everything the board shows, as of `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub facility: String,
    pub time_zone: String,
    pub at: DateTime<Utc>,
    pub on_now: Vec<BoardShift>,
    /// The next shifts to start (those starting at the same, earliest, time) within a day.
    pub next: Vec<BoardShift>,
    /// The latest releases met, newest first.
    pub releases: Vec<BoardRelease>,
    pub kit: Vec<KitLine>,
}

/// How many releases the board lists, and how far back it looks.
pub const BOARD_RELEASES: i64 = 8;
pub const BOARD_RELEASES_HOURS: i64 = 12;
/// How far ahead "next" looks.
pub const BOARD_NEXT_HOURS: i64 = 24;
/// How often the page refreshes itself (meta refresh without JavaScript; polling with it).
pub const BOARD_REFRESH_SECONDS: u32 = 30;
