//! Vigil's use cases: what each capability does, as plain async Rust over the database,
//! the keyring and the mail queue. One folder per capability, one file per group of use
//! cases (`watches/sign_ups.rs`, `hearings/coordinators.rs`…); workflows that span
//! capabilities (forgetting a person with their hearings; the weekly digest) are in
//! `workflows`, above them.
//!
//! Holds: who may do what (`accounts::require_role`, called by every use case that needs a
//! role), each change in one write transaction with the reminders and notices it causes,
//! sealing and opening people's fields (`crypto`, `people`), the mail worker, the
//! configuration, and `Failure`, the use cases' one error type.
//!
//! Must not hold: SQL (that is `vigil_db`, reached as each capability's `store`), HTTP,
//! Leptos, forms read by field name, or words for people. A use case that refuses returns a
//! typed refusal; one that tells someone something queues a typed message; the web layer puts
//! both into words (it gives the worker a `notifications::Wording`). Time comes in as `now`.
//! Server only: never compiled into the browser bundle.
pub mod accounts;
pub mod attention;
pub mod calendar;
pub mod config;
pub mod court_reminders;
pub mod crypto;
pub mod error;
pub mod facilities;
pub mod hearings;
pub mod notifications;
pub mod people;
pub mod rides;
pub mod signups;
pub mod state;
pub mod supplies;
pub mod texting;
pub mod watches;
pub mod workflows;

pub use error::Failure;
pub use state::Core;
/// Storage (every SQL statement) is the `vigil-db` crate, reached here as `storage`.
pub use vigil_db as storage;
/// The data directory's files (private to Vigil's user): kept with storage.
pub use vigil_db::files;
/// The database handle every use case takes.
pub use vigil_db::Db;
/// Page addresses, for the links messages carry.
pub use vigil_domain::paths;
/// Local-time arithmetic lives with the domain.
pub use vigil_domain::time;
