//! The purge and the checkpoint that makes it final.
use super::*;

#[tokio::test]
pub(super) async fn purge_forgets_due_people_and_their_old_ciphertext_cannot_be_decrypted() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let due = add_person(&app, &coordinator, &[("alias", "Due"), ("note", "ride")]).await;
    let kept = add_person(&app, &coordinator, &[("alias", "Kept")]).await;
    let page = app.get("/people", Some(&coordinator)).await;
    let default_date = (Utc::now() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        page.body.contains(&default_date),
        "forgotten 30 days out by default"
    );

    // Keep a copy of the ciphertext and wrapped key, as a stolen backup would.
    let old_alias: Vec<u8> = vigil_db::query_scalar("SELECT alias FROM people WHERE id = ?")
        .bind(due)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let old_key = store::key(&app.state.db, due).await.unwrap().unwrap();

    vigil_db::query("UPDATE people SET purge_after = ? WHERE id = ?")
        .bind(Utc::now() - Duration::hours(1))
        .bind(due)
        .execute(&app.state.db)
        .await
        .unwrap();
    let ctx = app.state.people_ctx();
    assert_eq!(
        vigil_core::workflows::forget::purge_due(&ctx, Utc::now())
            .await
            .unwrap(),
        1
    );
    assert!(store::get(&app.state.db, due).await.unwrap().is_none());
    assert!(
        store::key(&app.state.db, due).await.unwrap().is_none(),
        "data key destroyed"
    );
    assert!(store::get(&app.state.db, kept).await.unwrap().is_some());
    assert_eq!(
        app.get(&format!("/people/{due}"), Some(&coordinator))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The database no longer holds a key for the old ciphertext; after a rotation even the
    // stolen backup's wrapped key is useless.
    assert!(store::key(&app.state.db, due).await.unwrap().is_none());
    service::rotate_root_key(&ctx).await.unwrap();
    let ring = Keyring::open(&app.state.config.keys_dir, None).unwrap();
    assert!(
        ring.get(&old_key.root_key_id).is_err(),
        "old root key destroyed"
    );
    let primary = ring.primary().unwrap();
    assert!(primary.unwrap(&old_key.wrapped, due).is_err());
    assert!(!old_alias.is_empty());
}

/// The checkpoint after a purge is what moves deleted rows out of the `-wal` file. A long
/// read holds it up; it is tried again until it truncates, and says so when it could not.
#[tokio::test]
pub(super) async fn the_checkpoint_after_a_purge_retries_until_the_log_is_truncated() {
    let app = TestApp::new().await;
    if app.state.db.backend() != vigil_db::Backend::Sqlite {
        return; // PostgreSQL has no such step (see the README on VACUUM).
    }
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    add_person(&app, &coordinator, &[("alias", "Someone")]).await;
    let wal = app.dir.path().join("vigil.db-wal");
    // A reader on another connection holds a snapshot, so the log can't be emptied.
    let reader = vigil_db::connect(&format!("sqlite://{}/vigil.db", app.dir.path().display()))
        .await
        .unwrap();
    let mut conn = reader.acquire().await.unwrap();
    vigil_db::query("BEGIN").execute(&mut conn).await.unwrap();
    let _: i64 = vigil_db::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(
        !store::checkpoint(&app.state.db).await.unwrap(),
        "reported as not done while the read lasts"
    );

    // The read ends while the checkpoint is still trying: it finishes, and the log is empty.
    let trying = tokio::spawn({
        let db = app.state.db.clone();
        async move { store::checkpoint(&db).await.unwrap() }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    vigil_db::query("COMMIT").execute(&mut conn).await.unwrap();
    assert!(trying.await.unwrap(), "done once the reader let go");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the -wal file is truncated"
    );
}
