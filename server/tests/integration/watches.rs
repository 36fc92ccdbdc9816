//! Release watches: sign-up under load, the waitlist, the drop cutoff, composition rules,
//! daylight-saving shifts, open-ended watches, clashes, call-outs and the release log.
//! Real SQLite file, real SMTP listener, real HTTP over loopback for the burst.
use crate::support;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use support::{local, visible, wire, TestApp};
use vigil_app::accounts::Role;

const VOLUNTEER: &[Role] = &[Role::Volunteer];

/// A coordinator with a facility (in UTC unless `tz` says otherwise). Returns the
/// coordinator's cookie and the facility id.
async fn coordinator_with_facility(app: &TestApp, tz: &str) -> (String, i64) {
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
    let id: i64 = vigil_app::storage::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (ana, id)
}

/// A watch without rolling slots; returns its id.
// Each argument is a field of the form, in the order the tests read them.
#[allow(clippy::too_many_arguments)]
async fn watch(
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
async fn shift(
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
    vigil_app::storage::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn seat_counts(app: &TestApp, shift: i64) -> (i64, i64) {
    let signed: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND status = 'signed_up'")
        .bind(shift)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let waiting: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND status = 'waitlisted'")
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_simultaneous_sign_ups_for_three_seats_never_overbook() {
    let app = TestApp::new().await;
    let (_ana, _watch, shift_id) = tomorrow_shift(&app, "3").await;
    let mut cookies = Vec::new();
    for i in 0..200 {
        cookies.push(
            app.volunteer(&format!("v{i}@example.org"), &format!("V{i}"), VOLUNTEER)
                .await,
        );
    }
    let addr = app.listen().await;
    let path = format!("/shifts/{shift_id}/sign-up");
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(cookies.len()));
    let mut tasks = Vec::new();
    for cookie in cookies {
        let (path, start) = (path.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            wire::request(addr, "POST", &path, Some(&cookie), Some(""))
                .await
                .expect("request")
        }));
    }
    let (mut signed, mut waitlisted) = (0, 0);
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(
            reply.status, 303,
            "every request answered without an error (got {})",
            reply.status
        );
        match reply.location.as_str() {
            l if l.ends_with("done=signed-up") => signed += 1,
            l if l.ends_with("done=waitlisted") => waitlisted += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!(
        (signed, waitlisted),
        (3, 197),
        "three told they're on, the rest waitlisted"
    );
    assert_eq!(
        seat_counts(&app, shift_id).await,
        (3, 197),
        "exactly three seats taken"
    );
    let reminders: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        reminders, 3,
        "a 2-hour reminder for each of the three (24 h is already past), none for the waitlist"
    );
}

