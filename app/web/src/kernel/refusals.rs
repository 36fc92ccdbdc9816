//! Refusals in words. The domain says *what* was refused (`vigil_domain::Refusal`); this is
//! the one place that says it to a person, so a second language is a second arm here (or a
//! catalogue behind it), not an edit in every service.
use vigil_domain::{
    accounts, calendar, facilities, hearings, notifications, people, signups, supplies, time,
    watches, Refusal,
};

/// A refusal as the person reads it.
pub fn say(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Accounts(r) => account(*r).into(),
        Refusal::Calendar(r) => calendar(*r).into(),
        Refusal::Facilities(r) => facility(*r).into(),
        Refusal::Hearings(r) => hearing(*r),
        Refusal::Notifications(r) => notification(*r).into(),
        Refusal::People(r) => person(*r),
        Refusal::Seats(r) => seat(*r).into(),
        Refusal::Supplies(r) => supplies(*r),
        Refusal::Time(r) => time(r),
        Refusal::Watches(r) => watch(*r),
    }
}

fn account(r: accounts::Refusal) -> &'static str {
    use accounts::Refusal::*;
    match r {
        EmailMissing => "Enter an email address.",
        EmailMalformed => "Enter an email address like name@example.org.",
        EmailTaken => "That address is already used by another account, so yours was not changed.",
        CannotDeactivateSelf => "You can't deactivate your own account. Ask another coordinator.",
        NameTooLong => "Keep the name under 60 characters.",
        NameUnprintable => "The name has characters we can't show.",
        NameMissing => "Enter the name your team knows you by.",
        ChooseRole => "Choose at least one role.",
        AlreadyHasAccount => "This address already has an account: find it in the list below.",
        InvitationNotSent => {
            "The account was created but the invitation email could not be \
            sent. They can ask for a sign-in link on the sign-in page."
        }
        LanguagesList => "List languages separated by commas, e.g. Spanish, Haitian Creole.",
    }
}

fn calendar(r: calendar::Refusal) -> &'static str {
    match r {
        calendar::Refusal::ChoosePlace => "Choose the facility or court.",
    }
}

fn facility(r: facilities::Refusal) -> &'static str {
    use facilities::Refusal::*;
    match r {
        NameMissing => "Give the facility a name people will recognise.",
        NameTooLong => "Keep the name under 100 characters.",
        ChooseKind => "Choose what kind of place this is.",
        AddressTooLong => "Keep the address under 200 characters.",
        NotesTooLong => "Keep the notes under 2,000 characters.",
    }
}

fn hearing(r: hearings::Refusal) -> String {
    use hearings::Refusal::*;
    match r {
        OnlyScheduledMoves => "Only a scheduled hearing can move.".into(),
        ChangedMeanwhile => "This hearing changed meanwhile: reload it and try again.".into(),
        OnlyScheduledCancels => "Only a scheduled hearing can be cancelled.".into(),
        OutcomeBeforeStart => "The outcome can be recorded once the hearing has started.".into(),
        OutcomeClosed => "This hearing was cancelled or already has its outcome.".into(),
        Cancelled => "This hearing was cancelled.".into(),
        Over => "This hearing is over.".into(),
        Started => "This hearing has started.".into(),
        AccompaniersOnly => "Only accompaniers can sign up for hearings: ask a coordinator to \
            add the role to your account."
            .into(),
        TooLateToLeave => format!(
            "It's less than {} before the hearing, so a coordinator needs to know: use “I \
             can't come” and they'll find someone.",
            time::in_words(signups::DROP_CUTOFF)
        ),
        NotSignedUp => "You're not signed up for this hearing.".into(),
        NotSignedUpOrAlreadyTold => "You're not signed up for this hearing (or you've already \
            told the coordinators)."
            .into(),
        ChoosePerson => "Choose the person this hearing is for.".into(),
        ChooseCourt => "Choose the court (a facility of kind courthouse).".into(),
        TimePassed => "This time has passed: enter the hearing's upcoming date and time.".into(),
        WantedOutOfRange => "Enter how many accompaniers, from 1 to 20.".into(),
        MeetMinutesOutOfRange => "Enter minutes before the hearing, from 0 to 240.".into(),
        NewTimePassed => "The new time has passed: enter an upcoming date and time.".into(),
        SameTime => "That's the time it has now.".into(),
        NextDatePassed => "The next date must be in the future.".into(),
        TextTooLong { max } => format!("Keep this under {max} characters."),
        TextUnstorable => "This has characters we can't store.".into(),
        LanguagesList => "List up to six languages, separated by commas.".into(),
    }
}

