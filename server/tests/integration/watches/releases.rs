//! The release log: who sees expected people, and released people leaving later shifts.
use super::*;

#[tokio::test]
pub(super) async fn expected_aliases_show_only_to_those_on_shift_now_and_never_in_mail() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let (w, current, next) = tonight(&app, &ana, facility, "1").await;
    let person = app
        .add_person(
            &ana,
            &[
                ("alias", "CANARY-ALIAS-7"),
                ("languages", "Mam"),
                ("note", "CANARY-NOTE"),
            ],
        )
        .await
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

/// Once a release is logged for an expected person, shifts that start after it no longer see
/// them (the shift that met them keeps them until it ends).
#[tokio::test]
pub(super) async fn a_released_person_is_not_shown_to_later_shifts() {
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
    let person = app
        .add_person(&ana, &[("alias", "CANARY-ALIAS-8")])
        .await
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
    vigil_db::query("UPDATE watch_expected SET released_at = ? WHERE person_id = ?")
        .bind(now - Duration::minutes(30))
        .bind(person_id)
        .execute(&app.state.db)
        .await
        .unwrap();
    vigil_db::query("UPDATE shifts SET starts_at = ? WHERE id = ?")
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

/// The paper sheet: who is on and the facility's notes, the release log as blank lines, and
/// the expected list's aliases only when the coordinator ticks it, with "shred" at the foot.
#[tokio::test]
pub(super) async fn a_shift_sheet_prints_aliases_only_when_asked_and_only_for_coordinators() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let now = Utc::now();
    let (from, to) = (now + Duration::hours(2), now + Duration::hours(6));
    let w = watch(&app, &ana, facility, &local(from), "", "", "1", "4", false).await;
    let s = shift(&app, &ana, w, &local(from), &local(to), "1", "4", false).await;
    let person = app
        .add_person(
            &ana,
            &[("alias", "CANARY-ALIAS-9"), ("note", "CANARY-NOTE-9")],
        )
        .await
        .to_string();
    app.post_form(
        &format!("/watches/{w}/expected"),
        &[("person_id", &person)],
        Some(&ana),
    )
    .await;
    let bo = app
        .volunteer("bo@example.org", "Bo Volunteer", VOLUNTEER)
        .await;
    app.post_form(&format!("/shifts/{s}/sign-up"), &[], Some(&bo))
        .await;

    let sheet = app.get(&format!("/shifts/{s}/print"), Some(&ana)).await;
    assert_eq!(sheet.status, StatusCode::OK);
    let text = visible(&sheet.body);
    assert!(text.contains("Bo Volunteer"), "{text}");
    assert!(text.contains("Stand by the east gate."));
    assert!(text.contains("Release log") && text.contains("Still needs"));
    assert!(!sheet.body.contains("CANARY"), "no alias unless asked for");
    assert!(!text.contains("Shred after the shift"));

    let with_list = app
        .get(&format!("/shifts/{s}/print?expected=1"), Some(&ana))
        .await;
    let text = visible(&with_list.body);
    assert!(text.contains("CANARY-ALIAS-9"), "{text}");
    assert!(
        !with_list.body.contains("CANARY-NOTE-9"),
        "aliases only, never notes"
    );
    assert!(text.contains("Shred after the shift"));

    // A volunteer, even one on the shift, gets no sheet.
    let refused = app
        .get(&format!("/shifts/{s}/print?expected=1"), Some(&bo))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("CANARY"));
    // The shift page links coordinators to it.
    let page = app.get(&format!("/shifts/{s}"), Some(&ana)).await;
    assert!(page.body.contains(&format!("/shifts/{s}/print")));

    // The night's coverage on paper: the same rules.
    let night = from.format("%Y-%m-%d").to_string();
    let board = app.get("/coverage", Some(&ana)).await;
    assert!(
        board.body.contains("/coverage/night"),
        "the coverage board links to it"
    );
    let sheet = app
        .get(&format!("/coverage/night?night={night}"), Some(&ana))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    let text = visible(&sheet.body);
    assert!(
        text.contains("Bo Volunteer") && text.contains("County Jail"),
        "{text}"
    );
    assert!(!sheet.body.contains("CANARY") && !text.contains("Shred after the shift"));
    let with_list = visible(
        &app.get(
            &format!("/coverage/night?night={night}&expected=1"),
            Some(&ana),
        )
        .await
        .body,
    );
    assert!(with_list.contains("CANARY-ALIAS-9") && !with_list.contains("CANARY-NOTE-9"));
    assert!(with_list.contains("Shred after the shift"));
    let bad = visible(
        &app.get("/coverage/night?night=tuesday", Some(&ana))
            .await
            .body,
    );
    assert!(bad.contains("Choose a day, like"), "{bad}");
    assert!(bad.contains(r#"value="tuesday""#), "what was typed is kept");
    let refused = app
        .get(
            &format!("/coverage/night?night={night}&expected=1"),
            Some(&bo),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("CANARY"));
}
