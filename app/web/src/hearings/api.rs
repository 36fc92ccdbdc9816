//! Server functions for hearings: each checks who is asking and calls `service`.
use super::{HearingBrowse, HearingCard, HearingDetail, NewHearingChoices};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::HearingFilter, crate::accounts::Role, crate::error::or_fail, crate::kernel::require,
    crate::state::app_state, chrono::Utc,
};

#[server(prefix = "/api", endpoint = "hearings/browse")]
pub async fn browse_hearings(
    court: Option<i64>,
    language: Option<String>,
) -> Result<HearingBrowse, AppError> {
    let actor = require(None)?;
    let filter = HearingFilter {
        court,
        language: language.unwrap_or_default(),
    };
    or_fail(super::service::browse(&app_state()?.db, &actor, &filter, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "hearings/get")]
pub async fn get_hearing(id: i64) -> Result<HearingDetail, AppError> {
    let actor = require(None)?;
    let state = app_state()?;
    or_fail(super::service::detail(&state.people_ctx(), &actor, id, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "hearings/mine")]
pub async fn my_hearings() -> Result<(Vec<HearingDetail>, Vec<HearingCard>), AppError> {
    let actor = require(None)?;
    let state = app_state()?;
    or_fail(super::service::mine(&state.people_ctx(), &actor, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "hearings/options")]
pub async fn hearing_form_options() -> Result<NewHearingChoices, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(super::service::form_options(&state.people_ctx(), &actor, Utc::now()).await)
}
