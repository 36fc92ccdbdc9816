//! Server functions for the calendar page.
use super::FeedsPage;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "calendars")]
pub async fn list_feeds() -> Result<FeedsPage, AppError> {
    use crate::kernel::require;
    let actor = require(None)?;
    super::service::page(&crate::state::app_state()?.db, &actor)
        .await
        .or_else(crate::error::fail)
}
