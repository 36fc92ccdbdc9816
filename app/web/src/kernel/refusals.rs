//! Refusals in words. The domain says *what* was refused (`vigil_domain::Refusal`); this is
//! the one place that says it to a person, in their language (`locales/*/refusals.json`).
//! Rule lengths and limits come from the rules' own constants, so the words can't drift from
//! what is enforced.
use crate::i18n::{dates, Lang};
use vigil_domain::{
    accounts, calendar, court_reminders, facilities, hearings, notifications, people, rides,
    signups, supplies, time, watches, Refusal,
};

/// A refusal as the person reads it, in `lang`.
pub fn say(lang: Lang, refusal: &Refusal) -> String {
    match refusal {
        Refusal::Accounts(r) => account(lang, *r),
        Refusal::Calendar(r) => calendar(lang, *r),
        Refusal::CourtReminders(r) => court_reminder(lang, *r),
        Refusal::Facilities(r) => facility(lang, *r),
        Refusal::Hearings(r) => hearing(lang, *r),
        Refusal::Notifications(r) => notification(lang, *r),
        Refusal::People(r) => person(lang, *r),
        Refusal::Rides(r) => ride(lang, *r),
        Refusal::Seats(r) => seat(lang, *r),
        Refusal::Supplies(r) => supplies(lang, *r),
        Refusal::Time(r) => time(lang, r),
        Refusal::Watches(r) => watch(lang, *r),
    }
}

fn account(lang: Lang, r: accounts::Refusal) -> String {
    use accounts::Refusal::*;
    match r {
        EmailMissing => t!(lang, refusals.account.email_missing).into(),
        EmailMalformed => t!(lang, refusals.account.email_malformed).into(),
        EmailTaken => t!(lang, refusals.account.email_taken).into(),
        CannotDeactivateSelf => t!(lang, refusals.account.cannot_deactivate_self).into(),
        NameTooLong => t!(lang, refusals.account.name_too_long).into(),
        NameUnprintable => t!(lang, refusals.account.name_unprintable).into(),
        NameMissing => t!(lang, refusals.account.name_missing).into(),
        ChooseRole => t!(lang, refusals.account.choose_role).into(),
        AlreadyHasAccount => t!(lang, refusals.account.already_has_account).into(),
        InvitationNotSent => t!(lang, refusals.account.invitation_not_sent).into(),
        LanguagesList => t!(lang, refusals.account.languages_list).into(),
        ChooseLanguage => t!(lang, refusals.account.choose_language).into(),
        JoinLinkCoordinator => t!(lang, refusals.account.join_link_coordinator).into(),
        JoinLinkExpiry => t!(lang, refusals.account.join_link_expiry).into(),
        JoinLinkCap => t!(lang, refusals.account.join_link_cap).into(),
        VoucherMissing => t!(lang, refusals.account.voucher_missing).into(),
        VoucherTooLong => t!(lang, refusals.account.voucher_too_long).into(),
    }
}

fn calendar(lang: Lang, r: calendar::Refusal) -> String {
    use calendar::Refusal::*;
    match r {
        ChoosePlace => t!(lang, refusals.calendar.choose_place).into(),
    }
}

fn court_reminder(lang: Lang, r: court_reminders::Refusal) -> String {
    use court_reminders::Refusal::*;
    match r {
        ChooseChannel => t!(lang, court_reminders.refusal.choose_channel).into(),
        ChooseLanguage => t!(lang, court_reminders.refusal.choose_language).into(),
        NoContact => t!(lang, court_reminders.refusal.no_contact).into(),
        ContactNotAPhone => t!(lang, court_reminders.refusal.contact_not_a_phone).into(),
        ContactNotAnEmail => t!(lang, court_reminders.refusal.contact_not_an_email).into(),
        ChannelNotSetUp => t!(lang, court_reminders.refusal.channel_not_set_up).into(),
        NoConsent => t!(lang, court_reminders.refusal.no_consent).into(),
    }
}

fn ride(lang: Lang, r: rides::Refusal) -> String {
    use rides::Refusal::*;
    match r {
        ChooseWhat => t!(lang, rides.refusal.choose_what),
        Seats => t!(lang, rides.refusal.seats),
        Drivers => t!(lang, rides.refusal.drivers),
        AreaTooLong => t!(lang, rides.refusal.area_too_long),
        PickupTooLong => t!(lang, rides.refusal.pickup_too_long),
        Past => t!(lang, rides.refusal.past),
        NotADriver => t!(lang, rides.refusal.not_a_driver),
        Taken => t!(lang, rides.refusal.taken),
        NotOpen => t!(lang, rides.refusal.not_open),
    }
    .into()
}

