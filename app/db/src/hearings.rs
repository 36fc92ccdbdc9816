//! SQL for hearings, their history and move confirmations. Sealed columns arrive sealed.
use crate::facilities::{joined, JOINED};
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::facilities::Facility;
use vigil_domain::hearings::{HearingKind, HearingStatus};

pub const TABLE: &str = "hearings";

/// A hearing row with its court.
#[derive(Debug, Clone)]
pub struct HearingRow {
    pub id: i64,
    pub person_id: i64,
    pub court: Facility,
    pub starts_at: DateTime<Utc>,
    pub kind: HearingKind,
    pub courtroom: Option<Vec<u8>>,
    pub languages: Vec<String>,
    pub wanted: i64,
    pub meeting_point: String,
    pub meet_minutes: i64,
    pub status: HearingStatus,
    pub outcome_note: Option<Vec<u8>>,
    pub next_hearing_id: Option<i64>,
    pub sequence: i64,
}

fn hearing_of(r: &crate::Row) -> Result<HearingRow, sqlx::Error> {
    let languages: String = r.try_get("languages")?;
    Ok(HearingRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        court: joined(r)?,
        starts_at: r.try_get("starts_at")?,
        kind: HearingKind::from_key(r.try_get::<&str, _>("kind")?).unwrap_or(HearingKind::Other),
        courtroom: r.try_get("courtroom")?,
        languages: vigil_domain::accounts::parse_languages(&languages),
        wanted: r.try_get("wanted")?,
        meeting_point: r.try_get("meeting_point")?,
        meet_minutes: r.try_get("meet_minutes")?,
        status: HearingStatus::from_key(r.try_get::<&str, _>("status")?)
            .unwrap_or(HearingStatus::Scheduled),
        outcome_note: r.try_get("outcome_note")?,
        next_hearing_id: r.try_get("next_hearing_id")?,
        sequence: r.try_get("sequence")?,
    })
}

fn select() -> String {
    format!(
        "SELECT h.id, h.person_id, h.starts_at, h.kind, h.courtroom, h.languages, h.wanted, h.meeting_point, h.meet_minutes,
                h.status, h.outcome_note, h.next_hearing_id, h.sequence, {JOINED}
           FROM hearings h JOIN facilities f ON f.id = h.court_id"
    )
}

fn all(rows: Vec<crate::Row>) -> Result<Vec<HearingRow>, Error> {
    rows.iter()
        .map(hearing_of)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

/// The hearings of these people (any status).
pub async fn ids_of_people(conn: &mut crate::Conn, person_ids: &[i64]) -> Result<Vec<i64>, Error> {
    let ids = serde_json::to_string(person_ids).map_err(Error::other)?;
    Ok(crate::query_scalar(
        "SELECT id FROM hearings WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .bind(ids)
    .fetch_all(conn)
    .await?)
}

pub async fn get<'e>(
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Option<HearingRow>, Error> {
    let row = crate::query(format!("{} WHERE h.id = ?", select()))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(hearing_of).transpose()?)
}

/// Scheduled or moved hearings starting after `from`, optionally at one court.
pub async fn upcoming<'e>(
    db: impl Into<crate::Target<'e>>,
    from: DateTime<Utc>,
    court: Option<i64>,
) -> Result<Vec<HearingRow>, Error> {
    let rows = crate::query(format!(
        "{} WHERE h.status IN ('scheduled', 'moved') AND h.starts_at > ? AND (? IS NULL OR h.court_id = ?) ORDER BY h.starts_at LIMIT 500",
        select()
    ))
    .bind(from)
    .bind(court)
    .bind(court)
    .fetch_all(db)
    .await?;
    all(rows)
}

