//! Every POST route and server function, as every role (and signed out), sent what a broken
//! client or an attacker sends: missing fields, empty strings, 10 KB strings, invalid UTF-8,
//! negative and huge numbers, dates in year 0 and 262143, repeated keys, ids in the path that
//! aren't numbers. No answer may be a 5xx, nothing may panic, and a form rejected for its
//! fields must mark the field it means. Real SQLite file, the whole HTTP stack.
use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use std::sync::{Mutex, OnceLock};
use support::{local, TestApp};
use vigil_web::accounts::Role;

/// Every field name a form or server function reads (each ignores the ones it doesn't know).
const FIELDS: &[&str] = &[
    "a",
    "account_id",
    "active",
    "address",
    "alias",
    "back",
    "c",
    "case_ref",
    "contact",
    "cost",
    "counted",
    "court_id",
    "courtroom",
    "csv",
    "display_name",
    "email",
    "ends_at",
    "everywhere",
    "facility_id",
    "forget_on",
    "form_id",
    "go",
    "handoff_note",
    "id",
    "item",
    "item_id",
    "kind",
    "label",
    "language",
    "languages",
    "lead",
    "location",
    "low_below",
    "max_volunteers",
    "meet_minutes",
    "meeting_point",
    "min_volunteers",
    "name",
    "needed",
    "needs",
    "needs_lead",
    "next_date",
    "note",
    "notes",
    "on",
    "outcome_note",
    "overlap_ok",
    "page",
    "person_id",
    "quantity",
    "quiet_end",
    "quiet_start",
    "reason",
    "release_id",
    "released_at",
    "reminder_hours",
    "roles",
    "shift_end",
    "shift_id",
    "shift_start",
    "slot_hours",
    "source",
    "starts_at",
    "t",
    "time_zone",
    "to_location",
    "token",
    "unit",
    "wanted",
    "day",
    "court",
    "facility",
    "from",
    "to",
];

