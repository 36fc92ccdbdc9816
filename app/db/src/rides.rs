//! SQL for rides (migration 0018). The drivers are seats (`seats`, slot kind 'ride'); the
//! pickup is stored sealed and opened by the caller, who decides who may read it.
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::rides::{RideFor, RideStatus};

#[derive(Debug, Clone)]
pub struct RideRow {
    pub id: i64,
    pub person_id: i64,
    pub ride_for: RideFor,
    pub starts_at: DateTime<Utc>,
    pub seats: i64,
    pub drivers: i64,
    pub area: String,
    pub pickup: Option<Vec<u8>>,
    pub status: RideStatus,
    pub asked_by_person: bool,
    pub facility_name: String,
    pub time_zone: String,
}

impl RideRow {
    pub fn to_court(&self) -> bool {
        matches!(self.ride_for, RideFor::Hearing(_))
    }
}

/// Every ride with the facility it starts or ends at: the hearing's court or the watch's jail.
const SELECT: &str =
    "SELECT r.id, r.person_id, r.hearing_id, r.watch_id, r.starts_at, r.seats, r.drivers,
        r.area, r.pickup, r.status, r.asked_by_person, f.name AS facility_name, f.time_zone
   FROM rides r
   LEFT JOIN hearings h ON h.id = r.hearing_id
   LEFT JOIN watches w ON w.id = r.watch_id
   JOIN facilities f ON f.id = COALESCE(h.court_id, w.facility_id)";

fn ride_of(r: &crate::Row) -> Result<RideRow, sqlx::Error> {
    let hearing: Option<i64> = r.try_get("hearing_id")?;
    let watch: Option<i64> = r.try_get("watch_id")?;
    Ok(RideRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        ride_for: match hearing {
            Some(id) => RideFor::Hearing(id),
            None => RideFor::Watch(watch.unwrap_or_default()),
        },
        starts_at: r.try_get("starts_at")?,
        seats: r.try_get("seats")?,
        drivers: r.try_get("drivers")?,
        area: r.try_get("area")?,
        pickup: r.try_get("pickup")?,
        status: RideStatus::from_key(r.try_get::<&str, _>("status")?),
        asked_by_person: r.try_get("asked_by_person")?,
        facility_name: r.try_get("facility_name")?,
        time_zone: r.try_get("time_zone")?,
    })
}

fn all(rows: Vec<crate::Row>) -> Result<Vec<RideRow>, Error> {
    rows.iter()
        .map(ride_of)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

fn ids(ride_for: RideFor) -> (Option<i64>, Option<i64>) {
    match ride_for {
        RideFor::Hearing(id) => (Some(id), None),
        RideFor::Watch(id) => (None, Some(id)),
    }
}

/// The facts of a ride as a coordinator sets them (or a `RIDE` text drafts them).
pub struct RideFacts<'a> {
    pub ride_for: RideFor,
    pub starts_at: DateTime<Utc>,
    pub seats: i64,
    pub drivers: i64,
    pub area: &'a str,
    pub status: RideStatus,
}

