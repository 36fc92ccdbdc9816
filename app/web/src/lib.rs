//! Vigil's web layer: every page, island, form handler and server function, and every word
//! a person reads. One folder per capability (`pages`, `api.rs` its server functions,
//! `forms.rs` its no-JavaScript POST handlers), and a small web `kernel` they all use (the
//! `Actor` extractor, page context, `Loaded`, refusals and labels in words).
//!
//! Built twice: with `ssr` for the server (then it reaches the use cases, `vigil_core`, as
//! each capability's `service`), and with `hydrate` as the browser bundle (only the islands
//! and what they need: `vigil_domain` types, never `vigil_core`).
//!
//! Must not hold: SQL or a store (`layers.rs` checks), rules a use case should enforce, or a
//! form read by name below a handler. The text people read lives here and only here:
//! pages, `kernel/refusals.rs`, `kernel/labels.rs`, `notifications/words.rs`,
//! `accounts/mail.rs`, `error.rs`.
#![recursion_limit = "256"]

// First, so `t!` and `tn!` are in scope in every module below.
#[macro_use]
pub mod i18n;

pub mod accounts;
pub mod attention;
pub mod calendar;
pub mod court_reminders;
pub mod error;
pub mod facilities;
pub mod forms;
pub mod hearings;
pub mod kernel;
pub mod notifications;
pub mod people;
pub mod rides;
pub mod routes;
pub mod shell;
pub mod signups;
pub mod supplies;
pub mod watches;

#[cfg(feature = "ssr")]
pub mod state;

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
