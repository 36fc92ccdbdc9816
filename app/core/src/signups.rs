//! Sign-ups: the one seat mechanism behind watch shifts and hearings. A seat is taken in a
//! single write transaction (`vigil_db::seats`), so a burst of requests for the last seat can
//! never overbook; when the seats are gone people join a waitlist, promoted in order when a
//! seat frees. Shifts and hearings call `seats` with their own capacity and rules (cutoffs,
//! reminders, notices).
pub use vigil_db::seats;
pub use vigil_domain::signups::*;
