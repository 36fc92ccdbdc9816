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
pub mod invite_list;
#[cfg(feature = "ssr")]
mod join_forms;
pub mod join_links;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
/// Its use cases (`vigil_core::accounts`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::accounts as service;
#[cfg(feature = "ssr")]
pub mod session;
