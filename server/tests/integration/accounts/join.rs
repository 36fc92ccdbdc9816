//! Join links: a coordinator makes one, strangers ask through it, and only an approval makes
//! an account (which then signs in); declining, expiry and revoking leave nothing. The
//! request form answers a member's address as it answers anyone's, and is limited per IP.
use super::*;
use crate::support::visible;

const TEAM_JOIN: &str = "/team/join";

async fn count(app: &TestApp, sql: &str) -> i64 {
    vigil_db::query_scalar(sql)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// Makes a link with `terms` (besides the roles); returns its path (`/join/…`).
async fn make_link(app: &TestApp, cookie: &str, terms: &[(&str, &str)]) -> String {
    let mut form = vec![("go", "make"), ("roles", "volunteer")];
    form.extend_from_slice(terms);
    let reply = app.post_form(TEAM_JOIN, &form, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.body;
    let at = page.find("/join/").expect("the new link is shown");
    let path: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    assert!(path.len() > 40, "{path}");
    path
}

async fn ask(app: &TestApp, link: &str, name: &str, email: &str, voucher: &str) -> support::Reply {
    app.post_form(
        link,
        &[
            ("display_name", name),
            ("email", email),
            ("voucher", voucher),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn a_request_through_a_join_link_becomes_an_account_only_when_approved() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let bo = app
        .invite_and_accept(&ana, "bo@example.org", &["volunteer"])
        .await;

    // Volunteers make no links, and no link makes coordinators.
    let refused = app
        .post_form(
            TEAM_JOIN,
            &[("go", "make"), ("roles", "volunteer")],
            Some(&bo),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let coordinator = app
        .post_form(
            TEAM_JOIN,
            &[("go", "make"), ("roles", "coordinator"), ("cap", "ten")],
            Some(&ana),
        )
        .await;
    assert_eq!(coordinator.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = visible(&coordinator.body);
    assert!(
        text.contains("A join link can't make coordinators"),
        "{text}"
    );
    assert!(
        text.contains("Choose between 1 and 1,000 requests"),
        "{text}"
    );

    let link = make_link(&app, &ana, &[("expires_in_days", "7")]).await;
    // Shown once: the coordinators' page never shows it again.
    let team = app.get(TEAM_JOIN, Some(&ana)).await;
    assert!(!team.body.contains(&link));
    assert!(visible(&team.body).contains("No requests waiting."));

    // The link's page works without an account.
    let page = app.get(&link, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(visible(&page.body).contains("Who in the group knows you?"));

    // A missing voucher names the field and keeps what was typed.
    let incomplete = ask(&app, &link, "Cleo", "cleo@example.org", " ").await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(incomplete.body.contains("cleo@example.org"));
    assert!(visible(&incomplete.body).contains("Say who in the group knows you"));

    let asked = ask(
        &app,
        &link,
        "Cleo",
        "cleo@example.org",
        "Bo, from the vigil",
    )
    .await;
    assert_eq!(asked.location(), "/joined");
    let dee = ask(&app, &link, "Dee", "dee@example.org", "Ana knows me").await;
    // A member's address gets the same answer: the form tells nobody who is a member.
    let member = ask(&app, &link, "Bo again", "BO@example.org", "me").await;
    assert_eq!(member.status, dee.status);
    assert_eq!(member.location(), dee.location());
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        2,
        "no account yet"
    );

    let team = visible(&app.get(TEAM_JOIN, Some(&ana)).await.body);
    assert!(
        team.contains("Cleo") && team.contains("Bo, from the vigil"),
        "{team}"
    );
    assert!(team.contains("already a member: approving sends nothing"));
    assert!(team.contains("3 requests"), "{team}");

    let id = |email: &'static str| {
        let db = app.state.db.clone();
        async move {
            vigil_db::query_scalar::<i64>("SELECT id FROM join_requests WHERE email = ?")
                .bind(email)
                .fetch_one(&db)
                .await
                .unwrap()
                .to_string()
        }
    };
    let declined = app
        .post_form(
            TEAM_JOIN,
            &[("go", "decline"), ("request", &id("dee@example.org").await)],
            Some(&ana),
        )
        .await;
    assert_eq!(declined.location(), "/team/join?declined=1");
    let approved = app
        .post_form(
            TEAM_JOIN,
            &[("go", "approve"), ("request", "all")],
            Some(&ana),
        )
        .await;
    // Cleo is invited; Bo, a member already, gets nothing.
    assert_eq!(approved.location(), "/team/join?approved=1");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM join_requests").await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        3,
        "Cleo only"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM accounts WHERE email = 'dee@example.org'"
        )
        .await,
        0,
        "a declined request leaves no account"
    );

    let mail = app.smtp.wait_for("cleo@example.org").await;
    let token = token_of(&mail.link());
    let reply = app.post_form("/auth", &[("token", &token)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let home = app.get("/", reply.cookie().as_deref()).await;
    assert!(visible(&home.body).contains("Find an open shift"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(app.smtp.to("dee@example.org").is_empty());
    assert_eq!(
        app.smtp.to("bo@example.org").len(),
        1,
        "Bo's first invitation only"
    );

    // Revoked, the link takes no more requests, and its page says so.
    let link_id: i64 = vigil_db::query_scalar("SELECT id FROM join_links")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let revoked = app
        .post_form(
            TEAM_JOIN,
            &[("go", "revoke"), ("link", &link_id.to_string())],
            Some(&ana),
        )
        .await;
    assert_eq!(revoked.location(), "/team/join?revoked=1");
    let late = ask(&app, &link, "Eve", "eve@example.org", "Bo").await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(visible(&late.body).contains("This link no longer works"));
    assert!(visible(&app.get(&link, None).await.body).contains("This link no longer works"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM join_requests").await, 0);
}

#[tokio::test]
async fn a_capped_link_fills_an_expired_one_closes_and_asking_is_limited_per_ip() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let capped = make_link(&app, &ana, &[("cap", "2")]).await;
    assert_eq!(
        ask(&app, &capped, "A", "a@example.org", "Ana")
            .await
            .location(),
        "/joined"
    );
    // Asking again from the same address updates the request and takes no more of the cap.
    assert_eq!(
        ask(&app, &capped, "A.", "a@example.org", "Ana!")
            .await
            .location(),
        "/joined"
    );
    assert_eq!(
        ask(&app, &capped, "B", "b@example.org", "Ana")
            .await
            .location(),
        "/joined"
    );
    assert_eq!(
        ask(&app, &capped, "C", "c@example.org", "Ana").await.status,
        StatusCode::GONE
    );
    assert!(visible(&app.get(TEAM_JOIN, Some(&ana)).await.body).contains("2 of 2 requests"));

    let expiring = make_link(&app, &ana, &[]).await;
    vigil_db::query(
        "UPDATE join_links SET expires_at = ? WHERE id = (SELECT MAX(id) FROM join_links)",
    )
    .bind(chrono::Utc::now() - chrono::Duration::minutes(1))
    .execute(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        ask(&app, &expiring, "D", "d@example.org", "Ana")
            .await
            .status,
        StatusCode::GONE
    );

    // Undecided for two weeks: forgotten, and no account was ever made.
    vigil_db::query("UPDATE join_requests SET created_at = ?")
        .bind(chrono::Utc::now() - chrono::Duration::days(15))
        .execute(&app.state.db)
        .await
        .unwrap();
    let forgotten = vigil_core::accounts::join::forget_stale(&app.state.db, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(forgotten, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts").await, 1);

    // One address (a room on one carrier's shared IP) may ask 20 times at once (five have
    // been asked above), then a few a minute: the 429 comes after about 15 more.
    let open = make_link(&app, &ana, &[]).await;
    let mut passed = 0;
    let limited = loop {
        let reply = ask(&app, &open, "X", &format!("x{passed}@example.org"), "Ana").await;
        if reply.status != StatusCode::SEE_OTHER || passed == 30 {
            break reply;
        }
        passed += 1;
    };
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!((15..=17).contains(&passed), "{passed} passed");
    assert!(
        limited.body.contains(&format!("x{passed}@example.org")),
        "what was typed is kept"
    );
}
