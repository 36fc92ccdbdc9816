//! Taps from several phones at once, resends counted once.
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn taps_from_several_phones_at_once_all_count_and_resends_count_once() {
    let app = TestApp::new().await;
    let site = site_with_shift_now(&app).await;
    let fare = add_item(&app, &site.coordinator, "Transit card", "transit").await;
    let water = add_item(&app, &site.coordinator, "Water", "food_water").await;
    let mut phones = Vec::new();
    for i in 0..3 {
        phones.push(
            on_shift(
                &app,
                site.shift,
                &format!("v{i}@example.org"),
                &format!("V{i}"),
            )
            .await,
        );
    }
    // Each phone sends 20 single taps at once, and then sends 5 of them again (the answer was
    // lost); one phone also sends a batch of 10 it queued while offline.
    let mut requests = Vec::new();
    for (p, cookie) in phones.iter().enumerate() {
        for t in 0..20 {
            let item = if t % 2 == 0 { fare } else { water };
            requests.push(taps_request(
                site.shift,
                cookie,
                &[(format!("tap-{p}-{t:03}"), item, 1)],
            ));
        }
        for t in 0..5 {
            let item = if t % 2 == 0 { fare } else { water };
            requests.push(taps_request(
                site.shift,
                cookie,
                &[(format!("tap-{p}-{t:03}"), item, 1)],
            ));
        }
    }
    let offline: Vec<(String, i64, i64)> = (0..10)
        .map(|t| (format!("tap-offline-{t:03}"), fare, 1))
        .collect();
    requests.push(taps_request(site.shift, &phones[0], &offline));
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|req| {
            let (router, start) = (app.router.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                router.oneshot(req).await.expect("response").status()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let totals: Vec<(i64, i64)> = vigil_db::query_as("SELECT item_id, CAST(SUM(quantity) AS BIGINT) FROM supply_entries WHERE shift_id = ? GROUP BY item_id ORDER BY item_id")
        .bind(site.shift)
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        totals,
        vec![(fare, 3 * 10 + 10), (water, 3 * 10)],
        "every tap counted exactly once"
    );

    // A tap kept offline counts when it was tapped (by the phone's clock), unless that clock
    // claims a time outside the shift's tally window.
    let tapped = Utc::now() - Duration::minutes(20);
    let body = serde_json::json!({"shift_id": site.shift, "taps": [
        {"tap_id": "tap-late-1", "item_id": water, "delta": 1, "release_id": null, "tapped_at_ms": tapped.timestamp_millis()},
        {"tap_id": "tap-late-2", "item_id": water, "delta": 1, "release_id": null, "tapped_at_ms": (Utc::now() + Duration::days(2)).timestamp_millis()},
    ]});
    let mut late = taps_request(site.shift, &phones[1], &[]);
    *late.body_mut() = Body::from(body.to_string());
    assert_eq!(app.send(late).await.status, StatusCode::OK);
    let when: Vec<chrono::DateTime<Utc>> = vigil_db::query_scalar(
        "SELECT occurred_at FROM supply_entries WHERE tap_id LIKE 'tap-late-%' ORDER BY tap_id",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        when[0].timestamp_millis(),
        tapped.timestamp_millis(),
        "when it was tapped"
    );
    assert!(
        (Utc::now() - when[1]).num_seconds().abs() < 60,
        "a clock in the future counts as now: {}",
        when[1]
    );
    // The stock went below zero (nothing was restocked): flagged, not hidden.
    let kit = kit(&app, site.facility).await;
    assert_eq!(on_hand(&app, kit, fare).await, -40);
    let page = visible(
        &app.get("/supplies/stock", Some(&site.coordinator))
            .await
            .body,
    );
    assert!(page.contains("count needed"));
}
