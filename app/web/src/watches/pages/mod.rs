//! Watch pages: open shifts, a shift, my shifts, the watch page with its live release log,
//! the coordinators' watch list and coverage board, and the call-out answer page. Every
//! button is a plain form, so all of it works with JavaScript off.
use super::api::{
    get_call_out, get_shift, get_watch, list_watches, load_coverage, log_lines, my_shifts,
    open_shifts, release_log, LogLine,
};
use super::{Helper, Need, ShiftCard, ShiftFlag, ShiftTime, WatchDetail, WatchKind, WatchSummary};
use crate::accounts::{Account, Role};
use crate::facilities::api::list_facilities;
use crate::forms::{
    ActionButton, CheckBox, FormEcho, GroupError, Hidden, PostForm, SelectField, SubmitButton,
    TextArea, TextField,
};
use crate::i18n::dates;
use crate::i18n::{use_lang, Lang};
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole, WithPage};
use crate::signups::SeatStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod watch;
pub use watch::*;
mod coverage;
pub use coverage::*;
mod shifts;
pub use shifts::*;
mod print;
pub use print::*;

fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(
        match code {
            "signed-up" => t!(lang, watches.done.signed_up),
            "waitlisted" => t!(lang, watches.done.waitlisted),
            "dropped" => t!(lang, watches.done.dropped),
            "cant-come" => t!(lang, watches.done.cant_come),
            "checked-in" => t!(lang, watches.done.checked_in),
            "checked-out" => t!(lang, watches.done.checked_out),
            "created" => t!(lang, watches.done.created),
            "shift-added" => t!(lang, watches.done.shift_added),
            "closed" => t!(lang, watches.done.closed),
            "logged" => t!(lang, watches.done.logged),
            "expected-added" => t!(lang, watches.done.expected_added),
            "called-out" => t!(lang, watches.done.called_out),
            "assigned" => t!(lang, watches.done.assigned),
            "removed" => t!(lang, watches.done.removed),
            "no-show" => t!(lang, watches.done.no_show),
            "seat" => t!(lang, watches.done.seat),
            "filled" => t!(lang, watches.done.filled),
            _ => return crate::rides::pages::done_message(lang, code),
        }
        .into(),
    )
}
