//! Key rotation and key files.
use super::*;

// Two worker threads: the rotation runs beside the page requests, as it would as its own
// process, instead of only when the request loop happens to yield.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn pages_keep_working_during_key_rotation_and_the_old_key_is_not_needed_after() {
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
pub(super) async fn the_server_refuses_a_key_file_others_can_read() {
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

/// `rotate-key` racing people being created: a key wrapped under the old primary just as the
/// rotation finishes must never be left under a key file it destroys. Every person created
/// during the rotation is readable afterwards by a server that has only the new key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn rotation_racing_new_people_never_strands_a_key() {
    let app = TestApp::new().await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let (ana, _) = accounts::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    let input = service::PersonInput::parse(&vigil_web::people::PersonForm {
        alias: "Racer".into(),
        ..Default::default()
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
