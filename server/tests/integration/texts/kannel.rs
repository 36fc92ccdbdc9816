//! SMS through a real Kannel: bearerbox and smsbox from Debian, fakesmsc as the phones.
use super::*;
use support::kannel::{Plan, GATEWAY_NUMBER};
use vigil_web::notifications::{Channel, Via};

const VERA: &str = "+15551234567";

#[tokio::test]
async fn by_sms_through_kannel_a_reminder_is_confirmed_a_call_out_taken_and_stop_stops() {
    support::log_output();
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
    // Coordinators see members' numbers on the team page (to call them); nobody else does.
    let team = support::visible(&app.get("/team", Some(&ana)).await.body);
    assert!(team.contains("+15551234567"), "{team}");

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
    // A supported person expected out during it, every field a canary.
    let person = canary_person(&app, &ana).await;
    let watch: i64 = vigil_db::query_scalar("SELECT watch_id FROM shifts WHERE id = ?")
        .bind(soon)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    vigil_core::watches::add_expected(
        &app.state.core.people_ctx(),
        &ana_account,
        watch,
        person,
        Utc::now(),
    )
    .await
    .unwrap();
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
            "SELECT COUNT(*) FROM jobs WHERE account_id = ? AND kind IN ('notice', 'sms') AND status IN ('pending', 'running')",
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

    // Nothing about the person in any text, nor in the log; no member's number in the log.
    for text in kannel.received() {
        for canary in CANARIES {
            assert!(!text.text.contains(canary), "{canary} in an SMS: {text:?}");
        }
    }
    let logs = support::logs();
    for secret in CANARIES.iter().chain(["5551234567"].iter()) {
        assert!(!logs.contains(secret), "{secret} in the log");
    }
}

const WES: &str = "+15557654321";

/// Waits until `account`'s text jobs have been tried and failed at least once.
async fn a_text_failed(app: &TestApp, account: i64) {
    super::eventually("a text job failed", || async {
        let failed: i64 = vigil_db::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE account_id = ? AND kind = 'sms' AND attempts >= 1 AND last_error IS NOT NULL",
        )
        .bind(account)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        failed > 0
    })
    .await;
}

