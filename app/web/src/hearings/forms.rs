//! POST handlers for the hearing forms. They work without JavaScript: success redirects to
//! the page with `?done=…`; a rejected form renders the page again with the message and what
//! was typed. The CSV import's preview is the import page rendered with the checked rows.
use super::service::import;
use super::service::{self, HearingInput};
use crate::error::AppError;
use crate::forms::{on_page, reject, reject_fields, reject_with_error, see, FormOutcome, Posted};
use crate::i18n::Lang;
use crate::kernel::Actor;
use crate::routes;
use crate::signups::SeatOutcome;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use vigil_core::Failure;

/// What an action came to: the notice to show after the redirect, the fields to fix, or a
/// refusal.
type Outcome = Result<Result<String, super::service::FieldErrors>, Failure>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::HEARINGS, post(create_hearing))
        .route(routes::HEARINGS_IMPORT, post(import_hearings))
        .route("/hearings/{id}/{action}", post(hearing_action))
}

async fn create_hearing(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::HEARINGS, &[]);
    let parts = on_page(parts, routes::HEARINGS_NEW);
    let now = Utc::now();
    // No such court is the typist's to fix; a failed read is ours, and says so.
    let court = match form.get("court_id").parse::<i64>() {
        Ok(id) => match crate::facilities::service::find(&state.db, id).await {
            Ok(court) => court,
            Err(err) => return reject_with_error(&state, parts, echo, err).await,
        },
        Err(_) => None,
    };
    let input = match HearingInput::parse(&form.decode(), court.as_ref(), now) {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    let result = service::create(&state.people_ctx(), &actor, &input, now).await;
    FormOutcome::of(result, |id| routes::done(&routes::hearing(id), "created"))
        .answer(&state, parts, echo)
        .await
}

async fn hearing_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::hearing(id);
    let echo = form.echo(&format!("{page}/{action}"), &[]);
    let parts = on_page(parts, &page);
    let now = Utc::now();
    let db = &state.db;
    let ctx = state.people_ctx();
    let result: Outcome = match action.as_str() {
        "sign-up" => service::sign_up(db, &actor, id, now).await.map(|outcome| {
            Ok(match outcome {
                SeatOutcome::SignedUp | SeatOutcome::AlreadySignedUp => "signed-up",
                SeatOutcome::Waitlisted | SeatOutcome::AlreadyWaitlisted => "waitlisted",
            }
            .to_string())
        }),
        "drop" => service::drop_seat(db, &actor, id, now)
            .await
            .map(|_| Ok("dropped".into())),
        "cant-come" => service::cant_come(db, &actor, id, now)
            .await
            .map(|_| Ok("cant-come".into())),
        "still-coming" => service::answer_move(db, &actor, id, true, now)
            .await
            .map(|_| Ok("still-coming".into())),
        "cant-make-it" => service::answer_move(db, &actor, id, false, now)
            .await
            .map(|_| Ok("cant-make-it".into())),
        "move" => service::move_hearing(&ctx, &actor, id, form.get("starts_at"), now)
            .await
            .map(|r| r.map(|_| "moved".into())),
        "cancel" => service::cancel(&ctx, &actor, id, now)
            .await
            .map(|_| Ok("cancelled".into())),
        "outcome" => service::record_outcome(&ctx, &actor, id, &form.decode(), now)
            .await
            .map(|r| {
                r.map(|next| match next {
                    Some(next) => format!("outcome&next={next}"),
                    None => "outcome".into(),
                })
            }),
        "handouts-from" => {
            crate::supplies::service::set_hearing_source(db, &actor, id, form.get("place"), now)
                .await
                .map(|r| r.map(|()| "handouts-from".into()))
        }
        _ => Err(Failure::NotFound),
    };
    // Back to where the button was: the hearing's page, or "my hearings".
    let back = if form.get("back") == routes::MY_HEARINGS {
        routes::MY_HEARINGS.to_string()
    } else {
        page
    };
    FormOutcome::of(result, |done| routes::done(&back, &done))
        .answer(&state, parts, echo)
        .await
}

/// The largest docket file taken (a few thousand rows).
const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;

async fn import_hearings(
    Actor(actor): Actor,
    State(state): State<AppState>,
    lang: Lang,
    req: Request,
) -> Response {
    let (parts, form) = crate::forms::read_upload(lang, req, MAX_CSV_BYTES, "csv").await;
    let form = match form {
        Ok(form) => form,
        Err(message) => {
            return reject(
                &state,
                parts,
                crate::forms::FormEcho::new(routes::HEARINGS_IMPORT).with_error(message),
                http::StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let now = Utc::now();
    let ctx = state.people_ctx();
    let csv = form.get("csv").to_string();
    let settings = form.decode();
    let result = if form.get("go") == "import" {
        import::import(&ctx, &actor, &csv, &settings, now)
            .await
            .map(|(preview, added)| (preview, Some(added)))
    } else {
        import::check(&ctx, &actor, &csv, &settings, now)
            .await
            .map(|(preview, _)| (preview, None))
    };
    let mut echo = form.echo(routes::HEARINGS_IMPORT, &["preview", "go"]);
    match result {
        Ok((preview, Some(added))) if preview.error_rows == 0 && preview.file_error.is_none() => {
            see(format!(
                "{}?done=imported&added={added}&skipped={}",
                routes::HEARINGS_IMPORT,
                preview.duplicates
            ))
        }
        Ok((preview, _)) => {
            let status = if preview.file_error.is_some() || preview.error_rows > 0 {
                http::StatusCode::UNPROCESSABLE_ENTITY
            } else {
                http::StatusCode::OK
            };
            match serde_json::to_string(&preview) {
                Ok(json) => echo.values.push(("preview".into(), json)),
                Err(_) => return reject_with_error(&state, parts, echo, AppError::Internal).await,
            }
            reject(&state, parts, echo, status).await
        }
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}
