//! Sign-ups: the one seat mechanism behind watch shifts, hearings and rides. A seat is taken in a
//! single write transaction, so a burst of requests for the last seat can never overbook;
//! when the seats are gone people join a waitlist, promoted in order when a seat frees.
use serde::{Deserialize, Serialize};

/// Why a seat could not be taken: *what* went wrong, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    SlotCancelled,
    /// A coordinator took this person off; only a coordinator puts them back.
    RemovedByCoordinator,
}

/// People may leave a shift or hearing on their own until this long before it starts; later
/// they tell the coordinators they can't come, and a coordinator takes them off.
pub const DROP_CUTOFF: chrono::Duration = chrono::Duration::hours(3);

pub fn before_cutoff(
    start: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    now < start - DROP_CUTOFF
}

/// What a seat is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlotKind {
    Shift,
    Hearing,
    /// A ride's drivers.
    Ride,
}

impl SlotKind {
    pub fn key(self) -> &'static str {
        match self {
            SlotKind::Shift => "shift",
            SlotKind::Hearing => "hearing",
            SlotKind::Ride => "ride",
        }
    }
}

/// A shift or hearing, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub kind: SlotKind,
    pub id: i64,
}

impl Slot {
    pub fn shift(id: i64) -> Slot {
        Slot {
            kind: SlotKind::Shift,
            id,
        }
    }
    pub fn hearing(id: i64) -> Slot {
        Slot {
            kind: SlotKind::Hearing,
            id,
        }
    }
    pub fn ride(id: i64) -> Slot {
        Slot {
            kind: SlotKind::Ride,
            id,
        }
    }
    /// The job-queue entity of this slot (its reminders and notices follow it).
    pub fn entity(self) -> String {
        format!("{}:{}", self.kind.key(), self.id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatStatus {
    SignedUp,
    Waitlisted,
    Dropped,
    /// Taken off by a coordinator: only a coordinator can add them back.
    Removed,
    NoShow,
}

impl SeatStatus {
    pub fn key(self) -> &'static str {
        match self {
            SeatStatus::SignedUp => "signed_up",
            SeatStatus::Waitlisted => "waitlisted",
            SeatStatus::Dropped => "dropped",
            SeatStatus::Removed => "removed",
            SeatStatus::NoShow => "no_show",
        }
    }
    pub fn from_key(key: &str) -> Option<SeatStatus> {
        [
            SeatStatus::SignedUp,
            SeatStatus::Waitlisted,
            SeatStatus::Dropped,
            SeatStatus::Removed,
            SeatStatus::NoShow,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// What asking for a seat did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatOutcome {
    SignedUp,
    /// Full: on the waitlist (the slot's page shows the place in line).
    Waitlisted,
    AlreadySignedUp,
    AlreadyWaitlisted,
}
