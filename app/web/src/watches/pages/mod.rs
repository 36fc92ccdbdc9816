//! Watch pages: open shifts, a shift, my shifts, the watch page with its live release log,
//! the coordinators' watch list and coverage board, and the call-out answer page. Every
//! button is a plain form, so all of it works with JavaScript off.
use super::api::{
    get_call_out, get_shift, get_watch, list_watches, load_coverage, my_shifts, open_shifts,
    release_log,
};
use super::{
    Helper, Need, ReleaseEntry, ShiftCard, ShiftFlag, ShiftTime, WatchDetail, WatchKind,
    WatchSummary,
};
use crate::accounts::{Account, Role};
use crate::facilities::api::list_facilities;
use crate::forms::{
    ActionButton, CheckBox, FormEcho, GroupError, Hidden, PostForm, SelectField, SubmitButton,
    TextArea, TextField,
};
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

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "signed-up" => "You're signed up. We'll remind you before the shift.",
        "waitlisted" => "The shift is full: you're on the waitlist. If a seat frees, you get it and we'll email you.",
        "dropped" => "Done: you're off this shift. Thank you for letting us know in time.",
        "cant-come" => "The coordinators know you can't come. They'll find cover.",
        "checked-in" => "Checked in. Thank you for being there.",
        "checked-out" => "Checked out. Get home safe.",
        "created" => "Watch created.",
        "shift-added" => "Shift added.",
        "closed" => "Watch closed. Shifts that hadn't started are cancelled and their volunteers told.",
        "logged" => "Release logged.",
        "expected-added" => "Added to the expected list.",
        "called-out" => "Call-out sent to everyone who opted in.",
        "assigned" => "Volunteer assigned and told.",
        "removed" => "Taken off the shift and told; the waitlist moved up.",
        "no-show" => "Marked as a no-show.",
        "seat" => "You're on it. Thank you — details below.",
        "filled" => "It's already filled. Thank you for answering.",
        _ => return None,
    })
}
