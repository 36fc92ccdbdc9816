//! Who sees the courtroom and the person, erasure, and dates that would keep a person too long.
use super::*;

#[tokio::test]
pub(super) async fn courtroom_and_person_are_shown_only_to_coordinators_and_those_going() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    // Within a day: those going may see the person now.
    let soon = Utc::now() + Duration::hours(6);
    let id = hearing(&app, &c, soon, "Spanish", "2").await;
    let later = hearing(&app, &c, Utc::now() + Duration::days(10), "Spanish", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "Spanish").await;
    let eve = accompanier(&app, "eve@example.org", "Eve", "Spanish").await;
    let vol = app
        .volunteer("vo@example.org", "Vo", &[Role::Volunteer])
        .await;
    // Signed up ten days out only: neither the courtroom nor the person yet (a courtroom
    // and a date find the case on a public docket), and nothing to audit.
    app.post_form(&format!("/hearings/{later}/sign-up"), &[], Some(&bo))
        .await;
    let far = visible(&app.get(&format!("/hearings/{later}"), Some(&bo)).await.body);
    assert!(
        !far.contains("CANARYROOM") && !far.contains("CANARYALIAS"),
        "sealed details only within the window: {far}"
    );
    let audited_far: i64 =
        vigil_db::query_scalar("SELECT COUNT(*) FROM audit_log WHERE actor_id = ?")
            .bind(app.account_id("bo@example.org").await)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(audited_far, 0);
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;

    // Eve isn't going: no courtroom, no person, on the page or through the API.
    for path in [
        format!("/hearings/{id}"),
        "/hearings".to_string(),
        "/my-hearings".to_string(),
    ] {
        let page = app.get(&path, Some(&eve)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_no_canary(&page.body, &format!("{path} for someone not going"));
    }
    let api = app
        .post_form("/api/hearings/get", &[("id", &id.to_string())], Some(&eve))
        .await;
    assert_no_canary(&api.body, "the API for someone not going");

    // Bo is going: the courtroom, and within the day the person's alias and note.
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(
        page.contains("CANARYROOM Judge")
            && page.contains("CANARYALIAS")
            && page.contains("CANARYNOTE"),
        "{page}"
    );
    assert!(
        !page.contains("CANARYCONTACT") && !page.contains("123-456-789"),
        "never the contact or case reference"
    );
    // The copy a phone keeps offline: the page without its never-kept part, as the service
    // worker cuts it (shell/sw.js), holds nothing about the person…
    let raw = app.get(&format!("/hearings/{id}"), Some(&bo)).await;
    assert_eq!(raw.headers.get("vigil-offline").unwrap(), "keep");
    let mut kept = raw.body.clone();
    while let Some(start) = kept.find(r#"<div data-never-kept="">"#) {
        let end_marker = r#"<template data-never-kept-end=""></template>"#;
        let end = kept[start..].find(end_marker).expect("the part's end") + start;
        kept.replace_range(start..end + end_marker.len(), "");
    }
    assert!(!kept.contains("data-never-kept"));
    // …and without its scripts (the islands' data).
    while let Some(start) = kept.find("<script") {
        let end = kept[start..].find("</script>").expect("the script's end") + start;
        kept.replace_range(start..end + "</script>".len(), "");
    }
    assert_no_canary(&kept, "the copy kept offline");
    assert!(kept.contains("front steps"), "the meeting point is kept");
    let mine = visible(&app.get("/my-hearings", Some(&bo)).await.body);
    assert!(
        mine.contains("front steps") && mine.contains("CANARYALIAS"),
        "my hearings: the meeting point and the person"
    );
    // Each view of the person was audited.
    let audited: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = ? AND actor_id = ?",
    )
    .bind(c.person)
    .bind(app.account_id("bo@example.org").await)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(audited >= 2, "views are audited ({audited})");

    // A release-watch volunteer without the accompanier role sees no hearings.
    assert_eq!(
        app.get("/hearings", Some(&vol)).await.status,
        StatusCode::FORBIDDEN
    );

    // The courtroom is sealed in the database.
    let raw: Vec<u8> = vigil_db::query_scalar("SELECT courtroom FROM hearings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("CANARYROOM"));
}

