//! Every integration test, in one binary so a test build links once (as crates.io does).
//! Each module is one capability's tests through the whole HTTP stack, on a real SQLite file
//! (or PostgreSQL with `VIGIL_TEST_BACKEND=postgres`) and a real SMTP listener; `support`
//! is the harness they share. Filter by module: `cargo test --test integration -- watches::`.
mod support;

mod accounts;
mod attention;
mod calendar;
mod cli;
mod errors;
mod facilities;
mod forms;
mod hearings;
mod i18n;
mod jobs;
mod layers;
mod notifications;
mod people;
mod postgres;
mod storage;
mod supplies;
mod texts;
mod watches;
