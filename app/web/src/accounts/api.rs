//! Server functions for accounts: thin adapters that check the caller's role on the server
//! and call `service`. A caller without the role gets 403 and nothing changes.
use super::{Qualification, TeamMember};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::Role,
    crate::error::{fail, or_fail},
    crate::kernel::{back_to, require},
    crate::state::app_state,
    chrono::Utc,
};

/// What a link in an email is for; `Err` says why it can't be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKind {
    SignIn,
    Invitation,
    Setup,
    EmailChange,
}

#[server(prefix = "/api", endpoint = "link-status")]
pub async fn link_status(token: String) -> Result<LinkKind, AppError> {
    use super::TokenPurpose;
    let state = app_state()?;
    let now = Utc::now();
    match super::service::check_link(&state.db, &token, now).await {
        Ok(TokenPurpose::SignIn) => Ok(LinkKind::SignIn),
        Ok(TokenPurpose::Invite) => Ok(LinkKind::Invitation),
        Ok(TokenPurpose::EmailChange) => Ok(LinkKind::EmailChange),
        Ok(TokenPurpose::Setup) => {
            match super::service::check_setup_link(&state.db, &token, now).await {
                Ok(()) => Ok(LinkKind::Setup),
                Err(err) => fail(err),
            }
        }
        Err(err) => fail(err),
    }
}

#[server(prefix = "/api", endpoint = "team")]
pub async fn list_team() -> Result<Vec<TeamMember>, AppError> {
    let by = require(Some(Role::Coordinator))?;
    or_fail(super::service::team(&app_state()?.db, &by).await)
}

/// The language new invitations are written in, unless the coordinator names another.
#[server(prefix = "/api", endpoint = "team/language")]
pub async fn group_language() -> Result<String, AppError> {
    require(Some(Role::Coordinator))?;
    or_fail(super::service::group_language(&app_state()?.db).await)
}

#[server(prefix = "/api", endpoint = "accounts/set-active")]
pub async fn set_account_active(id: i64, active: bool) -> Result<(), AppError> {
    let by = require(Some(Role::Coordinator))?;
    match super::service::set_active(&app_state()?.db, &by, id, active, Utc::now()).await {
        Ok(()) => {
            back_to(crate::routes::TEAM);
            Ok(())
        }
        Err(err) => fail(err),
    }
}

/// Grants or withdraws a qualification: "trained lead" (watch shifts want one) or "can drive".
#[server(prefix = "/api", endpoint = "accounts/qualify")]
pub async fn set_qualification(id: i64, which: Qualification, on: bool) -> Result<(), AppError> {
    let by = require(Some(Role::Coordinator))?;
    let db = &app_state()?.db;
    match super::service::set_qualification(db, &by, id, which, on, Utc::now()).await {
        Ok(()) => {
            back_to(crate::routes::TEAM);
            Ok(())
        }
        Err(err) => fail(err),
    }
}
