//! Accounts end to end through the HTTP stack: first run, invitations by mail, magic links,
//! sessions, roles, CSRF and security headers. Real SQLite file, real SMTP listener.
use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use support::{token_of, TestApp};
use vigil_app::accounts::store::{self, TokenPurpose};

#[tokio::test]
async fn healthz_answers_when_the_database_is_reachable() {
    let app = TestApp::new().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_from_every_private_page() {
    let app = TestApp::new().await;
    for path in ["/", "/profile", "/team", "/some/page/added/later"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.location(), "/sign-in", "{path}");
    }
    let reply = app.get("/sign-in", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("Email me a sign-in link"));
}

#[tokio::test]
async fn first_run_setup_link_creates_the_coordinator_once() {
    let app = TestApp::new().await;
    let link = vigil_app::accounts::service::setup_link_if_needed(&app.ctx(), chrono::Utc::now())
        .await
        .unwrap()
        .unwrap();
    let path = link.trim_start_matches("http://127.0.0.1:3000");
    let page = app.get(path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Create my coordinator account"),
        "{}",
        page.body
    );

    // A bad email keeps what was typed and says what to fix.
    let token = token_of(&link);
    let reply = app
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("display_name", "Ana R"),
                ("email", "ana-at-example"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Enter an email address like"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("value=\"Ana R\""));
    assert!(reply.body.contains("value=\"ana-at-example\""));

    let reply = app
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("display_name", "Ana R"),
                ("email", "ana@example.org"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/");
    let cookie = reply.cookie().expect("signed in");
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Hello, Ana R"));
    assert!(home.body.contains("Invite people"));

    // The link worked once; and once a coordinator exists no new setup link is made.
    let again = app
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("display_name", "Eve"),
                ("email", "eve@example.org"),
            ],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        vigil_app::accounts::service::setup_link_if_needed(&app.ctx(), chrono::Utc::now())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_invitation_arrives_by_mail_and_its_link_signs_the_volunteer_in() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/team",
            &[
                ("email", "Bo@Example.org"),
                ("display_name", "Bo"),
                ("roles", "volunteer"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "You're invited to Vigil");
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
    let link = mail.link();
    assert!(
        link.starts_with("http://127.0.0.1:3000/auth?token="),
        "{link}"
    );

    // Opening the link (GET, as a mail scanner would, twice) uses nothing.
    let path = link.trim_start_matches("http://127.0.0.1:3000");
    for _ in 0..2 {
        let page = app.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Accept and sign in"), "{}", page.body);
    }
    let reply = app
        .post_form("/auth", &[("token", &token_of(&link))], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let volunteer = reply.cookie().expect("signed in");
    let home = app.get("/", Some(&volunteer)).await;
    assert!(home.body.contains("Release watch"), "{}", home.body);
    assert!(!home.body.contains("Invite people"));

    // The coordinator sees the new account as active.
    let team = app.get("/team", Some(&coordinator)).await;
    assert!(team.body.contains("bo@example.org") && team.body.contains("active"));
}

#[tokio::test]
async fn used_and_expired_links_are_refused_with_a_clear_message() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    app.post_form(
        "/team",
        &[("email", "bo@example.org"), ("roles", "volunteer")],
        Some(&coordinator),
    )
    .await;
    let token = token_of(&app.smtp.wait_for("bo@example.org").await.link());
    assert_eq!(
        app.post_form("/auth", &[("token", &token)], None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let reused = app.post_form("/auth", &[("token", &token)], None).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.body.contains("already been used"), "{}", reused.body);
    assert!(reused.cookie().is_none());

    // A link issued 16 minutes ago.
    let (old, hash) = vigil_app::accounts::tokens::new_token();
    let issued = chrono::Utc::now() - chrono::Duration::minutes(16);
    let (bo, _) = store::find_by_email(&app.state.db, "bo@example.org")
        .await
        .unwrap()
        .unwrap();
    store::insert_token(
        &app.state.db,
        &hash,
        TokenPurpose::SignIn,
        Some(bo.id),
        issued,
        issued + chrono::Duration::minutes(15),
    )
    .await
    .unwrap();
    let page = app.get(&format!("/auth?token={old}"), None).await;
    assert!(page.body.contains("This link has expired"), "{}", page.body);
    let expired = app.post_form("/auth", &[("token", &old)], None).await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(expired.body.contains("This link has expired"));
    // The page offers a new link right there.
    assert!(expired.body.contains("Email me a sign-in link"));

    let garbage = app
        .post_form("/auth", &[("token", "not-a-token")], None)
        .await;
    assert!(
        garbage.body.contains("isn&#x27;t valid") || garbage.body.contains("isn't valid"),
        "{}",
        garbage.body
    );
}

#[tokio::test]
async fn sign_in_requests_never_reveal_whether_an_address_has_an_account() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let known = app
        .post_form("/sign-in", &[("email", "ana@example.org")], None)
        .await;
    let unknown = app
        .post_form("/sign-in", &[("email", "nobody@example.org")], None)
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.location(), unknown.location());
    assert_eq!(known.location(), "/sign-in/sent");
    let mail = app.smtp.wait_for("ana@example.org").await;
    assert_eq!(mail.subject(), "Your Vigil sign-in link");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.smtp.to("nobody@example.org").is_empty());

    // The link signs in.
    let reply = app
        .post_form("/auth", &[("token", &token_of(&mail.link()))], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    // A typo is shown with what was typed.
    let typo = app
        .post_form("/sign-in", &[("email", "ana@example")], None)
        .await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(typo.body.contains("value=\"ana@example\""));
}

