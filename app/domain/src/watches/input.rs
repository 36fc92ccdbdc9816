//! The watch forms as sent: strings, named as the page's fields. The use cases check them
//! (a time is read in the facility's zone, so checking needs the facility).
use serde::Deserialize;

/// The new-watch form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WatchForm {
    pub facility_id: String,
    pub kind: String,
    pub starts_at: String,
    pub ends_at: String,
    pub slot_hours: String,
    pub min_volunteers: String,
    pub max_volunteers: String,
    pub needs_lead: String,
}

/// The add-a-shift-by-hand form on a watch.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShiftForm {
    pub shift_start: String,
    pub shift_end: String,
    pub min_volunteers: String,
    pub max_volunteers: String,
    pub needs_lead: String,
}

/// The release-log form (its `needs` checkboxes repeat a name, so they come separately).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReleaseForm {
    pub released_at: String,
    pub label: String,
    pub person_id: String,
    pub handoff_note: String,
}

/// A checkbox is "on" when ticked and absent when not.
pub fn ticked(value: &str) -> bool {
    value == "on"
}
