//! What the service worker may keep: My shifts and a shift's page say so; the watch page
//! (an expected person's alias, for those on shift) never does. The worker, the manifest and
//! its icon are served to anyone, and the page's policy lets the worker run.
use super::*;

fn kept(reply: &support::Reply) -> Option<&str> {
    reply
        .headers
        .get("vigil-offline")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
pub(super) async fn shift_pages_are_kept_offline_and_pages_with_a_person_never() {
    let app = TestApp::new().await;
    let (ana, facility) = coordinator_with_facility(&app, "UTC").await;
    let (w, current, _) = tonight(&app, &ana, facility, "1").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    app.post_form(&format!("/shifts/{current}/sign-up"), &[], Some(&bo))
        .await;

    let mine = app.get("/my-shifts", Some(&bo)).await;
    assert_eq!(kept(&mine), Some("keep"));
    assert!(
        mine.body.contains(r#"id="offline-note""#),
        "the note the worker shows offline"
    );
    let page = app.get(&format!("/shifts/{current}"), Some(&bo)).await;
    assert_eq!(kept(&page), Some("keep"));
    assert!(
        visible(&page.body).contains("Stand by the east gate."),
        "the notes are on the kept page"
    );
    assert_eq!(
        kept(&app.get(&format!("/watches/{w}"), Some(&bo)).await),
        None,
        "the watch page is never kept"
    );
    assert_eq!(kept(&app.get("/people", Some(&ana)).await), None);
    let policy = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(policy.contains("worker-src 'self'"), "{policy}");
    assert!(page
        .body
        .contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));

    // Anyone may fetch the worker, the manifest and the icon.
    let worker = app.get("/sw.js", None).await;
    assert_eq!(worker.status, StatusCode::OK);
    assert!(worker
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(worker.body.contains("vigil-offline"));
    let manifest: serde_json::Value =
        serde_json::from_str(&app.get("/manifest.webmanifest", None).await.body).unwrap();
    assert_eq!(
        manifest["start_url"], "/my-shifts",
        "installed, it opens on My shifts"
    );
    assert_eq!(manifest["display"], "standalone");
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        let reply = app.get(src, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{src}");
        assert_eq!(
            reply.headers.get("content-type").unwrap(),
            icon["type"].as_str().unwrap()
        );
    }
    assert!(
        manifest["icons"].to_string().contains("192x192"),
        "a home screen's size"
    );
}