#[tokio::test]
async fn sign_in_links_are_rate_limited_per_address() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            app.post_form("/sign-in", &[("email", "ana@example.org")], None)
                .await
                .status,
        );
    }
    // The same answer every time (a stranger asking for Ana's links sees nothing different
    // and can't keep her out), but only three mails: the inbox is not flooded.
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER; 5]);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.smtp.to("ana@example.org").len(), 3);
    // The newest link works: Ana signs in whoever asked.
    let mail = app.smtp.wait_for_nth("ana@example.org", 3).await;
    let reply = app
        .post_form("/auth", &[("token", &token_of(&mail.link()))], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.cookie().is_some());
}

/// A request with the given peer address and X-Forwarded-For, as the server sees it.
async fn sign_in_from(
    app: &TestApp,
    peer: &str,
    forwarded_for: Option<&str>,
    email: &str,
) -> StatusCode {
    let body = format!("email={}", email.replace('@', "%40"));
    let mut req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    app.send(req).await.status
}

/// Behind a trusted reverse proxy each client has its own per-IP limit; a client that is not
/// a trusted proxy can't choose its address by sending the header itself.
#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = TestApp::with_config("target/site", |c| {
        c.trusted_proxies = vigil_app::config::Config::parse_trusted_proxies("127.0.0.1").unwrap()
    })
    .await;
    // One client through the proxy uses up its 30 requests (different addresses, so only
    // the per-IP limit counts).
    for n in 0..30 {
        assert_eq!(
            sign_in_from(
                &app,
                "127.0.0.1",
                Some("198.51.100.7"),
                &format!("a{n}@example.org")
            )
            .await,
            StatusCode::SEE_OTHER
        );
    }
    assert_eq!(
        sign_in_from(&app, "127.0.0.1", Some("198.51.100.7"), "more@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client through the same proxy is not held back by it.
    assert_eq!(
        sign_in_from(&app, "127.0.0.1", Some("198.51.100.8"), "b@example.org").await,
        StatusCode::SEE_OTHER
    );
    // A client reaching Vigil directly can't pose as someone else with the header.
    for n in 0..30 {
        sign_in_from(
            &app,
            "203.0.113.5",
            Some(&format!("192.0.2.{n}")),
            &format!("c{n}@example.org"),
        )
        .await;
    }
    assert_eq!(
        sign_in_from(&app, "203.0.113.5", Some("192.0.2.200"), "d@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

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
    assert_eq!(ana_after.status, vigil_app::accounts::AccountStatus::Active);

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

#[tokio::test]
async fn deactivating_an_account_ends_its_open_session_at_once() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let volunteer = app
        .invite_and_accept(&coordinator, "bo@example.org", &["volunteer"])
        .await;
    assert_eq!(app.get("/", Some(&volunteer)).await.status, StatusCode::OK);

    let (bo, _) = store::find_by_email(&app.state.db, "bo@example.org")
        .await
        .unwrap()
        .unwrap();
    let id = bo.id.to_string();
    let reply = app
        .post_form(
            "/api/accounts/set-active",
            &[("id", &id), ("active", "false")],
            Some(&coordinator),
        )
        .await;
    assert!(
        reply.status.is_redirection() || reply.status.is_success(),
        "{:?} {}",
        reply.status,
        reply.body
    );

    let after = app.get("/", Some(&volunteer)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), "/sign-in");
    // And no new link is sent to a deactivated address.
    app.post_form("/sign-in", &[("email", "bo@example.org")], None)
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        app.smtp.to("bo@example.org").len(),
        1,
        "only the invitation"
    );
}

/// Bo, invited by Ana, signed in on his phone (by the invitation) and on his laptop (by a
/// sign-in link): the two devices' session cookies.
async fn bo_on_two_devices(app: &TestApp) -> (String, String) {
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let phone = app
        .invite_and_accept(&coordinator, "bo@example.org", &["volunteer"])
        .await;
    app.post_form("/sign-in", &[("email", "bo@example.org")], None)
        .await;
    let mail = app.smtp.wait_for_nth("bo@example.org", 2).await;
    let laptop = app
        .post_form("/auth", &[("token", &token_of(&mail.link()))], None)
        .await
        .cookie()
        .unwrap();
    (phone, laptop)
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session() {
    let app = TestApp::new().await;
    let (phone, laptop) = bo_on_two_devices(&app).await;
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK);
    assert_eq!(app.get("/", Some(&laptop)).await.status, StatusCode::OK);

    let out = app
        .post_form("/sign-out", &[("everywhere", "1")], Some(&laptop))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/", Some(&phone)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get("/", Some(&laptop)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn signing_out_ends_that_session_even_if_its_cookie_is_sent_again() {
    let app = TestApp::new().await;
    let (phone, laptop) = bo_on_two_devices(&app).await;
    // Both sessions have been read (and, on SQLite, are held in memory).
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK);
    assert_eq!(app.get("/", Some(&laptop)).await.status, StatusCode::OK);

    assert_eq!(
        app.post_form("/sign-out", &[], Some(&phone)).await.status,
        StatusCode::SEE_OTHER
    );
    // A copy of the old cookie (a shared phone, a stolen one) opens nothing.
    let replayed = app.get("/", Some(&phone)).await;
    assert_eq!(replayed.status, StatusCode::SEE_OTHER);
    assert_eq!(replayed.location(), "/sign-in");
    assert_eq!(
        app.get("/", Some(&laptop)).await.status,
        StatusCode::OK,
        "only that session ended"
    );
}

