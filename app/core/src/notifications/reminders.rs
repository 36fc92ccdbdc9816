//! The API the watch and hearing modules call: schedule, move or cancel the reminders of a
//! shift or hearing for one person, following that person's reminder preferences.
use super::jobs::{self, NewJob};
use super::{prefs, Activity, At, Category, Message};
use crate::storage;
use crate::Failure;
use chrono::{DateTime, Duration, Utc};

/// What to remind someone of. `place` is the facility's public name; `time_zone` the
/// facility's (times in the mail are local to where the person must be).
pub struct Reminder<'a> {
    pub entity: &'a str,
    pub account_id: i64,
    pub activity: Activity,
    pub starts_at: DateTime<Utc>,
    pub time_zone: &'a str,
    pub place: &'a str,
    pub path: &'a str,
}

/// Schedules one reminder per preferred offset that is still ahead. Idempotent per entity,
/// person and offset. Returns how many were newly scheduled.
pub async fn schedule(
    conn: &mut storage::Conn,
    r: &Reminder<'_>,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let prefs = prefs::get_on(&mut *conn, r.account_id).await?;
    schedule_with(conn, r, &prefs, now).await
}

/// The same, with the person's preferences already read (so a sign-up reads them before
/// it takes the write lock).
pub async fn schedule_with(
    conn: &mut storage::Conn,
    r: &Reminder<'_>,
    prefs: &super::Prefs,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    Ok(jobs::schedule_all(&mut *conn, &reminder_jobs(r, prefs, now), now).await? as usize)
}

/// The jobs that `schedule_with` schedules, for a write that sends them with others'
/// (`jobs::rows`).
pub fn reminder_jobs(r: &Reminder<'_>, prefs: &super::Prefs, now: DateTime<Utc>) -> Vec<NewJob> {
    if !prefs.reminders {
        return Vec::new();
    }
    prefs
        .reminder_hours
        .iter()
        .map(|hours| (hours, r.starts_at - Duration::hours(i64::from(*hours))))
        .filter(|(_, run_at)| *run_at > now)
        .map(|(hours, run_at)| NewJob {
            kind: "reminder".into(),
            idempotency_key: format!("reminder:{}:account:{}:{}h", r.entity, r.account_id, hours),
            entity: Some(r.entity.to_string()),
            account_id: Some(r.account_id),
            payload: serde_json::json!({
                "category": Category::Reminders.key(),
                "message": Message::Reminder {
                    activity: r.activity,
                    hours: *hours,
                    at: At {
                        place: r.place.to_string(),
                        time_zone: r.time_zone.to_string(),
                        starts_at: r.starts_at,
                        ends_at: None,
                    },
                },
                "path": r.path,
            }),
            run_at,
        })
        .collect()
}
