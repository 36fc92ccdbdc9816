//! SMS through Twilio's REST API (served on loopback as Twilio documents it), and its signed
//! webhooks: replies and delivery reports.
use super::*;
use axum::body::Body;
use axum::http::{header, Request};
use support::gateways::{Gateway, TWILIO_FROM, TWILIO_INVALID, TWILIO_SID, TWILIO_TOKEN};
use vigil_core::texting::{SmsProvider, TextConfig, TwilioConfig};

const BO: &str = "+15552223333";

fn config(api_url: String) -> TextConfig {
    TextConfig {
        sms: Some(SmsProvider::Twilio(TwilioConfig {
            api_url,
            account_sid: TWILIO_SID.into(),
            auth_token: TWILIO_TOKEN.to_string().into(),
            from: TWILIO_FROM.into(),
        })),
        signal: None,
        sms_per_second: 100.0,
        signal_per_second: 100.0,
        country: "1".into(),
    }
}

/// Posts `params` to Vigil's webhook at `path` as Twilio would, signed with `token` (or not).
async fn webhook(
    app: &TestApp,
    path: &str,
    params: &[(&str, &str)],
    token: Option<&str>,
) -> support::Reply {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::USER_AGENT, "TwilioProxy/1.1");
    if let Some(token) = token {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        // Twilio signs the public URL it was configured with.
        let url = app.state.config.link(path);
        let signature = vigil_core::texting::twilio_signature(token, &url, &owned);
        req = req.header("X-Twilio-Signature", signature);
    }
    app.send(req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn twilio_sends_takes_signed_replies_refuses_unsigned_ones_and_reports_failures() {
    let (twilio, api) = Gateway::twilio().await;
    let app = TestApp::with_config("target/site", |c| c.texts = config(api)).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let ana_account = account(&app, "ana@example.org").await;
    let bo = app.volunteer("bo@example.org", "Bo", VOLUNTEER).await;
    let bo_id = account(&app, "bo@example.org").await.id;
    verify(&app, &bo, "+1 555 222 3333", "sms", || async {
        twilio.wait_for_nth(BO, 1).await.text
    })
    .await;
    let code = twilio.to(BO).remove(0);
    assert_eq!(
        code.status_callback,
        app.state.config.link("/texts/twilio/status"),
        "delivery reports come back to Vigil"
    );
    let saved = prefs(&app, &bo, &["urgent"], &["urgent:sms"], "24").await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&saved.body)
    );

    let jail = facility(&app).await;
    let tonight = shift(&app, &ana_account, jail, Utc::now() + Duration::hours(5), 4).await;
    vigil_core::watches::call_out(&app.state.db, &ana_account, tonight, 1, Utc::now())
        .await
        .unwrap();
    let urgent = twilio.wait_for_nth(BO, 2).await;
    assert!(urgent.text.contains("URGENT"), "{urgent:?}");

    // Unsigned, or signed with another token, or signed over other words: refused, and nothing happens.
    let yes = [
        ("From", BO),
        ("To", TWILIO_FROM),
        ("Body", "SI"),
        ("MessageSid", "SMreply1"),
        ("AccountSid", TWILIO_SID),
    ];
    assert_eq!(
        webhook(&app, "/texts/twilio", &yes, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        webhook(&app, "/texts/twilio", &yes, Some("not-the-token"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let forged = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(yes)
        .finish()
        .replace("Body=SI", "Body=STOP");
    let tampered = Request::post("/texts/twilio")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature_of(&app, &yes))
        .body(Body::from(forged))
        .unwrap();
    assert_eq!(app.send(tampered).await.status, StatusCode::FORBIDDEN);
    assert_eq!(seat_status(&app, tonight, bo_id).await, None);

    // Signed by Twilio: "SI" takes the seat; Twilio gets an empty TwiML answer, and the reply
    // goes out through the queue.
    let answer = webhook(&app, "/texts/twilio", &yes, Some(TWILIO_TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.contains("<Response>"), "{}", answer.body);
    assert_eq!(
        seat_status(&app, tonight, bo_id).await.as_deref(),
        Some("signed_up")
    );
    let on = twilio.wait_for_nth(BO, 3).await;
    assert!(on.text.contains("you're on it"), "{on:?}");
    // The same webhook delivered twice answers once.
    webhook(&app, "/texts/twilio", &yes, Some(TWILIO_TOKEN)).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(twilio.to(BO).len(), 3, "{:?}", twilio.to(BO));

    // A delivery report: undelivered. Unsigned ones are refused; a signed one shows on
    // "Delivery problems" with Twilio's code, never the number.
    let report = [
        ("MessageSid", urgent.id.as_str()),
        ("MessageStatus", "undelivered"),
        ("ErrorCode", "30003"),
        ("To", BO),
        ("AccountSid", TWILIO_SID),
    ];
    assert_eq!(
        webhook(&app, "/texts/twilio/status", &report, None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let noted = webhook(&app, "/texts/twilio/status", &report, Some(TWILIO_TOKEN)).await;
    assert!(noted.status.is_success(), "{}", noted.status);
    let problems = support::visible(&app.get("/mail-problems", Some(&ana)).await.body);
    assert!(
        problems.contains("Delivery problems") || problems.contains("could not be sent"),
        "{problems}"
    );
    assert!(
        problems.contains("30003") && problems.contains("undelivered"),
        "{problems}"
    );
    assert!(
        !problems.contains("555"),
        "no number on the page: {problems}"
    );

    // A number Twilio refuses: the job keeps Twilio's code, not its words (which quote the
    // number), and waits to be retried.
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    let cy_id = account(&app, "cy@example.org").await.id;
    let sent = app
        .post_form(
            "/profile/phone",
            &[
                ("action", "send"),
                ("number", TWILIO_INVALID),
                ("channel", "sms"),
            ],
            Some(&cy),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    super::eventually("the code's first attempt failed", || async {
        let row: Option<Option<String>> = vigil_db::query_scalar(
            "SELECT last_error FROM jobs WHERE account_id = ? AND kind = 'sms' AND attempts >= 1",
        )
        .bind(cy_id)
        .fetch_optional(&app.state.db)
        .await
        .unwrap();
        row.flatten().is_some()
    })
    .await;
    let (status, last_error): (String, Option<String>) = vigil_db::query_as(
        "SELECT status, last_error FROM jobs WHERE account_id = ? AND kind = 'sms'",
    )
    .bind(cy_id)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let error = last_error.unwrap_or_default();
    assert!(error.contains("21211"), "{error}");
    assert!(!error.contains("7770000"), "the number stays out: {error}");
    assert!(status == "pending" || status == "failed", "{status}");
}

fn signature_of(app: &TestApp, params: &[(&str, &str)]) -> String {
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vigil_core::texting::twilio_signature(
        TWILIO_TOKEN,
        &app.state.config.link("/texts/twilio"),
        &owned,
    )
}