/// Hearings where `account_id` holds a seat (signed up or waitlisted), any status.
pub async fn of_account<'e>(
    db: impl Into<crate::Target<'e>>,
    account_id: i64,
) -> Result<Vec<HearingRow>, Error> {
    let rows = crate::query(format!(
        "{} JOIN signups s ON s.slot_kind = 'hearing' AND s.slot_id = h.id
          WHERE s.account_id = ? AND s.status IN ('signed_up', 'waitlisted') ORDER BY h.starts_at",
        select()
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    all(rows)
}

pub struct NewHearing<'a> {
    pub person_id: i64,
    pub court_id: i64,
    pub starts_at: DateTime<Utc>,
    pub kind: HearingKind,
    pub languages: &'a [String],
    pub wanted: i64,
    pub meeting_point: &'a str,
    pub meet_minutes: i64,
    pub import_key: Option<String>,
}

/// Inserts a hearing (courtroom sealed afterwards: its row id is part of the seal). `None`
/// when a row with the same import key exists already.
pub async fn insert(
    conn: &mut crate::Conn,
    h: &NewHearing<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO hearings (person_id, court_id, starts_at, kind, languages, wanted, meeting_point, meet_minutes, import_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (import_key) DO NOTHING RETURNING id",
    )
    .bind(h.person_id)
    .bind(h.court_id)
    .bind(h.starts_at)
    .bind(h.kind.key())
    .bind(h.languages.join(", "))
    .bind(h.wanted)
    .bind(h.meeting_point)
    .bind(h.meet_minutes)
    .bind(&h.import_key)
    .bind(now)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn import_key_exists<'e>(
    db: impl Into<crate::Target<'e>>,
    key: &str,
) -> Result<bool, Error> {
    Ok(
        crate::query_scalar("SELECT EXISTS(SELECT 1 FROM hearings WHERE import_key = ?)")
            .bind(key)
            .fetch_one(db)
            .await?,
    )
}

pub async fn set_sealed(
    conn: &mut crate::Conn,
    id: i64,
    column: &'static str,
    sealed: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    // The column comes from this module's constants, never from input.
    debug_assert!(column == "courtroom" || column == "outcome_note");
    crate::query(format!(
        "UPDATE hearings SET {column} = ?, updated_at = ? WHERE id = ?"
    ))
    .bind(sealed)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a hearing (keeping the earlier date in its history) or cancels it (`to` = `None`).
pub async fn reschedule(
    conn: &mut crate::Conn,
    h: &HearingRow,
    to: Option<DateTime<Utc>>,
    by: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let status = if to.is_some() {
        HearingStatus::Moved
    } else {
        HearingStatus::Cancelled
    };
    crate::query("UPDATE hearings SET starts_at = ?, status = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?")
        .bind(to.unwrap_or(h.starts_at))
        .bind(status.key())
        .bind(now)
        .bind(h.id)
        .execute(&mut *conn)
        .await?;
    crate::query("INSERT INTO hearing_moves (hearing_id, from_starts_at, to_starts_at, moved_by, moved_at) VALUES (?, ?, ?, ?, ?)")
        .bind(h.id)
        .bind(h.starts_at)
        .bind(to)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Earlier dates of a moved hearing, most recent first.
pub async fn earlier_dates<'e>(
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Vec<DateTime<Utc>>, Error> {
    Ok(crate::query_scalar("SELECT from_starts_at FROM hearing_moves WHERE hearing_id = ? AND to_starts_at IS NOT NULL ORDER BY id DESC")
        .bind(id)
        .fetch_all(db)
        .await?)
}

pub async fn complete(
    conn: &mut crate::Conn,
    id: i64,
    next: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE hearings SET status = 'completed', next_hearing_id = COALESCE(?, next_hearing_id), sequence = sequence + 1, updated_at = ? WHERE id = ?")
        .bind(next)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// "I can still come" for the hearing's current sequence.
pub async fn confirm(
    conn: &mut crate::Conn,
    id: i64,
    account_id: i64,
    sequence: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
        "INSERT INTO hearing_confirmations (hearing_id, account_id, sequence, answered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (hearing_id, account_id) DO UPDATE SET sequence = excluded.sequence, answered_at = excluded.answered_at",
    )
    .bind(id)
    .bind(account_id)
    .bind(sequence)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The sequence each accompanier last confirmed (or signed up at).
pub async fn confirmations<'e>(
    db: impl Into<crate::Target<'e>>,
    id: i64,
) -> Result<Vec<(i64, i64)>, Error> {
    Ok(crate::query_as(
        "SELECT account_id, sequence FROM hearing_confirmations WHERE hearing_id = ?",
    )
    .bind(id)
    .fetch_all(db)
    .await?)
}

/// Display names of accounts, by id.
pub async fn names<'e>(
    db: impl Into<crate::Target<'e>>,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ids).map_err(Error::other)?;
    Ok(crate::query_as(
        "SELECT id, COALESCE(NULLIF(display_name, ''), substr(email, 1, instr(email, '@') - 1)) FROM accounts WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(ids)
    .fetch_all(db)
    .await?)
}

/// Languages needed by upcoming hearings (for the filter's choices).
pub async fn languages_needed<'e>(
    db: impl Into<crate::Target<'e>>,
    from: DateTime<Utc>,
) -> Result<Vec<String>, Error> {
    let lists: Vec<String> =
        crate::query_scalar("SELECT DISTINCT languages FROM hearings WHERE status IN ('scheduled', 'moved') AND starts_at > ? AND languages <> ''")
            .bind(from)
            .fetch_all(db)
            .await?;
    let mut all: Vec<String> = Vec::new();
    for list in lists {
        for l in vigil_domain::accounts::parse_languages(&list) {
            if !all.iter().any(|a| a.eq_ignore_ascii_case(&l)) {
                all.push(l);
            }
        }
    }
    all.sort_by_key(|l| l.to_lowercase());
    Ok(all)
}

/// Hearings still ahead where `account_id` holds a place or a waitlist place.
pub async fn future_seats_of<'e>(
    db: impl Into<crate::Target<'e>>,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, Error> {
    Ok(crate::query_scalar(
        "SELECT h.id FROM signups s JOIN hearings h ON h.id = s.slot_id
          WHERE s.slot_kind = 'hearing' AND s.account_id = ? AND s.status IN ('signed_up', 'waitlisted')
            AND h.status IN ('scheduled', 'moved') AND h.starts_at > ?
          ORDER BY h.starts_at",
    )
    .bind(account_id)
    .bind(now)
    .fetch_all(db)
    .await?)
}
