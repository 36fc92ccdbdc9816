//! The notices in words: generic subjects, call-outs now or later, Spanish, and a message
//! read back from the queue.
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
        reminder_subject(Lang::En, Activity::Shift, 24),
        "Your jail support shift tomorrow"
    );
    assert_eq!(
        reminder_subject(Lang::En, Activity::Hearing, 2),
        "Your court accompaniment in 2 hours"
    );
    let (_, body) = say(
        Lang::En,
        &Message::Reminder {
            activity: Activity::Shift,
            hours: 24,
            at: jail(false),
        },
    );
    assert_eq!(
        body,
        "Friday 15 January, 22:00 (EST)\nWhere: County Jail\nDetails and your check-in are in Vigil."
    );
}

#[test]
fn a_call_out_says_now_or_from_when() {
    let (subject, now) = say(
        Lang::En,
        &Message::CallOut {
            at: jail(true),
            needed: 1,
            started: true,
        },
    );
    assert_eq!(subject, "Jail support: people needed now");
    assert!(
        now.starts_with("1 person needed at County Jail now (until 02:00)."),
        "{now}"
    );
    let (_, later) = say(
        Lang::En,
        &Message::CallOut {
            at: jail(true),
            needed: 3,
            started: false,
        },
    );
    assert!(
        later.starts_with("3 people needed at County Jail from "),
        "{later}"
    );
}

#[test]
fn a_spanish_reader_gets_spanish() {
    let (subject, body) = say(
        Lang::Es,
        &Message::Reminder {
            activity: Activity::Shift,
            hours: 24,
            at: jail(false),
        },
    );
    assert_eq!(subject, "Tu turno de apoyo en la cárcel es mañana");
    assert!(
        body.starts_with("viernes 15 de enero, 22:00 (EST)\n"),
        "{body}"
    );
    let (_, call) = say(
        Lang::Es,
        &Message::CallOut {
            at: jail(true),
            needed: 3,
            started: true,
        },
    );
    assert!(
        call.starts_with("Se necesitan 3 personas en County Jail ya"),
        "{call}"
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
    assert!(say(Lang::En, &back)
        .1
        .starts_with("Ana can't make the new time for the court accompaniment at County Jail, "));
}
