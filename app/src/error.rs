//! The one error type. Every failure a user can meet maps to a clear message here;
//! internal details go to the server log (by record id only), never to the page.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    NotSignedIn,
    #[error("You don't have access to this. Ask a coordinator if you think you should.")]
    Forbidden,
    #[error("We couldn't find that page.")]
    NotFound,
    /// Input that fails validation; the message says what to fix.
    #[error("{0}")]
    Invalid(String),
    #[error("Too many requests from here. Please wait a few minutes and try again.")]
    RateLimited,
    #[error("This link has expired. Links work for 15 minutes: ask for a new one below.")]
    LinkExpired,
    #[error("This link has already been used. Each link works once: ask for a new one below.")]
    LinkUsed,
    #[error("This link isn't valid. Check that you copied all of it, or ask for a new one below.")]
    LinkInvalid,
    #[error("Couldn't reach Vigil. Check your connection and try again.")]
    Network,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_)
            | AppError::LinkExpired
            | AppError::LinkUsed
            | AppError::LinkInvalid => 422,
            AppError::RateLimited => 429,
            AppError::Network => 503,
            AppError::Internal => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// Server functions carry `AppError` to the browser as-is (it holds no internals).
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The phone lost its signal, or the server could not be reached.
            ServerFnErrorErr::Request(_) => AppError::Network,
            // What was sent can't be read as this function's arguments (a hand-made or cut-off
            // request): the sender's to fix, not a failure of ours.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid("This request was missing something or had something we can't read. Reload the page and try again.".into())
            }
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::NotFound,
            _other => {
                #[cfg(feature = "ssr")]
                tracing::warn!(error = %_other, "server function failed before running");
                AppError::Internal
            }
        }
    }
}

/// Server-side: turn an error into a status on the current response as well as a value.
#[cfg(feature = "ssr")]
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            http::StatusCode::from_u16(err.status_code())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    Err(err)
}