/// Panics in Vigil's code anywhere in this process (handlers, the mail worker), as the log
/// would show them. Panics raised by test code are left out: other modules' tests share this
/// binary, and one of them panics on purpose (the group-commit test) while a failed assertion
/// fails its own test.
fn panics() -> &'static Mutex<Vec<String>> {
    static PANICS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    PANICS.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_tests = info
                .location()
                .is_some_and(|l| l.file().contains("tests/integration/"));
            if !in_tests {
                if let Ok(mut p) = panics().lock() {
                    p.push(info.to_string());
                }
            }
            previous(info);
        }));
        Mutex::new(Vec::new())
    })
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The hostile bodies: (what, urlencoded body as bytes).
fn bodies() -> Vec<(String, Vec<u8>)> {
    let all = |value: &str| {
        FIELDS
            .iter()
            .map(|f| format!("{f}={}", encode(value)))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    };
    let mut out = vec![
        ("missing fields".to_string(), Vec::new()),
        ("empty strings".to_string(), all("")),
        (
            "invalid UTF-8".to_string(),
            FIELDS
                .iter()
                .map(|f| format!("{f}=%FF%FE%80ok%C3"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes(),
        ),
        ("negative numbers".to_string(), all("-1")),
        ("the smallest i64".to_string(), all("-9223372036854775808")),
        (
            "huge numbers".to_string(),
            all("99999999999999999999999999"),
        ),
        ("year 0".to_string(), all("0000-01-01T00:00")),
        ("year 0, a date".to_string(), all("0000-01-01")),
        ("year 262143".to_string(), all("262143-12-31T23:59")),
        (
            "repeated keys".to_string(),
            FIELDS
                .iter()
                .map(|f| format!("{f}=1&{f}=x&{f}="))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes(),
        ),
    ];
    // 10 KB in every field, six fields at a time (all at once would be over the body limit,
    // which has its own test).
    let long = "é".repeat(5 * 1024);
    for chunk in FIELDS.chunks(6) {
        let body = chunk
            .iter()
            .map(|f| format!("{f}={}", encode(&long)))
            .collect::<Vec<_>>()
            .join("&");
        out.push((format!("10 KB in {}", chunk.join(", ")), body.into_bytes()));
    }
    out
}

struct Seeded {
    facility: i64,
    watch: i64,
    shift: i64,
    person: i64,
    hearing: i64,
}

async fn seed(app: &TestApp, ana: &str) -> Seeded {
    let id = |table: &'static str| async move {
        vigil_db::query_scalar::<i64>(format!("SELECT max(id) FROM {table}"))
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    for (name, kind) in [("County Jail", "jail"), ("Immigration Court", "courthouse")] {
        let reply = app
            .post_form(
                "/facilities",
                &[
                    ("name", name),
                    ("kind", kind),
                    ("address", "1 Main St"),
                    ("time_zone", "UTC"),
                    ("notes", ""),
                ],
                Some(ana),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let court = id("facilities").await;
    let facility = court - 1;
    let start = Utc::now() + Duration::days(1);
    let reply = app
        .post_form(
            "/watches",
            &[
                ("facility_id", &facility.to_string()),
                ("kind", "standing"),
                ("starts_at", &local(start)),
                ("ends_at", ""),
                ("slot_hours", ""),
                ("min_volunteers", "1"),
                ("max_volunteers", "3"),
            ],
            Some(ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let watch = id("watches").await;
    let reply = app
        .post_form(
            &format!("/watches/{watch}/shifts"),
            &[
                ("shift_start", &local(start)),
                ("shift_end", &local(start + Duration::hours(4))),
                ("min_volunteers", "1"),
                ("max_volunteers", "3"),
            ],
            Some(ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let reply = app
        .post_form("/people/new", &[("alias", "R")], Some(ana))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let person = id("people").await;
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person.to_string()),
                ("court_id", &court.to_string()),
                ("starts_at", &local(start)),
                ("kind", "master"),
                ("wanted", "2"),
            ],
            Some(ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    app.post_form("/profile/calendars", &[("kind", "personal")], Some(ana))
        .await;
    Seeded {
        facility,
        watch,
        shift: id("shifts").await,
        person,
        hearing: id("hearings").await,
    }
}

/// Every POST path, with the seeded records' ids (and a few ids that aren't ids).
fn paths(s: &Seeded) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/sign-in",
        "/auth",
        "/setup",
        "/profile",
        "/team",
        "/profile/notifications",
        "/unsubscribe",
        "/facilities",
        "/hearings",
        "/hearings/import",
        "/watches",
        "/people/new",
        "/profile/calendars",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(format!("/facilities/{}", s.facility));
    paths.push(format!("/people/{}", s.person));
    for action in [
        "sign-up",
        "drop",
        "cant-come",
        "cant-make-it",
        "still-coming",
        "move",
        "outcome",
        "cancel",
        "handouts-from",
        "supplies",
    ] {
        paths.push(format!("/hearings/{}/{action}", s.hearing));
    }
    for action in ["log", "shifts", "expected", "call-out", "close"] {
        paths.push(format!("/watches/{}/{action}", s.watch));
    }
    for action in ["sign-up", "drop", "cant-come", "check-in", "check-out"] {
        paths.push(format!("/shifts/{}/{action}", s.shift));
    }
    for action in ["assign", "remove", "no-show"] {
        paths.push(format!("/coverage/{}/{action}", s.shift));
    }
    paths.push(format!("/shifts/{}/supplies", s.shift));
    for action in [
        "items",
        "locations",
        "thresholds",
        "restock",
        "transfer",
        "count",
        "handout",
    ] {
        paths.push(format!("/supplies/stock/{action}"));
    }
    paths.push("/call-outs/1/accept".into());
    paths.push("/releases/1/sorted".into());
    paths.push("/team/invite-list".into());
    paths.push("/team/join".into());
    paths.push("/join/not-a-token".into());
    paths.push(format!("/facilities/{}/boards", s.facility));
    paths.push(format!("/facilities/{}/boards/1/revoke", s.facility));
    paths.push("/profile/calendars/1/regenerate".into());
    paths.push("/profile/calendars/1/revoke".into());
    for endpoint in [
        "attention",
        "notifications/prefs",
        "notifications/failed",
        "notifications/retry",
        "facilities",
        "facilities/get",
        "hearings/browse",
        "hearings/get",
        "hearings/mine",
        "hearings/options",
        "shifts/open",
        "shifts/get",
        "shifts/mine",
        "watches",
        "watches/get",
        "watches/log",
        "coverage",
        "coverage/night",
        "call-outs/get",
        "page-context",
        "link-status",
        "join-link-open",
        "board",
        "facilities/boards",
        "team/join",
        "team",
        "accounts/set-active",
        "accounts/qualify",
        "supplies/tally",
        "supplies/taps",
        "supplies/hearing-tally",
        "supplies/hearing-taps",
        "supplies/hearing-source",
        "supplies/stock",
        "supplies/report",
        "calendars",
        "people",
        "people/get",
        "people/erase",
        "people/audit",
        "people/rides",
        "rides",
        "rides/mine",
        "rides/board",
    ] {
        paths.push(format!("/api/{endpoint}"));
    }
    // Ids that aren't ids, and unknown actions.
    for p in [
        "/shifts/abc/sign-up",
        "/rides/abc/take",
        "/rides/1/fly",
        "/people/abc/rides",
        "/hearings/99999999999999999999/move",
        "/watches/-1/log",
        "/coverage/1/nonsense",
        "/people/0",
        "/facilities/%FF",
    ] {
        paths.push(p.to_string());
    }
    paths
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_post_answers_5xx_or_panics_whatever_it_is_sent() {
    panics();
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let seeded = seed(&app, &ana).await;
    let bo = app
        .volunteer("bo@example.org", "Bo", &[Role::Volunteer])
        .await;
    let cy = app
        .volunteer("cy@example.org", "Cy", &[Role::Accompanier])
        .await;
    let roles: [(&str, Option<&str>); 4] = [
        ("signed out", None),
        ("volunteer", Some(&bo)),
        ("accompanier", Some(&cy)),
        ("coordinator", Some(&ana)),
    ];
    let bodies = bodies();
    let mut sent = 0;
    let mut failures = Vec::new();
    for path in paths(&seeded) {
        for (role, cookie) in roles {
            for (what, body) in &bodies {
                let mut req = Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(
                        header::ACCEPT,
                        if path.starts_with("/api/") {
                            "application/json"
                        } else {
                            "text/html"
                        },
                    )
                    .header("sec-fetch-site", "same-origin");
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let reply = app.send(req.body(Body::from(body.clone())).unwrap()).await;
                sent += 1;
                if reply.status.is_server_error() {
                    failures.push(format!(
                        "{} from POST {path} as {role} with {what}: {} {:?}",
                        reply.status,
                        reply.body.chars().take(300).collect::<String>(),
                        reply.headers
                    ));
                }
                // A form rejected for its fields says which: the banner never stands alone.
                if reply.body.contains("Please check the fields marked below.")
                    && !reply.body.contains("class=\"field-error\"")
                {
                    failures.push(format!(
                        "POST {path} as {role} with {what}: fields rejected, none marked"
                    ));
                }
            }
        }
    }
    // Signing out last: it ends the sessions used above.
    for (_, cookie) in roles {
        let reply = app
            .post_form("/sign-out", &[("everywhere", "%FF")], cookie)
            .await;
        assert!(!reply.status.is_server_error());
    }
    let panicked = panics().lock().unwrap().clone();
    assert!(panicked.is_empty(), "panics: {panicked:#?}");
    assert!(
        failures.is_empty(),
        "{} of {sent} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(sent > 2000, "{sent} requests");
}
