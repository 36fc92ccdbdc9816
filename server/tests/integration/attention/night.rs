//! A night at the jail: understaffed or unled shifts, drop-outs, call-outs, releases still
//! needing something, supplies, failed deliveries; each appears and clears.
use super::*;

#[tokio::test]
async fn a_night_at_the_jail_shows_what_needs_doing_and_clears_when_done() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;

    // Nothing yet: every part says so, and the page says it once at the top.
    let page = home(&app, &ana).await;
    assert!(visible(&page).contains("Nothing needs you right now"));
    for (kind, none) in [
        ("shifts", "Every shift in the next 24 hours is covered."),
        ("call-outs", "No call-out is waiting for people."),
        ("releases", "Nobody released in the last 12 hours"),
        ("rides", "No ride is waiting on a coordinator."),
        (
            "hearings",
            "Every hearing in the next 7 days has its accompaniers.",
        ),
        ("supplies", "Nothing is running low or needs a count."),
        ("deliveries", "Every message of the last 7 days went out."),
        (
            "forgetting",
            "Nobody is due to be forgotten in the next 7 days.",
        ),
    ] {
        assert!(part(&page, kind).contains(none), "{kind}");
    }

    let jail = facility(&app, &ana, "County Jail", "jail").await;
    let watch_form = [
        ("facility_id", jail.to_string()),
        ("kind", "surge".to_string()),
        ("starts_at", local(Utc::now() - Duration::hours(1))),
        ("min_volunteers", "1".to_string()),
        ("max_volunteers", "4".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = watch_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app.post_form("/watches", &pairs, Some(&ana)).await;
    let watch = id_after(reply.location(), "/watches/");
    let tonight = shift(&app, &ana, watch, Duration::hours(-1), "2").await;
    let later = shift(&app, &ana, watch, Duration::hours(5), "2").await;
    let day_after = shift(&app, &ana, watch, Duration::hours(30), "2").await;

    // Understaffed shifts in the next 24 hours, soonest first; the one after is not listed.
    let shifts = part(&home(&app, &ana).await, "shifts");
    assert!(
        shifts.contains(&format!("/coverage#shift-{tonight}"))
            && shifts.contains(&format!("/coverage#shift-{later}"))
            && !shifts.contains(&format!("#shift-{day_after}")),
        "{shifts}"
    );
    assert!(shifts.contains("understaffed") && shifts.contains("0 of 2 signed up"));
    assert!(
        shifts.find(&format!("shift-{tonight}")) < shifts.find(&format!("shift-{later}")),
        "soonest first"
    );

    // One volunteer tonight is one person alone.
    let bo = volunteer(&app, "bo").await;
    let cy = volunteer(&app, "cy").await;
    sign_up(&app, tonight, &bo).await;
    let shifts = part(&home(&app, &ana).await, "shifts");
    assert!(
        shifts.contains("one person alone") && shifts.contains("1 of 2 signed up"),
        "{shifts}"
    );

    // A call-out for tonight: listed with how many answered, gone when Cy takes the seat,
    // and tonight's shift is then covered.
    let sent = app
        .post_form(
            &format!("/watches/{watch}/call-out"),
            &[("shift_id", &tonight.to_string()), ("needed", "1")],
            Some(&ana),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let call_outs = part(&home(&app, &ana).await, "call-outs");
    assert!(call_outs.contains("0 of 1 answered"), "{call_outs}");
    let mail = app.smtp.wait_for("cy@example.org").await.text();
    let at = mail.find("/call-outs/").expect("a link to the call-out");
    let path = mail[at..].split_whitespace().next().unwrap().to_string();
    let taken = app
        .post_form(&format!("{path}/accept"), &[], Some(&cy))
        .await;
    assert_eq!(taken.location(), format!("{path}?done=seat"));
    let page = home(&app, &ana).await;
    assert!(part(&page, "call-outs").contains("No call-out is waiting"));
    assert!(!part(&page, "shifts").contains(&format!("shift-{tonight}")));

    // Someone who says they can't come puts their shift back on the list.
    let di = volunteer(&app, "di").await;
    let ed = volunteer(&app, "ed").await;
    sign_up(&app, later, &di).await;
    sign_up(&app, later, &ed).await;
    assert!(!part(&home(&app, &ana).await, "shifts").contains(&format!("shift-{later}")));
    let told = app
        .post_form(&format!("/shifts/{later}/cant-come"), &[], Some(&di))
        .await;
    assert_eq!(told.status, StatusCode::SEE_OTHER, "{}", told.body);
    let shifts = part(&home(&app, &ana).await, "shifts");
    assert!(
        shifts.contains(&format!("shift-{later}")) && shifts.contains("someone can't come"),
        "{shifts}"
    );

    // A release met without a ride: a need both met and still needed is refused by name,
    // and what was typed stays.
    let refused = app
        .post_form(
            &format!("/watches/{watch}/log"),
            &[
                ("released_at", ""),
                ("label", "tall, green jacket"),
                ("needs", "ride"),
                ("still_needs", "ride"),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = visible(&refused.body);
    assert!(
        text.contains("both met and still needed: untick one")
            && text.contains("tall, green jacket"),
        "{text}"
    );
    let logged = app
        .post_form(
            &format!("/watches/{watch}/log"),
            &[
                ("released_at", ""),
                ("label", "tall, green jacket"),
                ("needs", "fare"),
                ("still_needs", "ride"),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(logged.location(), format!("/watches/{watch}?done=logged"));
    let page = home(&app, &ana).await;
    let releases = part(&page, "releases");
    assert!(
        releases.contains("County Jail") && releases.contains("Still needs: Ride"),
        "{releases}"
    );
    assert!(
        !releases.contains("green jacket"),
        "the label stays in the log"
    );
    let log = visible(&app.get(&format!("/watches/{watch}"), Some(&bo)).await.body);
    assert!(log.contains("Still needs: Ride"), "the log shows it too");
    let release: i64 = vigil_db::query_scalar("SELECT max(id) FROM release_log")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        app.post_form(&format!("/releases/{release}/sorted"), &[], Some(&bo))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "volunteers don't clear the list"
    );
    let sorted = app
        .post_form(&format!("/releases/{release}/sorted"), &[], Some(&ana))
        .await;
    assert_eq!(sorted.location(), "/?done=sorted");
    let page = home(&app, &ana).await;
    assert!(part(&page, "releases").contains("Nobody released"));
    let log = visible(&app.get(&format!("/watches/{watch}"), Some(&bo)).await.body);
    assert!(
        log.contains("Fare") && !log.contains("Still needs: Ride"),
        "the log keeps the release, without the open need"
    );

    // The kit running low, then restocked.
    let reply = app
        .post_form(
            "/supplies/stock/items",
            &[
                ("name", "Transit card"),
                ("unit", "each"),
                ("category", "transit"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let card: i64 =
        vigil_db::query_scalar("SELECT id FROM supply_items WHERE name = 'Transit card'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let (card, kit) = (card.to_string(), format!("f{jail}"));
    let restock = |quantity: &'static str| {
        let (card, kit, ana) = (card.clone(), kit.clone(), ana.clone());
        let app = &app;
        async move {
            let form = [
                ("item_id", card.as_str()),
                ("location", kit.as_str()),
                ("quantity", quantity),
                ("source", "donation"),
            ];
            let r = app
                .post_form("/supplies/stock/restock", &form, Some(&ana))
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    };
    restock("3").await;
    let kit_id: i64 =
        vigil_db::query_scalar("SELECT id FROM supply_locations WHERE facility_id = ?")
            .bind(jail)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let r = app
        .post_form(
            "/supplies/stock/thresholds",
            &[
                ("item_id", &card),
                ("location", &kit_id.to_string()),
                ("low_below", "5"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let supplies = part(&home(&app, &ana).await, "supplies");
    assert!(
        supplies.contains("Transit card") && supplies.contains("3 each left (low below 5)"),
        "{supplies}"
    );
    restock("10").await;
    assert!(part(&home(&app, &ana).await, "supplies").contains("Nothing is running low"));

    // A message the queue gave up on is counted, and links to where it is retried.
    app.smtp
        .refuse
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let bo_id = app.account_id("bo@example.org").await;
    vigil_core::notifications::jobs::schedule(
        &app.state.db,
        &vigil_core::notifications::jobs::NewJob {
            kind: "notice".into(),
            idempotency_key: "n:attention".into(),
            entity: Some(format!("shift:{tonight}")),
            account_id: Some(bo_id),
            payload: serde_json::json!({"category": "changes", "subject": "Shift moved", "body": "Open Vigil.", "path": "/"}),
            run_at: Utc::now(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    vigil_db::query("UPDATE jobs SET max_attempts = 1 WHERE idempotency_key = 'n:attention'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let mut deliveries = String::new();
    for _ in 0..300 {
        deliveries = part(&home(&app, &ana).await, "deliveries");
        if deliveries.contains("could not be delivered") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        deliveries.contains("1 message in the last 7 days could not be delivered.")
            && deliveries.contains("/mail-problems"),
        "{deliveries}"
    );

    // A volunteer's home is their own, and the list itself is coordinators' only.
    let theirs = visible(&home(&app, &bo).await);
    assert!(!theirs.contains("Needs attention") && theirs.contains("Find an open shift"));
    let refused = app.post_form("/api/attention", &[], Some(&bo)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
