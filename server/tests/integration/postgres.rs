//! PostgreSQL with several Vigil servers behind one database: seats, the job queue and
//! sessions hold across servers, and `copy-db` moves an SQLite deployment over whole.
//! Against the throwaway PostgreSQL server `.ci/postgres.sh` starts (as `make test` does).
use crate::support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use support::smtp::SmtpSink;
use support::{visible, wire, TestApp};
use vigil_core::notifications::jobs::{self, NewJob};
use vigil_web::accounts::Role;

const VOLUNTEER: &[Role] = &[Role::Volunteer];

/// A page's main content as a reader sees it (the head carries a fresh nonce each time).
fn main_text(body: &str) -> String {
    let start = body.find("<main").expect("a <main> element");
    let end = body[start..]
        .find("</main>")
        .map_or(body.len(), |e| start + e);
    visible(&body[start..end])
}

/// Two servers on one new PostgreSQL database, sending mail to one SMTP listener.
async fn two_servers(smtp: &SmtpSink) -> Option<(TestApp, TestApp)> {
    let url = support::postgres_database().await?;
    let keys = tempfile::tempdir().expect("keys dir").keep();
    let config = |c: &mut vigil_core::config::Config| {
        c.smtp_url = Some(smtp.url());
        c.keys_dir = keys.clone();
    };
    let first = TestApp::on(&url, "target/site", config).await;
    let second = TestApp::on(&url, "target/site", config).await;
    Some((first, second))
}

/// A facility and a 3-seat shift tomorrow, made by the coordinator `email`; returns the shift.
async fn shift_with_three_seats(app: &TestApp, email: &str) -> i64 {
    use vigil_web::facilities::{FacilityInput, FacilityKind};
    use vigil_web::watches::{service, WatchKind};
    let coordinator = vigil_core::accounts::store::find_by_email(&app.state.db, email)
        .await
        .unwrap()
        .expect("coordinator")
        .0;
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
    let start = (Utc::now() + Duration::days(1))
        .date_naive()
        .and_hms_opt(20, 0, 0)
        .unwrap()
        .and_utc();
    let input = service::WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at: start,
        ends_at: Some(start + Duration::hours(3)),
        slot_hours: Some(3),
        min_volunteers: 2,
        max_volunteers: 3,
        needs_lead: false,
    };
    let watch = service::create_watch(&app.state.db, &coordinator, &input, Utc::now())
        .await
        .expect("watch");
    vigil_db::query_scalar("SELECT id FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_sign_ups_through_two_servers_take_exactly_three_seats() {
    let smtp = SmtpSink::start().await;
    let Some((first, second)) = two_servers(&smtp).await else {
        return;
    };
    first
        .volunteer(
            "ana@example.org",
            "Ana",
            &[Role::Coordinator, Role::Volunteer],
        )
        .await;
    let shift = shift_with_three_seats(&first, "ana@example.org").await;
    let mut cookies = Vec::new();
    for i in 0..200 {
        let app = if i % 2 == 0 { &first } else { &second };
        cookies.push(
            app.volunteer(&format!("v{i}@example.org"), &format!("V{i}"), VOLUNTEER)
                .await,
        );
    }
    let addrs = [first.listen().await, second.listen().await];
    let path = format!("/shifts/{shift}/sign-up");
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(cookies.len()));
    let mut tasks = Vec::new();
    for (i, cookie) in cookies.into_iter().enumerate() {
        // Each volunteer signs up through the other server than the one they signed in on.
        let (path, start, addr) = (path.clone(), start.clone(), addrs[(i + 1) % 2]);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            wire::request(addr, "POST", &path, Some(&cookie), Some(""))
                .await
                .expect("request")
        }));
    }
    let (mut signed, mut waitlisted) = (0, 0);
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 303, "every request answered without an error");
        match reply.location.as_str() {
            l if l.ends_with("done=signed-up") => signed += 1,
            l if l.ends_with("done=waitlisted") => waitlisted += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!((signed, waitlisted), (3, 197));
    let taken: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE slot_id = ? AND status = 'signed_up'",
    )
    .bind(shift)
    .fetch_one(&second.state.db)
    .await
    .unwrap();
    assert_eq!(taken, 3, "exactly three seats taken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_due_are_sent_once_with_both_servers_workers_running() {
    let smtp = SmtpSink::start().await;
    let Some((first, second)) = two_servers(&smtp).await else {
        return;
    };
    let now = Utc::now();
    let mut jobs_due = Vec::new();
    for i in 0..60 {
        let email = format!("r{i}@example.org");
        first.volunteer(&email, &format!("R{i}"), VOLUNTEER).await;
        let id = first.account_id(&email).await;
        jobs_due.push(NewJob {
            kind: "reminder".into(),
            idempotency_key: format!("r:shift:{i}:24h"),
            entity: Some(format!("shift:{i}")),
            account_id: Some(id),
            payload: serde_json::json!({"subject": "Your jail support shift tomorrow", "when": "Tomorrow, 22:00", "place": "County Jail", "path": "/"}),
            run_at: now,
        });
    }
    // Both servers' workers (started with their routers) are polling the one queue.
    jobs::schedule_all(&first.state.db, &jobs_due, now)
        .await
        .unwrap();
    for _ in 0..1500 {
        let left: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM jobs WHERE status <> 'done'")
            .fetch_one(&second.state.db)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Give a duplicate, if there were one, time to arrive.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    for i in 0..60 {
        assert_eq!(
            smtp.to(&format!("r{i}@example.org")).len(),
            1,
            "reminder {i} sent exactly once"
        );
    }
    let attempts: i64 = vigil_db::query_scalar("SELECT CAST(MAX(attempts) AS BIGINT) FROM jobs")
        .fetch_one(&first.state.db)
        .await
        .unwrap();
    assert_eq!(attempts, 1, "no job was claimed twice");
}

#[tokio::test]
async fn signed_in_through_one_server_is_signed_in_on_the_other() {
    let smtp = SmtpSink::start().await;
    let Some((first, second)) = two_servers(&smtp).await else {
        return;
    };
    let bo = first.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let page = second.get("/my-shifts", Some(&bo)).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the other server knows the session"
    );
    // Signing out on the second ends the session on the first too.
    let reply = second.post_form("/sign-out", &[], Some(&bo)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        first.get("/my-shifts", Some(&bo)).await.status,
        StatusCode::SEE_OTHER,
        "signed out everywhere"
    );
}

