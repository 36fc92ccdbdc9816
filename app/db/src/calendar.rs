//! SQL for calendar feeds and the events they carry. Only public facts are selected here:
//! times, the facility's name and address, seat counts. Never a person, courtroom or note.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::calendar::FeedKind;
use vigil_domain::signups::SlotKind;

#[derive(Clone)]
pub struct FeedRow {
    pub id: i64,
    pub account_id: i64,
    pub kind: FeedKind,
    pub facility_id: Option<i64>,
    pub facility_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Whether the owner may see hearings now (accompanier or coordinator): a feed shows no
    /// more than its owner's pages do, and a role taken away takes its events out of feeds.
    pub owner_sees_hearings: bool,
    /// The code of the owner's language: the feed's words are theirs.
    pub owner_language: String,
}

fn feed_of(r: &crate::Row) -> Result<FeedRow, sqlx::Error> {
    Ok(FeedRow {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        kind: FeedKind::from_key(r.try_get::<&str, _>("kind")?).unwrap_or(FeedKind::Personal),
        facility_id: r.try_get("facility_id")?,
        facility_name: r.try_get("facility_name")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        owner_sees_hearings: r.try_get("owner_sees_hearings")?,
        owner_language: r.try_get("owner_language")?,
    })
}

const FEED_SELECT: &str = "SELECT c.id, c.account_id, c.kind, c.facility_id, f.name AS facility_name, c.created_at, c.last_used_at,
          (a.is_accompanier OR a.is_coordinator) AS owner_sees_hearings, a.language AS owner_language
   FROM calendar_feeds c LEFT JOIN facilities f ON f.id = c.facility_id JOIN accounts a ON a.id = c.account_id";

pub async fn insert(
    db: &Db,
    account_id: i64,
    kind: FeedKind,
    facility_id: Option<i64>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(crate::query_scalar("INSERT INTO calendar_feeds (account_id, kind, facility_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
        .bind(account_id)
        .bind(kind.key())
        .bind(facility_id)
        .bind(token_hash)
        .bind(now)
        .fetch_one(db)
        .await?)
}

/// The live feed with this token hash, if its owner is still active (and, for the
/// coordinators' feed, still a coordinator). One indexed lookup whatever the token.
pub async fn by_token_hash(db: &Db, token_hash: &str) -> Result<Option<FeedRow>, Error> {
    let row = crate::query(format!(
        "{FEED_SELECT}
          WHERE c.token_hash = ? AND c.revoked_at IS NULL AND a.status = 'active'
            AND (c.kind <> 'coordinator' OR a.is_coordinator)"
    ))
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(feed_of).transpose()?)
}

