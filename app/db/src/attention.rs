//! The coordinators' "Needs attention" list: one query per section, each counting in SQL
//! (a night with a thousand shifts is still eight round trips). Rows carry no personal data:
//! facilities, times, counts and need keys.
use crate::Error;
use chrono::{DateTime, Utc};

/// A shift with its people counted: signed up, trained leads among them, "can't come".
pub struct ShiftCount {
    pub shift_id: i64,
    pub facility: String,
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub min_volunteers: i64,
    pub needs_lead: bool,
    pub signed_up: i64,
    pub leads: i64,
    pub cant_come: i64,
}

/// Open shifts overlapping [from, to), soonest first; the caller applies the rules.
pub async fn shifts(
    db: &crate::Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ShiftCount>, Error> {
    let rows = crate::query(
        "SELECT sh.id, f.name, f.time_zone, sh.starts_at, sh.ends_at, sh.min_volunteers, sh.needs_lead,
                CAST(COUNT(s.id) AS BIGINT) AS signed_up,
                CAST(COALESCE(SUM(CASE WHEN a.is_trained_lead THEN 1 ELSE 0 END), 0) AS BIGINT) AS leads,
                CAST(COALESCE(SUM(CASE WHEN s.cant_come_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS cant_come
           FROM shifts sh
           JOIN watches w ON w.id = sh.watch_id
           JOIN facilities f ON f.id = w.facility_id
           LEFT JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up'
           LEFT JOIN accounts a ON a.id = s.account_id
          WHERE sh.status = 'open' AND sh.ends_at > ? AND sh.starts_at < ?
          GROUP BY sh.id, f.name, f.time_zone, sh.starts_at, sh.ends_at, sh.min_volunteers, sh.needs_lead
          ORDER BY sh.starts_at, sh.id
          LIMIT 500",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ShiftCount {
                shift_id: r.try_get(0)?,
                facility: r.try_get(1)?,
                time_zone: r.try_get(2)?,
                starts_at: r.try_get(3)?,
                ends_at: r.try_get(4)?,
                min_volunteers: r.try_get(5)?,
                needs_lead: r.try_get(6)?,
                signed_up: r.try_get("signed_up")?,
                leads: r.try_get("leads")?,
                cant_come: r.try_get("cant_come")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// `(call-out, facility, zone, shift start, shift end, needed, accepted)`.
pub type CallOutRow = (i64, String, String, DateTime<Utc>, DateTime<Utc>, i64, i64);

/// Call-outs with places left, for open shifts that haven't ended.
pub async fn open_call_outs(db: &crate::Db, now: DateTime<Utc>) -> Result<Vec<CallOutRow>, Error> {
    Ok(crate::query_as(
        "SELECT c.id, f.name, f.time_zone, sh.starts_at, sh.ends_at, c.needed, c.accepted
           FROM callouts c
           JOIN shifts sh ON sh.id = c.shift_id
           JOIN watches w ON w.id = sh.watch_id
           JOIN facilities f ON f.id = w.facility_id
          WHERE sh.status = 'open' AND sh.ends_at > ? AND c.accepted < c.needed
          ORDER BY sh.starts_at, c.id
          LIMIT 100",
    )
    .bind(now)
    .fetch_all(db)
    .await?)
}

/// `(release, watch, facility, zone, released at, still-needed keys)`.
pub type ReleaseRow = (i64, i64, String, String, DateTime<Utc>, String);

/// Releases since `since` with something still needed, newest first.
pub async fn releases_still_needing(
    db: &crate::Db,
    since: DateTime<Utc>,
) -> Result<Vec<ReleaseRow>, Error> {
    Ok(crate::query_as(
        "SELECT r.id, r.watch_id, f.name, f.time_zone, r.released_at, r.still_needs
           FROM release_log r
           JOIN watches w ON w.id = r.watch_id
           JOIN facilities f ON f.id = w.facility_id
          WHERE r.released_at >= ? AND r.still_needs <> ''
          ORDER BY r.released_at DESC, r.id DESC
          LIMIT 100",
    )
    .bind(since)
    .fetch_all(db)
    .await?)
}

/// `(ride, facility, zone, pickup time, is a draft)`.
pub type RideRow = (i64, String, String, DateTime<Utc>, bool);

/// Rides ahead that wait on a coordinator: drafts (asked for by text) at any date, and open
/// rides before `driverless_until` that no driver has taken.
pub async fn rides_waiting(
    db: &crate::Db,
    now: DateTime<Utc>,
    driverless_until: DateTime<Utc>,
) -> Result<Vec<RideRow>, Error> {
    Ok(crate::query_as(
        "SELECT r.id, f.name, f.time_zone, r.starts_at, r.status = 'draft' AS draft
           FROM rides r
           LEFT JOIN hearings h ON h.id = r.hearing_id
           LEFT JOIN watches w ON w.id = r.watch_id
           JOIN facilities f ON f.id = COALESCE(h.court_id, w.facility_id)
          WHERE r.starts_at > ?
            AND (h.id IS NULL OR h.status IN ('scheduled', 'moved'))
            AND (w.id IS NULL OR w.closed_at IS NULL)
            AND (r.status = 'draft'
                 OR (r.status = 'open' AND r.starts_at < ? AND NOT EXISTS (
                     SELECT 1 FROM signups s WHERE s.slot_kind = 'ride' AND s.slot_id = r.id AND s.status = 'signed_up')))
          ORDER BY r.starts_at, r.id
          LIMIT 100",
    )
    .bind(now)
    .bind(driverless_until)
    .fetch_all(db)
    .await?)
}

/// A hearing short of accompaniers or with some not reconfirmed since it moved.
pub struct HearingCount {
    pub hearing_id: i64,
    pub court: String,
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
    pub kind: String,
    pub wanted: i64,
    pub signed_up: i64,
    pub unconfirmed: i64,
}

/// Open hearings in (from, to) that need an accompanier or a reconfirmation, soonest first.
/// An accompanier has reconfirmed a moved hearing when their confirmation is for its
/// current sequence (as the hearing page counts it).
pub async fn hearings_short(
    db: &crate::Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<HearingCount>, Error> {
    let rows = crate::query(
        "SELECT * FROM (
            SELECT h.id, f.name, f.time_zone, h.starts_at, h.kind, h.wanted,
                   CAST(COUNT(s.id) AS BIGINT) AS signed_up,
                   CAST(COALESCE(SUM(CASE WHEN h.status = 'moved' AND COALESCE(c.sequence, -1) < h.sequence
                                          THEN 1 ELSE 0 END), 0) AS BIGINT) AS unconfirmed
              FROM hearings h
              JOIN facilities f ON f.id = h.court_id
              LEFT JOIN signups s ON s.slot_kind = 'hearing' AND s.slot_id = h.id AND s.status = 'signed_up'
              LEFT JOIN hearing_confirmations c ON c.hearing_id = h.id AND c.account_id = s.account_id
             WHERE h.status IN ('scheduled', 'moved') AND h.starts_at > ? AND h.starts_at < ?
             GROUP BY h.id, f.name, f.time_zone, h.starts_at, h.kind, h.wanted, h.status, h.sequence
         ) t WHERE t.signed_up < t.wanted OR t.unconfirmed > 0
         ORDER BY t.starts_at, t.id
         LIMIT 200",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HearingCount {
                hearing_id: r.try_get(0)?,
                court: r.try_get(1)?,
                time_zone: r.try_get(2)?,
                starts_at: r.try_get(3)?,
                kind: r.try_get(4)?,
                wanted: r.try_get(5)?,
                signed_up: r.try_get("signed_up")?,
                unconfirmed: r.try_get("unconfirmed")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// Messages the queue gave up on since `since` (a coordinator retries them or fixes the
/// address on "Delivery problems").
pub async fn failed_deliveries(db: &crate::Db, since: DateTime<Utc>) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM jobs WHERE status = 'failed' AND updated_at >= ?",
    )
    .bind(since)
    .fetch_one(db)
    .await?)
}

/// How many people will be forgotten before `until`.
pub async fn forgetting_before(db: &crate::Db, until: DateTime<Utc>) -> Result<i64, Error> {
    Ok(
        crate::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM people WHERE purge_after < ?")
            .bind(until)
            .fetch_one(db)
            .await?,
    )
}
