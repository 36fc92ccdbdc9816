//! Supported people's records: encryption at rest, need-to-know access, audit, erasure,
//! key rotation. Real SQLite files, real SMTP listener, the server's own log output.
use crate::support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use std::sync::Arc;
use support::TestApp;
use vigil_app::accounts::store as accounts;
use vigil_app::crypto::Keyring;
use vigil_app::people::{service, store};

/// Creates a person through the coordinators' form; returns the new id.
async fn add_person(app: &TestApp, coordinator: &str, fields: &[(&str, &str)]) -> i64 {
    let reply = app
        .post_form("/people/new", fields, Some(coordinator))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn account_id(app: &TestApp, email: &str) -> i64 {
    accounts::find_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

fn canaries(tag: &str) -> Vec<(&'static str, String)> {
    ["alias", "contact", "languages", "note", "case_ref"]
        .into_iter()
        .map(|f| (f, format!("CANARY{tag}{}X", f.to_uppercase())))
        .collect()
}

fn as_form<'a>(c: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    c.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Every file under `dir`, concatenated.
fn raw_files(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(raw_files(&path));
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn canaries_never_reach_the_database_files_logs_mail_or_the_wrong_people() {
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

    vigil_app::people::store::checkpoint(&app.state.db)
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
async fn moved_or_altered_ciphertext_shows_unreadable_and_the_log_says_why() {
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
    vigil_app::storage::query(
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
    vigil_app::storage::query("UPDATE people SET note = contact WHERE id = ?")
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
    let mut alias: Vec<u8> =
        vigil_app::storage::query_scalar("SELECT alias FROM people WHERE id = ?")
            .bind(a)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let last = alias.len() - 1;
    alias[last] ^= 0x01;
    vigil_app::storage::query("UPDATE people SET alias = ? WHERE id = ?")
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
async fn helpers_see_people_only_around_their_own_event_and_every_view_is_audited() {
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
    let views: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id = ? AND action = 'view'",
    )
    .bind(bo)
    .bind(soon)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(views, 1);
    let refused: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id <> ?",
    )
    .bind(bo)
    .bind(soon)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(refused, 0, "nothing decrypted, nothing audited");
}

// Two worker threads: the rotation runs beside the page requests, as it would as its own
// process, instead of only when the request loop happens to yield.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_keep_working_during_key_rotation_and_the_old_key_is_not_needed_after() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(
            add_person(
                &app,
                &coordinator,
                &[("alias", &format!("Person{i}")), ("note", "ride")],
            )
            .await,
        );
    }
    let old_id = app.state.keyring.primary().unwrap().id().to_string();

    // `vigil rotate-key` runs as another process: its own keyring over the same directory.
    let keys_dir = app.state.config.keys_dir.clone();
    let db = app.state.db.clone();
    let rotation = tokio::spawn(async move {
        let keyring = Keyring::open(&keys_dir, None).unwrap();
        let ctx = service::Ctx {
            db: &db,
            keyring: &keyring,
            retention_days: 30,
        };
        service::rotate_root_key(&ctx).await.unwrap()
    });
    let mut served = 0;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !rotation.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "rotation still running after 2 minutes ({served} pages served)"
        );
        let id = ids[served % ids.len()];
        let page = app.get(&format!("/people/{id}"), Some(&coordinator)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("Person{}", served % ids.len()))
                && !page.body.contains("Unreadable")
        );
        if served % 5 == 0 {
            ids.push(
                add_person(
                    &app,
                    &coordinator,
                    &[("alias", &format!("Person{}", ids.len()))],
                )
                .await,
            );
        }
        served += 1;
    }
    let (new_id, rewrapped, destroyed) = rotation.await.unwrap();
    assert!(
        served > 0 && rewrapped >= 40,
        "served {served}, rewrapped {rewrapped}"
    );
    assert_eq!(destroyed, vec![old_id.clone()]);
    assert!(!app
        .state
        .config
        .keys_dir
        .join(format!("{old_id}.key"))
        .exists());
    let by_root = store::count_keys_by_root(&app.state.db).await.unwrap();
    assert_eq!(
        by_root
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        vec![new_id.as_str()]
    );

    // A fresh server process (only the new key on disk) reads everyone.
    let fresh = Keyring::open(&app.state.config.keys_dir, None).unwrap();
    let ctx = service::Ctx {
        db: &app.state.db,
        keyring: &fresh,
        retention_days: 30,
    };
    let (ana, _) = accounts::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    let all = service::list(&ctx, &ana, Utc::now()).await.unwrap();
    assert_eq!(all.len(), ids.len());
    assert!(all.iter().all(|p| !p.is_unreadable()));
}