fn facility(lang: Lang, r: facilities::Refusal) -> String {
    use facilities::Refusal::*;
    match r {
        NameMissing => t!(lang, refusals.facility.name_missing).into(),
        NameTooLong => t!(lang, refusals.facility.name_too_long).into(),
        ChooseKind => t!(lang, refusals.facility.choose_kind).into(),
        AddressTooLong => t!(lang, refusals.facility.address_too_long).into(),
        NotesTooLong => t!(lang, refusals.facility.notes_too_long).into(),
    }
}

fn hearing(lang: Lang, r: hearings::Refusal) -> String {
    use hearings::Refusal::*;
    match r {
        OnlyScheduledMoves => t!(lang, refusals.hearing.only_scheduled_moves).into(),
        ChangedMeanwhile => t!(lang, refusals.hearing.changed_meanwhile).into(),
        OnlyScheduledCancels => t!(lang, refusals.hearing.only_scheduled_cancels).into(),
        OutcomeBeforeStart => t!(lang, refusals.hearing.outcome_before_start).into(),
        OutcomeClosed => t!(lang, refusals.hearing.outcome_closed).into(),
        Cancelled => t!(lang, refusals.hearing.cancelled).into(),
        Over => t!(lang, refusals.hearing.over).into(),
        Started => t!(lang, refusals.hearing.started).into(),
        AccompaniersOnly => t!(lang, refusals.hearing.accompaniers_only).into(),
        TooLateToLeave => t!(
            lang,
            refusals.hearing.too_late_to_leave,
            length = dates::in_words(lang, signups::DROP_CUTOFF)
        ),
        NotSignedUp => t!(lang, refusals.hearing.not_signed_up).into(),
        NotSignedUpOrAlreadyTold => t!(lang, refusals.hearing.not_signed_up_or_already_told).into(),
        ChoosePerson => t!(lang, refusals.hearing.choose_person).into(),
        ChooseCourt => t!(lang, refusals.hearing.choose_court).into(),
        TimePassed => t!(lang, refusals.hearing.time_passed).into(),
        WantedOutOfRange => t!(lang, refusals.hearing.wanted_out_of_range).into(),
        MeetMinutesOutOfRange => t!(lang, refusals.hearing.meet_minutes_out_of_range).into(),
        NewTimePassed => t!(lang, refusals.hearing.new_time_passed).into(),
        SameTime => t!(lang, refusals.hearing.same_time).into(),
        NextDatePassed => t!(lang, refusals.hearing.next_date_passed).into(),
        TextTooLong { max } => t!(lang, refusals.hearing.text_too_long, max = max),
        TextUnstorable => t!(lang, refusals.hearing.text_unstorable).into(),
        LanguagesList => t!(lang, refusals.hearing.languages_list).into(),
    }
}

fn notification(lang: Lang, r: notifications::Refusal) -> String {
    use notifications::Refusal::*;
    match r {
        ReminderHours => t!(lang, refusals.notification.reminder_hours).into(),
        QuietHours => t!(lang, refusals.notification.quiet_hours).into(),
        UnknownZone => t!(lang, refusals.notification.unknown_zone).into(),
        Phone(notifications::PhoneRefusal::NotANumber) => {
            t!(lang, refusals.notification.not_a_number).into()
        }
        Phone(notifications::PhoneRefusal::NeedsCountryCode) => {
            t!(lang, refusals.notification.needs_country_code).into()
        }
        WrongCode => t!(lang, refusals.notification.wrong_code).into(),
        TooManyTries => t!(lang, refusals.notification.too_many_tries).into(),
        CodeTooSoon => t!(lang, refusals.notification.code_too_soon).into(),
        NoVerifiedNumber => t!(lang, refusals.notification.no_verified_number).into(),
        NoTextProvider => t!(lang, refusals.notification.no_text_provider).into(),
        NumberTaken => t!(lang, refusals.notification.number_taken).into(),
    }
}

fn person(lang: Lang, r: people::Refusal) -> String {
    use people::Refusal::*;
    match r {
        TooLong { max } => t!(lang, refusals.person.too_long, max = max),
        Unstorable => t!(lang, refusals.person.unstorable).into(),
        NotADate => t!(lang, refusals.person.not_a_date).into(),
        ForgetInPast => t!(lang, refusals.person.forget_in_past).into(),
        ForgetTooFar => t!(lang, refusals.person.forget_too_far).into(),
        TooFarAhead => t!(lang, refusals.person.too_far_ahead).into(),
    }
}

