//! Release watches: sign-up under load, the waitlist, the drop cutoff, composition rules,
//! daylight-saving shifts, open-ended watches, clashes, call-outs and the release log.
//! Real SQLite file, real SMTP listener, real HTTP over loopback for the burst.
use crate::support;

mod offline;
mod planning;
mod releases;
mod sign_ups;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use support::{local, visible, wire, TestApp};
use vigil_web::accounts::Role;

const VOLUNTEER: &[Role] = &[Role::Volunteer];

/// A coordinator with a facility (in UTC unless `tz` says otherwise). Returns the
/// coordinator's cookie and the facility id.
pub(crate) async fn coordinator_with_facility(app: &TestApp, tz: &str) -> (String, i64) {
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", "County Jail"),
                ("kind", "jail"),
                ("address", "1 Main St"),
                ("time_zone", tz),
                ("notes", "Stand by the east gate."),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let id: i64 = vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (ana, id)
}

/// A watch without rolling slots; returns its id.
// Each argument is a field of the form, in the order the tests read them.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn watch(
    app: &TestApp,
    coordinator: &str,
    facility: i64,
    start: &str,
    end: &str,
    slot_hours: &str,
    min: &str,
    max: &str,
    lead: bool,
) -> i64 {
    let mut form = vec![
        ("facility_id", facility.to_string()),
        ("kind", "surge".to_string()),
        ("starts_at", start.to_string()),
        ("ends_at", end.to_string()),
        ("slot_hours", slot_hours.to_string()),
        ("min_volunteers", min.to_string()),
        ("max_volunteers", max.to_string()),
    ];
    if lead {
        form.push(("needs_lead", "on".to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app.post_form("/watches", &pairs, Some(coordinator)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .location()
        .trim_start_matches("/watches/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// A hand-made shift on `watch`; returns its id.
// Each argument is a field of the form, in the order the tests read them.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn shift(
    app: &TestApp,
    coordinator: &str,
    watch: i64,
    start: &str,
    end: &str,
    min: &str,
    max: &str,
    lead: bool,
) -> i64 {
    let mut form = vec![
        ("shift_start", start),
        ("shift_end", end),
        ("min_volunteers", min),
        ("max_volunteers", max),
    ];
    if lead {
        form.push(("needs_lead", "on"));
    }
    let reply = app
        .post_form(
            &format!("/watches/{watch}/shifts"),
            &form,
            Some(coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    vigil_db::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// Tonight at the jail: a watch that began an hour ago, the shift on now (needing
/// `on_now_needs`) and the next one. Returns `(watch, current shift, next shift)`.
pub(crate) async fn tonight(
    app: &TestApp,
    coordinator: &str,
    facility: i64,
    on_now_needs: &str,
) -> (i64, i64, i64) {
    let now = Utc::now();
    let (began, turn, ends) = (
        local(now - Duration::hours(1)),
        local(now + Duration::hours(3)),
        local(now + Duration::hours(7)),
    );
    let w = watch(
        app,
        coordinator,
        facility,
        &began,
        "",
        "",
        on_now_needs,
        "4",
        false,
    )
    .await;
    let current = shift(app, coordinator, w, &began, &turn, on_now_needs, "4", false).await;
    let next = shift(app, coordinator, w, &turn, &ends, "1", "4", false).await;
    (w, current, next)
}

async fn seat_counts(app: &TestApp, shift: i64) -> (i64, i64) {
    let signed: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND status = 'signed_up'")
        .bind(shift)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let waiting: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND status = 'waitlisted'")
        .bind(shift)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (signed, waiting)
}

/// One hand-made shift tomorrow at the jail, with `max` seats.
async fn tomorrow_shift(app: &TestApp, max: &str) -> (String, i64, i64) {
    let (ana, facility) = coordinator_with_facility(app, "UTC").await;
    let start = Utc::now() + Duration::days(1);
    let w = watch(app, &ana, facility, &local(start), "", "", "1", max, false).await;
    let s = shift(
        app,
        &ana,
        w,
        &local(start),
        &local(start + Duration::hours(4)),
        "1",
        max,
        false,
    )
    .await;
    (ana, w, s)
}
