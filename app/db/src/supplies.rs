//! Supplies SQL. Stock is always summed from `supply_moves` (see migration 0008); writes go
//! through the caller's write transaction so a tap and the stock it is checked against agree.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::supplies::ledger::LocationRef;
use vigil_domain::supplies::{Item, ItemCategory, Location, StockLine};

fn item_of(row: (i64, String, String, String)) -> Item {
    Item {
        id: row.0,
        name: row.1,
        unit: row.2,
        category: ItemCategory::from_key(&row.3).unwrap_or(ItemCategory::Other),
    }
}

/// The catalogue, by category then name.
pub async fn items<'e>(db: impl Into<crate::Target<'e>>) -> Result<Vec<Item>, Error> {
    let rows: Vec<(i64, String, String, String)> = crate::query_as(
        "SELECT id, name, unit, category FROM supply_items
         ORDER BY CASE category WHEN 'transit' THEN 0 WHEN 'clothing' THEN 1 WHEN 'food_water' THEN 2
                  WHEN 'phone' THEN 3 WHEN 'hygiene' THEN 4 ELSE 5 END, lower(name), name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(item_of).collect())
}

pub async fn item_exists(conn: &mut crate::Conn, id: i64) -> Result<bool, Error> {
    Ok(
        crate::query_scalar::<i64>("SELECT COUNT(*) FROM supply_items WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?
            > 0,
    )
}

/// Adds an item; `None` when one of that name exists already.
pub async fn insert_item(
    conn: &mut crate::Conn,
    name: &str,
    unit: &str,
    category: ItemCategory,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    let id: Option<i64> = crate::query_scalar(
        "INSERT INTO supply_items (name, unit, category, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(unit)
    .bind(category.key())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn locations<'e>(db: impl Into<crate::Target<'e>>) -> Result<Vec<Location>, Error> {
    let rows: Vec<(i64, String, Option<i64>)> =
        crate::query_as("SELECT id, name, facility_id FROM supply_locations ORDER BY facility_id IS NULL, lower(name), name").fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, facility_id)| Location {
            id,
            name,
            facility_id,
        })
        .collect())
}

