//! Who is asking, resolved once per request from what the session gate found: handlers take
//! an `Actor` (signed in) instead of each checking and redirecting on its own.
use crate::accounts::session::CurrentAccount;
use crate::accounts::Account;
use crate::routes;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::response::Redirect;
use http::request::Parts;

/// The signed-in account, as found by the session gate.
pub fn account_of(parts: &Parts) -> Option<Account> {
    parts
        .extensions
        .get::<CurrentAccount>()
        .and_then(|c| c.0.clone())
}

/// The signed-in account. A handler that takes one answers a signed-out request with a
/// redirect to the sign-in page, before reading the body.
#[derive(Debug, Clone)]
pub struct Actor(pub Account);

impl FromRequestParts<AppState> for Actor {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Redirect> {
        account_of(parts)
            .map(Actor)
            .ok_or_else(|| Redirect::to(routes::SIGN_IN))
    }
}

/// An empty body, for building a request to render a page with.
pub fn empty_request(parts: Parts) -> Request {
    Request::from_parts(parts, Body::empty())
}
