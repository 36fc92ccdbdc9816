//! The account forms' POST handlers (they work without JavaScript): validate, act, then
//! redirect on success or render the same page again with the person's input and what to fix.
use super::service::{self, Ctx, Invitation, ProfileUpdate};
use super::session::{self, CurrentAccount};
use super::Role;
use crate::error::AppError;
use crate::forms::{FormData, FormEcho};
use crate::routes;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::request::Parts;
use http::StatusCode;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::SIGN_IN, post(sign_in))
        .route(routes::MAGIC_LINK, post(use_link))
        .route(routes::SETUP, post(setup))
        .route(routes::SIGN_OUT, post(sign_out))
        .route(routes::PROFILE, post(profile))
        .route(routes::TEAM, post(invite))
}

/// Splits the request and reads its form body (small: these forms have a few fields).
async fn read_form(req: Request) -> (Parts, FormData) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    (parts, FormData::parse(&bytes))
}

fn ctx(state: &AppState) -> Ctx<'_> {
    Ctx { db: &state.db, config: &state.config, mailer: &state.mailer }
}

fn account_of(parts: &Parts) -> Option<super::Account> {
    parts.extensions.get::<CurrentAccount>().and_then(|c| c.0.clone())
}

/// Renders the page at the request's path again, with the echo, and the error's status.
async fn rejected(state: &AppState, parts: Parts, echo: FormEcho, status: StatusCode) -> Response {
    crate::shell::render_with_echo(state, parts, echo, status).await
}

async fn app_error(state: &AppState, parts: Parts, echo: FormEcho, err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    rejected(state, parts, echo.with_error(err.to_string()), status).await
}

fn with_field_errors(mut echo: FormEcho, errors: service::FieldErrors) -> FormEcho {
    for (field, message) in errors {
        echo = echo.with_field_error(field, message);
    }
    echo
}

async fn sign_in(State(state): State<AppState>, req: Request) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::SIGN_IN, &[]);
    match service::request_sign_in(&ctx(&state), &state.limits, form.get("email"), ip, Utc::now()).await {
        Ok(()) => Redirect::to(routes::SIGN_IN_SENT).into_response(),
        Err(AppError::Invalid(msg)) => {
            rejected(&state, parts, echo.with_field_error("email", msg), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => app_error(&state, parts, echo, err).await,
    }
}

async fn use_link(State(state): State<AppState>, session: Session, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    match service::use_link(&state.db, form.get("token"), Utc::now()).await {
        Ok((account, epoch)) => match session::sign_in(&session, &account, epoch).await {
            Ok(()) => Redirect::to(routes::DASHBOARD).into_response(),
            Err(err) => app_error(&state, parts, FormEcho::new(routes::MAGIC_LINK), err).await,
        },
        Err(err) => app_error(&state, parts, FormEcho::new(routes::MAGIC_LINK), err).await,
    }
}

async fn setup(State(state): State<AppState>, session: Session, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::SETUP, &[]);
    let result =
        service::complete_setup(&state.db, form.get("token"), form.get("display_name"), form.get("email"), Utc::now()).await;
    match result {
        Ok(Ok((account, epoch))) => match session::sign_in(&session, &account, epoch).await {
            Ok(()) => Redirect::to(routes::DASHBOARD).into_response(),
            Err(err) => app_error(&state, parts, echo, err).await,
        },
        Ok(Err(errors)) => rejected(&state, parts, with_field_errors(echo, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => app_error(&state, parts, echo, err).await,
    }
}

async fn sign_out(State(state): State<AppState>, session: Session, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    if form.get("everywhere") == "1" {
        if let Some(account) = account_of(&parts) {
            if let Err(err) = service::sign_out_everywhere(&state.db, &account).await {
                return app_error(&state, parts, FormEcho::new(routes::SIGN_OUT), err).await;
            }
            tracing::info!(account = account.id, "signed out everywhere");
        }
    }
    session::sign_out(&session).await;
    Redirect::to(&format!("{}?signed_out=1", routes::SIGN_IN)).into_response()
}

async fn profile(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::PROFILE, &[]);
    let Some(account) = account_of(&parts) else {
        return Redirect::to(routes::SIGN_IN).into_response();
    };
    let update = ProfileUpdate { display_name: form.get("display_name"), email: form.get("email"), languages: form.get("languages") };
    match service::update_profile(&state.db, &account, update, Utc::now()).await {
        Ok(Ok(())) => Redirect::to(&format!("{}?saved=1", routes::PROFILE)).into_response(),
        Ok(Err(errors)) => rejected(&state, parts, with_field_errors(echo, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => app_error(&state, parts, echo, err).await,
    }
}

async fn invite(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::TEAM, &[]);
    let Some(account) = account_of(&parts) else {
        return Redirect::to(routes::SIGN_IN).into_response();
    };
    let invitation = Invitation {
        email: form.get("email"),
        display_name: form.get("display_name"),
        roles: form.all("roles").into_iter().filter_map(Role::from_key).collect(),
    };
    match service::invite(&ctx(&state), &account, invitation, Utc::now()).await {
        Ok(Ok(_)) => Redirect::to(&format!("{}?invited=1", routes::TEAM)).into_response(),
        Ok(Err(errors)) => rejected(&state, parts, with_field_errors(echo, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => app_error(&state, parts, echo, err).await,
    }
}

/// An empty body, for building a request to render a page with.
pub(crate) fn empty_request(parts: Parts) -> Request {
    Request::from_parts(parts, Body::empty())
}
