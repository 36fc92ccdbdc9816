//! First run, invitations, magic links, rate limits and changing email.
use super::*;

#[tokio::test]
pub(super) async fn first_run_setup_link_creates_the_coordinator_once() {
    let app = TestApp::new().await;
    let link = vigil_core::accounts::setup_link_if_needed(&app.ctx(), chrono::Utc::now())
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
        vigil_core::accounts::setup_link_if_needed(&app.ctx(), chrono::Utc::now())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
pub(super) async fn an_invitation_arrives_by_mail_and_its_link_signs_the_volunteer_in() {
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
pub(super) async fn used_and_expired_links_are_refused_with_a_clear_message() {
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
    let (old, hash) = vigil_core::accounts::tokens::new_token();
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
pub(super) async fn sign_in_requests_never_reveal_whether_an_address_has_an_account() {
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
pub(super) async fn sign_in_links_are_rate_limited_per_address() {
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
pub(super) async fn sign_in_from(
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
pub(super) async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = TestApp::with_config("target/site", |c| {
        c.trusted_proxies = vigil_core::config::Config::parse_trusted_proxies("127.0.0.1").unwrap()
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

/// A new email address must be confirmed from that address before it is used, and the answer
/// is the same whether or not another account has it: the profile can't probe who is a member.
#[tokio::test]
pub(super) async fn changing_email_needs_a_link_from_the_new_address_and_reveals_no_account() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    app.volunteer(
        "bo@example.org",
        "Bo",
        &[vigil_web::accounts::Role::Volunteer],
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
    assert_eq!(free.location(), "/profile?done=email");
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
