//! Rides: a person's RIDE text makes a draft a coordinator opens; only "can drive" members
//! see and take rides, and of 200 trying at once one gets it; the pickup opens to that driver
//! alone, in the window, audited; the person hears who is coming; the driver's calendar says
//! "Ride · <court>"; forgetting the person takes it all.
use super::court_reminders::{hearing, person_and_court};
use super::*;
use support::kannel::Plan;
use support::wire;

const ROSA: &str = "+15558887777";
const PICKUP: &str = "CANARYPICKUP corner of 5th and Main";

async fn make_driver(app: &TestApp, email: &str) {
    vigil_db::query("UPDATE accounts SET is_driver = TRUE WHERE email = ?")
        .bind(email)
        .execute(&app.state.db)
        .await
        .unwrap();
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn rides_of(app: &TestApp, person: i64) -> Vec<(i64, String)> {
    vigil_db::query_as("SELECT id, status FROM rides WHERE person_id = ? ORDER BY id")
        .bind(person)
        .fetch_all(&app.state.db)
        .await
        .unwrap()
}

/// A coordinator's ride form for `person`; `ride` opens that draft.
async fn save_ride(
    app: &TestApp,
    ana: &str,
    person: i64,
    ride: Option<i64>,
    fields: &[(&str, &str)],
) -> support::Reply {
    let ride = ride.map(|r| r.to_string()).unwrap_or_default();
    let mut form = vec![("ride", ride.as_str())];
    form.extend_from_slice(fields);
    app.post_form(&format!("/people/{person}/rides"), &form, Some(ana))
        .await
}

#[tokio::test]
async fn a_ride_text_makes_a_draft_a_driver_takes_it_and_the_person_hears_who_is_coming() {
    support::log_output();
    let plan = Plan::new();
    let texts = plan.config();
    let app = TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let kannel = plan.start(addr).await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let dee = app
        .volunteer("dee@example.org", "Dee Driver", VOLUNTEER)
        .await;
    let cy = app.volunteer("cy@example.org", "Cy", VOLUNTEER).await;
    make_driver(&app, "dee@example.org").await;
    let (rosa, court) = person_and_court(&app, &ana, "(555) 888-7777").await;
    let page = format!("/people/{rosa}");
    let consent = app
        .post_form(
            &format!("{page}/reminders"),
            &[("action", "record"), ("channel", "sms"), ("language", "es")],
            Some(&ana),
        )
        .await;
    assert_eq!(consent.status, StatusCode::SEE_OTHER);
    // Tomorrow: inside the need-to-know window once a driver takes it.
    let starts = Utc::now() + Duration::hours(20);
    let hearing_id = hearing(&app, &ana, rosa, court, starts).await;

    // VIAJE: a draft to her next hearing; she hears a person will confirm; Ana is told.
    kannel.reply_from(ROSA, "viaje por favor").await;
    let asked = kannel.wait_for_nth(ROSA, 1).await;
    assert!(asked.text.contains("Buscamos transporte"), "{asked:?}");
    app.smtp
        .wait_for_subject(
            "ana@example.org",
            "Vigil: a person we support asked for a ride",
        )
        .await;
    let drafts = rides_of(&app, rosa).await;
    assert_eq!(drafts.len(), 1);
    let (ride, status) = drafts[0].clone();
    assert_eq!(status, "draft");
    let shown = support::visible(&app.get(&page, Some(&ana)).await.body);
    assert!(shown.contains("asked by text"), "{shown}");
    // Drafts are not drivers' to see.
    let list = support::visible(&app.get("/rides", Some(&dee)).await.body);
    assert!(list.contains("No rides need a driver"), "{list}");

    // Ana opens it: a bad form names each field and keeps what was typed.
    let when = local(starts - Duration::hours(1));
    let for_hearing = format!("hearing:{hearing_id}");
    let long_area = "x".repeat(41);
    let refused = save_ride(
        &app,
        &ana,
        rosa,
        Some(ride),
        &[
            ("for", &for_hearing),
            ("time", &when),
            ("seats", "0"),
            ("drivers", "1"),
            ("area", &long_area),
            ("pickup", PICKUP),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = support::visible(&refused.body);
    assert!(
        said.contains("Seats: a number from 1 to 8") && said.contains("40 characters"),
        "{said}"
    );
    assert!(
        refused.body.contains("CANARYPICKUP"),
        "what was typed is kept"
    );
    let opened = save_ride(
        &app,
        &ana,
        rosa,
        Some(ride),
        &[
            ("for", &for_hearing),
            ("time", &when),
            ("seats", "2"),
            ("drivers", "1"),
            ("area", "Eastside"),
            ("pickup", PICKUP),
        ],
    )
    .await;
    assert_eq!(
        opened.status,
        StatusCode::SEE_OTHER,
        "{}",
        support::visible(&opened.body)
    );
    assert_eq!(rides_of(&app, rosa).await, vec![(ride, "open".to_string())]);
    let sealed: Vec<u8> = vigil_db::query_scalar("SELECT pickup FROM rides WHERE id = ?")
        .bind(ride)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains("CANARYPICKUP"));

    // Cy can't drive: no rides page, and a take is refused in words.
    let cys = support::visible(&app.get("/rides", Some(&cy)).await.body);
    assert!(!cys.contains("Eastside"), "{cys}");
    let refused = app
        .post_form(&format!("/rides/{ride}/take"), &[], Some(&cy))
        .await;
    assert!(
        support::visible(&refused.body).contains("can drive"),
        "{}",
        support::visible(&refused.body)
    );

    // Dee sees time, court and area, never the pickup, until she takes it.
    let list = support::visible(&app.get("/rides", Some(&dee)).await.body);
    assert!(
        list.contains("Eastside") && list.contains("Immigration Court"),
        "{list}"
    );
    assert!(!list.contains("CANARY"), "{list}");
    let took = app
        .post_form(&format!("/rides/{ride}/take"), &[], Some(&dee))
        .await;
    assert_eq!(took.status, StatusCode::SEE_OTHER);
    assert!(took.location().ends_with("done=ride-taken"));
    let mine = support::visible(&app.get("/my-shifts", Some(&dee)).await.body);
    assert!(mine.contains("CANARYPICKUP corner of 5th"), "{mine}");
    let audited: i64 = vigil_db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = ? AND action = 'ride pickup' AND actor_id = ?",
    )
    .bind(rosa)
    .bind(app.account_id("dee@example.org").await)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(audited >= 1, "her reading the pickup is audited");
    // Rosa hears who is coming (first name only); Ana is told.
    let coming = kannel.wait_for_nth(ROSA, 2).await;
    assert!(
        coming.text.contains("Dee del grupo le llevar") && !coming.text.contains("Driver"),
        "{coming:?}"
    );
    app.smtp
        .wait_for_subject("ana@example.org", "Vigil: a driver took a ride")
        .await;

    // Dee's own calendar: "Ride · Immigration Court", nothing about Rosa.
    let feed = crate::calendar::new_feed(&app, &dee, "personal", None).await;
    let ics = app.get(&feed, None).await.body;
    assert!(ics.contains("Ride · Immigration Court"), "{ics}");
    assert!(
        !ics.contains("CANARY") && !ics.contains("Eastside"),
        "{ics}"
    );

    // The reminders offer a ride by text, and nothing in any text is about her case.
    vigil_db::query(
        "UPDATE jobs SET run_at = ? WHERE idempotency_key LIKE ? AND status = 'pending'",
    )
    .bind(Utc::now())
    .bind(format!("person:{rosa}:hearing:%:morning"))
    .execute(&app.state.db)
    .await
    .unwrap();
    let reminder = kannel.wait_for_nth(ROSA, 3).await;
    assert!(reminder.text.contains("Responda VIAJE"), "{reminder:?}");
    for text in kannel.received() {
        for canary in CANARIES.iter().chain(["CANARYPICKUP"].iter()) {
            assert!(!text.text.contains(canary), "{canary} in {text:?}");
        }
    }
    let logs = support::logs();
    for secret in ["CANARYPICKUP", "5558887777", "CANARYALIAS"] {
        assert!(!logs.contains(secret), "{secret} in the log");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_hundred_drivers_one_gets_the_ride_and_forgetting_the_person_takes_it_all() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let (rosa, court) = person_and_court(&app, &ana, "rosa.canary@example.net").await;
    // Three days ahead: outside the window, the driver does not see the pickup yet.
    let starts = Utc::now() + Duration::days(3);
    let hearing_id = hearing(&app, &ana, rosa, court, starts).await;
    let saved = save_ride(
        &app,
        &ana,
        rosa,
        None,
        &[
            ("for", &format!("hearing:{hearing_id}")),
            ("time", &local(starts - Duration::hours(1))),
            ("seats", "1"),
            ("drivers", "1"),
            ("area", "Eastside"),
            ("pickup", PICKUP),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (ride, _) = rides_of(&app, rosa).await[0].clone();
    let mut cookies = Vec::new();
    for i in 0..200 {
        cookies.push(
            app.volunteer(&format!("d{i}@example.org"), &format!("D{i}"), VOLUNTEER)
                .await,
        );
    }
    vigil_db::query("UPDATE accounts SET is_driver = TRUE WHERE email LIKE 'd%@example.org'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let addr = app.listen().await;
    let path = format!("/rides/{ride}/take");
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(cookies.len()));
    let mut tasks = Vec::new();
    for cookie in cookies.clone() {
        let (path, start) = (path.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            wire::request(addr, "POST", &path, Some(&cookie), Some(""))
                .await
                .expect("request")
        }));
    }
    let mut took = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status {
            303 => {
                assert!(reply.location.ends_with("done=ride-taken"));
                took += 1;
            }
            400..=499 => {}
            other => panic!("a take answered {other}"),
        }
    }
    assert_eq!(took, 1, "one driver gets it");
    let seats: Vec<String> = vigil_db::query_scalar(
        "SELECT status FROM signups WHERE slot_kind = 'ride' AND slot_id = ?",
    )
    .bind(ride)
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        seats,
        vec!["signed_up".to_string()],
        "no one else holds a place"
    );
    // The winner sees the ride as theirs, but not the pickup before the window; the others
    // see no pickup at all.
    let mut winner = None;
    for cookie in &cookies {
        let mine = support::visible(&app.get("/my-shifts", Some(cookie)).await.body);
        if mine.contains("You're driving") {
            winner = Some(cookie.clone());
            assert!(mine.contains("from the day before"), "{mine}");
        }
        assert!(!mine.contains("CANARYPICKUP"), "{mine}");
        if winner.is_some() {
            break;
        }
    }
    assert!(winner.is_some());
    let winner_email: String = vigil_db::query_scalar(
        "SELECT a.email FROM signups s JOIN accounts a ON a.id = s.account_id WHERE s.slot_kind = 'ride'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();

    // Forgetting Rosa: her ride, its seat and its messages go in the same transaction, and
    // the driver is told it is cancelled.
    let erased = app
        .post_form(
            "/api/people/erase",
            &[("id", &rosa.to_string())],
            Some(&ana),
        )
        .await;
    assert!(erased.status.is_success() || erased.status.is_redirection());
    for (table, sql) in [
        ("rides", "SELECT COUNT(*) FROM rides"),
        (
            "seats",
            "SELECT COUNT(*) FROM signups WHERE slot_kind = 'ride'",
        ),
        (
            "ride jobs",
            "SELECT COUNT(*) FROM jobs WHERE entity LIKE 'ride:%'",
        ),
    ] {
        let left: i64 = vigil_db::query_scalar(sql)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        assert_eq!(left, 0, "{table} left after forgetting");
    }
    let mail = app
        .smtp
        .wait_for_subject(&winner_email, "Your ride is cancelled")
        .await;
    for secret in ["CANARY", "Eastside", "5th and Main"] {
        assert!(!mail.text().contains(secret), "{secret} in {}", mail.text());
    }
}
