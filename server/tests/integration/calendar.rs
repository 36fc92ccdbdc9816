//! Calendar feeds: parsed by the `ical` crate and by Python's `icalendar`, with the right UTC
//! times across a daylight-saving change, stable UIDs, SEQUENCE on moves, cancelled events,
//! octet folding of long non-ASCII text, 304s, revoked and wrong tokens, and the canary: no
//! supported person's field in any feed, for any role.
use crate::support;

use axum::http::{header, StatusCode};
use chrono::{DateTime, Duration, DurationRound, TimeZone, Utc};
use std::io::BufReader;
use support::TestApp;
use vigil_app::accounts::Role;

fn ny(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn facility(app: &TestApp, coordinator: &str, name: &str, kind: &str) -> i64 {
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
    vigil_app::storage::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// A watch with one hand-made shift from `start` to `end` (New York wall clock).
async fn shift(app: &TestApp, coordinator: &str, facility: i64, start: &str, end: &str) -> i64 {
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
    vigil_app::storage::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// Makes a feed through the calendar page; returns its path (`/calendar/….ics`).
async fn new_feed(app: &TestApp, cookie: &str, kind: &str, facility: Option<i64>) -> String {
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
fn python_reads(body: &str) -> Vec<serde_json::Value> {
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

async fn get(app: &TestApp, path: &str) -> support::Reply {
    app.get(path, None).await
}

#[tokio::test]
async fn feeds_parse_everywhere_with_utc_times_across_dst_stable_uids_and_sequences() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    // New York springs forward on 14 March 2027: 00:00–04:00 on the wall is three hours.
    let dst = shift(&app, &ana, jail, "2027-03-14T00:00", "2027-03-14T04:00").await;
    let later = shift(&app, &ana, jail, "2027-03-20T20:00", "2027-03-21T00:00").await;
    let bo = app
        .volunteer(
            "bo@example.org",
            "Bo",
            &[Role::Volunteer, Role::Accompanier],
        )
        .await;
    for s in [dst, later] {
        assert_eq!(
            app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
                .await
                .status,
            StatusCode::SEE_OTHER
        );
    }
    let feed = new_feed(&app, &bo, "personal", None).await;

    let reply = get(&app, &feed).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(reply.headers[header::REFERRER_POLICY], "no-referrer");
    assert!(
        reply.body.contains("REFRESH-INTERVAL;VALUE=DURATION:PT15M")
            && reply.body.contains("X-PUBLISHED-TTL:PT15M")
    );
    assert!(reply
        .body
        .contains("X-WR-CALNAME:Vigil — my shifts and hearings"));
    let parsed = parse(&reply.body);
    let e = event(&parsed, &format!("shift-{dst}@"));
    assert_eq!(
        (e["DTSTART"].as_str(), e["DTEND"].as_str()),
        ("20270314T050000Z", "20270314T080000Z"),
        "three real hours"
    );
    assert_eq!(e["STATUS"], "CONFIRMED");
    assert!(
        e["SUMMARY"].contains("Jail support — release watch")
            && e["SUMMARY"].contains("County Jail")
    );
    assert_eq!(e["LOCATION"], "1 Main St\\, Springfield", "TEXT escaping");

    // Bo drops the later shift: it stays, cancelled, with the next sequence.
    assert_eq!(
        app.post_form(&format!("/shifts/{later}/drop"), &[], Some(&bo))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let parsed = parse(&get(&app, &feed).await.body);
    let e = event(&parsed, &format!("shift-{later}@"));
    assert_eq!(
        (e["STATUS"].as_str(), e["SEQUENCE"].as_str()),
        ("CANCELLED", "1")
    );

    // A hearing Bo accompanies moves (same UID, SEQUENCE 1), then is cancelled.
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let person = app
        .post_form("/people/new", &[("alias", "Rosa")], Some(&ana))
        .await;
    let person = person
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let start = (Utc::now() + Duration::days(3))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let h = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person),
                ("court_id", &court.to_string()),
                ("starts_at", &ny(start)),
                ("kind", "bond"),
                ("wanted", "2"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(h.status, StatusCode::SEE_OTHER, "{}", h.body);
    let h: i64 = h
        .location()
        .trim_start_matches("/hearings/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    app.post_form(&format!("/hearings/{h}/sign-up"), &[], Some(&bo))
        .await;
    let moved = start + Duration::hours(26);
    assert_eq!(
        app.post_form(
            &format!("/hearings/{h}/move"),
            &[("starts_at", &ny(moved))],
            Some(&ana)
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let body = get(&app, &feed).await.body;
    let parsed = parse(&body);
    let e = event(&parsed, &format!("hearing-{h}@"));
    assert_eq!(e["SEQUENCE"], "1");
    assert_eq!(e["DTSTART"], moved.format("%Y%m%dT%H%M%SZ").to_string());
    assert!(e["SUMMARY"].starts_with("Court accompaniment"));
    assert!(!body.contains("Rosa"));

    // Python reads the same events, times and statuses.
    let py = python_reads(&body);
    let find = |prefix: String| {
        py.iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with(&prefix))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        find(format!("shift-{dst}@"))["start"],
        "2027-03-14T05:00:00+00:00"
    );
    assert_eq!(
        find(format!("shift-{dst}@"))["end"],
        "2027-03-14T08:00:00+00:00"
    );
    assert_eq!(find(format!("shift-{later}@"))["status"], "CANCELLED");
    assert_eq!(find(format!("hearing-{h}@"))["sequence"], 1);

    assert_eq!(
        app.post_form(&format!("/hearings/{h}/cancel"), &[], Some(&ana))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let parsed = parse(&get(&app, &feed).await.body);
    let e = event(&parsed, &format!("hearing-{h}@"));
    assert_eq!(
        (e["STATUS"].as_str(), e["SEQUENCE"].as_str()),
        ("CANCELLED", "2")
    );

    // One event as a download, from its page.
    let one = app
        .get(&format!("/shifts/{dst}/calendar.ics"), Some(&bo))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(parse(&one.body).events.len(), 1);
}

#[tokio::test]
async fn long_spanish_and_chinese_text_folds_at_75_octets_between_characters() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let name = "Centro de Detención del Condado — 县拘留中心 — acompañamiento";
    let jail = facility(&app, &ana, name, "jail").await;
    let start = Utc::now() + Duration::days(2);
    let s = shift(
        &app,
        &ana,
        jail,
        &ny(start),
        &ny(start + Duration::hours(4)),
    )
    .await;
    let feed = new_feed(&app, &ana, "facility", Some(jail)).await;
    let body = get(&app, &feed).await.body;
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(
        body.lines().any(|l| l.starts_with(' ')),
        "something was folded"
    );
    let parsed = parse(&body);
    let summary = &event(&parsed, &format!("shift-{s}@"))["SUMMARY"];
    assert!(
        summary.ends_with(name),
        "unfolds to the same text: {summary:?}\n{body}"
    );
    let py = python_reads(&body);
    assert!(py[0]["summary"].as_str().unwrap().ends_with(name));
}

#[tokio::test]
async fn conditional_gets_revoked_wrong_and_dead_tokens() {
    let (app, ana, _, _, feed) = coordinators_feed_with_one_shift().await;

    let first = get(&app, &feed).await;
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let modified = first.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    let again = app
        .send(
            axum::http::Request::get(&feed)
                .header(header::IF_NONE_MATCH, &etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let since = app
        .send(
            axum::http::Request::get(&feed)
                .header(header::IF_MODIFIED_SINCE, &modified)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);

    // The page lists it (never its address) and can revoke it.
    let page = app.get("/profile/calendars", Some(&ana)).await.body;
    assert!(
        page.contains("all shifts and hearings") && !page.contains("/calendar/"),
        "listed without the address"
    );
    let id: i64 = vigil_app::storage::query_scalar("SELECT max(id) FROM calendar_feeds")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let revoked = app
        .post_form(&format!("/profile/calendars/{id}/revoke"), &[], Some(&ana))
        .await;
    assert_eq!(revoked.location(), "/profile/calendars?done=revoked");
    assert_eq!(get(&app, &feed).await.status, StatusCode::NOT_FOUND);

    // A wrong token: 404, answered the same way as the revoked one.
    let wrong = format!("/calendar/{}.ics", "A".repeat(43));
    let time = |path: String| {
        let app = &app;
        async move {
            let mut samples = Vec::new();
            for _ in 0..41 {
                let t = std::time::Instant::now();
                assert_eq!(get(app, &path).await.status, StatusCode::NOT_FOUND);
                samples.push(t.elapsed());
            }
            samples.sort();
            samples[20]
        }
    };
    let (revoked_median, wrong_median) = (time(feed.clone()).await, time(wrong).await);
    let gap = revoked_median.abs_diff(wrong_median);
    assert!(
        gap < std::time::Duration::from_millis(2),
        "revoked {revoked_median:?} vs wrong {wrong_median:?}"
    );

    // A regenerated address works; deactivating the owner kills it.
    let fresh = new_feed(&app, &ana, "personal", None).await;
    assert_eq!(get(&app, &fresh).await.status, StatusCode::OK);
    vigil_app::storage::query(
        "UPDATE accounts SET status = 'deactivated' WHERE email = 'ana@example.org'",
    )
    .execute(&app.state.db)
    .await
    .unwrap();
    assert_eq!(get(&app, &fresh).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_supported_persons_field_in_any_feed_for_any_role() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let reply = app
        .post_form(
            "/people/new",
            &[
                ("alias", "CANARYALIAS"),
                ("contact", "CANARYCONTACT"),
                ("languages", "CANARYLANG"),
                ("note", "CANARYNOTE"),
                ("case_ref", "CANARYCASE"),
            ],
            Some(&ana),
        )
        .await;
    let person = reply
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let start = Utc
        .timestamp_opt((Utc::now() + Duration::hours(6)).timestamp() / 60 * 60, 0)
        .unwrap();
    let h = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person),
                ("court_id", &court.to_string()),
                ("starts_at", &ny(start)),
                ("kind", "master"),
                ("courtroom", "CANARYROOM"),
                ("wanted", "2"),
                ("meeting_point", "steps"),
            ],
            Some(&ana),
        )
        .await;
    let h: i64 = h
        .location()
        .trim_start_matches("/hearings/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let s = shift(
        &app,
        &ana,
        jail,
        &ny(start),
        &ny(start + Duration::hours(4)),
    )
    .await;
    vigil_app::storage::query("INSERT INTO watch_expected (watch_id, person_id, added_at) SELECT watch_id, ?, ? FROM shifts WHERE id = ?")
        .bind(person.parse::<i64>().unwrap())
        .bind(Utc::now())
        .bind(s)
        .execute(&app.state.db)
        .await
        .unwrap();
    let bo = app
        .volunteer(
            "bo@example.org",
            "Bo",
            &[Role::Volunteer, Role::Accompanier],
        )
        .await;
    app.post_form(&format!("/hearings/{h}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
        .await;

    let feeds = [
        new_feed(&app, &ana, "coordinator", None).await,
        new_feed(&app, &ana, "facility", Some(court)).await,
        new_feed(&app, &ana, "facility", Some(jail)).await,
        new_feed(&app, &bo, "personal", None).await,
        new_feed(&app, &bo, "facility", Some(court)).await,
    ];
    let mut bodies: Vec<String> = Vec::new();
    for feed in &feeds {
        let reply = get(&app, feed).await;
        assert_eq!(reply.status, StatusCode::OK);
        bodies.push(reply.body);
    }
    bodies.push(
        app.get(&format!("/hearings/{h}/calendar.ics"), Some(&bo))
            .await
            .body,
    );
    assert!(
        bodies.iter().all(|b| b.contains("BEGIN:VEVENT")),
        "the feeds have the events"
    );
    for body in &bodies {
        for canary in [
            "CANARYALIAS",
            "CANARYCONTACT",
            "CANARYLANG",
            "CANARYNOTE",
            "CANARYCASE",
            "CANARYROOM",
            "steps",
        ] {
            assert!(!body.contains(canary), "{canary} in a feed");
        }
    }
}

/// A feed shows no role more than its pages: a volunteer can't subscribe to a court's hearing
/// schedule, and an accompanier whose role is taken away stops seeing hearings in feeds made
/// before (while keeping the shifts, which their pages still show).
#[tokio::test]
async fn feeds_give_no_role_more_than_its_pages() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let reply = app
        .post_form("/people/new", &[("alias", "R")], Some(&ana))
        .await;
    let person = reply
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let start = Utc
        .timestamp_opt((Utc::now() + Duration::hours(30)).timestamp() / 60 * 60, 0)
        .unwrap();
    let h = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person),
                ("court_id", &court.to_string()),
                ("starts_at", &ny(start)),
                ("kind", "master"),
                ("courtroom", ""),
                ("wanted", "2"),
                ("meeting_point", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(h.status, StatusCode::SEE_OTHER, "{}", h.body);
    shift(
        &app,
        &ana,
        jail,
        &ny(start),
        &ny(start + Duration::hours(4)),
    )
    .await;

    // A volunteer (no accompanier role) is refused a court's feed.
    let cy = app
        .volunteer("cy@example.org", "Cy", &[Role::Volunteer])
        .await;
    let reply = app
        .post_form(
            "/profile/calendars",
            &[("kind", "facility"), ("facility_id", &court.to_string())],
            Some(&cy),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(!reply.body.contains("/calendar/"), "no feed address");
    let feeds: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM calendar_feeds")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(feeds, 0);

    // An accompanier's feeds show hearings until the role is taken away.
    let bo = app
        .volunteer(
            "bo@example.org",
            "Bo",
            &[Role::Volunteer, Role::Accompanier],
        )
        .await;
    let court_feed = new_feed(&app, &bo, "facility", Some(court)).await;
    let jail_feed = new_feed(&app, &bo, "facility", Some(jail)).await;
    assert!(get(&app, &court_feed).await.body.contains("UID:hearing-"));
    let bo_id = app.account_id("bo@example.org").await;
    vigil_app::accounts::store::set_roles(&app.state.db, bo_id, &[Role::Volunteer], Utc::now())
        .await
        .unwrap();
    let after = get(&app, &court_feed).await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(
        !after.body.contains("UID:hearing-"),
        "no hearing left in the court's feed:\n{}",
        after.body
    );
    assert!(
        get(&app, &jail_feed).await.body.contains("UID:shift-"),
        "shifts stay"
    );
}

/// Runs `sql` on the app's database straight through its pool, past Vigil's storage layer:
/// what a change made by another Vigil server sharing the database looks like to this one.
async fn as_another_server(app: &TestApp, sql: &str) {
    match &app.state.db {
        vigil_app::storage::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        vigil_app::storage::Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .expect("the change");
}

/// Feeds are kept rendered until something in them changes: a repeat poll gets the same bytes
/// and ETag, and a 304; a change made through this server is in the very next poll, and one
/// made by another server sharing the database (straight to it) within `cache::RECHECK`,
/// revocations included.
#[tokio::test]
async fn kept_feeds_follow_every_change_here_and_from_other_servers() {
    use vigil_app::calendar::cache::RECHECK;
    let (app, ana, jail, start, feed) = coordinators_feed_with_one_shift().await;

    let first = get(&app, &feed).await;
    assert_eq!(parse(&first.body).events.len(), 1);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let again = get(&app, &feed).await;
    assert_eq!(
        (again.body.as_str(), &again.headers[header::ETAG]),
        (first.body.as_str(), &first.headers[header::ETAG])
    );
    let conditional = |tag: String| {
        app.send(
            axum::http::Request::get(&feed)
                .header(header::IF_NONE_MATCH, tag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
    };
    assert_eq!(
        conditional(etag.clone()).await.status,
        StatusCode::NOT_MODIFIED
    );

    // A shift added here: the next poll has it, under a new ETag.
    shift(
        &app,
        &ana,
        jail,
        &ny(start + Duration::days(1)),
        &ny(start + Duration::days(1) + Duration::hours(4)),
    )
    .await;
    let second = get(&app, &feed).await;
    assert_eq!(
        parse(&second.body).events.len(),
        2,
        "a change made here is in the next poll"
    );
    assert_ne!(second.headers[header::ETAG].to_str().unwrap(), etag);
    assert_eq!(conditional(etag).await.status, StatusCode::OK);

    // Another server renames the facility: within RECHECK this one serves it too.
    as_another_server(
        &app,
        &format!("UPDATE facilities SET name = 'Renamed Jail' WHERE id = {jail}"),
    )
    .await;
    tokio::time::sleep(RECHECK + std::time::Duration::from_millis(200)).await;
    assert!(
        get(&app, &feed).await.body.contains("Renamed Jail"),
        "another server's change arrives within {RECHECK:?}"
    );

    // …and a revocation there stops the feed here.
    as_another_server(&app, "UPDATE calendar_feeds SET revoked_at = created_at").await;
    tokio::time::sleep(RECHECK + std::time::Duration::from_millis(200)).await;
    assert_eq!(
        get(&app, &feed).await.status,
        StatusCode::NOT_FOUND,
        "revoked on another server"
    );
}

/// Polls only touch a feed's last-used time, which is not a change to any feed: it must not
/// throw the kept feeds away (every feed would be built again on every poll).
#[tokio::test]
async fn a_poll_changes_no_kept_feed() {
    let (app, _, _, _, feed) = coordinators_feed_with_one_shift().await;
    let version = || vigil_app::calendar::store::change_version(&app.state.db);
    let before = version().await.unwrap();
    assert_eq!(get(&app, &feed).await.status, StatusCode::OK);
    let used: Option<chrono::DateTime<Utc>> =
        vigil_app::storage::query_scalar("SELECT last_used_at FROM calendar_feeds")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(used.is_some(), "the poll was noted");
    assert_eq!(
        version().await.unwrap(),
        before,
        "and changed nothing a feed shows"
    );
}
