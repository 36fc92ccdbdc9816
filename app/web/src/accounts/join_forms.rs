//! The join links' POST handlers: someone asking to join through a link (public, limited
//! per IP), and the coordinators' page (make, revoke, approve, decline).
use super::forms::client_ip;
use super::service::join::{self, Asked, JoinAsk, LinkTerms, Which};
use super::Role;
use crate::forms::{read_form, reject, reject_fields, reject_with_error, see, Posted};
use crate::i18n::Lang;
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::StatusCode;
use vigil_domain::accounts::Refusal;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/join/{token}", post(ask_to_join))
        .route(routes::TEAM_JOIN, post(team_join))
}

/// A request to join. Filed or not (a member's address is answered the same as anyone's),
/// the person sees the same thanks; a closed link shows its page again, saying so.
async fn ask_to_join(
    State(state): State<AppState>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let ip = client_ip(&state, &req);
    let (parts, form) = read_form(req).await;
    let echo = form.echo(&format!("{}{token}", routes::JOIN_PREFIX), &[]);
    let ask = JoinAsk {
        display_name: form.get("display_name"),
        email: form.get("email"),
        voucher: form.get("voucher"),
    };
    match join::ask_to_join(&state.db, &state.limits, &token, ask, ip, Utc::now()).await {
        Ok(Ok(Asked::Filed)) => see(routes::JOINED.to_string()),
        Ok(Ok(Asked::Closed)) => reject(&state, parts, echo, StatusCode::GONE).await,
        Ok(Err(fields)) => reject_fields(&state, parts, echo, fields).await,
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

/// The coordinators' join page: `go` says which of its forms was sent.
async fn team_join(
    Actor(account): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let mut echo = form.echo(routes::TEAM_JOIN, &["go"]);
    let ctx = state.accounts_ctx();
    let now = Utc::now();
    let which = || match form.get("request") {
        "all" => Some(Which::All),
        id => id.parse().ok().map(Which::One),
    };
    let answer = match form.get("go") {
        "make" => {
            let terms = match terms(&form) {
                Ok(terms) => terms,
                Err(fields) => return reject_fields(&state, parts, echo, fields).await,
            };
            match join::make_link(&ctx, &account, terms, now).await {
                Ok(Ok(link)) => {
                    // Shown this once, on the page itself (never in a redirect's address).
                    echo.values = vec![("made".into(), link)];
                    return reject(&state, parts, echo, StatusCode::OK).await;
                }
                Ok(Err(fields)) => return reject_fields(&state, parts, echo, fields).await,
                Err(err) => Err(err),
            }
        }
        "revoke" => match form.get("link").parse() {
            Ok(id) => join::revoke_link(&state.db, &account, id, now)
                .await
                .map(|()| "revoked=1".to_string()),
            Err(_) => Err(vigil_core::Failure::NotFound),
        },
        "approve" => match which() {
            Some(which) => join::approve(&ctx, &account, which, now)
                .await
                .map(|n| format!("approved={n}")),
            None => Err(vigil_core::Failure::NotFound),
        },
        "decline" => match which() {
            Some(which) => join::decline(&state.db, &account, which)
                .await
                .map(|n| format!("declined={n}")),
            None => Err(vigil_core::Failure::NotFound),
        },
        _ => Err(vigil_core::Failure::NotFound),
    };
    match answer {
        Ok(notice) => see(format!("{}?{notice}", routes::TEAM_JOIN)),
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

/// A new link's terms from the form; a number that isn't one is named like one out of range.
fn terms(form: &crate::forms::FormData) -> Result<LinkTerms, vigil_domain::FieldErrors> {
    let mut errors = vigil_domain::FieldErrors::new();
    let mut number = |field: &'static str, refusal: Refusal| match form.get(field).trim() {
        "" => None,
        typed => typed
            .parse::<i64>()
            .map_err(|_| errors.push((field, refusal.into())))
            .ok(),
    };
    let expires_in_days = number("expires_in_days", Refusal::JoinLinkExpiry);
    let cap = number("cap", Refusal::JoinLinkCap);
    let terms = LinkTerms {
        roles: form
            .all("roles")
            .into_iter()
            .filter_map(Role::from_key)
            .collect(),
        language: Lang::from_code(form.get("language")).map(|l| l.code().to_string()),
        expires_in_days,
        cap,
    };
    if errors.is_empty() {
        return Ok(terms);
    }
    // Every field's problem at once, not the numbers' first and the rest on the next try.
    errors.extend(
        join::check_terms(&terms)
            .into_iter()
            .map(|(field, refusal)| (field, refusal.into())),
    );
    Err(errors)
}
