//! Kept feeds follow every change, here and from other servers.
use super::*;

/// Runs `sql` on the app's database straight through its pool, past Vigil's storage layer:
/// what a change made by another Vigil server sharing the database looks like to this one.
pub(super) async fn as_another_server(app: &TestApp, sql: &str) {
    match &app.state.db {
        vigil_db::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        vigil_db::Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .expect("the change");
}

/// Feeds are kept rendered until something in them changes: a repeat poll gets the same bytes
/// and ETag, and a 304; a change made through this server is in the very next poll, and one
/// made by another server sharing the database (straight to it) within `cache::RECHECK`,
/// revocations included.
#[tokio::test]
pub(super) async fn kept_feeds_follow_every_change_here_and_from_other_servers() {
    use vigil_web::calendar::cache::RECHECK;
    let (app, ana, jail, start, feed) = coordinators_feed_with_one_shift().await;

    let first = get(&app, &feed).await;
    assert_eq!(parse(&first.body).events.len(), 1);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let again = get(&app, &feed).await;
    assert_eq!(
        (again.body.as_str(), &again.headers[header::ETAG]),
        (first.body.as_str(), &first.headers[header::ETAG])
    );
    let conditional = |tag: String| {
        app.send(
            axum::http::Request::get(&feed)
                .header(header::IF_NONE_MATCH, tag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
    };
    assert_eq!(
        conditional(etag.clone()).await.status,
        StatusCode::NOT_MODIFIED
    );

    // A shift added here: the next poll has it, under a new ETag.
    shift(
        &app,
        &ana,
        jail,
        &ny(start + Duration::days(1)),
        &ny(start + Duration::days(1) + Duration::hours(4)),
    )
    .await;
    let second = get(&app, &feed).await;
    assert_eq!(
        parse(&second.body).events.len(),
        2,
        "a change made here is in the next poll"
    );
    assert_ne!(second.headers[header::ETAG].to_str().unwrap(), etag);
    assert_eq!(conditional(etag).await.status, StatusCode::OK);

    // Another server renames the facility: within RECHECK this one serves it too.
    as_another_server(
        &app,
        &format!("UPDATE facilities SET name = 'Renamed Jail' WHERE id = {jail}"),
    )
    .await;
    tokio::time::sleep(RECHECK + std::time::Duration::from_millis(200)).await;
    assert!(
        get(&app, &feed).await.body.contains("Renamed Jail"),
        "another server's change arrives within {RECHECK:?}"
    );

    // …and a revocation there stops the feed here.
    as_another_server(&app, "UPDATE calendar_feeds SET revoked_at = created_at").await;
    tokio::time::sleep(RECHECK + std::time::Duration::from_millis(200)).await;
    assert_eq!(
        get(&app, &feed).await.status,
        StatusCode::NOT_FOUND,
        "revoked on another server"
    );
}

/// Polls only touch a feed's last-used time, which is not a change to any feed: it must not
/// throw the kept feeds away (every feed would be built again on every poll).
#[tokio::test]
pub(super) async fn a_poll_changes_no_kept_feed() {
    let (app, _, _, _, feed) = coordinators_feed_with_one_shift().await;
    let version = || vigil_core::calendar::store::change_version(&app.state.db);
    let before = version().await.unwrap();
    assert_eq!(get(&app, &feed).await.status, StatusCode::OK);
    let used: Option<chrono::DateTime<Utc>> =
        vigil_db::query_scalar("SELECT last_used_at FROM calendar_feeds")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(used.is_some(), "the poll was noted");
    assert_eq!(
        version().await.unwrap(),
        before,
        "and changed nothing a feed shows"
    );
}
