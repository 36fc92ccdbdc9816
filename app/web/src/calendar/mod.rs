//! Calendar feeds: subscriptions for Google, Apple and Outlook calendars that stay correct
//! (stable UIDs, SEQUENCE on every change, cancelled events kept so clients remove them) and
//! carry nothing that could identify a supported person.
//!
//! `service` (the use cases: which feeds, which events) is `vigil_core::calendar`; here,
//! `feed` words a feed's events and `ics` renders them as RFC 5545 text with the `ical`
//! crate's generator (and fixes what it gets wrong), `cache` keeps rendered feeds until they
//! change, `http` serves the feed URLs and forms, and `pages` is the profile page that
//! lists, creates, regenerates and revokes feeds.
//!
//! The types and rules are in `vigil_domain::calendar` (re-exported here).
pub use vigil_domain::calendar::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod pages;
/// Its use cases (`vigil_core::calendar`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::calendar as service;
