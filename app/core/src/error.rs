//! `Failure`, the use cases' one error type: refused (the person's to fix, with a typed
//! refusal or a plain kind like "not found"), or unexpected (ours, with its cause kept).
//!
//! Nothing here logs an unexpected failure: the cause travels up to the edge (a response in
//! the web layer, a background job's round in the server) and is logged there once, by
//! request or job id. The web layer turns a `Failure` into what the person reads.
use std::sync::Arc;
use vigil_domain::Refusal;

/// Why a failure of ours happened, for the log only. Shared, so the error stays `Clone`.
pub type Cause = Arc<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Failure {
    /// The actor lacks the role (logged by account id where it is checked).
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Refused by a rule: *what* was refused; the web layer words it.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("rate limited")]
    RateLimited,
    #[error("link expired")]
    LinkExpired,
    #[error("link used")]
    LinkUsed,
    #[error("link invalid")]
    LinkInvalid,
    /// A failure of ours, with its cause for the log.
    #[error("unexpected: {0}")]
    Unexpected(Cause),
}

/// A broken expectation of ours (a row gone that was just written, a key that won't unwrap):
/// its text names what, by id at most, never anything about a person.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Broken(String);

impl Failure {
    /// A failure of ours, keeping `err` as its cause.
    pub fn unexpected(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Failure::Unexpected(Arc::new(err))
    }

    /// A failure of ours with no error value behind it: `what` says which expectation broke.
    pub fn broken(what: impl Into<String>) -> Self {
        Failure::Unexpected(Arc::new(Broken(what.into())))
    }
}

/// Storage's answer: a missing row is not found, a conflict with what is stored is its
/// refusal, and anything else is ours (cause kept).
impl From<vigil_db::Error> for Failure {
    fn from(err: vigil_db::Error) -> Self {
        match err {
            vigil_db::Error::NotFound => Failure::NotFound,
            vigil_db::Error::Conflict(refusal) => Failure::Refused(refusal),
            vigil_db::Error::Other(cause) => Failure::Unexpected(cause),
        }
    }
}

/// A refusal of any capability is a refused request (`Err(watches::Refusal::ShiftOver)?`).
macro_rules! refused_from {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Failure {
            fn from(refusal: $ty) -> Self {
                Failure::Refused(refusal.into())
            }
        }
    )*};
}
refused_from!(
    Refusal,
    vigil_domain::accounts::Refusal,
    vigil_domain::calendar::Refusal,
    vigil_domain::court_reminders::Refusal,
    vigil_domain::facilities::Refusal,
    vigil_domain::hearings::Refusal,
    vigil_domain::notifications::Refusal,
    vigil_domain::people::Refusal,
    vigil_domain::rides::Refusal,
    vigil_domain::signups::Refusal,
    vigil_domain::supplies::Refusal,
    vigil_domain::time::Refusal,
    vigil_domain::watches::Refusal
);
