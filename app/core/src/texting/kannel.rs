//! Sending through Kannel's smsbox (`sendsms`), by POST with the number and credentials in
//! `X-Kannel-*` headers, so neither appears in a URL (and so in no access log).
use super::config::KannelConfig;
use super::{scrub, SendError, Sent};
use secrecy::ExposeSecret;
use vigil_domain::notifications::sms::{length, Encoding};
use vigil_domain::notifications::Phone;

pub async fn send(
    client: &reqwest::Client,
    config: &KannelConfig,
    to: &Phone,
    body: &str,
) -> Result<Sent, SendError> {
    // Kannel converts UTF-8 to the GSM alphabet itself; UCS-2 it must be told (coding 2).
    let coding = match length(body).encoding {
        Encoding::Gsm7 => "0",
        Encoding::Ucs2 => "2",
    };
    let mut request = client
        .post(&config.sendsms_url)
        .header("Content-Type", "text/plain; charset=UTF-8")
        .header("X-Kannel-Username", &config.username)
        .header("X-Kannel-Password", config.password.expose_secret())
        .header("X-Kannel-To", to.as_str())
        .header("X-Kannel-Coding", coding)
        .body(body.to_string());
    if let Some(from) = &config.from {
        request = request.header("X-Kannel-From", from);
    }
    let response = request
        .send()
        .await
        .map_err(|err| SendError::Unreachable(scrub(&err.without_url().to_string())))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    // "0: Accepted for delivery" and "3: Queued for later delivery" are both 202.
    if status.is_success() {
        Ok(Sent { provider_id: None })
    } else if status.is_server_error() || status.as_u16() == 503 {
        Err(SendError::Unreachable(format!(
            "Kannel answered {}: {}",
            status.as_u16(),
            scrub(text.trim())
        )))
    } else {
        Err(SendError::Refused(format!(
            "Kannel answered {}: {}",
            status.as_u16(),
            scrub(text.trim())
        )))
    }
}
