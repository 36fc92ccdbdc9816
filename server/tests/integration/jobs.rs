//! The job queue and its worker: due jobs survive restarts, SMTP outages are retried with
//! backoff, moved or cancelled entities move or cancel their jobs. Real SQLite, real SMTP.
use crate::support;

use chrono::{Duration, Utc};
use std::process::{Child, Command};
use support::smtp::SmtpSink;
use support::TestApp;
use vigil_core::accounts::store::{self as accounts, NewAccount};
use vigil_core::notifications::jobs::{self, NewJob};
use vigil_web::accounts::{AccountStatus, Role};

fn reminder(key: &str, entity: &str, account_id: i64, run_at: chrono::DateTime<Utc>) -> NewJob {
    NewJob {
        kind: "reminder".into(),
        idempotency_key: key.into(),
        entity: Some(entity.into()),
        account_id: Some(account_id),
        payload: serde_json::json!({
            "subject": "Your jail support shift tomorrow",
            "when": "Tomorrow, 22:00 to 02:00",
            "place": "County Jail",
            "path": "/",
        }),
        run_at,
    }
}

async fn status_of(app: &TestApp, id_key: &str) -> (String, i64, Option<String>) {
    vigil_db::query_as("SELECT status, attempts, last_error FROM jobs WHERE idempotency_key = ?")
        .bind(id_key)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn wait_until<F: Fn() -> bool>(what: &str, f: F) {
    for _ in 0..500 {
        if f() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn scheduling_is_idempotent_and_moving_or_cancelling_an_entity_moves_its_jobs() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let now = Utc::now();
    // Whole microseconds: what both databases keep.
    let at =
        chrono::DurationRound::duration_trunc(now + Duration::hours(20), Duration::microseconds(1))
            .unwrap();
    assert!(jobs::schedule(
        &app.state.db,
        &reminder("r:shift:1:24h", "shift:1", ana, at),
        now
    )
    .await
    .unwrap());
    assert!(
        !jobs::schedule(
            &app.state.db,
            &reminder("r:shift:1:24h", "shift:1", ana, at),
            now
        )
        .await
        .unwrap(),
        "same key: no second job"
    );
    jobs::schedule(
        &app.state.db,
        &reminder("r:shift:1:2h", "shift:1", ana, at + Duration::hours(22)),
        now,
    )
    .await
    .unwrap();
    jobs::schedule(
        &app.state.db,
        &reminder("r:shift:2:24h", "shift:2", ana, at),
        now,
    )
    .await
    .unwrap();

    // The shift moves 3 hours later: in the same transaction as the change to the shift.
    let mut tx = vigil_db::begin_write(&app.state.db).await.unwrap();
    assert_eq!(
        jobs::reschedule_entity(&mut tx, "shift:1", Duration::hours(3), now)
            .await
            .unwrap(),
        2
    );
    tx.commit().await.unwrap();
    let moved: chrono::DateTime<Utc> =
        vigil_db::query_scalar("SELECT run_at FROM jobs WHERE idempotency_key = 'r:shift:1:24h'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(moved, at + Duration::hours(3));
    let untouched: chrono::DateTime<Utc> =
        vigil_db::query_scalar("SELECT run_at FROM jobs WHERE idempotency_key = 'r:shift:2:24h'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(untouched, at);

    // Cancelled: its reminders are cancelled, and never sent even when due.
    assert_eq!(
        jobs::cancel_entity(&app.state.db, "shift:1", now)
            .await
            .unwrap(),
        2
    );
    vigil_db::query("UPDATE jobs SET run_at = ?")
        .bind(now - Duration::minutes(1))
        .execute(&app.state.db)
        .await
        .unwrap();
    let smtp = app.smtp.clone();
    wait_until("shift 2's reminder", || {
        !smtp
            .to("ana@example.org")
            .iter()
            .filter(|m| m.subject().contains("shift"))
            .collect::<Vec<_>>()
            .is_empty()
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let reminders = app
        .smtp
        .to("ana@example.org")
        .into_iter()
        .filter(|m| m.subject() == "Your jail support shift tomorrow")
        .count();
    assert_eq!(reminders, 1, "only the job that was not cancelled");
    assert_eq!(status_of(&app, "r:shift:1:24h").await.0, "cancelled");
}

#[tokio::test]
async fn smtp_outage_is_retried_with_backoff_and_delivered_when_it_returns() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    app.smtp
        .refuse
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let now = Utc::now();
    jobs::schedule(
        &app.state.db,
        &reminder("r:outage", "shift:9", ana, now),
        now,
    )
    .await
    .unwrap();

    // First attempt fails: back to pending, next try in 30 s, the reason visible.
    for _ in 0..500 {
        if status_of(&app, "r:outage").await.1 >= 1
            && status_of(&app, "r:outage").await.0 == "pending"
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (status, attempts, error) = status_of(&app, "r:outage").await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(error.unwrap().contains("could not send"));
    let (run_at, updated): (chrono::DateTime<Utc>, chrono::DateTime<Utc>) = vigil_db::query_as(
        "SELECT run_at, updated_at FROM jobs WHERE idempotency_key = 'r:outage'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!((run_at - updated).num_seconds(), 30, "first backoff");

    // Time passes and fails again: the wait doubles.
    vigil_db::query("UPDATE jobs SET run_at = ? WHERE idempotency_key = 'r:outage'")
        .bind(Utc::now())
        .execute(&app.state.db)
        .await
        .unwrap();
    for _ in 0..500 {
        if status_of(&app, "r:outage").await.1 >= 2
            && status_of(&app, "r:outage").await.0 == "pending"
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (run_at, updated): (chrono::DateTime<Utc>, chrono::DateTime<Utc>) = vigil_db::query_as(
        "SELECT run_at, updated_at FROM jobs WHERE idempotency_key = 'r:outage'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!((run_at - updated).num_seconds(), 60, "second backoff");

    // The mail server is back; when the retry is due the reminder goes out, once.
    app.smtp
        .refuse
        .store(false, std::sync::atomic::Ordering::SeqCst);
    vigil_db::query("UPDATE jobs SET run_at = ? WHERE idempotency_key = 'r:outage'")
        .bind(Utc::now())
        .execute(&app.state.db)
        .await
        .unwrap();
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "Your jail support shift tomorrow");
    assert!(
        mail.data.contains("text/plain")
            && mail.data.contains("text/html")
            && mail.link().starts_with("http://127.0.0.1:3000/")
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(status_of(&app, "r:outage").await.0, "done");
    assert_eq!(app.smtp.to("ana@example.org").len(), 1);
}

#[tokio::test]
async fn a_job_claimed_by_a_worker_that_died_runs_again_after_its_lease() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    // A worker claimed it 3 minutes ago and died (its lease ran out a minute ago).
    let long_ago = Utc::now() - Duration::minutes(3);
    jobs::schedule(
        &app.state.db,
        &reminder("r:lease", "shift:3", ana, long_ago),
        long_ago,
    )
    .await
    .unwrap();
    vigil_db::query("UPDATE jobs SET status = 'running', attempts = 1, lease_until = ? WHERE idempotency_key = 'r:lease'")
        .bind(long_ago + jobs::LEASE)
        .execute(&app.state.db)
        .await
        .unwrap();
    app.smtp.wait_for("ana@example.org").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.smtp.to("ana@example.org").len(), 1);
    assert_eq!(status_of(&app, "r:lease").await.0, "done");
}

/// An active volunteer account, bo@example.org, created directly in the database.
async fn volunteer(db: &vigil_db::Db, now: chrono::DateTime<Utc>) -> i64 {
    let new = NewAccount {
        email: "bo@example.org",
        display_name: "",
        roles: &[Role::Volunteer],
        status: AccountStatus::Active,
        invited_by: None,
        language: "en",
    };
    accounts::insert(db, new, now).await.unwrap().unwrap()
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &std::path::Path, smtp: &SmtpSink) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Server(
        Command::new(env!("CARGO_BIN_EXE_vigil"))
            .arg("serve")
            .env("VIGIL_DATA_DIR", dir)
            .env("VIGIL_BIND", format!("127.0.0.1:{port}"))
            .env("VIGIL_SMTP_URL", smtp.url())
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    )
}

#[tokio::test]
async fn a_reminder_due_while_the_server_was_stopped_is_sent_once_after_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start().await;
    {
        // The server is stopped; the reminder was due an hour ago.
        let db = vigil_db::open(&format!("sqlite://{}/vigil.db", dir.path().display()))
            .await
            .unwrap();
        let now = Utc::now();
        let bo = volunteer(&db, now).await;
        jobs::schedule(
            &db,
            &reminder("r:restart", "shift:4", bo, now - Duration::hours(1)),
            now,
        )
        .await
        .unwrap();
        db.close().await;
    }
    let server = serve(dir.path(), &smtp);
    smtp.wait_for("bo@example.org").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    drop(server);
    // A second start sends nothing more.
    let again = serve(dir.path(), &smtp);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    drop(again);
    assert_eq!(smtp.to("bo@example.org").len(), 1);
}

#[tokio::test]
async fn killing_the_server_mid_send_loses_nothing_and_duplicates_at_most_once() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start().await;
    let db_url = format!("sqlite://{}/vigil.db", dir.path().display());
    let db = vigil_db::open(&db_url).await.unwrap();
    let now = Utc::now();
    let bo = volunteer(&db, now).await;
    // The mail server stores the message but is slow to say so: the server dies meanwhile.
    smtp.ack_delay_ms
        .store(10_000, std::sync::atomic::Ordering::SeqCst);
    jobs::schedule(&db, &reminder("r:kill", "shift:5", bo, now), now)
        .await
        .unwrap();
    let server = serve(dir.path(), &smtp);
    smtp.wait_for("bo@example.org").await;
    drop(server); // SIGKILL, mid-send
    let status: String = vigil_db::query_scalar("SELECT status FROM jobs")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(status, "running", "claimed, not lost, not marked done");

    // The lease runs out (time passes), the server comes back, the job runs again.
    vigil_db::query("UPDATE jobs SET lease_until = ?")
        .bind(Utc::now() - Duration::seconds(1))
        .execute(&db)
        .await
        .unwrap();
    smtp.ack_delay_ms
        .store(0, std::sync::atomic::Ordering::SeqCst);
    let again = serve(dir.path(), &smtp);
    let mut done = false;
    for _ in 0..300 {
        let status: String = vigil_db::query_scalar("SELECT status FROM jobs")
            .fetch_one(&db)
            .await
            .unwrap();
        if status == "done" {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    drop(again);
    assert!(done, "the job completed after the restart");
    let sent = smtp.to("bo@example.org").len();
    assert!(
        (1..=2).contains(&sent),
        "at least once, at most one duplicate per crash: {sent}"
    );
}
