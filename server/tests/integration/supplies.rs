//! Supplies: stock arithmetic across restock, transfer, handout and count; taps from several
//! phones at once; handouts beyond stock flagged; the low-stock alert and digest; the report's
//! charts against its tables; the CSV export. Real SQLite file, real SMTP listener.
use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use support::{local, visible, TestApp};
use tower::ServiceExt;
use vigil_app::accounts::Role;

const VOLUNTEER: &[Role] = &[Role::Volunteer];

struct Site {
    coordinator: String,
    facility: i64,
    shift: i64,
}

/// A coordinator, a UTC facility, and a shift on now (started an hour ago).
async fn site_with_shift_now(app: &TestApp) -> Site {
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", "County Jail"),
                ("kind", "jail"),
                ("time_zone", "UTC"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let facility: i64 = vigil_app::storage::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let start = Utc::now() - Duration::hours(1);
    let form = [
        ("facility_id", facility.to_string()),
        ("kind", "surge".into()),
        ("starts_at", local(start)),
        ("min_volunteers", "1".into()),
        ("max_volunteers", "4".into()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app.post_form("/watches", &pairs, Some(&coordinator)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let watch: i64 = reply
        .location()
        .trim_start_matches("/watches/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let shift_form = [
        ("shift_start", local(start)),
        ("shift_end", local(start + Duration::hours(4))),
        ("min_volunteers", "1".into()),
        ("max_volunteers", "4".into()),
    ];
    let pairs: Vec<(&str, &str)> = shift_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app
        .post_form(
            &format!("/watches/{watch}/shifts"),
            &pairs,
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let shift: i64 =
        vigil_app::storage::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
            .bind(watch)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    Site {
        coordinator,
        facility,
        shift,
    }
}

/// A volunteer signed up on the shift; returns the cookie.
async fn on_shift(app: &TestApp, shift: i64, email: &str, name: &str) -> String {
    let cookie = app.volunteer(email, name, VOLUNTEER).await;
    let reply = app
        .post_form(&format!("/shifts/{shift}/sign-up"), &[], Some(&cookie))
        .await;
    assert!(
        reply.location().ends_with("done=signed-up"),
        "{} {}",
        reply.status,
        reply.location()
    );
    cookie
}

async fn add_item(app: &TestApp, coordinator: &str, name: &str, category: &str) -> i64 {
    let reply = app
        .post_form(
            "/supplies/stock/items",
            &[("name", name), ("unit", "each"), ("category", category)],
            Some(coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    vigil_app::storage::query_scalar("SELECT id FROM supply_items WHERE name = ?")
        .bind(name)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn stock_entry(
    app: &TestApp,
    coordinator: &str,
    kind: &str,
    form: &[(&str, &str)],
) -> support::Reply {
    app.post_form(&format!("/supplies/stock/{kind}"), form, Some(coordinator))
        .await
}

async fn on_hand(app: &TestApp, location: i64, item: i64) -> i64 {
    vigil_app::storage::query_scalar("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM supply_moves WHERE location_id = ? AND item_id = ?")
        .bind(location)
        .bind(item)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn kit(app: &TestApp, facility: i64) -> i64 {
    vigil_app::storage::query_scalar("SELECT id FROM supply_locations WHERE facility_id = ?")
        .bind(facility)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// Sends taps as the tally screen does (JSON to the server function).
fn taps_request(shift: i64, cookie: &str, taps: &[(String, i64, i64)]) -> Request<Body> {
    let taps: Vec<serde_json::Value> =
        taps.iter().map(|(id, item, delta)| serde_json::json!({"tap_id": id, "item_id": item, "delta": delta, "release_id": null})).collect();
    let body = serde_json::json!({"shift_id": shift, "taps": taps}).to_string();
    Request::post("/api/supplies/taps")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn stock_follows_restock_move_handout_and_count_and_never_goes_silently_negative() {
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
    let office: i64 = vigil_app::storage::query_scalar(
        "SELECT id FROM supply_locations WHERE name = 'Office closet'",
    )
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
    let audit: (i64, i64, String) = vigil_app::storage::query_as("SELECT quantity, counted, reason FROM supply_entries WHERE kind = 'correction' AND item_id = ?")
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
        vigil_app::watches::service::weekly_digest(&app.state.db, Utc::now())
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taps_from_several_phones_at_once_all_count_and_resends_count_once() {
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
    let totals: Vec<(i64, i64)> = vigil_app::storage::query_as("SELECT item_id, CAST(SUM(quantity) AS BIGINT) FROM supply_entries WHERE shift_id = ? GROUP BY item_id ORDER BY item_id")
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
    let when: Vec<chrono::DateTime<Utc>> = vigil_app::storage::query_scalar(
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

/// The numbers a chart draws: `data-label="…" data-value="…"` of each bar.
fn chart_values(svg: &str) -> Vec<(String, i64)> {
    svg.split("<rect ")
        .skip(1)
        .filter_map(|rect| {
            let attr = |name: &str| {
                rect.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .map(str::to_string)
            };
            Some((attr("data-label")?, attr("data-value")?.parse().ok()?))
        })
        .collect()
}

/// The figure with this caption, and the table with the same `data-chart`.
fn figure<'a>(page: &'a str, caption: &str) -> &'a str {
    let end = page
        .find(&format!("<figcaption>{caption}</figcaption>"))
        .unwrap_or_else(|| panic!("no chart “{caption}”"));
    let start = page[..end].rfind("<figure").expect("figure start");
    &page[start..end]
}

fn table_values(page: &str, caption: &str) -> Vec<(String, i64)> {
    let start = page
        .find(&format!("data-chart=\"{caption}\""))
        .unwrap_or_else(|| panic!("no table “{caption}”"));
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .filter_map(|row| {
            let label = row.split("<td>").nth(1)?.split("</td>").next()?.to_string();
            let value = row
                .split("data-value=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            Some((visible(&label), value))
        })
        .collect()
}

#[tokio::test]
async fn the_report_charts_say_what_its_tables_say_and_the_csv_has_every_entry() {
    let app = TestApp::new().await;
    let Site {
        coordinator: ana,
        facility,
        shift,
    } = site_with_shift_now(&app).await;
    let bo = on_shift(&app, shift, "bo@example.org", "Bo Volunteer").await;
    let fare = add_item(&app, &ana, "Transit card", "transit").await;
    let jacket = add_item(&app, &ana, "=HYPERLINK(jacket)", "clothing").await;
    let kit_new = format!("f{facility}");
    let r = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &fare.to_string()),
            ("location", &kit_new),
            ("quantity", "30"),
            ("source", "purchase"),
            ("cost", "60"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reply = app
        .send(taps_request(
            shift,
            &bo,
            &[
                ("tap-rep-1".into(), fare, 2),
                ("tap-rep-2".into(), jacket, 1),
            ],
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // An older handout, three weeks back (moved in time in the database).
    let reply = app
        .send(taps_request(shift, &bo, &[("tap-old-1".into(), fare, 4)]))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    vigil_app::storage::query(
        "UPDATE supply_entries SET occurred_at = ? WHERE tap_id = 'tap-old-1'",
    )
    .bind(Utc::now() - Duration::weeks(3))
    .execute(&app.state.db)
    .await
    .unwrap();

    let page = app.get("/supplies", Some(&ana)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = visible(&page.body);
    assert!(body.contains("<svg"), "charts are drawn on the server");
    let weekly = chart_values(figure(&body, "Handed out per week"));
    assert_eq!(weekly.len(), 8, "eight weeks by default");
    assert_eq!(
        weekly,
        table_values(&body, "Handed out per week"),
        "the weekly chart draws the table's numbers"
    );
    assert_eq!(weekly.iter().map(|(_, v)| v).sum::<i64>(), 7);
    assert_eq!(weekly.last().unwrap().1, 3);
    let per_item = chart_values(figure(&body, "Handed out per item"));
    assert_eq!(
        per_item,
        vec![
            ("Transit card".to_string(), 6),
            ("=HYPERLINK(jacket)".to_string(), 1)
        ]
    );
    assert_eq!(per_item, table_values(&body, "Handed out per item"));
    let spend = chart_values(figure(&body, "Restock spend per week"));
    assert_eq!(spend.last().unwrap().1, 6000);
    assert_eq!(spend, table_values(&body, "Restock spend per week"));
    assert!(body.contains("60.00 spent"));
    // A bad range keeps what was typed and says what to fix.
    let bad = visible(
        &app.get("/supplies?from=2026-13-01&to=", Some(&ana))
            .await
            .body,
    );
    assert!(
        bad.contains("Enter a date like") && bad.contains("2026-13-01"),
        "{bad}"
    );

    // The CSV: every entry in the range, formulas defused, no names.
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let from = (Utc::now() - Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let csv = app
        .get(
            &format!("/supplies/export.csv?from={from}&to={today}"),
            Some(&ana),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .contains(".csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let handouts: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| &r[col("kind")] == "handout")
        .map(|r| {
            (
                r[col("item")].to_string(),
                r[col("quantity")].to_string(),
                r[col("shift")].to_string(),
            )
        })
        .collect();
    assert_eq!(
        handouts,
        vec![
            ("Transit card".into(), "2".into(), shift.to_string()),
            ("'=HYPERLINK(jacket)".into(), "1".into(), shift.to_string())
        ],
        "this range's handouts, against the shift; the old one is outside it"
    );
    assert!(rows
        .iter()
        .any(|r| &r[col("kind")] == "restock" && &r[col("cost")] == "60.00"));
    assert!(
        !csv.body.contains("Bo Volunteer") && !csv.body.contains("bo@example.org"),
        "never who"
    );
    let wide = app
        .get(
            &format!(
                "/supplies/export.csv?from={}&to={today}",
                (Utc::now() - Duration::weeks(4)).format("%Y-%m-%d")
            ),
            Some(&ana),
        )
        .await;
    assert_eq!(
        csv::Reader::from_reader(wide.body.as_bytes())
            .records()
            .count(),
        rows.len() + 1
    );
    let backwards = app
        .get(
            &format!("/supplies/export.csv?from={today}&to=2020-01-01"),
            Some(&ana),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
}
