//! Server functions for watches: each checks who is asking and calls `service`.
use super::{
    CallOutView, CoverageBoard, OpenShiftsPage, ReleaseEntry, ShiftCard, WatchDetail, WatchSummary,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::or_fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "shifts/open")]
pub async fn open_shifts(
    facility: Option<i64>,
    day: Option<String>,
    page: usize,
) -> Result<OpenShiftsPage, AppError> {
    let actor = require(None)?;
    let day = day.filter(|d| !d.is_empty());
    or_fail(
        super::service::open_shifts(
            &app_state()?.db,
            &actor,
            facility,
            day.as_deref(),
            page,
            Utc::now(),
        )
        .await,
    )
}

#[server(prefix = "/api", endpoint = "shifts/get")]
pub async fn get_shift(id: i64) -> Result<ShiftCard, AppError> {
    let actor = require(None)?;
    or_fail(super::service::shift_card(&app_state()?.db, &actor, id, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "shifts/mine")]
pub async fn my_shifts() -> Result<(Vec<ShiftCard>, Vec<ShiftCard>), AppError> {
    let actor = require(None)?;
    or_fail(super::service::my_shifts(&app_state()?.db, &actor, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "watches")]
pub async fn list_watches() -> Result<Vec<WatchSummary>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    or_fail(super::service::list_watches(&app_state()?.db, &actor).await)
}

#[server(prefix = "/api", endpoint = "watches/get")]
pub async fn get_watch(id: i64) -> Result<WatchDetail, AppError> {
    let actor = require(None)?;
    let state = app_state()?;
    or_fail(super::service::watch_detail(&state.people_ctx(), &actor, id, Utc::now()).await)
}

/// The release log alone: the watch page polls it while open (JavaScript on).
/// The release log's live refresh (an island) asks here. JSON like the tally's taps: the
/// bundle then needs one encoding, not two.
#[server(prefix = "/api", endpoint = "watches/log", input = leptos::server_fn::codec::Json)]
pub async fn release_log(watch_id: i64) -> Result<Vec<ReleaseEntry>, AppError> {
    let actor = require(None)?;
    let state = app_state()?;
    or_fail(super::service::release_log(&state.people_ctx(), &actor, watch_id, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "coverage")]
pub async fn load_coverage() -> Result<CoverageBoard, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    or_fail(super::service::coverage(&app_state()?.db, &actor, Utc::now()).await)
}

#[server(prefix = "/api", endpoint = "call-outs/get")]
pub async fn get_call_out(id: i64) -> Result<CallOutView, AppError> {
    let actor = require(None)?;
    or_fail(super::service::call_out_view(&app_state()?.db, &actor, id, Utc::now()).await)
}
