//! Server functions for people: role and access checked on the server, every decrypted
//! view audited (in `service`).
use super::{AuditEntry, PersonView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role,
    crate::error::{fail, or_fail},
    crate::kernel::require,
    crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "people")]
pub async fn list_people() -> Result<Vec<PersonView>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::list(&state.people_ctx(), &actor, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "people/get")]
pub async fn get_person(id: i64) -> Result<PersonView, AppError> {
    let actor = require(None)?;
    let state = app_state()?;
    match super::service::view(&state.people_ctx(), &actor, id, Utc::now()).await {
        Ok(view) => Ok(view),
        Err(err) => fail(err),
    }
}

#[server(prefix = "/api", endpoint = "people/erase")]
pub async fn erase_person(id: i64) -> Result<(), AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    match vigil_core::workflows::forget::erase(&state.people_ctx(), &actor, id, Utc::now()).await {
        Ok(()) => {
            leptos_axum::redirect(&crate::routes::done(crate::routes::PEOPLE, "erased"));
            Ok(())
        }
        Err(err) => fail(err),
    }
}

#[server(prefix = "/api", endpoint = "people/audit")]
pub async fn audit_entries() -> Result<Vec<AuditEntry>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::audit_log(&state.people_ctx(), &actor).await)
}
