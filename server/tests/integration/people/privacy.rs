//! Canaries, tampered ciphertext, the helper window and the audit.
use super::*;

#[tokio::test]
pub(super) async fn canaries_never_reach_the_database_files_logs_mail_or_the_wrong_people() {
    support::log_output();
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let helper = app
        .invite_and_accept(&coordinator, "bo@example.org", &["volunteer"])
        .await;
    let stranger = app
        .invite_and_accept(&coordinator, "cy@example.org", &["accompanier"])
        .await;
    let first = canaries("A");
    let second = canaries("B");
    let p1 = add_person(&app, &coordinator, &as_form(&first)).await;
    let p2 = add_person(&app, &coordinator, &as_form(&second)).await;

    // A rejected form (note too long) comes back to the coordinator with the input kept.
    let long_note = format!("CANARYLONG{}", "x".repeat(300));
    let rejected = app
        .post_form(
            "/people/new",
            &[("alias", "CANARYREJECTED"), ("note", &long_note)],
            Some(&coordinator),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        rejected.body.contains("CANARYREJECTED")
            && rejected.body.contains("Keep this under 280 characters")
    );

    // Coordinators see and edit everything.
    let list = app.get("/people", Some(&coordinator)).await;
    assert!(
        list.body.contains("CANARYAALIASX") && list.body.contains("CANARYBALIASX"),
        "{}",
        list.body
    );
    let page = app.get(&format!("/people/{p1}"), Some(&coordinator)).await;
    for (_, v) in &first {
        assert!(page.body.contains(v.as_str()), "coordinator sees {v}");
    }
    let edited = canaries("E");
    let mut form = as_form(&edited);
    let forget_on = (Utc::now() + Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    form.push(("forget_on", &forget_on));
    let saved = app
        .post_form(&format!("/people/{p1}"), &form, Some(&coordinator))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(app
        .get(&format!("/people/{p1}"), Some(&coordinator))
        .await
        .body
        .contains("CANARYEALIASX"));

    // A helper assigned to p1 around now sees alias, languages and note; nothing else.
    let bo = account_id(&app, "bo@example.org").await;
    let now = Utc::now();
    service::grant_access(
        &app.state.people_ctx(),
        p1,
        bo,
        now + Duration::hours(2),
        now + Duration::hours(5),
    )
    .await
    .unwrap();
    let seen = app.get(&format!("/people/{p1}"), Some(&helper)).await;
    assert_eq!(seen.status, StatusCode::OK);
    for (field, v) in &edited {
        let allowed = ["alias", "languages", "note"].contains(field);
        assert_eq!(
            seen.body.contains(v.as_str()),
            allowed,
            "helper and {field}"
        );
    }
    // Not p2, not the list.
    for (path, who) in [
        (format!("/people/{p2}"), &helper),
        (format!("/people/{p1}"), &stranger),
        ("/people".to_string(), &helper),
    ] {
        let reply = app.get(&path, Some(who)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            !reply.body.contains("CANARY"),
            "{path} leaks to the wrong person"
        );
    }
    let api = app
        .post_form("/api/people/get", &[("id", &p2.to_string())], Some(&helper))
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(!api.body.contains("CANARY"));

    // Audit log: views by id, visible to coordinators.
    let audit = app.get("/people/audit", Some(&coordinator)).await;
    assert!(audit.body.contains(&format!("#{p1}")) && audit.body.contains("view"));
    assert!(!audit.body.contains("CANARY"));

    // Mail sent during all this (invitations) and a sign-in link.
    app.post_form("/sign-in", &[("email", "bo@example.org")], None)
        .await;
    app.smtp.wait_for_nth("bo@example.org", 2).await;

    // Erase p2 now; purge nothing else.
    let erased = app
        .post_form(
            "/api/people/erase",
            &[("id", &p2.to_string())],
            Some(&coordinator),
        )
        .await;
    assert!(erased.status.is_redirection(), "{:?}", erased.status);

    vigil_core::people::store::checkpoint(&app.state.db)
        .await
        .unwrap();
    let files = raw_files(app.dir.path());
    let log = support::logs();
    let mail: String = app
        .smtp
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.data.clone())
        .collect();
    for (_, v) in first.iter().chain(&second).chain(&edited) {
        assert!(!contains(&files, v), "{v} found in the data directory");
        assert!(!log.contains(v.as_str()), "{v} found in the log");
        assert!(!mail.contains(v.as_str()), "{v} found in mail");
    }
    for v in ["CANARYREJECTED", "CANARYLONG"] {
        assert!(!contains(&files, v) && !log.contains(v), "{v} leaked");
    }
}

