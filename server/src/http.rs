//! The HTTP server: routes, sessions, security headers, CSRF checks, compression.
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use vigil_core::config::Config;
use vigil_core::crypto::Keyring;
use vigil_core::notifications::mailer::Mailer;
use vigil_db::Db;
use vigil_web::state::AppState;
use vigil_web::{accounts, shell, App};

pub async fn serve(
    db: Db,
    config: Config,
    keyring: Keyring,
    bind: &str,
    site_root: &str,
) -> anyhow::Result<()> {
    let mailer = Mailer::from_config(config.smtp_url.as_deref(), config.outbox_dir())?;
    let options = leptos_options(site_root);
    let state = AppState::new(db, config, mailer, keyring, options);
    print_setup_link(&state).await?;
    let app = router(state).await?;
    let listener = listen(bind).await?;
    tracing::info!("Vigil is listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// How many connections may wait to be accepted. The standard library's (and tokio's) 128
/// overflows when a few hundred volunteers answer a call-out at once: the kernel drops their
/// connection attempts and their phones retry a whole second later.
const LISTEN_BACKLOG: u32 = 4096;

/// Binds the listening socket (`host:port`) with `LISTEN_BACKLOG`.
pub async fn listen(bind: &str) -> anyhow::Result<tokio::net::TcpListener> {
    let mut last_err = None;
    for addr in tokio::net::lookup_host(bind).await? {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket
            .bind(addr)
            .and_then(|()| socket.listen(LISTEN_BACKLOG))
        {
            Ok(listener) => return Ok(listener),
            Err(err) => last_err = Some(err),
        }
    }
    Err(last_err
        .map(anyhow::Error::from)
        .unwrap_or_else(|| anyhow::anyhow!("{bind} names no address to listen on")))
}

pub fn leptos_options(site_root: &str) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("vigil")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .env(leptos::config::Env::PROD)
        .build()
}

/// While the group has no coordinator, the console shows a one-hour link to create the first.
async fn print_setup_link(state: &AppState) -> anyhow::Result<()> {
    let ctx = state.accounts_ctx();
    if let Some(link) = accounts::service::setup_link_if_needed(&ctx, chrono::Utc::now())
        .await
        .map_err(crate::told)?
    {
        println!(
            "\n  No coordinator yet. Open this link within an hour to set up Vigil (it works once):\n\n    {link}\n"
        );
    }
    Ok(())
}

/// The whole application, ready to serve (also used in-process by the tests).
pub async fn router(state: AppState) -> anyhow::Result<Router> {
    let store = crate::sessions::Sessions::open(&state.db).await?;
    // Shifts made before migration 0014 get their local day (none after the first start).
    vigil_core::watches::fill_local_days(&state.db)
        .await
        .map_err(crate::told)?;
    crate::jobs::spawn(state.core.clone(), store.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name("vigil_session")
        .with_http_only(true)
        .with_secure(state.config.is_https())
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::try_from(state.config.session_idle)
                .unwrap_or(tower_sessions::cookie::time::Duration::days(7)),
        ));

    // Once per process: generating the list briefly stops every Leptos resource in the
    // process from loading (a process-wide flag, leptos-rs/leptos#4773), so a page rendering
    // in another router at that moment (several apps in one test binary) would never finish.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let options = state.leptos_options.clone();
    let pkg = ServeDir::new(format!("{}/pkg", options.site_root))
        .precompressed_gzip()
        .precompressed_br();
    let ctx_state = state.clone();
    let fn_state = state.clone();
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .merge(accounts::forms::routes())
        .merge(vigil_web::people::forms::routes())
        .merge(vigil_web::court_reminders::forms::routes())
        .merge(vigil_web::rides::forms::routes())
        .merge(vigil_web::notifications::forms::routes())
        .merge(vigil_web::notifications::inbound::routes())
        .merge(vigil_web::facilities::forms::routes())
        .merge(vigil_web::watches::forms::routes())
        .merge(vigil_web::hearings::forms::routes())
        .merge(vigil_web::calendar::http::routes())
        .merge(vigil_web::supplies::forms::routes())
        .merge(vigil_web::i18n::switch::routes())
        .merge(vigil_web::shell::offline::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ctx_state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .nest_service("/pkg", pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(move || provide_context(fn_state.clone()), shell))
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::session::gate,
        ))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_only,
        ))
        .layer(middleware::from_fn(limit_bodies))
        .layer(middleware::from_fn(security_headers))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(request_span))
        .with_state(state);
    Ok(app)
}

/// Every request gets an id: a span around its handling carries it, so whatever the request
/// logs (a failure's cause, at the edge: `AppError::log_at_edge`) carries it too, and the
/// response names it in `x-request-id`, so a person's report of a failure can be matched to
/// its log line. Random, not counted, so ids reveal nothing about traffic; never a path or
/// a query, which can hold tokens.
async fn request_span(req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let id = format!("{:016x}", rand::random::<u64>());
    let span = tracing::info_span!("request", id = %id, method = %req.method());
    let mut res = next.run(req).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    res
}

async fn server_fn(State(state): State<AppState>, req: Request) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// Server functions (whichever router entry served them: `leptos_routes_with_context`
/// registers each one's path itself). An error the function never got to set a status for
/// (its arguments couldn't be read, say) comes back from `server_fn` as 500 whatever it was:
/// the status is taken from the error itself, so a malformed request is the sender's 4xx.
async fn server_fn_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<vigil_web::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

async fn healthz(State(state): State<AppState>) -> Response {
    if vigil_db::is_reachable(&state.db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

/// Cross-site request forgery: a state-changing request must come from our own pages.
/// Browsers send Sec-Fetch-Site (modern) or Origin on every POST; a request that carries
/// either and names another site is refused.
async fn same_origin_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let headers = req.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let allowed = match (fetch_site, origin) {
            (Some("same-origin") | Some("none"), _) => true,
            (Some(_), _) => false,
            (None, Some(origin)) => origin == state.config.origin(),
            // Neither header: not a browser acting for another site (curl, scripts).
            (None, None) => true,
        };
        if !allowed {
            tracing::warn!(path = req.uri().path(), "refused cross-site request");
            let lang = vigil_web::i18n::negotiate(req.uri().query(), None, req.headers());
            return (
                StatusCode::FORBIDDEN,
                vigil_web::t!(lang, errors.cross_site),
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// Every request body is read here, whole and within its route's limit, before anything
/// acts on it: a body over the limit gets 413 and a page saying the limit in words, and no
/// handler ever sees half a form (which used to read as an empty one) or runs at all.
async fn limit_bodies(req: Request, next: Next) -> Response {
    let limit = vigil_web::forms::body_limit(req.uri().path());
    // Before the session is read: the browser's language (or the switch's choice).
    let lang = vigil_web::i18n::negotiate(req.uri().query(), None, req.headers());
    let too_large = || {
        let mut res = (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::response::Html(vigil_web::forms::too_large_page(lang, limit)),
        )
            .into_response();
        // The client may still be sending: tell it to stop rather than read the rest.
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        res
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        tracing::info!(
            path = req.uri().path(),
            limit,
            "request body over the limit"
        );
        return too_large();
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && declared.unwrap_or(0) == 0
    {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
        Err(_) => {
            tracing::info!(
                path = parts.uri.path(),
                limit,
                "request body over the limit (or cut off)"
            );
            too_large()
        }
    }
}

/// Headers on every response. Pages set their own Content-Security-Policy with a script
/// nonce; anything else gets a policy that runs no script at all.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}
