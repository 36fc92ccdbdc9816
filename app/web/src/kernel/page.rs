//! What every page needs (who is signed in, a rejected form's echo) and the checks every
//! server function makes (`require`), used alike by every capability, accounts included.
use crate::accounts::Account;
use crate::error::AppError;
use crate::forms::FormEcho;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {crate::accounts::session::current_account, crate::accounts::Role, crate::error::fail};

/// What every page needs: who is signed in, and the echo of a rejected form, if any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContext {
    pub account: Option<Account>,
    pub echo: Option<FormEcho>,
}

/// The caller's account if signed in and holding `role` (any role when `None`).
#[cfg(feature = "ssr")]
pub fn require(role: Option<Role>) -> Result<Account, AppError> {
    match current_account() {
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
pub fn back_to(path: &str) {
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
        account: current_account(),
        echo: use_context::<FormEcho>(),
    })
}
