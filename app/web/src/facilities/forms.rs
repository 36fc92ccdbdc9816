//! POST handlers for the facility forms (they work without JavaScript).
use super::service;
use crate::forms::{FormOutcome, Posted};
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::FACILITIES, post(create))
        .route("/facilities/{id}", post(update))
}

async fn create(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::FACILITIES, &[]);
    let result = service::create(&state.db, &actor, &form.decode(), Utc::now()).await;
    FormOutcome::of(result, |id| routes::done(&routes::facility(id), "saved"))
        .answer(&state, parts, echo)
        .await
}

async fn update(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::facility(id), &[]);
    let result = service::update(&state.db, &actor, id, &form.decode(), Utc::now()).await;
    FormOutcome::of(result, |()| routes::done(&routes::facility(id), "saved"))
        .answer(&state, parts, echo)
        .await
}
