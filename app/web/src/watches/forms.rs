//! POST handlers for the watch, shift, coverage and call-out forms. They work without
//! JavaScript: success redirects to the page with `?done=…`; a rejected form renders the
//! page again with the message and what was typed.
use super::service::{self, SignUp, WatchInput};
use crate::forms::{
    on_page, reject, reject_fields, reject_with_error, FormData, FormEcho, FormOutcome, Posted,
};
use crate::i18n::{dates, Lang};
use crate::kernel::Actor;
use crate::routes;
use crate::signups::{SeatOutcome, SeatStatus};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::request::Parts;
use vigil_core::Failure;

/// What an action came to: the notice to show after the redirect, the fields to fix, or a
/// refusal.
type Outcome<'a> = Result<Result<&'a str, super::service::FieldErrors>, Failure>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::WATCHES, post(create_watch))
        .route("/watches/{id}/{action}", post(watch_action))
        .route("/shifts/{id}/{action}", post(shift_action))
        .route("/coverage/{shift}/{action}", post(coverage_action))
        .route("/call-outs/{id}/accept", post(accept_call_out))
        .route("/releases/{id}/sorted", post(release_sorted))
}

/// "Sorted" on the coordinators' home: back there, the release gone from the list.
async fn release_sorted(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::release_sorted(id), &[]);
    let parts = on_page(parts, routes::DASHBOARD);
    let result = service::mark_sorted(&state.db, &actor, id).await;
    FormOutcome::of_action(result, |_| routes::done(routes::DASHBOARD, "sorted"))
        .answer(&state, parts, echo)
        .await
}

async fn create_watch(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::WATCHES, &[]);
    // No such facility is the typist's to fix; a failed read is ours, and says so.
    let facility = match form.get("facility_id").parse::<i64>() {
        Ok(id) => match crate::facilities::service::find(&state.db, id).await {
            Ok(facility) => facility,
            Err(err) => return reject_with_error(&state, parts, echo, err).await,
        },
        Err(_) => None,
    };
    let input = match WatchInput::parse(&form.decode(), facility.as_ref()) {
        Ok(input) => input,
        Err(errors) => return reject_fields(&state, parts, echo, errors).await,
    };
    let result = service::create_watch(&state.db, &actor, &input, Utc::now()).await;
    FormOutcome::of_action(result, |id| routes::done(&routes::watch(id), "created"))
        .answer(&state, parts, echo)
        .await
}

async fn watch_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::watch(id);
    let echo = form.echo(&format!("{page}/{action}"), &[]);
    let parts = on_page(parts, &page);
    let now = Utc::now();
    let ctx = state.people_ctx();
    let result: Outcome<'_> = match action.as_str() {
        "log" => {
            let needs = service::ReleaseNeeds {
                met: &form.all("needs"),
                still: &form.all("still_needs"),
            };
            service::log_release(&ctx, &actor, id, &form.decode(), &needs, now)
                .await
                .map(|r| r.map(|_| "logged"))
        }
        "shifts" => service::add_shift(&state.db, &actor, id, &form.decode(), now)
            .await
            .map(|r| r.map(|_| "shift-added")),
        "close" => service::close_watch(&state.db, &actor, id, now)
            .await
            .map(|_| Ok("closed")),
        "expected" => match form.get("person_id").parse::<i64>() {
            Ok(person) => service::add_expected(&ctx, &actor, id, person, now)
                .await
                .map(|_| Ok("expected-added")),
            Err(_) => Ok(Err(vec![(
                "person_id",
                crate::watches::Refusal::ChoosePerson.into(),
            )])),
        },
        "call-out" => call_out(&state, &actor, &form, now).await,
        _ => Err(Failure::NotFound),
    };
    finish(&state, parts, echo, result, &page).await
}

async fn call_out(
    state: &AppState,
    actor: &crate::accounts::Account,
    form: &FormData,
    now: chrono::DateTime<Utc>,
) -> Result<Result<&'static str, vigil_domain::FieldErrors>, Failure> {
    let Ok(shift) = form.get("shift_id").parse::<i64>() else {
        return Ok(Err(vec![(
            "shift_id",
            crate::watches::Refusal::ChooseShift.into(),
        )]));
    };
    let Ok(needed) = form.get("needed").trim().parse::<i64>() else {
        return Ok(Err(vec![(
            "needed",
            crate::watches::Refusal::NeededMissing.into(),
        )]));
    };
    service::call_out(&state.db, actor, shift, needed, now)
        .await
        .map(|_| Ok("called-out"))
}

