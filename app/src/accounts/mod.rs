//! Accounts: roles, invitations, magic-link sign-in, sessions and profiles.
//!
//! `pages` renders, `api` holds the server functions, and the
//! server-only parts (`store` for SQL, `service` for the rules, `tokens`, `session`, `mail`,
//! `forms` for the no-JavaScript POST handlers) never reach the browser bundle.
//!
//! The types and rules are in `vigil_domain::accounts` (re-exported here).
pub use vigil_domain::accounts::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub use vigil_db::accounts as store;
#[cfg(feature = "ssr")]
pub mod tokens;

/// The one role check of the use cases: `actor` must hold one of `roles`. A refusal is
/// logged by account id (never who they are) and answered 403. The page gate
/// (`routes::access_for`) runs first; this is the check that holds when a request skips it.
#[cfg(feature = "ssr")]
pub fn require_role(actor: &Account, roles: &[Role]) -> Result<(), crate::error::AppError> {
    if roles.iter().any(|role| actor.has_role(*role)) {
        Ok(())
    } else {
        tracing::warn!(account = actor.id, ?roles, "refused: missing role");
        Err(crate::error::AppError::Forbidden)
    }
}
