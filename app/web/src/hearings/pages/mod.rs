//! Hearing pages: hearings needing people, a hearing, my hearings, a coordinator's new
//! hearing form and the CSV import. Every button is a plain form: all of it works with
//! JavaScript off.
use super::api::{browse_hearings, get_hearing, hearing_form_options, my_hearings};
use super::{HearingCard, HearingDetail, HearingKind, HearingStatus, ImportColumn, ImportPreview};
use crate::accounts::{Account, Role};
use crate::forms::{
    ActionButton, FormEcho, PostForm, SelectField, SubmitButton, TextArea, TextField,
};
use crate::i18n::{dates, use_lang, Lang};
use crate::kernel::labels::{hearing_staffing, hearing_title};
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole, WithPage};
use crate::signups::SeatStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod hearing;
pub use hearing::*;
mod list;
pub use list::*;
mod new;
pub use new::*;

fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(
        match code {
            "created" => t!(lang, hearings.done.created),
            "signed-up" => t!(lang, hearings.done.signed_up),
            "waitlisted" => t!(lang, hearings.done.waitlisted),
            "dropped" => t!(lang, hearings.done.dropped),
            "cant-come" => t!(lang, hearings.done.cant_come),
            "still-coming" => t!(lang, hearings.done.still_coming),
            "cant-make-it" => t!(lang, hearings.done.cant_make_it),
            "moved" => t!(lang, hearings.done.moved),
            "cancelled" => t!(lang, hearings.done.cancelled),
            "outcome" => t!(lang, hearings.done.outcome),
            "handouts-from" => t!(lang, hearings.done.handouts_from),
            _ => return None,
        }
        .into(),
    )
}
