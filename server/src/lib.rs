//! The `vigil` server, as a library so the integration tests can run it in-process.
//!
//! Holds the HTTP stack (`http`: request ids, sessions, CSRF, headers, compression, the
//! routes of every capability), the session store (`sessions`) and the background jobs
//! (`jobs`: the mail worker and every scheduler); `main.rs` is the command line. Must not
//! hold use cases, SQL or words for people: it wires what `vigil-app` and `vigil-db` provide.
pub mod http;
pub mod jobs;
pub mod sessions;
