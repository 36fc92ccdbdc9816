//! `make bench`: a personal calendar feed of 1,000 events over real HTTP on loopback, as a
//! ratio to serving a static file of the same size from the same server in the same run; and
//! the 304 path (a client polling with If-None-Match), as a ratio to the same static file.
use chrono::{Duration, Utc};
use std::net::SocketAddr;
use std::time::Instant;
use vigil_app::accounts::Role;
use vigil_app::calendar::{service, FeedKind};
use vigil_app::facilities::{FacilityInput, FacilityKind};
use vigil_app::watches::service::{self as watches, WatchInput};
use vigil_app::watches::WatchKind;

#[path = "../tests/support/mod.rs"]
mod support;
use support::wire;

const EVENTS: i64 = 1_000;

async fn rate(addr: SocketAddr, path: &str, extra: &[(&str, &str)], expect: u16, requests: usize) -> (f64, usize) {
    let concurrency = 4;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let path = path.to_string();
        let extra: Vec<(String, String)> = extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        tasks.push(tokio::spawn(async move {
            let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut size = 0;
            for _ in 0..requests / concurrency {
                let reply = wire::request_with(addr, "GET", &path, None, None, &extra).await.expect("get");
                assert_eq!(reply.status, expect, "{path}");
                size = reply.body_len;
            }
            size
        }));
    }
    let mut size = 0;
    for task in tasks {
        size = task.await.unwrap();
    }
    (requests as f64 / started.elapsed().as_secs_f64(), size)
}

#[tokio::main]
async fn main() {
    let site = tempfile::tempdir().expect("site dir");
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    // Measure serving, not the per-feed rate limit.
    let app = support::TestApp::with_config(site.path().to_str().unwrap(), |c| c.calendar_requests_per_minute = 1_000_000).await;
    app.volunteer("ana@example.org", "Ana", &[Role::Coordinator, Role::Volunteer]).await;
    let ana = vigil_app::accounts::store::find_by_email(&app.state.db, "ana@example.org").await.unwrap().unwrap().0;
    let facility = vigil_app::facilities::store::insert(
        &app.state.db,
        &FacilityInput { name: "County Jail".into(), kind: FacilityKind::Jail, address: "1 Main St".into(), time_zone: "America/New_York".into(), notes: String::new() },
        Utc::now(),
    )
    .await
    .unwrap();
    // 1,000 one-hour shifts from tomorrow, and Ana on every one of them.
    let start = (Utc::now() + Duration::days(1)).date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let input = WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at: start,
        ends_at: Some(start + Duration::hours(EVENTS)),
        slot_hours: Some(1),
        min_volunteers: 1,
        max_volunteers: 2,
        needs_lead: false,
    };
    watches::create_watch(&app.state.db, &ana, &input, Utc::now()).await.unwrap();
    vigil_app::storage::query(
        "INSERT INTO signups (slot_kind, slot_id, account_id, status, joined_at, updated_at)
         SELECT 'shift', id, ?, 'signed_up', ?, ? FROM shifts",
    )
    .bind(ana.id)
    .bind(Utc::now())
    .bind(Utc::now())
    .execute(&app.state.db)
    .await
    .unwrap();
    let feed = service::create(&app.state.db, &app.state.config, &ana, FeedKind::Personal, None, Utc::now()).await.unwrap();
    let path = feed.url.trim_start_matches(&app.state.config.base_url).to_string();
    let addr = app.listen().await;

    let body = app.get(&path, None).await.body;
    assert_eq!(body.matches("BEGIN:VEVENT").count() as i64, EVENTS);
    std::fs::write(site.path().join("pkg/same-size.ics"), &body).unwrap();
    let etag = app.get(&path, None).await.headers["etag"].to_str().unwrap().to_string();

    let (feed_rate, feed_size) = rate(addr, &path, &[], 200, 200).await;
    let (static_rate, static_size) = rate(addr, "/pkg/same-size.ics", &[], 200, 2000).await;
    let (not_modified_rate, _) = rate(addr, &path, &[("If-None-Match", &etag)], 304, 400).await;
    assert_eq!(feed_size, static_size);
    println!(
        "calendar: personal feed of {EVENTS} events ({} KB): {feed_rate:.1} requests/s; a static file of the same size: {static_rate:.0}/s; ratio {:.3}",
        feed_size / 1024,
        feed_rate / static_rate
    );
    // Where a feed's time goes: the query, then building the text.
    let feed_row = service::by_token(&app.state.db, path.trim_start_matches("/calendar/").trim_end_matches(".ics")).await.unwrap().unwrap();
    let runs = 50;
    let started = Instant::now();
    for _ in 0..runs {
        vigil_app::calendar::store::personal(&app.state.db, ana.id, Utc::now() - Duration::days(30)).await.unwrap();
    }
    let query_ms = started.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    let started = Instant::now();
    for _ in 0..runs {
        service::load(&app.state.db, &app.state.config, &feed_row, Utc::now()).await.unwrap().body(&app.state.config);
    }
    let render_ms = started.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!("calendar: per feed, in process: query {query_ms:.1} ms, query and text {render_ms:.1} ms");
    println!("calendar: the 304 path (If-None-Match): {not_modified_rate:.1} requests/s; ratio to the static file {:.3}", not_modified_rate / static_rate);
}