fn notification(r: notifications::Refusal) -> &'static str {
    match r {
        notifications::Refusal::ReminderHours => {
            "Hours before, separated by commas, e.g. 24, 2 (at most 168)."
        }
        notifications::Refusal::QuietHours => {
            "Give both times as HH:MM, e.g. 22:00 and 07:00, or leave both empty."
        }
        notifications::Refusal::UnknownZone => {
            "Use a time zone name like America/Chicago or Europe/Madrid."
        }
    }
}

fn person(r: people::Refusal) -> String {
    use people::Refusal::*;
    match r {
        TooLong { max } => format!("Keep this under {max} characters: only what the team needs."),
        Unstorable => "This has characters we can't store.".into(),
        NotADate => "Enter a date like 2026-12-31.".into(),
        ForgetInPast => {
            "Choose today or a later date. To forget this person now, use “Erase now”.".into()
        }
        ForgetTooFar => "Keep records at most a year; set a nearer date.".into(),
        TooFarAhead => "This is more than two years ahead: check the year.".into(),
    }
}

fn seat(r: signups::Refusal) -> &'static str {
    match r {
        signups::Refusal::SlotCancelled => "This shift was cancelled.",
        signups::Refusal::RemovedByCoordinator => {
            "A coordinator took you off this one. Ask them if you'd like to come back."
        }
    }
}

fn supplies(r: supplies::Refusal) -> String {
    use supplies::Refusal::*;
    match r {
        ShiftCancelled => "This shift was cancelled.".into(),
        HandoutsNotOpen => format!(
            "Handouts can be logged from {} before the shift starts.",
            time::in_words(watches::rules::CHECK_IN_EARLY)
        ),
        HandoutsShiftOver => "This shift is over. Tell a coordinator what wasn't logged; they \
            can correct the count."
            .into(),
        KitNameTaken => {
            "A storage place already has this facility's kit name. Rename it first.".into()
        }
        TooManyTaps => format!(
            "Too many taps at once (at most {}). Send them in parts.",
            supplies::ledger::MAX_TAPS
        ),
        TapWithoutId => "A tap came without a valid id. Reload the page and tap again.".into(),
        TapQuantity => format!(
            "Each line can hand out 1 to {} at once.",
            supplies::ledger::MAX_QUANTITY
        ),
        QuantityTooLarge => format!(
            "That's more than {} at once. Check the number, or enter it in parts.",
            supplies::ledger::MAX_QUANTITY
        ),
        QuantityBelowZero => "Enter 0 or more.".into(),
        QuantityBelowOne => "Enter 1 or more.".into(),
        QuantityMissing => "Enter how many.".into(),
        NotAWholeNumber => "Enter a whole number, like 12.".into(),
        CountOutOfRange => "Enter what you counted: 0 or more.".into(),
        CountMissing => "Enter what you counted (0 if there are none).".into(),
        CostNotANumber => "Enter the cost as a number, like 24.50.".into(),
        CostTooLarge => "That cost is too large. Enter it in parts.".into(),
        NameMissing { what } => format!("Enter the {}.", named(what)),
        NameTooLong { what, max } => format!("Keep the {} under {max} characters.", named(what)),
        ItemExists => "That item is in the list already.".into(),
        PlaceExists => "There is a place with that name already.".into(),
        ChooseCategory => "Choose a category.".into(),
        ChooseItem => "Choose an item.".into(),
        ChoosePlace => "Choose a place.".into(),
        ChooseBothPlaces => "Choose both places.".into(),
        DonatedOrBought => "Say whether it was donated or bought.".into(),
        DonationHasNoCost => {
            "A donation has no cost: leave this empty, or choose \"bought\".".into()
        }
        SamePlace => "Choose a different place to move it to.".into(),
        ReasonTooLong => "Keep the reason under 200 characters.".into(),
        UnknownEntryKind => "Unknown kind of entry.".into(),
        CountDiffers { recorded, counted } => format!(
            "The records say {recorded}, you counted {counted}: say why they differ (e.g. \
             \"handed out, not logged\")."
        ),
        NotADate => "Enter a date like 2026-11-02.".into(),
        StartAfterEnd => "The start is after the end.".into(),
        RangeTooLong => "Choose at most a year and a half.".into(),
        NotEnoughHeld { held } => {
            format!("The records say there are only {held} there. Count it first if that's wrong.")
        }
    }
}

fn named(what: supplies::Named) -> &'static str {
    match what {
        supplies::Named::Item => "item's name",
        supplies::Named::Unit => "unit",
        supplies::Named::Place => "place's name",
    }
}