/// A request that read its session just before a sign-out in another tab finishes after it:
/// its copy of the session, saved by the hourly touch, must not bring the session back. On
/// SQLite, sessions are also held in memory, so this is checked against that store.
#[tokio::test]
async fn a_session_read_before_sign_out_is_not_brought_back_by_a_late_save() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    let dir = tempfile::tempdir().unwrap();
    let db = vigil_app::storage::open(&format!("sqlite://{}/sessions.db", dir.path().display()))
        .await
        .unwrap();
    let sessions = vigil::sessions::Sessions::open(&db).await.unwrap();
    let data = [(
        "auth".to_string(),
        serde_json::json!({"account": 1, "epoch": 0, "since": 0, "seen": 0}),
    )]
    .into_iter()
    .collect();
    let mut record = Record {
        id: Id::default(),
        data,
        expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::days(1),
    };
    sessions.create(&mut record).await.unwrap();

    let late = sessions
        .load(&record.id)
        .await
        .unwrap()
        .expect("the session, as a slow request read it");
    sessions.delete(&record.id).await.unwrap();
    sessions.save(&late).await.unwrap();

    assert!(
        sessions.load(&record.id).await.unwrap().is_none(),
        "still signed out"
    );
    let rows: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(rows, 0, "and not written back to the table");
    // A server started afresh on the same file doesn't find it either.
    let restarted = vigil::sessions::Sessions::open(&db).await.unwrap();
    assert!(restarted.load(&record.id).await.unwrap().is_none());
}

