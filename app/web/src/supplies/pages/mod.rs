//! Supplies pages: the tally screen of a shift or a hearing (phone-sized; taps queue on the phone while
//! there is no signal), the coordinators' report with charts, and the stock page with the
//! restock, move, count and catalogue forms. Without JavaScript every form is a plain POST.
use super::api::{load_report, load_stock, load_tally_at};
use super::chart::{ColumnChart, RowChart};
use super::{
    money, Bar, ItemCategory, StockLine, StockPage, SupplyReport, Tally, TallyAt, TallyLine,
};
use crate::accounts::{Account, Role};
use crate::error::AppError;
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextField};
use crate::i18n::{dates, use_lang, Lang};
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod tally;
pub use tally::*;
mod report;
pub use report::*;
mod stock;
pub use stock::*;
mod hearing_source;
pub use hearing_source::*;

fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(
        match code {
            "saved" => t!(lang, supplies.done.saved),
            "item-added" => t!(lang, supplies.done.item_added),
            "place-added" => t!(lang, supplies.done.place_added),
            "threshold-set" => t!(lang, supplies.done.threshold_set),
            "restocked" => t!(lang, supplies.done.restocked),
            "moved" => t!(lang, supplies.done.moved),
            "counted" => t!(lang, supplies.done.counted),
            "handed-out" => t!(lang, supplies.done.handed_out),
            _ => return None,
        }
        .into(),
    )
}
