//! Text messages beside email: SMS through a gateway the group runs (Kannel) or rents
//! (Twilio), and Signal through signal-cli-rest-api.
//!
//! - `config`: which gateways, from the environment; `Texts`: the clients, each paced to
//!   its gateway's rate.
//! - `phones`: a member's number, and the code that verifies it for a channel.
//! - `outbox`: the worker's side: a notice fans out into one job per text channel the
//!   member chose (`fan_out`), and a text job is sent (`send_job`).
//! - `inbound`: replies as commands (YES, C, NO, STOP, START), mapped to the account by its
//!   verified number and to the newest text that can be answered.
//!
//! Texts are worded by the web layer (`Wording::text`), like mail, and say no more than
//! mail does: never anything about a supported person. Numbers are never logged.
pub mod config;
pub mod inbound;
pub mod outbox;
pub mod phones;

mod kannel;
mod pace;
mod signal;
mod twilio;

pub use config::{KannelConfig, SignalConfig, SmsProvider, TextConfig, TwilioConfig};
pub use signal::Received;
pub use twilio::{signature as twilio_signature, verify as twilio_verify};

use pace::Pacer;
use std::time::Duration;
use vigil_domain::notifications::{Channel, Phone};

/// What a gateway said to a send it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The gateway's id for the message (Twilio's SID), for its delivery reports.
    pub provider_id: Option<String>,
}

/// Why a send failed, as shown on "Delivery problems": the gateway's status and code,
/// never the number or the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SendError {
    /// Try again later: the gateway is down, slow or busy.
    #[error("{0}")]
    Unreachable(String),
    /// The gateway refused this message.
    #[error("{0}")]
    Refused(String),
    #[error("no gateway is set up for {0}")]
    NotConfigured(&'static str),
}

/// The gateways and their pacing (one per process, shared by the worker's lanes).
pub struct Texts {
    config: TextConfig,
    client: reqwest::Client,
    sms_pace: Pacer,
    signal_pace: Pacer,
    /// Where Twilio posts delivery reports (`status_callback`).
    status_callback: String,
}

impl Texts {
    pub fn new(config: TextConfig, base_url: &str) -> Texts {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Texts {
            sms_pace: Pacer::per_second(config.sms_per_second),
            signal_pace: Pacer::per_second(config.signal_per_second),
            status_callback: format!(
                "{}{}",
                base_url.trim_end_matches('/'),
                crate::paths::TEXTS_TWILIO_STATUS
            ),
            config,
            client,
        }
    }

    pub fn config(&self) -> &TextConfig {
        &self.config
    }

    /// Whether this server can send by `channel` (email always).
    pub fn offers(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => true,
            Channel::Sms => self.config.sms.is_some(),
            Channel::Signal => self.config.signal.is_some(),
        }
    }

    pub async fn send(&self, channel: Channel, to: &Phone, body: &str) -> Result<Sent, SendError> {
        match channel {
            Channel::Sms => {
                let Some(provider) = &self.config.sms else {
                    return Err(SendError::NotConfigured("SMS"));
                };
                self.sms_pace.wait().await;
                match provider {
                    SmsProvider::Kannel(k) => kannel::send(&self.client, k, to, body).await,
                    SmsProvider::Twilio(t) => {
                        twilio::send(&self.client, t, to, body, &self.status_callback).await
                    }
                }
            }
            Channel::Signal => {
                let Some(signal) = &self.config.signal else {
                    return Err(SendError::NotConfigured("Signal"));
                };
                self.signal_pace.wait().await;
                signal::send(&self.client, signal, to, body).await
            }
            Channel::Email => Err(SendError::NotConfigured("email by text")),
        }
    }

    /// Whether a reply posted by Kannel's sms-service carries the configured key (compared
    /// in constant time). `false` when SMS doesn't go through Kannel.
    pub fn kannel_key_matches(&self, given: &str) -> bool {
        use secrecy::ExposeSecret;
        let Some(SmsProvider::Kannel(config)) = &self.config.sms else {
            return false;
        };
        let key = config.inbound_key.expose_secret().as_bytes();
        let given = given.as_bytes();
        !key.is_empty()
            && key.len() == given.len()
            && key.iter().zip(given).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Whether a webhook to `url` with these POST parameters carries Twilio's signature.
    /// `false` when SMS doesn't go through Twilio.
    pub fn twilio_signed(&self, url: &str, params: &[(String, String)], given: &str) -> bool {
        use secrecy::ExposeSecret;
        let Some(SmsProvider::Twilio(config)) = &self.config.sms else {
            return false;
        };
        twilio::verify(config.auth_token.expose_secret(), url, params, given)
    }

    /// The Signal messages waiting for the group's number (none if Signal is not set up).
    pub async fn receive_signal(&self) -> Result<Vec<Received>, SendError> {
        match &self.config.signal {
            Some(signal) => signal::receive(&self.client, signal).await,
            None => Ok(Vec::new()),
        }
    }
}

/// A gateway's words made safe to show and log: any run of six or more digits (a phone
/// number a gateway quoted back) is hidden, and the length capped.
pub fn scrub(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 6 {
            out.push('…');
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '+' && digits.is_empty()) {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn a_quoted_number_never_reaches_the_log() {
        assert_eq!(
            scrub("The 'To' number +15551234567 is not valid (21211)"),
            "The 'To' number … is not valid (21211)"
        );
        assert_eq!(
            scrub("3: Queued for later delivery"),
            "3: Queued for later delivery"
        );
    }
}
