//! Vigil: jail support and court accompaniment coordinator.
//!
//! One module per domain capability. Each owns its shared types (compiled for the server and
//! the browser), its pages, its server functions, and — behind the `ssr` feature, never in
//! the wasm bundle — its storage queries and domain logic.
#![recursion_limit = "256"]

pub mod accounts;
pub mod calendar;
pub mod error;
pub mod facilities;
pub mod forms;
pub mod hearings;
pub mod kernel;
pub mod notifications;
pub mod people;
pub mod routes;
pub mod shell;
pub mod signups;
pub mod supplies;
pub mod watches;
#[cfg(feature = "ssr")]
pub mod workflows;

#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod storage;

pub use shell::{shell, App};
/// Local-time arithmetic lives with the domain; here under its old name.
pub use vigil_domain::time;

/// Browser entry point, called by the page script only on a page that has an island: sets up
/// the reactive runtime; the script then hydrates each `<leptos-island>` (see `shell::scripts`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
