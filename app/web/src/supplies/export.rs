//! The supplies CSV export (`/supplies/export.csv?from=…&to=…`): every entry of a range of
//! days, one line each, for a spreadsheet. Where each handout happened (a shift or hearing by
//! number, or a coordinator's purpose); never who received anything
//! (that was never recorded) nor who logged it. Cells someone typed are defused (`cell`).
use super::service::{self, Export};
use super::ItemCategory;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kernel::{Actor, Label};
use crate::state::AppState;
use crate::time::zone;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{header, HeaderValue, StatusCode};
use std::collections::HashMap;

/// The export's columns, in order, named in the reader's language.
fn header(lang: Lang) -> [&'static str; 19] {
    [
        t!(lang, supplies.csv.date),
        t!(lang, supplies.csv.time),
        t!(lang, supplies.csv.time_zone),
        t!(lang, supplies.csv.kind),
        t!(lang, supplies.csv.item),
        t!(lang, supplies.csv.unit),
        t!(lang, supplies.csv.category),
        t!(lang, supplies.csv.location),
        t!(lang, supplies.csv.to_location),
        t!(lang, supplies.csv.quantity),
        t!(lang, supplies.csv.counted),
        t!(lang, supplies.csv.source),
        t!(lang, supplies.csv.cost),
        t!(lang, supplies.csv.reason),
        t!(lang, supplies.csv.shift),
        t!(lang, supplies.csv.occasion),
        t!(lang, supplies.csv.hearing),
        t!(lang, supplies.csv.purpose),
        t!(lang, supplies.csv.beyond_stock),
    ]
}

/// A spreadsheet must not run what someone typed as a formula. Spreadsheets skip leading
/// white space (spaces, tabs, line breaks, no-break spaces) before deciding a cell is a
/// formula, so the check looks past it too.
pub fn cell(text: &str) -> String {
    let first = text.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    if first.starts_with(['=', '+', '-', '@'])
        || text.starts_with(|c: char| c.is_whitespace() || c.is_control())
    {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The file's name and its CSV text.
fn csv_of(lang: Lang, export: &Export) -> Result<(String, String), csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header(lang))?;
    for e in &export.entries {
        let tz_name = e.time_zone.clone().unwrap_or_else(|| "UTC".into());
        let local = e.occurred_at.with_timezone(&zone(&tz_name));
        let category = ItemCategory::from_key(&e.category)
            .unwrap_or(ItemCategory::Other)
            .label(lang);
        let record = [
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            tz_name,
            e.kind.clone(),
            cell(&e.item),
            cell(&e.unit),
            category.to_string(),
            cell(&e.location),
            e.to_location.as_deref().map(cell).unwrap_or_default(),
            e.quantity.to_string(),
            e.counted.map(|c| c.to_string()).unwrap_or_default(),
            e.source.clone().unwrap_or_default(),
            e.cost_cents.map(super::money).unwrap_or_default(),
            cell(&e.reason),
            e.shift_id.map(|s| s.to_string()).unwrap_or_default(),
            if e.kind == "handout" {
                service::occasion_of(e).label(lang).to_string()
            } else {
                String::new()
            },
            e.hearing_id.map(|h| h.to_string()).unwrap_or_default(),
            cell(&e.purpose),
            if e.beyond_stock {
                t!(lang, supplies.csv.yes).into()
            } else {
                String::new()
            },
        ];
        out.write_record(&record)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    let name = format!(
        "vigil-supplies-{}-to-{}.csv",
        export.from.format("%Y-%m-%d"),
        export.to.format("%Y-%m-%d")
    );
    Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
}

pub(super) async fn export(
    Actor(actor): Actor,
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let text = |status: StatusCode, message: String| {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    };
    match service::export(&state.db, &actor, &field("from"), &field("to"), Utc::now()).await {
        Ok(Ok(export)) => {
            let (filename, body) = match csv_of(lang, &export) {
                Ok(csv) => csv,
                Err(err) => {
                    let err = AppError::unexpected(err);
                    err.log_at_edge();
                    return text(StatusCode::INTERNAL_SERVER_ERROR, err.say(lang));
                }
            };
            let mut res = (StatusCode::OK, body).into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Ok(Err(errors)) => text(
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .into_iter()
                .map(|(_, e)| crate::kernel::refusals::say(lang, &e))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(err) => {
            let err = AppError::from(err);
            err.log_at_edge();
            text(
                StatusCode::from_u16(err.status_code())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                err.say(lang),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        for formula in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            " =HYPERLINK(\"x\")",
            "\t=1",
            "\r\n+1",
            "\u{a0}@x",
            "   -2+3",
            "\n=cmd",
        ] {
            assert!(cell(formula).starts_with('\''), "{formula:?} is escaped");
        }
        for plain in ["water", "Transit card", "a=b", "3 jackets", ""] {
            assert_eq!(cell(plain), plain, "{plain:?} is left as it is");
        }
    }
}
