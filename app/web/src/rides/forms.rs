//! POST handlers for rides; they work without JavaScript. A coordinator adds or opens a ride
//! on a person's page (`/people/{id}/rides`, `ride` names a draft to open) and cancels one
//! (`/rides/{id}/cancel`); a driver takes one (`/rides/{id}/take`) or gives it up
//! (`/rides/{id}/give-up`). A refused form comes back on its page with what was typed.
use super::{service, RideInput};
use crate::forms::{on_page, FormOutcome, Posted};
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use vigil_core::Failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people/{id}/rides", post(save))
        .route("/rides/{id}/{action}", post(ride_action))
}

async fn save(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(person_id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::person(person_id);
    // The page's one ride form: a new ride, or (`ride`) the draft being opened.
    let ride = form.get("ride").parse::<i64>().ok();
    let echo = form.echo(&routes::person_rides(person_id), &[]);
    let parts = on_page(parts, &page);
    let input = RideInput::parse(
        form.get("for"),
        form.get("time"),
        form.get("seats"),
        form.get("drivers"),
        form.get("area"),
        form.get("pickup"),
    );
    let result = match input {
        Ok(input) => service::save(&state.core, &actor, person_id, ride, &input, Utc::now()).await,
        Err(errors) => Ok(Err(errors)),
    };
    FormOutcome::of(result, |_| routes::done(&page, "ride-saved"))
        .answer(&state, parts, echo)
        .await
}

async fn ride_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Posted(parts, form): Posted,
) -> Response {
    // Back to the page the form was on: the rides list, "My shifts", the coverage board or
    // a person's page (only those: `back` is not a place to send anyone else).
    let person_page = form
        .get("back")
        .strip_prefix(routes::PEOPLE)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|id| id.parse::<i64>().ok());
    let back = match (form.get("back"), person_page) {
        (_, Some(person)) => routes::person(person),
        (routes::MY_SHIFTS, _) => routes::MY_SHIFTS.to_string(),
        (routes::COVERAGE, _) => routes::COVERAGE.to_string(),
        _ => routes::RIDES.to_string(),
    };
    let echo = form.echo(&routes::ride_action(id, &action), &[]);
    let parts = on_page(parts, &back);
    let now = Utc::now();
    let core = &state.core;
    let result: Result<&str, Failure> = match action.as_str() {
        "take" => service::take(core, &actor, id, now)
            .await
            .map(|()| "ride-taken"),
        "give-up" => service::give_up(core, &actor, id, now)
            .await
            .map(|()| "ride-given-up"),
        "cancel" => service::cancel(core, &actor, id, now)
            .await
            .map(|()| "ride-cancelled"),
        _ => Err(Failure::NotFound),
    };
    FormOutcome::of_action(result, |done| routes::done(&back, done))
        .answer(&state, parts, echo)
        .await
}
