//! Supplies: stock arithmetic across restock, transfer, handout and count; taps from several
//! phones at once; handouts beyond stock flagged; the low-stock alert and digest; the report's
//! charts against its tables; the CSV export; handouts after hearings and elsewhere. Real
//! SQLite file, real SMTP listener.
use crate::support;

mod elsewhere;
mod report;
mod stock;
mod taps;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use support::{local, visible, TestApp};
use tower::ServiceExt;
use vigil_web::accounts::Role;

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
    let facility: i64 = vigil_db::query_scalar("SELECT max(id) FROM facilities")
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
    let shift: i64 = vigil_db::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
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
    vigil_db::query_scalar("SELECT id FROM supply_items WHERE name = ?")
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
    vigil_db::query_scalar("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM supply_moves WHERE location_id = ? AND item_id = ?")
        .bind(location)
        .bind(item)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn kit(app: &TestApp, facility: i64) -> i64 {
    vigil_db::query_scalar("SELECT id FROM supply_locations WHERE facility_id = ?")
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
