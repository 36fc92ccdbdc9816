//! POST handlers for the supplies forms (they work without JavaScript: success redirects
//! with `?done=…`, a rejected form comes back with the message and what was typed). The CSV
//! export is `export.rs`.
use super::service;
use super::{TallyAt, Tap};
use crate::forms::{on_page, reject, FormOutcome, Posted};
use crate::i18n::Lang;
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use http::StatusCode;
use vigil_core::Failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/shifts/{id}/supplies", post(tally_form))
        .route("/hearings/{id}/supplies", post(tally_form))
        .route("/supplies/stock/{action}", post(stock_action))
        .route("/supplies/export.csv", get(super::export::export))
}

/// The tally screen without JavaScript: one quantity per item, sent together. The form's
/// id makes each line's tap id, so sending the form twice (a double tap, a retry on a weak
/// signal) counts once.
async fn tally_form(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    lang: Lang,
    Posted(parts, form): Posted,
) -> Response {
    // The same form serves a shift's tally screen and a hearing's.
    let at = if parts.uri.path().starts_with(routes::HEARINGS) {
        TallyAt::Hearing(id)
    } else {
        TallyAt::Shift(id)
    };
    let page = at.tally_path();
    let mut echo = form.echo(&page, &[]);
    let parts = on_page(parts, &page);
    let form_id = form.get("form_id").to_string();
    let release_id = form.get("release_id").parse::<i64>().ok();
    let mut taps = Vec::new();
    for (name, value) in &form.0 {
        let Some(item_id) = name
            .strip_prefix("qty-")
            .and_then(|i| i.parse::<i64>().ok())
        else {
            continue;
        };
        match value.trim() {
            "" | "0" => {}
            text => match text.parse::<i64>() {
                Ok(n) if n.abs() <= super::ledger::MAX_QUANTITY => {
                    taps.push(Tap {
                        tap_id: format!("{form_id}-{item_id}"),
                        item_id,
                        delta: n,
                        release_id,
                        tapped_at_ms: None,
                    });
                }
                _ => echo = echo.with_field_error(name, t!(lang, supplies.form.whole_number)),
            },
        }
    }
    if !echo.is_ok() {
        return reject(&state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if taps.is_empty() {
        return reject(
            &state,
            parts,
            echo.with_error(t!(lang, supplies.form.nothing_entered)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let result = service::record_taps(&state.db, &actor, at, &taps, Utc::now()).await;
    FormOutcome::of_action(result, |_| routes::done(&page, "saved"))
        .answer(&state, parts, echo)
        .await
}

async fn stock_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(action): Path<String>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::stock_action(&action), &[]);
    let parts = on_page(parts, routes::SUPPLIES_STOCK);
    let now = Utc::now();
    let db = &state.db;
    let result = match action.as_str() {
        "items" => service::add_item(db, &actor, &form.decode(), now)
            .await
            .map(|r| r.map(|_| "item-added")),
        "locations" => service::add_location(db, &actor, form.get("name"), now)
            .await
            .map(|r| r.map(|_| "place-added")),
        "thresholds" => service::set_threshold(db, &actor, &form.decode(), now)
            .await
            .map(|r| r.map(|_| "threshold-set")),
        "restock" => service::record(db, &actor, "restock", &form.decode(), now)
            .await
            .map(|r| r.map(|_| "restocked")),
        "transfer" => service::record(db, &actor, "transfer", &form.decode(), now)
            .await
            .map(|r| r.map(|_| "moved")),
        "count" => service::record(db, &actor, "count", &form.decode(), now)
            .await
            .map(|r| r.map(|_| "counted")),
        "handout" => service::record(db, &actor, "handout", &form.decode(), now)
            .await
            .map(|r| r.map(|_| "handed-out")),
        _ => Err(Failure::NotFound),
    };
    FormOutcome::of(result, |done| routes::done(routes::SUPPLIES_STOCK, done))
        .answer(&state, parts, echo)
        .await
}
