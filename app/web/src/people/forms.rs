//! POST handlers for the person forms (they work without JavaScript). A rejected form is
//! rendered again for the coordinator with what they typed; nothing typed reaches the log.
use super::service::{self, PersonInput};
use crate::error::AppError;
use crate::forms::{reject_fields, FormOutcome, Posted};
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
        .route(routes::PEOPLE_NEW, post(create))
        .route("/people/{id}", post(update))
}

async fn create(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::PEOPLE_NEW, &[]);
    let input = match PersonInput::parse(&form.decode()) {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    let result = service::create(&state.people_ctx(), &actor, &input, Utc::now()).await;
    FormOutcome::of_action(result, |id| routes::done(&routes::person(id), "saved"))
        .answer(&state, parts, echo)
        .await
}

async fn update(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::person(id), &[]);
    let ctx = state.people_ctx();
    let now = Utc::now();
    let result: Result<Result<(), service::FieldErrors>, AppError> = async {
        let input = match PersonInput::parse(&form.decode()) {
            Ok(input) => input,
            Err(errors) => return Ok(Err(errors)),
        };
        if let Err(message) =
            service::set_forget_on(&ctx, &actor, id, form.get("forget_on"), now).await?
        {
            return Ok(Err(vec![("forget_on", message.into())]));
        }
        service::update(&ctx, &actor, id, &input, now).await?;
        Ok(Ok(()))
    }
    .await;
    FormOutcome::of(result, |()| routes::done(&routes::person(id), "saved"))
        .answer(&state, parts, echo)
        .await
}
