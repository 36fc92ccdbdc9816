//! The ways Vigil reaches a member (email, SMS, Signal), and which of them each kind of
//! notice goes by.
use super::Category;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Signal,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Signal];
    /// The texting channels: they need a verified number.
    pub const TEXT: [Channel; 2] = [Channel::Sms, Channel::Signal];
    pub fn key(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Signal => "signal",
        }
    }
    pub fn from_key(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Which channels one kind of notice goes by: any of them, and at least one when the kind
/// is on (turning a kind off is `Prefs`' switch, not an empty set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Via {
    pub email: bool,
    pub sms: bool,
    pub signal: bool,
}

impl Default for Via {
    fn default() -> Self {
        Via::EMAIL
    }
}

impl Via {
    pub const EMAIL: Via = Via {
        email: true,
        sms: false,
        signal: false,
    };
    pub fn has(self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email,
            Channel::Sms => self.sms,
            Channel::Signal => self.signal,
        }
    }
    pub fn with(mut self, channel: Channel, on: bool) -> Via {
        match channel {
            Channel::Email => self.email = on,
            Channel::Sms => self.sms = on,
            Channel::Signal => self.signal = on,
        }
        self
    }
    pub fn channels(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.has(*c))
    }
    /// As stored: the keys, comma-separated ("email,sms").
    pub fn key(self) -> String {
        self.channels()
            .map(Channel::key)
            .collect::<Vec<_>>()
            .join(",")
    }
    /// Reads `key`'s form; unknown names are ignored and nothing at all means email, so a
    /// stored value can never leave a kind with no way to arrive.
    pub fn from_key(key: &str) -> Via {
        let via = key
            .split(',')
            .filter_map(|k| Channel::from_key(k.trim()))
            .fold(Via::none(), |via, c| via.with(c, true));
        if via == Via::none() {
            Via::EMAIL
        } else {
            via
        }
    }
    fn none() -> Via {
        Via {
            email: false,
            sms: false,
            signal: false,
        }
    }
}

/// Each kind's channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Routes {
    pub reminders: Via,
    pub changes: Via,
    pub urgent: Via,
    pub coordinator_alerts: Via,
}

impl Routes {
    pub fn of(&self, category: Category) -> Via {
        match category {
            Category::Reminders => self.reminders,
            Category::Changes => self.changes,
            Category::Urgent => self.urgent,
            Category::CoordinatorAlerts => self.coordinator_alerts,
        }
    }
    pub fn set(&mut self, category: Category, via: Via) {
        match category {
            Category::Reminders => self.reminders = via,
            Category::Changes => self.changes = via,
            Category::Urgent => self.urgent = via,
            Category::CoordinatorAlerts => self.coordinator_alerts = via,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_set_reads_back_and_an_empty_one_means_email() {
        let via = Via::EMAIL.with(Channel::Sms, true);
        assert_eq!(via.key(), "email,sms");
        assert_eq!(Via::from_key("email,sms"), via);
        assert_eq!(Via::from_key(""), Via::EMAIL);
        assert_eq!(Via::from_key("pigeon"), Via::EMAIL);
        assert_eq!(
            Via::from_key("signal").channels().collect::<Vec<_>>(),
            [Channel::Signal]
        );
    }
}