/// A facility's kit, if it has one yet (reading never makes one).
pub async fn kit_id(db: &Db, facility_id: i64) -> Result<Option<i64>, Error> {
    Ok(
        crate::query_scalar("SELECT id FROM supply_locations WHERE facility_id = ?")
            .bind(facility_id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn location_name(conn: &mut crate::Conn, id: i64) -> Result<String, Error> {
    Ok(
        crate::query_scalar("SELECT name FROM supply_locations WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn item_name_and_unit(
    conn: &mut crate::Conn,
    id: i64,
) -> Result<(String, String), Error> {
    Ok(
        crate::query_as("SELECT name, unit FROM supply_items WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Adds a storage place; `None` when the name is taken.
pub async fn insert_location(
    conn: &mut crate::Conn,
    name: &str,
    facility_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO supply_locations (name, facility_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(facility_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Facilities with no kit yet: `(id, name)`.
pub async fn kitless_facilities(db: &Db) -> Result<Vec<(i64, String)>, Error> {
    Ok(crate::query_as(
        "SELECT f.id, f.name FROM facilities f
         WHERE NOT EXISTS (SELECT 1 FROM supply_locations l WHERE l.facility_id = f.id) ORDER BY f.name",
    )
    .fetch_all(db)
    .await?)
}

/// The location a form chose; a facility's kit is made the first time it is used.
pub async fn resolve(
    conn: &mut crate::Conn,
    at: LocationRef,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    match at {
        LocationRef::Location(id) => Ok(crate::query_scalar(
            "SELECT id FROM supply_locations WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?),
        LocationRef::FacilityKit(facility) => kit_of(conn, facility, now).await,
    }
}

/// A facility's kit, made on first use ("County Jail kit"); `None` if there is no such facility.
pub async fn kit_of(
    conn: &mut crate::Conn,
    facility_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    if let Some(id) = crate::query_scalar("SELECT id FROM supply_locations WHERE facility_id = ?")
        .bind(facility_id)
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok(Some(id));
    }
    let Some(name) = crate::query_scalar::<String>("SELECT name FROM facilities WHERE id = ?")
        .bind(facility_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    for candidate in [
        format!("{name} kit"),
        format!("{name} kit (#{facility_id})"),
    ] {
        if let Some(id) = insert_location(conn, &candidate, Some(facility_id), now).await? {
            return Ok(Some(id));
        }
    }
    Err(Error::conflict(
        vigil_domain::supplies::Refusal::KitNameTaken,
    ))
}

/// `None` removes the threshold.
pub async fn set_threshold(
    conn: &mut crate::Conn,
    location_id: i64,
    item_id: i64,
    low_below: Option<i64>,
) -> Result<(), Error> {
    match low_below {
        Some(low) => {
            crate::query(
                "INSERT INTO supply_thresholds (location_id, item_id, low_below) VALUES (?, ?, ?)
                 ON CONFLICT (location_id, item_id) DO UPDATE SET low_below = excluded.low_below",
            )
            .bind(location_id)
            .bind(item_id)
            .bind(low)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            crate::query("DELETE FROM supply_thresholds WHERE location_id = ? AND item_id = ?")
                .bind(location_id)
                .bind(item_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

pub async fn threshold(
    conn: &mut crate::Conn,
    location_id: i64,
    item_id: i64,
) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "SELECT low_below FROM supply_thresholds WHERE location_id = ? AND item_id = ?",
    )
    .bind(location_id)
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// What the records say one location holds of one item.
pub async fn on_hand(conn: &mut crate::Conn, location_id: i64, item_id: i64) -> Result<i64, Error> {
    Ok(crate::query_scalar("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM supply_moves WHERE location_id = ? AND item_id = ?")
        .bind(location_id)
        .bind(item_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// Everything one location holds: `item id → on hand`.
pub async fn on_hand_at<'e>(
    db: impl Into<crate::Target<'e>>,
    location_id: i64,
) -> Result<Vec<(i64, i64)>, Error> {
    Ok(crate::query_as("SELECT item_id, CAST(SUM(delta) AS BIGINT) FROM supply_moves WHERE location_id = ? GROUP BY item_id")
        .bind(location_id)
        .fetch_all(db)
        .await?)
}

/// One entry to write. Quantities are signed as in the table's comment.
#[derive(Debug, Default)]
pub struct NewEntry<'a> {
    pub kind: &'a str,
    pub item_id: i64,
    pub location_id: i64,
    pub to_location_id: Option<i64>,
    pub quantity: i64,
    pub counted: Option<i64>,
    pub source: Option<&'a str>,
    pub cost_cents: Option<i64>,
    pub reason: &'a str,
    pub shift_id: Option<i64>,
    pub hearing_id: Option<i64>,
    /// Handouts only: "shift", "hearing" or "other".
    pub occasion: Option<&'a str>,
    /// A coordinator's handout: what it was for.
    pub purpose: &'a str,
    pub release_id: Option<i64>,
    pub tap_id: Option<&'a str>,
    pub beyond_stock: bool,
    pub recorded_by: Option<i64>,
    pub occurred_at: DateTime<Utc>,
}

/// Writes the entry; `false` when its tap id was recorded before (a resend).
pub async fn insert_entry(conn: &mut crate::Conn, e: &NewEntry<'_>) -> Result<bool, Error> {
    let done = crate::query(
        "INSERT INTO supply_entries (kind, item_id, location_id, to_location_id, quantity, counted, source, cost_cents,
                                     reason, shift_id, hearing_id, occasion, purpose, release_id, tap_id, beyond_stock,
                                     recorded_by, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tap_id) DO NOTHING",
    )
    .bind(e.kind)
    .bind(e.item_id)
    .bind(e.location_id)
    .bind(e.to_location_id)
    .bind(e.quantity)
    .bind(e.counted)
    .bind(e.source)
    .bind(e.cost_cents)
    .bind(e.reason)
    .bind(e.shift_id)
    .bind(e.hearing_id)
    .bind(e.occasion)
    .bind(e.purpose)
    .bind(e.release_id)
    .bind(e.tap_id)
    .bind(e.beyond_stock)
    .bind(e.recorded_by)
    .bind(e.occurred_at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn tap_recorded(conn: &mut crate::Conn, tap_id: &str) -> Result<bool, Error> {
    Ok(
        crate::query_scalar::<i64>("SELECT COUNT(*) FROM supply_entries WHERE tap_id = ?")
            .bind(tap_id)
            .fetch_one(&mut *conn)
            .await?
            > 0,
    )
}

/// Handed out on a shift so far: `item id → quantity` (taps taken back already subtracted).
pub async fn shift_handouts<'e>(
    db: impl Into<crate::Target<'e>>,
    shift_id: i64,
) -> Result<Vec<(i64, i64)>, Error> {
    Ok(crate::query_as("SELECT item_id, CAST(SUM(quantity) AS BIGINT) FROM supply_entries WHERE kind = 'handout' AND shift_id = ? GROUP BY item_id")
        .bind(shift_id)
        .fetch_all(db)
        .await?)
}

pub async fn shift_handout_of(
    conn: &mut crate::Conn,
    shift_id: i64,
    item_id: i64,
) -> Result<i64, Error> {
    Ok(crate::query_scalar("SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM supply_entries WHERE kind = 'handout' AND shift_id = ? AND item_id = ?")
        .bind(shift_id)
        .bind(item_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// Every item at every location that has entries or a threshold, with its flags.
pub async fn stock_lines<'e>(db: impl Into<crate::Target<'e>>) -> Result<Vec<StockLine>, Error> {
    stock_lines_of(db, None).await
}

/// The same, for one location only (a facility's board asks every 30 seconds).
pub async fn stock_lines_at<'e>(
    db: impl Into<crate::Target<'e>>,
    location_id: i64,
) -> Result<Vec<StockLine>, Error> {
    stock_lines_of(db, Some(location_id)).await
}

async fn stock_lines_of<'e>(
    db: impl Into<crate::Target<'e>>,
    only: Option<i64>,
) -> Result<Vec<StockLine>, Error> {
    let rows = crate::query(
        "WITH held AS (SELECT location_id, item_id, CAST(SUM(delta) AS BIGINT) AS on_hand FROM supply_moves
                         WHERE (? IS NULL OR location_id = ?) GROUP BY location_id, item_id),
              last_count AS (SELECT location_id, item_id, MAX(id) AS id FROM supply_entries WHERE kind = 'correction'
                             GROUP BY location_id, item_id),
              beyond AS (SELECT DISTINCT e.location_id, e.item_id FROM supply_entries e
                         LEFT JOIN last_count c ON c.location_id = e.location_id AND c.item_id = e.item_id
                         WHERE e.beyond_stock AND e.id > COALESCE(c.id, 0)),
              pairs AS (SELECT location_id, item_id FROM held
                        UNION SELECT location_id, item_id FROM supply_thresholds WHERE (? IS NULL OR location_id = ?))
         SELECT l.id, l.name, i.id, i.name, i.unit, COALESCE(h.on_hand, 0) AS on_hand, t.low_below,
                b.item_id IS NOT NULL AS flagged
           FROM pairs p
           JOIN supply_locations l ON l.id = p.location_id
           JOIN supply_items i ON i.id = p.item_id
           LEFT JOIN held h ON h.location_id = p.location_id AND h.item_id = p.item_id
           LEFT JOIN supply_thresholds t ON t.location_id = p.location_id AND t.item_id = p.item_id
           LEFT JOIN beyond b ON b.location_id = p.location_id AND b.item_id = p.item_id
          ORDER BY l.facility_id IS NULL, lower(l.name), l.name, lower(i.name), i.name",
    )
    .bind(only)
    .bind(only)
    .bind(only)
    .bind(only)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let on_hand: i64 = r.try_get("on_hand")?;
            Ok(StockLine {
                location_id: r.try_get(0)?,
                location: r.try_get(1)?,
                item_id: r.try_get(2)?,
                item: r.try_get(3)?,
                unit: r.try_get(4)?,
                on_hand,
                low_below: r.try_get("low_below")?,
                needs_count: r.try_get::<bool, _>("flagged")? || on_hand < 0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// One entry as reports and the CSV export read it.
#[derive(Debug, Clone)]
pub struct EntryRow {
    pub id: i64,
    pub kind: String,
    pub item: String,
    pub unit: String,
    pub category: String,
    pub location: String,
    pub to_location: Option<String>,
    /// The kit's facility time zone (storage places: `None`; reports use UTC for them).
    pub time_zone: Option<String>,
    pub quantity: i64,
    pub counted: Option<i64>,
    pub source: Option<String>,
    pub cost_cents: Option<i64>,
    pub reason: String,
    pub shift_id: Option<i64>,
    pub hearing_id: Option<i64>,
    /// Handouts: "shift", "hearing" or "other".
    pub occasion: Option<String>,
    pub purpose: String,
    pub beyond_stock: bool,
    pub occurred_at: DateTime<Utc>,
}

/// Entries in [from, to), oldest first.
pub async fn entries_between(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<EntryRow>, Error> {
    let rows = crate::query(
        "SELECT e.id, e.kind, i.name AS item, i.unit, i.category, l.name AS location, tl.name AS to_location,
                f.time_zone, e.quantity, e.counted, e.source, e.cost_cents, e.reason, e.shift_id, e.hearing_id, e.occasion,
                e.purpose, e.beyond_stock, e.occurred_at
           FROM supply_entries e
           JOIN supply_items i ON i.id = e.item_id
           JOIN supply_locations l ON l.id = e.location_id
           LEFT JOIN supply_locations tl ON tl.id = e.to_location_id
           LEFT JOIN facilities f ON f.id = l.facility_id
          WHERE e.occurred_at >= ? AND e.occurred_at < ?
          ORDER BY e.occurred_at, e.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(EntryRow {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                item: r.try_get("item")?,
                unit: r.try_get("unit")?,
                category: r.try_get("category")?,
                location: r.try_get("location")?,
                to_location: r.try_get("to_location")?,
                time_zone: r.try_get("time_zone")?,
                quantity: r.try_get("quantity")?,
                counted: r.try_get("counted")?,
                source: r.try_get("source")?,
                cost_cents: r.try_get("cost_cents")?,
                reason: r.try_get("reason")?,
                shift_id: r.try_get("shift_id")?,
                hearing_id: r.try_get("hearing_id")?,
                occasion: r.try_get("occasion")?,
                purpose: r.try_get("purpose")?,
                beyond_stock: r.try_get("beyond_stock")?,
                occurred_at: r.try_get("occurred_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// Releases logged on a watch since `since`: `(id, released at, label)`. Labels only.
pub async fn releases_since<'e>(
    db: impl Into<crate::Target<'e>>,
    watch_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<(i64, DateTime<Utc>, String)>, Error> {
    Ok(crate::query_as("SELECT id, released_at, label FROM release_log WHERE watch_id = ? AND released_at >= ? ORDER BY released_at DESC LIMIT 30")
        .bind(watch_id)
        .bind(since)
        .fetch_all(db)
        .await?)
}

/// The watch a release was logged on.
pub async fn release_watch(conn: &mut crate::Conn, release_id: i64) -> Result<Option<i64>, Error> {
    Ok(
        crate::query_scalar("SELECT watch_id FROM release_log WHERE id = ?")
            .bind(release_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}
