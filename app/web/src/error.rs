//! The one error type. Every failure a user can meet maps to a clear message here;
//! internal details go to the server log (by request id, record ids only), never to the page.
//!
//! A failure of ours that has a cause (a database error, say) is `Unexpected`: the cause
//! travels with the error, on the server only, up to the edge where the error becomes a
//! response (a form shown again, a page's notice, a server function's reply). There it is
//! logged once, inside the request's span, so the line carries the request id the response
//! names in `x-request-id`. Nothing below the edge logs it.
use crate::i18n::Lang;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use vigil_domain::Refusal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    NotSignedIn,
    Forbidden,
    NotFound,
    /// Refused by a rule: the domain says what (`Refusal`), the web layer says it in words
    /// (`kernel::refusals`). Server only, and it always leaves the server as `Told` (a
    /// server function's reply, or page data serialised for the browser), so the bundle
    /// carries neither the words nor the code to read ~120 kinds of refusal.
    #[cfg(feature = "ssr")]
    #[serde(rename = "Told", serialize_with = "in_words", skip_deserializing)]
    Refused(Refusal),
    /// A refusal already in words: how one reaches the browser from a server function, so
    /// the bundle carries no wording of its own (and the words are in the reader's language).
    Told(String),
    /// What was sent can't be read as what it claims to be: a hand-made or cut-off request
    /// on the server, or a reply the browser can't read (an old page after an update).
    Unreadable,
    RateLimited,
    LinkExpired,
    LinkUsed,
    LinkInvalid,
    Network,
    Internal,
    /// The same for the person, with the cause kept for the log (see the module's doc).
    Unexpected(Cause),
}

/// Why something failed on our side, kept for the server's log. It is never sent: the
/// browser receives `Unexpected` without it. Two causes compare equal, because the cause is
/// not part of what the person is told.
#[derive(Clone, Default)]
pub struct Cause(Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>);

impl Cause {
    pub fn new(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Cause(Some(std::sync::Arc::new(err)))
    }
}

impl std::fmt::Debug for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(err) => write!(f, "{err}"),
            None => f.write_str("(cause kept on the server)"),
        }
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Cause {}

impl Serialize for Cause {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Cause {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(Cause(None))
    }
}

impl AppError {
    /// What the person reads, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            AppError::NotSignedIn => t!(lang, errors.not_signed_in).into(),
            AppError::Forbidden => t!(lang, errors.forbidden).into(),
            AppError::NotFound => t!(lang, errors.not_found).into(),
            #[cfg(feature = "ssr")]
            AppError::Refused(refusal) => crate::kernel::refusals::say(lang, refusal),
            AppError::Told(words) => words.clone(),
            AppError::Unreadable => t!(lang, errors.unreadable).into(),
            AppError::RateLimited => t!(lang, errors.rate_limited).into(),
            AppError::LinkExpired => t!(lang, errors.link_expired).into(),
            AppError::LinkUsed => t!(lang, errors.link_used).into(),
            AppError::LinkInvalid => t!(lang, errors.link_invalid).into(),
            AppError::Network => t!(lang, errors.network).into(),
            AppError::Internal | AppError::Unexpected(_) => t!(lang, errors.internal).into(),
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            #[cfg(feature = "ssr")]
            AppError::Refused(_) => 422,
            AppError::Told(_)
            | AppError::Unreadable
            | AppError::LinkExpired
            | AppError::LinkUsed
            | AppError::LinkInvalid => 422,
            AppError::RateLimited => 429,
            AppError::Network => 503,
            AppError::Internal | AppError::Unexpected(_) => 500,
        }
    }

    /// A failure of ours, keeping `err` as its cause.
    pub fn unexpected(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Unexpected(Cause::new(err))
    }

    /// At the edge, where this error becomes a response: logs the cause of a failure of ours,
    /// once, in the request's span (so with its id). Other errors are the person's to fix and
    /// are not logged.
    #[cfg(feature = "ssr")]
    pub fn log_at_edge(&self) {
        if let AppError::Unexpected(cause) = self {
            tracing::error!(%cause, "request failed");
        }
    }
}

/// A use case's failure, as the person will see it: the same kinds, a refusal to be worded,
/// and a failure of ours with its cause kept for the log at the edge.
#[cfg(feature = "ssr")]
impl From<vigil_core::Failure> for AppError {
    fn from(failure: vigil_core::Failure) -> Self {
        use vigil_core::Failure;
        match failure {
            Failure::Forbidden => AppError::Forbidden,
            Failure::NotFound => AppError::NotFound,
            Failure::Refused(refusal) => AppError::Refused(refusal),
            Failure::RateLimited => AppError::RateLimited,
            Failure::LinkExpired => AppError::LinkExpired,
            Failure::LinkUsed => AppError::LinkUsed,
            Failure::LinkInvalid => AppError::LinkInvalid,
            Failure::Unexpected(cause) => AppError::Unexpected(Cause(Some(cause))),
        }
    }
}

/// A refusal of any capability is a refused request (`Err(watches::Refusal::ShiftOver)?`).
macro_rules! refused_from {
    ($($ty:ty),*) => {$(
        #[cfg(feature = "ssr")]
        impl From<$ty> for AppError {
            fn from(refusal: $ty) -> Self {
                AppError::Refused(refusal.into())
            }
        }
    )*};
}
refused_from!(
    Refusal,
    vigil_domain::accounts::Refusal,
    vigil_domain::calendar::Refusal,
    vigil_domain::facilities::Refusal,
    vigil_domain::hearings::Refusal,
    vigil_domain::people::Refusal,
    vigil_domain::signups::Refusal,
    vigil_domain::supplies::Refusal,
    vigil_domain::time::Refusal,
    vigil_domain::watches::Refusal
);

/// A refusal serialised as its words (see `AppError::Refused`), in the request's language.
#[cfg(feature = "ssr")]
fn in_words<S: serde::Serializer>(refusal: &Refusal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::kernel::refusals::say(
        crate::i18n::use_lang(),
        refusal,
    ))
}

/// In the request's language (the default outside a request).
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(crate::i18n::use_lang()))
    }
}

impl std::error::Error for AppError {}

/// Server functions carry `AppError` to the browser as-is (it holds no internals).
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The phone lost its signal, or the server could not be reached.
            ServerFnErrorErr::Request(_) => AppError::Network,
            // What was sent can't be read as this function's arguments (a hand-made or cut-off
            // request): the sender's to fix, not a failure of ours.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Unreadable,
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::NotFound,
            other => AppError::unexpected(other),
        }
    }

    /// A server function's error on its way to the browser: the edge for server functions.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        self.log_at_edge();
        // An enum of plain variants (a refusal as its words) always encodes.
        serde_json::to_vec(self).map(Into::into).unwrap_or_default()
    }
}

/// Server-side: turn an error into a status on the current response as well as a value.
#[cfg(feature = "ssr")]
pub fn fail<T>(err: impl Into<AppError>) -> Result<T, AppError> {
    let err = err.into();
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            http::StatusCode::from_u16(err.status_code())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    Err(err)
}

/// Server-side: a use case's answer as a server function's, its error's status set on the
/// response (`fail`).
#[cfg(feature = "ssr")]
pub fn or_fail<T, E: Into<AppError>>(result: Result<T, E>) -> Result<T, AppError> {
    result.or_else(fail)
}
