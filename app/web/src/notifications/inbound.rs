//! Where the text gateways call Vigil: replies from members (Kannel's sms-service, Twilio's
//! messaging webhook) and Twilio's delivery reports. Not pages: no session; each request
//! proves it comes from the gateway (Kannel: the shared key; Twilio: its signature) or gets
//! 403. The sender's number arrives in the body or a header, never in a URL, and is never
//! logged.
use crate::routes;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use vigil_core::texting::{inbound, outbox};
use vigil_domain::notifications::{Channel, Phone};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::TEXTS_KANNEL, post(kannel))
        .route(routes::TEXTS_TWILIO, post(twilio))
        .route(routes::TEXTS_TWILIO_STATUS, post(twilio_status))
}

fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, "forbidden").into_response()
}

/// The text of Kannel's POST, in the charset its Content-Type names (UTF-8, Latin-1, or
/// UTF-16BE for a UCS-2 message).
fn decode(headers: &HeaderMap, body: &[u8]) -> String {
    let charset = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .map(|c| c.trim_matches('"').to_ascii_lowercase())
        .unwrap_or_else(|| "utf-8".into());
    match charset.as_str() {
        "iso-8859-1" | "latin1" => body.iter().map(|b| char::from(*b)).collect(),
        "utf-16be" | "ucs-2" | "ucs2" => char::decode_utf16(
            body.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])),
        )
        .map(|c| c.unwrap_or('\u{fffd}'))
        .collect(),
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}

#[derive(serde::Deserialize)]
struct KannelQuery {
    #[serde(default)]
    key: String,
}

/// Kannel's `sms-service` (`post-url`, `send-sender = true`): the sender in `X-Kannel-From`,
/// the text as the body. Answers 200 with no body: the reply goes through the queue.
async fn kannel(
    State(state): State<AppState>,
    Query(q): Query<KannelQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !state.texts.kannel_key_matches(&q.key) {
        tracing::warn!("kannel reply with a wrong key");
        return forbidden();
    }
    let Some(from) = headers
        .get("x-kannel-from")
        .and_then(|v| v.to_str().ok())
        .and_then(Phone::from_gateway)
    else {
        return (StatusCode::BAD_REQUEST, "no sender").into_response();
    };
    let text = decode(&headers, &body);
    // Kannel gives a reply no id: its time (to the second) and its words make one, so a
    // post Kannel retries answers once and two replies in one second are two.
    let time = headers
        .get("x-kannel-time")
        .and_then(|v| v.to_str().ok())
        .map(String::from)
        .unwrap_or_else(|| Utc::now().timestamp_micros().to_string());
    let id = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        text.hash(&mut hasher);
        format!("{time}-{:016x}", hasher.finish())
    };
    receive(&state, Channel::Sms, &from, &text, &id).await
}

async fn receive(
    state: &AppState,
    channel: Channel,
    from: &Phone,
    text: &str,
    id: &str,
) -> Response {
    let incoming = inbound::Incoming {
        channel,
        from,
        text,
        id,
    };
    match inbound::receive(state, &incoming, Utc::now()).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err) => {
            // The gateway retries a 5xx; the cause is logged without the number or text.
            tracing::error!(error = %err, "text reply not handled");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A Twilio webhook's parameters, if its `X-Twilio-Signature` is Twilio's for this URL.
fn signed_params(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Vec<(String, String)>> {
    let given = headers.get("x-twilio-signature")?.to_str().ok()?;
    let params: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    // Twilio signs the URL it was given: the public address, as configured.
    let url = state.config.link(path);
    state
        .texts
        .twilio_signed(&url, &params, given)
        .then_some(params)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Twilio's incoming-message webhook. Answers an empty TwiML response: Vigil's reply goes
/// through the queue like every other text.
async fn twilio(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(params) = signed_params(&state, routes::TEXTS_TWILIO, &headers, &body) else {
        tracing::warn!("twilio webhook without a valid signature");
        return forbidden();
    };
    let Some(from) = Phone::from_gateway(param(&params, "From")) else {
        return (StatusCode::BAD_REQUEST, "no sender").into_response();
    };
    let response = receive(
        &state,
        Channel::Sms,
        &from,
        param(&params, "Body"),
        param(&params, "MessageSid"),
    )
    .await;
    if response.status() != StatusCode::OK {
        return response;
    }
    (
        [(http::header::CONTENT_TYPE, "text/xml")],
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>",
    )
        .into_response()
}

/// Twilio's status callback: a message that failed or was undelivered marks its job failed,
/// with the status and error code, for "Delivery problems".
async fn twilio_status(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(params) = signed_params(&state, routes::TEXTS_TWILIO_STATUS, &headers, &body) else {
        tracing::warn!("twilio status callback without a valid signature");
        return forbidden();
    };
    let status = param(&params, "MessageStatus");
    if matches!(status, "failed" | "undelivered") {
        let code = param(&params, "ErrorCode");
        let why = format!("Twilio: {status} (error code {code})");
        if let Err(err) =
            outbox::undelivered(&state, param(&params, "MessageSid"), &why, Utc::now()).await
        {
            tracing::error!(error = %err, "delivery report not recorded");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kannel_bodies_are_read_in_their_charset() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            "text/plain; charset=UTF-16BE".parse().unwrap(),
        );
        let body: Vec<u8> = "Sí".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&headers, &body), "Sí");
        headers.insert(
            http::header::CONTENT_TYPE,
            "text/plain; charset=ISO-8859-1".parse().unwrap(),
        );
        assert_eq!(decode(&headers, &[b'S', 0xed]), "Sí");
    }
}
