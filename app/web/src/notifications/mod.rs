//! Notifications: how Vigil reaches people, by email, SMS and Signal.
//! Every message has a generic subject and never carries data about supported people.
//!
//! The types and rules are in `vigil_domain::notifications` (re-exported here).
pub use vigil_domain::notifications::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
pub mod phone;
/// Its use cases (`vigil_core::notifications`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::notifications as service;
#[cfg(feature = "ssr")]
pub mod inbound;
#[cfg(feature = "ssr")]
pub mod texts;
#[cfg(feature = "ssr")]
pub mod words;
