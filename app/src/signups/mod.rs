//! Sign-ups: the one seat mechanism behind watch shifts and hearings. A seat is taken in a
//! single write transaction, so a burst of requests for the last seat can never overbook;
//! when the seats are gone people join a waitlist, promoted in order when a seat frees.
//!
//! Shifts and hearings call `seats` with their own capacity and rules (cutoffs, reminders,
//! notices). One thing here does know shifts: a shift's seats are counted against its
//! `max_volunteers` and refused once it is cancelled, read in the same statement as the seat
//! (a hearing passes its capacity in).
//!
//! The types and rules are in `vigil_domain::signups` (re-exported here).
pub use vigil_domain::signups::*;

#[cfg(feature = "ssr")]
pub use vigil_db::seats;
