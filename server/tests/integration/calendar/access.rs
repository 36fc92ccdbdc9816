//! Tokens, conditional GETs, and what each role's feed may carry.
use super::*;

#[tokio::test]
pub(super) async fn conditional_gets_revoked_wrong_and_dead_tokens() {
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
    let id: i64 = vigil_db::query_scalar("SELECT max(id) FROM calendar_feeds")
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
    vigil_db::query("UPDATE accounts SET status = 'deactivated' WHERE email = 'ana@example.org'")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(get(&app, &fresh).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
pub(super) async fn no_supported_persons_field_in_any_feed_for_any_role() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let person = app
        .add_person(
            &ana,
            &[
                ("alias", "CANARYALIAS"),
                ("contact", "CANARYCONTACT"),
                ("languages", "CANARYLANG"),
                ("note", "CANARYNOTE"),
                ("case_ref", "CANARYCASE"),
            ],
        )
        .await
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
    vigil_db::query("INSERT INTO watch_expected (watch_id, person_id, added_at) SELECT watch_id, ?, ? FROM shifts WHERE id = ?")
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
pub(super) async fn feeds_give_no_role_more_than_its_pages() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let person = app.add_person(&ana, &[("alias", "R")]).await.to_string();
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
    let feeds: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM calendar_feeds")
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
    vigil_core::accounts::store::set_roles(&app.state.db, bo_id, &[Role::Volunteer], Utc::now())
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
