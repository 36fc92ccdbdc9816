//! Hearing operations: plain Rust over the database and the people keyring, one file per
//! group of use cases — `coordinators` (add, move, cancel, outcome, forget), `sign_ups`
//! (accompaniers' seats), `views` (what pages show), `alerts`, and `input` (the form's
//! checks). Every change to seats or dates runs in one write transaction with the reminders
//! and notices it causes.
use self::store::{HearingRow, NewHearing};
use crate::accounts::{parse_languages, require_role, Account, Role};
use crate::facilities::{Facility, FacilityKind};
use crate::notifications::notices::{self, Notice};
use crate::notifications::reminders::{self, Reminder};
use crate::notifications::Activity;
use crate::notifications::{jobs, At, CantMake, Category, Message};
use crate::people::{self as people, Ctx, Linked};
use crate::people::{validate_field, Field, FieldValue};
use crate::signups::{before_cutoff, seats, SeatOutcome, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
/// Its SQL: `vigil_db::hearings`.
pub use vigil_db::hearings as store;
pub use vigil_domain::hearings::*;

pub mod import;
mod input;
pub use input::*;
mod views;
pub use views::*;
mod sign_ups;
pub use sign_ups::*;
mod coordinators;
pub use coordinators::*;
mod alerts;
pub use alerts::*;

pub use vigil_domain::FieldErrors;

const COURTROOM: &str = "courtroom";
const OUTCOME_NOTE: &str = "outcome_note";

fn sealed_at(hearing_id: i64, column: &'static str) -> Linked {
    Linked {
        table: store::TABLE,
        column,
        row_id: hearing_id,
    }
}
