//! Text messages in words: one SMS each where it can be (160 GSM-7 characters; the test
//! `every_text_fits_one_sms` measures them), the day and time in the place's zone, the link
//! last. The same rule as mail: a facility's public name, a time and members' names, never
//! anything about a supported person.
use super::{Activity, At, Message, Reply, Text};
use crate::i18n::{dates, Lang};
use vigil_domain::time::zone;

/// `text` in `lang`, with `link` (the page it is about) where the words have `{link}`.
pub fn say(lang: Lang, text: &Text, link: Option<&str>) -> String {
    let link = link.unwrap_or("");
    let words = match text {
        Text::Notice(message) => notice(lang, message, link),
        Text::Reply(reply) => answer(lang, reply, link),
    };
    words.trim().to_string()
}

/// "Tue 8 Dec, 19:00" in the place's zone: short, no zone name (it is where they go).
fn when(lang: Lang, at: &At) -> String {
    dates::day_time(lang, at.starts_at, zone(&at.time_zone))
}

fn notice(lang: Lang, message: &Message, link: &str) -> String {
    match message {
        Message::Reminder { activity, at, .. } => match activity {
            Activity::Shift => {
                t!(
                    lang,
                    texts.reminder.shift,
                    place = at.place,
                    when = when(lang, at),
                    link = link
                )
            }
            Activity::Hearing => {
                t!(
                    lang,
                    texts.reminder.hearing,
                    place = at.place,
                    when = when(lang, at),
                    link = link
                )
            }
        },
        Message::ShiftFromWaitlist { at } => {
            t!(
                lang,
                texts.shift_from_waitlist,
                place = at.place,
                when = when(lang, at),
                link = link
            )
        }
        Message::ShiftAssigned { at } => {
            t!(
                lang,
                texts.shift_assigned,
                place = at.place,
                when = when(lang, at),
                link = link
            )
        }
        Message::ShiftTakenOff { at } => {
            t!(
                lang,
                texts.shift_taken_off,
                place = at.place,
                when = when(lang, at),
                link = link
            )
        }
        Message::ShiftCancelled { at, .. } => {
            t!(
                lang,
                texts.shift_cancelled,
                place = at.place,
                when = when(lang, at),
                link = link
            )
        }
        Message::VolunteerCantCome { volunteer, at } => t!(
            lang,
            texts.volunteer_cant_come,
            volunteer = volunteer,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
        Message::SeatFreed { volunteer, at } => t!(
            lang,
            texts.seat_freed,
            volunteer = volunteer,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
        Message::ShiftUnderstaffed {
            at,
            signed_up,
            needed,
        } => t!(
            lang,
            texts.shift_understaffed,
            place = at.place,
            when = when(lang, at),
            signed_up = signed_up,
            needed = needed,
            link = link
        ),
        Message::CallOut {
            at,
            needed,
            started,
        } => {
            let tz = zone(&at.time_zone);
            if *started {
                let until = at
                    .ends_at
                    .map(|end| dates::clock(end, tz))
                    .unwrap_or_default();
                tn!(
                    lang,
                    texts.call_out.now,
                    *needed,
                    place = at.place,
                    until = until,
                    link = link
                )
            } else {
                tn!(
                    lang,
                    texts.call_out.from,
                    *needed,
                    place = at.place,
                    from = when(lang, at),
                    link = link
                )
            }
        }
        Message::HearingFromWaitlist { at } => t!(
            lang,
            texts.hearing_from_waitlist,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
        Message::HearingMoved { to, .. } => {
            t!(
                lang,
                texts.hearing_moved,
                place = to.place,
                when = when(lang, to),
                link = link
            )
        }
        Message::HearingCancelled { at } => {
            t!(
                lang,
                texts.hearing_cancelled,
                place = at.place,
                when = when(lang, at),
                link = link
            )
        }
        Message::AccompanierCant {
            accompanier, at, ..
        } => t!(
            lang,
            texts.accompanier_cant,
            accompanier = accompanier,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
        Message::HearingUnderstaffed { at, taken, wanted } => t!(
            lang,
            texts.hearing_understaffed,
            place = at.place,
            when = when(lang, at),
            taken = taken,
            wanted = wanted,
            link = link
        ),
        Message::SuppliesLow {
            location,
            item,
            unit,
            left,
            ..
        } => t!(
            lang,
            texts.supplies_low,
            item = item,
            location = location,
            left = left,
            unit = unit,
            link = link
        ),
        Message::WeeklyDigest(_) => t!(lang, texts.digest, link = link),
        Message::PersonWroteBack => t!(lang, texts.person_wrote_back, link = link),
        Message::RideRequested => t!(lang, texts.ride_requested, link = link),
        Message::RideTaken { driver, at } => t!(
            lang,
            texts.ride_taken,
            driver = driver,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
        Message::RideCancelled { at } => t!(
            lang,
            texts.ride_cancelled,
            place = at.place,
            when = when(lang, at),
            link = link
        ),
    }
}

fn answer(lang: Lang, reply: &Reply, link: &str) -> String {
    match reply {
        Reply::Code { code } => t!(lang, texts.reply.code, code = code),
        Reply::CallOutTaken => t!(lang, texts.reply.call_out_taken, link = link),
        Reply::CallOutFilled => t!(lang, texts.reply.call_out_filled, link = link),
        Reply::Confirmed => t!(lang, texts.reply.confirmed, link = link),
        Reply::Dropped => t!(lang, texts.reply.dropped, link = link),
        Reply::CantComeTold => t!(lang, texts.reply.cant_come_told, link = link),
        Reply::Stopped => t!(lang, texts.reply.stopped).into(),
        Reply::Started => t!(lang, texts.reply.started).into(),
        Reply::Help => t!(lang, texts.reply.help, link = link),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::{CantMake, Digest};
    use chrono::{TimeZone, Utc};
    use vigil_domain::notifications::sms::{for_sms, length};

    fn at() -> At {
        At {
            place: "Metropolitan Detention Center".into(),
            time_zone: "America/New_York".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 9, 0, 30, 0).unwrap(),
            ends_at: Some(Utc.with_ymd_and_hms(2026, 12, 9, 4, 30, 0).unwrap()),
        }
    }

    fn every_text() -> Vec<Text> {
        let at = at();
        let mut all: Vec<Text> = [
            Message::Reminder {
                activity: Activity::Shift,
                hours: 24,
                at: at.clone(),
            },
            Message::Reminder {
                activity: Activity::Hearing,
                hours: 2,
                at: at.clone(),
            },
            Message::ShiftFromWaitlist { at: at.clone() },
            Message::ShiftAssigned { at: at.clone() },
            Message::ShiftTakenOff { at: at.clone() },
            Message::ShiftCancelled {
                at: at.clone(),
                why: super::super::ShiftCancelled::WatchClosed,
            },
            Message::VolunteerCantCome {
                volunteer: "Alejandra M.".into(),
                at: at.clone(),
            },
            Message::SeatFreed {
                volunteer: "Alejandra M.".into(),
                at: at.clone(),
            },
            Message::ShiftUnderstaffed {
                at: at.clone(),
                signed_up: 1,
                needed: 3,
            },
            Message::CallOut {
                at: at.clone(),
                needed: 12,
                started: true,
            },
            Message::CallOut {
                at: at.clone(),
                needed: 1,
                started: false,
            },
            Message::HearingFromWaitlist { at: at.clone() },
            Message::HearingMoved {
                from: at.clone(),
                to: at.clone(),
                waitlisted: false,
            },
            Message::HearingCancelled { at: at.clone() },
            Message::AccompanierCant {
                accompanier: "Alejandra M.".into(),
                at: at.clone(),
                why: CantMake::CantCome,
            },
            Message::HearingUnderstaffed {
                at: at.clone(),
                taken: 1,
                wanted: 2,
            },
            Message::SuppliesLow {
                location: "Van".into(),
                item: "Phone chargers".into(),
                unit: "pcs".into(),
                left: 2,
                low_below: 5,
            },
            Message::PersonWroteBack,
            Message::RideRequested,
            Message::RideTaken {
                driver: "Alejandra M.".into(),
                at: at.clone(),
            },
            Message::RideCancelled { at: at.clone() },
            Message::WeeklyDigest(Digest {
                shifts: 3,
                flagged: vec![],
                seats_open: 4,
                supplies: vec![],
            }),
        ]
        .into_iter()
        .map(Text::Notice)
        .collect();
        all.extend(
            [
                Reply::Code {
                    code: "123456".into(),
                },
                Reply::CallOutTaken,
                Reply::CallOutFilled,
                Reply::Confirmed,
                Reply::Dropped,
                Reply::CantComeTold,
                Reply::Stopped,
                Reply::Started,
                Reply::Help,
            ]
            .into_iter()
            .map(Text::Reply),
        );
        all
    }

    /// Every text in every language, with a long facility name and a typical link, is one
    /// SMS segment once written for SMS (GSM-7, 160).
    #[test]
    fn every_text_fits_one_sms() {
        let link = "https://vigil.example.org/shifts/1234";
        for lang in &Lang::ALL {
            for text in every_text() {
                let words = for_sms(&say(*lang, &text, Some(link)));
                let length = length(&words);
                assert_eq!(
                    length.segments,
                    1,
                    "{} ({:?}, {} units) is more than one SMS: {words}",
                    lang.code(),
                    length.encoding,
                    length.units
                );
                assert!(!words.contains('{'), "a placeholder left: {words}");
            }
        }
    }
}
