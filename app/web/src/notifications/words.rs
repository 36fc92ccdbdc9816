//! A message in words: its subject and its lines, chosen when the mail is sent (so a second
//! language is a second arm here, in the recipient's language, and nothing queued holds
//! text). The one place a notice's wording lives; the use cases queue a `Message`, and the
//! worker (in `vigil_core`) asks `Words`, given to it at start-up, for the mail.
use super::{Activity, At, CantMake, Digest, Message, ShiftCancelled};
use crate::kernel::Label;
use crate::time::{self, zone};
use vigil_core::notifications::wording::{AccountMail, Letter, Wording};

/// How many flagged shifts and stock lines the digest lists before "… and N more".
const DIGEST_SHIFTS: usize = 12;
const DIGEST_SUPPLIES: usize = 20;

/// Vigil's words, as the worker and the account use cases reach them.
pub struct Words;

impl Wording for Words {
    fn say(&self, message: &Message) -> (String, String) {
        say(message)
    }

    fn notice(&self, subject: String, body: &str, link: &str, unsubscribe: Option<&str>) -> Letter {
        let lines: Vec<&str> = body.lines().collect();
        let footer = unsubscribe
            .map(|u| format!("\n\nStop these emails: {u}\n"))
            .unwrap_or_default();
        let text = format!("{}\n\n{link}\n{footer}", lines.join("\n"));
        let html = format!(
            "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">{}<p><a href=\"{}\">Open Vigil</a></p>{}</body></html>",
            lines.iter().map(|l| format!("<p>{}</p>", html_escape(l))).collect::<String>(),
            html_escape(link),
            unsubscribe.map(|u| format!("<p style=\"color:#555;font-size:14px\"><a href=\"{}\">Stop these emails</a></p>", html_escape(u))).unwrap_or_default(),
        );
        Letter {
            subject,
            text,
            html,
        }
    }

    fn old_reminder(&self, when: &str, place: &str) -> String {
        format!("{when}\nWhere: {place}\nDetails and your check-in are in Vigil.")
    }

    fn account_mail(&self, mail: &AccountMail, link: &str) -> Letter {
        crate::accounts::mail::letter(mail, link)
    }
}

