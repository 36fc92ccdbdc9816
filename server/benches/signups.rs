//! `make bench`: a burst of sign-ups and the open-shifts page, over real HTTP on loopback.
//!
//! 1. 200 concurrent clients (each its own session) send 1,000 sign-ups across 100 shifts of
//!    8 seats. Reported: throughput, p50/p99 latency, overbooked seats (must be 0), and the
//!    rate of raw single-row insert transactions (same SQLite settings, same concurrency) in
//!    the same run, as a ratio. This machine is noisy (the raw rate alone varies 2–3× between
//!    runs), so the burst and its baseline alternate for `ROUNDS` rounds on fresh shifts and
//!    the medians are reported. Two more references: the same clients asking `/healthz`
//!    (HTTP plus one database read: the floor for any request), and the same burst straight
//!    into the domain service (no HTTP).
//! 2. The open-shifts page with 1,000 upcoming shifts, pages/s as a ratio to serving a
//!    static file of the same size from the same server.
use chrono::{Duration, Utc};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use vigil_core::watches::{self as service, WatchInput};
use vigil_web::accounts::Role;
use vigil_web::facilities::{FacilityInput, FacilityKind};
use vigil_web::watches::WatchKind;

#[path = "../tests/integration/support/mod.rs"]
mod support;
use support::wire;

