//! Server functions for supplies: each checks who is asking and calls `service`.
use super::{StockPage, SupplyReport, Tally, TallyAt, TallyLine, Tap};
use crate::error::AppError;
use crate::forms::FormEcho;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::Role, crate::error::fail, crate::kernel::require, crate::state::app_state,
    chrono::Utc,
};

#[server(prefix = "/api", endpoint = "supplies/tally")]
pub async fn load_tally(shift_id: i64) -> Result<Tally, AppError> {
    let actor = require(None)?;
    super::service::tally(
        &app_state()?.db,
        &actor,
        TallyAt::Shift(shift_id),
        Utc::now(),
    )
    .await
    .or_else(fail)
}

/// A hearing's tally screen: what its accompaniers hand out after it.
#[server(prefix = "/api", endpoint = "supplies/hearing-tally")]
pub async fn load_hearing_tally(hearing_id: i64) -> Result<Tally, AppError> {
    let actor = require(None)?;
    let at = TallyAt::Hearing(hearing_id);
    super::service::tally(&app_state()?.db, &actor, at, Utc::now())
        .await
        .or_else(fail)
}

/// Either tally screen, by what it counts against.
pub async fn load_tally_at(at: TallyAt) -> Result<Tally, AppError> {
    match at {
        TallyAt::Shift(id) => load_tally(id).await,
        TallyAt::Hearing(id) => load_hearing_tally(id).await,
    }
}

/// The tally screen sends its queued taps here (JSON: a phone that was offline may send a
/// long list at once) and gets the shift's tally lines back (only numbers and names: the
/// island that calls it carries no date code).
#[server(prefix = "/api", endpoint = "supplies/taps", input = leptos::server_fn::codec::Json)]
pub async fn send_taps(shift_id: i64, taps: Vec<Tap>) -> Result<Vec<TallyLine>, AppError> {
    record(TallyAt::Shift(shift_id), taps).await
}

/// The same, for a hearing's tally screen.
#[server(prefix = "/api", endpoint = "supplies/hearing-taps", input = leptos::server_fn::codec::Json)]
pub async fn send_hearing_taps(
    hearing_id: i64,
    taps: Vec<Tap>,
) -> Result<Vec<TallyLine>, AppError> {
    record(TallyAt::Hearing(hearing_id), taps).await
}

#[cfg(feature = "ssr")]
async fn record(at: TallyAt, taps: Vec<Tap>) -> Result<Vec<TallyLine>, AppError> {
    let actor = require(None)?;
    super::service::record_taps(&app_state()?.db, &actor, at, &taps, Utc::now())
        .await
        .map(|tally| tally.lines)
        .or_else(fail)
}

/// Sends taps to whichever screen they were tapped on.
pub async fn send_taps_at(at: TallyAt, taps: Vec<Tap>) -> Result<Vec<TallyLine>, AppError> {
    match at {
        TallyAt::Shift(id) => send_taps(id, taps).await,
        TallyAt::Hearing(id) => send_hearing_taps(id, taps).await,
    }
}

#[server(prefix = "/api", endpoint = "supplies/stock")]
pub async fn load_stock() -> Result<StockPage, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    super::service::stock_page(&app_state()?.db, &actor)
        .await
        .or_else(fail)
}

/// The report for `from`..`to` (`YYYY-MM-DD`, empty for the last eight weeks). Bad dates
/// come back as a form echo for the range form.
#[server(prefix = "/api", endpoint = "supplies/report")]
pub async fn load_report(
    from: String,
    to: String,
) -> Result<Result<SupplyReport, FormEcho>, AppError> {
    let actor = require(Some(Role::Coordinator))?;
    let lang = crate::i18n::use_lang();
    let report = super::service::report(&app_state()?.db, &actor, &from, &to, Utc::now())
        .await
        .or_else(fail)?;
    Ok(report.map_err(|errors| {
        let mut echo = FormEcho::new(crate::routes::SUPPLIES);
        echo.values = vec![("from".into(), from.clone()), ("to".into(), to.clone())];
        echo.with_field_errors(lang, errors)
    }))
}
