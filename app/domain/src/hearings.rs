//! Court hearings and accompaniment: accompaniers sign up to go with a supported person to a
//! hearing, and hear at once when it moves. Seats use the shared mechanism in `signups`
//! (same waitlist and drop cutoff as watch shifts).
use crate::signups::SeatStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why a hearing action was refused: *what* went wrong, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    OnlyScheduledMoves,
    /// Someone else changed the hearing between loading the form and sending it.
    ChangedMeanwhile,
    OnlyScheduledCancels,
    OutcomeBeforeStart,
    OutcomeClosed,
    Cancelled,
    Over,
    Started,
    AccompaniersOnly,
    /// Leaving on one's own is past `signups::DROP_CUTOFF`: tell the coordinators instead.
    TooLateToLeave,
    NotSignedUp,
    /// "I can't come" from someone with no seat, or who has already said so.
    NotSignedUpOrAlreadyTold,
    // What to fix in a hearing form.
    ChoosePerson,
    /// No court chosen, or a facility that is not a courthouse.
    ChooseCourt,
    TimePassed,
    /// Fewer than 1 or more than 20 accompaniers wanted.
    WantedOutOfRange,
    /// Meeting fewer than 0 or more than 240 minutes before.
    MeetMinutesOutOfRange,
    /// A move to a time that has passed.
    NewTimePassed,
    /// A move to the time the hearing already has.
    SameTime,
    NextDatePassed,
    TextTooLong {
        max: usize,
    },
    /// Control characters that can't be stored.
    TextUnstorable,
    /// More than six languages, or one over 40 characters.
    LanguagesList,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HearingKind {
    MasterCalendar,
    Merits,
    Arraignment,
    Bond,
    Trial,
    Other,
}

impl HearingKind {
    pub const ALL: [HearingKind; 6] = [
        HearingKind::MasterCalendar,
        HearingKind::Merits,
        HearingKind::Arraignment,
        HearingKind::Bond,
        HearingKind::Trial,
        HearingKind::Other,
    ];
    pub fn key(self) -> &'static str {
        match self {
            HearingKind::MasterCalendar => "master",
            HearingKind::Merits => "merits",
            HearingKind::Arraignment => "arraignment",
            HearingKind::Bond => "bond",
            HearingKind::Trial => "trial",
            HearingKind::Other => "other",
        }
    }
    pub fn from_key(key: &str) -> Option<HearingKind> {
        HearingKind::ALL.into_iter().find(|k| k.key() == key)
    }
    /// A docket's wording ("Master", "INDIVIDUAL", "bond hearing") to a kind.
    pub fn from_docket(text: &str) -> Option<HearingKind> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        Some(match t {
            t if t.starts_with("master") || t == "mch" => HearingKind::MasterCalendar,
            t if t.starts_with("individual") || t.starts_with("merits") || t == "ih" => {
                HearingKind::Merits
            }
            t if t.starts_with("arraign") => HearingKind::Arraignment,
            t if t.starts_with("bond") || t.starts_with("bail") => HearingKind::Bond,
            t if t.starts_with("trial") => HearingKind::Trial,
            t => return HearingKind::from_key(&t).or(Some(HearingKind::Other)),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HearingStatus {
    Scheduled,
    /// Rescheduled at least once; its earlier dates are kept.
    Moved,
    Completed,
    Cancelled,
}

impl HearingStatus {
    pub fn key(self) -> &'static str {
        match self {
            HearingStatus::Scheduled => "scheduled",
            HearingStatus::Moved => "moved",
            HearingStatus::Completed => "completed",
            HearingStatus::Cancelled => "cancelled",
        }
    }
    pub fn from_key(key: &str) -> Option<HearingStatus> {
        [
            HearingStatus::Scheduled,
            HearingStatus::Moved,
            HearingStatus::Completed,
            HearingStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
    /// Still ahead of us: people can sign up, and it can move or be cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, HearingStatus::Scheduled | HearingStatus::Moved)
    }
}

/// A hearing as any accompanier sees it: the court's public name, the time, what is needed.
/// Never the person, the courtroom or the judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingCard {
    pub id: i64,
    pub court_id: i64,
    pub court_name: String,
    pub court_address: String,
    pub kind: HearingKind,
    pub status: HearingStatus,
    /// When it starts (no end), in the court's time zone.
    pub when: crate::time::Span,
    /// The local date, "2026-12-01".
    pub day: String,
    /// When those going meet, and where (may be empty).
    pub meet_at: chrono::DateTime<chrono::Utc>,
    pub meeting_point: String,
    pub languages: Vec<String>,
    pub wanted: i64,
    /// Display names of the accompaniers signed up.
    pub signed_up: Vec<String>,
    /// Those of them who confirmed by replying to a reminder text.
    pub confirmed: Vec<String>,
    pub waitlisted: i64,
    /// Earlier times of a moved hearing, most recent first.
    pub moved_from: Vec<chrono::DateTime<chrono::Utc>>,
    pub past: bool,
    /// The viewer's seat, if any.
    pub my_status: Option<SeatStatus>,
    pub my_waitlist_place: Option<i64>,
    pub my_cant_come: bool,
    /// The viewer may still drop without a coordinator.
    pub before_cutoff: bool,
    /// The hearing moved since the viewer signed up or last said they can still come.
    pub needs_reply: bool,
}

impl HearingCard {
    pub fn path(&self) -> String {
        format!("/hearings/{}", self.id)
    }
    pub fn free_seats(&self) -> i64 {
        (self.wanted - self.signed_up.len() as i64).max(0)
    }
}

/// The person a hearing is for, as far as the viewer may see them now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonGlimpse {
    pub id: i64,
    pub alias: String,
    pub languages: String,
    pub note: String,
}

