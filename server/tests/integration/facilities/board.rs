//! The board a link opens: who is on now and next, releases met (no label, no person), the
//! kit; without a session, refreshed by itself, and closed the moment it is revoked.
use super::support::{logs, visible, TestApp};
use crate::watches::{coordinator_with_facility, tonight};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use vigil_web::accounts::Role;

/// Makes a board link on the facility's page; returns its path (`/board/…`).
async fn make_link(app: &TestApp, coordinator: &str, facility: i64) -> String {
    let page = app
        .post_form(
            &format!("/facilities/{facility}/boards"),
            &[],
            Some(coordinator),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let at = page.body.find("/board/").expect("the new link is shown");
    let rest = &page.body[at..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn board_api(token: &str) -> Request<Body> {
    Request::post("/api/board")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(
            serde_json::json!({ "token": token }).to_string(),
        ))
        .unwrap()
}

#[tokio::test]
async fn a_board_shows_who_is_on_without_a_session_and_closes_when_revoked() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let (w, current, next) = tonight(&app, &ana, facility, "2").await;
    let bo = app
        .volunteer("bo@example.org", "Bo Board", &[Role::Volunteer])
        .await;
    let cy = app
        .volunteer("cy@example.org", "Cy Board", &[Role::Volunteer])
        .await;
    app.post_form(&format!("/shifts/{current}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/shifts/{next}/sign-up"), &[], Some(&cy))
        .await;

    // A release met for an expected person, with a label: neither may reach the board.
    let person = app
        .add_person(
            &ana,
            &[("alias", "CANARY-ALIAS-B"), ("note", "CANARY-NOTE-B")],
        )
        .await
        .to_string();
    app.post_form(
        &format!("/watches/{w}/expected"),
        &[("person_id", &person)],
        Some(&ana),
    )
    .await;
    let logged = app
        .post_form(
            &format!("/watches/{w}/log"),
            &[
                ("label", "CANARY-LABEL-B"),
                ("person_id", &person),
                ("needs", "fare"),
                ("still_needs", "ride"),
                ("handoff_note", "CANARY-HANDOFF-B"),
            ],
            Some(&bo),
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    // Two jackets in the jail's kit, below a threshold of five.
    let item = app
        .post_form(
            "/supplies/stock/items",
            &[("name", "Jacket"), ("category", "clothing")],
            Some(&ana),
        )
        .await;
    assert_eq!(item.status, StatusCode::SEE_OTHER, "{}", item.body);
    let jacket: i64 = vigil_db::query_scalar("SELECT id FROM supply_items WHERE name = 'Jacket'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let kit = format!("f{facility}");
    let restock = app
        .post_form(
            "/supplies/stock/restock",
            &[
                ("item_id", &jacket.to_string()),
                ("location", &kit),
                ("quantity", "2"),
                ("source", "donation"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(restock.status, StatusCode::SEE_OTHER, "{}", restock.body);
    let threshold = app
        .post_form(
            "/supplies/stock/thresholds",
            &[
                ("item_id", &jacket.to_string()),
                ("location", &kit),
                ("low_below", "5"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(
        threshold.status,
        StatusCode::SEE_OTHER,
        "{}",
        threshold.body
    );

    // Only coordinators make links.
    let refused = app
        .post_form(&format!("/facilities/{facility}/boards"), &[], Some(&bo))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let path = make_link(&app, &ana, facility).await;
    let token = path.trim_start_matches("/board/").to_string();
    let stored: String = vigil_db::query_scalar("SELECT token_hash FROM board_links")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(!stored.contains(&token), "only the token's hash is kept");

    // The screen has no session.
    let board = app.get(&path, None).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let text = visible(&board.body);
    let section = |key: &str| {
        let at = text
            .find(&format!("id=\"board-{key}\""))
            .unwrap_or_else(|| panic!("section {key}"));
        let rest = &text[at..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    assert!(
        section("on-now").contains("Bo Board"),
        "{}",
        section("on-now")
    );
    assert!(
        section("on-now").contains("Short of people"),
        "two needed, one on"
    );
    assert!(!section("on-now").contains("Cy Board"));
    assert!(section("next").contains("Cy Board"), "{}", section("next"));
    assert!(
        section("releases").contains("Met: Transit fare"),
        "{}",
        section("releases")
    );
    assert!(
        section("releases").contains("Still needs: Ride"),
        "{}",
        section("releases")
    );
    assert!(
        section("kit").contains("Jacket") && section("kit").contains("2 each"),
        "{}",
        section("kit")
    );
    assert!(section("kit").contains("Running low"));
    assert!(
        board
            .body
            .contains(r#"<noscript><meta http-equiv="refresh" content="30"/></noscript>"#)
            || board
                .body
                .contains(r#"<noscript><meta http-equiv="refresh" content="30"></noscript>"#),
        "refreshes itself without JavaScript"
    );
    assert!(
        board.body.contains("setInterval") && !board.body.contains("<leptos-island"),
        "live with JavaScript, without the wasm bundle"
    );
    for canary in [
        "CANARY-ALIAS-B",
        "CANARY-NOTE-B",
        "CANARY-LABEL-B",
        "CANARY-HANDOFF-B",
    ] {
        assert!(!board.body.contains(canary), "{canary} on the board");
    }
    // The same board as data, for the token alone.
    let live = app.send(board_api(&token)).await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.body);
    assert!(live.body.contains("Bo Board"), "{}", live.body);
    assert!(!live.body.contains("CANARY"), "{}", live.body);
    let used: Option<String> =
        vigil_db::query_scalar("SELECT CAST(last_used_at AS TEXT) FROM board_links")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(
        used.is_some(),
        "the facility page says when it was last used"
    );

    // A wrong token opens nothing.
    let wrong = app.get("/board/not-a-token", None).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(!wrong.body.contains("Bo Board"));

    // Revoked: the next refresh says the board is closed, and the API has nothing.
    let link: i64 = vigil_db::query_scalar("SELECT id FROM board_links")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let facility_page = app
        .get(&format!("/facilities/{facility}"), Some(&ana))
        .await;
    assert!(
        visible(&facility_page.body).contains("Made by Ana"),
        "{}",
        facility_page.body
    );
    let revoked = app
        .post_form(
            &format!("/facilities/{facility}/boards/{link}/revoke"),
            &[],
            Some(&ana),
        )
        .await;
    assert_eq!(
        revoked.location(),
        format!("/facilities/{facility}?done=board_revoked")
    );
    let closed = app.get(&path, None).await;
    assert_eq!(closed.status, StatusCode::NOT_FOUND);
    assert!(
        visible(&closed.body).contains("revoked or is not valid"),
        "{}",
        closed.body
    );
    assert!(!closed.body.contains("Bo Board"));
    assert!(app.send(board_api(&token)).await.body.contains("null"));

    let logged = logs();
    assert!(!logged.contains(&token), "the token is never logged");
    assert!(!logged.contains("CANARY-LABEL-B"));
}
