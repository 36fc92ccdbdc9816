//! A shift that works with no signal: the service worker (`sw.js`, plain JS), the web app
//! manifest and icon that make Vigil installable (opening on "My shifts"), and how a page
//! tells the worker whether it may be kept. A page is kept only when it says so
//! (`KeptOffline`); a part of it that shows an alias, a note or a courtroom is wrapped in
//! `NeverKept`, which the worker cuts out first. Pages that show such things throughout (a
//! watch's log, a person's page) are never marked, so never kept.
use leptos::prelude::*;

/// The response header the service worker reads.
pub const HEADER: &str = "vigil-offline";

/// Tells the worker this page may be kept.
#[cfg(feature = "ssr")]
fn mark_kept() {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::HeaderName::from_static(HEADER),
            http::HeaderValue::from_static("keep"),
        );
    }
}

/// A part of a kept page that shows something about a supported person (the person and
/// the courtroom on a hearing's page, for those going): the worker cuts it out before it
/// keeps the page, and keeps nothing if it cannot find where the part ends. The end marker
/// is an element, which nothing a person typed can forge (their text is escaped).
#[component]
pub fn NeverKept(children: Children) -> impl IntoView {
    view! {
        <div data-never-kept="">{children()}</div>
        <template data-never-kept-end=""></template>
    }
}

/// On a page a volunteer needs offline: marks it to be kept, and carries the note the worker
/// shows when it serves the kept copy ("Offline: saved at 21:40").
#[component]
pub fn KeptOffline() -> impl IntoView {
    #[cfg(feature = "ssr")]
    mark_kept();
    let lang = crate::i18n::use_lang();
    view! {
        <p id="offline-note" class="notice" role="status" hidden>
            {t!(lang, common.offline_saved_at)} " " <span class="saved-at"></span>
        </p>
    }
}

/// `/sw.js`, `/manifest.webmanifest` and the icons, for anyone (they hold no data).
#[cfg(feature = "ssr")]
pub fn routes() -> axum::Router<crate::state::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(WORKER, get(worker))
        .route(MANIFEST, get(manifest))
        .route(
            ICON,
            get(|| async { file("image/svg+xml", &include_bytes!("icon.svg")[..]) }),
        )
        .route(
            ICON_192,
            get(|| async { file("image/png", &include_bytes!("icon-192.png")[..]) }),
        )
        .route(
            ICON_512,
            get(|| async { file("image/png", &include_bytes!("icon-512.png")[..]) }),
        )
}

pub const WORKER: &str = "/sw.js";
pub const MANIFEST: &str = "/manifest.webmanifest";
/// The icon, drawn once (`icon.svg`); the PNGs are it at the sizes home screens ask for
/// (rendered by Chromium: `--screenshot` of the SVG at 192 and 512 pixels).
pub const ICON: &str = "/icon.svg";
pub const ICON_192: &str = "/icon-192.png";
pub const ICON_512: &str = "/icon-512.png";

#[cfg(feature = "ssr")]
fn file(content_type: &'static str, body: impl Into<axum::body::Body>) -> axum::response::Response {
    use http::header;
    axum::response::IntoResponse::into_response((
        [
            (header::CONTENT_TYPE, content_type),
            // The worker checks for a new version on each visit; the others are small.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.into(),
    ))
}

#[cfg(feature = "ssr")]
async fn worker() -> axum::response::Response {
    file("text/javascript; charset=utf-8", include_str!("sw.js"))
}

/// Installed, Vigil opens on "My shifts" (a coordinator's or accompanier's home is one tap
/// away from there).
#[cfg(feature = "ssr")]
async fn manifest() -> axum::response::Response {
    let body = serde_json::json!({
        "name": "Vigil",
        "short_name": "Vigil",
        "start_url": crate::routes::MY_SHIFTS,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d3557",
        "icons": [
            { "src": ICON_192, "sizes": "192x192", "type": "image/png" },
            { "src": ICON_512, "sizes": "512x512", "type": "image/png" },
            { "src": ICON, "sizes": "any", "type": "image/svg+xml" },
        ],
    });
    file("application/manifest+json", body.to_string())
}