/// A hearing's page: the card plus what only some viewers may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingDetail {
    pub card: HearingCard,
    /// Coordinators and the hearing's accompaniers only.
    pub courtroom: Option<String>,
    pub outcome_note: Option<String>,
    /// Coordinators always; accompaniers on it within the helper window.
    pub person: Option<PersonGlimpse>,
    pub coordinator: bool,
    /// After the start: a coordinator or an accompanier on it records the outcome.
    pub can_record_outcome: bool,
    pub next_hearing_id: Option<i64>,
    /// The start as a `datetime-local` value in the court's zone (for the move form).
    pub start_input: String,
    /// Coordinators: each accompanier and whether they confirmed the current time.
    pub confirmations: Vec<(String, bool)>,
}

/// Hearings needing people, filtered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HearingFilter {
    pub court: Option<i64>,
    /// A language needed; empty for any.
    pub language: String,
}

/// What the browse page offers to filter by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingBrowse {
    pub hearings: Vec<HearingCard>,
    pub courts: Vec<(i64, String)>,
    /// The viewer's languages (from their profile) first, then others needed somewhere.
    pub languages: Vec<String>,
    pub my_languages: Vec<String>,
}

/// Choices for a coordinator's new-hearing form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewHearingChoices {
    pub courts: Vec<(i64, String)>,
    /// `(person id, alias)`.
    pub people: Vec<(i64, String)>,
}

/// What is wrong with a docket file or one of its rows: *what*, for the web layer to word.
/// Never a cell's content (the file holds case references).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblem {
    EmptyFile,
    /// The file isn't CSV.
    NotCsv,
    /// This line isn't valid CSV (its quotes, usually).
    BadLine {
        line: u64,
    },
    TooManyRows {
        max: usize,
    },
    /// A header line and no rows.
    NoRows,
    /// The person and date columns are not both mapped.
    ChooseColumns,
    /// Accompaniers wanted is not a number from 1 to 20.
    WantedRange,
    MeetingPoint(Refusal),
    PersonMissing,
    NoSuchPersonNumber,
    NoSuchCaseRef,
    NoSuchCourt,
    /// No court column mapped and no court chosen for the file.
    CourtMissing,
    DateUnreadable,
    /// The wall-clock time is skipped in the court's zone (clocks go forward).
    SkippedTime,
    InPast,
    TooFarAhead,
    Courtroom(Refusal),
    Languages,
}