/// Escape text for the HTML part.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The subject and body (lines joined by `\n`) of `message`.
pub fn say(message: &Message) -> (String, String) {
    match message {
        Message::Reminder { activity, hours, at } => {
            let tz = zone(&at.time_zone);
            let when = at.starts_at.with_timezone(&tz).format("%A %-d %B, %H:%M (%Z)");
            (
                reminder_subject(*activity, *hours),
                format!("{when}\nWhere: {}\nDetails and your check-in are in Vigil.", at.place),
            )
        }
        Message::ShiftFromWaitlist { at } => (
            "You're on a jail support shift (from the waitlist)".into(),
            format!("A seat opened on the shift at {}, {}: you're on it now. If you can't come, drop it in Vigil so the next person gets it.", at.place, when(at)),
        ),
        Message::ShiftAssigned { at } => (
            "You're on a jail support shift".into(),
            format!("A coordinator put you on the shift at {}, {}. If you can't come, drop it in Vigil or tell them.", at.place, when(at)),
        ),
        Message::ShiftTakenOff { at } => (
            "You're off a jail support shift".into(),
            format!("A coordinator took you off the shift at {}, {}. Thank you — they'll be in touch if they need you.", at.place, when(at)),
        ),
        Message::ShiftCancelled { at, why } => {
            let why = match why {
                ShiftCancelled::WatchClosed => "The watch has closed",
            };
            (
                "Your jail support shift is cancelled".into(),
                format!("{why}: the shift at {}, {}, is cancelled. Thank you for signing up.", at.place, when(at)),
            )
        }
        Message::VolunteerCantCome { volunteer, at } => (
            "A volunteer can't make a shift".into(),
            format!("{volunteer} can't make the shift at {}, {}. The coverage board shows it; find cover or take them off.", at.place, when(at)),
        ),
        Message::SeatFreed { volunteer, at } => (
            "A seat on a shift is free again".into(),
            format!("{volunteer} is no longer active in Vigil, so their seat on the shift at {}, {} is free again. The coverage board shows who is still on it.", at.place, when(at)),
        ),
        Message::ShiftUnderstaffed { at, signed_up, needed } => (
            "A jail support shift needs people".into(),
            format!("The shift at {}, {}, has {signed_up} of the {needed} volunteers it needs. The coverage board has it; an urgent call-out may help.", at.place, when(at)),
        ),
        Message::CallOut { at, needed, started } => {
            let tz = zone(&at.time_zone);
            let from = if *started {
                "now".to_string()
            } else {
                format!("from {}", time::day_time(at.starts_at, tz))
            };
            let until = at.ends_at.map(|end| time::clock(end, tz)).unwrap_or_default();
            (
                "Jail support: people needed now".into(),
                format!(
                    "{needed} {} needed at {} {from} (until {until}). The first to answer get the seats.",
                    if *needed == 1 { "person" } else { "people" },
                    at.place,
                ),
            )
        }
        Message::HearingFromWaitlist { at } => (
            "You're on a court accompaniment (from the waitlist)".into(),
            format!("A place opened for the court accompaniment at {}, {}: you're on it now. If you can't come, drop it in Vigil so the next person gets it.", at.place, when(at)),
        ),
        Message::HearingMoved { from, to, waitlisted: false } => (
            "Your court accompaniment has moved".into(),
            format!("The court accompaniment at {} you signed up for has moved from {} to {}.\n\nCan you still come? Answer in Vigil with one click — “I can still come” or “I can't make the new time” (that gives your place to someone else).", from.place, when(from), when(to)),
        ),
        Message::HearingMoved { from, to, waitlisted: true } => (
            "Your court accompaniment has moved".into(),
            format!("The court accompaniment at {} you're on the waitlist for has moved from {} to {}.", from.place, when(from), when(to)),
        ),
        Message::HearingCancelled { at } => (
            "Your court accompaniment is cancelled".into(),
            format!("The court accompaniment at {}, {}, is cancelled. Thank you for signing up.", at.place, when(at)),
        ),
        Message::AccompanierCant { accompanier, at, why } => {
            let what = match why {
                CantMake::CantCome => "can't come",
                CantMake::NewTime => "can't make the new time",
                CantMake::Deactivated => "is no longer active in Vigil, so their place is free again",
            };
            (
                "An accompanier can't make a hearing".into(),
                format!("{accompanier} {what} for the court accompaniment at {}, {}. The hearing's page shows who is still coming.", at.place, when(at)),
            )
        }
        Message::HearingUnderstaffed { at, taken, wanted } => (
            "A hearing still needs accompaniers".into(),
            format!("The court accompaniment at {}, {}, has {taken} of the {wanted} accompaniers it wants.", at.place, when(at)),
        ),
        Message::SuppliesLow { location, item, unit, left, low_below } => (
            "Vigil: supplies running low".into(),
            format!("{location}: {item} is running low, {left} {unit} left (the alert is set below {low_below}). Restock it before the next shift."),
        ),
        Message::WeeklyDigest(digest) => ("Vigil: the coming week".into(), digest_body(digest)),
    }
}

fn reminder_subject(activity: Activity, hours: u32) -> String {
    let noun = match activity {
        Activity::Shift => "jail support shift",
        Activity::Hearing => "court accompaniment",
    };
    match hours {
        h if (20..=30).contains(&h) => format!("Your {noun} tomorrow"),
        1 => format!("Your {noun} in an hour"),
        h if h < 48 => format!("Your {noun} in {h} hours"),
        h => format!("Your {noun} in {} days", h / 24),
    }
}

