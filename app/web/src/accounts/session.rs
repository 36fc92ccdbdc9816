//! Signed-in sessions (tower-sessions, stored in the database) and the gate in front of
//! every page. The session holds only the account id, the account's session epoch and the
//! sign-in time; everything else is read fresh, so deactivation takes effect at once.
use super::service::session_account;
use super::{Account, AccountStatus};
use crate::routes::{access_for, Access};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use http::{header, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const KEY: &str = "auth";

#[derive(Serialize, Deserialize)]
struct SessionAuth {
    account: i64,
    epoch: i64,
    /// Sign-in time: the session ends `session_absolute` after it, however active.
    since: i64,
    /// Last time the idle expiry was pushed back (at most hourly, to spare the database).
    seen: i64,
}

const TOUCH_EVERY_SECS: i64 = 3600;

/// The signed-in account for this request, if any (a request extension).
#[derive(Clone, Debug, Default)]
pub struct CurrentAccount(pub Option<Account>);

pub async fn sign_in(
    session: &Session,
    account: &Account,
    epoch: i64,
) -> Result<(), crate::error::AppError> {
    // A new session id at sign-in, so an id planted before sign-in is worthless.
    session.cycle_id().await.map_err(internal)?;
    let now = Utc::now().timestamp();
    let auth = SessionAuth {
        account: account.id,
        epoch,
        since: now,
        seen: now,
    };
    session.insert(KEY, auth).await.map_err(internal)?;
    tracing::info!(account = account.id, "signed in");
    Ok(())
}

pub async fn sign_out(session: &Session) {
    if let Err(err) = session.flush().await {
        tracing::warn!(error = %err, "could not end session");
    }
}

fn internal(err: tower_sessions::session::Error) -> crate::error::AppError {
    crate::error::AppError::unexpected(err)
}

/// Resolves the session to a live account, ending it if it is too old, from before a
/// "log out everywhere", or belongs to a deactivated account.
async fn resolve(state: &AppState, session: &Session) -> Option<Account> {
    let mut auth: SessionAuth = session.get(KEY).await.ok().flatten()?;
    let absolute = state.config.session_absolute.as_secs() as i64;
    let now = Utc::now().timestamp();
    let live = match session_account(&state.db, auth.account).await {
        Ok(Some((account, epoch))) => (now - auth.since <= absolute
            && epoch == auth.epoch
            && account.status == AccountStatus::Active)
            .then_some(account),
        _ => None,
    };
    if live.is_none() {
        sign_out(session).await;
    } else if now - auth.seen > TOUCH_EVERY_SECS {
        // Saving the session pushes its idle expiry back.
        auth.seen = now;
        let _ = session.insert(KEY, auth).await;
    }
    live
}

/// Middleware on every request: finds who is signed in, sends anonymous visitors of private
/// pages to sign-in, answers 403 to the wrong role, and keeps signed-in pages out of caches.
pub async fn gate(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let account = resolve(&state, &session).await;
    let lang = crate::i18n::negotiate(
        req.uri().query(),
        account.as_ref().map(|a| a.language.as_str()),
        req.headers(),
    );
    req.extensions_mut().insert(lang);
    let path = req.uri().path().to_string();
    let allowed = match (access_for(&path), &account) {
        (Access::Public, _) => true,
        (_, None) => {
            return Redirect::to(crate::routes::SIGN_IN).into_response();
        }
        (Access::SignedIn, Some(_)) => true,
        (Access::Role(role), Some(a)) => a.has_role(role),
    };
    let signed_in = account.is_some();
    req.extensions_mut().insert(CurrentAccount(account));
    let mut res = if allowed {
        next.run(req).await
    } else if req.method() != http::Method::GET && req.method() != http::Method::HEAD {
        // Nothing that changes state runs for the wrong role.
        (
            StatusCode::FORBIDDEN,
            crate::error::AppError::Forbidden.say(lang),
        )
            .into_response()
    } else {
        // Rendered by the app so the person sees a page that explains, with navigation.
        let mut res = next.run(req).await;
        if res.status().is_success() {
            *res.status_mut() = StatusCode::FORBIDDEN;
        }
        res
    };
    if path.starts_with("/pkg/") {
        // The bundle and stylesheet are the same for everyone and hold nothing personal. A
        // content-hashed name never changes content, so the browser keeps it a year without
        // asking again (no request at all on one bar of signal); any other file is kept and
        // checked with a conditional request (a 304, no body), as is a missing file (an old
        // page naming last release's bundle must not remember a 404 for a year).
        let kept = res.status().is_success() && crate::shell::Assets::is_content_hashed(&path);
        let policy = if kept {
            "public, max-age=31536000, immutable"
        } else {
            "public, no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    } else if signed_in {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Inside a server function or a server-rendered page: the signed-in account.
pub fn current_account() -> Option<Account> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentAccount>().cloned())
        .and_then(|c| c.0)
}
