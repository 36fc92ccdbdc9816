//! The consent shown on a person's page (coordinators only).
use super::{ConsentStatus, WroteBack};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::or_fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "people/reminders")]
pub async fn reminder_consent(person_id: i64) -> Result<Option<ConsentStatus>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::consent_of(&state.core, &actor, person_id).await)
}

/// What the person wrote back to reminders (coordinators; every read audited).
#[server(prefix = "/api", endpoint = "people/messages")]
pub async fn person_messages(person_id: i64) -> Result<Vec<WroteBack>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::messages_of(&state.core, &actor, person_id, Utc::now()).await)
}