/// A valid row as the preview lists it: its kind, when, and the court's public name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub kind: HearingKind,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub court: String,
}

/// One checked row of a CSV import preview. Messages never repeat a cell's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u64,
    /// What will be added, when the row is valid.
    pub summary: Option<ImportSummary>,
    pub errors: Vec<ImportProblem>,
    /// Already imported from an earlier file.
    pub duplicate: bool,
}

/// What an import would do (or did).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub headers: Vec<String>,
    /// Column chosen for each target (`ImportColumn::key()` → header index), guessed from the
    /// headers until the coordinator changes it.
    pub mapping: Vec<(String, Option<usize>)>,
    pub rows: Vec<ImportRow>,
    /// A problem with the whole file (not CSV, no rows, required column unmapped).
    pub file_error: Option<ImportProblem>,
    pub new_rows: usize,
    pub duplicates: usize,
    pub error_rows: usize,
}

impl ImportPreview {
    pub fn importable(&self) -> bool {
        self.file_error.is_none() && self.error_rows == 0 && self.new_rows > 0
    }
}

/// What each CSV column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportColumn {
    Person,
    Date,
    Time,
    Court,
    Kind,
    Courtroom,
    Languages,
}

impl ImportColumn {
    pub const ALL: [ImportColumn; 7] = [
        ImportColumn::Person,
        ImportColumn::Date,
        ImportColumn::Time,
        ImportColumn::Court,
        ImportColumn::Kind,
        ImportColumn::Courtroom,
        ImportColumn::Languages,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ImportColumn::Person => "map_person",
            ImportColumn::Date => "map_date",
            ImportColumn::Time => "map_time",
            ImportColumn::Court => "map_court",
            ImportColumn::Kind => "map_kind",
            ImportColumn::Courtroom => "map_courtroom",
            ImportColumn::Languages => "map_languages",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docket_wording_maps_to_kinds() {
        assert_eq!(
            HearingKind::from_docket("MASTER"),
            Some(HearingKind::MasterCalendar)
        );
        assert_eq!(
            HearingKind::from_docket("Individual Hearing"),
            Some(HearingKind::Merits)
        );
        assert_eq!(HearingKind::from_docket("bond"), Some(HearingKind::Bond));
        assert_eq!(
            HearingKind::from_docket("status conference"),
            Some(HearingKind::Other)
        );
        assert_eq!(HearingKind::from_docket(" "), None);
    }
}

/// The hearing form as sent (new hearings).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HearingForm {
    pub person_id: String,
    pub court_id: String,
    pub starts_at: String,
    pub kind: String,
    pub courtroom: String,
    pub languages: String,
    pub wanted: String,
    pub meeting_point: String,
    pub meet_minutes: String,
}

/// The after-the-hearing form: a logistics note and, optionally, the next date.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub outcome_note: String,
    pub next_date: String,
}

/// The docket import's settings and column choices, as the preview form sends them back.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    /// "1" once the coordinator has seen (and maybe changed) the column guesses.
    pub mapped: String,
    pub map_person: String,
    pub map_date: String,
    pub map_time: String,
    pub map_court: String,
    pub map_kind: String,
    pub map_courtroom: String,
    pub map_languages: String,
    pub court_id: String,
    pub wanted: String,
    pub meeting_point: String,
}

impl ImportForm {
    /// The header index chosen for `column` ("" for none), as typed.
    pub fn column(&self, column: ImportColumn) -> &str {
        match column {
            ImportColumn::Person => &self.map_person,
            ImportColumn::Date => &self.map_date,
            ImportColumn::Time => &self.map_time,
            ImportColumn::Court => &self.map_court,
            ImportColumn::Kind => &self.map_kind,
            ImportColumn::Courtroom => &self.map_courtroom,
            ImportColumn::Languages => &self.map_languages,
        }
    }
}
