//! Server functions for facilities. Anyone signed in may read them (volunteers need the
//! notes); only coordinators change them (in `forms`).
use super::Facility;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::error::{fail, or_fail},
    crate::kernel::require,
    crate::state::app_state,
};

#[server(prefix = "/api", endpoint = "facilities")]
pub async fn list_facilities() -> Result<Vec<Facility>, AppError> {
    require(None)?;
    or_fail(super::service::list(&app_state()?.db).await)
}

#[server(prefix = "/api", endpoint = "facilities/get")]
pub async fn get_facility(id: i64) -> Result<Facility, AppError> {
    require(None)?;
    match super::service::get(&app_state()?.db, id).await {
        Ok(f) => Ok(f),
        Err(err) => fail(err),
    }
}
