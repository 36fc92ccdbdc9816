//! Facilities: the jails, precincts, detention centres and courthouses where the group
//! works. Each has a public address and its IANA time zone (all times shown there are local
//! to it), and notes for volunteers: where to stand, bathrooms, safety, what to bring. Each
//! can have "who is on now" boards for a screen at the base (`board`, `board_links`).
//!
//! The types and rules are in `vigil_domain::facilities` (re-exported here).
pub use vigil_domain::facilities::*;

pub mod api;
pub mod board;
pub mod board_links;
#[cfg(feature = "ssr")]
mod board_words;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases (`vigil_core::facilities`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::facilities as service;
