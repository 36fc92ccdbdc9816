//! `make bench`: enqueue and drain 10,000 mail jobs to a local SMTP listener with the
//! worker's lanes, against plain loops sending the same messages over the same transport
//! with the same number of connections, in the same run.
use chrono::Utc;
use std::time::Instant;
use vigil_core::accounts::store::{self as accounts, NewAccount};
use vigil_core::config::Config;
use vigil_core::crypto::Keyring;
use vigil_core::notifications::jobs::{self, NewJob};
use vigil_core::notifications::mailer::{Email, Mailer};
use vigil_web::accounts::{AccountStatus, Role};
use vigil_web::state::AppState;

#[path = "../tests/integration/support/mod.rs"]
mod support;

/// 10,000 unless `VIGIL_BENCH_JOBS` says otherwise.
fn jobs_count() -> usize {
    std::env::var("VIGIL_BENCH_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// Connections in use at once, for both sides. One SMTP connection on loopback carries only
/// about 23 messages/s (lettre's writes meet Nagle and delayed ACKs): sending is bound by
/// round trips, so the worker runs lanes and the baseline runs as many loops.
const LANES: usize = 8;

#[tokio::main]
async fn main() {
    let jobs_n = jobs_count();
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp = support::smtp::SmtpSink::start().await;
    let db = vigil_db::open(&format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .expect("db");
    let mut config = Config::for_tests(dir.path().to_path_buf());
    config.smtp_url = Some(smtp.url());
    config.mail_concurrency = LANES;
    let mailer =
        Mailer::from_config(config.smtp_url.as_deref(), config.outbox_dir()).expect("mailer");
    let keyring = Keyring::open(&config.keys_dir, None).expect("keyring");
    let state = AppState::new(
        db.clone(),
        config,
        mailer.clone(),
        keyring,
        leptos::config::LeptosOptions::builder()
            .output_name("vigil")
            .build(),
    );
    let now = Utc::now();
    let new = NewAccount {
        email: "bo@example.org",
        display_name: "",
        roles: &[Role::Volunteer],
        status: AccountStatus::Active,
        invited_by: None,
        language: "en",
    };
    let bo = accounts::insert(&db, new, now)
        .await
        .expect("account")
        .expect("new account");

    // Baseline: the same number of messages, sent by LANES plain loops over the same transport.
    let start = Instant::now();
    let loops: Vec<_> = (0..LANES)
        .map(|lane| {
            let mailer = mailer.clone();
            tokio::spawn(async move {
                for i in (lane..jobs_n).step_by(LANES) {
                    let email = Email {
                        to: "bo@example.org".into(),
                        subject: "Your jail support shift tomorrow".into(),
                        text: format!(
                            "Tomorrow, 22:00\nWhere: County Jail\n\nhttp://127.0.0.1:3000/ {i}\n"
                        ),
                        html: format!("<p>Tomorrow, 22:00</p><p>Where: County Jail</p><p>{i}</p>"),
                        unsubscribe: Some(
                            "http://127.0.0.1:3000/unsubscribe?a=1&c=reminders&t=00".into(),
                        ),
                    };
                    mailer
                        .send("Vigil <vigil@localhost>", email)
                        .await
                        .expect("send");
                }
            })
        })
        .collect();
    for l in loops {
        l.await.expect("loop");
    }
    let plain = start.elapsed();

    // The queue: enqueue in one transaction, then drain with the worker's own step.
    let start = Instant::now();
    let mut tx = vigil_db::begin_write(&db).await.expect("tx");
    for i in 0..jobs_n {
        let job = NewJob {
            kind: "reminder".into(),
            idempotency_key: format!("bench:{i}"),
            entity: Some(format!("shift:{i}")),
            account_id: Some(bo),
            payload: serde_json::json!({"category": "reminders", "subject": "Your jail support shift tomorrow", "when": "Tomorrow, 22:00", "place": "County Jail", "path": "/"}),
            run_at: now,
        };
        jobs::schedule(&mut *tx, &job, now).await.expect("schedule");
    }
    tx.commit().await.expect("commit");
    let enqueued = start.elapsed();
    // The worker's lanes, each running the worker's own step until nothing is due.
    let lanes: Vec<_> = (0..LANES)
        .map(|_| {
            let state = state.clone();
            tokio::spawn(async move {
                while vigil_core::notifications::worker::run_once(&state, jobs::Queue::Mail)
                    .await
                    .expect("run")
                {}
            })
        })
        .collect();
    for l in lanes {
        l.await.expect("lane");
    }
    let total = start.elapsed();
    assert_eq!(
        smtp.messages.lock().map(|m| m.len()).unwrap_or(0),
        2 * jobs_n
    );

    println!(
        "jobs: {jobs_n} enqueued in {:.2} s and drained by {LANES} lanes, {:.0} jobs/s in all; {:.2}× the time of {LANES} plain send loops ({:.0} messages/s)",
        enqueued.as_secs_f64(),
        jobs_n as f64 / total.as_secs_f64(),
        total.as_secs_f64() / plain.as_secs_f64(),
        jobs_n as f64 / plain.as_secs_f64()
    );
}
