//! Planning: the coverage board, daylight saving, open-ended watches, alerts and the digest, open shifts.
use super::*;

#[tokio::test]
pub(super) async fn the_coverage_board_flags_understaffed_leaderless_and_lone_shifts() {
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
    vigil_core::accounts::store::set_qualification(
        &app.state.db,
        cy_id,
        vigil_core::accounts::Qualification::TrainedLead,
        true,
        Utc::now(),
    )
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
pub(super) async fn a_shift_across_the_clocks_going_back_has_its_true_length() {
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
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>)> = vigil_db::query_as(
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
    let id: i64 = vigil_db::query_scalar(
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
pub(super) async fn an_open_ended_watch_keeps_adding_shifts_until_it_is_closed() {
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
            vigil_db::query_scalar::<i64>(
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
    let added = vigil_core::watches::extend_rolling_watches(&app.state.db, later)
        .await
        .unwrap();
    assert_eq!(added, 6, "a day later, another day of slots");
    assert_eq!(count().await, 18);

    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let future: i64 = vigil_db::query_scalar(
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
    let pending: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(pending, 0, "their reminders are cancelled");
    let added = vigil_core::watches::extend_rolling_watches(
        &app.state.db,
        Utc::now() + Duration::hours(72),
    )
    .await
    .unwrap();
    assert_eq!(added, 0, "a closed watch adds nothing");
}

#[tokio::test]
pub(super) async fn coordinators_hear_once_about_an_understaffed_shift_and_get_a_weekly_digest() {
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
        vigil_core::watches::alert_understaffed(db, 12, Utc::now())
            .await
            .unwrap(),
        1,
        "only the shift within 12 hours"
    );
    assert_eq!(
        vigil_core::watches::alert_understaffed(db, 12, Utc::now())
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
        vigil_core::workflows::digest::weekly_digest(db, Utc::now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        vigil_core::workflows::digest::weekly_digest(db, Utc::now())
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
pub(super) async fn open_shifts_come_a_page_at_a_time() {
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

/// The open-shifts list goes by the facility's local day, the most understaffed first within
/// a day, then the soonest, whatever UTC's date is; a new time zone for the facility
/// regroups its shifts at once; shifts from before the local day was kept get theirs on start.
#[tokio::test]
pub(super) async fn open_shifts_go_by_local_day_then_the_most_understaffed() {
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
    vigil_db::query("UPDATE shifts SET local_day = NULL")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        vigil_core::watches::fill_local_days(&app.state.db)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        order(app.get("/shifts", Some(&bo)).await.body),
        vec![short, late, sooner]
    );
}
