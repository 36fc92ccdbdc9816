//! Calendar feeds: capability URLs (a 256-bit token, kept only as a SHA-256 hash) serving
//! RFC 5545 calendars of shifts and hearings with nothing that could identify a supported
//! person: the kind of event, the facility's name and public address, seat counts, a link.
use super::ics::{self, Event};
use super::store::{self, EventRow, FeedRow};
use super::{FeedKind, FeedSummary, FeedsPage};
use crate::accounts::tokens;
use crate::accounts::{require_role, Account, Role};
use crate::config::Config;
use crate::error::AppError;
use crate::facilities::FacilityKind;
use crate::routes;
use crate::storage::Db;
use chrono::{DateTime, Duration, Utc};

/// Cancelled and dropped events stay in feeds this long, so subscribed clients remove them.
pub const KEEP_CANCELLED: Duration = Duration::days(30);
/// How often clients are asked to refresh.
pub const REFRESH_MINUTES: u32 = 15;
/// Hearings have no set end: they show as two hours.
pub const HEARING_LENGTH: Duration = Duration::hours(2);

/// A new feed's address, shown once (only its hash is kept).
pub struct NewFeed {
    pub id: i64,
    pub url: String,
}

/// The feed whose token hashes to `hash`, if there is one (revoked ones are gone).
pub async fn feed_by_token_hash(db: &Db, hash: &str) -> Result<Option<FeedRow>, AppError> {
    Ok(store::by_token_hash(db, hash).await?)
}

/// Notes that a feed was fetched, for its "last used" on the feeds page.
pub async fn used(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    Ok(store::touch(db, id, now).await?)
}

pub fn feed_url(config: &Config, token: &str) -> String {
    config.link(&routes::calendar_feed(token))
}

