//! POST handlers for the facility forms (they work without JavaScript).
use super::{store, FacilityForm};
use crate::accounts::Role;
use crate::error::AppError;
use crate::forms::{reject_fields, reject_with_error, see, FormOutcome, Posted};
use crate::kernel::account_of;
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

async fn create(State(state): State<AppState>, Posted(parts, form): Posted) -> Response {
    let echo = form.echo(routes::FACILITIES, &[]);
    if !account_of(&parts).is_some_and(|a| a.has_role(Role::Coordinator)) {
        return reject_with_error(&state, parts, echo, AppError::Forbidden).await;
    }
    let input = match form.decode::<FacilityForm>().validate() {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    let result = store::insert(&state.db, &input, Utc::now()).await;
    FormOutcome::of_action(result.map_err(AppError::from), |id| {
        routes::done(&routes::facility(id), "saved")
    })
    .answer(&state, parts, echo)
    .await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::facility(id), &[]);
    if !account_of(&parts).is_some_and(|a| a.has_role(Role::Coordinator)) {
        return reject_with_error(&state, parts, echo, AppError::Forbidden).await;
    }
    let input = match form.decode::<FacilityForm>().validate() {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    // A failed read must not pass for "the zone is unchanged" (shifts' local days follow it).
    let old_zone = match store::get(&state.db, id).await {
        Ok(facility) => facility.map(|f| f.time_zone),
        Err(err) => return reject_with_error(&state, parts, echo, err.into()).await,
    };
    match store::update(&state.db, id, &input, Utc::now()).await {
        Ok(true) => {
            if old_zone.as_deref() != Some(input.time_zone.as_str()) {
                if let Err(err) = crate::watches::service::time_zone_changed(&state.db, id).await {
                    return reject_with_error(&state, parts, echo, err).await;
                }
            }
            see(routes::done(&routes::facility(id), "saved"))
        }
        Ok(false) => reject_with_error(&state, parts, echo, AppError::NotFound).await,
        Err(err) => reject_with_error(&state, parts, echo, err.into()).await,
    }
}
