//! The attention list's server function (coordinators; anyone else gets 403).
use super::Attention;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::or_fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "attention")]
pub async fn needs_attention() -> Result<Attention, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    or_fail(super::service::for_coordinator(&app_state()?.db, &actor, Utc::now()).await)
}
