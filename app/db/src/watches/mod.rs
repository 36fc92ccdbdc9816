//! SQL for watches, shifts, the release log, expected releases and call-outs. Seats are in
//! `seats`; this file only reads them to show who is on a shift.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::facilities::Facility;
use vigil_domain::watches::WatchKind;

use crate::facilities::joined as facility_of;

fn all<T>(
    rows: Vec<crate::Row>,
    f: fn(&crate::Row) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, Error> {
    rows.iter()
        .map(f)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
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
mod watch;
pub use watch::*;
mod shifts;
pub use shifts::*;
mod sign_ups;
pub use sign_ups::*;
mod releases;
pub use releases::*;
