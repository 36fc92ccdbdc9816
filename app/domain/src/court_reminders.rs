//! Court-date reminders to the people we support: only with their consent, recorded by a
//! coordinator (who, when, which channel, which language), withdrawn by the person (`STOP`)
//! or a coordinator, and both kept. Reminders go 7, 3 and 1 days before a hearing and on its
//! morning, to the contact already kept (sealed) for the person.
//!
//! What a reminder says is data (`PersonText`), never the case reference, charges,
//! courtroom or the person's name: a day, a local time, the court's public address and where
//! someone from the group will meet them.
use crate::notifications::Channel;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The languages a person can get reminders in, to start.
pub const LANGUAGES: [&str; 2] = ["en", "es"];

/// A consent as recorded, or its withdrawal: the newest one is the person's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub person_id: i64,
    pub channel: Channel,
    /// "en", "es".
    pub language: String,
    /// The coordinator who recorded it.
    pub recorded_by: i64,
    pub recorded_at: DateTime<Utc>,
    pub withdrawn: Option<Withdrawal>,
}

impl Consent {
    pub fn active(&self) -> bool {
        self.withdrawn.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    /// The coordinator who withdrew it; `None`: the person did (`STOP`).
    pub by: Option<i64>,
}

/// A person's consent as the person's page shows it to coordinators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentStatus {
    pub channel: Channel,
    pub language: String,
    /// The coordinator who recorded it (display name).
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// When it was withdrawn, and by which coordinator (`None`: by the person).
    pub withdrawn: Option<(DateTime<Utc>, Option<String>)>,
}

/// What a person wrote back, as coordinators see it on the person's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WroteBack {
    pub received_at: DateTime<Utc>,
    pub text: crate::people::FieldValue,
}

/// A coordinator's consent form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentInput {
    pub channel: Channel,
    pub language: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// No channel chosen, or one that is not SMS, Signal or email.
    ChooseChannel,
    /// No language chosen, or one reminders aren't written in.
    ChooseLanguage,
    /// The person has no contact kept to send to.
    NoContact,
    /// The contact kept is not a mobile number (for SMS or Signal).
    ContactNotAPhone,
    /// The contact kept is not an email address (for email).
    ContactNotAnEmail,
    /// This server has no gateway for the chosen channel.
    ChannelNotSetUp,
    /// Withdrawing when there is no consent.
    NoConsent,
}