#[tokio::test]
pub(super) async fn erasing_a_person_calls_off_their_hearings_for_those_going() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let ahead = hearing(&app, &c, Utc::now() + Duration::days(3), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let reply = app
        .post_form(&format!("/hearings/{ahead}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let bo_id = app.account_id("bo@example.org").await;
    assert_eq!(
        reminder_times(&app, bo_id).await.len(),
        2,
        "24 h and 2 h before"
    );
    // A notice about the hearing still waiting to go (held back by quiet hours, say).
    let held = vigil_core::notifications::jobs::NewJob {
        kind: "notice".into(),
        idempotency_key: format!("notice:hearing:{ahead}:moved:1:account:{bo_id}"),
        entity: None,
        account_id: Some(bo_id),
        payload: serde_json::json!({"category": "changes", "subject": "Your court accompaniment has moved", "body": "held", "path": format!("/hearings/{ahead}")}),
        run_at: Utc::now() + Duration::hours(6),
    };
    vigil_core::notifications::jobs::schedule(&app.state.db, &held, Utc::now())
        .await
        .unwrap();

    let erased = app
        .post_form(
            "/api/people/erase",
            &[("id", &c.person.to_string())],
            Some(&c.ana),
        )
        .await;
    assert!(erased.status.is_redirection(), "{:?}", erased.status);

    // Bo hears that it's off (and nothing about whom it was for); no reminder will come for a
    // hearing that no longer exists, and the seat is gone with it.
    let mail = app
        .smtp
        .wait_for_subject("bo@example.org", "Your court accompaniment is cancelled")
        .await;
    assert_no_canary(&mail.data, "the cancellation");
    assert!(
        mail.text().contains("/my-hearings"),
        "the link goes to Bo's hearings, not the gone page: {}",
        mail.text()
    );
    assert!(
        reminder_times(&app, bo_id).await.is_empty(),
        "no reminders left"
    );
    let left: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM jobs WHERE idempotency_key = ?")
        .bind(&held.idempotency_key)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left, 0, "nothing still waiting links to the gone hearing");
    // Every job about the hearing went with the person, sent or not; the one job left about
    // it is the cancellation Bo got, and a sent job keeps no text.
    let about: Vec<(String, String, String)> = vigil_db::query_as("SELECT idempotency_key, status, payload FROM jobs WHERE entity = ? OR idempotency_key LIKE ?")
        .bind(format!("hearing:{ahead}"))
        .bind(format!("notice:hearing:{ahead}:%"))
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].0.contains(":cancelled:"), "{about:?}");
    for _ in 0..100 {
        let payload: String =
            vigil_db::query_scalar("SELECT payload FROM jobs WHERE idempotency_key = ?")
                .bind(&about[0].0)
                .fetch_one(&app.state.db)
                .await
                .unwrap();
        if payload == "{}" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, payload): (String, String) =
        vigil_db::query_as("SELECT status, payload FROM jobs WHERE idempotency_key = ?")
            .bind(&about[0].0)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), payload.as_str()),
        ("done", "{}"),
        "sent, and its text gone"
    );
    let with_text: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE status IN ('done', 'cancelled') AND payload <> '{}'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(with_text, 0, "no sent or cancelled job keeps its text");
    assert_eq!(seats(&app, ahead).await, (0, 0));
    assert_eq!(hearing_count(&app).await, 0);
    let mine = visible(&app.get("/my-hearings", Some(&bo)).await.body);
    assert!(!mine.contains("Immigration Court"), "{mine}");
}

