//! The `vigil` server, as a library so the integration tests can run it in-process.
//!
//! Holds the HTTP stack (`http`: request ids, sessions, CSRF, headers, compression, the
//! routes of every capability), the session store (`sessions`) and the background jobs
//! (`jobs`: the mail worker and every scheduler); `main.rs` is the command line. Must not
//! hold use cases, SQL or words for people: it wires what `vigil-web`, `vigil-core` and
//! `vigil-db` provide.
pub mod http;
pub mod jobs;
pub mod sessions;
pub mod texts_env;

/// A use case's failure as the operator reads it on the console: a refusal in the web
/// layer's words ("Enter an email address like…"), a failure of ours with its cause.
pub fn told(failure: vigil_core::Failure) -> anyhow::Error {
    match failure {
        vigil_core::Failure::Unexpected(cause) => anyhow::anyhow!("{cause}"),
        other => anyhow::anyhow!("{}", vigil_web::error::AppError::from(other)),
    }
}