const CLIENTS: usize = 200;
const SIGN_UPS_PER_CLIENT: usize = 5;
const SHIFTS: i64 = 100;
const SEATS: i64 = 8;
const ROUNDS: usize = 5;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A coordinator, a facility, the first round's shifts and `CLIENTS` signed-in volunteers.
async fn populate(
    app: &support::TestApp,
) -> (
    vigil_web::accounts::Account,
    i64,
    Arc<Vec<i64>>,
    Vec<String>,
) {
    let ana = coordinator(app).await;
    let facility = vigil_core::facilities::store::insert(
        &app.state.db,
        &FacilityInput {
            name: "County Jail".into(),
            kind: FacilityKind::Jail,
            address: "1 Main St".into(),
            time_zone: "America/New_York".into(),
            notes: "East gate.".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let shift_ids = Arc::new(shifts(app, &ana, facility, SHIFTS, SEATS, 1).await);
    let mut cookies = Vec::new();
    for i in 0..CLIENTS {
        cookies.push(
            app.volunteer(
                &format!("v{i}@example.org"),
                &format!("Volunteer {i}"),
                &[Role::Volunteer],
            )
            .await,
        );
    }
    (ana, facility, shift_ids, cookies)
}

async fn coordinator(app: &support::TestApp) -> vigil_web::accounts::Account {
    app.volunteer(
        "ana@example.org",
        "Ana",
        &[Role::Coordinator, Role::Volunteer],
    )
    .await;
    vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
}

/// A watch of `n` back-to-back one-hour shifts from tomorrow; returns the shift ids.
async fn shifts(
    app: &support::TestApp,
    ana: &vigil_web::accounts::Account,
    facility: i64,
    n: i64,
    seats: i64,
    offset_days: i64,
) -> Vec<i64> {
    let start = (Utc::now() + Duration::days(offset_days))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let input = WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at: start,
        ends_at: Some(start + Duration::hours(n)),
        slot_hours: Some(1),
        min_volunteers: 2,
        max_volunteers: seats,
        needs_lead: true,
    };
    let watch = service::create_watch(&app.state.db, ana, &input, Utc::now())
        .await
        .expect("watch");
    vigil_db::query_scalar("SELECT id FROM shifts WHERE watch_id = ? ORDER BY starts_at")
        .bind(watch)
        .fetch_all(&app.state.db)
        .await
        .unwrap()
}

/// Each client sends its requests one after another on its own kept-alive connection, as a
/// phone's browser does; all clients start together. Each request signs up for a shift
/// (`None`: asks `/healthz`).
async fn burst(
    addr: SocketAddr,
    cookies: Vec<String>,
    shift_ids: Option<Arc<Vec<i64>>>,
) -> (f64, Vec<f64>, usize) {
    let gate = Arc::new(tokio::sync::Barrier::new(cookies.len()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, cookie) in cookies.into_iter().enumerate() {
        let (gate, shift_ids) = (gate.clone(), shift_ids.clone());
        tasks.push(tokio::spawn(async move {
            // Each client's phone already holds a connection: it loaded the shift's page.
            let mut connection = wire::Client::connect(addr).await.expect("connect");
            gate.wait().await;
            let mut latencies = Vec::new();
            let mut errors = 0;
            for k in 0..SIGN_UPS_PER_CLIENT {
                let t = Instant::now();
                let reply = match &shift_ids {
                    // Spread each client's five sign-ups over distinct shifts, crowding some.
                    Some(ids) => {
                        let shift = ids[(client * 7 + k * 31) % ids.len()];
                        connection
                            .send(
                                "POST",
                                &format!("/shifts/{shift}/sign-up"),
                                Some(&cookie),
                                Some(""),
                            )
                            .await
                            .expect("request")
                    }
                    None => connection
                        .send("GET", "/healthz", None, None)
                        .await
                        .expect("request"),
                };
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                if reply.status != if shift_ids.is_some() { 303 } else { 200 } {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("client");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(|a, b| a.total_cmp(b));
    (elapsed, latencies, errors)
}

/// Raw single-row insert transactions: same backend and settings, same write path
/// (`begin_write`), same concurrency, same count, on a fresh database at `url`. Returns the
/// rate and the sorted latencies.
async fn raw_inserts(url: &str, n: usize) -> (f64, Vec<f64>) {
    let db = vigil_db::open(url).await.expect("raw db");
    vigil_db::query("CREATE TABLE raw (id INTEGER PRIMARY KEY, shift INTEGER NOT NULL, account INTEGER NOT NULL, at TEXT NOT NULL)")
        .postgres("CREATE TABLE raw (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, shift BIGINT NOT NULL, account BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL)")
        .execute(&db)
        .await
        .unwrap();
    let gate = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (db, gate) = (db.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let mut latencies = Vec::new();
            for k in 0..n / CLIENTS {
                let t = Instant::now();
                let mut tx = vigil_db::begin_write(&db).await.unwrap();
                vigil_db::query("INSERT INTO raw (shift, account, at) VALUES (?, ?, ?)")
                    .bind(k as i64)
                    .bind(client as i64)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    latencies.sort_by(|a, b| a.total_cmp(b));
    (rate, latencies)
}

/// Medians over the rounds of a backend's burst and its baselines.
struct Burst {
    rate: f64,
    p50: f64,
    p99: f64,
    raw_rate: f64,
    raw_p99: f64,
    ratio: f64,
    floor_rate: f64,
    floor_p99: f64,
    floor_ratio: f64,
    errors: usize,
    signed: i64,
    overbooked: i64,
}

impl Burst {
    fn print(&self, backend: &str) {
        println!(
            "sign-ups on {backend} (median of {ROUNDS} rounds): {} from {CLIENTS} concurrent clients over {SHIFTS} shifts of {SEATS} seats each round: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms; \
             {} errors in {}, {} seats taken, overbooked seats: {}",
            CLIENTS * SIGN_UPS_PER_CLIENT,
            self.rate,
            self.p50,
            self.p99,
            self.errors,
            CLIENTS * SIGN_UPS_PER_CLIENT * ROUNDS,
            self.signed,
            self.overbooked,
        );
        println!(
            "sign-ups on {backend}: raw single-row insert transactions, same settings and concurrency: {:.0}/s, p99 {:.1} ms; sign-ups run at {:.2}× that rate (median of the rounds' ratios)",
            self.raw_rate, self.raw_p99, self.ratio,
        );
        println!(
            "sign-ups on {backend}: the same clients asking /healthz (HTTP and one read, the floor for any request): {:.0}/s, p99 {:.1} ms; sign-ups run at {:.2}× that rate",
            self.floor_rate, self.floor_p99, self.floor_ratio,
        );
    }
}

/// The burst, raw inserts on a fresh database (`raw_url(round)`) and the `/healthz` floor,
/// alternating for `ROUNDS` rounds on fresh shifts.
async fn burst_rounds<F, U>(
    app: &support::TestApp,
    ana: &vigil_web::accounts::Account,
    facility: i64,
    first_shifts: Arc<Vec<i64>>,
    cookies: &[String],
    addr: SocketAddr,
    raw_url: F,
) -> Burst
where
    F: Fn(usize) -> U,
    U: std::future::Future<Output = String>,
{
    let mut rounds = Vec::new();
    let mut errors = 0;
    for round in 0..ROUNDS {
        let ids = if round == 0 {
            first_shifts.clone()
        } else {
            Arc::new(shifts(app, ana, facility, SHIFTS, SEATS, 70 + 5 * round as i64).await)
        };
        let (elapsed, latencies, failed) = burst(addr, cookies.to_vec(), Some(ids)).await;
        errors += failed;
        let rate = latencies.len() as f64 / elapsed;
        let (raw_rate, raw_latencies) = raw_inserts(&raw_url(round).await, latencies.len()).await;
        let (floor_elapsed, floor_latencies, floor_failed) =
            burst(addr, cookies.to_vec(), None).await;
        assert_eq!(floor_failed, 0, "/healthz");
        println!(
            "sign-ups round {}: {rate:.0}/s p50 {:.1} ms p99 {:.1} ms | raw inserts {raw_rate:.0}/s p99 {:.1} ms | ratio {:.2} | /healthz {:.0}/s p99 {:.1} ms",
            round + 1,
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
            percentile(&raw_latencies, 0.99),
            rate / raw_rate,
            floor_latencies.len() as f64 / floor_elapsed,
            percentile(&floor_latencies, 0.99),
        );
        rounds.push((
            rate,
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
            raw_rate,
            percentile(&raw_latencies, 0.99),
            floor_latencies.len() as f64 / floor_elapsed,
            percentile(&floor_latencies, 0.99),
        ));
    }
    let overbooked: i64 = vigil_db::query_scalar(
        "SELECT CAST(COALESCE(SUM(taken - max_volunteers), 0) AS BIGINT) FROM (
             SELECT sh.max_volunteers, (SELECT COUNT(*) FROM signups s WHERE s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up') AS taken
               FROM shifts sh) counts WHERE taken > max_volunteers",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let signed: i64 =
        vigil_db::query_scalar("SELECT COUNT(*) FROM signups WHERE status = 'signed_up'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    type Round = (f64, f64, f64, f64, f64, f64, f64);
    let column = |f: fn(&Round) -> f64| median(rounds.iter().map(f).collect());
    let burst = Burst {
        rate: column(|r| r.0),
        p50: column(|r| r.1),
        p99: column(|r| r.2),
        raw_rate: column(|r| r.3),
        raw_p99: column(|r| r.4),
        ratio: median(rounds.iter().map(|r| r.0 / r.3).collect()),
        floor_rate: column(|r| r.5),
        floor_p99: column(|r| r.6),
        floor_ratio: median(rounds.iter().map(|r| r.0 / r.5).collect()),
        errors,
        signed,
        overbooked,
    };
    assert_eq!(burst.overbooked, 0, "never overbook");
    assert_eq!(burst.errors, 0, "every sign-up answered with a redirect");
    burst
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

async fn pages_per_second(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
    requests: usize,
) -> (f64, usize) {
    let concurrency = 4;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (path, cookie) = (path.to_string(), cookie.map(str::to_string));
        tasks.push(tokio::spawn(async move {
            let mut size = 0;
            for _ in 0..requests / concurrency {
                let reply = wire::request(addr, "GET", &path, cookie.as_deref(), None)
                    .await
                    .expect("get");
                assert_eq!(reply.status, 200, "{path}");
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
    let app = support::TestApp::with_site_root(site.path().to_str().unwrap()).await;
    let (ana, facility, shift_ids, cookies) = populate(&app).await;
    let addr = app.listen().await;

    // 1. The burst and its baseline, alternating, on fresh shifts each round. The first
    //    round's shifts are on the open-shifts page below; later rounds' are past its horizon.
    let dir = app.dir.path().to_path_buf();
    let sqlite = burst_rounds(
        &app,
        &ana,
        facility,
        shift_ids.clone(),
        &cookies,
        addr,
        |round| {
            let url = format!("sqlite://{}/raw-{round}.db", dir.display());
            async move { url }
        },
    )
    .await;
    sqlite.print("SQLite");

    // The same burst straight into the domain service, without HTTP or sessions: where the
    // time goes.
    let direct_ids = Arc::new(shifts(&app, &ana, facility, SHIFTS, SEATS, 100).await);
    let accounts: Vec<vigil_web::accounts::Account> =
        vigil_core::accounts::store::list(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.email.starts_with('v'))
            .collect();
    let gate = Arc::new(tokio::sync::Barrier::new(accounts.len()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, account) in accounts.into_iter().enumerate() {
        let (gate, ids, db) = (gate.clone(), direct_ids.clone(), app.state.db.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let mut latencies = Vec::new();
            for k in 0..SIGN_UPS_PER_CLIENT {
                let t = Instant::now();
                service::sign_up(
                    &db,
                    &account,
                    ids[(client * 7 + k * 31) % ids.len()],
                    false,
                    Utc::now(),
                )
                .await
                .expect("sign up");
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut direct = Vec::new();
    for task in tasks {
        direct.extend(task.await.unwrap());
    }
    let direct_rate = direct.len() as f64 / started.elapsed().as_secs_f64();
    direct.sort_by(|a, b| a.total_cmp(b));
    println!(
        "sign-ups: the same burst into the service directly (no HTTP, no sessions): {direct_rate:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
        percentile(&direct, 0.5),
        percentile(&direct, 0.99)
    );

    // 2. The open-shifts page with 1,000 upcoming shifts against a static file of its size.
    shifts(&app, &ana, facility, 1_000 - SHIFTS, 6, 6).await;
    let upcoming: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM shifts WHERE starts_at < ?")
        .bind(Utc::now() + vigil_core::watches::OPEN_SHIFTS_AHEAD)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let (_, page_size) = pages_per_second(addr, "/shifts", Some(&cookies[0]), 4).await;
    std::fs::write(
        site.path().join("pkg/same-size.html"),
        "x".repeat(page_size),
    )
    .unwrap();
    let requests = 200;
    let (page_rate, _) = pages_per_second(addr, "/shifts", Some(&cookies[0]), requests).await;
    let (static_rate, static_size) =
        pages_per_second(addr, "/pkg/same-size.html", None, requests * 10).await;
    assert_eq!(static_size, page_size);
    println!(
        "open shifts: {upcoming} upcoming shifts (first page of {}), page of {} KB: {page_rate:.1} pages/s; a static file of the same size: {static_rate:.0}/s; ratio {:.3}",
        vigil_web::watches::OPEN_SHIFTS_PER_PAGE,
        page_size / 1024,
        page_rate / static_rate
    );

    // 3. The same burst on PostgreSQL (`make bench` starts a throwaway server), side by side.
    if let Some(url) = support::postgres_database().await {
        let pg = support::TestApp::on(&url, site.path().to_str().unwrap(), |_| {}).await;
        let (ana, facility, shift_ids, cookies) = populate(&pg).await;
        let addr = pg.listen().await;
        let postgres = burst_rounds(&pg, &ana, facility, shift_ids, &cookies, addr, |_| async {
            support::postgres_database().await.expect("PostgreSQL")
        })
        .await;
        postgres.print("PostgreSQL");
        println!("sign-ups, side by side (medians)      SQLite   PostgreSQL");
        println!(
            "  sign-ups/s                        {:>8.0}   {:>10.0}",
            sqlite.rate, postgres.rate
        );
        println!(
            "  p50 / p99 ms                  {:>6.1} / {:<5.1} {:>6.1} / {:<5.1}",
            sqlite.p50, sqlite.p99, postgres.p50, postgres.p99
        );
        println!(
            "  raw single-row inserts/s          {:>8.0}   {:>10.0}",
            sqlite.raw_rate, postgres.raw_rate
        );
        println!(
            "  ratio to its own raw inserts      {:>8.2}   {:>10.2}",
            sqlite.ratio, postgres.ratio
        );
        println!(
            "  overbooked seats                  {:>8}   {:>10}",
            sqlite.overbooked, postgres.overbooked
        );
    } else {
        println!("sign-ups on PostgreSQL: skipped (no server; `make bench` starts one)");
    }
}