pub async fn insert(
    conn: &mut crate::Conn,
    person_id: i64,
    facts: &RideFacts<'_>,
    asked_by_person: bool,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let (hearing, watch) = ids(facts.ride_for);
    Ok(crate::query_scalar(
        "INSERT INTO rides (person_id, hearing_id, watch_id, starts_at, seats, drivers, area, status, asked_by_person, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
    )
    .bind(person_id)
    .bind(hearing)
    .bind(watch)
    .bind(facts.starts_at)
    .bind(facts.seats)
    .bind(facts.drivers)
    .bind(facts.area)
    .bind(facts.status.key())
    .bind(asked_by_person)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// A coordinator's edit (or the opening of a draft): every fact at once.
pub async fn update(
    conn: &mut crate::Conn,
    id: i64,
    facts: &RideFacts<'_>,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let (hearing, watch) = ids(facts.ride_for);
    let done = crate::query(
        "UPDATE rides SET hearing_id = ?1, watch_id = ?2, starts_at = ?3, seats = ?4, drivers = ?5, area = ?6,
                status = ?7, sequence = sequence + 1, updated_at = ?8
          WHERE id = ?9 AND status <> 'cancelled'",
    )
    .bind(hearing)
    .bind(watch)
    .bind(facts.starts_at)
    .bind(facts.seats)
    .bind(facts.drivers)
    .bind(facts.area)
    .bind(facts.status.key())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_pickup(
    conn: &mut crate::Conn,
    id: i64,
    sealed: Option<&[u8]>,
) -> Result<(), Error> {
    crate::query("UPDATE rides SET pickup = ? WHERE id = ?")
        .bind(sealed)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn cancel(conn: &mut crate::Conn, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE rides SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ? AND status <> 'cancelled'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get<'e>(db: impl Into<crate::Target<'e>>, id: i64) -> Result<Option<RideRow>, Error> {
    let row = crate::query(format!("{SELECT} WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(ride_of).transpose()?)
}

/// A person's rides from `since` on, any status (their page).
pub async fn of_person(
    db: &crate::Db,
    person_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<RideRow>, Error> {
    let rows = crate::query(format!(
        "{SELECT} WHERE r.person_id = ? AND r.starts_at > ? ORDER BY r.starts_at, r.id"
    ))
    .bind(person_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    all(rows)
}

/// Drafts and open rides between `from` and `to` whose hearing or watch still stands.
pub async fn between(
    db: &crate::Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<RideRow>, Error> {
    let rows = crate::query(format!(
        "{SELECT} WHERE r.status IN ('draft', 'open') AND r.starts_at > ? AND r.starts_at < ?
            AND (h.id IS NULL OR h.status IN ('scheduled', 'moved'))
            AND (w.id IS NULL OR w.closed_at IS NULL)
          ORDER BY r.starts_at, r.id LIMIT 500"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    all(rows)
}

/// Rides `account_id` drives (holds a seat on), from `since` on.
pub async fn driven_by(
    db: &crate::Db,
    account_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<RideRow>, Error> {
    let rows = crate::query(format!(
        "{SELECT} WHERE r.starts_at > ? AND EXISTS (SELECT 1 FROM signups s WHERE s.slot_kind = 'ride'
            AND s.slot_id = r.id AND s.account_id = ? AND s.status = 'signed_up')
          ORDER BY r.starts_at, r.id"
    ))
    .bind(since)
    .bind(account_id)
    .fetch_all(db)
    .await?;
    all(rows)
}

/// The drivers of these rides: (ride, account, display name).
pub async fn drivers(db: &crate::Db, ride_ids: &[i64]) -> Result<Vec<(i64, i64, String)>, Error> {
    if ride_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ride_ids).map_err(Error::other)?;
    Ok(crate::query_as(
        "SELECT s.slot_id, a.id, COALESCE(NULLIF(a.display_name, ''), a.email)
           FROM signups s JOIN accounts a ON a.id = s.account_id
          WHERE s.slot_kind = 'ride' AND s.status = 'signed_up' AND s.slot_id IN (SELECT value FROM json_each(?))
          ORDER BY s.joined_at, s.id",
    )
    .bind(ids)
    .fetch_all(db)
    .await?)
}

/// The open draft a `RIDE` text already made for this hearing, if any (one is enough).
pub async fn draft_for(conn: &mut crate::Conn, hearing_id: i64) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "SELECT id FROM rides WHERE hearing_id = ? AND status = 'draft' ORDER BY id LIMIT 1",
    )
    .bind(hearing_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The rides of these people (forgetting them).
pub async fn ids_of_people(conn: &mut crate::Conn, person_ids: &[i64]) -> Result<Vec<i64>, Error> {
    let ids = serde_json::to_string(person_ids).map_err(Error::other)?;
    Ok(crate::query_scalar(
        "SELECT id FROM rides WHERE person_id IN (SELECT value FROM json_each(?))",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?)
}

/// A hearing or watch a ride can be for, and where and when it is.
#[derive(Debug, Clone)]
pub struct Destination {
    pub ride_for: RideFor,
    pub facility_name: String,
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
}

/// What a ride for a person can be for, soonest first: their hearings ahead (to court) and
/// the open watches they are expected out of (from the jail).
pub async fn options_of_person<'e>(
    db: impl Into<crate::Target<'e>>,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Destination>, Error> {
    let rows: Vec<(String, i64, String, String, DateTime<Utc>)> = crate::query_as(
        "SELECT 'hearing', h.id, f.name, f.time_zone, h.starts_at
           FROM hearings h JOIN facilities f ON f.id = h.court_id
          WHERE h.person_id = ?1 AND h.status IN ('scheduled', 'moved') AND h.starts_at > ?2
         UNION ALL
         SELECT 'watch', w.id, f.name, f.time_zone, w.starts_at
           FROM watch_expected e JOIN watches w ON w.id = e.watch_id JOIN facilities f ON f.id = w.facility_id
          WHERE e.person_id = ?1 AND e.released_at IS NULL AND w.closed_at IS NULL
            AND (w.ends_at IS NULL OR w.ends_at > ?2)
          ORDER BY 5",
    )
    .bind(person_id)
    .bind(now)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(kind, id, facility_name, time_zone, starts_at)| Destination {
                ride_for: match kind.as_str() {
                    "hearing" => RideFor::Hearing(id),
                    _ => RideFor::Watch(id),
                },
                facility_name,
                time_zone,
                starts_at,
            },
        )
        .collect())
}
