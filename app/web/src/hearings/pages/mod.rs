//! Hearing pages: hearings needing people, a hearing, my hearings, a coordinator's new
//! hearing form and the CSV import. Every button is a plain form: all of it works with
//! JavaScript off.
use super::api::{browse_hearings, get_hearing, hearing_form_options, my_hearings};
use super::{HearingCard, HearingDetail, HearingKind, HearingStatus, ImportColumn, ImportPreview};
use crate::accounts::{Account, Role};
use crate::forms::{
    ActionButton, FormEcho, PostForm, SelectField, SubmitButton, TextArea, TextField,
};
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

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "Hearing added. Accompaniers can find it now.",
        "signed-up" => "You're signed up. We'll remind you before the hearing, and tell you at once if it moves.",
        "waitlisted" => "It has all the accompaniers it wants: you're on the waitlist. If a place frees, it's yours and we'll email you.",
        "dropped" => "Done: you're off this hearing. Thank you for letting us know in time.",
        "cant-come" => "The coordinators know you can't come. They'll find someone.",
        "still-coming" => "Thank you: the coordinators see you're still coming at the new time.",
        "cant-make-it" => "Done: your place is open for someone else, and the coordinators know.",
        "moved" => "Hearing moved. Everyone signed up has been told and asked if they can still come.",
        "cancelled" => "Hearing cancelled. Everyone signed up has been told.",
        "outcome" => "Outcome recorded.",
        _ => return None,
    })
}
