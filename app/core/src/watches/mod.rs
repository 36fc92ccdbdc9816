//! Watch operations: plain Rust over the database, one file per group of use cases —
//! `planning` (watches and their shifts), `sign_ups` (seats on a shift), `call_outs`,
//! `releases` (the release log), `board` (what pages show), `print` (a shift on paper), `alerts` (understaffing) and
//! `checks` (the new-watch form's checks). Every change to seats runs in
//! one write transaction together with the reminders and notices it causes.
use self::rules::CHECK_IN_EARLY;
use self::store::{NewRelease, NewWatch, ShiftRow, WatchRow};
use crate::accounts::{require_role, Account, Role};
use crate::facilities::Facility;
use crate::notifications::notices::{self, Notice};
use crate::notifications::reminders::{self, Reminder};
use crate::notifications::Activity;
use crate::notifications::{jobs, At, Category, Message};
use crate::people::Ctx as PeopleCtx;
use crate::signups::{seats, SeatOutcome, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
/// Its SQL: `vigil_db::watches`.
pub use vigil_db::watches as store;
pub use vigil_domain::watches::*;

mod planning;
pub use planning::*;
mod sign_ups;
pub use sign_ups::*;
mod call_outs;
pub use call_outs::*;
mod board;
pub use board::*;
mod alerts;
pub use alerts::*;
mod checks;
pub use checks::*;
mod releases;
pub use releases::*;
mod print;
pub use print::*;

pub use vigil_domain::FieldErrors;
