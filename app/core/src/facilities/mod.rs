//! Facility use cases: anyone signed in reads the places the group works (volunteers need
//! the notes); coordinators add and edit them.
use crate::accounts::{require_role, Account, Role};
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Utc};
/// Its SQL: `vigil_db::facilities`.
pub use vigil_db::facilities as store;
pub use vigil_domain::facilities::*;
use vigil_domain::FieldErrors;

pub mod board;

pub async fn list(db: &Db) -> Result<Vec<Facility>, Failure> {
    Ok(store::list(db).await?)
}

/// The facility, if there is one with this id (a form's choice may name none).
pub async fn find(db: &Db, id: i64) -> Result<Option<Facility>, Failure> {
    Ok(store::get(db, id).await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Facility, Failure> {
    find(db, id).await?.ok_or(Failure::NotFound)
}

/// A coordinator adds a facility: its id, or the fields to fix.
pub async fn create(
    db: &Db,
    actor: &Account,
    form: &FacilityForm,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let input = match form.validate() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(Ok(store::insert(db, &input, now).await?))
}

/// A coordinator edits a facility. A new time zone moves the local day of its shifts (the
/// day pages group them by), so those are worked out again.
pub async fn update(
    db: &Db,
    actor: &Account,
    id: i64,
    form: &FacilityForm,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let input = match form.validate() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    // A failed read must not pass for "the zone is unchanged": it is an error, not `None`.
    let old_zone = store::get(db, id).await?.map(|f| f.time_zone);
    if !store::update(db, id, &input, now).await? {
        return Err(Failure::NotFound);
    }
    if old_zone.as_deref() != Some(input.time_zone.as_str()) {
        crate::watches::time_zone_changed(db, id).await?;
    }
    Ok(Ok(()))
}
