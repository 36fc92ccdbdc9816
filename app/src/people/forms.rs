//! POST handlers for the person forms (they work without JavaScript). A rejected form is
//! rendered again for the coordinator with what they typed; nothing typed reaches the log.
use super::service::{self, PersonInput};
use crate::accounts::session::CurrentAccount;
use crate::error::AppError;
use crate::forms::{FormData, FormEcho};
use crate::routes;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::StatusCode;

pub fn routes() -> Router<AppState> {
    Router::new().route(routes::PEOPLE_NEW, post(create)).route("/people/{id}", post(update))
}

async fn read(req: Request) -> (http::request::Parts, FormData) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    (parts, FormData::parse(&bytes))
}

async fn rejected(state: &AppState, parts: http::request::Parts, echo: FormEcho, status: StatusCode) -> Response {
    crate::shell::render_with_echo(state, parts, echo, status).await
}

fn with_errors(mut echo: FormEcho, errors: service::FieldErrors) -> FormEcho {
    for (field, message) in errors {
        echo = echo.with_field_error(field, message);
    }
    echo
}

async fn create(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = read(req).await;
    let echo = form.echo(routes::PEOPLE_NEW, &[]);
    let Some(actor) = parts.extensions.get::<CurrentAccount>().and_then(|c| c.0.clone()) else {
        return Redirect::to(routes::SIGN_IN).into_response();
    };
    let input = match PersonInput::parse(|name| form.get(name).to_string()) {
        Ok(input) => input,
        Err(errors) => return rejected(&state, parts, with_errors(echo, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match service::create(&state.people_ctx(), &actor, &input, Utc::now()).await {
        Ok(id) => Redirect::to(&format!("/people/{id}?saved=1")).into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            rejected(&state, parts, echo.with_error(err.to_string()), status).await
        }
    }
}

async fn update(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, form) = read(req).await;
    let action = format!("/people/{id}");
    let echo = form.echo(&action, &[]);
    let Some(actor) = parts.extensions.get::<CurrentAccount>().and_then(|c| c.0.clone()) else {
        return Redirect::to(routes::SIGN_IN).into_response();
    };
    let ctx = state.people_ctx();
    let now = Utc::now();
    let result: Result<Result<(), service::FieldErrors>, AppError> = async {
        let input = match PersonInput::parse(|name| form.get(name).to_string()) {
            Ok(input) => input,
            Err(errors) => return Ok(Err(errors)),
        };
        if let Err(message) = service::set_forget_on(&ctx, &actor, id, form.get("forget_on"), now).await? {
            return Ok(Err(vec![("forget_on", message)]));
        }
        service::update(&ctx, &actor, id, &input, now).await?;
        Ok(Ok(()))
    }
    .await;
    match result {
        Ok(Ok(())) => Redirect::to(&format!("/people/{id}?saved=1")).into_response(),
        Ok(Err(errors)) => rejected(&state, parts, with_errors(echo, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(err) => {
            let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            rejected(&state, parts, echo.with_error(err.to_string()), status).await
        }
    }
}
