//! Court-date reminders to a supported person, by SMS through a real Kannel: only with
//! consent, in their language, moved and cancelled at once, withdrawn, and never carrying
//! the case, the courtroom or their name.
use super::*;
use support::kannel::Plan;

const ROSA: &str = "+15558889999";

/// A person whose contact is `contact` (every other field a canary), and a courthouse.
pub(super) async fn person_and_court(app: &TestApp, ana: &str, contact: &str) -> (i64, i64) {
    let person = canary_person_reached_at(app, ana, contact).await;
    let court = vigil_core::facilities::store::insert(
        &app.state.db,
        &FacilityInput {
            name: "Immigration Court".into(),
            kind: FacilityKind::Courthouse,
            address: "26 Federal Plaza".into(),
            time_zone: "America/New_York".into(),
            notes: String::new(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    (person, court)
}

pub(super) async fn hearing(
    app: &TestApp,
    ana: &str,
    person: i64,
    court: i64,
    at: DateTime<Utc>,
) -> i64 {
    let when = at
        .with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person.to_string()),
                ("court_id", &court.to_string()),
                ("starts_at", &when),
                ("kind", "master"),
                ("courtroom", "CANARYROOM Judge"),
                ("languages", ""),
                ("wanted", "1"),
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

/// The person's reminder jobs still waiting: (what, run_at).
async fn waiting(app: &TestApp, person: i64) -> Vec<String> {
    vigil_db::query_scalar(
        "SELECT idempotency_key FROM jobs WHERE idempotency_key LIKE ? AND status = 'pending' ORDER BY run_at",
    )
    .bind(format!("person:{person}:%"))
    .fetch_all(&app.state.db)
    .await
    .unwrap()
}

async fn due_now(app: &TestApp, key_end: &str) {
    vigil_db::query(
        "UPDATE jobs SET run_at = ? WHERE idempotency_key LIKE ? AND status = 'pending'",
    )
    .bind(Utc::now())
    .bind(format!("%{key_end}"))
    .execute(&app.state.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_consenting_person_is_reminded_in_spanish_told_of_moves_and_can_be_taken_off() {
    support::log_output();
    let plan = Plan::new();
    let texts = plan.config();
    let app = TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let kannel = plan.start(addr).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let eli = app
        .volunteer("eli@example.org", "Eli", &[Role::Accompanier])
        .await;
    let (rosa, court) = person_and_court(&app, &ana, "(555) 888-9999").await;

    // No consent, no reminders.
    let first = hearing(&app, &ana, rosa, court, Utc::now() + Duration::days(10)).await;
    assert!(waiting(&app, rosa).await.is_empty());

    // Email to a contact that is a number is refused, naming the field, and nothing is kept.
    let page = routes_person(rosa);
    let refused = app
        .post_form(
            &format!("{page}/reminders"),
            &[
                ("action", "record"),
                ("channel", "email"),
                ("language", "es"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        support::visible(&refused.body).contains("not an email address"),
        "{}",
        support::visible(&refused.body)
    );

    // Consent by SMS in Spanish: reminders 7, 3, 1 days before and the morning of each hearing.
    let given = app
        .post_form(
            &format!("{page}/reminders"),
            &[("action", "record"), ("channel", "sms"), ("language", "es")],
            Some(&ana),
        )
        .await;
    assert_eq!(
        given.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&given.body)
    );
    let keys = waiting(&app, rosa).await;
    for slot in ["7d", "3d", "1d", "morning"] {
        assert!(
            keys.iter()
                .any(|k| k.ends_with(&format!(":{slot}"))
                    && k.contains(&format!("hearing:{first}:"))),
            "{slot}: {keys:?}"
        );
    }
    let shown = support::visible(&app.get(&page, Some(&ana)).await.body);
    assert!(
        shown.contains("On by SMS in Spanish, recorded by Ana"),
        "{shown}"
    );

    // Eli goes with her; the day-before reminder names the meeting point, in Spanish.
    let joined = app
        .post_form(&format!("/hearings/{first}/sign-up"), &[], Some(&eli))
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER);
    due_now(&app, &format!("hearing:{first}:0:1d")).await;
    let reminder = kannel.wait_for_nth(ROSA, 1).await;
    assert!(
        reminder.text.contains("Recordatorio") && reminder.text.contains("26 Federal Plaza"),
        "{reminder:?}"
    );
    assert!(
        reminder.text.contains("front steps"),
        "the meeting point: {reminder:?}"
    );

    // She writes back: the coordinators are told she did (not what), she is told a person
    // will answer, and Ana reads it on her page.
    kannel
        .reply_from(ROSA, "No tengo dinero para el bus CANARYREPLY")
        .await;
    let noted = kannel.wait_for_nth(ROSA, 2).await;
    assert!(noted.text.contains("Una persona del grupo"), "{noted:?}");
    let alert = app
        .smtp
        .wait_for_subject("ana@example.org", "Vigil: a person we support wrote back")
        .await;
    assert!(
        !alert.text().contains("CANARYREPLY") && alert.text().contains(&page),
        "{}",
        alert.text()
    );
    let shown = support::visible(&app.get(&page, Some(&ana)).await.body);
    assert!(
        shown.contains("No tengo dinero para el bus CANARYREPLY"),
        "{shown}"
    );
    let stored: Vec<u8> = vigil_db::query_scalar("SELECT body FROM person_messages")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&stored).contains("CANARYREPLY"),
        "sealed at rest"
    );

    // Moved: "your date changed" at once, and reminders for the new date.
    let moved = app
        .post_form(
            &format!("/hearings/{first}/move"),
            &[(
                "starts_at",
                &(Utc::now() + Duration::days(12))
                    .with_timezone(&chrono_tz::America::New_York)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string(),
            )],
            Some(&ana),
        )
        .await;
    assert_eq!(
        moved.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&moved.body)
    );
    let news = kannel.wait_for_nth(ROSA, 3).await;
    assert!(news.text.contains("su fecha de corte: ahora"), "{news:?}");
    assert!(waiting(&app, rosa)
        .await
        .iter()
        .any(|k| k.contains(&format!("hearing:{first}:1:7d"))));

    // Cancelled: she is told.
    app.post_form(&format!("/hearings/{first}/cancel"), &[], Some(&ana))
        .await;
    let off = kannel.wait_for_nth(ROSA, 4).await;
    assert!(off.text.contains("Se cancel"), "{off:?}");
    assert!(
        waiting(&app, rosa).await.is_empty(),
        "{:?}",
        waiting(&app, rosa).await
    );

    // A new hearing; she answers STOP: her consent is withdrawn, confirmed once, and
    // nothing waits any more.
    hearing(&app, &ana, rosa, court, Utc::now() + Duration::days(20)).await;
    assert_eq!(waiting(&app, rosa).await.len(), 4);
    kannel.reply_from(ROSA, "stop").await;
    let stopped = kannel.wait_for_nth(ROSA, 5).await;
    assert!(stopped.text.contains("Ya no recibir"), "{stopped:?}");
    assert!(waiting(&app, rosa).await.is_empty());
    let shown = support::visible(&app.get(&page, Some(&ana)).await.body);
    assert!(shown.contains("Turned off by the person (STOP)"), "{shown}");
    kannel.reply_from(ROSA, "STOP").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(kannel.to(ROSA).len(), 5, "STOP is confirmed once");

    // She asks again (through a coordinator); then a coordinator turns them off.
    let again = app
        .post_form(
            &format!("{page}/reminders"),
            &[("action", "record"), ("channel", "sms"), ("language", "es")],
            Some(&ana),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(waiting(&app, rosa).await.len(), 4);
    let withdrawn = app
        .post_form(
            &format!("{page}/reminders"),
            &[("action", "withdraw")],
            Some(&ana),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert!(waiting(&app, rosa).await.is_empty());
    let shown = support::visible(&app.get(&page, Some(&ana)).await.body);
    assert!(shown.contains("Turned off by Ana"), "{shown}");

    // Nothing about her case in any text, nor in the log, nor her number.
    for text in kannel.received() {
        for canary in CANARIES {
            assert!(
                !text.text.contains(canary),
                "{canary} in a text to the person: {text:?}"
            );
        }
    }
    let logs = support::logs();
    for secret in CANARIES.iter().chain(["5558889999", "CANARYREPLY"].iter()) {
        assert!(!logs.contains(secret), "{secret} in the log");
    }
}

fn routes_person(id: i64) -> String {
    format!("/people/{id}")
}

#[tokio::test]
async fn by_email_a_person_gets_reminders_in_english_and_nothing_about_their_case() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let (rosa, court) = person_and_court(&app, &ana, "rosa.canary@example.net").await;
    let page = routes_person(rosa);
    // SMS is not set up on this server: refused, by field.
    let refused = app
        .post_form(
            &format!("{page}/reminders"),
            &[("action", "record"), ("channel", "sms"), ("language", "en")],
            Some(&ana),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        support::visible(&refused.body).contains("no gateway set up"),
        "{}",
        support::visible(&refused.body)
    );
    let given = app
        .post_form(
            &format!("{page}/reminders"),
            &[
                ("action", "record"),
                ("channel", "email"),
                ("language", "en"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER);
    let id = hearing(&app, &ana, rosa, court, Utc::now() + Duration::days(5)).await;
    let keys = waiting(&app, rosa).await;
    assert_eq!(keys.len(), 3, "3 days, 1 day and the morning: {keys:?}");
    due_now(&app, &format!("hearing:{id}:0:3d")).await;
    let mail = app
        .smtp
        .wait_for_subject("rosa.canary@example.net", "Your court date")
        .await;
    let text = mail.text();
    assert!(
        text.contains("in 3 days") && text.contains("26 Federal Plaza"),
        "{text}"
    );
    for canary in CANARIES {
        assert!(!mail.data.contains(canary), "{canary} in the mail: {text}");
    }
    assert!(
        !mail.data.contains("List-Unsubscribe"),
        "no member's unsubscribe link"
    );
}
