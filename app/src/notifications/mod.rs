//! Notifications: how Vigil reaches people by email.
//! Every message has a generic subject and never carries data about supported people.
//!
//! The types and rules are in `vigil_domain::notifications` (re-exported here).
pub use vigil_domain::notifications::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub use vigil_db::jobs;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod notices;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod words;
#[cfg(feature = "ssr")]
pub mod worker;