fn seat(lang: Lang, r: signups::Refusal) -> String {
    use signups::Refusal::*;
    match r {
        SlotCancelled => t!(lang, refusals.seat.slot_cancelled).into(),
        RemovedByCoordinator => t!(lang, refusals.seat.removed_by_coordinator).into(),
    }
}

fn supplies(lang: Lang, r: supplies::Refusal) -> String {
    use supplies::Refusal::*;
    match r {
        ShiftCancelled => t!(lang, refusals.supplies.shift_cancelled).into(),
        HandoutsNotOpen => t!(
            lang,
            refusals.supplies.handouts_not_open,
            length = dates::in_words(lang, watches::rules::CHECK_IN_EARLY)
        ),
        HandoutsShiftOver => t!(lang, refusals.supplies.handouts_shift_over).into(),
        HearingCancelled => t!(lang, refusals.supplies.hearing_cancelled).into(),
        HearingHandoutsNotOpen => t!(lang, refusals.supplies.hearing_handouts_not_open).into(),
        HearingHandoutsOver => t!(
            lang,
            refusals.supplies.hearing_handouts_over,
            hours = supplies::HEARING_TALLY_AFTER_HOURS
        ),
        HandoutDate => t!(lang, refusals.supplies.handout_date).into(),
        KitNameTaken => t!(lang, refusals.supplies.kit_name_taken).into(),
        TooManyTaps => t!(
            lang,
            refusals.supplies.too_many_taps,
            max = supplies::ledger::MAX_TAPS
        ),
        TapWithoutId => t!(lang, refusals.supplies.tap_without_id).into(),
        TapQuantity => t!(
            lang,
            refusals.supplies.tap_quantity,
            max = supplies::ledger::MAX_QUANTITY
        ),
        QuantityTooLarge => t!(
            lang,
            refusals.supplies.quantity_too_large,
            max = supplies::ledger::MAX_QUANTITY
        ),
        QuantityBelowZero => t!(lang, refusals.supplies.quantity_below_zero).into(),
        QuantityBelowOne => t!(lang, refusals.supplies.quantity_below_one).into(),
        QuantityMissing => t!(lang, refusals.supplies.quantity_missing).into(),
        NotAWholeNumber => t!(lang, refusals.supplies.not_a_whole_number).into(),
        CountOutOfRange => t!(lang, refusals.supplies.count_out_of_range).into(),
        CountMissing => t!(lang, refusals.supplies.count_missing).into(),
        CostNotANumber => t!(lang, refusals.supplies.cost_not_a_number).into(),
        CostTooLarge => t!(lang, refusals.supplies.cost_too_large).into(),
        NameMissing { what } => match what {
            supplies::Named::Item => t!(lang, refusals.supplies.name_missing.item).into(),
            supplies::Named::Unit => t!(lang, refusals.supplies.name_missing.unit).into(),
            supplies::Named::Place => t!(lang, refusals.supplies.name_missing.place).into(),
            supplies::Named::Purpose => t!(lang, refusals.supplies.name_missing.purpose).into(),
        },
        NameTooLong { what, max } => match what {
            supplies::Named::Item => t!(lang, refusals.supplies.name_too_long.item, max = max),
            supplies::Named::Unit => t!(lang, refusals.supplies.name_too_long.unit, max = max),
            supplies::Named::Place => t!(lang, refusals.supplies.name_too_long.place, max = max),
            supplies::Named::Purpose => {
                t!(lang, refusals.supplies.name_too_long.purpose, max = max)
            }
        },
        ItemExists => t!(lang, refusals.supplies.item_exists).into(),
        PlaceExists => t!(lang, refusals.supplies.place_exists).into(),
        ChooseCategory => t!(lang, refusals.supplies.choose_category).into(),
        ChooseItem => t!(lang, refusals.supplies.choose_item).into(),
        ChoosePlace => t!(lang, refusals.supplies.choose_place).into(),
        ChooseBothPlaces => t!(lang, refusals.supplies.choose_both_places).into(),
        DonatedOrBought => t!(lang, refusals.supplies.donated_or_bought).into(),
        DonationHasNoCost => t!(lang, refusals.supplies.donation_has_no_cost).into(),
        SamePlace => t!(lang, refusals.supplies.same_place).into(),
        ReasonTooLong => t!(lang, refusals.supplies.reason_too_long).into(),
        UnknownEntryKind => t!(lang, refusals.supplies.unknown_entry_kind).into(),
        CountDiffers { recorded, counted } => t!(
            lang,
            refusals.supplies.count_differs,
            recorded = recorded,
            counted = counted
        ),
        NotADate => t!(lang, refusals.supplies.not_a_date).into(),
        StartAfterEnd => t!(lang, refusals.supplies.start_after_end).into(),
        RangeTooLong => t!(lang, refusals.supplies.range_too_long).into(),
        NotEnoughHeld { held } => t!(lang, refusals.supplies.not_enough_held, held = held),
    }
}