#[tokio::test]
async fn copy_db_moves_a_deployment_to_postgres_with_the_same_pages_and_people() {
    let Some(target) = support::postgres_database().await else {
        return;
    };
    // A populated SQLite deployment: a coordinator, a person (encrypted), a shift and a seat.
    let old = TestApp::new().await;
    let ana = old.setup_coordinator("Ana", "ana@example.org").await;
    let person = old
        .post_form(
            "/people/new",
            &[
                ("alias", "Sparrow"),
                ("contact", "+1 555 0100"),
                ("languages", "Spanish"),
                ("note", "Needs a ride"),
                ("case_ref", "A-123"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(person.status, StatusCode::SEE_OTHER, "{}", person.body);
    let person_page = person.location().split('?').next().unwrap().to_string();
    let shift = shift_with_three_seats(&old, "ana@example.org").await;
    let bo = old.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    assert_eq!(
        old.post_form(&format!("/shifts/{shift}/sign-up"), &[], Some(&bo))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let before: Vec<(String, &str)> = vec![
        (person_page.clone(), ana.as_str()),
        ("/people".into(), &ana),
        (format!("/shifts/{shift}"), &ana),
        ("/my-shifts".into(), &bo),
    ];
    let mut pages = Vec::new();
    for (path, cookie) in &before {
        let reply = old.get(path, Some(cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path} on SQLite");
        pages.push(main_text(&reply.body));
    }
    assert!(
        pages[0].contains("Sparrow"),
        "the person's page shows their alias"
    );

    // A reference to a newer row of the same table (as a hearing to its next one): the copy
    // can't insert it with its row.
    vigil_db::query("UPDATE accounts SET invited_by = (SELECT MAX(id) FROM accounts) WHERE id = (SELECT MIN(id) FROM accounts)")
        .execute(&old.state.db)
        .await
        .unwrap();
    let source = format!("sqlite://{}/vigil.db", old.dir.path().display());
    let report = vigil_db::copy::copy(&source, &target)
        .await
        .expect("copy-db");
    assert!(
        report.iter().any(|(t, n)| t == "people" && *n == 1),
        "{report:?}"
    );
    assert!(
        report.iter().any(|(t, n)| t == "sessions" && *n >= 1),
        "{report:?}"
    );

    // The same keys directory: the root key doesn't move with the database.
    let keys = old.state.config.keys_dir.clone();
    let new = TestApp::on(&target, "target/site", |c| c.keys_dir = keys).await;
    for ((path, cookie), page) in before.iter().zip(&pages) {
        let reply = new.get(path, Some(cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{path} on PostgreSQL, with the session copied"
        );
        assert_eq!(&main_text(&reply.body), page, "{path} reads the same");
    }

    // A second copy into the same database is refused, and changes nothing.
    let err = vigil_db::copy::copy(&source, &target)
        .await
        .expect_err("target not empty");
    assert!(err.to_string().contains("not empty"), "{err}");
    let forward: (i64, i64) = vigil_db::query_as("SELECT MIN(id), MAX(id) FROM accounts")
        .fetch_one(&new.state.db)
        .await
        .unwrap();
    let invited_by: Option<i64> =
        vigil_db::query_scalar("SELECT invited_by FROM accounts WHERE id = ?")
            .bind(forward.0)
            .fetch_one(&new.state.db)
            .await
            .unwrap();
    assert_eq!(
        invited_by,
        Some(forward.1),
        "the forward reference is copied"
    );
    let people: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(&new.state.db)
        .await
        .unwrap();
    assert_eq!(people, 1);
    // New rows carry on after the copied ids.
    let next = new
        .post_form(
            "/people/new",
            &[
                ("alias", "Wren"),
                ("contact", ""),
                ("languages", ""),
                ("note", ""),
                ("case_ref", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
}
