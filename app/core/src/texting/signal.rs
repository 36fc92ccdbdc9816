//! Signal through signal-cli-rest-api: `/v2/send` to send, `/v1/receive/{number}` for the
//! messages waiting (polled by the worker: JSON-RPC mode's websocket is the alternative).
use super::config::SignalConfig;
use super::{scrub, SendError, Sent};
use vigil_domain::notifications::Phone;

pub async fn send(
    client: &reqwest::Client,
    config: &SignalConfig,
    to: &Phone,
    body: &str,
) -> Result<Sent, SendError> {
    let response = client
        .post(format!("{}/v2/send", config.url.trim_end_matches('/')))
        .json(&serde_json::json!({
            "message": body,
            "number": config.number,
            "recipients": [to.as_str()],
        }))
        .send()
        .await
        .map_err(|err| SendError::Unreachable(scrub(&err.without_url().to_string())))?;
    let status = response.status();
    let json: serde_json::Value = response.json().await.unwrap_or_default();
    if status.is_success() {
        return Ok(Sent {
            provider_id: json.get("timestamp").map(|t| {
                t.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| t.to_string())
            }),
        });
    }
    let what = format!(
        "signal-cli answered {}: {}",
        status.as_u16(),
        scrub(json.get("error").and_then(|e| e.as_str()).unwrap_or(""))
    );
    if status.is_server_error() {
        Err(SendError::Unreachable(what))
    } else {
        Err(SendError::Refused(what))
    }
}

/// A message someone sent the group's number: who, what, and its timestamp (an id).
pub struct Received {
    pub from: Phone,
    pub text: String,
    pub id: String,
}

/// The messages waiting at signal-cli (receiving removes them there).
pub async fn receive(
    client: &reqwest::Client,
    config: &SignalConfig,
) -> Result<Vec<Received>, SendError> {
    let response = client
        .get(format!(
            "{}/v1/receive/{}",
            config.url.trim_end_matches('/'),
            config.number
        ))
        .send()
        .await
        .map_err(|err| SendError::Unreachable(scrub(&err.without_url().to_string())))?;
    if !response.status().is_success() {
        return Err(SendError::Unreachable(format!(
            "signal-cli answered {}",
            response.status().as_u16()
        )));
    }
    let items: Vec<serde_json::Value> = response.json().await.unwrap_or_default();
    Ok(items
        .iter()
        .filter_map(|item| {
            let envelope = item.get("envelope")?;
            let data = envelope.get("dataMessage")?;
            let text = data.get("message")?.as_str()?.to_string();
            let from = envelope
                .get("sourceNumber")
                .or_else(|| envelope.get("source"))
                .and_then(|s| s.as_str())
                .and_then(Phone::from_gateway)?;
            let id = data
                .get("timestamp")
                .or_else(|| envelope.get("timestamp"))
                .map(|t| t.to_string())
                .unwrap_or_default();
            Some(Received { from, text, id })
        })
        .collect())
}
