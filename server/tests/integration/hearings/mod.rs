//! Court hearings: the language filter, sign-up through the shared seats, a move that tells
//! everyone at once and moves their reminders, "I can't make the new time" re-opening the
//! place, cancelling, the outcome, who sees the courtroom and the person, and the CSV import.
//! Real SQLite file, real SMTP listener.
use crate::support;

mod import;
mod moves;
mod privacy;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, DurationRound, Utc};
use support::{visible, TestApp};
use vigil_web::accounts::Role;

const ACCOMPANIER: &[Role] = &[Role::Accompanier];

/// `datetime-local` text for `at` in New York (the court's zone in these tests).
fn ny(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub(crate) struct Court {
    pub(crate) ana: String,
    pub(crate) court: i64,
    pub(crate) person: i64,
}

/// A coordinator, a courthouse in New York and a supported person whose fields are canaries.
pub(crate) async fn court_and_person(app: &TestApp) -> Court {
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", "Immigration Court"),
                ("kind", "courthouse"),
                ("address", "26 Federal Plaza"),
                ("time_zone", "America/New_York"),
                ("notes", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let court: i64 = vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let reply = app
        .post_form(
            "/people/new",
            &[
                ("alias", "CANARYALIAS"),
                ("contact", "CANARYCONTACT"),
                ("languages", "CANARYLANG"),
                ("note", "CANARYNOTE"),
                ("case_ref", "A-123-456-789"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let person = reply
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Court { ana, court, person }
}

pub(crate) async fn hearing(
    app: &TestApp,
    c: &Court,
    at: DateTime<Utc>,
    languages: &str,
    wanted: &str,
) -> i64 {
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &c.person.to_string()),
                ("court_id", &c.court.to_string()),
                ("starts_at", &ny(at)),
                ("kind", "master"),
                ("courtroom", "CANARYROOM Judge"),
                ("languages", languages),
                ("wanted", wanted),
                ("meeting_point", "front steps"),
                ("meet_minutes", "30"),
            ],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{}",
        visible(&reply.body)
    );
    reply
        .location()
        .trim_start_matches("/hearings/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

pub(crate) async fn accompanier(app: &TestApp, email: &str, name: &str, languages: &str) -> String {
    let cookie = app.volunteer(email, name, ACCOMPANIER).await;
    vigil_db::query("UPDATE accounts SET languages = ? WHERE email = ?")
        .bind(languages)
        .bind(email)
        .execute(&app.state.db)
        .await
        .unwrap();
    cookie
}

async fn seats(app: &TestApp, hearing: i64) -> (i64, i64) {
    vigil_db::query_as(
        "SELECT COUNT(*) FILTER (WHERE status = 'signed_up'), COUNT(*) FILTER (WHERE status = 'waitlisted') FROM signups WHERE slot_kind = 'hearing' AND slot_id = ?",
    )
    .bind(hearing)
    .fetch_one(&app.state.db)
    .await
    .unwrap()
}

async fn reminder_times(app: &TestApp, account: i64) -> Vec<DateTime<Utc>> {
    vigil_db::query_scalar("SELECT run_at FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending' ORDER BY run_at")
        .bind(account)
        .fetch_all(&app.state.db)
        .await
        .unwrap()
}

fn assert_no_canary(text: &str, where_: &str) {
    for canary in [
        "CANARYALIAS",
        "CANARYCONTACT",
        "CANARYLANG",
        "CANARYNOTE",
        "CANARYROOM",
        "123-456-789",
        "123456789",
    ] {
        assert!(!text.contains(canary), "{canary} leaked into {where_}");
    }
}

async fn hearing_count(app: &TestApp) -> i64 {
    vigil_db::query_scalar("SELECT COUNT(*) FROM hearings")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}
