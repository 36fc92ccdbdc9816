//! Notifications: how Vigil reaches people by email.
//! Every message has a generic subject and never carries data about supported people.
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod worker;
