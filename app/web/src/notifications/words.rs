//! A message in words: its subject and its lines, chosen when the mail is sent, in the
//! recipient's language (`locales/*/notices.json`), so nothing queued holds text. The one
//! place a notice's wording lives; the use cases queue a `Message`, and the worker (in
//! `vigil_core`) asks `Words`, given to it at start-up, for the mail.
use super::{Activity, At, CantMake, Digest, Message, ShiftCancelled};
use crate::i18n::{dates, Lang};
use crate::kernel::Label;
use vigil_core::notifications::wording::{AccountMail, Letter, Wording};
use vigil_domain::time::{zone, Span};

/// How many flagged shifts and stock lines the digest lists before "… and N more".
const DIGEST_SHIFTS: usize = 12;
const DIGEST_SUPPLIES: usize = 20;

/// Vigil's words, as the worker and the account use cases reach them.
pub struct Words;

impl Wording for Words {
    fn say(&self, language: &str, message: &Message) -> (String, String) {
        say(Lang::of(language), message)
    }

    fn notice(
        &self,
        language: &str,
        subject: String,
        body: &str,
        link: &str,
        unsubscribe: Option<&str>,
    ) -> Letter {
        let lang = Lang::of(language);
        let lines: Vec<&str> = body.lines().collect();
        let footer = unsubscribe
            .map(|u| format!("\n\n{}\n", t!(lang, notices.mail.stop_text, link = u)))
            .unwrap_or_default();
        let text = format!("{}\n\n{link}\n{footer}", lines.join("\n"));
        let html = format!(
            "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5\">{}<p><a href=\"{}\">{}</a></p>{}</body></html>",
            lang.code(),
            lines.iter().map(|l| format!("<p>{}</p>", html_escape(l))).collect::<String>(),
            html_escape(link),
            html_escape(t!(lang, notices.mail.open)),
            unsubscribe.map(|u| format!("<p style=\"color:#555;font-size:14px\"><a href=\"{}\">{}</a></p>", html_escape(u), html_escape(t!(lang, notices.mail.stop_link)))).unwrap_or_default(),
        );
        Letter {
            subject,
            text,
            html,
        }
    }

    fn old_reminder(&self, language: &str, when: &str, place: &str) -> String {
        let lang = Lang::of(language);
        format!(
            "{when}\n{}\n{}",
            t!(lang, notices.reminder.place, place = place),
            t!(lang, notices.reminder.details)
        )
    }

    fn account_mail(&self, mail: &AccountMail, link: &str) -> Letter {
        crate::accounts::mail::letter(Lang::of(mail.language()), mail, link)
    }

    fn text(&self, language: &str, text: &super::Text, link: Option<&str>) -> String {
        super::texts::say(Lang::of(language), text, link)
    }

    fn person(&self, language: &str, text: &vigil_core::court_reminders::PersonText) -> Letter {
        let (subject, text) = crate::court_reminders::words::say(Lang::of(language), text);
        let html = format!("<p>{}</p>", html_escape(&text));
        Letter {
            subject,
            text,
            html,
        }
    }
}

