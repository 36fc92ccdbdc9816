//! Which gateways texts go through, read from the environment by the `vigil` binary. Secrets
//! are `SecretString`s: printing a `Config` shows `[REDACTED]`, never a password or token.
use secrecy::SecretString;

#[derive(Debug, Clone, Default)]
pub struct TextConfig {
    /// `None`: SMS is not offered.
    pub sms: Option<SmsProvider>,
    /// `None`: Signal is not offered.
    pub signal: Option<SignalConfig>,
    /// SMS the gateway takes a second (a paid account's or a modem's limit): a call-out to
    /// 500 volunteers is paced, not refused.
    pub sms_per_second: f64,
    pub signal_per_second: f64,
    /// The calling code numbers typed without one belong to (e.g. "1").
    pub country: String,
}

#[derive(Debug, Clone)]
pub enum SmsProvider {
    Kannel(KannelConfig),
    Twilio(TwilioConfig),
}

/// Kannel's smsbox: `sendsms` for sending; an `sms-service` posting replies to Vigil's
/// inbound URL with `inbound_key` in it.
#[derive(Debug, Clone)]
pub struct KannelConfig {
    /// e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`
    pub sendsms_url: String,
    pub username: String,
    pub password: SecretString,
    /// The sender number or name, if the SMSC lets Vigil choose it.
    pub from: Option<String>,
    /// What the sms-service must present (`?key=`) for a reply to be believed.
    pub inbound_key: SecretString,
}

/// Twilio's REST API, or one shaped like it (`api_url`).
#[derive(Debug, Clone)]
pub struct TwilioConfig {
    /// `https://api.twilio.com` unless a compatible provider is used.
    pub api_url: String,
    pub account_sid: String,
    pub auth_token: SecretString,
    /// A number ("+1…") or a messaging service ("MG…").
    pub from: String,
}

/// signal-cli-rest-api, registered with the group's own Signal number.
#[derive(Debug, Clone)]
pub struct SignalConfig {
    /// e.g. `http://127.0.0.1:8080`
    pub url: String,
    /// The group's Signal number, E.164.
    pub number: String,
}
