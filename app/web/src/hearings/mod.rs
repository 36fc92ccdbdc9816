//! Court hearings and accompaniment: accompaniers sign up to go with a supported person to a
//! hearing, and hear at once when it moves. Seats use the shared mechanism in `signups`
//! (same waitlist and drop cutoff as watch shifts).
//!
//! What is sensitive stays sealed and cut per viewer: a hearing's courtroom or judge and its
//! outcome note are sealed with the person's data key and shown only to coordinators and the
//! hearing's accompaniers; the person's alias only within the helper window.
//!
//! `service` the operations, `store` the SQL, `import` the CSV docket
//! import, `api` the server functions, `forms` the no-JavaScript POST handlers, `pages`.
//!
//! The types and rules are in `vigil_domain::hearings` (re-exported here).
pub use vigil_domain::hearings::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases (`vigil_core::hearings`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::hearings as service;
