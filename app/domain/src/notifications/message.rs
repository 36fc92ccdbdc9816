//! What Vigil tells a person by mail, as data: which change or alert, and the facts it
//! needs. The words are chosen when the mail is sent (the app's `notifications::words`), so
//! they can be in the recipient's language and the use cases hold no text. A message names
//! a facility's public name, a local time and volunteers' display names: never anything
//! about a supported person (no name, case, courtroom or judge).
use crate::supplies::StockLine;
use crate::watches::ShiftFlag;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where and when a shift or hearing is: the facility's public name and time zone (times
/// are shown local to it), and its start; a shift also has an end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct At {
    pub place: String,
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
    /// A shift's end; `None` for a hearing (a moment, not a span).
    pub ends_at: Option<DateTime<Utc>>,
}

/// Why a shift was cancelled (its volunteers are told).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftCancelled {
    /// A coordinator closed the watch early.
    WatchClosed,
}

/// What an accompanier told the coordinators about a hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CantMake {
    /// They can't come after all.
    CantCome,
    /// The hearing moved and they can't make the new time.
    NewTime,
    /// Their account was deactivated, so their place is free.
    Deactivated,
}

/// What a reminder is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Shift,
    Hearing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Message {
    /// A shift or hearing this person is on starts in `hours`.
    Reminder {
        activity: Activity,
        hours: u32,
        at: At,
    },
    /// A seat on a shift opened and this volunteer, first on the waitlist, has it.
    ShiftFromWaitlist {
        at: At,
    },
    /// A coordinator put this volunteer on a shift.
    ShiftAssigned {
        at: At,
    },
    /// A coordinator took this volunteer off a shift.
    ShiftTakenOff {
        at: At,
    },
    ShiftCancelled {
        at: At,
        why: ShiftCancelled,
    },
    /// To coordinators: a volunteer said, after the cutoff, that they can't come.
    VolunteerCantCome {
        volunteer: String,
        at: At,
    },
    /// To coordinators: a volunteer's account was deactivated and their seat freed.
    SeatFreed {
        volunteer: String,
        at: At,
    },
    /// To coordinators: a shift has fewer than its minimum.
    ShiftUnderstaffed {
        at: At,
        signed_up: i64,
        needed: i64,
    },
    /// To volunteers who take urgent call-outs: people needed at a shift now. `started`:
    /// the shift had begun when the call went out ("now" rather than "from …").
    CallOut {
        at: At,
        needed: i64,
        started: bool,
    },
    /// A place on a hearing opened and this accompanier, first on the waitlist, has it.
    HearingFromWaitlist {
        at: At,
    },
    /// A hearing this accompanier is on (or waiting for) moved.
    HearingMoved {
        from: At,
        to: At,
        waitlisted: bool,
    },
    HearingCancelled {
        at: At,
    },
    /// To coordinators: an accompanier can't make a hearing.
    AccompanierCant {
        accompanier: String,
        at: At,
        why: CantMake,
    },
    /// To coordinators: a hearing has fewer accompaniers than it wants.
    HearingUnderstaffed {
        at: At,
        taken: i64,
        wanted: i64,
    },
    /// To coordinators: an item fell below its alert at a location.
    SuppliesLow {
        location: String,
        item: String,
        unit: String,
        left: i64,
        low_below: i64,
    },
    /// To coordinators, once a week: the coming week's coverage and the supplies to see to.
    WeeklyDigest(Digest),
    /// To coordinators: a person we support wrote back to a court-date reminder. What they
    /// wrote is on their page (sealed), never in the notice.
    PersonWroteBack,
    /// To coordinators: a person we support texted RIDE; a draft ride waits on their page.
    RideRequested,
    /// To coordinators: a driver took a ride.
    RideTaken {
        driver: String,
        at: At,
    },
    /// To a ride's driver: it was called off (or its person forgotten).
    RideCancelled {
        at: At,
    },
}

/// The weekly digest's facts: how many shifts, which need attention, how many more
/// volunteers every shift's minimum wants, and the stock running low or needing a count.
/// (The mail lists the first few of each.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub shifts: usize,
    pub flagged: Vec<FlaggedShift>,
    pub seats_open: i64,
    pub supplies: Vec<StockLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedShift {
    pub at: At,
    pub signed_up: i64,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub flags: Vec<ShiftFlag>,
}