/// Escape text for the HTML part.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The subject and body (lines joined by `\n`) of `message`, in `lang`.
pub fn say(lang: Lang, message: &Message) -> (String, String) {
    let place = |at: &At| at.place.clone();
    match message {
        Message::Reminder {
            activity,
            hours,
            at,
        } => {
            let tz = zone(&at.time_zone);
            let when = dates::long_moment(lang, at.starts_at, tz);
            (
                reminder_subject(lang, *activity, *hours),
                format!(
                    "{when}\n{}\n{}",
                    t!(lang, notices.reminder.place, place = at.place),
                    t!(lang, notices.reminder.details)
                ),
            )
        }
        Message::ShiftFromWaitlist { at } => (
            t!(lang, notices.shift_from_waitlist.subject).into(),
            t!(
                lang,
                notices.shift_from_waitlist.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::ShiftAssigned { at } => (
            t!(lang, notices.shift_assigned.subject).into(),
            t!(
                lang,
                notices.shift_assigned.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::ShiftTakenOff { at } => (
            t!(lang, notices.shift_taken_off.subject).into(),
            t!(
                lang,
                notices.shift_taken_off.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::ShiftCancelled { at, why } => {
            let body = match why {
                ShiftCancelled::WatchClosed => t!(
                    lang,
                    notices.shift_cancelled.watch_closed,
                    place = place(at),
                    when = when(lang, at)
                ),
            };
            (t!(lang, notices.shift_cancelled.subject).into(), body)
        }
        Message::VolunteerCantCome { volunteer, at } => (
            t!(lang, notices.volunteer_cant_come.subject).into(),
            t!(
                lang,
                notices.volunteer_cant_come.body,
                volunteer = volunteer,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::SeatFreed { volunteer, at } => (
            t!(lang, notices.seat_freed.subject).into(),
            t!(
                lang,
                notices.seat_freed.body,
                volunteer = volunteer,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::ShiftUnderstaffed {
            at,
            signed_up,
            needed,
        } => (
            t!(lang, notices.shift_understaffed.subject).into(),
            tn!(
                lang,
                notices.shift_understaffed.body,
                *needed,
                place = place(at),
                when = when(lang, at),
                signed_up = signed_up
            ),
        ),
        Message::CallOut {
            at,
            needed,
            started,
        } => {
            let tz = zone(&at.time_zone);
            let until = at
                .ends_at
                .map(|end| dates::clock(end, tz))
                .unwrap_or_default();
            let body = if *started {
                tn!(
                    lang,
                    notices.call_out.now,
                    *needed,
                    place = place(at),
                    until = until
                )
            } else {
                tn!(
                    lang,
                    notices.call_out.from,
                    *needed,
                    place = place(at),
                    from = dates::day_time(lang, at.starts_at, tz),
                    until = until
                )
            };
            (t!(lang, notices.call_out.subject).into(), body)
        }
        Message::HearingFromWaitlist { at } => (
            t!(lang, notices.hearing_from_waitlist.subject).into(),
            t!(
                lang,
                notices.hearing_from_waitlist.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::HearingMoved {
            from,
            to,
            waitlisted,
        } => (
            t!(lang, notices.hearing_moved.subject).into(),
            if *waitlisted {
                t!(
                    lang,
                    notices.hearing_moved.waitlisted,
                    place = place(from),
                    from = when(lang, from),
                    to = when(lang, to)
                )
            } else {
                t!(
                    lang,
                    notices.hearing_moved.signed_up,
                    place = place(from),
                    from = when(lang, from),
                    to = when(lang, to)
                )
            },
        ),
        Message::HearingCancelled { at } => (
            t!(lang, notices.hearing_cancelled.subject).into(),
            t!(
                lang,
                notices.hearing_cancelled.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::AccompanierCant {
            accompanier,
            at,
            why,
        } => {
            let args = (place(at), when(lang, at));
            let body = match why {
                CantMake::CantCome => t!(
                    lang,
                    notices.accompanier_cant.cant_come,
                    accompanier = accompanier,
                    place = args.0,
                    when = args.1
                ),
                CantMake::NewTime => t!(
                    lang,
                    notices.accompanier_cant.new_time,
                    accompanier = accompanier,
                    place = args.0,
                    when = args.1
                ),
                CantMake::Deactivated => t!(
                    lang,
                    notices.accompanier_cant.deactivated,
                    accompanier = accompanier,
                    place = args.0,
                    when = args.1
                ),
            };
            (t!(lang, notices.accompanier_cant.subject).into(), body)
        }
        Message::HearingUnderstaffed { at, taken, wanted } => (
            t!(lang, notices.hearing_understaffed.subject).into(),
            tn!(
                lang,
                notices.hearing_understaffed.body,
                *wanted,
                place = place(at),
                when = when(lang, at),
                taken = taken
            ),
        ),
        Message::SuppliesLow {
            location,
            item,
            unit,
            left,
            low_below,
        } => (
            t!(lang, notices.supplies_low.subject).into(),
            t!(
                lang,
                notices.supplies_low.body,
                location = location,
                item = item,
                left = left,
                unit = unit,
                low_below = low_below
            ),
        ),
        Message::WeeklyDigest(digest) => (
            t!(lang, notices.digest.subject).into(),
            digest_body(lang, digest),
        ),
        Message::PersonWroteBack => (
            t!(lang, notices.person_wrote_back.subject).into(),
            t!(lang, notices.person_wrote_back.body).into(),
        ),
        Message::RideRequested => (
            t!(lang, notices.ride_requested.subject).into(),
            t!(lang, notices.ride_requested.body).into(),
        ),
        Message::RideTaken { driver, at } => (
            t!(lang, notices.ride_taken.subject).into(),
            t!(
                lang,
                notices.ride_taken.body,
                driver = driver,
                place = place(at),
                when = when(lang, at)
            ),
        ),
        Message::RideCancelled { at } => (
            t!(lang, notices.ride_cancelled.subject).into(),
            t!(
                lang,
                notices.ride_cancelled.body,
                place = place(at),
                when = when(lang, at)
            ),
        ),
    }
}

fn reminder_subject(lang: Lang, activity: Activity, hours: u32) -> String {
    match (activity, hours) {
        (Activity::Shift, h) if (20..=30).contains(&h) => {
            t!(lang, notices.reminder.shift_tomorrow).into()
        }
        (Activity::Shift, 1) => t!(lang, notices.reminder.shift_in_an_hour).into(),
        (Activity::Shift, h) if h < 48 => tn!(lang, notices.reminder.shift_in_hours, h),
        (Activity::Shift, h) => tn!(lang, notices.reminder.shift_in_days, h / 24),
        (Activity::Hearing, h) if (20..=30).contains(&h) => {
            t!(lang, notices.reminder.hearing_tomorrow).into()
        }
        (Activity::Hearing, 1) => t!(lang, notices.reminder.hearing_in_an_hour).into(),
        (Activity::Hearing, h) if h < 48 => tn!(lang, notices.reminder.hearing_in_hours, h),
        (Activity::Hearing, h) => tn!(lang, notices.reminder.hearing_in_days, h / 24),
    }
}

/// A shift's span or a hearing's moment, in the facility's local time.
pub fn when(lang: Lang, at: &At) -> String {
    dates::span(lang, &Span::new(at.starts_at, at.ends_at, &at.time_zone))
}

fn digest_body(lang: Lang, d: &Digest) -> String {
    let mut body = t!(
        lang,
        notices.digest.summary,
        shifts = d.shifts,
        flagged = d.flagged.len(),
        open = d.seats_open
    );
    for shift in d.flagged.iter().take(DIGEST_SHIFTS) {
        let flags = shift
            .flags
            .iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(", ");
        body.push_str(&format!(
            "\n- {}, {}: {} ({flags})",
            shift.at.place,
            when(lang, &shift.at),
            crate::kernel::labels::staffing(
                lang,
                shift.signed_up,
                shift.max_volunteers,
                shift.min_volunteers
            ),
        ));
    }
    if d.flagged.len() > DIGEST_SHIFTS {
        body.push('\n');
        body.push_str(&t!(
            lang,
            notices.digest.more,
            more = d.flagged.len() - DIGEST_SHIFTS
        ));
    }
    if !d.supplies.is_empty() {
        body.push_str("\n\n");
        body.push_str(t!(lang, notices.digest.supplies));
        for s in d.supplies.iter().take(DIGEST_SUPPLIES) {
            body.push_str("\n- ");
            body.push_str(&t!(
                lang,
                notices.digest.stock_line,
                location = s.location,
                item = s.item,
                left = s.on_hand,
                unit = s.unit
            ));
            if let Some(low) = s.low_below.filter(|_| s.is_low()) {
                body.push(' ');
                body.push_str(&t!(lang, notices.digest.low_below, low = low));
            }
            if s.needs_count {
                body.push_str(t!(lang, notices.digest.needs_count));
            }
        }
    }
    body
}

#[cfg(test)]
mod tests;
