//! Why a watch, shift or release action was refused: *what* went wrong, for the web layer
//! to put into words in the reader's language.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    ShiftCancelled,
    ShiftOver,
    WatchClosed,
    WatchAlreadyClosed,
    /// Leaving on one's own is past `signups::DROP_CUTOFF`: tell the coordinators instead.
    TooLateToLeave,
    NotOnShift,
    /// "I can't come" from someone with no seat, or who has already said so.
    NotOnShiftOrAlreadyTold,
    /// Check-in opens `rules::CHECK_IN_EARLY` before the start.
    CheckInNotOpen,
    NotSignedUp,
    ChooseActiveVolunteer,
    NoShowBeforeStart,
    PersonNotOnShift,
    CallOutSize,
    /// Releases are logged by the volunteers on shift now, and coordinators.
    ReleasesByShiftOnly,
    ChooseExpectedPerson,
    // What to fix in a watch, shift or release form.
    ChooseFacility,
    /// Fewer than 1 or more than 100 people at least.
    FewestOutOfRange,
    /// Fewer than 1 or more than 200 people at most.
    MostOutOfRange,
    MostBelowFewest,
    /// A watch's end at or before its start (empty means "until the last person is out").
    EndBeforeStart,
    /// Slots are 1 to 24 hours long.
    SlotLength,
    ShiftEndsBeforeStart,
    /// A shift of 24 hours or more.
    ShiftTooLong,
    /// Another shift of the watch starts at the same time.
    ShiftExists,
    ReleasedInFuture,
    /// A release label over 20 characters (a label, like R-14, never a name).
    LabelTooLong,
    /// A person not on the watch's expected list.
    NotExpected,
    UnknownNeed,
    /// The same need ticked as met and as still needed.
    MetAndStillNeeded,
    /// A hand-off note over `HANDOFF_NOTE_MAX` characters.
    NoteTooLong,
    ChoosePerson,
    /// A call-out without the shift that needs people.
    ChooseShift,
    /// A call-out without how many people are needed.
    NeededMissing,
    ChooseVolunteer,
    /// A night to print that isn't a day (`YYYY-MM-DD`).
    NotADay,
}
