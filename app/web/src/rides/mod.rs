//! Rides to court and from the jail: the drivers' page of open rides, a person's rides on
//! their page (coordinators), the rides on "My shifts" and on the coverage board (`pages`,
//! `api`), and their forms (`forms`). The rules are `vigil_core::rides`.
pub use vigil_domain::rides::*;

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases, server only.
#[cfg(feature = "ssr")]
pub use vigil_core::rides as service;
