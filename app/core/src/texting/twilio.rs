//! Twilio's REST API (and those shaped like it): `Messages.json` to send, and the signature
//! on its webhooks (`X-Twilio-Signature`), as Twilio documents them.
use super::config::TwilioConfig;
use super::{scrub, SendError, Sent};
use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use vigil_domain::notifications::Phone;

pub async fn send(
    client: &reqwest::Client,
    config: &TwilioConfig,
    to: &Phone,
    body: &str,
    status_callback: &str,
) -> Result<Sent, SendError> {
    let url = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        config.api_url.trim_end_matches('/'),
        config.account_sid
    );
    let from_field = if config.from.starts_with("MG") {
        "MessagingServiceSid"
    } else {
        "From"
    };
    let response = client
        .post(url)
        .basic_auth(&config.account_sid, Some(config.auth_token.expose_secret()))
        .form(&[
            ("To", to.as_str()),
            (from_field, config.from.as_str()),
            ("Body", body),
            ("StatusCallback", status_callback),
        ])
        .send()
        .await
        .map_err(|err| SendError::Unreachable(scrub(&err.without_url().to_string())))?;
    let status = response.status();
    let json: serde_json::Value = response.json().await.unwrap_or_default();
    if status.is_success() {
        return Ok(Sent {
            provider_id: json.get("sid").and_then(|s| s.as_str()).map(String::from),
        });
    }
    // Twilio's error messages may quote the number: only its code is kept.
    let code = json
        .get("code")
        .map(|c| c.to_string())
        .unwrap_or_else(|| "none".into());
    let what = format!("Twilio answered {} (error code {code})", status.as_u16());
    if status.as_u16() == 429 || status.is_server_error() {
        Err(SendError::Unreachable(what))
    } else {
        Err(SendError::Refused(what))
    }
}

/// Twilio's signature of a webhook: HMAC-SHA1, keyed with the auth token, over the full URL
/// it called and then each POST parameter's name and value, sorted by name; base64.
pub fn signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(auth_token.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `given` is Twilio's signature of this request (compared in constant time).
pub fn verify(auth_token: &str, url: &str, params: &[(String, String)], given: &str) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(given.trim()) else {
        return false;
    };
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let Ok(mut mac) = <Hmac<sha1::Sha1> as Mac>::new_from_slice(auth_token.as_bytes()) else {
        return false;
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in Twilio's "Webhooks security" documentation.
    #[test]
    fn signs_as_twilio_documents() {
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let token = "12345";
        assert_eq!(
            signature(token, url, &params),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        assert!(verify(token, url, &params, "GvWf1cFY/Q7PnoempGyD5oXAezc="));
        assert!(!verify(
            token,
            url,
            &params[1..],
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        ));
        assert!(!verify(
            "other",
            url,
            &params,
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        ));
    }
}
