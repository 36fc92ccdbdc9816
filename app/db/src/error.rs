//! What can go wrong in storage, said as what the caller needs to decide: the row isn't
//! there, what was asked conflicts with what is stored (a rule the database enforces, as a
//! typed refusal), or a failure of ours whose cause is kept for the log. The use cases turn
//! these into the app's error; nothing here is worded for a person.
use std::sync::Arc;
use vigil_domain::Refusal;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The row asked for is not there (or no longer).
    #[error("not found")]
    NotFound,
    /// What was asked conflicts with what is stored: a name already taken, a seat on a slot
    /// cancelled since it was read. The refusal says which.
    #[error("conflict: {0:?}")]
    Conflict(Refusal),
    /// A failure of ours (the database, a grouped write that panicked), with its cause.
    #[error("{0}")]
    Other(Arc<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// A failure of ours, keeping `cause`.
    pub fn other(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Other(Arc::from(cause.into()))
    }

    /// A conflict the caller is refused for (`Error::conflict(Refusal::KitNameTaken)`).
    pub fn conflict(refusal: impl Into<Refusal>) -> Self {
        Error::Conflict(refusal.into())
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => Error::NotFound,
            err => Error::other(err),
        }
    }
}
