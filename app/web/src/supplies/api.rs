//! Server functions for supplies: each checks who is asking and calls `service`.
use super::{StockPage, SupplyReport, Tally, TallyLine, Tap};
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
    super::service::tally(&app_state()?.db, &actor, shift_id, Utc::now())
        .await
        .or_else(fail)
}

/// The tally screen sends its queued taps here (JSON: a phone that was offline may send a
/// long list at once) and gets the shift's tally lines back (only numbers and names: the
/// island that calls it carries no date code).
#[server(prefix = "/api", endpoint = "supplies/taps", input = leptos::server_fn::codec::Json)]
pub async fn send_taps(shift_id: i64, taps: Vec<Tap>) -> Result<Vec<TallyLine>, AppError> {
    let actor = require(None)?;
    super::service::record_taps(&app_state()?.db, &actor, shift_id, &taps, Utc::now())
        .await
        .map(|tally| tally.lines)
        .or_else(fail)
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
