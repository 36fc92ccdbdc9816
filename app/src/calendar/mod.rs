//! Calendar feeds: subscriptions for Google, Apple and Outlook calendars that stay correct
//! (stable UIDs, SEQUENCE on every change, cancelled events kept so clients remove them) and
//! carry nothing that could identify a supported person.
//!
//! `ics` builds RFC 5545 text with the `ical` crate's generator (and fixes what it gets
//! wrong), `store` the SQL, `service` the feeds, `cache` the rendered feeds kept until they change, `http` the feed URLs and forms, `pages` the
//! profile page that lists, creates, regenerates and revokes feeds.
//!
//! The types and rules are in `vigil_domain::calendar` (re-exported here).
pub use vigil_domain::calendar::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub use vigil_db::calendar as store;
