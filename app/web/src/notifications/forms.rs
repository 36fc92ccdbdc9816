//! POST handlers: notification preferences (signed in) and unsubscribe links (not signed in;
//! one-click from mail clients too, RFC 8058).
use super::service::prefs;
use super::{Category, Prefs, Refusal, Routes, Via};
use crate::forms::{read_form, reject_with_error, FormData, FormOutcome, Posted};
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::NOTIFICATION_PREFS, post(save_prefs))
        .route(routes::UNSUBSCRIBE, post(unsubscribe))
        .route(routes::PHONE, post(phone))
}

/// A refusal about what was typed in `field` shows beside it; anything else above the form.
fn beside(field: &'static str, failure: vigil_core::Failure) -> FormOutcome {
    match failure {
        vigil_core::Failure::Refused(refusal) => FormOutcome::Fix(vec![(field, refusal)]),
        other => FormOutcome::Failed(other.into()),
    }
}

/// The profile's phone forms: send a code (to a new number, or for another channel), type
/// the code back, or remove the number.
async fn phone(
    Actor(me): Actor,
    State(state): State<AppState>,
    Posted(mut parts, form): Posted,
) -> Response {
    use vigil_core::texting::phones;
    let echo = form.echo(routes::PHONE, &["code"]);
    parts.uri = http::Uri::from_static(routes::PROFILE);
    let now = chrono::Utc::now();
    let outcome = match form.get("action") {
        "send" => {
            let channel =
                super::Channel::from_key(form.get("channel")).unwrap_or(super::Channel::Sms);
            match phones::send_code(&state, &me, form.get("number"), channel, now).await {
                Ok(_) => FormOutcome::Done(routes::done(routes::PROFILE, "code_sent")),
                Err(failure) => beside("number", failure),
            }
        }
        "verify" => match phones::verify(&state, &me, form.get("code"), now).await {
            Ok(_) => FormOutcome::Done(routes::done(routes::PROFILE, "verified")),
            Err(failure) => beside("code", failure),
        },
        "remove" => FormOutcome::of_action(phones::remove(&state, &me).await, |()| {
            routes::done(routes::PROFILE, "phone_removed")
        }),
        _ => FormOutcome::Failed(crate::error::AppError::Unreadable),
    };
    outcome.answer(&state, parts, echo).await
}

fn valid_time(s: &str) -> bool {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok()
}

/// Reads the preferences form; field errors name what to fix.
pub fn parse(form: &FormData) -> Result<Prefs, vigil_domain::FieldErrors> {
    let on = |name: &str| form.all("on").contains(&name);
    let mut errors = Vec::new();
    let mut hours: Vec<u32> = Vec::new();
    for h in form
        .get("reminder_hours")
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        match h.parse::<u32>() {
            Ok(n) if (1..=168).contains(&n) => hours.push(n),
            _ => {
                errors.push(("reminder_hours", Refusal::ReminderHours.into()));
                break;
            }
        }
    }
    hours.sort_unstable_by(|a, b| b.cmp(a));
    hours.dedup();
    let (start, end) = (form.get("quiet_start").trim(), form.get("quiet_end").trim());
    // Both empty (no quiet hours) or both valid times.
    let acceptable = (start.is_empty() && end.is_empty()) || (valid_time(start) && valid_time(end));
    if !acceptable {
        errors.push(("quiet_start", Refusal::QuietHours.into()));
    }
    let tz = form.get("time_zone").trim();
    if tz.parse::<chrono_tz::Tz>().is_err() {
        errors.push(("time_zone", Refusal::UnknownZone.into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // "via" boxes: "reminders:sms", …; a kind with none ticked goes by email.
    let mut routes = Routes::default();
    for category in Category::ALL {
        let ticked: Vec<&str> = form
            .all("via")
            .into_iter()
            .filter_map(|v| v.strip_prefix(category.key())?.strip_prefix(':'))
            .collect();
        routes.set(category, Via::from_key(&ticked.join(",")));
    }
    Ok(Prefs {
        reminders: on("reminders"),
        reminder_hours: hours,
        changes: on("changes"),
        urgent: on("urgent"),
        coordinator_alerts: on("coordinator_alerts"),
        quiet_start: (!start.is_empty()).then(|| start.to_string()),
        quiet_end: (!end.is_empty()).then(|| end.to_string()),
        time_zone: tz.to_string(),
        routes,
    })
}

async fn save_prefs(
    Actor(me): Actor,
    State(state): State<AppState>,
    Posted(mut parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::NOTIFICATION_PREFS, &[]);
    // The form lives on the profile page.
    parts.uri = http::Uri::from_static(routes::PROFILE);
    let outcome = match parse(&form) {
        Err(errors) => FormOutcome::Fix(errors),
        Ok(p) => FormOutcome::of_action(super::service::save_prefs(&state, &me, &p).await, |()| {
            routes::done(routes::PROFILE, "saved")
        }),
    };
    outcome.answer(&state, parts, echo).await
}

/// From the page's button, or a mail client's one-click POST (parameters in the query).
async fn unsubscribe(State(state): State<AppState>, req: Request) -> Response {
    let query = FormData::parse(req.uri().query().unwrap_or("").as_bytes());
    let (parts, form) = read_form(req).await;
    let get = |name: &str| {
        if form.get(name).is_empty() {
            query.get(name).to_string()
        } else {
            form.get(name).to_string()
        }
    };
    let (Ok(account), Some(category)) = (get("a").parse::<i64>(), Category::from_key(&get("c")))
    else {
        return reject_with_error(
            &state,
            parts,
            crate::forms::FormEcho::new(routes::UNSUBSCRIBE),
            crate::error::AppError::LinkInvalid,
        )
        .await;
    };
    let valid = match state.link_key().await {
        Ok(key) => prefs::verify_unsubscribe(key, account, category, &get("t")),
        Err(err) => {
            return reject_with_error(
                &state,
                parts,
                crate::forms::FormEcho::new(routes::UNSUBSCRIBE),
                err,
            )
            .await
        }
    };
    if !valid {
        return reject_with_error(
            &state,
            parts,
            crate::forms::FormEcho::new(routes::UNSUBSCRIBE),
            crate::error::AppError::LinkInvalid,
        )
        .await;
    }
    match super::service::unsubscribe(&state.db, account, category).await {
        Ok(()) => Redirect::to(&routes::done(routes::UNSUBSCRIBE, category.key())).into_response(),
        Err(err) => {
            reject_with_error(
                &state,
                parts,
                crate::forms::FormEcho::new(routes::UNSUBSCRIBE),
                err,
            )
            .await
        }
    }
}
