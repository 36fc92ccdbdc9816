//! Notifications: how Vigil reaches people, by email, SMS or Signal.
//! Every message has a generic subject and never carries data about supported people.
use serde::{Deserialize, Serialize};

mod channels;
mod message;
pub mod phone;
pub mod replies;
pub mod sms;
pub use channels::{Channel, Routes, Via};
pub use message::{Activity, At, CantMake, Digest, FlaggedShift, Message, ShiftCancelled};
pub use phone::{Phone, PhoneRefusal};
pub use replies::{Command, Reply};

/// What one text message says: a notice, or Vigil's answer to the member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Text {
    Notice(Message),
    Reply(Reply),
}

/// Why notification settings were refused: *what* to fix, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Reminder hours that are not whole hours from 1 to 168, separated by commas.
    ReminderHours,
    /// Quiet hours need both times as HH:MM, or neither.
    QuietHours,
    UnknownZone,
    Phone(PhoneRefusal),
    /// The verification code is wrong or has expired.
    WrongCode,
    /// Too many wrong codes: ask for a new one.
    TooManyTries,
    /// A code was sent less than a minute ago: wait for it (codes can't be drawn fast enough
    /// to guess one).
    CodeTooSoon,
    /// Texts were chosen for a kind of notice, but no number is verified for that channel.
    NoVerifiedNumber,
    /// Texting is not set up on this server (no provider configured).
    NoTextProvider,
    /// Another member verified this number already.
    NumberTaken,
}

/// The kinds of mail a person can turn on or off (each has its own unsubscribe link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    /// Before a shift or hearing.
    Reminders,
    /// A shift or hearing moved or was cancelled; promoted from the waitlist; removed.
    Changes,
    /// "People needed now" call-outs; opt-in, not held back by quiet hours.
    Urgent,
    /// Coordinators: understaffed shifts and hearings, the weekly digest.
    CoordinatorAlerts,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Reminders,
        Category::Changes,
        Category::Urgent,
        Category::CoordinatorAlerts,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Category::Reminders => "reminders",
            Category::Changes => "changes",
            Category::Urgent => "urgent",
            Category::CoordinatorAlerts => "coordinator_alerts",
        }
    }
    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// One person's notification preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prefs {
    pub reminders: bool,
    /// Hours before a shift or hearing (default 24 and 2).
    pub reminder_hours: Vec<u32>,
    pub changes: bool,
    pub urgent: bool,
    pub coordinator_alerts: bool,
    /// "HH:MM" in `time_zone`; no mail but urgent call-outs between start and end.
    pub quiet_start: Option<String>,
    pub quiet_end: Option<String>,
    pub time_zone: String,
    /// Which channels each kind goes by.
    pub routes: Routes,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            reminders: true,
            reminder_hours: vec![24, 2],
            changes: true,
            urgent: false,
            coordinator_alerts: true,
            quiet_start: None,
            quiet_end: None,
            time_zone: "UTC".into(),
            routes: Routes::default(),
        }
    }
}

impl Prefs {
    pub fn wants(&self, category: Category) -> bool {
        match category {
            Category::Reminders => self.reminders,
            Category::Changes => self.changes,
            Category::Urgent => self.urgent,
            Category::CoordinatorAlerts => self.coordinator_alerts,
        }
    }
    pub fn set(&mut self, category: Category, on: bool) {
        match category {
            Category::Reminders => self.reminders = on,
            Category::Changes => self.changes = on,
            Category::Urgent => self.urgent = on,
            Category::CoordinatorAlerts => self.coordinator_alerts = on,
        }
    }
}
