//! POST handlers for the facility forms (they work without JavaScript).
use super::{store, FacilityInput, FacilityKind};
use crate::accounts::Role;
use crate::error::AppError;
use crate::forms::{read_form, reject_fields, reject_with_error};
use crate::kernel::account_of;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use vigil_domain::FieldErrors;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::FACILITIES, post(create))
        .route("/facilities/{id}", post(update))
}

async fn create(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::FACILITIES, &[]);
    if !account_of(&parts).is_some_and(|a| a.has_role(Role::Coordinator)) {
        return reject_with_error(&state, parts, echo, AppError::Forbidden).await;
    }
    let input = match parse_input(|name| form.get(name).to_string()) {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    match store::insert(&state.db, &input, Utc::now()).await {
        Ok(id) => Redirect::to(&routes::done(&routes::facility(id), "saved")).into_response(),
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

async fn update(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, form) = read_form(req).await;
    let echo = form.echo(&routes::facility(id), &[]);
    if !account_of(&parts).is_some_and(|a| a.has_role(Role::Coordinator)) {
        return reject_with_error(&state, parts, echo, AppError::Forbidden).await;
    }
    let input = match parse_input(|name| form.get(name).to_string()) {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    // A failed read must not pass for "the zone is unchanged" (shifts' local days follow it).
    let old_zone = match store::get(&state.db, id).await {
        Ok(facility) => facility.map(|f| f.time_zone),
        Err(err) => return reject_with_error(&state, parts, echo, err).await,
    };
    match store::update(&state.db, id, &input, Utc::now()).await {
        Ok(true) => {
            if old_zone.as_deref() != Some(input.time_zone.as_str()) {
                if let Err(err) = crate::watches::service::time_zone_changed(&state.db, id).await {
                    return reject_with_error(&state, parts, echo, err).await;
                }
            }
            Redirect::to(&routes::done(&routes::facility(id), "saved")).into_response()
        }
        Ok(false) => reject_with_error(&state, parts, echo, AppError::NotFound).await,
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

/// The facility form, checked.
fn parse_input(get: impl Fn(&str) -> String) -> Result<FacilityInput, FieldErrors> {
    let mut errors = Vec::new();
    let name = get("name").trim().to_string();
    if name.is_empty() {
        errors.push((
            "name",
            "Give the facility a name people will recognise.".to_string(),
        ));
    } else if name.chars().count() > 100 {
        errors.push(("name", "Keep the name under 100 characters.".to_string()));
    }
    let kind = FacilityKind::from_key(&get("kind"));
    if kind.is_none() {
        errors.push(("kind", "Choose what kind of place this is.".to_string()));
    }
    let address = get("address").trim().to_string();
    if address.chars().count() > 200 {
        errors.push((
            "address",
            "Keep the address under 200 characters.".to_string(),
        ));
    }
    let time_zone = match crate::time::valid_zone(&get("time_zone")) {
        Ok(tz) => tz,
        Err(e) => {
            errors.push(("time_zone", e));
            String::new()
        }
    };
    let notes = get("notes").trim().to_string();
    if notes.chars().count() > 2000 {
        errors.push((
            "notes",
            "Keep the notes under 2,000 characters.".to_string(),
        ));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(FacilityInput {
            name,
            kind,
            address,
            time_zone,
            notes,
        }),
        _ => Err(errors),
    }
}
