//! Server functions for accounts: thin adapters that check the caller's role on the server
//! and call `service`. A caller without the role gets 403 and nothing changes.
use super::Account;
use crate::error::AppError;
use crate::forms::FormEcho;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {super::Role, crate::error::fail, crate::state::app_state, chrono::Utc};

/// What every page needs: who is signed in, and the echo of a rejected form, if any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContext {
    pub account: Option<Account>,
    pub echo: Option<FormEcho>,
}

/// The caller's account if signed in and holding `role` (any role when `None`).
#[cfg(feature = "ssr")]
pub fn require(role: Option<Role>) -> Result<Account, AppError> {
    match super::session::current_account() {
        None => fail(AppError::NotSignedIn),
        Some(account) if role.is_none_or(|r| account.has_role(r)) => Ok(account),
        Some(account) => {
            tracing::warn!(account = account.id, ?role, "refused: missing role");
            fail(AppError::Forbidden)
        }
    }
}

/// After a plain form POST (JavaScript off), send the browser back to `path`. Vigil sends no
/// Referer (Referrer-Policy: no-referrer), so the default "back to the referrer" can't work.
#[cfg(feature = "ssr")]
pub(crate) fn back_to(path: &str) {
    let plain_form = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if plain_form {
        leptos_axum::redirect(path);
    }
}

#[server(prefix = "/api", endpoint = "page-context")]
pub async fn load_page() -> Result<PageContext, AppError> {
    Ok(PageContext {
        account: super::session::current_account(),
        echo: use_context::<FormEcho>(),
    })
}

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
    use super::store::TokenPurpose;
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
pub async fn list_team() -> Result<Vec<Account>, AppError> {
    require(Some(Role::Coordinator))?;
    super::store::list(&app_state()?.db).await
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

/// Grants or withdraws the "trained lead" qualification (watch shifts want one lead).
#[server(prefix = "/api", endpoint = "accounts/set-lead")]
pub async fn set_trained_lead(id: i64, lead: bool) -> Result<(), AppError> {
    let by = require(Some(Role::Coordinator))?;
    if !super::store::set_trained_lead(&app_state()?.db, id, lead, Utc::now()).await? {
        return fail(AppError::NotFound);
    }
    tracing::info!(account = id, by = by.id, lead, "trained lead changed");
    back_to(crate::routes::TEAM);
    Ok(())
}