#[tokio::test]
async fn purge_forgets_due_people_and_their_old_ciphertext_cannot_be_decrypted() {
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
    let old_alias: Vec<u8> =
        vigil_app::storage::query_scalar("SELECT alias FROM people WHERE id = ?")
            .bind(due)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let old_key = store::key(&app.state.db, due).await.unwrap().unwrap();

    vigil_app::storage::query("UPDATE people SET purge_after = ? WHERE id = ?")
        .bind(Utc::now() - Duration::hours(1))
        .bind(due)
        .execute(&app.state.db)
        .await
        .unwrap();
    let ctx = app.state.people_ctx();
    assert_eq!(service::purge_due(&ctx, Utc::now()).await.unwrap(), 1);
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

#[tokio::test]
async fn the_server_refuses_a_key_file_others_can_read() {
    let app = TestApp::new().await;
    let keys = app.state.config.keys_dir.clone();
    let id = app.state.keyring.primary().unwrap().id().to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            keys.join(format!("{id}.key")),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_vigil"))
            .arg("serve")
            .env("VIGIL_DATA_DIR", app.dir.path())
            .env("VIGIL_BIND", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("readable by other users"), "{err}");
    }
}

/// The checkpoint after a purge is what moves deleted rows out of the `-wal` file. A long
/// read holds it up; it is tried again until it truncates, and says so when it could not.
#[tokio::test]
async fn the_checkpoint_after_a_purge_retries_until_the_log_is_truncated() {
    let app = TestApp::new().await;
    if app.state.db.backend() != vigil_app::storage::Backend::Sqlite {
        return; // PostgreSQL has no such step (see the README on VACUUM).
    }
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    add_person(&app, &coordinator, &[("alias", "Someone")]).await;
    let wal = app.dir.path().join("vigil.db-wal");
    // A reader on another connection holds a snapshot, so the log can't be emptied.
    let reader =
        vigil_app::storage::connect(&format!("sqlite://{}/vigil.db", app.dir.path().display()))
            .await
            .unwrap();
    let mut conn = reader.acquire().await.unwrap();
    vigil_app::storage::query("BEGIN")
        .execute(&mut conn)
        .await
        .unwrap();
    let _: i64 = vigil_app::storage::query_scalar("SELECT COUNT(*) FROM people")
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
    vigil_app::storage::query("COMMIT")
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(trying.await.unwrap(), "done once the reader let go");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the -wal file is truncated"
    );
}

/// `rotate-key` racing people being created: a key wrapped under the old primary just as the
/// rotation finishes must never be left under a key file it destroys. Every person created
/// during the rotation is readable afterwards by a server that has only the new key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_racing_new_people_never_strands_a_key() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let (ana, _) = accounts::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    let input = service::PersonInput::parse(|f| {
        if f == "alias" {
            "Racer".to_string()
        } else {
            String::new()
        }
    })
    .ok()
    .unwrap();
    let input = Arc::new(input);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut creators = Vec::new();
    for _ in 0..4 {
        let (state, ana, input, stop) =
            (app.state.clone(), ana.clone(), input.clone(), stop.clone());
        creators.push(tokio::spawn(async move {
            let mut made = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                service::create(&state.people_ctx(), &ana, &input, Utc::now())
                    .await
                    .expect("a person is created during the rotation");
                made += 1;
            }
            made
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let keyring = Keyring::open(&app.state.config.keys_dir, None).unwrap();
    let ctx = service::Ctx {
        db: &app.state.db,
        keyring: &keyring,
        retention_days: 30,
    };
    let (new_id, _, destroyed) = service::rotate_root_key(&ctx).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut made = 0;
    for c in creators {
        made += c.await.unwrap();
    }
    assert!(made > 10, "people were created throughout ({made})");
    assert_eq!(destroyed.len(), 1);
    let by_root = store::count_keys_by_root(&app.state.db).await.unwrap();
    assert!(
        by_root.iter().all(|(id, _)| *id == new_id),
        "every key is under the new root key: {by_root:?}"
    );
    let fresh = Keyring::open(&app.state.config.keys_dir, None).unwrap();
    let ctx = service::Ctx {
        db: &app.state.db,
        keyring: &fresh,
        retention_days: 30,
    };
    let all = service::list(&ctx, &ana, Utc::now()).await.unwrap();
    assert_eq!(all.len(), made);
    assert!(
        all.iter().all(|p| !p.is_unreadable()),
        "everyone readable with the new key alone"
    );
}
