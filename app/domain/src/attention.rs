//! "Needs attention": what a coordinator has to do now, from live data, most urgent first.
//! Each kind of problem is one section, each line a link to where it is fixed. Nothing here
//! names a supported person: hearings show their court and time, releases their time and
//! what was still needed, and the people about to be forgotten are a count.
use crate::hearings::HearingKind;
use crate::supplies::StockLine;
use crate::time::Span;
use crate::watches::{Need, ShiftFlag};
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// How far ahead each section looks, and how far back for releases.
pub const SHIFTS_AHEAD: Duration = Duration::hours(24);
pub const HEARINGS_AHEAD: Duration = Duration::days(7);
pub const RELEASES_BACK: Duration = Duration::hours(12);
pub const FORGETTING_AHEAD: Duration = Duration::days(7);
/// Rides asked for or without a driver, this far ahead.
pub const RIDES_AHEAD: Duration = Duration::days(2);

/// The coordinator's home page list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    /// Shifts in the next 24 hours that break a rule, soonest first.
    pub shifts: Vec<ShiftAlert>,
    /// Call-outs not yet filled, for shifts that haven't ended.
    pub call_outs: Vec<CallOutAlert>,
    /// Releases in the last 12 hours with something still needed, newest first.
    pub releases: Vec<ReleaseAlert>,
    /// Rides asked for by text and not yet opened, or open and without a driver.
    pub rides: Vec<RideAlert>,
    /// Hearings in the next 7 days short of accompaniers or not yet reconfirmed after a move.
    pub hearings: Vec<HearingAlert>,
    /// Stock lines running low or needing a count.
    pub supplies: Vec<StockLine>,
    /// Messages the queue gave up on (mail, texts).
    pub failed_deliveries: i64,
    /// People due to be forgotten in the next 7 days (a count: never names here).
    pub forgetting_soon: i64,
}

impl Attention {
    /// Nothing anywhere: the page says so once, plainly.
    pub fn is_clear(&self) -> bool {
        self.shifts.is_empty()
            && self.call_outs.is_empty()
            && self.releases.is_empty()
            && self.rides.is_empty()
            && self.hearings.is_empty()
            && self.supplies.is_empty()
            && self.failed_deliveries == 0
            && self.forgetting_soon == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftAlert {
    pub shift_id: i64,
    pub facility: String,
    pub when: Span,
    pub signed_up: i64,
    pub min_volunteers: i64,
    /// Never empty: a shift with no broken rule isn't listed.
    pub flags: Vec<ShiftFlag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallOutAlert {
    pub call_out_id: i64,
    pub facility: String,
    pub when: Span,
    pub needed: i64,
    pub accepted: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseAlert {
    pub release_id: i64,
    pub watch_id: i64,
    pub facility: String,
    /// When they came out (no end).
    pub at: Span,
    pub still_needs: Vec<Need>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideAlert {
    pub ride_id: i64,
    /// Where the ride goes to (a court) or from (a jail).
    pub place: String,
    pub when: Span,
    /// Asked for by the person's text: a coordinator fills it in and opens it.
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingAlert {
    pub hearing_id: i64,
    pub court: String,
    pub kind: HearingKind,
    pub when: Span,
    pub signed_up: i64,
    pub wanted: i64,
    /// Accompaniers who haven't said they can still come since it moved.
    pub unconfirmed: i64,
}

impl HearingAlert {
    pub fn short(&self) -> bool {
        self.signed_up < self.wanted
    }
}
