//! SQL for notification preferences: which kinds of mail, reminder times, quiet hours,
//! time zone. What they mean for sending (quiet hours, unsubscribe links) is in the app's
//! `notifications::prefs`.
use crate::{Db, Error};
use vigil_domain::notifications::{Category, Prefs, Routes, Via};

pub async fn get(db: &Db, account_id: i64) -> Result<Prefs, Error> {
    let mut conn = db.acquire().await?;
    get_on(&mut conn, account_id).await
}

/// The same, on a given connection (e.g. inside the transaction that schedules reminders).
pub async fn get_on(conn: &mut crate::Conn, account_id: i64) -> Result<Prefs, Error> {
    let row = crate::query(format!(
        "SELECT {JOINED_COLUMNS} FROM notification_prefs p WHERE p.account_id = ?"
    ))
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(joined).transpose()?.unwrap_or_default())
}

/// A person's preferences as columns named `p_…`, for a query that joins
/// `notification_prefs p` to read them in the same statement (see `joined`).
pub const JOINED_COLUMNS: &str = "p.account_id AS p_account_id, p.reminders AS p_reminders, p.reminder_hours AS p_reminder_hours, \
     p.changes AS p_changes, p.urgent AS p_urgent, p.coordinator_alerts AS p_coordinator_alerts, \
     p.quiet_start AS p_quiet_start, p.quiet_end AS p_quiet_end, p.time_zone AS p_time_zone, \
     p.reminders_via AS p_reminders_via, p.changes_via AS p_changes_via, p.urgent_via AS p_urgent_via, \
     p.coordinator_alerts_via AS p_coordinator_alerts_via";

/// The preferences read by `JOINED_COLUMNS`: the defaults when they never saved any.
pub fn joined(r: &crate::Row) -> Result<Prefs, sqlx::Error> {
    if r.try_get::<Option<i64>, _>("p_account_id")?.is_none() {
        return Ok(Prefs::default());
    }
    let hours: String = r.try_get("p_reminder_hours")?;
    Ok(Prefs {
        reminders: r.try_get("p_reminders")?,
        reminder_hours: hours
            .split(',')
            .filter_map(|h| h.trim().parse().ok())
            .collect(),
        changes: r.try_get("p_changes")?,
        urgent: r.try_get("p_urgent")?,
        coordinator_alerts: r.try_get("p_coordinator_alerts")?,
        quiet_start: r.try_get("p_quiet_start")?,
        quiet_end: r.try_get("p_quiet_end")?,
        time_zone: r.try_get("p_time_zone")?,
        routes: Routes {
            reminders: Via::from_key(&r.try_get::<String, _>("p_reminders_via")?),
            changes: Via::from_key(&r.try_get::<String, _>("p_changes_via")?),
            urgent: Via::from_key(&r.try_get::<String, _>("p_urgent_via")?),
            coordinator_alerts: Via::from_key(&r.try_get::<String, _>("p_coordinator_alerts_via")?),
        },
    })
}

pub async fn save(db: &Db, account_id: i64, p: &Prefs) -> Result<(), Error> {
    let hours = p
        .reminder_hours
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(",");
    crate::query(
        "INSERT INTO notification_prefs (account_id, reminders, reminder_hours, changes, urgent, coordinator_alerts, quiet_start, quiet_end, time_zone,
           reminders_via, changes_via, urgent_via, coordinator_alerts_via)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET reminders = excluded.reminders, reminder_hours = excluded.reminder_hours,
           changes = excluded.changes, urgent = excluded.urgent, coordinator_alerts = excluded.coordinator_alerts,
           quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, time_zone = excluded.time_zone,
           reminders_via = excluded.reminders_via, changes_via = excluded.changes_via, urgent_via = excluded.urgent_via,
           coordinator_alerts_via = excluded.coordinator_alerts_via",
    )
    .bind(account_id)
    .bind(p.reminders)
    .bind(hours)
    .bind(p.changes)
    .bind(p.urgent)
    .bind(p.coordinator_alerts)
    .bind(&p.quiet_start)
    .bind(&p.quiet_end)
    .bind(&p.time_zone)
    .bind(p.routes.reminders.key())
    .bind(p.routes.changes.key())
    .bind(p.routes.urgent.key())
    .bind(p.routes.coordinator_alerts.key())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn turn_off(db: &Db, account_id: i64, category: Category) -> Result<(), Error> {
    let mut prefs = get(db, account_id).await?;
    prefs.set(category, false);
    save(db, account_id, &prefs).await
}