#[tokio::test]
pub(super) async fn moved_or_altered_ciphertext_shows_unreadable_and_the_log_says_why() {
    support::log_output();
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let a = add_person(
        &app,
        &coordinator,
        &[
            ("alias", "Rosa"),
            ("contact", "+1 555 0100"),
            ("note", "ride"),
        ],
    )
    .await;
    let b = add_person(
        &app,
        &coordinator,
        &[("alias", "Tomás"), ("note", "jacket")],
    )
    .await;

    // Another row: a's alias ciphertext copied into b.
    vigil_db::query(
        "UPDATE people SET alias = (SELECT alias FROM people WHERE id = ?) WHERE id = ?",
    )
    .bind(a)
    .bind(b)
    .execute(&app.state.db)
    .await
    .unwrap();
    let page = app.get(&format!("/people/{b}"), Some(&coordinator)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Unreadable record"), "{}", page.body);
    assert!(!page.body.contains("Rosa"));
    assert!(page.body.contains("jacket"), "the intact field still reads");

    // Another column: a's contact moved into its note.
    vigil_db::query("UPDATE people SET note = contact WHERE id = ?")
        .bind(a)
        .execute(&app.state.db)
        .await
        .unwrap();
    let page = app.get(&format!("/people/{a}"), Some(&coordinator)).await;
    assert!(page.body.contains("Unreadable record"));
    assert!(
        page.body.contains("+1 555 0100"),
        "the contact itself still reads in its own column"
    );

    // One flipped bit.
    let mut alias: Vec<u8> = vigil_db::query_scalar("SELECT alias FROM people WHERE id = ?")
        .bind(a)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let last = alias.len() - 1;
    alias[last] ^= 0x01;
    vigil_db::query("UPDATE people SET alias = ? WHERE id = ?")
        .bind(&alias)
        .bind(a)
        .execute(&app.state.db)
        .await
        .unwrap();
    let list = app.get("/people", Some(&coordinator)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Unreadable record"));

    let log = support::logs();
    assert!(
        log.contains(&format!("person={b}"))
            && log.contains("column=\"alias\"")
            && log.contains("authentication failed"),
        "{log}"
    );
    assert!(!log.contains("Rosa") && !log.contains("555 0100"));
}

#[tokio::test]
pub(super) async fn helpers_see_people_only_around_their_own_event_and_every_view_is_audited() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let helper = app
        .invite_and_accept(&coordinator, "bo@example.org", &["accompanier"])
        .await;
    let bo = account_id(&app, "bo@example.org").await;
    let ctx = app.state.people_ctx();
    let now = Utc::now();
    let soon = add_person(
        &app,
        &coordinator,
        &[("alias", "Soon"), ("case_ref", "A123")],
    )
    .await;
    let past = add_person(&app, &coordinator, &[("alias", "Past")]).await;
    let later = add_person(&app, &coordinator, &[("alias", "Later")]).await;
    let unassigned = add_person(&app, &coordinator, &[("alias", "Nobody")]).await;
    service::grant_access(
        &ctx,
        soon,
        bo,
        now + Duration::hours(20),
        now + Duration::hours(22),
    )
    .await
    .unwrap();
    service::grant_access(
        &ctx,
        past,
        bo,
        now - Duration::hours(30),
        now - Duration::hours(26),
    )
    .await
    .unwrap();
    service::grant_access(
        &ctx,
        later,
        bo,
        now + Duration::hours(26),
        now + Duration::hours(28),
    )
    .await
    .unwrap();

    let page = app.get(&format!("/people/{soon}"), Some(&helper)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Soon") && !page.body.contains("A123"),
        "no case reference for helpers"
    );
    for id in [past, later, unassigned] {
        let reply = app.get(&format!("/people/{id}"), Some(&helper)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "person {id}");
    }
    let views: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id = ? AND action = 'view'",
    )
    .bind(bo)
    .bind(soon)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(views, 1);
    let refused: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id <> ?",
    )
    .bind(bo)
    .bind(soon)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(refused, 0, "nothing decrypted, nothing audited");
}