pub async fn create(
    db: &Db,
    config: &Config,
    actor: &Account,
    kind: FeedKind,
    facility_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<NewFeed, AppError> {
    let facility_id = match kind {
        FeedKind::Coordinator => {
            require_role(actor, &[Role::Coordinator])?;
            None
        }
        FeedKind::Facility => {
            let id =
                facility_id.ok_or_else(|| AppError::from(crate::calendar::Refusal::ChoosePlace))?;
            let facility = crate::facilities::store::get(db, id)
                .await?
                .ok_or_else(|| AppError::from(crate::calendar::Refusal::ChoosePlace))?;
            // A court's feed is its hearing schedule, which the hearing pages show only to
            // accompaniers and coordinators.
            if facility.kind == FacilityKind::Courthouse {
                require_role(actor, &[Role::Accompanier, Role::Coordinator])?;
            }
            Some(id)
        }
        _ => None,
    };
    let (token, hash) = tokens::new_token();
    let id = store::insert(db, actor.id, kind, facility_id, &hash, now).await?;
    tracing::info!(
        feed = id,
        account = actor.id,
        kind = kind.key(),
        "calendar feed created"
    );
    Ok(NewFeed {
        id,
        url: feed_url(config, &token),
    })
}

/// A new address for a feed; the old one stops working at once.
pub async fn regenerate(
    db: &Db,
    config: &Config,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<NewFeed, AppError> {
    let feed = store::get(db, id, actor.id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::revoke(db, id, actor.id, now).await?;
    create(db, config, actor, feed.kind, feed.facility_id, now).await
}

pub async fn revoke(db: &Db, actor: &Account, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    if !store::revoke(db, id, actor.id, now).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(feed = id, account = actor.id, "calendar feed revoked");
    Ok(())
}

pub async fn page(db: &Db, actor: &Account) -> Result<FeedsPage, AppError> {
    let feeds = store::of_account(db, actor.id)
        .await?
        .into_iter()
        .map(|f| FeedSummary {
            id: f.id,
            title: title(&f),
            created: f.created_at.format("%Y-%m-%d").to_string(),
            last_used: f
                .last_used_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        })
        .collect();
    let facilities = crate::facilities::store::list(db)
        .await?
        .into_iter()
        .map(|f| {
            (
                f.id,
                if f.kind == FacilityKind::Courthouse {
                    format!("{} (hearings)", f.name)
                } else {
                    format!("{} (shifts)", f.name)
                },
            )
        })
        .collect();
    Ok(FeedsPage {
        feeds,
        facilities,
        coordinator: actor.has_role(Role::Coordinator),
    })
}

fn title(f: &FeedRow) -> String {
    match f.kind {
        FeedKind::Personal => "Vigil — my shifts and hearings".into(),
        FeedKind::Facility => format!("Vigil — {}", f.facility_name.clone().unwrap_or_default()),
        FeedKind::Coordinator => "Vigil — all shifts and hearings".into(),
    }
}

fn event(config: &Config, e: &EventRow, personal: bool) -> Event {
    let (kind, noun, path) = if e.hearing {
        ("hearing", "Court accompaniment", routes::hearing(e.id))
    } else {
        ("shift", "Jail support — release watch", routes::shift(e.id))
    };
    let host = url::Url::parse(&config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "vigil".into());
    let link = config.link(&path);
    // Leaving an event is a change to it as far as this calendar is concerned.
    let left = personal && e.left && !e.cancelled;
    Event {
        uid: format!("{kind}-{}@{host}", e.id),
        sequence: e.sequence + i64::from(left),
        start: e.starts_at,
        end: e.ends_at.unwrap_or(e.starts_at + HEARING_LENGTH),
        last_modified: e.updated_at,
        summary: format!("{noun} · {}", e.facility_name),
        description: format!("{} of {} signed up.\n{link}", e.taken, e.wanted),
        location: e.address.clone(),
        url: link,
        cancelled: e.cancelled || left,
    }
}

/// A feed's events, with what HTTP caching needs; the text is built only when sent.
pub struct Loaded {
    rows: Vec<EventRow>,
    personal: bool,
    title: String,
    pub etag: String,
    pub last_modified: Option<DateTime<Utc>>,
}

/// Bump when the text of the events changes shape, so clients don't keep a stale version.
const FORMAT_VERSION: &str = "vigil-ics-1";

/// An ETag from the events' facts rather than the text: a client polling with
/// If-None-Match gets its 304 without the feed being built.
fn fingerprint(config: &Config, title: &str, rows: &[EventRow]) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(FORMAT_VERSION);
    hash.update(&config.base_url);
    hash.update(title);
    for e in rows {
        hash.update(format!(
            "\n{}|{}|{}|{:?}|{}|{}|{}|{}|{}|{}|{}|{}",
            e.hearing,
            e.id,
            e.starts_at,
            e.ends_at,
            e.facility_name,
            e.address,
            e.taken,
            e.wanted,
            e.sequence,
            e.updated_at,
            e.cancelled,
            e.left
        ));
    }
    format!("\"{}\"", hex::encode(&hash.finalize()[..16]))
}

impl Loaded {
    pub fn body(&self, config: &Config) -> String {
        let events: Vec<Event> = self
            .rows
            .iter()
            .map(|e| event(config, e, self.personal))
            .collect();
        ics::render(&self.title, REFRESH_MINUTES, &events)
    }
}

pub fn etag_of(body: &str) -> String {
    use sha2::Digest;
    format!(
        "\"{}\"",
        hex::encode(&sha2::Sha256::digest(body.as_bytes())[..16])
    )
}

pub async fn load(
    db: &Db,
    config: &Config,
    feed: &FeedRow,
    now: DateTime<Utc>,
) -> Result<Loaded, AppError> {
    let since = now - KEEP_CANCELLED;
    let (rows, personal) = match (feed.kind, feed.facility_id) {
        (FeedKind::Personal, _) => (store::personal(db, feed.account_id, since).await?, true),
        (FeedKind::Facility, Some(id)) => (store::facility(db, id, since).await?, false),
        (FeedKind::Facility, None) => (Vec::new(), false),
        (FeedKind::Coordinator, _) => (store::everything(db, since).await?, false),
    };
    // Checked on every poll, not only when the feed was made: the owner's roles may change.
    let mut rows = rows;
    if !feed.owner_sees_hearings {
        rows.retain(|e| !e.hearing);
    }
    let title = title(feed);
    Ok(Loaded {
        etag: fingerprint(config, &title, &rows),
        last_modified: rows.iter().map(|e| e.updated_at).max(),
        rows,
        personal,
        title,
    })
}

fn sees_hearings(actor: &Account) -> bool {
    actor.has_role(Role::Accompanier) || actor.has_role(Role::Coordinator)
}

/// One shift or hearing as a downloadable .ics, for someone who may see its page.
pub async fn single(
    db: &Db,
    config: &Config,
    actor: &Account,
    hearing: bool,
    id: i64,
) -> Result<String, AppError> {
    if hearing && !sees_hearings(actor) {
        return Err(AppError::Forbidden);
    }
    let row = store::one(db, hearing, id, actor.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = if hearing {
        "Vigil — court accompaniment"
    } else {
        "Vigil — release watch shift"
    };
    // Not on it: the event as it stands (not "cancelled for me").
    let mut row = row;
    row.left = false;
    Ok(ics::render(
        name,
        REFRESH_MINUTES,
        &[event(config, &row, false)],
    ))
}
