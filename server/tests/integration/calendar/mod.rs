//! Calendar feeds: parsed by the `ical` crate and by Python's `icalendar`, with the right UTC
//! times across a daylight-saving change, stable UIDs, SEQUENCE on moves, cancelled events,
//! octet folding of long non-ASCII text, 304s, revoked and wrong tokens, and the canary: no
//! supported person's field in any feed, for any role.
use crate::support;

mod access;
mod cache;
mod feeds;

use axum::http::{header, StatusCode};
use chrono::{DateTime, Duration, DurationRound, TimeZone, Utc};
use std::io::BufReader;
use support::TestApp;
use vigil_web::accounts::Role;

pub(crate) fn ny(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub(crate) async fn facility(app: &TestApp, coordinator: &str, name: &str, kind: &str) -> i64 {
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", name),
                ("kind", kind),
                ("address", "1 Main St, Springfield"),
                ("time_zone", "America/New_York"),
                ("notes", ""),
            ],
            Some(coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// A watch with one hand-made shift from `start` to `end` (New York wall clock).
pub(crate) async fn shift(
    app: &TestApp,
    coordinator: &str,
    facility: i64,
    start: &str,
    end: &str,
) -> i64 {
    let reply = app
        .post_form(
            "/watches",
            &[
                ("facility_id", &facility.to_string()),
                ("kind", "standing"),
                ("starts_at", start),
                ("ends_at", ""),
                ("slot_hours", ""),
                ("min_volunteers", "1"),
                ("max_volunteers", "4"),
            ],
            Some(coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let watch: i64 = reply
        .location()
        .trim_start_matches("/watches/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let reply = app
        .post_form(
            &format!("/watches/{watch}/shifts"),
            &[
                ("shift_start", start),
                ("shift_end", end),
                ("min_volunteers", "1"),
                ("max_volunteers", "4"),
            ],
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

/// Makes a feed through the calendar page; returns its path (`/calendar/….ics`).
pub(crate) async fn new_feed(
    app: &TestApp,
    cookie: &str,
    kind: &str,
    facility: Option<i64>,
) -> String {
    let facility = facility.map(|f| f.to_string()).unwrap_or_default();
    let reply = app
        .post_form(
            "/profile/calendars",
            &[("kind", kind), ("facility_id", &facility)],
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let start = reply
        .body
        .find("/calendar/")
        .expect("the new address is shown once");
    let path: String = reply.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_.".contains(*c))
        .collect();
    assert!(path.ends_with(".ics"), "{path}");
    path
}

/// A coordinator (Ana), a jail with one four-hour shift from this time tomorrow, and Ana's
/// coordinator feed: `(app, ana, jail, the shift's start, the feed's path)`.
async fn coordinators_feed_with_one_shift() -> (TestApp, String, i64, DateTime<Utc>, String) {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let start = Utc::now() + Duration::days(1);
    shift(
        &app,
        &ana,
        jail,
        &ny(start),
        &ny(start + Duration::hours(4)),
    )
    .await;
    let feed = new_feed(&app, &ana, "coordinator", None).await;
    (app, ana, jail, start, feed)
}

struct Parsed {
    events: Vec<std::collections::HashMap<String, String>>,
}

fn parse(body: &str) -> Parsed {
    let mut calendars = ical::IcalParser::new(BufReader::new(body.as_bytes()));
    let cal = calendars
        .next()
        .expect("a calendar")
        .expect("parses in the ical crate");
    assert!(calendars.next().is_none());
    let events = cal
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect();
    Parsed { events }
}

fn event<'a>(p: &'a Parsed, uid_prefix: &str) -> &'a std::collections::HashMap<String, String> {
    p.events
        .iter()
        .find(|e| e["UID"].starts_with(uid_prefix))
        .unwrap_or_else(|| panic!("no event {uid_prefix}"))
}

/// Python's `icalendar` reads the feed: (uid, start, end, status, sequence) of each event.
pub(crate) fn python_reads(body: &str) -> Vec<serde_json::Value> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), body).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/ical_check.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(file.path())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "python icalendar failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json from the checker")
}

pub(crate) async fn get(app: &TestApp, path: &str) -> support::Reply {
    app.get(path, None).await
}
