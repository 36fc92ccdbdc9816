//! Server functions for notifications: one's own preferences, and (coordinators) the mail
//! that could not be sent, with a retry.
use super::Prefs;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::or_fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "notifications/prefs")]
pub async fn my_prefs() -> Result<Prefs, AppError> {
    let me = require(None)?;
    or_fail(super::service::prefs_of(&app_state()?.db, &me).await)
}

/// A job as coordinators see it: kind, state and reason, no recipient or content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub when: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[server(prefix = "/api", endpoint = "notifications/failed")]
pub async fn failed_jobs() -> Result<Vec<JobSummary>, AppError> {
    let me = require(Some(Role::Coordinator))?;
    let rows = super::service::failed_jobs(&app_state()?.db, &me).await?;
    Ok(rows
        .into_iter()
        .map(|r| JobSummary {
            id: r.id,
            kind: r.kind,
            status: r.status,
            when: r.run_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            attempts: r.attempts,
            last_error: r.last_error,
        })
        .collect())
}

#[server(prefix = "/api", endpoint = "notifications/retry")]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    let me = require(Some(Role::Coordinator))?;
    super::service::retry_job(&app_state()?.db, &me, id, Utc::now()).await?;
    crate::kernel::back_to(crate::routes::MAIL_PROBLEMS);
    Ok(())
}
