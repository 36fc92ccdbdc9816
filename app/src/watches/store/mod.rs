//! SQL for watches, shifts, the release log, expected releases and call-outs. Seats are in
//! `signups::seats`; this file only reads them to show who is on a shift.
use super::WatchKind;
use crate::error::AppError;
use crate::facilities::Facility;
use crate::storage;
use crate::storage::Db;
use chrono::{DateTime, Utc};

use crate::facilities::store::joined as facility_of;

fn all<T>(
    rows: Vec<storage::Row>,
    f: fn(&storage::Row) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, AppError> {
    rows.iter()
        .map(f)
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

macro_rules! shift_columns {
    () => {
        "sh.id, sh.watch_id, sh.starts_at, sh.ends_at, sh.min_volunteers, sh.max_volunteers, sh.needs_lead, sh.status,
       f.id AS f_id, f.name AS f_name, f.kind AS f_kind, f.address AS f_address, f.time_zone AS f_tz, f.notes AS f_notes"
    };
}
macro_rules! shift_tables {
    () => {
        "shifts sh JOIN watches w ON w.id = sh.watch_id JOIN facilities f ON f.id = w.facility_id"
    };
}
const SHIFT_SELECT: &str = concat!("SELECT ", shift_columns!(), " FROM ", shift_tables!());

// After the macros above: a macro is in scope only below its definition.
mod watches;
pub use watches::*;
mod shifts;
pub use shifts::*;
mod sign_ups;
pub use sign_ups::*;
mod releases;
pub use releases::*;
