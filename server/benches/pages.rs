//! `make bench`: the pages and feeds that a mass arrest and calendar apps hit hardest, over
//! real HTTP on loopback, with the load from `wrk` in a second process (50 connections, as
//! in issue 17), each as a ratio to a baseline measured in the same run from the same server:
//! the open-shifts page (1,030 upcoming shifts) and a coordinator's feed (1,030 events) to a
//! static file of the same size, and the feed's 304 to `/healthz`.
use chrono::{Duration, Utc};
use std::net::SocketAddr;
use std::process::Command;
use vigil_core::watches::{self, WatchInput};
use vigil_web::accounts::Role;
use vigil_web::calendar::{service, FeedKind};
use vigil_web::facilities::{FacilityInput, FacilityKind};
use vigil_web::watches::WatchKind;

#[path = "../tests/integration/support/mod.rs"]
mod support;

const SHIFTS: i64 = 1_030;
const CONNECTIONS: &str = "50";
const SECONDS: &str = "5s";

struct Load {
    per_second: f64,
    p99_ms: f64,
}

/// `wrk` against `path`: requests a second and the 99th percentile latency.
fn wrk(addr: SocketAddr, path: &str, headers: &[String]) -> Load {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", "-c", CONNECTIONS, "-d", SECONDS, "--latency"]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    let out = cmd
        .arg(format!("http://{addr}{path}"))
        .output()
        .expect("wrk (apt install wrk; .ci/toolchain.sh bench-deps)");
    let text = String::from_utf8_lossy(&out.stdout);
    // wrk counts a 304 as an answer, a 4xx or 5xx as a failure.
    assert!(
        out.status.success() && !text.contains("Non-2xx"),
        "wrk {path}:\n{text}"
    );
    let number = |line: &str| line.split_whitespace().nth(1).unwrap_or("0").to_string();
    let per_second = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .map(number)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let p99 = text
        .lines()
        .find(|l| l.trim_start().starts_with("99%"))
        .map(|l| number(l.trim_start()))
        .unwrap_or_default();
    let p99_ms = if let Some(us) = p99.strip_suffix("us") {
        us.parse::<f64>().unwrap_or(0.0) / 1000.0
    } else if let Some(ms) = p99.strip_suffix("ms") {
        ms.parse().unwrap_or(0.0)
    } else {
        p99.trim_end_matches('s').parse::<f64>().unwrap_or(0.0) * 1000.0
    };
    Load { per_second, p99_ms }
}

fn row(name: &str, size: usize, load: &Load, baseline: &str, base: &Load, target: f64) {
    let ratio = load.per_second / base.per_second;
    println!(
        "| {name} | {} KB | {:.0}/s | {:.1} ms | {:.0}/s ({baseline}) | {ratio:.2}× | ≥ {target}× {} |",
        size / 1024,
        load.per_second,
        load.p99_ms,
        base.per_second,
        if ratio >= target { "met" } else { "NOT met" }
    );
}

#[tokio::main]
async fn main() {
    let site = tempfile::tempdir().expect("site dir");
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    // Measure serving, not the per-feed rate limit.
    let app = support::TestApp::with_config(site.path().to_str().unwrap(), |c| {
        c.calendar_requests_per_minute = u32::MAX
    })
    .await;
    let ana_cookie = app
        .volunteer(
            "ana@example.org",
            "Ana",
            &[Role::Coordinator, Role::Volunteer],
        )
        .await;
    let ana = vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let facility = vigil_core::facilities::store::insert(
        &app.state.db,
        &FacilityInput {
            name: "County Jail".into(),
            kind: FacilityKind::Jail,
            address: "1 Main St".into(),
            time_zone: "America/New_York".into(),
            notes: String::new(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    // 1,030 one-hour shifts from the next hour: all upcoming, all on the open-shifts list.
    let start = Utc::now() + Duration::hours(1);
    let input = WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at: start,
        ends_at: Some(start + Duration::hours(SHIFTS)),
        slot_hours: Some(1),
        min_volunteers: 1,
        max_volunteers: 2,
        needs_lead: false,
    };
    watches::create_watch(&app.state.db, &ana, &input, Utc::now())
        .await
        .unwrap();
    let feed = service::create(
        &app.state.db,
        &app.state.config,
        &ana,
        FeedKind::Coordinator,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    let feed_path = feed
        .url
        .trim_start_matches(&app.state.config.base_url)
        .to_string();
    let addr = app.listen().await;

    let cookie = format!("Cookie: {ana_cookie}");
    let shifts = app.get("/shifts", Some(&ana_cookie)).await;
    assert_eq!(shifts.status, 200);
    assert!(
        support::visible(&shifts.body).contains(&format!("{SHIFTS} shifts")),
        "every shift is on the list"
    );
    std::fs::write(
        site.path().join("pkg/same-size-as-shifts.html"),
        &shifts.body,
    )
    .unwrap();
    let calendar = app.get(&feed_path, None).await;
    assert_eq!(calendar.body.matches("BEGIN:VEVENT").count() as i64, SHIFTS);
    std::fs::write(
        site.path().join("pkg/same-size-as-feed.ics"),
        &calendar.body,
    )
    .unwrap();
    let etag = format!(
        "If-None-Match: {}",
        calendar.headers["etag"].to_str().unwrap()
    );

    let healthz = wrk(addr, "/healthz", &[]);
    let static_shifts = wrk(addr, "/pkg/same-size-as-shifts.html", &[]);
    let open_shifts = wrk(addr, "/shifts", std::slice::from_ref(&cookie));
    let static_feed = wrk(addr, "/pkg/same-size-as-feed.ics", &[]);
    let feed_200 = wrk(addr, &feed_path, &[]);
    let feed_304 = wrk(addr, &feed_path, &[etag]);

    println!("pages: wrk in a second process, {CONNECTIONS} connections, {SECONDS} each, loopback, same run");
    println!("| what | size | rate | p99 | baseline | ratio | target |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    row(
        "open shifts, 1,030 upcoming (page of 40)",
        shifts.body.len(),
        &open_shifts,
        "static file, same size",
        &static_shifts,
        0.25,
    );
    row(
        "coordinator feed, 1,030 events (200)",
        calendar.body.len(),
        &feed_200,
        "static file, same size",
        &static_feed,
        0.5,
    );
    row(
        "the same feed polled with its ETag (304)",
        0,
        &feed_304,
        "/healthz",
        &healthz,
        0.5,
    );
}