pub async fn of_account(db: &Db, account_id: i64) -> Result<Vec<FeedRow>, Error> {
    let rows = crate::query(format!(
        "{FEED_SELECT} WHERE c.account_id = ? AND c.revoked_at IS NULL ORDER BY c.id"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(feed_of)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

pub async fn revoke(db: &Db, id: i64, account_id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
    let done = crate::query("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(account_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(db: &Db, id: i64, account_id: i64) -> Result<Option<FeedRow>, Error> {
    let row = crate::query(format!(
        "{FEED_SELECT} WHERE c.id = ? AND c.account_id = ? AND c.revoked_at IS NULL"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(feed_of).transpose()?)
}

pub async fn touch(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), Error> {
    crate::query("UPDATE calendar_feeds SET last_used_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The calendar change number (migration 0013): it moves whenever a change that may alter a
/// feed commits. SQLite counts in a row; PostgreSQL takes numbers from a sequence.
pub async fn change_version(db: &Db) -> Result<i64, Error> {
    Ok(
        crate::query_scalar("SELECT version FROM change_counters WHERE name = 'calendar'")
            .postgres("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM calendar_changes")
            .fetch_one(db)
            .await?,
    )
}

/// A shift, hearing or ride as a calendar event: public facts only.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub kind: SlotKind,
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub facility_name: String,
    pub address: String,
    pub taken: i64,
    pub wanted: i64,
    pub sequence: i64,
    pub updated_at: DateTime<Utc>,
    /// The shift or hearing was cancelled.
    pub cancelled: bool,
    /// For a personal feed: the owner left it (dropped, removed).
    pub left: bool,
}

fn event_of(r: &crate::Row) -> Result<EventRow, sqlx::Error> {
    let updated: DateTime<Utc> = r.try_get("updated_at")?;
    let seats_updated: Option<DateTime<Utc>> = r.try_get("seats_updated")?;
    Ok(EventRow {
        kind: match r.try_get::<&str, _>("kind")? {
            "hearing" => SlotKind::Hearing,
            "ride" => SlotKind::Ride,
            _ => SlotKind::Shift,
        },
        id: r.try_get("id")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        facility_name: r.try_get("facility_name")?,
        address: r.try_get("address")?,
        taken: r.try_get("taken")?,
        wanted: r.try_get("wanted")?,
        sequence: r.try_get("sequence")?,
        updated_at: seats_updated.map_or(updated, |s| s.max(updated)),
        cancelled: r.try_get::<bool, _>("cancelled")?,
        left: r.try_get::<bool, _>("left_it")?,
    })
}

/// Shifts, hearings and rides as events; the filters narrow them (they may use `?1` = the
/// account or facility, `?2` = the oldest time kept). Rides are only ever in their drivers'
/// own feeds: `ride_filter` is "FALSE" for every other.
async fn events(
    db: &Db,
    shift_filter: &str,
    hearing_filter: &str,
    ride_filter: &str,
    key: Option<i64>,
    since: DateTime<Utc>,
    personal: bool,
) -> Result<Vec<EventRow>, Error> {
    let left_shift = if personal {
        "NOT EXISTS (SELECT 1 FROM signups m WHERE m.slot_kind = 'shift' AND m.slot_id = sh.id AND m.account_id = ?1 AND m.status = 'signed_up')"
    } else {
        "FALSE"
    };
    let left_hearing = if personal {
        "NOT EXISTS (SELECT 1 FROM signups m WHERE m.slot_kind = 'hearing' AND m.slot_id = h.id AND m.account_id = ?1 AND m.status = 'signed_up')"
    } else {
        "FALSE"
    };
    let left_ride = if personal {
        "NOT EXISTS (SELECT 1 FROM signups m WHERE m.slot_kind = 'ride' AND m.slot_id = r.id AND m.account_id = ?1 AND m.status = 'signed_up')"
    } else {
        "FALSE"
    };
    let sql = format!(
        "SELECT 'shift' AS kind, sh.id, sh.starts_at, sh.ends_at, f.name AS facility_name, f.address,
                (SELECT COUNT(*) FROM signups x WHERE x.slot_kind = 'shift' AND x.slot_id = sh.id AND x.status = 'signed_up') AS taken,
                sh.max_volunteers AS wanted, sh.sequence, sh.updated_at,
                (SELECT MAX(x.updated_at) FROM signups x WHERE x.slot_kind = 'shift' AND x.slot_id = sh.id) AS seats_updated,
                sh.status = 'cancelled' AS cancelled, {left_shift} AS left_it
           FROM shifts sh JOIN watches w ON w.id = sh.watch_id JOIN facilities f ON f.id = w.facility_id
          WHERE sh.ends_at > ?2 AND ({shift_filter})
         UNION ALL
         SELECT 'hearing' AS kind, h.id, h.starts_at, NULL AS ends_at, f.name AS facility_name, f.address,
                (SELECT COUNT(*) FROM signups x WHERE x.slot_kind = 'hearing' AND x.slot_id = h.id AND x.status = 'signed_up') AS taken,
                h.wanted AS wanted, h.sequence, h.updated_at,
                (SELECT MAX(x.updated_at) FROM signups x WHERE x.slot_kind = 'hearing' AND x.slot_id = h.id) AS seats_updated,
                h.status = 'cancelled' AS cancelled, {left_hearing} AS left_it
           FROM hearings h JOIN facilities f ON f.id = h.court_id
          WHERE h.starts_at > ?2 AND ({hearing_filter})
         UNION ALL
         SELECT 'ride' AS kind, r.id, r.starts_at, NULL AS ends_at, f.name AS facility_name, f.address,
                (SELECT COUNT(*) FROM signups x WHERE x.slot_kind = 'ride' AND x.slot_id = r.id AND x.status = 'signed_up') AS taken,
                r.drivers AS wanted, r.sequence, r.updated_at,
                (SELECT MAX(x.updated_at) FROM signups x WHERE x.slot_kind = 'ride' AND x.slot_id = r.id) AS seats_updated,
                r.status = 'cancelled' AS cancelled, {left_ride} AS left_it
           FROM rides r LEFT JOIN hearings rh ON rh.id = r.hearing_id LEFT JOIN watches rw ON rw.id = r.watch_id
           JOIN facilities f ON f.id = COALESCE(rh.court_id, rw.facility_id)
          WHERE r.starts_at > ?2 AND r.status <> 'draft' AND ({ride_filter})
          ORDER BY 3"
    );
    let rows = crate::query(&sql)
        .bind(key)
        .bind(since)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(event_of)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

/// The account's shifts and hearings: those they're on, and for 30 days those they left or
/// that were cancelled (so subscribed calendars remove them).
pub async fn personal(
    db: &Db,
    account_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<EventRow>, Error> {
    events(
        db,
        "EXISTS (SELECT 1 FROM signups s WHERE s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.account_id = ?1
                  AND (s.status = 'signed_up' OR s.updated_at > ?2))",
        "EXISTS (SELECT 1 FROM signups s WHERE s.slot_kind = 'hearing' AND s.slot_id = h.id AND s.account_id = ?1
                  AND (s.status = 'signed_up' OR s.updated_at > ?2))",
        "EXISTS (SELECT 1 FROM signups s WHERE s.slot_kind = 'ride' AND s.slot_id = r.id AND s.account_id = ?1
                  AND (s.status = 'signed_up' OR s.updated_at > ?2))",
        Some(account_id),
        since,
        true,
    )
    .await
}

/// One facility's watch shifts, or one court's hearings.
pub async fn facility(
    db: &Db,
    facility_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<EventRow>, Error> {
    events(
        db,
        "f.id = ?1 AND (sh.status = 'open' OR sh.updated_at > ?2)",
        "f.id = ?1 AND h.status <> 'completed'",
        "FALSE",
        Some(facility_id),
        since,
        false,
    )
    .await
}

pub async fn everything(db: &Db, since: DateTime<Utc>) -> Result<Vec<EventRow>, Error> {
    events(
        db,
        "sh.status = 'open' OR sh.updated_at > ?2",
        "h.status <> 'completed' OR h.updated_at > ?2",
        "FALSE",
        None,
        since,
        false,
    )
    .await
}

/// One shift or hearing, for its own .ics download.
pub async fn one(
    db: &Db,
    hearing: bool,
    id: i64,
    account_id: i64,
) -> Result<Option<EventRow>, Error> {
    let (s, h) = if hearing {
        ("FALSE", "h.id = ?3")
    } else {
        ("sh.id = ?3", "FALSE")
    };
    let sql_s = s.replace("?3", &id.to_string());
    let sql_h = h.replace("?3", &id.to_string());
    let since = DateTime::<Utc>::UNIX_EPOCH;
    let mut rows = events(db, &sql_s, &sql_h, "FALSE", Some(account_id), since, true).await?;
    Ok(rows.pop())
}
