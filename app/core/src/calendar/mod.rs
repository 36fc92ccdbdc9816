//! Calendar feeds: capability URLs (a 256-bit token, kept only as a SHA-256 hash) for
//! calendars of shifts and hearings with nothing that could identify a supported person.
//! Here: making, listing and revoking feeds, and which events a feed holds (checked on every
//! poll). The calendar text (RFC 5545, in the owner's words) is the web layer's.
pub use self::store::{EventRow, FeedRow};
use crate::accounts::tokens;
use crate::accounts::{require_role, Account, Role};
use crate::config::Config;
use crate::facilities::FacilityKind;
use crate::paths;
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
/// Its SQL: `vigil_db::calendar`.
pub use vigil_db::calendar as store;
pub use vigil_domain::calendar::*;

/// Cancelled and dropped events stay in feeds this long, so subscribed clients remove them.
pub const KEEP_CANCELLED: Duration = Duration::days(30);

/// Writes this process made (a counter): the feed cache reads the change number again
/// after any, so a change made here is in the very next poll.
pub use vigil_db::local_writes;

/// The database's change number: it moves with every change to what feeds are built from.
pub async fn change_version(db: &Db) -> Result<i64, Failure> {
    Ok(store::change_version(db).await?)
}

/// A new feed's address, shown once (only its hash is kept).
pub struct NewFeed {
    pub id: i64,
    pub url: String,
}

/// The feed whose token hashes to `hash`, if there is one (revoked ones are gone).
pub async fn feed_by_token_hash(db: &Db, hash: &str) -> Result<Option<FeedRow>, Failure> {
    Ok(store::by_token_hash(db, hash).await?)
}

/// Notes that a feed was fetched, for its "last used" on the feeds page.
pub async fn used(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), Failure> {
    Ok(store::touch(db, id, now).await?)
}

pub fn feed_url(config: &Config, token: &str) -> String {
    config.link(&paths::calendar_feed(token))
}

pub async fn create(
    db: &Db,
    config: &Config,
    actor: &Account,
    kind: FeedKind,
    facility_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<NewFeed, Failure> {
    let facility_id = match kind {
        FeedKind::Coordinator => {
            require_role(actor, &[Role::Coordinator])?;
            None
        }
        FeedKind::Facility => {
            let id =
                facility_id.ok_or_else(|| Failure::from(crate::calendar::Refusal::ChoosePlace))?;
            let facility = crate::facilities::store::get(db, id)
                .await?
                .ok_or_else(|| Failure::from(crate::calendar::Refusal::ChoosePlace))?;
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
) -> Result<NewFeed, Failure> {
    let feed = store::get(db, id, actor.id)
        .await?
        .ok_or(Failure::NotFound)?;
    store::revoke(db, id, actor.id, now).await?;
    create(db, config, actor, feed.kind, feed.facility_id, now).await
}

pub async fn revoke(db: &Db, actor: &Account, id: i64, now: DateTime<Utc>) -> Result<(), Failure> {
    if !store::revoke(db, id, actor.id, now).await? {
        return Err(Failure::NotFound);
    }
    tracing::info!(feed = id, account = actor.id, "calendar feed revoked");
    Ok(())
}

pub async fn page(db: &Db, actor: &Account) -> Result<FeedsPage, Failure> {
    let feeds = store::of_account(db, actor.id)
        .await?
        .into_iter()
        .map(|f| FeedSummary {
            id: f.id,
            kind: f.kind,
            facility_name: f.facility_name,
            created: f.created_at.format("%Y-%m-%d").to_string(),
            last_used: f
                .last_used_at
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
        })
        .collect();
    let facilities = crate::facilities::store::list(db)
        .await?
        .into_iter()
        .map(|f| FeedPlace {
            id: f.id,
            courthouse: f.kind == FacilityKind::Courthouse,
            name: f.name,
        })
        .collect();
    Ok(FeedsPage {
        feeds,
        facilities,
        coordinator: actor.has_role(Role::Coordinator),
    })
}

/// A feed's events as of now, for the web layer to put into a calendar.
pub struct Loaded {
    pub feed: FeedRow,
    pub events: Vec<EventRow>,
    /// A personal feed shows a shift or hearing its owner left as cancelled (for them).
    pub personal: bool,
    pub last_modified: Option<DateTime<Utc>>,
}

/// The events of `feed` from `KEEP_CANCELLED` ago on.
pub async fn load(db: &Db, feed: &FeedRow, now: DateTime<Utc>) -> Result<Loaded, Failure> {
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
        rows.retain(|e| e.kind != crate::signups::SlotKind::Hearing);
    }
    Ok(Loaded {
        feed: feed.clone(),
        last_modified: rows.iter().map(|e| e.updated_at).max(),
        events: rows,
        personal,
    })
}

fn sees_hearings(actor: &Account) -> bool {
    actor.has_role(Role::Accompanier) || actor.has_role(Role::Coordinator)
}

/// One shift or hearing, for a downloadable .ics, for someone who may see its page.
pub async fn single(db: &Db, actor: &Account, hearing: bool, id: i64) -> Result<EventRow, Failure> {
    if hearing && !sees_hearings(actor) {
        return Err(Failure::Forbidden);
    }
    let mut row = store::one(db, hearing, id, actor.id)
        .await?
        .ok_or(Failure::NotFound)?;
    // Not on it: the event as it stands (not "cancelled for me").
    row.left = false;
    Ok(row)
}
