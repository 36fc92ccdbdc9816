//! SQL for facilities.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::facilities::{Facility, FacilityInput, FacilityKind};

type Row = (i64, String, String, String, String, String);

fn facility(r: Row) -> Facility {
    Facility {
        id: r.0,
        name: r.1,
        kind: FacilityKind::from_key(&r.2).unwrap_or(FacilityKind::Jail),
        address: r.3,
        time_zone: r.4,
        notes: r.5,
    }
}

const COLUMNS: &str = "id, name, kind, address, time_zone, notes";

pub async fn list(db: &Db) -> Result<Vec<Facility>, Error> {
    let rows: Vec<Row> = crate::query_as(format!(
        "SELECT {COLUMNS} FROM facilities ORDER BY lower(name)"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(facility).collect())
}

pub async fn get<'e>(db: impl Into<crate::Target<'e>>, id: i64) -> Result<Option<Facility>, Error> {
    let row: Option<Row> =
        crate::query_as(format!("SELECT {COLUMNS} FROM facilities WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(facility))
}

pub async fn insert(db: &Db, f: &FacilityInput, now: DateTime<Utc>) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO facilities (name, kind, address, time_zone, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&f.name)
    .bind(f.kind.key())
    .bind(&f.address)
    .bind(&f.time_zone)
    .bind(&f.notes)
    .bind(now)
    .bind(now)
    .fetch_one(db)
    .await?)
}

pub async fn update(
    db: &Db,
    id: i64,
    f: &FacilityInput,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = crate::query("UPDATE facilities SET name = ?, kind = ?, address = ?, time_zone = ?, notes = ?, updated_at = ? WHERE id = ?")
        .bind(&f.name)
        .bind(f.kind.key())
        .bind(&f.address)
        .bind(&f.time_zone)
        .bind(&f.notes)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Selected beside another table: `f.id AS f_id, …` (join facilities as `f`).
pub const JOINED: &str = "f.id AS f_id, f.name AS f_name, f.kind AS f_kind, f.address AS f_address, f.time_zone AS f_tz, f.notes AS f_notes";

/// The facility in a row selected with `JOINED`.
pub fn joined(r: &crate::Row) -> Result<Facility, sqlx::Error> {
    Ok(Facility {
        id: r.try_get("f_id")?,
        name: r.try_get("f_name")?,
        kind: FacilityKind::from_key(r.try_get::<&str, _>("f_kind")?).unwrap_or(FacilityKind::Jail),
        address: r.try_get("f_address")?,
        time_zone: r.try_get("f_tz")?,
        notes: r.try_get("f_notes")?,
    })
}
