//! Sessions: deactivation, sign-out (here and everywhere), late saves, copied rows.
use super::*;

#[tokio::test]
pub(super) async fn deactivating_an_account_ends_its_open_session_at_once() {
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
pub(super) async fn bo_on_two_devices(app: &TestApp) -> (String, String) {
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
pub(super) async fn sign_out_everywhere_ends_every_session() {
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
pub(super) async fn signing_out_ends_that_session_even_if_its_cookie_is_sent_again() {
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
pub(super) async fn a_session_read_before_sign_out_is_not_brought_back_by_a_late_save() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    let dir = tempfile::tempdir().unwrap();
    let db = vigil_db::open(&format!("sqlite://{}/sessions.db", dir.path().display()))
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
    let rows: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM sessions")
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
pub(super) async fn session_rows_copied_from_the_database_open_nothing() {
    let app = TestApp::new().await;
    let (phone, laptop) = bo_on_two_devices(&app).await;
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK);
    let table = match app.state.db.backend() {
        vigil_db::Backend::Sqlite => "sessions",
        vigil_db::Backend::Postgres => "tower_sessions.sessions",
    };
    let ids: Vec<String> = vigil_db::query_scalar(format!("SELECT id FROM {table}"))
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
