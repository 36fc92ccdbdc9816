//! The `vigil` server, as a library so the integration tests can run it in-process.
pub mod http;
pub mod jobs;
pub mod sessions;
