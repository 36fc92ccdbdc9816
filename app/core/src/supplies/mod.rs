//! Supplies operations: who may do what, and each change in one write transaction (so two
//! volunteers tapping at once both count, and a count is checked against the stock it sees).
//! `tally` is the volunteers' tap screen, `stock` the coordinators' items and entries,
//! `report` the report, CSV and digest lines.
use self::ledger::{EntryInput, FieldErrors, LocationRef};
pub use self::store::EntryRow;
use self::store::NewEntry;
use crate::accounts::{require_role, Account, Role};
use crate::notifications::notices::{self, Notice};
use crate::notifications::{Category, Message};
use crate::signups::{seats, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use crate::watches::rules::CHECK_IN_EARLY;
use crate::Failure;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};
/// The SQL of handouts at hearings.
use vigil_db::handouts;
/// Its SQL: `vigil_db::supplies`.
pub use vigil_db::supplies as store;
pub use vigil_domain::supplies::*;

mod tally;
pub use tally::*;
mod stock;
pub use stock::*;
mod report;
pub use report::*;