/// Every path that keeps a person longer is bounded: a date more than two years ahead is
/// refused at the form, naming the field, and the forget date stays where it was.
#[tokio::test]
pub(super) async fn dates_far_ahead_are_refused_and_cannot_keep_a_person_for_ever() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let purge_after = || async {
        vigil_db::query_scalar::<DateTime<Utc>>("SELECT purge_after FROM people WHERE id = ?")
            .bind(c.person)
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    let before = purge_after().await;
    let far = Utc::now() + Duration::days(3 * 365);
    let form = |at: String| {
        vec![
            ("person_id".to_string(), c.person.to_string()),
            ("court_id".to_string(), c.court.to_string()),
            ("starts_at".to_string(), at),
            ("kind".to_string(), "master".to_string()),
            ("wanted".to_string(), "1".to_string()),
        ]
    };
    for at in [ny(far), "9999-12-31T09:00".to_string()] {
        let fields = form(at.clone());
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = app.post_form("/hearings", &pairs, Some(&c.ana)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        let page = visible(&reply.body);
        assert!(
            page.contains("more than two years ahead"),
            "the starts_at field says why: {page}"
        );
        assert!(page.contains(&at), "what was typed is kept");
    }
    assert_eq!(hearing_count(&app).await, 0);

    // Moving a hearing, and the outcome's next date, the same.
    let id = hearing(&app, &c, Utc::now() + Duration::hours(2), "", "1").await;
    let after_one = purge_after().await;
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", "9999-01-01T09:00")],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    assert!(visible(&reply.body).contains("more than two years ahead"));
    vigil_db::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::minutes(30))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let reply = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[("next_date", "9999-01-01T09:00"), ("outcome_note", "")],
            Some(&c.ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&reply.body).contains("more than two years ahead"));
    assert_eq!(hearing_count(&app).await, 1, "no next hearing was made");
    assert_eq!(
        purge_after().await,
        after_one,
        "the forget date did not move"
    );
    assert!(
        after_one > before && after_one < Utc::now() + Duration::days(60),
        "one near hearing keeps them a retention period"
    );
}

/// The hearing and the forget date it sets are one change: when the second can't be written,
/// the hearing isn't saved either (so a retry makes no duplicate, and nobody is purged before
/// a hearing Vigil knows about).
#[tokio::test]
pub(super) async fn a_hearing_is_not_saved_when_its_forget_date_cannot_be() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let refuse = match app.state.db.backend() {
        vigil_db::Backend::Sqlite => vec!["CREATE TRIGGER refuse_purge BEFORE UPDATE OF purge_after ON people BEGIN SELECT RAISE(ABORT, 'the writer is busy'); END"],
        vigil_db::Backend::Postgres => vec![
            "CREATE FUNCTION refuse_purge() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''the writer is busy''; END'",
            "CREATE TRIGGER refuse_purge BEFORE UPDATE OF purge_after ON people FOR EACH ROW EXECUTE FUNCTION refuse_purge()",
        ],
    };
    for sql in refuse {
        vigil_db::query(sql).execute(&app.state.db).await.unwrap();
    }
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &c.person.to_string()),
                ("court_id", &c.court.to_string()),
                ("starts_at", &ny(Utc::now() + Duration::days(20))),
                ("kind", "master"),
                ("wanted", "1"),
            ],
            Some(&c.ana),
        )
        .await;
    assert!(
        !reply.status.is_redirection(),
        "the coordinator is told it failed"
    );
    assert_eq!(hearing_count(&app).await, 0, "and nothing was half saved");
}

/// The courtroom and the outcome note follow the person's rule: those going see them from a
/// day before until 8 hours after the start, every view audited; coordinators always.
#[tokio::test]
pub(super) async fn sealed_hearing_details_open_only_around_the_hearing_and_are_audited() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(5), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let bo_id = app.account_id("bo@example.org").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    let views = || async {
        vigil_db::query_scalar::<i64>("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id = ? AND action = 'view-hearing'")
            .bind(bo_id)
            .bind(c.person)
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(page.contains("CANARYROOM"), "within the window");
    assert_eq!(views().await, 1, "that view is audited");
    let api = app
        .post_form("/api/hearings/get", &[("id", &id.to_string())], Some(&bo))
        .await;
    assert!(api.body.contains("CANARYROOM"));
    assert_eq!(views().await, 2, "through the API too");

    // Nine hours after it started: closed again for Bo, still open to the coordinator.
    vigil_db::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::hours(9))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let page = app.get(&format!("/hearings/{id}"), Some(&bo)).await;
    assert_no_canary(&page.body, "the hearing page nine hours after");
    assert_eq!(views().await, 2, "nothing opened, nothing audited");
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(page.contains("CANARYROOM"), "coordinators always");
}
