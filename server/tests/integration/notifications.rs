//! Notification preferences, quiet hours, unsubscribe links, the reminder API and the
//! coordinators' view of failed mail. Real SQLite, real SMTP listener.
use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use support::TestApp;
use vigil_core::notifications::jobs::{self, NewJob};
use vigil_core::notifications::reminders::{self, Reminder};
use vigil_core::notifications::{prefs, Category};
use vigil_web::notifications::Activity;

async fn account(app: &TestApp, email: &str) -> i64 {
    vigil_core::accounts::store::find_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

fn notice(key: &str, account_id: i64, category: Category) -> NewJob {
    NewJob {
        kind: "notice".into(),
        idempotency_key: key.into(),
        entity: Some("shift:1".into()),
        account_id: Some(account_id),
        payload: serde_json::json!({"category": category.key(), "subject": "People needed at the county jail now", "body": "Open Vigil to take a seat.", "path": "/"}),
        run_at: Utc::now(),
    }
}

/// The path of a mail's List-Unsubscribe link.
fn unsubscribe_path(mail: &str) -> String {
    let header_line = mail
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe:"))
        .expect("List-Unsubscribe header");
    let url = header_line
        .trim_start_matches("List-Unsubscribe:")
        .trim()
        .trim_matches(['<', '>']);
    url.trim_start_matches("http://127.0.0.1:3000").to_string()
}

#[tokio::test]
async fn preferences_are_validated_kept_and_saved() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let bad = app
        .post_form(
            "/profile/notifications",
            &[
                ("on", "reminders"),
                ("reminder_hours", "24, soon"),
                ("quiet_start", "22:00"),
                ("quiet_end", ""),
                ("time_zone", "Mars/Olympus"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["Hours before", "Give both times", "Use a time zone name"] {
        assert!(bad.body.contains(message), "{message}");
    }
    assert!(bad.body.contains("value=\"Mars/Olympus\""), "input kept");
    let good = app
        .post_form(
            "/profile/notifications",
            &[
                ("on", "reminders"),
                ("on", "urgent"),
                ("reminder_hours", "2, 24, 24"),
                ("quiet_start", "22:00"),
                ("quiet_end", "07:00"),
                ("time_zone", "America/Chicago"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    let p = prefs::get(&app.state.db, account(&app, "ana@example.org").await)
        .await
        .unwrap();
    assert!(p.reminders && p.urgent && !p.changes);
    assert_eq!(p.reminder_hours, vec![24, 2]);
    assert_eq!(p.time_zone, "America/Chicago");
    let page = app.get("/profile", Some(&ana)).await;
    assert!(page.body.contains("America/Chicago"));
}

#[tokio::test]
async fn quiet_hours_hold_back_ordinary_mail_but_not_urgent_call_outs() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = account(&app, "ana@example.org").await;
    let now = Utc::now();
    let mut p = prefs::get(&app.state.db, ana).await.unwrap();
    p.urgent = true;
    p.quiet_start = Some((now - Duration::hours(1)).format("%H:%M").to_string());
    p.quiet_end = Some((now + Duration::hours(2)).format("%H:%M").to_string());
    prefs::save(&app.state.db, ana, &p).await.unwrap();

    jobs::schedule(
        &app.state.db,
        &notice("n:quiet", ana, Category::Changes),
        now,
    )
    .await
    .unwrap();
    jobs::schedule(
        &app.state.db,
        &notice("n:urgent", ana, Category::Urgent),
        now,
    )
    .await
    .unwrap();
    app.smtp.wait_for("ana@example.org").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        app.smtp.to("ana@example.org").len(),
        1,
        "only the urgent call-out"
    );
    let (status, run_at): (String, chrono::DateTime<Utc>) =
        vigil_db::query_as("SELECT status, run_at FROM jobs WHERE idempotency_key = 'n:quiet'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(status, "pending");
    let wait = run_at - now;
    assert!(
        wait > Duration::minutes(110) && wait <= Duration::hours(2),
        "deferred to the end of quiet hours: {wait}"
    );
}

#[tokio::test]
async fn every_mail_has_a_one_click_unsubscribe_for_its_kind_only() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = account(&app, "ana@example.org").await;
    jobs::schedule(
        &app.state.db,
        &notice("n:1", ana, Category::Changes),
        Utc::now(),
    )
    .await
    .unwrap();
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "People needed at the county jail now");
    assert!(mail
        .text()
        .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let path = unsubscribe_path(&mail.text());
    let path = path.as_str();
    assert!(path.starts_with("/unsubscribe?") && path.contains("c=changes"));

    // Opening the link (no session) asks first; a mail client's one-click POST just does it.
    let page = app.get(path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Stop these emails"));
    let forged = app
        .send(
            Request::post(path.replace("c=changes", "c=urgent"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a link turns off its own kind only"
    );
    let one_click = app
        .send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(one_click.status, StatusCode::SEE_OTHER);
    let p = prefs::get(&app.state.db, ana).await.unwrap();
    assert!(
        !p.changes && p.reminders,
        "changes off, reminders untouched"
    );

    // Turned off: the next such mail is not sent.
    jobs::schedule(
        &app.state.db,
        &notice("n:2", ana, Category::Changes),
        Utc::now(),
    )
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.smtp.to("ana@example.org").len(), 1);
}

#[tokio::test]
async fn reminders_follow_the_persons_hours_and_the_facilitys_time_zone() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = account(&app, "ana@example.org").await;
    let now = Utc::now();
    let r = Reminder {
        entity: "shift:7",
        account_id: ana,
        activity: Activity::Shift,
        starts_at: now + Duration::hours(30),
        time_zone: "America/New_York",
        place: "County Jail",
        path: "/",
    };
    let mut conn = app.state.db.acquire().await.unwrap();
    assert_eq!(reminders::schedule(&mut conn, &r, now).await.unwrap(), 2);
    assert_eq!(
        reminders::schedule(&mut conn, &r, now).await.unwrap(),
        0,
        "idempotent"
    );
    let soon = Reminder {
        entity: "shift:8",
        starts_at: now + Duration::hours(10),
        ..r
    };
    assert_eq!(
        reminders::schedule(&mut conn, &soon, now).await.unwrap(),
        1,
        "the 24 h reminder is already past"
    );
    drop(conn);

    // When it is due, it goes out with the local time of the facility.
    vigil_db::query(
        "UPDATE jobs SET run_at = ? WHERE idempotency_key = 'reminder:shift:7:account:1:24h'",
    )
    .bind(now)
    .execute(&app.state.db)
    .await
    .unwrap();
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "Your jail support shift tomorrow");
    assert!(
        mail.text().contains("(EST)") || mail.text().contains("(EDT)"),
        "{}",
        mail.text()
    );
}

#[tokio::test]
async fn failed_mail_is_visible_to_coordinators_who_can_retry_it() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let volunteer = app
        .invite_and_accept(&coordinator, "bo@example.org", &["volunteer"])
        .await;
    let bo = account(&app, "bo@example.org").await;
    app.smtp
        .refuse
        .store(true, std::sync::atomic::Ordering::SeqCst);
    jobs::schedule(
        &app.state.db,
        &notice("n:fail", bo, Category::Changes),
        Utc::now(),
    )
    .await
    .unwrap();
    vigil_db::query("UPDATE jobs SET max_attempts = 1 WHERE idempotency_key = 'n:fail'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let mut status = String::new();
    for _ in 0..300 {
        status = vigil_db::query_scalar("SELECT status FROM jobs WHERE idempotency_key = 'n:fail'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        if status == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, "failed");
    let page = app.get("/mail-problems", Some(&coordinator)).await;
    assert!(page.body.contains("could not send the email") && page.body.contains("Retry"));
    assert!(!page.body.contains("bo@example.org"), "no recipient shown");
    assert_eq!(
        app.get("/mail-problems", Some(&volunteer)).await.status,
        StatusCode::FORBIDDEN
    );

    let id: i64 = vigil_db::query_scalar("SELECT id FROM jobs WHERE idempotency_key = 'n:fail'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let refused = app
        .post_form(
            "/api/notifications/retry",
            &[("id", &id.to_string())],
            Some(&volunteer),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    app.smtp
        .refuse
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let retried = app
        .post_form(
            "/api/notifications/retry",
            &[("id", &id.to_string())],
            Some(&coordinator),
        )
        .await;
    assert!(retried.status.is_redirection(), "{:?}", retried.status);
    let mail = app.smtp.wait_for_nth("bo@example.org", 2).await;
    assert_eq!(mail.subject(), "People needed at the county jail now");
}

/// An unsubscribe link already mailed keeps working after `vigil rotate-key`: it is signed
/// with the group's link key, which rotation re-wraps, not with a root key's subkey.
#[tokio::test]
async fn unsubscribe_links_keep_working_after_a_key_rotation() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = account(&app, "ana@example.org").await;
    jobs::schedule(
        &app.state.db,
        &notice("n:before", ana, Category::Changes),
        Utc::now(),
    )
    .await
    .unwrap();
    let mail = app.smtp.wait_for("ana@example.org").await;
    let path = unsubscribe_path(&mail.text());
    let old_root = app.state.keyring.primary().unwrap().id().to_string();

    // `vigil rotate-key`, as another process: its own keyring over the same directory.
    let keyring = vigil_core::crypto::Keyring::open(&app.state.config.keys_dir, None).unwrap();
    let ctx = vigil_core::people::Ctx {
        db: &app.state.db,
        keyring: &keyring,
        retention_days: 30,
    };
    let (_, _, destroyed) = vigil_core::people::rotate_root_key(&ctx).await.unwrap();
    assert_eq!(destroyed, vec![old_root], "the old root key is gone");

    let one_click = app
        .send(
            Request::post(path.as_str())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        one_click.status,
        StatusCode::SEE_OTHER,
        "{}",
        one_click.body
    );
    assert!(
        !prefs::get(&app.state.db, ana).await.unwrap().changes,
        "turned off by the old link"
    );
    let forged = app
        .send(
            Request::post(path.replace("c=changes", "c=urgent"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "and still only for its own kind"
    );
}
