//! Release watches: volunteers outside a facility in shifts, waiting for people to be
//! released. A watch is standing (a regular rota) or a surge (after a mass arrest, open-ended
//! until a coordinator closes it). Sign-ups use the shared seat mechanism in `signups`.
pub mod input;
mod refusal;
pub mod rules;
pub use refusal::Refusal;

use crate::signups::SeatStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WatchKind {
    Standing,
    Surge,
}

impl WatchKind {
    pub fn key(self) -> &'static str {
        match self {
            WatchKind::Standing => "standing",
            WatchKind::Surge => "surge",
        }
    }
    pub fn from_key(key: &str) -> Option<WatchKind> {
        [WatchKind::Standing, WatchKind::Surge]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// What a coordinator sees of a watch in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchSummary {
    pub id: i64,
    pub facility_id: i64,
    pub facility_name: String,
    pub kind: WatchKind,
    /// From its start to its end (`None`: open until a coordinator closes it).
    pub when: crate::time::Span,
    /// When a coordinator closed it, if they did.
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub open_ended: bool,
    pub closed: bool,
    pub slot_hours: Option<i64>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
}

/// Why a shift needs a coordinator's eye.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShiftFlag {
    /// Fewer than the minimum signed up.
    Understaffed,
    /// The shift wants a trained lead and has none.
    NoLead,
    /// Exactly one person: no one stands outside a jail alone.
    Alone,
    /// Someone signed up said, after the cutoff, that they can't come.
    CantCome,
}

impl ShiftFlag {
    pub fn class(self) -> &'static str {
        match self {
            ShiftFlag::Understaffed => "flag flag-understaffed",
            ShiftFlag::NoLead => "flag flag-lead",
            ShiftFlag::Alone => "flag flag-alone",
            ShiftFlag::CantCome => "flag flag-cant",
        }
    }
}

/// Someone on a shift, as their teammates see them: a display name, no email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Helper {
    pub account_id: i64,
    pub name: String,
    pub lead: bool,
    pub checked_in: bool,
    pub cant_come: bool,
    /// Confirmed by replying to a reminder ("C").
    pub confirmed: bool,
}

/// Where a shift is in time, from the viewer's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShiftTime {
    Upcoming,
    /// From shortly before the start until the end: check-in time.
    Now,
    Past,
}

/// One shift as a page shows it, from the viewer's point of view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftCard {
    pub id: i64,
    pub watch_id: i64,
    pub facility_id: i64,
    pub facility_name: String,
    pub facility_address: String,
    pub facility_notes: String,
    pub when: crate::time::Span,
    /// The local date of the start, "2026-11-24".
    pub day: String,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
    pub signed_up: Vec<Helper>,
    pub waitlisted: i64,
    pub flags: Vec<ShiftFlag>,
    pub time: ShiftTime,
    pub cancelled: bool,
    /// The viewer's seat, if any.
    pub my_status: Option<SeatStatus>,
    pub my_waitlist_place: Option<i64>,
    pub my_checked_in: bool,
    pub my_checked_out: bool,
    pub my_cant_come: bool,
    /// The viewer may still drop without a coordinator.
    pub before_cutoff: bool,
}

impl ShiftCard {
    pub fn free_seats(&self) -> i64 {
        (self.max_volunteers - self.signed_up.len() as i64).max(0)
    }
    pub fn path(&self) -> String {
        format!("/shifts/{}", self.id)
    }
}

/// Needs met at a release: what restocking and reports count. Never who received them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Need {
    Clothes,
    Fare,
    Phone,
    Ride,
    FoodWater,
    Other,
}

impl Need {
    pub const ALL: [Need; 6] = [
        Need::Clothes,
        Need::Fare,
        Need::Phone,
        Need::Ride,
        Need::FoodWater,
        Need::Other,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Need::Clothes => "clothes",
            Need::Fare => "fare",
            Need::Phone => "phone",
            Need::Ride => "ride",
            Need::FoodWater => "food_water",
            Need::Other => "other",
        }
    }
    pub fn from_key(key: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.key() == key)
    }
    /// Needs as the release log stores them: comma-separated keys (unknown ones skipped).
    pub fn list(keys: &str) -> Vec<Need> {
        keys.split(',').filter_map(Need::from_key).collect()
    }
}

/// One release met, as the log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseEntry {
    pub id: i64,
    /// When the person came out, and the facility's time zone.
    pub at: chrono::DateTime<chrono::Utc>,
    pub time_zone: String,
    /// The pseudonymous label, or the person's alias for viewers allowed to see it; empty
    /// when there is neither (or the viewer may not see the alias).
    pub label: String,
    /// For a person on the expected list (whose alias the viewer may or may not see).
    pub expected: bool,
    pub needs: Vec<Need>,
    /// What they still needed when logged, until a coordinator marks it sorted.
    pub still_needs: Vec<Need>,
    pub handoff_note: String,
    pub logged_by: String,
}

/// A supported person expected out, for someone allowed to see their alias now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedPerson {
    pub person_id: i64,
    pub alias: String,
    pub released: bool,
}

/// A shift on paper, for the clipboard at the gate: the card (who is on, the facility's
/// notes) and, only when the coordinator asks for it, the aliases expected out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftSheet {
    pub card: ShiftCard,
    /// `None` unless asked for; aliases only, never a name or a note.
    pub expected: Option<Vec<String>>,
}

/// A night's coverage on paper: every shift starting that local day, in time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NightSheet {
    /// "2026-11-24".
    pub night: String,
    pub shifts: Vec<ShiftCard>,
    /// `None` unless asked for: per facility, the aliases expected out. Never a name or note.
    pub expected: Option<Vec<(String, Vec<String>)>>,
}

/// Everything the watch page shows, cut to what the viewer may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchDetail {
    pub watch: WatchSummary,
    pub facility_notes: String,
    pub facility_address: String,
    pub shifts: Vec<ShiftCard>,
    /// `None` when the viewer is neither a coordinator nor on one of the watch's shifts.
    pub log: Option<Vec<ReleaseEntry>>,
    /// The viewer is on a shift now (or a coordinator): may log releases.
    pub can_log: bool,
    /// The shift the viewer is on now, if any (releases are logged against it).
    pub current_shift: Option<i64>,
    /// Coordinators always; helpers only while on shift.
    pub expected: Vec<ExpectedPerson>,
    pub coordinator: bool,
    /// Coordinators: `(person id, alias)` of everyone who could be added as expected.
    pub people_options: Vec<(i64, String)>,
    /// "Now" in the facility's zone, for the release form's default time.
    pub now_local: String,
}

/// One page of open shifts (a cheap phone shouldn't load hundreds of them at once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenShiftsPage {
    pub shifts: Vec<ShiftCard>,
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub total: usize,
}

/// Open shifts per page.
pub const OPEN_SHIFTS_PER_PAGE: usize = 40;

/// The coordinators' coverage board: the next seven days, flagged shifts first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageBoard {
    pub shifts: Vec<ShiftCard>,
    /// Active volunteers a coordinator can assign: `(id, name)`.
    pub volunteers: Vec<(i64, String)>,
}

/// An urgent call-out, as the person answering it sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallOutView {
    pub id: i64,
    pub shift: ShiftCard,
    pub needed: i64,
    pub accepted: i64,
}
