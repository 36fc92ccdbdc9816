//! Seats on shifts: the burst for the last seats, the waitlist, the cutoff, clashes, call-outs.
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn two_hundred_simultaneous_sign_ups_for_three_seats_never_overbook() {
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
    let reminders: i64 = vigil_db::query_scalar(
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
pub(super) async fn a_drop_promotes_the_first_on_the_waitlist_and_tells_them() {
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
            vigil_db::query_scalar::<i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending'")
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
pub(super) async fn a_volunteer_who_drops_and_signs_up_again_gets_their_reminder_back() {
    let app = TestApp::new().await;
    let (_ana, _watch, shift_id) = tomorrow_shift(&app, "2").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let bo_id = app.account_id("bo@example.org").await;
    let reminders = |status: &'static str| {
        let db = app.state.db.clone();
        async move {
            vigil_db::query_scalar::<i64>("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = ?")
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
pub(super) async fn after_the_cutoff_a_volunteer_cannot_drop_but_can_tell_the_coordinators() {
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
pub(super) async fn overlapping_sign_ups_need_a_clear_confirmation() {
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
    assert!(
        warned
            .body
            .contains("This overlaps a shift you&#x27;re on: County Jail, ")
            || warned
                .body
                .contains("This overlaps a shift you're on: County Jail, "),
        "it names the shift it overlaps, where and when"
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
pub(super) async fn an_urgent_call_out_gives_the_seats_to_the_first_who_answer() {
    let app = TestApp::new().await;
    let (ana, _watch, s) = tomorrow_shift(&app, "2").await;
    let mut cookies = Vec::new();
    for name in ["bo", "cy", "di"] {
        let cookie = app
            .volunteer(&format!("{name}@example.org"), name, VOLUNTEER)
            .await;
        let id = app.account_id(&format!("{name}@example.org")).await;
        let prefs = vigil_web::notifications::Prefs {
            urgent: name != "di",
            ..Default::default()
        };
        vigil_core::notifications::prefs::save(&app.state.db, id, &prefs)
            .await
            .unwrap();
        cookies.push(cookie);
    }
    let w: i64 = vigil_db::query_scalar("SELECT watch_id FROM shifts WHERE id = ?")
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

/// A deactivated account will not come: its seats go to the waitlist at once, the one
/// promoted is told, and so are the coordinators; shifts already over are left as they were.
#[tokio::test]
pub(super) async fn deactivating_an_account_frees_its_seats() {
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
    let status: String = vigil_db::query_scalar(
        "SELECT status FROM signups WHERE slot_kind = 'shift' AND slot_id = ? AND account_id = ?",
    )
    .bind(shift_id)
    .bind(bo_id)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(status, "removed");
    let pending: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending'").bind(bo_id).fetch_one(&app.state.db).await.unwrap();
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