fn time(r: &time::Refusal) -> String {
    match r {
        time::Refusal::UnknownZone => {
            "Choose a time zone like America/New_York or Europe/Paris.".into()
        }
        time::Refusal::NotADateTime => "Enter a date and time like 2026-11-24 20:00.".into(),
        time::Refusal::SkippedTime { at, zone } => format!(
            "{} doesn't exist in {zone} (the clocks go forward then). Pick a time outside that \
             hour.",
            at.format("%H:%M on %-d %B"),
        ),
    }
}

fn watch(r: watches::Refusal) -> String {
    use watches::Refusal::*;
    match r {
        ShiftCancelled => "This shift was cancelled.".into(),
        ShiftOver => "This shift is over.".into(),
        WatchClosed => "This watch is closed.".into(),
        WatchAlreadyClosed => "This watch is already closed.".into(),
        TooLateToLeave => format!(
            "It's less than {} before the shift, so a coordinator needs to know: use “I can't \
             come” and they'll find cover.",
            time::in_words(signups::DROP_CUTOFF)
        ),
        NotOnShift => "You're not on this shift.".into(),
        NotOnShiftOrAlreadyTold => "You're not signed up for this shift (or you've already \
            told the coordinators)."
            .into(),
        CheckInNotOpen => format!(
            "Check-in opens {} before the shift starts.",
            time::in_words(watches::rules::CHECK_IN_EARLY)
        ),
        NotSignedUp => "You're not signed up for this shift.".into(),
        ChooseActiveVolunteer => "Choose an active volunteer.".into(),
        NoShowBeforeStart => "A no-show can be marked once the shift has started.".into(),
        PersonNotOnShift => "That person isn't on this shift.".into(),
        CallOutSize => "Ask for between 1 and 100 people.".into(),
        ReleasesByShiftOnly => "Only the volunteers on shift now (and coordinators) can log \
            releases here."
            .into(),
        ChooseExpectedPerson => "Choose a person from the list.".into(),
        ChooseFacility => "Choose the facility.".into(),
        ChoosePerson => "Choose a person.".into(),
        ChooseShift => "Choose the shift that needs people.".into(),
        NeededMissing => "Enter how many people are needed.".into(),
        ChooseVolunteer => "Choose a volunteer.".into(),
        FewestOutOfRange => "Enter how many people at least, from 1 to 100.".into(),
        MostOutOfRange => "Enter how many people at most, from 1 to 200.".into(),
        MostBelowFewest => "The most can't be fewer than the least.".into(),
        EndBeforeStart => "The end must be after the start (leave it empty for “until the \
            last person is out”)."
            .into(),
        SlotLength => "Slots are 1 to 24 hours long (or leave empty to add shifts by hand).".into(),
        ShiftEndsBeforeStart => "The shift must end after it starts.".into(),
        ShiftTooLong => "Keep a shift under 24 hours.".into(),
        ShiftExists => "There is already a shift starting then.".into(),
        ReleasedInFuture => "That time is in the future.".into(),
        LabelTooLong => {
            "Keep the label short, like R-14 (20 characters at most). Never a name.".into()
        }
        NotExpected => "Choose someone from the expected list, or leave it empty.".into(),
        UnknownNeed => "Choose from the list.".into(),
        NoteTooLong => format!(
            "Keep the note under {} characters.",
            crate::watches::service::HANDOFF_NOTE_MAX
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn a_refusal_names_the_rule_it_comes_from() {
        let late: Refusal = watches::Refusal::TooLateToLeave.into();
        assert!(say(&late).contains("3 hours"), "{}", say(&late));
        let early: Refusal = watches::Refusal::CheckInNotOpen.into();
        assert!(say(&early).contains("30 minutes"), "{}", say(&early));
    }

    #[test]
    fn a_server_functions_refusal_reaches_the_browser_in_words() {
        use leptos::server_fn::error::FromServerFnError;
        let err = AppError::from(hearings::Refusal::ChangedMeanwhile);
        let sent = err.ser();
        let received = AppError::de(sent);
        let words = "This hearing changed meanwhile: reload it and try again.";
        assert_eq!(received, AppError::Told(words.into()));
        assert_eq!(received.to_string(), err.to_string());
        assert_eq!(received.status_code(), 422);
    }

    #[test]
    fn page_data_carries_a_refusal_in_words_too() {
        // Resources serialise their `Result` with plain serde, not through `ser`.
        let data: Result<(), AppError> = Err(supplies::Refusal::HandoutsNotOpen.into());
        let json = serde_json::to_string(&data).unwrap();
        assert_eq!(
            json,
            r#"{"Err":{"Told":"Handouts can be logged from 30 minutes before the shift starts."}}"#
        );
    }
}
