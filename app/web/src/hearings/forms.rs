//! POST handlers for the hearing forms. They work without JavaScript: success redirects to
//! the page with `?done=…`; a rejected form renders the page again with the message and what
//! was typed. The CSV import's preview is the import page rendered with the checked rows.
use super::service::import;
use super::service::{self, HearingInput};
use crate::error::AppError;
use crate::forms::{
    on_page, reject, reject_fields, reject_with_error, see, FormData, FormOutcome, Posted,
};
use crate::i18n::Lang;
use crate::kernel::Actor;
use crate::routes;
use crate::signups::SeatOutcome;
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::request::Parts;
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

/// The uploaded file (multipart), or the preview form sent back (urlencoded, with the file's
/// text in a hidden field).
async fn read_import(lang: Lang, req: Request) -> (Parts, Result<FormData, String>) {
    let is_multipart = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (parts, body) = req.into_parts();
    if !is_multipart {
        let bytes = axum::body::to_bytes(body, MAX_CSV_BYTES * 2).await;
        return (
            parts,
            bytes
                .map(|b| FormData::parse(&b))
                .map_err(|_| t!(lang, hearings.upload.too_large).to_string()),
        );
    }
    let mut inner = http::Request::builder();
    if let Some(ct) = parts.headers.get(http::header::CONTENT_TYPE) {
        inner = inner.header(http::header::CONTENT_TYPE, ct.clone());
    }
    let Ok(inner) = inner.body(body) else {
        return (parts, Err(t!(lang, hearings.upload.incomplete).into()));
    };
    let mut multipart = match Multipart::from_request(inner, &()).await {
        Ok(m) => m,
        Err(_) => return (parts, Err(t!(lang, hearings.upload.incomplete).into())),
    };
    let mut fields = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let Ok(bytes) = field.bytes().await else {
                    return (parts, Err(t!(lang, hearings.upload.too_large).into()));
                };
                if bytes.len() > MAX_CSV_BYTES {
                    return (parts, Err(t!(lang, hearings.upload.too_large).into()));
                }
                let Ok(text) = String::from_utf8(bytes.to_vec()) else {
                    return (parts, Err(t!(lang, hearings.upload.not_text).into()));
                };
                let name = if name == "file" {
                    "csv".to_string()
                } else {
                    name
                };
                fields.push((name, text));
            }
            Ok(None) => break,
            Err(_) => return (parts, Err(t!(lang, hearings.upload.incomplete).into())),
        }
    }
    (parts, Ok(FormData(fields)))
}

async fn import_hearings(
    Actor(actor): Actor,
    State(state): State<AppState>,
    lang: Lang,
    req: Request,
) -> Response {
    let (parts, form) = read_import(lang, req).await;
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
