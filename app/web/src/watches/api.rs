//! Server functions for watches: each checks who is asking and calls `service`.
use super::{
    CallOutView, CoverageBoard, OpenShiftsPage, ReleaseEntry, ShiftCard, WatchDetail, WatchSummary,
};
use crate::error::AppError;
use crate::i18n::{dates, Lang};
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

/// A shift on paper (coordinators); the expected list's aliases only when `expected`.
#[server(prefix = "/api", endpoint = "shifts/sheet")]
pub async fn shift_sheet(id: i64, expected: bool) -> Result<super::ShiftSheet, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let state = app_state()?;
    or_fail(
        super::service::shift_sheet(&state.people_ctx(), &actor, id, expected, Utc::now()).await,
    )
}

/// A night's coverage on paper (coordinators): `night` as typed (`YYYY-MM-DD`, empty for
/// today); a day that isn't one comes back as the form's echo.
#[server(prefix = "/api", endpoint = "coverage/night")]
pub async fn night_sheet(
    night: String,
    expected: bool,
) -> Result<Result<super::NightSheet, crate::forms::FormEcho>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let lang = crate::i18n::use_lang();
    let state = app_state()?;
    let sheet = or_fail(
        super::service::night_sheet(&state.people_ctx(), &actor, &night, expected, Utc::now())
            .await,
    )?;
    Ok(sheet.map_err(|errors| {
        let mut echo = crate::forms::FormEcho::new(crate::routes::COVERAGE_NIGHT);
        echo.values = vec![("night".into(), night.clone())];
        echo.with_field_errors(lang, errors)
    }))
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

/// One release in the log, in the reader's words: the log refreshes itself in an island,
/// which can neither format times nor translate, so the server does both.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogLine {
    pub id: i64,
    /// "Tue 24 Nov, 20:00", in the facility's time zone.
    pub time: String,
    /// The pseudonym, the alias for those who may see it, or the words for neither.
    pub label: String,
    /// The needs met, each in words.
    pub needs: Vec<String>,
    /// "Still needs: Ride", or empty when nothing is left to sort.
    pub still_needs: String,
    pub handoff_note: String,
    /// Who logged it (a display name).
    pub logged_by: String,
}

/// The log's entries in `lang`, for the island that shows them.
pub fn log_lines(lang: Lang, entries: &[ReleaseEntry]) -> Vec<LogLine> {
    use crate::kernel::Label;
    entries
        .iter()
        .map(|e| LogLine {
            id: e.id,
            time: dates::day_time(lang, e.at, vigil_domain::time::zone(&e.time_zone)),
            label: match (e.label.is_empty(), e.expected) {
                (false, _) => e.label.clone(),
                (true, true) => t!(lang, watches.log.expected_person).to_string(),
                (true, false) => t!(lang, watches.log.no_label).to_string(),
            },
            needs: e.needs.iter().map(|n| n.label(lang).to_string()).collect(),
            still_needs: if e.still_needs.is_empty() {
                String::new()
            } else {
                let needs: Vec<&str> = e.still_needs.iter().map(|n| n.label(lang)).collect();
                format!("{} {}", t!(lang, watches.log.still_needs), needs.join(", "))
            },
            handoff_note: e.handoff_note.clone(),
            logged_by: e.logged_by.clone(),
        })
        .collect()
}

/// The release log alone, in the reader's language: the watch page's live log (an island)
/// asks here every so often while it is open (JavaScript on). JSON like the tally's taps:
/// the bundle then needs one encoding, not two.
#[server(prefix = "/api", endpoint = "watches/log", input = leptos::server_fn::codec::Json)]
pub async fn release_log(watch_id: i64) -> Result<Vec<LogLine>, AppError> {
    let lang = crate::i18n::use_lang();
    let actor = require(None)?;
    let state = app_state()?;
    let entries = or_fail(
        super::service::release_log(&state.people_ctx(), &actor, watch_id, Utc::now()).await,
    )?;
    Ok(log_lines(lang, &entries))
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
