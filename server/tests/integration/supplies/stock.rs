//! Stock arithmetic across restock, move, handout and count.
use super::*;

#[tokio::test]
pub(super) async fn stock_follows_restock_move_handout_and_count_and_never_goes_silently_negative()
{
    let app = TestApp::new().await;
    let Site {
        coordinator: ana,
        facility,
        shift,
    } = site_with_shift_now(&app).await;
    let bo = on_shift(&app, shift, "bo@example.org", "Bo").await;
    let fare = add_item(&app, &ana, "Transit card", "transit").await;
    let jacket = add_item(&app, &ana, "Jacket", "clothing").await;
    let socks = add_item(&app, &ana, "Socks", "clothing").await;
    let twice = app
        .post_form(
            "/supplies/stock/items",
            &[("name", "transit CARD"), ("category", "transit")],
            Some(&ana),
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&twice.body).contains("is in the list already"));

    assert_eq!(
        app.post_form(
            "/supplies/stock/locations",
            &[("name", "Office closet")],
            Some(&ana)
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let office: i64 =
        vigil_db::query_scalar("SELECT id FROM supply_locations WHERE name = 'Office closet'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let office_ref = office.to_string();
    let (fare_ref, jacket_ref, socks_ref) =
        (fare.to_string(), jacket.to_string(), socks.to_string());
    let new_kit = format!("f{facility}");

    // Restock: 20 cards bought for the office, one donated jacket straight into the jail's kit
    // (made on first use).
    let r = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &fare_ref),
            ("location", &office_ref),
            ("quantity", "20"),
            ("source", "purchase"),
            ("cost", "40.00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &jacket_ref),
            ("location", &new_kit),
            ("quantity", "1"),
            ("source", "donation"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let kit = kit(&app, facility).await;
    let kit_ref = kit.to_string();
    // A typo is caught, and what was typed comes back.
    let bad = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &fare_ref),
            ("location", &office_ref),
            ("quantity", "2000"),
            ("source", "donation"),
            ("cost", "9"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = visible(&bad.body);
    assert!(
        text.contains("more than 500")
            && text.contains("A donation has no cost")
            && text.contains("value=\"2000\""),
        "{text}"
    );

    // Move 5 to the kit; moving more than the office has is refused.
    let r = stock_entry(
        &app,
        &ana,
        "transfer",
        &[
            ("item_id", &fare_ref),
            ("from", &office_ref),
            ("to", &kit_ref),
            ("quantity", "5"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let too_many = stock_entry(
        &app,
        &ana,
        "transfer",
        &[
            ("item_id", &fare_ref),
            ("from", &office_ref),
            ("to", &kit_ref),
            ("quantity", "16"),
        ],
    )
    .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&too_many.body).contains("only 15 there"));
    assert_eq!(
        (
            on_hand(&app, office, fare).await,
            on_hand(&app, kit, fare).await
        ),
        (15, 5)
    );

    // The kit should alert below 4 cards.
    let r = stock_entry(
        &app,
        &ana,
        "thresholds",
        &[
            ("item_id", &fare_ref),
            ("location", &kit_ref),
            ("low_below", "4"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Bo, on shift, hands out 2 cards with the plain form (no JavaScript). Sending the same
    // form again (a retry on a weak signal) counts once.
    let tally = app
        .get(&format!("/shifts/{shift}/supplies"), Some(&bo))
        .await;
    assert_eq!(tally.status, StatusCode::OK);
    assert!(visible(&tally.body).contains("Transit card"));
    let form_id = "form-test-1";
    for _ in 0..2 {
        let r = app
            .post_form(
                &format!("/shifts/{shift}/supplies"),
                &[("form_id", form_id), (&format!("qty-{fare}"), "2")],
                Some(&bo),
            )
            .await;
        assert_eq!(
            r.location(),
            format!("/shifts/{shift}/supplies?done=saved"),
            "{}",
            r.body
        );
    }
    assert_eq!(on_hand(&app, kit, fare).await, 3);
    // 5 → 3 crossed the mark: the coordinator hears once.
    let alert = app
        .smtp
        .wait_for_subject("ana@example.org", "Vigil: supplies running low")
        .await;
    assert!(
        alert
            .text()
            .contains("Transit card is running low, 3 each left"),
        "{}",
        alert.text()
    );
    // As a word: the mail's links carry random tokens, which now and then hold the letters "Bo".
    assert!(
        !alert
            .text()
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "Bo"),
        "the alert doesn't say who handed out"
    );

    // A wrong number comes back with the value kept and nothing saved.
    let r = app
        .post_form(
            &format!("/shifts/{shift}/supplies"),
            &[
                ("form_id", "form-test-2"),
                (&format!("qty-{jacket}"), "two"),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&r.body).contains("Enter a whole number") && r.body.contains("value=\"two\""));

    // Two jackets with one in the kit: accepted (reality wins) and flagged for a count.
    let reply = app
        .send(taps_request(
            shift,
            &bo,
            &[
                ("tap-jacket-1".into(), jacket, 1),
                ("tap-jacket-2".into(), jacket, 1),
            ],
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(on_hand(&app, kit, jacket).await, -1);
    let stock = visible(&app.get("/supplies/stock", Some(&ana)).await.body);
    assert!(stock.contains("count needed"), "{stock}");
    // Taking back more than this shift handed out stops at zero.
    let reply = app
        .send(taps_request(
            shift,
            &bo,
            &[
                ("tap-back-1".into(), fare, -1),
                ("tap-back-2".into(), fare, -5),
            ],
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        on_hand(&app, kit, fare).await,
        5,
        "both cards back, no more"
    );
    let reply = app
        .send(taps_request(shift, &bo, &[("tap-again-1".into(), fare, 2)]))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // The count: a difference needs a reason; then the stock is the count and the flag goes.
    let no_reason = stock_entry(
        &app,
        &ana,
        "count",
        &[
            ("item_id", &jacket_ref),
            ("location", &kit_ref),
            ("counted", "0"),
        ],
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&no_reason.body).contains("The records say -1, you counted 0"));
    let r = stock_entry(
        &app,
        &ana,
        "count",
        &[
            ("item_id", &jacket_ref),
            ("location", &kit_ref),
            ("counted", "0"),
            ("reason", "one was donated on the spot"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(on_hand(&app, kit, jacket).await, 0);
    // A count adds an item the kit had none of.
    let r = stock_entry(
        &app,
        &ana,
        "count",
        &[
            ("item_id", &socks_ref),
            ("location", &kit_ref),
            ("counted", "6"),
            ("reason", "a bag left in the bin"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(on_hand(&app, kit, socks).await, 6);
    let stock = visible(&app.get("/supplies/stock", Some(&ana)).await.body);
    assert!(!stock.contains("count needed"), "{stock}");
    let audit: (i64, i64, String) = vigil_db::query_as("SELECT quantity, counted, reason FROM supply_entries WHERE kind = 'correction' AND item_id = ?")
        .bind(jacket)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        audit,
        (1, 0, "one was donated on the spot".to_string()),
        "the count records the difference and why"
    );

    // The weekly digest lists what is low.
    assert_eq!(
        vigil_core::workflows::digest::weekly_digest(&app.state.db, Utc::now())
            .await
            .unwrap(),
        1
    );
    let digest = app
        .smtp
        .wait_for_subject("ana@example.org", "Vigil: the coming week")
        .await;
    assert!(
        digest
            .text()
            .contains("County Jail kit: Transit card, 3 each left (low below 4)"),
        "{}",
        digest.text()
    );

    // Nothing on the tally for someone not on the shift; no supplies pages for volunteers.
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    assert_eq!(
        app.get(&format!("/shifts/{shift}/supplies"), Some(&cy))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.send(taps_request(shift, &cy, &[("tap-cy-1".into(), fare, 1)]))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/supplies", Some(&bo)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/supplies/export.csv", Some(&bo)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(on_hand(&app, kit, fare).await, 3);
}
