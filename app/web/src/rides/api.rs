//! Server functions for rides: each checks the caller on the server (a member who can't
//! see rides gets 403) and returns cards already cut to them.
use super::{PersonRides, RideCard};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::or_fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

/// Open rides ahead (drivers and coordinators).
#[server(prefix = "/api", endpoint = "rides")]
pub async fn open_rides() -> Result<Vec<RideCard>, AppError> {
    let actor = require(None)?;
    or_fail(super::service::open_rides(&app_state()?.core, &actor, Utc::now()).await)
}

/// The rides the caller drives.
#[server(prefix = "/api", endpoint = "rides/mine")]
pub async fn my_rides() -> Result<Vec<RideCard>, AppError> {
    let actor = require(None)?;
    or_fail(super::service::my_rides(&app_state()?.core, &actor, Utc::now()).await)
}

/// The coverage board's rides (coordinators).
#[server(prefix = "/api", endpoint = "rides/board")]
pub async fn board_rides() -> Result<Vec<RideCard>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    or_fail(super::service::board(&app_state()?.core, &actor, Utc::now()).await)
}

/// A person's rides, pickups opened and audited (coordinators).
#[server(prefix = "/api", endpoint = "people/rides")]
pub async fn rides_of_person(person_id: i64) -> Result<PersonRides, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::person_rides(&state.core, &actor, person_id, Utc::now()).await)
}
