//! Hosted gateways that can't run here, served on loopback as their documentation describes
//! them: Twilio's Messages API (basic auth with the account SID and token, a form with To,
//! From or MessagingServiceSid, Body and StatusCallback; 201 with the message's SID) and
//! signal-cli-rest-api (`POST /v2/send` with JSON, `GET /v1/receive/{number}` handing over
//! the waiting messages once).
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use std::sync::{Arc, Mutex};

pub const TWILIO_SID: &str = "AC00000000000000000000000000000000";
pub const TWILIO_TOKEN: &str = "twilio-test-auth-token";
pub const TWILIO_FROM: &str = "+15550001111";
pub const SIGNAL_NUMBER: &str = "+15550002222";
/// Twilio answers 400 with error 21211 ("invalid 'To' number", quoting it) for this number.
pub const TWILIO_INVALID: &str = "+15557770000";

/// A message a gateway took.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub to: String,
    pub text: String,
    /// Twilio: the SID it answered; Signal: the timestamp.
    pub id: String,
    /// Twilio: where it will post delivery reports.
    pub status_callback: String,
}

#[derive(Default)]
struct Inner {
    taken: Vec<Taken>,
    /// Signal: messages waiting for `GET /v1/receive`.
    inbox: Vec<serde_json::Value>,
    /// Twilio: how many requests to refuse with 503 before taking messages again.
    outage: usize,
}

#[derive(Clone, Default)]
pub struct Gateway(Arc<Mutex<Inner>>);

impl Gateway {
    pub fn taken(&self) -> Vec<Taken> {
        self.0.lock().unwrap().taken.clone()
    }
    pub fn to(&self, number: &str) -> Vec<Taken> {
        self.taken()
            .into_iter()
            .filter(|t| t.to == number)
            .collect()
    }
    /// Waits (up to 10 s) for the `n`th message to `number`.
    pub async fn wait_for_nth(&self, number: &str, n: usize) -> Taken {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mut got = self.to(number);
            if got.len() >= n {
                return got.swap_remove(n - 1);
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{number} got {} messages, not {n}: {got:?}",
                got.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
    /// The next `n` sends fail as if the gateway were down.
    pub fn fail_next(&self, n: usize) {
        self.0.lock().unwrap().outage = n;
    }
    /// Signal: a member sends `text` to the group's number.
    pub fn signal_from(&self, number: &str, text: &str) {
        let now = chrono::Utc::now().timestamp_millis();
        self.0.lock().unwrap().inbox.push(serde_json::json!({
            "envelope": {
                "source": number,
                "sourceNumber": number,
                "sourceName": "Member",
                "timestamp": now,
                "dataMessage": {"timestamp": now, "message": text}
            },
            "account": SIGNAL_NUMBER
        }));
    }

    async fn serve(router: Router) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
        addr
    }

    /// A Twilio-shaped API on loopback; returns it and its base URL.
    pub async fn twilio() -> (Gateway, String) {
        let gateway = Gateway::default();
        let router = Router::new()
            .route(
                "/2010-04-01/Accounts/{sid}/Messages.json",
                post(twilio_send),
            )
            .with_state(gateway.clone());
        let addr = Gateway::serve(router).await;
        (gateway, format!("http://{addr}"))
    }

    /// A signal-cli-rest-api-shaped server on loopback; returns it and its URL.
    pub async fn signal() -> (Gateway, String) {
        let gateway = Gateway::default();
        let router = Router::new()
            .route("/v2/send", post(signal_send))
            .route("/v1/receive/{number}", get(signal_receive))
            .with_state(gateway.clone());
        let addr = Gateway::serve(router).await;
        (gateway, format!("http://{addr}"))
    }
}

async fn twilio_send(
    State(g): State<Gateway>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{TWILIO_SID}:{TWILIO_TOKEN}"))
    );
    let authorised = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected);
    if sid != TWILIO_SID || !authorised {
        return (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"code": 20003, "message": "Authenticate", "status": 401})),
        );
    }
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut inner = g.0.lock().unwrap();
    if inner.outage > 0 {
        inner.outage -= 1;
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                serde_json::json!({"code": 20500, "message": "Internal Server Error", "status": 503}),
            ),
        );
    }
    let to = field("To");
    if to == TWILIO_INVALID {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({
                "code": 21211,
                "message": format!("The 'To' number {to} is not a valid phone number."),
                "more_info": "https://www.twilio.com/docs/errors/21211",
                "status": 400
            })),
        );
    }
    let has_from = !field("From").is_empty() || !field("MessagingServiceSid").is_empty();
    if to.is_empty() || field("Body").is_empty() || !has_from {
        return (
            StatusCode::BAD_REQUEST,
            Json(
                serde_json::json!({"code": 21604, "message": "A 'To' phone number is required.", "status": 400}),
            ),
        );
    }
    let sid = format!("SM{:032x}", inner.taken.len() + 1);
    inner.taken.push(Taken {
        to: to.clone(),
        text: field("Body"),
        id: sid.clone(),
        status_callback: field("StatusCallback"),
    });
    (
        StatusCode::CREATED,
        Json(serde_json::json!({
            "sid": sid,
            "account_sid": TWILIO_SID,
            "to": to,
            "from": field("From"),
            "body": field("Body"),
            "status": "queued",
            "num_segments": "1",
            "error_code": null
        })),
    )
}

async fn signal_send(
    State(g): State<Gateway>,
    Json(body): Json<serde_json::Value>,
) -> impl IntoResponse {
    let number = body.get("number").and_then(|n| n.as_str()).unwrap_or("");
    let recipients: Vec<String> = body
        .get("recipients")
        .and_then(|r| r.as_array())
        .map(|r| {
            r.iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let message = body.get("message").and_then(|m| m.as_str()).unwrap_or("");
    if number != SIGNAL_NUMBER || recipients.is_empty() || message.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "bad request"})),
        );
    }
    let timestamp = chrono::Utc::now().timestamp_millis().to_string();
    let mut inner = g.0.lock().unwrap();
    for to in recipients {
        inner.taken.push(Taken {
            to,
            text: message.to_string(),
            id: timestamp.clone(),
            status_callback: String::new(),
        });
    }
    (
        StatusCode::CREATED,
        Json(serde_json::json!({"timestamp": timestamp})),
    )
}

async fn signal_receive(State(g): State<Gateway>, Path(number): Path<String>) -> impl IntoResponse {
    if number != SIGNAL_NUMBER {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "unknown number"})),
        );
    }
    let waiting = std::mem::take(&mut g.0.lock().unwrap().inbox);
    (StatusCode::OK, Json(serde_json::Value::Array(waiting)))
}