impl ConsentInput {
    pub fn parse(channel: &str, language: &str) -> Result<ConsentInput, crate::FieldErrors> {
        let mut errors = Vec::new();
        let channel = Channel::from_key(channel.trim());
        if channel.is_none() {
            errors.push(("channel", Refusal::ChooseChannel.into()));
        }
        let language = language.trim();
        if !LANGUAGES.contains(&language) {
            errors.push(("language", Refusal::ChooseLanguage.into()));
        }
        match channel {
            Some(channel) if errors.is_empty() => Ok(ConsentInput {
                channel,
                language: language.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// Which reminder of a hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    SevenDays,
    ThreeDays,
    OneDay,
    Morning,
}

impl Slot {
    pub const ALL: [Slot; 4] = [
        Slot::SevenDays,
        Slot::ThreeDays,
        Slot::OneDay,
        Slot::Morning,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Slot::SevenDays => "7d",
            Slot::ThreeDays => "3d",
            Slot::OneDay => "1d",
            Slot::Morning => "morning",
        }
    }

    fn days_before(self) -> i64 {
        match self {
            Slot::SevenDays => 7,
            Slot::ThreeDays => 3,
            Slot::OneDay => 1,
            Slot::Morning => 0,
        }
    }
}

/// Days-before reminders go at this local time: awake, and rarely at work yet.
const DAYS_BEFORE_AT: (u32, u32) = (10, 0);
/// The morning one at this local time, or two hours before an earlier hearing.
const MORNING_AT: (u32, u32) = (7, 30);

fn local_at(day: chrono::NaiveDate, (h, m): (u32, u32), tz: Tz) -> Option<DateTime<Utc>> {
    let naive = day.and_time(NaiveTime::from_hms_opt(h, m, 0)?);
    // A time skipped by a clock change: an hour later.
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// When each reminder of a hearing starting at `starts_at` (in the court's zone `tz`) is
/// sent, leaving out those already past at `now`.
pub fn schedule(
    starts_at: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Vec<(Slot, DateTime<Utc>)> {
    let hearing_day = starts_at.with_timezone(&tz).date_naive();
    Slot::ALL
        .into_iter()
        .filter_map(|slot| {
            let at = match slot {
                Slot::Morning => {
                    let morning = local_at(hearing_day, MORNING_AT, tz)?;
                    morning.min(starts_at - Duration::hours(2))
                }
                _ => local_at(
                    hearing_day - Duration::days(slot.days_before()),
                    DAYS_BEFORE_AT,
                    tz,
                )?,
            };
            (at > now && at < starts_at).then_some((slot, at))
        })
        .collect()
}

/// What a text or mail to a supported person says, as data: nothing about the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PersonText {
    Reminder {
        slot: Slot,
        when: crate::time::Span,
        address: String,
        /// When and where someone from the group meets them, if anyone is going.
        meet: Option<Meet>,
        /// "Need a ride? Reply RIDE": by text only (a mail's answer reaches no one).
        #[serde(default)]
        offer_ride: bool,
    },
    /// The date changed: the new one.
    Moved {
        when: crate::time::Span,
        address: String,
    },
    Cancelled {
        when: crate::time::Span,
    },
    /// Reminders stopped (their `STOP`).
    Stopped,
    /// Anything else they wrote: a person will answer.
    Noted,
    /// Their `RIDE`: asked; a person will confirm.
    RideAsked,
    /// A driver took their ride: who (a first name, or empty), and when they are picked up.
    RideComing {
        driver: String,
        when: crate::time::Span,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meet {
    pub at: DateTime<Utc>,
    pub point: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny() -> Tz {
        chrono_tz::America::New_York
    }

    #[test]
    fn reminders_go_seven_three_and_one_day_before_at_ten_and_on_the_morning() {
        // Thursday 10 December 2026, 09:00 in New York (14:00 UTC).
        let start = Utc.with_ymd_and_hms(2026, 12, 10, 14, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let got: Vec<(Slot, String)> = schedule(start, ny(), now)
            .into_iter()
            .map(|(s, at)| (s, at.with_timezone(&ny()).format("%d %H:%M").to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Slot::SevenDays, "03 10:00".into()),
                (Slot::ThreeDays, "07 10:00".into()),
                (Slot::OneDay, "09 10:00".into()),
                (Slot::Morning, "10 07:00".into()),
            ],
            "an early hearing's morning reminder comes two hours before"
        );
    }

    #[test]
    fn past_reminders_are_left_out() {
        let start = Utc.with_ymd_and_hms(2026, 12, 10, 19, 0, 0).unwrap(); // 14:00 local
        let now = Utc.with_ymd_and_hms(2026, 12, 8, 12, 0, 0).unwrap();
        let slots: Vec<Slot> = schedule(start, ny(), now)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(slots, vec![Slot::OneDay, Slot::Morning]);
        let at_noon_that_day = Utc.with_ymd_and_hms(2026, 12, 10, 17, 0, 0).unwrap();
        assert!(schedule(start, ny(), at_noon_that_day).is_empty());
    }

    #[test]
    fn a_consent_form_names_what_is_missing() {
        assert_eq!(
            ConsentInput::parse("sms", "es"),
            Ok(ConsentInput {
                channel: Channel::Sms,
                language: "es".into()
            })
        );
        assert_eq!(
            ConsentInput::parse("pigeon", "fr"),
            Err(vec![
                ("channel", Refusal::ChooseChannel.into()),
                ("language", Refusal::ChooseLanguage.into())
            ])
        );
    }
}
