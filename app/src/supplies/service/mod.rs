//! Supplies operations: who may do what, and each change in one write transaction (so two
//! volunteers tapping at once both count, and a count is checked against the stock it sees).
//! `tally` is the volunteers' tap screen, `stock` the coordinators' items and entries,
//! `report` the report, CSV and digest lines.
use super::ledger::{self, EntryInput, FieldErrors, LocationRef};
use super::store::{self, EntryRow, NewEntry};
use super::{
    Bar, ItemCategory, Refusal, StockLine, StockPage, SupplyReport, Tally, TallyLine, Tap,
};
use crate::accounts::{require_role, Account, Role};
use crate::error::AppError;
use crate::notifications::notices::{self, Notice};
use crate::notifications::{Category, Message};
use crate::signups::{seats, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use crate::watches::rules::CHECK_IN_EARLY;
use crate::watches::store::ShiftRow;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

mod tally;
pub use tally::*;
mod stock;
pub use stock::*;
mod report;
pub use report::*;

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        for formula in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            " =HYPERLINK(\"x\")",
            "\t=1",
            "\r\n+1",
            "\u{a0}@x",
            "   -2+3",
            "\n=cmd",
        ] {
            assert!(cell(formula).starts_with('\''), "{formula:?} is escaped");
        }
        for plain in ["water", "Transit card", "a=b", "3 jackets", ""] {
            assert_eq!(cell(plain), plain, "{plain:?} is left as it is");
        }
    }
}
