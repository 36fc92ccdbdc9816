//! Accounts end to end through the HTTP stack: first run, invitations by mail, magic links,
//! sessions, roles, CSRF and security headers. Real SQLite file, real SMTP listener.
use crate::support;

mod bulk;
mod http;
mod join;
mod sessions;
mod sign_in;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use support::{token_of, TestApp};
use vigil_core::accounts::store;
use vigil_web::accounts::TokenPurpose;

#[tokio::test]
async fn a_volunteer_gets_403_from_coordinator_functions_and_nothing_changes() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let volunteer = app
        .invite_and_accept(&coordinator, "bo@example.org", &["volunteer"])
        .await;
    let (ana, _) = store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();

    let id = ana.id.to_string();
    let reply = app
        .post_form(
            "/api/accounts/set-active",
            &[("id", &id), ("active", "false")],
            Some(&volunteer),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let (ana_after, _) = store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ana_after.status, vigil_web::accounts::AccountStatus::Active);

    let team = app.post_form("/api/team", &[], Some(&volunteer)).await;
    assert_eq!(team.status, StatusCode::FORBIDDEN);
    let invite = app
        .post_form(
            "/team",
            &[("email", "eve@example.org"), ("roles", "coordinator")],
            Some(&volunteer),
        )
        .await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert!(store::find_by_email(&app.state.db, "eve@example.org")
        .await
        .unwrap()
        .is_none());
    let page = app.get("/team", Some(&volunteer)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("have access"));

    // Anonymous callers get 401.
    let anonymous = app.post_form("/api/team", &[], None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

/// Without SMTP, mail goes to the outbox: sign-in links in plain text, so only Vigil's own
/// user may read them.
#[cfg(unix)]
#[tokio::test]
async fn outbox_mail_is_private_to_vigils_user() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::with_config("target/site", |c| c.smtp_url = None).await;
    app.volunteer(
        "bo@example.org",
        "Bo",
        &[vigil_web::accounts::Role::Volunteer],
    )
    .await;
    app.post_form("/sign-in", &[("email", "bo@example.org")], None)
        .await;
    let outbox = app.state.config.outbox_dir();
    let mail = {
        let mut found = None;
        for _ in 0..100 {
            found = std::fs::read_dir(&outbox)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "eml"));
            if found.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        found.expect("the sign-in mail in the outbox")
    };
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&outbox), 0o700, "the outbox");
    assert_eq!(mode(&mail), 0o600, "a mail with a live sign-in link");
    assert!(
        std::fs::read_to_string(&mail).unwrap().contains("/auth"),
        "it is the sign-in mail"
    );
}

#[tokio::test]
async fn profile_changes_are_validated_and_kept() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana María"),
                ("email", "bad"),
                ("languages", "Spanish, K'iche'"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Ana María") && reply.body.contains("Spanish, K&#x27;iche&#x27;")
            || reply.body.contains("Spanish, K'iche'")
    );
    let reply = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana María"),
                ("email", "ana@example.org"),
                ("languages", "Spanish, K'iche'"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (ana, _) = store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ana.display_name, "Ana María");
    assert_eq!(ana.languages, vec!["Spanish", "K'iche'"]);
}
