//! Court-date reminders to the people we support: the consent section of a person's page
//! (`pages`, `api`), its form (`forms`), and the messages in words (`words`). The rules and
//! the sending are `vigil_core::court_reminders`.
pub use vigil_domain::court_reminders::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod words;
/// Its use cases, server only.
#[cfg(feature = "ssr")]
pub use vigil_core::court_reminders as service;
