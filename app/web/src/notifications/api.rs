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

/// One's own number and where it stands, for the profile (the number is shown only to its
/// owner here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhoneView {
    /// This server can send by SMS / by Signal.
    pub offers_sms: bool,
    pub offers_signal: bool,
    pub number: Option<String>,
    pub sms_verified: bool,
    pub signal_verified: bool,
    /// They replied STOP by SMS.
    pub sms_stopped: bool,
    /// A code was sent by this channel and waits to be typed back.
    pub code_pending: Option<super::Channel>,
}

impl PhoneView {
    /// The channels the preferences may choose: email, and each text channel offered here
    /// and verified for this member.
    pub fn usable(&self) -> Vec<super::Channel> {
        use super::Channel;
        let mut channels = vec![Channel::Email];
        if self.offers_sms && self.sms_verified {
            channels.push(Channel::Sms);
        }
        if self.offers_signal && self.signal_verified {
            channels.push(Channel::Signal);
        }
        channels
    }
}

#[server(prefix = "/api", endpoint = "notifications/phone")]
pub async fn my_phone() -> Result<PhoneView, AppError> {
    use super::Channel;
    let me = require(None)?;
    let state = app_state()?;
    let phone = or_fail(vigil_core::texting::phones::phone_of(&state, &me).await)?;
    Ok(PhoneView {
        offers_sms: state.texts.offers(Channel::Sms),
        offers_signal: state.texts.offers(Channel::Signal),
        number: phone.as_ref().map(|p| p.number.to_string()),
        sms_verified: phone.as_ref().is_some_and(|p| p.sms_verified),
        signal_verified: phone.as_ref().is_some_and(|p| p.signal_verified),
        sms_stopped: phone.as_ref().is_some_and(|p| p.sms_stopped),
        code_pending: phone.as_ref().and_then(|p| p.code_channel),
    })
}