#[tokio::test]
async fn a_gateway_outage_delays_texts_and_replies_fill_seats_first_come_drop_or_tell() {
    let plan = Plan::new();
    let texts = plan.config();
    let app = TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let _ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let ana_account = account(&app, "ana@example.org").await;
    let vera = app.volunteer("vera@example.org", "Vera", VOLUNTEER).await;
    let wes = app.volunteer("wes@example.org", "Wes", VOLUNTEER).await;
    let (vera_id, wes_id) = (
        account(&app, "vera@example.org").await.id,
        account(&app, "wes@example.org").await.id,
    );

    // The gateway is down when Vera asks for her code: the send fails, is kept, and goes out
    // once Kannel is back (the retry brought forward instead of waiting for the backoff).
    let asked = app
        .post_form(
            "/profile/phone",
            &[("action", "send"), ("number", VERA), ("channel", "sms")],
            Some(&vera),
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    a_text_failed(&app, vera_id).await;
    let kannel = plan.start(addr).await;
    vigil_db::query("UPDATE jobs SET run_at = ? WHERE account_id = ? AND kind = 'sms'")
        .bind(Utc::now())
        .bind(vera_id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let code = code_in(&kannel.wait_for_nth(VERA, 1).await.text);
    let done = app
        .post_form(
            "/profile/phone",
            &[("action", "verify"), ("code", &code)],
            Some(&vera),
        )
        .await;
    assert!(
        done.location().contains("done=verified"),
        "{}",
        done.location()
    );
    verify(&app, &wes, WES, "sms", || async {
        kannel.wait_for_nth(WES, 1).await.text
    })
    .await;
    for (cookie, hours) in [(&vera, "2"), (&wes, "24")] {
        let saved = prefs(
            &app,
            cookie,
            &["reminders", "urgent"],
            &["reminders:sms", "urgent:sms"],
            hours,
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }

    // One seat called for, two answer: the first takes it, the second is told it is filled.
    let jail = facility(&app).await;
    let tonight = shift(&app, &ana_account, jail, Utc::now() + Duration::hours(6), 4).await;
    vigil_core::watches::call_out(&app.state.db, &ana_account, tonight, 1, Utc::now())
        .await
        .unwrap();
    kannel.wait_for_nth(VERA, 2).await;
    kannel.wait_for_nth(WES, 2).await;
    kannel.reply_from(VERA, "yes").await;
    assert!(kannel
        .wait_for_nth(VERA, 3)
        .await
        .text
        .contains("you're on it"));
    kannel.reply_from(WES, "si").await;
    let filled = kannel.wait_for_nth(WES, 3).await;
    assert!(filled.text.contains("filled"), "{filled:?}");
    assert_eq!(
        seat_status(&app, tonight, vera_id).await.as_deref(),
        Some("signed_up")
    );
    assert_eq!(seat_status(&app, tonight, wes_id).await, None);

    // "NO" to a reminder a day ahead gives the seat up.
    let tomorrow = shift(
        &app,
        &ana_account,
        jail,
        Utc::now() + Duration::hours(24) + Duration::seconds(3),
        4,
    )
    .await;
    let signed = app
        .post_form(&format!("/shifts/{tomorrow}/sign-up"), &[], Some(&wes))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert!(kannel.wait_for_nth(WES, 4).await.text.contains("Reply C"));
    kannel.reply_from(WES, "No").await;
    let dropped = kannel.wait_for_nth(WES, 5).await;
    assert!(dropped.text.contains("given up"), "{dropped:?}");
    assert_ne!(
        seat_status(&app, tomorrow, wes_id).await.as_deref(),
        Some("signed_up")
    );

    // "NO" two hours before, past the cutoff: the seat stays and the coordinators are told.
    let soon = shift(
        &app,
        &ana_account,
        jail,
        Utc::now() + Duration::hours(2) + Duration::seconds(3),
        2,
    )
    .await;
    let signed = app
        .post_form(&format!("/shifts/{soon}/sign-up"), &[], Some(&vera))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert!(kannel.wait_for_nth(VERA, 4).await.text.contains("Reply C"));
    kannel.reply_from(VERA, "CANCEL").await;
    let told = kannel.wait_for_nth(VERA, 5).await;
    assert!(told.text.contains("coordinators were told"), "{told:?}");
    assert_eq!(
        seat_status(&app, soon, vera_id).await.as_deref(),
        Some("signed_up")
    );
    let alert = app
        .smtp
        .wait_for_subject("ana@example.org", "A volunteer can't make a shift")
        .await;
    assert!(alert.text().contains("Vera"), "{}", alert.text());

    // Anything else gets the help text, which fits one SMS.
    kannel.reply_from(WES, "what is this").await;
    let help = kannel.wait_for_nth(WES, 6).await;
    assert!(help.text.contains("STOP"), "{help:?}");
}

#[tokio::test]
async fn a_call_out_paced_by_the_gateway_holds_up_no_mail() {
    let plan = Plan::new();
    let mut texts = plan.config();
    // A long code's pace: one text a second.
    texts.sms_per_second = 1.0;
    let app = TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let kannel = plan.start(addr).await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = account(&app, "ana@example.org").await;
    let now = Utc::now();
    // Six volunteers with verified numbers whose call-outs go by SMS (set in the store: six
    // codes would take six seconds at this pace), and Mo, by email.
    let mut numbers = Vec::new();
    for i in 0..6 {
        let email = format!("v{i}@example.org");
        app.volunteer(&email, &format!("V{i}"), VOLUNTEER).await;
        let id = account(&app, &email).await.id;
        let number = format!("+1555200000{i}");
        let phone = vigil_web::notifications::Phone::parse(&number, "1").unwrap();
        vigil_db::phones::set_with_code(&app.state.db, id, &phone, Channel::Sms, "-", now, now)
            .await
            .unwrap();
        assert!(
            vigil_db::phones::mark_verified(&app.state.db, id, &phone, "-", Channel::Sms, now)
                .await
                .unwrap()
        );
        let mut p = vigil_db::prefs::get(&app.state.db, id).await.unwrap();
        p.urgent = true;
        p.routes.urgent = Via::EMAIL
            .with(Channel::Email, false)
            .with(Channel::Sms, true);
        vigil_db::prefs::save(&app.state.db, id, &p).await.unwrap();
        numbers.push(number);
    }
    app.volunteer("mo@example.org", "Mo", VOLUNTEER).await;
    let mo = account(&app, "mo@example.org").await.id;

    let jail = facility(&app).await;
    let tonight = shift(&app, &ana, jail, Utc::now() + Duration::hours(6), 4).await;
    let (_, told) = vigil_core::watches::call_out(&app.state.db, &ana, tonight, 1, Utc::now())
        .await
        .unwrap();
    assert_eq!(told, 6);
    // Once the texts are queued and going out at their pace, Ana puts Mo on a shift: his
    // mail does not wait for the texts.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while kannel.received().is_empty() {
        if tokio::time::Instant::now() > deadline {
            let jobs: Vec<(String, String, i64, Option<String>)> = vigil_db::query_as(
                "SELECT kind, status, attempts, last_error FROM jobs WHERE kind IN ('sms', 'notice')",
            )
            .fetch_all(&app.state.db)
            .await
            .unwrap();
            panic!("no text went out in 30 s: {jobs:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let later = shift(&app, &ana, jail, Utc::now() + Duration::hours(12), 4).await;
    vigil_core::watches::assign(&app.state.db, &ana, later, mo, Utc::now())
        .await
        .unwrap();
    app.smtp
        .wait_for_subject("mo@example.org", "You're on a jail support shift")
        .await;
    let texted = kannel.received().len();
    assert!(
        texted < 6,
        "the mail came only after the paced texts ({texted} of 6)"
    );
    // And the texts all go, a second apart.
    for number in &numbers {
        kannel.wait_for_nth(number, 1).await;
    }
}
