//! The feed URLs (`/calendar/{token}.ics`), single-event downloads, and the POST handlers of
//! the calendar page. The token is never logged: logs name the feed by id.
use super::FeedKind;
use super::{cache, feed, service};
use crate::accounts::Account;
use crate::error::AppError;
use crate::forms::{on_page, reject, reject_with_error, FormEcho, Posted};
use crate::i18n::Lang;
use crate::kernel::Actor;
use crate::routes;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use vigil_core::Failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar/{file}", get(feed))
        .route("/shifts/{id}/calendar.ics", get(single_shift))
        .route("/hearings/{id}/calendar.ics", get(single_hearing))
        .route(routes::CALENDARS, post(create_feed))
        .route("/profile/calendars/{id}/{action}", post(feed_action))
}

/// Calendar apps poll every few minutes to hours; a feed asked more often than
/// `VIGIL_CALENDAR_RATE` a minute (bursts of twice that) is a broken client or abuse.
fn limiter(per_minute: u32) -> &'static DefaultKeyedRateLimiter<i64> {
    static LIMITER: OnceLock<DefaultKeyedRateLimiter<i64>> = OnceLock::new();
    LIMITER.get_or_init(|| {
        let rate = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(per_minute.saturating_mul(2)).unwrap_or(NonZeroU32::MIN);
        RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
    })
}

fn not_found(lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        t!(lang, calendar.http.not_found),
    )
        .into_response()
}

fn failure(lang: Lang, err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        err.say(lang),
    )
        .into_response()
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn calendar_response(
    body: impl Into<axum::body::Body>,
    etag: &str,
    last_modified: Option<DateTime<Utc>>,
    filename: Option<&str>,
) -> Response {
    let mut res = (StatusCode::OK, body.into()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(v) = last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Some(v) =
        filename.and_then(|f| HeaderValue::from_str(&format!("attachment; filename=\"{f}\"")).ok())
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The client already has this version (ETag first, then the date).
fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<DateTime<Utc>>) -> bool {
    if let Some(tags) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return tags.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == etag
        });
    }
    match (
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok()),
        last_modified,
    ) {
        (Some(since), Some(changed)) => DateTime::parse_from_rfc2822(since)
            .is_ok_and(|since| changed.timestamp() <= since.timestamp()),
        _ => false,
    }
}

/// The feed's own words are its owner's (`feed::body`); a refusal here is in the language the
/// request asks for (a calendar app's, usually), as no feed, or not yet its owner, is known.
async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    lang: Lang,
    headers: HeaderMap,
) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let now = Utc::now();
    let entry = match kept_or_built(&state, token, now).await {
        Ok(Some(entry)) => entry,
        Ok(None) => return not_found(lang),
        Err(Refusal::RateLimited) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "60")],
                t!(lang, calendar.http.rate_limited),
            )
                .into_response()
        }
        Err(Refusal::Failed(err)) => return failure(lang, err),
    };
    if not_modified(&headers, &entry.etag, entry.last_modified) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&entry.etag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return res;
    }
    calendar_response(entry.body.clone(), &entry.etag, entry.last_modified, None)
}

enum Refusal {
    RateLimited,
    Failed(AppError),
}

impl From<AppError> for Refusal {
    fn from(err: AppError) -> Self {
        Refusal::Failed(err)
    }
}

impl From<vigil_core::Failure> for Refusal {
    fn from(err: vigil_core::Failure) -> Self {
        Refusal::Failed(err.into())
    }
}

/// The feed as kept (see `cache`), or loaded and built when something in it may have changed.
/// Either way the feed's rate limit counts the request.
async fn kept_or_built(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Arc<cache::Entry>>, Refusal> {
    let hash = crate::accounts::service::tokens::hash_token(token);
    let (kept, version) = state.feeds.get(&state.db, &hash, now).await?;
    let limited = |id: i64| {
        let over = limiter(state.config.calendar_requests_per_minute)
            .check_key(&id)
            .is_err();
        if over {
            tracing::warn!(feed = id, "calendar feed rate-limited");
        }
        over
    };
    if let Some(entry) = kept {
        return if limited(entry.feed.id) {
            Err(Refusal::RateLimited)
        } else {
            Ok(Some(entry))
        };
    }
    let Some(feed) = service::feed_by_token_hash(&state.db, &hash).await? else {
        return Ok(None);
    };
    if limited(feed.id) {
        return Err(Refusal::RateLimited);
    }
    let loaded = service::load(&state.db, &feed, now).await?;
    // "Last used" to within a couple of hours is enough (a kept feed is built again at least
    // hourly), and spares a write on every poll.
    if feed
        .last_used_at
        .is_none_or(|t| now - t > chrono::Duration::hours(1))
    {
        // Best effort: the feed is served either way (a failure is ours, and logged).
        if let Err(err) = service::used(&state.db, feed.id, now).await {
            AppError::from(err).log_at_edge();
        }
    }
    let body = Bytes::from(feed::body(&state.config, &loaded));
    Ok(Some(state.feeds.put(
        &hash,
        feed,
        feed::fingerprint(&state.config, &loaded),
        loaded.last_modified,
        body,
        version,
        now,
    )))
}

async fn single(actor: Account, state: AppState, hearing: bool, id: i64, lang: Lang) -> Response {
    match service::single(&state.db, &actor, hearing, id).await {
        Ok(row) => {
            let body = feed::single(&state.config, &row, lang);
            let etag = feed::etag_of(&body);
            let name = if hearing {
                format!("hearing-{id}.ics")
            } else {
                format!("shift-{id}.ics")
            };
            calendar_response(body, &etag, None, Some(&name))
        }
        Err(err) => failure(lang, err.into()),
    }
}

async fn single_shift(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    lang: Lang,
) -> Response {
    single(actor, state, false, id, lang).await
}

async fn single_hearing(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    lang: Lang,
) -> Response {
    single(actor, state, true, id, lang).await
}

/// The calendar page again, showing a new feed's address once.
async fn show_new(
    state: &AppState,
    parts: http::request::Parts,
    form: &str,
    url: String,
) -> Response {
    let parts = on_page(parts, routes::CALENDARS);
    let mut echo = FormEcho::new(form);
    echo.values.push(("new_feed".into(), url));
    reject(state, parts, echo, StatusCode::OK).await
}

async fn create_feed(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let kind = FeedKind::from_key(form.get("kind")).unwrap_or(FeedKind::Personal);
    let facility = form.get("facility_id").parse::<i64>().ok();
    match service::create(&state.db, &state.config, &actor, kind, facility, Utc::now()).await {
        Ok(new) => show_new(&state, parts, routes::CALENDARS, new.url).await,
        Err(err) => reject_with_error(&state, parts, form.echo(routes::CALENDARS, &[]), err).await,
    }
}

async fn feed_action(
    Actor(actor): Actor,
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Posted(parts, form): Posted,
) -> Response {
    let now = Utc::now();
    let echo = form.echo(&routes::calendar_action(id, &action), &[]);
    let result = match action.as_str() {
        "revoke" => service::revoke(&state.db, &actor, id, now)
            .await
            .map(|_| None),
        "regenerate" => service::regenerate(&state.db, &state.config, &actor, id, now)
            .await
            .map(|n| Some(n.url)),
        _ => Err(Failure::NotFound),
    };
    match result {
        Ok(None) => Redirect::to(&routes::done(routes::CALENDARS, "revoked")).into_response(),
        Ok(Some(url)) => show_new(&state, parts, routes::CALENDARS, url).await,
        Err(err) => reject_with_error(&state, on_page(parts, routes::CALENDARS), echo, err).await,
    }
}
