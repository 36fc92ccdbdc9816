//! Supported people: the few encrypted facts the group needs to help someone, shown only to
//! those who need them, and forgotten on schedule. People never log in.
//!
//! `pages` and `api` for the browser; `store` (SQL over ciphertext only),
//! `service` (encryption, access, audit, retention) and `forms` are server-only.
//!
//! The types and rules are in `vigil_domain::people` (re-exported here).
pub use vigil_domain::people::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases (`vigil_core::people`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::people as service;