/// A copy of the database (a backup, a dump, a stolen file) holds no working session: the
/// table keeps a digest of each session id, and a digest sent as a cookie opens nothing.
#[tokio::test]
async fn session_rows_copied_from_the_database_open_nothing() {
    let app = TestApp::new().await;
    let (phone, laptop) = bo_on_two_devices(&app).await;
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK);
    let table = match app.state.db.backend() {
        vigil_app::storage::Backend::Sqlite => "sessions",
        vigil_app::storage::Backend::Postgres => "tower_sessions.sessions",
    };
    let ids: Vec<String> = vigil_app::storage::query_scalar(format!("SELECT id FROM {table}"))
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert!(ids.len() >= 2, "both of Bo's sessions are stored: {ids:?}");
    for id in &ids {
        for cookie in [&phone, &laptop] {
            assert_ne!(
                cookie.trim_start_matches("vigil_session="),
                id,
                "the cookie's id is not in the table"
            );
        }
        let replayed = app.get("/", Some(&format!("vigil_session={id}"))).await;
        assert_eq!(
            replayed.status,
            StatusCode::SEE_OTHER,
            "a stored row used as a cookie"
        );
        assert_eq!(replayed.location(), "/sign-in");
    }
    // The real cookies still work (and keep working after the replays above).
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK);
    assert_eq!(app.get("/", Some(&laptop)).await.status, StatusCode::OK);
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
        &[vigil_app::accounts::Role::Volunteer],
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
async fn cross_site_posts_are_refused() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let req = Request::post("/team")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &coordinator)
            .header(name, value)
            .body(Body::from("email=eve%40example.org&roles=coordinator"))
            .unwrap();
        let reply = app.send(req).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name}");
    }
    assert!(store::find_by_email(&app.state.db, "eve@example.org")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let page = app.get("/", Some(&coordinator)).await;
    let h = |n: &str| {
        page.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let csp = h("content-security-policy");
    assert!(
        csp.contains("script-src 'nonce-") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );
    assert_eq!(h("referrer-policy"), "no-referrer");
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("cache-control"), "no-store");
    let cookie = app.get("/sign-in", None).await;
    assert_eq!(
        cookie.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );

    // Compressed for phones on a weak signal.
    let req = Request::get("/sign-in")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let compressed = app.send(req).await;
    assert_eq!(
        compressed.headers.get(header::CONTENT_ENCODING).unwrap(),
        "gzip"
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

/// A body over the limit gets 413 and a page that says the limit, from plain forms and server
/// functions alike, declared or not; nothing of it is acted on.
#[tokio::test]
async fn a_body_over_the_limit_gets_413_and_changes_nothing() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let big = format!(
        "display_name=Mallory&email=ana%40example.org&languages={}",
        "x".repeat(100 * 1024)
    );
    for (path, declare) in [
        ("/profile", true),
        ("/profile", false),
        ("/api/accounts/set-active", true),
        ("/team", false),
    ] {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &ana)
            .header("sec-fetch-site", "same-origin");
        if declare {
            req = req.header(header::CONTENT_LENGTH, big.len().to_string());
        }
        let reply = app.send(req.body(Body::from(big.clone())).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path} (declared: {declare})"
        );
        assert!(
            reply.body.contains("larger than 64 KB") && reply.body.contains("Nothing was saved"),
            "{}",
            reply.body
        );
    }
    let (account, _) = store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.display_name, "Ana", "the profile is unchanged");
    // A form within the limit still works.
    let ok = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana María"),
                ("email", "ana@example.org"),
                ("languages", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

/// A new email address must be confirmed from that address before it is used, and the answer
/// is the same whether or not another account has it: the profile can't probe who is a member.
#[tokio::test]
async fn changing_email_needs_a_link_from_the_new_address_and_reveals_no_account() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    app.volunteer(
        "bo@example.org",
        "Bo",
        &[vigil_app::accounts::Role::Volunteer],
    )
    .await;

    // Someone else's address: the same answer, no mail to it, nothing changes.
    let taken = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana"),
                ("email", "bo@example.org"),
                ("languages", ""),
            ],
            Some(&ana),
        )
        .await;
    // A free address: the same answer; a link goes to the new address only.
    let free = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana"),
                ("email", "ana.new@example.org"),
                ("languages", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(
        (taken.status, taken.location()),
        (free.status, free.location()),
        "the same answer either way"
    );
    assert_eq!(free.location(), "/profile?saved=email");
    let page = support::visible(&app.get(free.location(), Some(&ana)).await.body);
    assert!(
        page.contains("open the link we sent to the new address"),
        "{page}"
    );
    let mail = app.smtp.wait_for("ana.new@example.org").await;
    assert_eq!(mail.subject(), "Confirm your new Vigil email address");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        app.smtp.to("bo@example.org").is_empty(),
        "the taken address got nothing"
    );
    assert!(
        store::find_by_email(&app.state.db, "ana@example.org")
            .await
            .unwrap()
            .is_some(),
        "unchanged until confirmed"
    );

    // The link's page asks first (scanners prefetch); the POST changes the address.
    let token = token_of(&mail.link());
    let opened = app.get(&format!("/auth?token={token}"), None).await;
    assert!(support::visible(&opened.body).contains("Confirm your new address"));
    let confirmed = app.post_form("/auth", &[("token", &token)], None).await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert!(store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .is_none());
    let (account, _) = store::find_by_email(&app.state.db, "ana.new@example.org")
        .await
        .unwrap()
        .expect("the new address");
    assert_eq!(account.display_name, "Ana");
    // Used once.
    assert_eq!(
        app.post_form("/auth", &[("token", &token)], None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

/// The browser bundle and stylesheet hold nothing personal: named by their content, they are
/// kept a year and never asked for again (pages stay `no-store`), in brotli when the browser
/// takes it.
#[tokio::test]
async fn hashed_assets_are_kept_a_year_in_brotli_while_pages_stay_no_store() {
    let app = TestApp::with_site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site")).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let assets = app.state.assets.clone();
    assert_ne!(
        *assets,
        vigil_app::shell::Assets::default(),
        "target/site/pkg/assets.json names the built files (make build)"
    );
    let page = app.get("/profile", Some(&ana)).await;
    assert_eq!(
        page.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "signed-in pages are never stored"
    );
    assert!(
        page.body.contains(&format!("href=\"/pkg/{}\"", assets.css)),
        "the page links the hashed stylesheet"
    );
    assert!(
        !page.body.contains("rel=\"preload\"") && !page.body.contains("modulepreload"),
        "nothing preloaded: the bundle is fetched only for an island"
    );

    for name in [&assets.css, &assets.js, &assets.wasm] {
        let req = Request::get(format!("/pkg/{name}"))
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap();
        let file = app.send(req).await;
        assert_eq!(file.status, StatusCode::OK, "{name}");
        let header_of = |h| {
            file.headers
                .get(h)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(
            header_of(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{name}"
        );
        assert_eq!(
            header_of(header::CONTENT_ENCODING),
            "br",
            "{name}: precompressed at build time"
        );
    }
    // Unhashed names (an old page, a hand-made link) and missing files are only revalidated.
    let plain = app.get("/pkg/vigil.css", None).await;
    assert_eq!(
        plain
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, no-cache")
    );
    let gone = app.get("/pkg/vigil.0123456789abcdef.css", None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(
        gone.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, no-cache"),
        "a 404 is not kept for a year"
    );
}
