//! Vigil: jail support and court accompaniment coordinator.
//!
//! One module per capability: its pages and islands, its server functions and no-JavaScript
//! form handlers, and — behind the `ssr` feature, never in the wasm bundle — its use cases
//! (`service`). Its types, rules and typed refusals are `vigil_domain`'s (re-exported); its
//! SQL is `vigil_db`'s store (re-exported as `store`). This crate must hold no SQL (the
//! `layers.rs` test), and it is the only one that words anything for a person.
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
/// The data directory's files (private to Vigil's user): kept with storage.
#[cfg(feature = "ssr")]
pub use vigil_db::files;
#[cfg(feature = "ssr")]
pub mod state;
/// Storage (every SQL statement) is the `vigil-db` crate, reached here as `storage`.
#[cfg(feature = "ssr")]
pub use vigil_db as storage;

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
