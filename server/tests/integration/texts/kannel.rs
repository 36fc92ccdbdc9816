//! SMS through a real Kannel: bearerbox and smsbox from Debian, fakesmsc as the phones.
use super::*;
use support::kannel::{Plan, GATEWAY_NUMBER};

const VERA: &str = "+15551234567";

#[tokio::test]
async fn by_sms_through_kannel_a_reminder_is_confirmed_a_call_out_taken_and_stop_stops() {
    let plan = Plan::new();
    let texts = plan.config();
    let app = TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let kannel = plan.start(addr).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let ana_account = account(&app, "ana@example.org").await;
    let vera = app.volunteer("vera@example.org", "Vera", VOLUNTEER).await;
    let vera_id = account(&app, "vera@example.org").await.id;

    // The number as people type it; the code arrives by SMS and is typed back.
    verify(&app, &vera, "(555) 123-4567", "sms", || async {
        let code = kannel.wait_for_nth(VERA, 1).await;
        assert_eq!(code.from, GATEWAY_NUMBER);
        code.text
    })
    .await;
    let page = support::visible(&app.get("/profile", Some(&vera)).await.body);
    assert!(
        page.contains("+15551234567") && page.contains("verified"),
        "{page}"
    );

    // Reminders and call-outs by SMS only, changes by email.
    let saved = prefs(
        &app,
        &vera,
        &["reminders", "changes", "urgent"],
        &["reminders:sms", "urgent:sms", "changes:email"],
        "2",
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&saved.body)
    );

    // A shift two hours and a few seconds away: its 2-hour reminder is due at once.
    let jail = facility(&app).await;
    let soon = shift(
        &app,
        &ana_account,
        jail,
        Utc::now() + Duration::hours(2) + Duration::seconds(3),
        4,
    )
    .await;
    let signed = app
        .post_form(&format!("/shifts/{soon}/sign-up"), &[], Some(&vera))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let reminder = kannel.wait_for_nth(VERA, 2).await;
    assert!(
        reminder.text.contains("County Jail") && reminder.text.contains("Reply C"),
        "{reminder:?}"
    );
    assert!(
        reminder.text.contains(&format!("/shifts/{soon}")),
        "a link to the shift: {reminder:?}"
    );
    assert!(
        reminder.text.chars().count() <= 160,
        "one SMS: {}",
        reminder.text.len()
    );
    assert!(
        app.smtp.to("vera@example.org").is_empty(),
        "reminders by SMS only"
    );

    // "c" confirms: the coordinators see it on the coverage board, and Vera is told.
    kannel.reply_from(VERA, "c").await;
    let thanks = kannel.wait_for_nth(VERA, 3).await;
    assert!(thanks.text.contains("confirmed"), "{thanks:?}");
    let board = support::visible(&app.get("/coverage", Some(&ana)).await.body);
    assert!(board.contains("confirmed by text"), "{board}");

    // An urgent call-out for another shift: "YES" takes the seat.
    let tonight = shift(&app, &ana_account, jail, Utc::now() + Duration::hours(6), 4).await;
    let (callout, told) =
        vigil_core::watches::call_out(&app.state.db, &ana_account, tonight, 1, Utc::now())
            .await
            .unwrap();
    assert_eq!(told, 1);
    let urgent = kannel.wait_for_nth(VERA, 4).await;
    assert!(
        urgent.text.contains("URGENT") && urgent.text.contains("YES"),
        "{urgent:?}"
    );
    assert!(
        urgent.text.contains(&format!("/call-outs/{callout}")),
        "{urgent:?}"
    );
    kannel.reply_from(VERA, "Yes").await;
    let on = kannel.wait_for_nth(VERA, 5).await;
    assert!(on.text.contains("you're on it"), "{on:?}");
    assert_eq!(
        seat_status(&app, tonight, vera_id).await.as_deref(),
        Some("signed_up")
    );

    // STOP: confirmed once, and nothing more goes by SMS.
    kannel.reply_from(VERA, "STOP").await;
    let stopped = kannel.wait_for_nth(VERA, 6).await;
    assert!(stopped.text.contains("START"), "{stopped:?}");
    kannel.reply_from(VERA, "stop").await;
    let later = shift(&app, &ana_account, jail, Utc::now() + Duration::hours(8), 4).await;
    vigil_core::watches::call_out(&app.state.db, &ana_account, later, 1, Utc::now())
        .await
        .unwrap();
    super::eventually("the call-out's jobs are done", || async {
        let pending: i64 = vigil_db::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE account_id = ? AND kind IN ('notice', 'text') AND status IN ('pending', 'running')",
        )
        .bind(vera_id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        pending == 0
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        kannel.to(VERA).len(),
        6,
        "no text after STOP, and STOP confirmed once: {:?}",
        kannel.to(VERA)
    );
    let page = support::visible(&app.get("/profile", Some(&vera)).await.body);
    assert!(page.contains("you replied STOP"), "{page}");

    // START turns texts back on.
    kannel.reply_from(VERA, "start").await;
    let again = kannel.wait_for_nth(VERA, 7).await;
    assert!(again.text.contains("on again"), "{again:?}");
}
