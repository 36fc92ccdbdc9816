//! Release watches: volunteers outside a facility in shifts, waiting for people to be
//! released. A watch is standing (a regular rota) or a surge (after a mass arrest, open-ended
//! until a coordinator closes it). Sign-ups use the shared seat mechanism in `signups`.
//!
//! `store` the SQL, `service` the operations, `api`
//! the server functions, `forms` the no-JavaScript POST handlers, `pages` the pages.
//!
//! The types (what pages show: times as `Span`s and instants with the facility's time zone,
//! put into words by the pages in the reader's language) and the rules are in
//! `vigil_domain::watches`, re-exported here.
pub use vigil_domain::watches::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases (`vigil_core::watches`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::watches as service;