async fn finish(
    state: &AppState,
    parts: Parts,
    echo: FormEcho,
    result: Outcome<'_>,
    page: &str,
) -> Response {
    FormOutcome::of(result, |done| routes::done(page, done))
        .answer(state, parts, echo)
        .await
}

async fn shift_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    lang: Lang,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::shift(id);
    let echo = form.echo(&format!("{page}/{action}"), &[]);
    let parts = on_page(parts, &page);
    let now = Utc::now();
    let db = &state.db;
    let result = match action.as_str() {
        "sign-up" => {
            match service::sign_up(db, &actor, id, form.get("overlap_ok") == "on", now).await {
                Ok(SignUp::Done(SeatOutcome::SignedUp | SeatOutcome::AlreadySignedUp)) => {
                    Ok("signed-up")
                }
                Ok(SignUp::Done(SeatOutcome::Waitlisted | SeatOutcome::AlreadyWaitlisted)) => {
                    Ok("waitlisted")
                }
                Ok(SignUp::Clash(clashes)) => {
                    let shifts = clashes
                        .iter()
                        .map(|at| {
                            let when = vigil_domain::time::Span::new(
                                at.starts_at,
                                at.ends_at,
                                &at.time_zone,
                            );
                            t!(
                                lang,
                                watches.clash.shift,
                                place = at.place,
                                when = dates::span(lang, &when)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    let message = t!(lang, watches.clash.message, shifts = shifts);
                    let echo = echo.with_field_error("overlap_ok", message);
                    return reject(&state, parts, echo, http::StatusCode::CONFLICT).await;
                }
                Err(err) => Err(err),
            }
        }
        "drop" => service::drop_shift(db, &actor, id, now)
            .await
            .map(|_| "dropped"),
        "cant-come" => service::cant_come(db, &actor, id, now)
            .await
            .map(|_| "cant-come"),
        "check-in" => service::check(db, &actor, id, true, now)
            .await
            .map(|_| "checked-in"),
        "check-out" => service::check(db, &actor, id, false, now)
            .await
            .map(|_| "checked-out"),
        _ => Err(Failure::NotFound),
    };
    // Back to where the button was: the shift page, or "my shifts".
    let back = if form.get("back") == routes::MY_SHIFTS {
        routes::MY_SHIFTS.to_string()
    } else {
        page.clone()
    };
    FormOutcome::of_action(result, |done| routes::done(&back, done))
        .answer(&state, parts, echo)
        .await
}

async fn coverage_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((shift, action)): Path<(i64, String)>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(&routes::coverage_action(shift, &action), &[]);
    let parts = on_page(parts, routes::COVERAGE);
    let Ok(account) = form.get("account_id").parse::<i64>() else {
        return reject_fields(
            &state,
            parts,
            echo,
            vec![(
                "account_id",
                crate::watches::Refusal::ChooseVolunteer.into(),
            )],
        )
        .await;
    };
    let now = Utc::now();
    let result = match action.as_str() {
        "assign" => service::assign(&state.db, &actor, shift, account, now)
            .await
            .map(|_| "assigned"),
        "remove" => service::take_off(&state.db, &actor, shift, account, SeatStatus::Removed, now)
            .await
            .map(|_| "removed"),
        "no-show" => service::take_off(&state.db, &actor, shift, account, SeatStatus::NoShow, now)
            .await
            .map(|_| "no-show"),
        _ => Err(Failure::NotFound),
    };
    FormOutcome::of_action(result, |done| {
        format!("{}#shift-{shift}", routes::done(routes::COVERAGE, done))
    })
    .answer(&state, parts, echo)
    .await
}

async fn accept_call_out(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted(parts, form): Posted,
) -> Response {
    let page = routes::call_out(id);
    let echo = form.echo(&format!("{page}/accept"), &[]);
    let parts = on_page(parts, &page);
    let result = service::accept_call_out(&state.db, &actor, id, Utc::now()).await;
    FormOutcome::of_action(result, |seated| {
        routes::done(&page, if seated { "seat" } else { "filled" })
    })
    .answer(&state, parts, echo)
    .await
}
