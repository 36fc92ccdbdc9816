//! What a supported person reads, in their language: a day, a local time, the court's public
//! address, where someone will meet them, and what to do if they can't go. Never the case
//! reference, charges, courtroom or name (`PersonText` carries none of them).
use super::{PersonText, Slot};
use crate::i18n::{dates, Lang};
use vigil_domain::time::{zone, Span};

fn when(lang: Lang, span: &Span) -> String {
    dates::day_time(lang, span.starts_at, zone(&span.time_zone))
}

fn slot(lang: Lang, slot: Slot) -> &'static str {
    match slot {
        Slot::SevenDays => t!(lang, court_reminders.slot.seven_days),
        Slot::ThreeDays => t!(lang, court_reminders.slot.three_days),
        Slot::OneDay => t!(lang, court_reminders.slot.one_day),
        Slot::Morning => t!(lang, court_reminders.slot.morning),
    }
}

/// The subject (for mail) and the words of `text` in `lang`.
pub fn say(lang: Lang, text: &PersonText) -> (String, String) {
    match text {
        PersonText::Reminder {
            slot: which,
            when: at,
            address,
            meet,
            offer_ride,
        } => {
            let ride = if *offer_ride {
                t!(lang, court_reminders.ride_hint)
            } else {
                ""
            };
            let meet = match meet {
                Some(m) if !m.point.trim().is_empty() => t!(
                    lang,
                    court_reminders.meet_at_point,
                    time = dates::clock(m.at, zone(&at.time_zone)),
                    point = m.point.trim()
                ),
                Some(m) => t!(
                    lang,
                    court_reminders.meet_at,
                    time = dates::clock(m.at, zone(&at.time_zone))
                ),
                None => String::new(),
            };
            (
                t!(lang, court_reminders.subject.reminder).into(),
                t!(
                    lang,
                    court_reminders.reminder,
                    slot = slot(lang, *which),
                    when = when(lang, at),
                    address = address,
                    meet = meet,
                    ride = ride
                ),
            )
        }
        PersonText::Moved { when: at, address } => (
            t!(lang, court_reminders.subject.moved).into(),
            t!(
                lang,
                court_reminders.moved,
                when = when(lang, at),
                address = address
            ),
        ),
        PersonText::Cancelled { when: at } => (
            t!(lang, court_reminders.subject.cancelled).into(),
            t!(lang, court_reminders.cancelled, when = when(lang, at)),
        ),
        PersonText::Stopped => (
            t!(lang, court_reminders.subject.other).into(),
            t!(lang, court_reminders.stopped).into(),
        ),
        PersonText::Noted => (
            t!(lang, court_reminders.subject.other).into(),
            t!(lang, court_reminders.noted).into(),
        ),
        PersonText::RideAsked => (
            t!(lang, court_reminders.subject.ride).into(),
            t!(lang, court_reminders.ride_asked).into(),
        ),
        PersonText::RideComing { driver, when: at } if driver.is_empty() => (
            t!(lang, court_reminders.subject.ride).into(),
            t!(
                lang,
                court_reminders.ride_coming_unnamed,
                when = when(lang, at)
            ),
        ),
        PersonText::RideComing { driver, when: at } => (
            t!(lang, court_reminders.subject.ride).into(),
            t!(
                lang,
                court_reminders.ride_coming,
                driver = driver,
                when = when(lang, at)
            ),
        ),
    }
}
