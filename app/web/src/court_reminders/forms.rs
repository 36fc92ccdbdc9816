//! POST /people/{id}/reminders: a coordinator records the person's consent to court-date
//! reminders (`action=record`) or withdraws it (`action=withdraw`). Works without JavaScript;
//! a refused form comes back on the person's page with what was chosen.
use super::{service, ConsentInput};
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
    Router::new().route("/people/{id}/reminders", post(consent))
}

async fn consent(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::person(id);
    let echo = form.echo(&routes::person_reminders(id), &[]);
    let parts = on_page(parts, &page);
    let now = Utc::now();
    let result: Result<Result<&str, vigil_domain::FieldErrors>, Failure> = match form.get("action")
    {
        "withdraw" => service::withdraw(&state.core, Some(&actor), id, now)
            .await
            .and_then(|withdrew| match withdrew {
                true => Ok(Ok("reminders-off")),
                false => Err(service::Refusal::NoConsent.into()),
            }),
        _ => match ConsentInput::parse(form.get("channel"), form.get("language")) {
            Ok(input) => service::record_consent(&state.core, &actor, id, &input, now)
                .await
                .map(|r| r.map(|()| "reminders-on")),
            Err(errors) => Ok(Err(errors)),
        },
    };
    FormOutcome::of(result, |done| routes::done(&page, done))
        .answer(&state, parts, echo)
        .await
}