#[tokio::test]
async fn a_drop_promotes_the_first_on_the_waitlist_and_tells_them() {
    let app = TestApp::new().await;
    let (_ana, _watch, shift_id) = tomorrow_shift(&app, "1").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    let di = app.volunteer("di@example.org", "Di", VOLUNTEER).await;
    for cookie in [&bo, &cy, &di] {
        assert_eq!(
            app.post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(cookie))
                .await
                .status,
            StatusCode::SEE_OTHER
        );
    }
    let page = app.get(&format!("/shifts/{shift_id}"), Some(&di)).await;
    let text = visible(&page.body);
    assert!(
        text.contains("You're #2 on the waitlist"),
        "Di sees her place in line: {}",
        &text[text.find("<main").unwrap_or(0)..]
    );
    let bo_id = app.account_id("bo@example.org").await;
    let cy_id = app.account_id("cy@example.org").await;
    let reminders = |id: i64| {
        let db = app.state.db.clone();
        async move {
            vigil_app::storage::query_scalar::<i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending'")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        reminders(bo_id).await,
        1,
        "Bo's 2-hour reminder is queued (24 h is already past)"
    );

    let dropped = app
        .post_form(&format!("/shifts/{shift_id}/drop"), &[], Some(&bo))
        .await;
    assert_eq!(
        dropped.location(),
        format!("/shifts/{shift_id}?done=dropped")
    );
    assert_eq!(seat_counts(&app, shift_id).await, (1, 1));
    assert_eq!(
        reminders(bo_id).await,
        0,
        "Bo's reminders are cancelled with the drop"
    );
    assert_eq!(
        reminders(cy_id).await,
        1,
        "Cy's reminders are scheduled on promotion"
    );
    let mail = app.smtp.wait_for("cy@example.org").await;
    assert!(
        mail.subject().contains("from the waitlist"),
        "{}",
        mail.subject()
    );
    assert!(mail.text().contains("County Jail"));
    assert!(
        mail.text().contains(&format!("/shifts/{shift_id}")),
        "a link back to the shift"
    );
    let page = app.get(&format!("/shifts/{shift_id}"), Some(&cy)).await;
    assert!(
        page.body.contains("Drop this shift"),
        "Cy is on the shift now"
    );

    // Bo changes his mind: he joins the back of the line, behind Di, and asking twice (or Cy
    // asking again for the seat she has) changes nothing.
    let again = app
        .post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(
        again.location(),
        format!("/shifts/{shift_id}?done=waitlisted")
    );
    assert_eq!(
        app.post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&bo))
            .await
            .location(),
        format!("/shifts/{shift_id}?done=waitlisted")
    );
    assert_eq!(
        app.post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&cy))
            .await
            .location(),
        format!("/shifts/{shift_id}?done=signed-up")
    );
    assert_eq!(seat_counts(&app, shift_id).await, (1, 2));
    assert_eq!(reminders(bo_id).await, 0, "no reminders while waitlisted");
    assert!(
        visible(
            &app.get(&format!("/shifts/{shift_id}"), Some(&bo))
                .await
                .body
        )
        .contains("You're #2 on the waitlist"),
        "Bo is behind Di"
    );
    assert!(visible(
        &app.get(&format!("/shifts/{shift_id}"), Some(&di))
            .await
            .body
    )
    .contains("You're #1 on the waitlist"));
}

#[tokio::test]
async fn a_volunteer_who_drops_and_signs_up_again_gets_their_reminder_back() {
    let app = TestApp::new().await;
    let (_ana, _watch, shift_id) = tomorrow_shift(&app, "2").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let bo_id = app.account_id("bo@example.org").await;
    let reminders = |status: &'static str| {
        let db = app.state.db.clone();
        async move {
            vigil_app::storage::query_scalar::<i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = ?")
                .bind(bo_id)
                .bind(status)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let sign_up = app
        .post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(
        sign_up.location(),
        format!("/shifts/{shift_id}?done=signed-up")
    );
    assert_eq!(reminders("pending").await, 1);
    app.post_form(&format!("/shifts/{shift_id}/drop"), &[], Some(&bo))
        .await;
    assert_eq!(
        (reminders("pending").await, reminders("cancelled").await),
        (0, 1)
    );

    let again = app
        .post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(
        again.location(),
        format!("/shifts/{shift_id}?done=signed-up"),
        "a free seat: he's on again"
    );
    assert_eq!(
        (reminders("pending").await, reminders("cancelled").await),
        (1, 0),
        "the cancelled reminder is back, not doubled"
    );
}

#[tokio::test]
async fn after_the_cutoff_a_volunteer_cannot_drop_but_can_tell_the_coordinators() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let soon = Utc::now() + Duration::hours(2);
    let w = watch(&app, &ana, facility, &local(soon), "", "", "2", "4", false).await;
    let s = shift(
        &app,
        &ana,
        w,
        &local(soon),
        &local(soon + Duration::hours(4)),
        "2",
        "4",
        false,
    )
    .await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
        .await;

    let refused = app
        .post_form(&format!("/shifts/{s}/drop"), &[], Some(&bo))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("less than 3 hours before the shift"),
        "the page says why"
    );
    assert_eq!(seat_counts(&app, s).await, (1, 0), "still on the shift");
    assert!(
        visible(&refused.body).contains("I can't come"),
        "and offers the way out"
    );

    let told = app
        .post_form(&format!("/shifts/{s}/cant-come"), &[], Some(&bo))
        .await;
    assert_eq!(told.location(), format!("/shifts/{s}?done=cant-come"));
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "A volunteer can't make a shift");
    let board = app.get("/coverage", Some(&ana)).await;
    assert!(visible(&board.body).contains("someone can't come"));

    // The coordinator takes Bo off: now it's done, and Bo is told.
    let bo_id = app.account_id("bo@example.org").await.to_string();
    let removed = app
        .post_form(
            &format!("/coverage/{s}/remove"),
            &[("account_id", &bo_id)],
            Some(&ana),
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(seat_counts(&app, s).await, (0, 0));
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "You're off a jail support shift");
    let again = app
        .post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
        .await;
    assert!(
        again.body.contains("A coordinator took you off this one"),
        "removed people don't sign themselves back"
    );
}

