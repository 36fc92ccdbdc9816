//! The text gateways' settings, from the environment (README "Text messages"). Every secret
//! can come from a file instead (`…_FILE`, for container and systemd secrets); none is ever
//! printed.
use anyhow::{bail, Context};
use secrecy::SecretString;
use vigil_core::texting::{KannelConfig, SignalConfig, SmsProvider, TextConfig, TwilioConfig};

/// Reads the settings through `var` (the process environment in `main`, a map in tests).
pub fn text_config(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<TextConfig> {
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let secret = |name: &str| -> anyhow::Result<Option<SecretString>> {
        if let Some(path) = get(&format!("{name}_FILE")) {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{name}_FILE: cannot read {path}"))?;
            // An empty key would let anyone through (an empty key matches an empty one).
            if text.trim().is_empty() {
                bail!("{name}_FILE: {path} is empty");
            }
            return Ok(Some(SecretString::from(text.trim().to_string())));
        }
        Ok(get(name).map(SecretString::from))
    };
    let need = |name: &str, provider: &str| {
        get(name).with_context(|| format!("VIGIL_SMS_PROVIDER={provider} needs {name}"))
    };
    let need_secret = |name: &str, provider: &str| -> anyhow::Result<SecretString> {
        secret(name)?
            .with_context(|| format!("VIGIL_SMS_PROVIDER={provider} needs {name} (or {name}_FILE)"))
    };
    let sms = match get("VIGIL_SMS_PROVIDER").as_deref() {
        None | Some("none") => None,
        Some("kannel") => Some(SmsProvider::Kannel(KannelConfig {
            sendsms_url: need("VIGIL_KANNEL_SENDSMS_URL", "kannel")?,
            username: need("VIGIL_KANNEL_USERNAME", "kannel")?,
            password: need_secret("VIGIL_KANNEL_PASSWORD", "kannel")?,
            from: get("VIGIL_KANNEL_FROM"),
            inbound_key: need_secret("VIGIL_KANNEL_INBOUND_KEY", "kannel")?,
        })),
        Some("twilio") => Some(SmsProvider::Twilio(TwilioConfig {
            api_url: get("VIGIL_TWILIO_API_URL").unwrap_or_else(|| "https://api.twilio.com".into()),
            account_sid: need("VIGIL_TWILIO_ACCOUNT_SID", "twilio")?,
            auth_token: need_secret("VIGIL_TWILIO_AUTH_TOKEN", "twilio")?,
            from: need("VIGIL_TWILIO_FROM", "twilio")?,
        })),
        Some(other) => bail!("VIGIL_SMS_PROVIDER must be kannel, twilio or none, not {other:?}"),
    };
    let signal = match (get("VIGIL_SIGNAL_URL"), get("VIGIL_SIGNAL_NUMBER")) {
        (Some(url), Some(number)) => Some(SignalConfig { url, number }),
        (None, None) => None,
        _ => bail!("Signal needs both VIGIL_SIGNAL_URL and VIGIL_SIGNAL_NUMBER"),
    };
    let rate = |name: &str, default: f64| -> anyhow::Result<f64> {
        match get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<f64>() {
                Ok(n) if n > 0.0 && n <= 1000.0 => Ok(n),
                _ => {
                    bail!("{name} must be messages a second, more than 0 (e.g. 1 or 10), not {v:?}")
                }
            },
        }
    };
    let country = get("VIGIL_PHONE_COUNTRY").unwrap_or_else(|| "1".into());
    if country.is_empty() || country.len() > 3 || !country.chars().all(|c| c.is_ascii_digit()) {
        bail!("VIGIL_PHONE_COUNTRY is a calling code, e.g. 1 or 52, not {country:?}");
    }
    Ok(TextConfig {
        sms,
        signal,
        sms_per_second: rate("VIGIL_SMS_RATE", 1.0)?,
        signal_per_second: rate("VIGIL_SIGNAL_RATE", 1.0)?,
        country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> anyhow::Result<TextConfig> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        text_config(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_means_email_only() {
        let c = read(&[]).unwrap();
        assert!(c.sms.is_none() && c.signal.is_none());
    }

    #[test]
    fn a_provider_names_what_it_is_missing_and_never_prints_secrets() {
        let err = read(&[("VIGIL_SMS_PROVIDER", "kannel")]).unwrap_err();
        assert!(
            err.to_string().contains("VIGIL_KANNEL_SENDSMS_URL"),
            "{err}"
        );
        let c = read(&[
            ("VIGIL_SMS_PROVIDER", "twilio"),
            ("VIGIL_TWILIO_ACCOUNT_SID", "AC123"),
            ("VIGIL_TWILIO_AUTH_TOKEN", "hunter2-token"),
            ("VIGIL_TWILIO_FROM", "+15550000000"),
        ])
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"), "{c:?}");
        assert!(read(&[("VIGIL_SMS_PROVIDER", "pigeon")]).is_err());
        assert!(read(&[("VIGIL_SMS_RATE", "fast")]).is_err());
        assert!(read(&[("VIGIL_SIGNAL_URL", "http://x")]).is_err());
    }
}
