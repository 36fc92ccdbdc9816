//! The HTTP stack: health, private pages, CSRF, security headers, body limits, asset caching.
use super::*;

#[tokio::test]
pub(super) async fn healthz_answers_when_the_database_is_reachable() {
    let app = TestApp::new().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
pub(super) async fn anonymous_visitors_are_sent_to_sign_in_from_every_private_page() {
    let app = TestApp::new().await;
    for path in ["/", "/profile", "/team", "/some/page/added/later"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.location(), "/sign-in", "{path}");
    }
    let reply = app.get("/sign-in", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("Email me a sign-in link"));
}

#[tokio::test]
pub(super) async fn cross_site_posts_are_refused() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let req = Request::post("/team")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &coordinator)
            .header(name, value)
            .body(Body::from("email=eve%40example.org&roles=coordinator"))
            .unwrap();
        let reply = app.send(req).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name}");
    }
    assert!(store::find_by_email(&app.state.db, "eve@example.org")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
pub(super) async fn pages_carry_the_security_headers() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Ana", "ana@example.org").await;
    let page = app.get("/", Some(&coordinator)).await;
    let h = |n: &str| {
        page.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let csp = h("content-security-policy");
    assert!(
        csp.contains("script-src 'nonce-") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );
    assert_eq!(h("referrer-policy"), "no-referrer");
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("cache-control"), "no-store");
    let cookie = app.get("/sign-in", None).await;
    assert_eq!(
        cookie.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );

    // Compressed for phones on a weak signal.
    let req = Request::get("/sign-in")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let compressed = app.send(req).await;
    assert_eq!(
        compressed.headers.get(header::CONTENT_ENCODING).unwrap(),
        "gzip"
    );
}

/// A body over the limit gets 413 and a page that says the limit, from plain forms and server
/// functions alike, declared or not; nothing of it is acted on.
#[tokio::test]
pub(super) async fn a_body_over_the_limit_gets_413_and_changes_nothing() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let big = format!(
        "display_name=Mallory&email=ana%40example.org&languages={}",
        "x".repeat(100 * 1024)
    );
    for (path, declare) in [
        ("/profile", true),
        ("/profile", false),
        ("/api/accounts/set-active", true),
        ("/team", false),
    ] {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &ana)
            .header("sec-fetch-site", "same-origin");
        if declare {
            req = req.header(header::CONTENT_LENGTH, big.len().to_string());
        }
        let reply = app.send(req.body(Body::from(big.clone())).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path} (declared: {declare})"
        );
        assert!(
            reply.body.contains("larger than 64 KB") && reply.body.contains("Nothing was saved"),
            "{}",
            reply.body
        );
    }
    let (account, _) = store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.display_name, "Ana", "the profile is unchanged");
    // A form within the limit still works.
    let ok = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana María"),
                ("email", "ana@example.org"),
                ("languages", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

/// The browser bundle and stylesheet hold nothing personal: named by their content, they are
/// kept a year and never asked for again (pages stay `no-store`), in brotli when the browser
/// takes it.
#[tokio::test]
pub(super) async fn hashed_assets_are_kept_a_year_in_brotli_while_pages_stay_no_store() {
    let app = TestApp::with_site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site")).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let assets = app.state.assets.clone();
    assert_ne!(
        *assets,
        vigil_web::shell::Assets::default(),
        "target/site/pkg/assets.json names the built files (make build)"
    );
    let page = app.get("/profile", Some(&ana)).await;
    assert_eq!(
        page.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "signed-in pages are never stored"
    );
    assert!(
        page.body.contains(&format!("href=\"/pkg/{}\"", assets.css)),
        "the page links the hashed stylesheet"
    );
    assert!(
        !page.body.contains("rel=\"preload\"") && !page.body.contains("modulepreload"),
        "nothing preloaded: the bundle is fetched only for an island"
    );

    for name in [&assets.css, &assets.js, &assets.wasm] {
        let req = Request::get(format!("/pkg/{name}"))
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap();
        let file = app.send(req).await;
        assert_eq!(file.status, StatusCode::OK, "{name}");
        let header_of = |h| {
            file.headers
                .get(h)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(
            header_of(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{name}"
        );
        assert_eq!(
            header_of(header::CONTENT_ENCODING),
            "br",
            "{name}: precompressed at build time"
        );
    }
    // Unhashed names (an old page, a hand-made link) and missing files are only revalidated.
    let plain = app.get("/pkg/vigil.css", None).await;
    assert_eq!(
        plain
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, no-cache")
    );
    let gone = app.get("/pkg/vigil.0123456789abcdef.css", None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(
        gone.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, no-cache"),
        "a 404 is not kept for a year"
    );
}
