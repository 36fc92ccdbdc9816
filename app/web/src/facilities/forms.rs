//! POST handlers for the facility forms (they work without JavaScript).
use super::service;
use crate::forms::{on_page, reject, reject_with_error, FormOutcome, Posted};
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::StatusCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::FACILITIES, post(create))
        .route("/facilities/{id}", post(update))
        .route("/facilities/{id}/boards", post(make_board_link))
        .route(
            "/facilities/{id}/boards/{link}/revoke",
            post(revoke_board_link),
        )
}

/// A new board link's address is shown this once, on the facility's page (never in a
/// redirect's address: only its hash is kept).
async fn make_board_link(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let mut echo = form.echo(&routes::board_links(id), &[]);
    let parts = on_page(parts, &routes::facility(id));
    match service::board::make_link(&state.db, &state.config, &actor, id, Utc::now()).await {
        Ok(link) => {
            echo.values = vec![("made".into(), link)];
            reject(&state, parts, echo, StatusCode::OK).await
        }
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

async fn revoke_board_link(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, link)): Path<(i64, i64)>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::board_links(id), &[]);
    let parts = on_page(parts, &routes::facility(id));
    let result = service::board::revoke_link(&state.db, &actor, id, link, Utc::now()).await;
    FormOutcome::of_action(result, |()| {
        routes::done(&routes::facility(id), "board_revoked")
    })
    .answer(&state, parts, echo)
    .await
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