#[tokio::test]
async fn the_coverage_board_flags_understaffed_leaderless_and_lone_shifts() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let start = Utc::now() + Duration::days(1);
    let w = watch(&app, &ana, facility, &local(start), "", "", "2", "4", true).await;
    let s = shift(
        &app,
        &ana,
        w,
        &local(start),
        &local(start + Duration::hours(4)),
        "2",
        "4",
        true,
    )
    .await;
    let board = app.get("/coverage", Some(&ana)).await;
    assert!(board.body.contains("understaffed") && board.body.contains("no trained lead"));

    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
        .await;
    let board = app.get("/coverage", Some(&ana)).await;
    assert!(
        board.body.contains("one person alone"),
        "never exactly one person outside a jail"
    );

    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    let cy_id = app.account_id("cy@example.org").await;
    vigil_app::accounts::store::set_trained_lead(&app.state.db, cy_id, true, Utc::now())
        .await
        .unwrap();
    app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&cy))
        .await;
    let board = app.get("/coverage", Some(&ana)).await;
    for flag in ["understaffed", "no trained lead", "one person alone"] {
        assert!(!board.body.contains(flag), "{flag} cleared");
    }
    assert!(board.body.contains("Cy") && board.body.contains("lead"));

    // Volunteers can't open the board or act on it.
    assert_eq!(
        app.get("/coverage", Some(&bo)).await.status,
        StatusCode::FORBIDDEN
    );
    let cy_text = cy_id.to_string();
    assert_eq!(
        app.post_form(
            &format!("/coverage/{s}/remove"),
            &[("account_id", &cy_text)],
            Some(&bo)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(seat_counts(&app, s).await, (2, 0));
}

#[tokio::test]
async fn a_shift_across_the_clocks_going_back_has_its_true_length() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "America/New_York").await;
    // 3 November 2030: New York's clocks go back at 02:00.
    let w = watch(
        &app,
        &ana,
        facility,
        "2030-11-02T20:00",
        "2030-11-03T12:00",
        "4",
        "2",
        "4",
        false,
    )
    .await;
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>)> = vigil_app::storage::query_as(
        "SELECT starts_at, ends_at FROM shifts WHERE watch_id = ? ORDER BY starts_at",
    )
    .bind(w)
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let lengths: Vec<i64> = rows.iter().map(|(s, e)| (*e - *s).num_hours()).collect();
    assert_eq!(
        lengths,
        [4, 5, 4, 4],
        "20–00, 00–04 (five real hours), 04–08, 08–12"
    );
    assert_eq!(
        rows[1].0.to_rfc3339(),
        "2030-11-03T04:00:00+00:00",
        "midnight EDT is 04:00 UTC"
    );
    assert_eq!(
        rows[1].1.to_rfc3339(),
        "2030-11-03T09:00:00+00:00",
        "04:00 EST is 09:00 UTC"
    );
    let id: i64 = vigil_app::storage::query_scalar(
        "SELECT id FROM shifts WHERE watch_id = ? ORDER BY starts_at LIMIT 1 OFFSET 1",
    )
    .bind(w)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let page = app.get(&format!("/shifts/{id}"), Some(&ana)).await;
    assert!(
        page.body
            .contains("00:00–04:00 EDT (5 h: the clocks change)"),
        "shown in local time with its true length"
    );

    // A time skipped when clocks go forward is refused with a reason, and the input is kept.
    let bad = app
        .post_form(
            &format!("/watches/{w}/shifts"),
            &[
                ("shift_start", "2031-03-09T02:30"),
                ("shift_end", "2031-03-09T06:00"),
                ("min_volunteers", "2"),
                ("max_volunteers", "4"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&bad.body).contains("doesn't exist"));
    assert!(
        bad.body.contains("2031-03-09T02:30"),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn an_open_ended_watch_keeps_adding_shifts_until_it_is_closed() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let start = Utc::now() + Duration::hours(1);
    let w = watch(
        &app,
        &ana,
        facility,
        &local(start),
        "",
        "4",
        "2",
        "6",
        false,
    )
    .await;
    let count = || {
        let db = app.state.db.clone();
        async move {
            vigil_app::storage::query_scalar::<i64>(
                "SELECT COUNT(*) FROM shifts WHERE watch_id = ? AND status = 'open'",
            )
            .bind(w)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    assert_eq!(count().await, 12, "48 hours ahead in 4-hour slots");
    let later = Utc::now() + Duration::hours(24);
    let added = vigil_app::watches::service::extend_rolling_watches(&app.state.db, later)
        .await
        .unwrap();
    assert_eq!(added, 6, "a day later, another day of slots");
    assert_eq!(count().await, 18);

    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let future: i64 = vigil_app::storage::query_scalar(
        "SELECT id FROM shifts WHERE watch_id = ? ORDER BY starts_at LIMIT 1 OFFSET 3",
    )
    .bind(w)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    app.post_form(&format!("/shifts/{future}/sign-up"), &[], Some(&bo))
        .await;

    let closed = app
        .post_form(&format!("/watches/{w}/close"), &[], Some(&ana))
        .await;
    assert_eq!(closed.location(), format!("/watches/{w}?done=closed"));
    assert_eq!(count().await, 0, "shifts that hadn't started are cancelled");
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "Your jail support shift is cancelled");
    let pending: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(pending, 0, "their reminders are cancelled");
    let added = vigil_app::watches::service::extend_rolling_watches(
        &app.state.db,
        Utc::now() + Duration::hours(72),
    )
    .await
    .unwrap();
    assert_eq!(added, 0, "a closed watch adds nothing");
}

#[tokio::test]
async fn overlapping_sign_ups_need_a_clear_confirmation() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let start = Utc::now() + Duration::days(1);
    let w = watch(&app, &ana, facility, &local(start), "", "", "1", "4", false).await;
    let a = shift(
        &app,
        &ana,
        w,
        &local(start),
        &local(start + Duration::hours(4)),
        "1",
        "4",
        false,
    )
    .await;
    let b = shift(
        &app,
        &ana,
        w,
        &local(start + Duration::hours(2)),
        &local(start + Duration::hours(6)),
        "1",
        "4",
        false,
    )
    .await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{a}/sign-up"), &[], Some(&bo))
        .await;
    let warned = app
        .post_form(&format!("/shifts/{b}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(warned.status, StatusCode::CONFLICT);
    assert!(
        warned.body.contains("This overlaps a shift you"),
        "a clear warning"
    );
    assert!(warned.body.contains("Sign me up anyway"));
    assert_eq!(seat_counts(&app, b).await, (0, 0), "nothing happened yet");
    let confirmed = app
        .post_form(
            &format!("/shifts/{b}/sign-up"),
            &[("overlap_ok", "on")],
            Some(&bo),
        )
        .await;
    assert_eq!(confirmed.location(), format!("/shifts/{b}?done=signed-up"));
    assert_eq!(seat_counts(&app, b).await, (1, 0));
}

#[tokio::test]
async fn an_urgent_call_out_gives_the_seats_to_the_first_who_answer() {
    let app = TestApp::new().await;
    let (ana, _watch, s) = tomorrow_shift(&app, "2").await;
    let mut cookies = Vec::new();
    for name in ["bo", "cy", "di"] {
        let cookie = app
            .volunteer(&format!("{name}@example.org"), name, VOLUNTEER)
            .await;
        let id = app.account_id(&format!("{name}@example.org")).await;
        let prefs = vigil_app::notifications::Prefs {
            urgent: name != "di",
            ..Default::default()
        };
        vigil_app::notifications::prefs::save(&app.state.db, id, &prefs)
            .await
            .unwrap();
        cookies.push(cookie);
    }
    let w: i64 = vigil_app::storage::query_scalar("SELECT watch_id FROM shifts WHERE id = ?")
        .bind(s)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let sent = app
        .post_form(
            &format!("/watches/{w}/call-out"),
            &[("shift_id", &s.to_string()), ("needed", "1")],
            Some(&ana),
        )
        .await;
    assert_eq!(sent.location(), format!("/watches/{w}?done=called-out"));
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "Jail support: people needed now");
    app.smtp.wait_for("cy@example.org").await;
    let text = mail.text();
    let at = text.find("/call-outs/").expect("a link to the call-out");
    let path = text[at..].split_whitespace().next().unwrap().to_string();
    let first = app
        .post_form(&format!("{path}/accept"), &[], Some(&cookies[0]))
        .await;
    assert_eq!(first.location(), format!("{path}?done=seat"));
    let second = app
        .post_form(&format!("{path}/accept"), &[], Some(&cookies[1]))
        .await;
    assert_eq!(
        second.location(),
        format!("{path}?done=filled"),
        "the second is told it's filled"
    );
    assert_eq!(seat_counts(&app, s).await, (1, 0));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        app.smtp.to("di@example.org").is_empty(),
        "only those who opted in are called"
    );
}

#[tokio::test]
async fn expected_aliases_show_only_to_those_on_shift_now_and_never_in_mail() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let now = Utc::now();
    let w = watch(
        &app,
        &ana,
        facility,
        &local(now - Duration::hours(1)),
        "",
        "",
        "1",
        "4",
        false,
    )
    .await;
    let current = shift(
        &app,
        &ana,
        w,
        &local(now - Duration::hours(1)),
        &local(now + Duration::hours(3)),
        "1",
        "4",
        false,
    )
    .await;
    let next = shift(
        &app,
        &ana,
        w,
        &local(now + Duration::hours(3)),
        &local(now + Duration::hours(7)),
        "1",
        "4",
        false,
    )
    .await;
    let created = app
        .post_form(
            "/people/new",
            &[
                ("alias", "CANARY-ALIAS-7"),
                ("languages", "Mam"),
                ("note", "CANARY-NOTE"),
            ],
            Some(&ana),
        )
        .await;
    let person = created
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let added = app
        .post_form(
            &format!("/watches/{w}/expected"),
            &[("person_id", &person)],
            Some(&ana),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    let di = app.volunteer("di@example.org", "Di", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{current}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/shifts/{next}/sign-up"), &[], Some(&cy))
        .await;

    assert!(
        app.get(&format!("/watches/{w}"), Some(&bo))
            .await
            .body
            .contains("CANARY-ALIAS-7"),
        "on shift now: sees the alias"
    );
    assert!(
        !app.get(&format!("/watches/{w}"), Some(&cy))
            .await
            .body
            .contains("CANARY-ALIAS-7"),
        "next shift: not yet"
    );
    assert!(
        !app.get(&format!("/watches/{w}"), Some(&di))
            .await
            .body
            .contains("CANARY-ALIAS-7"),
        "not on the watch: never"
    );

    // Bo logs meeting them, with a handoff note for the next shift.
    let logged = app
        .post_form(
            &format!("/watches/{w}/log"),
            &[
                ("released_at", ""),
                ("label", ""),
                ("person_id", &person),
                ("needs", "fare"),
                ("needs", "clothes"),
                (
                    "handoff_note",
                    "Low on socks; two more expected after midnight.",
                ),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(
        logged.location(),
        format!("/watches/{w}?done=logged"),
        "{}",
        logged.body
    );
    let next_page = app.get(&format!("/watches/{w}"), Some(&cy)).await;
    assert!(
        next_page.body.contains("Low on socks"),
        "the next shift reads the handoff note"
    );
    assert!(
        !next_page.body.contains("CANARY-ALIAS-7"),
        "but not the alias in the log"
    );
    assert!(
        !app.get(&format!("/watches/{w}"), Some(&di))
            .await
            .body
            .contains("Low on socks"),
        "not on the watch: no log"
    );
    let refused = app
        .post_form(&format!("/watches/{w}/log"), &[("label", "R-1")], Some(&cy))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only those on shift now log releases"
    );

    // Promotion, removal and call-out mail went out in this test's neighbours; here, make
    // sure nothing sent so far carries the person's fields.
    app.post_form(&format!("/shifts/{next}/cant-come"), &[], Some(&cy))
        .await;
    app.smtp.wait_for("ana@example.org").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    for mail in app.smtp.messages.lock().unwrap().iter() {
        assert!(
            !mail.text().contains("CANARY"),
            "no supported person's field in any mail"
        );
    }
}

#[tokio::test]
async fn coordinators_hear_once_about_an_understaffed_shift_and_get_a_weekly_digest() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let soon = Utc::now() + Duration::hours(6);
    let w = watch(&app, &ana, facility, &local(soon), "", "", "2", "4", true).await;
    shift(
        &app,
        &ana,
        w,
        &local(soon),
        &local(soon + Duration::hours(4)),
        "2",
        "4",
        true,
    )
    .await;
    let later = Utc::now() + Duration::days(3);
    shift(
        &app,
        &ana,
        w,
        &local(later),
        &local(later + Duration::hours(4)),
        "2",
        "4",
        true,
    )
    .await;

    let db = &app.state.db;
    assert_eq!(
        vigil_app::watches::service::alert_understaffed(db, 12, Utc::now())
            .await
            .unwrap(),
        1,
        "only the shift within 12 hours"
    );
    assert_eq!(
        vigil_app::watches::service::alert_understaffed(db, 12, Utc::now())
            .await
            .unwrap(),
        0,
        "and only once"
    );
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "A jail support shift needs people");
    assert!(
        mail.text().contains("0 of the 2 volunteers"),
        "{}",
        mail.text()
    );
    assert!(mail.text().contains("/coverage"));

    assert_eq!(
        vigil_app::watches::service::weekly_digest(db, Utc::now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        vigil_app::watches::service::weekly_digest(db, Utc::now())
            .await
            .unwrap(),
        0,
        "once a week"
    );
    let digest = app.smtp.wait_for_nth("ana@example.org", 2).await;
    assert_eq!(digest.subject(), "Vigil: the coming week");
    assert!(
        digest
            .text()
            .contains("2 shifts, 2 of them needing attention, 4 more volunteers needed"),
        "{}",
        digest.text()
    );
    assert!(digest.text().contains("no trained lead"));
}

#[tokio::test]
async fn open_shifts_come_a_page_at_a_time() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let start = Utc::now() + Duration::hours(2);
    watch(
        &app,
        &ana,
        facility,
        &local(start),
        &local(start + Duration::hours(50)),
        "1",
        "1",
        "2",
        false,
    )
    .await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let first = visible(&app.get("/shifts", Some(&bo)).await.body);
    assert!(
        first.contains("50 shifts · page 1 of 2"),
        "the count and where we are"
    );
    assert_eq!(
        first.matches("id=\"shift-").count(),
        40,
        "forty on the first page"
    );
    assert!(first.contains("href=\"/shifts?page=2\"") && first.contains("Later shifts"));
    let second = visible(&app.get("/shifts?page=2", Some(&bo)).await.body);
    assert_eq!(
        second.matches("id=\"shift-").count(),
        10,
        "the rest on the second"
    );
    assert!(second.contains("Sooner shifts"));
}

/// Once a release is logged for an expected person, shifts that start after it no longer see
/// them (the shift that met them keeps them until it ends).
#[tokio::test]
async fn a_released_person_is_not_shown_to_later_shifts() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let now = Utc::now();
    let w = watch(
        &app,
        &ana,
        facility,
        &local(now - Duration::hours(2)),
        "",
        "",
        "1",
        "4",
        false,
    )
    .await;
    let current = shift(
        &app,
        &ana,
        w,
        &local(now - Duration::hours(2)),
        &local(now + Duration::hours(2)),
        "1",
        "4",
        false,
    )
    .await;
    let later = shift(
        &app,
        &ana,
        w,
        &local(now + Duration::hours(2)),
        &local(now + Duration::hours(6)),
        "1",
        "4",
        false,
    )
    .await;
    let created = app
        .post_form("/people/new", &[("alias", "CANARY-ALIAS-8")], Some(&ana))
        .await;
    let person = created
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    app.post_form(
        &format!("/watches/{w}/expected"),
        &[("person_id", &person)],
        Some(&ana),
    )
    .await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{current}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/shifts/{later}/sign-up"), &[], Some(&cy))
        .await;
    let logged = app
        .post_form(
            &format!("/watches/{w}/log"),
            &[
                ("released_at", ""),
                ("label", ""),
                ("person_id", &person),
                ("needs", "fare"),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(
        logged.location(),
        format!("/watches/{w}?done=logged"),
        "{}",
        logged.body
    );

    // Time passes: the release was logged half an hour ago, and Cy's shift began since.
    let person_id: i64 = person.parse().unwrap();
    vigil_app::storage::query("UPDATE watch_expected SET released_at = ? WHERE person_id = ?")
        .bind(now - Duration::minutes(30))
        .bind(person_id)
        .execute(&app.state.db)
        .await
        .unwrap();
    vigil_app::storage::query("UPDATE shifts SET starts_at = ? WHERE id = ?")
        .bind(now - Duration::minutes(10))
        .bind(later)
        .execute(&app.state.db)
        .await
        .unwrap();
    assert!(
        app.get(&format!("/watches/{w}"), Some(&bo))
            .await
            .body
            .contains("CANARY-ALIAS-8"),
        "the shift that met them still sees them"
    );
    assert!(
        !app.get(&format!("/watches/{w}"), Some(&cy))
            .await
            .body
            .contains("CANARY-ALIAS-8"),
        "a later shift does not"
    );
    assert_eq!(
        app.get(&format!("/people/{person}"), Some(&cy))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "nor their page"
    );
}

/// A deactivated account will not come: its seats go to the waitlist at once, the one
/// promoted is told, and so are the coordinators; shifts already over are left as they were.
#[tokio::test]
async fn deactivating_an_account_frees_its_seats() {
    let app = TestApp::new().await;
    let (ana, _watch, shift_id) = tomorrow_shift(&app, "1").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/shifts/{shift_id}/sign-up"), &[], Some(&cy))
        .await;
    assert_eq!(seat_counts(&app, shift_id).await, (1, 1));
    let bo_id = app.account_id("bo@example.org").await;

    let reply = app
        .post_form(
            "/api/accounts/set-active",
            &[("id", &bo_id.to_string()), ("active", "false")],
            Some(&ana),
        )
        .await;
    assert!(
        reply.status.is_redirection() || reply.status.is_success(),
        "{:?} {}",
        reply.status,
        reply.body
    );
    assert_eq!(
        seat_counts(&app, shift_id).await,
        (1, 0),
        "Cy has the seat now"
    );
    let status: String = vigil_app::storage::query_scalar(
        "SELECT status FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND account_id = ?",
    )
    .bind(shift_id)
    .bind(bo_id)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(status, "removed");
    let pending: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending'").bind(bo_id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(pending, 0, "no reminder for Bo");
    app.smtp
        .wait_for_subject(
            "cy@example.org",
            "You're on a jail support shift (from the waitlist)",
        )
        .await;
    let told = app
        .smtp
        .wait_for_subject("ana@example.org", "A seat on a shift is free again")
        .await;
    assert!(
        told.text().contains("Bo") && told.text().contains("County Jail"),
        "{}",
        told.text()
    );
}

/// The open-shifts list goes by the facility's local day, the most understaffed first within
/// a day, then the soonest, whatever UTC's date is; a new time zone for the facility
/// regroups its shifts at once; shifts from before the local day was kept get theirs on start.
#[tokio::test]
async fn open_shifts_go_by_local_day_then_the_most_understaffed() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "America/Los_Angeles").await;
    let la = |days: i64, time: &str| {
        format!(
            "{}T{time}",
            (Utc::now().with_timezone(&chrono_tz::America::Los_Angeles) + Duration::days(days))
                .format("%Y-%m-%d")
        )
    };
    let w = watch(
        &app,
        &ana,
        facility,
        &la(1, "00:00"),
        "",
        "",
        "1",
        "4",
        false,
    )
    .await;
    // 22:00 in Los Angeles is the next day in UTC: by UTC's date all three would be one day.
    let late = shift(
        &app,
        &ana,
        w,
        &la(2, "22:00"),
        &la(2, "23:30"),
        "1",
        "4",
        false,
    )
    .await;
    let sooner = shift(
        &app,
        &ana,
        w,
        &la(3, "06:00"),
        &la(3, "07:00"),
        "1",
        "4",
        false,
    )
    .await;
    let short = shift(
        &app,
        &ana,
        w,
        &la(3, "08:00"),
        &la(3, "09:00"),
        "3",
        "4",
        false,
    )
    .await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let order = |body: String| {
        let mut at: Vec<(usize, i64)> = [late, sooner, short]
            .iter()
            .filter_map(|id| body.find(&format!("id=\"shift-{id}\"")).map(|p| (p, *id)))
            .collect();
        at.sort();
        at.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    assert_eq!(
        order(app.get("/shifts", Some(&bo)).await.body),
        vec![late, short, sooner],
        "by local day, then the most understaffed"
    );
    let day = la(3, "00:00")[..10].to_string();
    assert_eq!(
        order(app.get(&format!("/shifts?day={day}"), Some(&bo)).await.body),
        vec![short, sooner],
        "one local day"
    );

    // The facility moves to UTC: all three now start on one day, the most understaffed first.
    let moved = app
        .post_form(
            &format!("/facilities/{facility}"),
            &[
                ("name", "County Jail"),
                ("kind", "jail"),
                ("address", "1 Main St"),
                ("time_zone", "UTC"),
                ("notes", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(
        order(app.get("/shifts", Some(&bo)).await.body),
        vec![short, late, sooner]
    );

    // Shifts kept before the local day existed get it when the server starts.
    vigil_app::storage::query("UPDATE shifts SET local_day = NULL")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        vigil_app::watches::service::fill_local_days(&app.state.db)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        order(app.get("/shifts", Some(&bo)).await.body),
        vec![short, late, sooner]
    );
}
