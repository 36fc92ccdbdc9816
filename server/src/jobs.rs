//! The background jobs of a running server: the mail worker, and the schedulers that keep
//! watches rolling, alert coordinators, send the weekly digest, forget people on schedule and
//! tidy sessions. Each runs on its own timer; a failed round is logged (with its cause) and
//! the next round tries again.
use crate::sessions::Sessions;
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;
use vigil_core::{accounts, hearings, notifications, watches, workflows, Core, Failure};

/// Starts every background job (once per server process).
pub fn spawn(state: Core, sessions: Sessions) {
    notifications::worker::spawn(state.clone(), Duration::from_secs(1));
    spawn_hourly_tidy(state.clone(), sessions);
    spawn_every_minute(state.clone());
    spawn_daily_purge(state);
}

/// A scheduled round failed: logged here, its edge, with the cause (`Debug` carries it).
fn failed(what: &str, err: &Failure) {
    tracing::error!(error = ?err, "{what} failed");
}

/// Removes expired sessions, stale login tokens, undecided join requests past two weeks and
/// the record of old texts once an hour.
fn spawn_hourly_tidy(state: Core, sessions: Sessions) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(err) = sessions.delete_expired().await {
                tracing::warn!(error = %err, "could not delete expired sessions");
            }
            if let Err(err) =
                accounts::store::delete_stale_tokens(&state.db, chrono::Utc::now()).await
            {
                failed("deleting stale sign-in links", &err.into());
            }
            if let Err(err) = accounts::join::forget_stale(&state.db, chrono::Utc::now()).await {
                failed("forgetting undecided join requests", &err);
            }
            if let Err(err) =
                vigil_core::texting::inbound::forget_old(&state.db, chrono::Utc::now()).await
            {
                failed("forgetting old texts", &err);
            }
        }
    });
}

/// Every minute: keeps open-ended watches' rolling shifts generated ahead and alerts
/// coordinators to understaffed shifts and hearings; hourly, the weekly digest.
fn spawn_every_minute(state: Core) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        // The digest is checked from an hour after start (not at every restart).
        let mut minutes = 1u64;
        let alert_hours = state.config.understaffed_alert_hours;
        loop {
            tick.tick().await;
            let now = chrono::Utc::now();
            match watches::extend_rolling_watches(&state.db, now).await {
                Ok(0) => {}
                Ok(added) => tracing::info!(added, "rolling shifts added"),
                Err(err) => failed("adding rolling shifts", &err),
            }
            if let Err(err) = watches::alert_understaffed(&state.db, alert_hours, now).await {
                failed("understaffed alerts", &err);
            }
            if let Err(err) = hearings::alert_understaffed(&state.db, alert_hours, now).await {
                failed("understaffed hearing alerts", &err);
            }
            // Mondays (UTC), queued once per week; checking hourly is plenty.
            if minutes.is_multiple_of(60) && chrono::Datelike::weekday(&now) == chrono::Weekday::Mon
            {
                if let Err(err) = workflows::digest::weekly_digest(&state.db, now).await {
                    failed("weekly digest", &err);
                }
            }
            minutes += 1;
        }
    });
}

/// Forgets people whose purge date has passed, and wipes old hand-off notes: at start-up,
/// then every day.
fn spawn_daily_purge(state: Core) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(24 * 3600));
        loop {
            tick.tick().await;
            let now = chrono::Utc::now();
            if let Err(err) = workflows::forget::purge_due(&state.people_ctx(), now).await {
                failed("scheduled purge", &err);
            }
            if let Err(err) = watches::wipe_old_notes(&state.db, now).await {
                failed("wiping old hand-off notes", &err);
            }
        }
    });
}
