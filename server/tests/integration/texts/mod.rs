//! Text messages: SMS through a real Kannel (fakesmsc as the phone network), Twilio's API and
//! signal-cli-rest-api served on loopback as documented, verification codes, replies as
//! commands, delivery problems, and no supported person's data in any text.
use crate::support;
mod court_reminders;
mod kannel;
mod rides;
mod signal;
mod twilio;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use support::TestApp;
use vigil_web::accounts::{Account, Role};
use vigil_web::facilities::{FacilityInput, FacilityKind};
use vigil_web::watches::WatchKind;

/// The six digits of a verification code text.
fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_string()
}

/// Asks for a code for `typed` by `channel`, waits for it with `arrives`, types it back.
async fn verify<F, Fut>(app: &TestApp, cookie: &str, typed: &str, channel: &str, arrives: F)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let sent = app
        .post_form(
            "/profile/phone",
            &[("action", "send"), ("number", typed), ("channel", channel)],
            Some(cookie),
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&sent.body)
    );
    let code = code_in(&arrives().await);
    let done = app
        .post_form(
            "/profile/phone",
            &[("action", "verify"), ("code", &code)],
            Some(cookie),
        )
        .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&done.body)
    );
    assert!(
        done.location().contains("done=verified"),
        "{}",
        done.location()
    );
}

/// Saves notification settings: `on` the kinds wanted, `via` "kind:channel" pairs.
async fn prefs(
    app: &TestApp,
    cookie: &str,
    on: &[&str],
    via: &[&str],
    hours: &str,
) -> support::Reply {
    let mut form: Vec<(&str, &str)> = on.iter().map(|k| ("on", *k)).collect();
    form.extend(via.iter().map(|v| ("via", *v)));
    form.extend([
        ("reminder_hours", hours),
        ("quiet_start", ""),
        ("quiet_end", ""),
        ("time_zone", "UTC"),
    ]);
    app.post_form("/profile/notifications", &form, Some(cookie))
        .await
}

async fn account(app: &TestApp, email: &str) -> Account {
    vigil_core::accounts::store::find_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
}

async fn facility(app: &TestApp) -> i64 {
    vigil_core::facilities::store::insert(
        &app.state.db,
        &FacilityInput {
            name: "County Jail".into(),
            kind: FacilityKind::Jail,
            address: "1 Main St".into(),
            time_zone: "America/New_York".into(),
            notes: "East gate.".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

/// One shift of `hours` from `starts_at`; returns its id.
async fn shift(
    app: &TestApp,
    by: &Account,
    facility: i64,
    starts_at: DateTime<Utc>,
    hours: i64,
) -> i64 {
    let input = vigil_core::watches::WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at,
        ends_at: Some(starts_at + Duration::hours(hours)),
        slot_hours: Some(hours),
        min_volunteers: 1,
        max_volunteers: 2,
        needs_lead: false,
    };
    let watch = vigil_core::watches::create_watch(&app.state.db, by, &input, Utc::now())
        .await
        .expect("watch");
    vigil_db::query_scalar("SELECT id FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn seat_status(app: &TestApp, shift: i64, account: i64) -> Option<String> {
    vigil_db::query_scalar(
        "SELECT status FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND account_id = ?",
    )
    .bind(shift)
    .bind(account)
    .fetch_optional(&app.state.db)
    .await
    .unwrap()
}

/// Waits (up to 10 s) until `check` holds.
async fn eventually<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

const VOLUNTEER: &[Role] = &[Role::Volunteer];

/// What no text may carry: a supported person's every field.
const CANARIES: [&str; 6] = [
    "CANARYALIAS",
    "CANARYCONTACT",
    "CANARYNOTE",
    "CANARYROOM",
    "123-456-789",
    "123456789",
];

/// A supported person whose every field is a canary; returns their id.
async fn canary_person(app: &TestApp, coordinator: &str) -> i64 {
    canary_person_reached_at(app, coordinator, "CANARYCONTACT").await
}

/// The same, with a real `contact` (a number or an address to send reminders to).
async fn canary_person_reached_at(app: &TestApp, coordinator: &str, contact: &str) -> i64 {
    app.add_person(
        coordinator,
        &[
            ("alias", "CANARYALIAS"),
            ("contact", contact),
            ("languages", "Spanish"),
            ("note", "CANARYNOTE"),
            ("case_ref", "A-123-456-789"),
        ],
    )
    .await
}