/// A shift's span or a hearing's moment, in the facility's local time.
pub fn when(at: &At) -> String {
    let tz = zone(&at.time_zone);
    match at.ends_at {
        Some(end) => time::span(at.starts_at, end, tz),
        None => time::moment(at.starts_at, tz),
    }
}

fn digest_body(d: &Digest) -> String {
    let mut body = format!(
        "The coming week: {} shifts, {} of them needing attention, {} more volunteers needed to reach every shift's minimum.",
        d.shifts,
        d.flagged.len(),
        d.seats_open
    );
    for shift in d.flagged.iter().take(DIGEST_SHIFTS) {
        let flags = shift
            .flags
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ");
        body.push_str(&format!(
            "\n- {}, {}: {} ({flags})",
            shift.at.place,
            when(&shift.at),
            crate::kernel::labels::staffing(
                shift.signed_up,
                shift.max_volunteers,
                shift.min_volunteers
            ),
        ));
    }
    if d.flagged.len() > DIGEST_SHIFTS {
        body.push_str(&format!(
            "\n… and {} more on the coverage board.",
            d.flagged.len() - DIGEST_SHIFTS
        ));
    }
    if !d.supplies.is_empty() {
        body.push_str("\n\nSupplies running low or needing a count:");
        for s in d.supplies.iter().take(DIGEST_SUPPLIES) {
            body.push_str(&format!(
                "\n- {}: {}, {} {} left",
                s.location, s.item, s.on_hand, s.unit
            ));
            if let Some(low) = s.low_below.filter(|_| s.is_low()) {
                body.push_str(&format!(" (low below {low})"));
            }
            if s.needs_count {
                body.push_str(" — needs a count");
            }
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn jail(ends: bool) -> At {
        At {
            place: "County Jail".into(),
            time_zone: "America/New_York".into(),
            // 22:00 in New York (EST) on Friday 15 January.
            starts_at: Utc.with_ymd_and_hms(2027, 1, 16, 3, 0, 0).unwrap(),
            ends_at: ends.then(|| Utc.with_ymd_and_hms(2027, 1, 16, 7, 0, 0).unwrap()),
        }
    }

    #[test]
    fn reminder_subjects_are_generic() {
        assert_eq!(
            reminder_subject(Activity::Shift, 24),
            "Your jail support shift tomorrow"
        );
        assert_eq!(
            reminder_subject(Activity::Hearing, 2),
            "Your court accompaniment in 2 hours"
        );
        let (_, body) = say(&Message::Reminder {
            activity: Activity::Shift,
            hours: 24,
            at: jail(false),
        });
        assert_eq!(
            body,
            "Friday 15 January, 22:00 (EST)\nWhere: County Jail\nDetails and your check-in are in Vigil."
        );
    }

    #[test]
    fn a_call_out_says_now_or_from_when() {
        let (subject, now) = say(&Message::CallOut {
            at: jail(true),
            needed: 1,
            started: true,
        });
        assert_eq!(subject, "Jail support: people needed now");
        assert!(
            now.starts_with("1 person needed at County Jail now (until 02:00)."),
            "{now}"
        );
        let (_, later) = say(&Message::CallOut {
            at: jail(true),
            needed: 3,
            started: false,
        });
        assert!(
            later.starts_with("3 people needed at County Jail from "),
            "{later}"
        );
    }

    /// A message travels in the job's JSON payload and is read back when the mail is sent.
    #[test]
    fn a_message_survives_the_queue() {
        let message = Message::AccompanierCant {
            accompanier: "Ana".into(),
            at: jail(false),
            why: CantMake::NewTime,
        };
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(json["message"], "accompanier_cant");
        let back: Message = serde_json::from_value(json).unwrap();
        assert_eq!(back, message);
        assert!(say(&back).1.starts_with(
            "Ana can't make the new time for the court accompaniment at County Jail, "
        ));
    }
}
