//! "Needs attention", the coordinators' home: what to do now, most urgent first, each line a
//! link to where it is fixed (`pages`, `api`). What counts is `vigil_core::attention`.
pub use vigil_domain::attention::*;

pub mod api;
pub mod pages;
/// Its use cases, server only.
#[cfg(feature = "ssr")]
pub use vigil_core::attention as service;
