//! Signal through signal-cli-rest-api (served on loopback as its API documents it): sending,
//! replies fetched by the worker, and every text about a hearing free of the supported
//! person's data.
use super::*;
use support::gateways::{Gateway, SIGNAL_NUMBER};
use vigil_core::texting::{SignalConfig, TextConfig};

const ELI: &str = "+15553334444";
const ANA: &str = "+15553335555";

fn config(url: String) -> TextConfig {
    TextConfig {
        sms: None,
        signal: Some(SignalConfig {
            url,
            number: SIGNAL_NUMBER.into(),
        }),
        sms_per_second: 100.0,
        signal_per_second: 100.0,
        country: "1".into(),
    }
}

fn ny(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A courthouse, a supported person whose every field is a canary, and their hearing at
/// `at` with a canary courtroom; returns the hearing's id.
async fn canary_hearing(app: &TestApp, ana: &str, at: DateTime<Utc>) -> i64 {
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", "Immigration Court"),
                ("kind", "courthouse"),
                ("address", "26 Federal Plaza"),
                ("time_zone", "America/New_York"),
                ("notes", ""),
            ],
            Some(ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let court: i64 = vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let person = canary_person(app, ana).await.to_string();
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person),
                ("court_id", &court.to_string()),
                ("starts_at", &ny(at)),
                ("kind", "master"),
                ("courtroom", "CANARYROOM Judge"),
                ("languages", ""),
                ("wanted", "2"),
                ("meeting_point", "front steps"),
                ("meet_minutes", "30"),
            ],
            Some(ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&reply.body)
    );
    reply
        .location()
        .trim_start_matches("/hearings/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn by_signal_every_hearing_text_is_free_of_the_person_and_replies_are_fetched() {
    support::log_output();
    let (signal, url) = Gateway::signal().await;
    let app = TestApp::with_config("target/site", |c| c.texts = config(url)).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let eli = app
        .volunteer("eli@example.org", "Eli", &[Role::Accompanier])
        .await;
    verify(&app, &ana, ANA, "signal", || async {
        signal.wait_for_nth(ANA, 1).await.text
    })
    .await;
    verify(&app, &eli, "(555) 333-4444", "signal", || async {
        signal.wait_for_nth(ELI, 1).await.text
    })
    .await;
    // SMS is not set up here: choosing it is refused, and the form keeps what was ticked.
    let refused = prefs(&app, &eli, &["reminders"], &["reminders:sms"], "24").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("not set up on this server"),
        "{}",
        support::visible(&refused.body)
    );
    let every = [
        "reminders:signal",
        "changes:signal",
        "urgent:signal",
        "coordinator_alerts:signal",
    ];
    let saved = prefs(
        &app,
        &eli,
        &["reminders", "changes", "urgent"],
        &every,
        "24",
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&saved.body)
    );
    let saved = prefs(&app, &ana, &["coordinator_alerts", "changes"], &every, "24").await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&saved.body)
    );

    // A hearing in two days; time passes until its day-before reminder is due.
    let id = canary_hearing(&app, &ana, Utc::now() + Duration::days(2)).await;
    let joined = app
        .post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&eli))
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER);
    vigil_db::query("UPDATE jobs SET run_at = ? WHERE kind = 'reminder' AND entity = ?")
        .bind(Utc::now())
        .bind(format!("hearing:{id}"))
        .execute(&app.state.db)
        .await
        .unwrap();
    let reminder = signal.wait_for_nth(ELI, 2).await;
    assert!(
        reminder.text.contains("Immigration Court") && reminder.text.contains("Reply C"),
        "{reminder:?}"
    );
    // "C" by Signal, fetched by the worker from signal-cli: confirmed.
    signal.signal_from(ELI, "C");
    let thanks = signal.wait_for_nth(ELI, 3).await;
    assert!(thanks.text.contains("confirmed"), "{thanks:?}");
    let confirmed: bool = vigil_db::query_scalar(
        "SELECT confirmed_at IS NOT NULL FROM signups WHERE slot_kind = 'hearing' AND slot_id = ?",
    )
    .bind(id)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(confirmed);
    let page = support::visible(&app.get(&format!("/hearings/{id}"), Some(&ana)).await.body);
    assert!(page.contains("Confirmed by text: Eli"), "{page}");

    // The hearing moves, Eli can't make the new time (Ana is told), then it is cancelled.
    let moved = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", &ny(Utc::now() + Duration::days(3)))],
            Some(&ana),
        )
        .await;
    assert_eq!(
        moved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&moved.body)
    );
    let news = signal.wait_for_nth(ELI, 4).await;
    assert!(news.text.contains("moved"), "{news:?}");
    app.post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&eli))
        .await;
    let told = signal.wait_for_nth(ANA, 2).await;
    assert!(told.text.contains("Eli"), "{told:?}");
    app.post_form(&format!("/hearings/{id}/cancel"), &[], Some(&ana))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;

    let all = signal.taken();
    assert!(all.len() >= 5, "{all:?}");
    for text in &all {
        for canary in CANARIES {
            assert!(
                !text.text.contains(canary),
                "{canary} leaked into a Signal message: {text:?}"
            );
        }
    }
    // Nothing about the person in the log either, nor the members' numbers.
    let logs = support::logs();
    for secret in CANARIES.iter().chain(["5553334444", "5553335555"].iter()) {
        assert!(!logs.contains(secret), "{secret} in the log");
    }

    // STOP by Signal: Eli's kinds go by email from now on.
    signal.signal_from(ELI, "stop");
    let stopped = signal.wait_for_nth(ELI, signal.to(ELI).len() + 1).await;
    assert!(
        stopped.text.contains("START") || stopped.text.contains("won't"),
        "{stopped:?}"
    );
    let eli_id = account(&app, "eli@example.org").await.id;
    let p = vigil_db::prefs::get(&app.state.db, eli_id).await.unwrap();
    assert!(
        !p.routes.reminders.signal && p.routes.reminders.email,
        "{p:?}"
    );
}
