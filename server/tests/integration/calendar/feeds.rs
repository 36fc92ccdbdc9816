//! Feeds as calendar programs read them: UTC across DST, UIDs, SEQUENCE, folding.
use super::*;

#[tokio::test]
pub(super) async fn feeds_parse_everywhere_with_utc_times_across_dst_stable_uids_and_sequences() {
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
    let person = app.add_person(&ana, &[("alias", "Rosa")]).await.to_string();
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
pub(super) async fn long_spanish_and_chinese_text_folds_at_75_octets_between_characters() {
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