fn time(lang: Lang, r: &time::Refusal) -> String {
    use time::Refusal::*;
    match r {
        UnknownZone => t!(lang, refusals.time.unknown_zone).into(),
        NotADateTime => t!(lang, refusals.time.not_a_date_time).into(),
        SkippedTime { at, zone } => t!(
            lang,
            refusals.time.skipped_time,
            time = at.format("%H:%M"),
            day = dates::day(lang, at.date()),
            zone = zone
        ),
    }
}

fn watch(lang: Lang, r: watches::Refusal) -> String {
    use watches::Refusal::*;
    match r {
        ShiftCancelled => t!(lang, refusals.watch.shift_cancelled).into(),
        ShiftOver => t!(lang, refusals.watch.shift_over).into(),
        WatchClosed => t!(lang, refusals.watch.watch_closed).into(),
        WatchAlreadyClosed => t!(lang, refusals.watch.watch_already_closed).into(),
        TooLateToLeave => t!(
            lang,
            refusals.watch.too_late_to_leave,
            length = dates::in_words(lang, signups::DROP_CUTOFF)
        ),
        NotOnShift => t!(lang, refusals.watch.not_on_shift).into(),
        NotOnShiftOrAlreadyTold => t!(lang, refusals.watch.not_on_shift_or_already_told).into(),
        CheckInNotOpen => t!(
            lang,
            refusals.watch.check_in_not_open,
            length = dates::in_words(lang, watches::rules::CHECK_IN_EARLY)
        ),
        NotSignedUp => t!(lang, refusals.watch.not_signed_up).into(),
        ChooseActiveVolunteer => t!(lang, refusals.watch.choose_active_volunteer).into(),
        NoShowBeforeStart => t!(lang, refusals.watch.no_show_before_start).into(),
        PersonNotOnShift => t!(lang, refusals.watch.person_not_on_shift).into(),
        CallOutSize => t!(lang, refusals.watch.call_out_size).into(),
        ReleasesByShiftOnly => t!(lang, refusals.watch.releases_by_shift_only).into(),
        ChooseExpectedPerson => t!(lang, refusals.watch.choose_expected_person).into(),
        ChooseFacility => t!(lang, refusals.watch.choose_facility).into(),
        ChoosePerson => t!(lang, refusals.watch.choose_person).into(),
        ChooseShift => t!(lang, refusals.watch.choose_shift).into(),
        NeededMissing => t!(lang, refusals.watch.needed_missing).into(),
        ChooseVolunteer => t!(lang, refusals.watch.choose_volunteer).into(),
        NotADay => t!(lang, refusals.watch.not_a_day).into(),
        FewestOutOfRange => t!(lang, refusals.watch.fewest_out_of_range).into(),
        MostOutOfRange => t!(lang, refusals.watch.most_out_of_range).into(),
        MostBelowFewest => t!(lang, refusals.watch.most_below_fewest).into(),
        EndBeforeStart => t!(lang, refusals.watch.end_before_start).into(),
        SlotLength => t!(lang, refusals.watch.slot_length).into(),
        ShiftEndsBeforeStart => t!(lang, refusals.watch.shift_ends_before_start).into(),
        ShiftTooLong => t!(lang, refusals.watch.shift_too_long).into(),
        ShiftExists => t!(lang, refusals.watch.shift_exists).into(),
        ReleasedInFuture => t!(lang, refusals.watch.released_in_future).into(),
        LabelTooLong => t!(lang, refusals.watch.label_too_long).into(),
        NotExpected => t!(lang, refusals.watch.not_expected).into(),
        UnknownNeed => t!(lang, refusals.watch.unknown_need).into(),
        MetAndStillNeeded => t!(lang, refusals.watch.met_and_still_needed).into(),
        NoteTooLong => t!(
            lang,
            refusals.watch.note_too_long,
            max = crate::watches::service::HANDOFF_NOTE_MAX
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
        assert!(
            say(Lang::En, &late).contains("3 hours"),
            "{}",
            say(Lang::En, &late)
        );
        assert!(
            say(Lang::Es, &late).contains("3 horas"),
            "{}",
            say(Lang::Es, &late)
        );
        let early: Refusal = watches::Refusal::CheckInNotOpen.into();
        assert!(
            say(Lang::En, &early).contains("30 minutes"),
            "{}",
            say(Lang::En, &early)
        );
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
