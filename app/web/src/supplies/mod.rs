//! Supplies: each site's kit and the storage places that restock it, what was handed out on
//! each shift, and what to buy. Stock is derived from entries (restock, transfer, handout,
//! count correction), never edited. Handouts are counted against a shift, never a person.
//!
//! `store` the SQL, `service` the operations, `api` the server functions,
//! `forms` the no-JavaScript POST handlers and the CSV export, `pages` the pages, and
//! `chart` the server-rendered SVG bar charts.
//!
//! The types and the ledger's rules (input checks, low-stock rules, weekly buckets) are in
//! `vigil_domain::supplies`, re-exported here.
pub use vigil_domain::supplies::*;

pub mod api;
pub mod chart;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod pages;
/// Its use cases (`vigil_core::supplies`), server only.
#[cfg(feature = "ssr")]
pub use vigil_core::supplies as service;
