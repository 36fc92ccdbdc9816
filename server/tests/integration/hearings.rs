//! Court hearings: the language filter, sign-up through the shared seats, a move that tells
//! everyone at once and moves their reminders, "I can't make the new time" re-opening the
//! place, cancelling, the outcome, who sees the courtroom and the person, and the CSV import.
//! Real SQLite file, real SMTP listener.
use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, DurationRound, Utc};
use support::{visible, TestApp};
use vigil_app::accounts::Role;

const ACCOMPANIER: &[Role] = &[Role::Accompanier];

/// `datetime-local` text for `at` in New York (the court's zone in these tests).
fn ny(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

struct Court {
    ana: String,
    court: i64,
    person: i64,
}

/// A coordinator, a courthouse in New York and a supported person whose fields are canaries.
async fn court_and_person(app: &TestApp) -> Court {
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
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
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let court: i64 = vigil_app::storage::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let reply = app
        .post_form(
            "/people/new",
            &[
                ("alias", "CANARYALIAS"),
                ("contact", "CANARYCONTACT"),
                ("languages", "CANARYLANG"),
                ("note", "CANARYNOTE"),
                ("case_ref", "A-123-456-789"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let person = reply
        .location()
        .trim_start_matches("/people/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Court { ana, court, person }
}

async fn hearing(
    app: &TestApp,
    c: &Court,
    at: DateTime<Utc>,
    languages: &str,
    wanted: &str,
) -> i64 {
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &c.person.to_string()),
                ("court_id", &c.court.to_string()),
                ("starts_at", &ny(at)),
                ("kind", "master"),
                ("courtroom", "CANARYROOM Judge"),
                ("languages", languages),
                ("wanted", wanted),
                ("meeting_point", "front steps"),
                ("meet_minutes", "30"),
            ],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{}",
        visible(&reply.body)
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

async fn accompanier(app: &TestApp, email: &str, name: &str, languages: &str) -> String {
    let cookie = app.volunteer(email, name, ACCOMPANIER).await;
    vigil_app::storage::query("UPDATE accounts SET languages = ? WHERE email = ?")
        .bind(languages)
        .bind(email)
        .execute(&app.state.db)
        .await
        .unwrap();
    cookie
}

async fn seats(app: &TestApp, hearing: i64) -> (i64, i64) {
    vigil_app::storage::query_as(
        "SELECT COUNT(*) FILTER (WHERE status = 'signed_up'), COUNT(*) FILTER (WHERE status = 'waitlisted') FROM signups WHERE slot_kind = 'hearing' AND slot_id = ?",
    )
    .bind(hearing)
    .fetch_one(&app.state.db)
    .await
    .unwrap()
}

async fn reminder_times(app: &TestApp, account: i64) -> Vec<DateTime<Utc>> {
    vigil_app::storage::query_scalar("SELECT run_at FROM jobs WHERE kind = 'reminder' AND account_id = ? AND status = 'pending' ORDER BY run_at")
        .bind(account)
        .fetch_all(&app.state.db)
        .await
        .unwrap()
}

fn assert_no_canary(text: &str, where_: &str) {
    for canary in [
        "CANARYALIAS",
        "CANARYCONTACT",
        "CANARYLANG",
        "CANARYNOTE",
        "CANARYROOM",
        "123-456-789",
        "123456789",
    ] {
        assert!(!text.contains(canary), "{canary} leaked into {where_}");
    }
}

#[tokio::test]
async fn a_moved_hearing_tells_everyone_moves_reminders_and_cant_make_it_reopens_the_place() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    // Whole minutes: the form takes hours and minutes.
    let start = (Utc::now() + Duration::days(5))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let id = hearing(&app, &c, start, "Spanish", "2").await;
    let other = hearing(&app, &c, start + Duration::days(1), "Haitian Creole", "1").await;

    let bo = accompanier(&app, "bo@example.org", "Bo", "Spanish, English").await;
    let cy = accompanier(&app, "cy@example.org", "Cy", "Spanish").await;
    let di = accompanier(&app, "di@example.org", "Di", "Spanish").await;

    // Bo filters by a language they speak: the Spanish hearing, not the Creole one.
    let list = visible(&app.get("/hearings?language=Spanish", Some(&bo)).await.body);
    assert!(
        list.contains(&format!("id=\"hearing-{id}\""))
            && !list.contains(&format!("id=\"hearing-{other}\"")),
        "{list}"
    );
    assert!(
        list.contains("Spanish (you speak it)"),
        "the filter offers the languages from Bo's profile"
    );
    assert!(list.contains("0 of 2 accompaniers"));

    for (who, expect) in [(&bo, "signed-up"), (&cy, "signed-up"), (&di, "waitlisted")] {
        let reply = app
            .post_form(&format!("/hearings/{id}/sign-up"), &[], Some(who))
            .await;
        assert_eq!(reply.location(), format!("/hearings/{id}?done={expect}"));
    }
    assert_eq!(seats(&app, id).await, (2, 1), "two places, the third waits");
    let bo_id = app.account_id("bo@example.org").await;
    let before = reminder_times(&app, bo_id).await;
    assert_eq!(
        before,
        vec![start - Duration::hours(24), start - Duration::hours(2)],
        "24 h and 2 h before"
    );

    // The court moves it by a day and a half.
    let moved_to = start + Duration::hours(36);
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", &ny(moved_to))],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=moved"),
        "{}",
        visible(&reply.body)
    );
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "Your court accompaniment has moved");
    let new_local = moved_to
        .with_timezone(&chrono_tz::America::New_York)
        .format("%H:%M")
        .to_string();
    assert!(
        mail.text().contains(&new_local) && mail.text().contains("Immigration Court"),
        "the new local time: {}",
        mail.text()
    );
    assert!(
        mail.text().contains(&format!("/hearings/{id}")),
        "a link to answer"
    );
    app.smtp.wait_for("cy@example.org").await;
    app.smtp.wait_for("di@example.org").await;
    let after: Vec<DateTime<Utc>> = reminder_times(&app, bo_id).await;
    assert_eq!(
        after,
        vec![
            moved_to - Duration::hours(24),
            moved_to - Duration::hours(2)
        ],
        "reminders moved with it"
    );

    // Bo sees the new time and the question; answers "I can't make the new time".
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(
        page.contains("This hearing moved to") && page.contains(&new_local),
        "{page}"
    );
    assert!(page.contains("I can still come") && page.contains("I can't make the new time"));
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=cant-make-it")
    );
    assert_eq!(
        seats(&app, id).await,
        (2, 0),
        "Bo's place went to Di, first on the waitlist"
    );
    assert!(
        reminder_times(&app, bo_id).await.is_empty(),
        "Bo's reminders are gone"
    );
    let promoted = app
        .smtp
        .wait_for_subject(
            "di@example.org",
            "You're on a court accompaniment (from the waitlist)",
        )
        .await;
    assert!(promoted.text().contains("Immigration Court"));
    app.smtp
        .wait_for_subject("ana@example.org", "An accompanier can't make a hearing")
        .await;

    // Cy hasn't answered yet; then Cy can still come, and the coordinator sees it.
    let board = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(board.contains("not answered"), "{board}");
    let reply = app
        .post_form(&format!("/hearings/{id}/still-coming"), &[], Some(&cy))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=still-coming")
    );
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&cy)).await.body);
    assert!(
        !page.contains("I can't make the new time"),
        "answered: the question is gone"
    );
    let board = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(
        board.contains("still coming") && !board.contains("not answered"),
        "{board}"
    );
    assert!(board.contains("Moved from"), "the earlier date is kept");

    // Cancelling tells everyone still on it and drops every reminder.
    let reply = app
        .post_form(&format!("/hearings/{id}/cancel"), &[], Some(&c.ana))
        .await;
    assert_eq!(reply.location(), format!("/hearings/{id}?done=cancelled"));
    app.smtp
        .wait_for_subject("cy@example.org", "Your court accompaniment is cancelled")
        .await;
    let cy_id = app.account_id("cy@example.org").await;
    assert!(reminder_times(&app, cy_id).await.is_empty());
    let sequence: i64 =
        vigil_app::storage::query_scalar("SELECT sequence FROM hearings WHERE id = ?")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        sequence, 2,
        "each change bumps the sequence (calendar feeds follow it)"
    );

    for mail in app.smtp.messages.lock().unwrap().iter() {
        assert_no_canary(&mail.data, "a mail");
    }
}

#[tokio::test]
async fn courtroom_and_person_are_shown_only_to_coordinators_and_those_going() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    // Within a day: those going may see the person now.
    let soon = Utc::now() + Duration::hours(6);
    let id = hearing(&app, &c, soon, "Spanish", "2").await;
    let later = hearing(&app, &c, Utc::now() + Duration::days(10), "Spanish", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "Spanish").await;
    let eve = accompanier(&app, "eve@example.org", "Eve", "Spanish").await;
    let vol = app
        .volunteer("vo@example.org", "Vo", &[Role::Volunteer])
        .await;
    // Signed up ten days out only: neither the courtroom nor the person yet (a courtroom
    // and a date find the case on a public docket), and nothing to audit.
    app.post_form(&format!("/hearings/{later}/sign-up"), &[], Some(&bo))
        .await;
    let far = visible(&app.get(&format!("/hearings/{later}"), Some(&bo)).await.body);
    assert!(
        !far.contains("CANARYROOM") && !far.contains("CANARYALIAS"),
        "sealed details only within the window: {far}"
    );
    let audited_far: i64 =
        vigil_app::storage::query_scalar("SELECT COUNT(*) FROM audit_log WHERE actor_id = ?")
            .bind(app.account_id("bo@example.org").await)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(audited_far, 0);
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;

    // Eve isn't going: no courtroom, no person, on the page or through the API.
    for path in [
        format!("/hearings/{id}"),
        "/hearings".to_string(),
        "/my-hearings".to_string(),
    ] {
        let page = app.get(&path, Some(&eve)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_no_canary(&page.body, &format!("{path} for someone not going"));
    }
    let api = app
        .post_form("/api/hearings/get", &[("id", &id.to_string())], Some(&eve))
        .await;
    assert_no_canary(&api.body, "the API for someone not going");

    // Bo is going: the courtroom, and within the day the person's alias and note.
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(
        page.contains("CANARYROOM Judge")
            && page.contains("CANARYALIAS")
            && page.contains("CANARYNOTE"),
        "{page}"
    );
    assert!(
        !page.contains("CANARYCONTACT") && !page.contains("123-456-789"),
        "never the contact or case reference"
    );
    let mine = visible(&app.get("/my-hearings", Some(&bo)).await.body);
    assert!(
        mine.contains("front steps") && mine.contains("CANARYALIAS"),
        "my hearings: the meeting point and the person"
    );
    // Each view of the person was audited.
    let audited: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = ? AND actor_id = ?",
    )
    .bind(c.person)
    .bind(app.account_id("bo@example.org").await)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(audited >= 2, "views are audited ({audited})");

    // A release-watch volunteer without the accompanier role sees no hearings.
    assert_eq!(
        app.get("/hearings", Some(&vol)).await.status,
        StatusCode::FORBIDDEN
    );

    // The courtroom is sealed in the database.
    let raw: Vec<u8> =
        vigil_app::storage::query_scalar("SELECT courtroom FROM hearings WHERE id = ?")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("CANARYROOM"));
}

#[tokio::test]
async fn the_outcome_creates_the_next_hearing_and_pushes_back_the_forget_date() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(1), "", "1").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    // Too early: the hearing hasn't happened.
    let early = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[("outcome_note", "x")],
            Some(&bo),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    vigil_app::storage::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::minutes(30))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();

    let next_at = Utc::now() + Duration::days(60);
    let reply = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[
                ("next_date", &ny(next_at)),
                ("outcome_note", "CANARYOUTCOME bring ID"),
            ],
            Some(&bo),
        )
        .await;
    assert!(
        reply
            .location()
            .starts_with(&format!("/hearings/{id}?done=outcome&next=")),
        "{}",
        visible(&reply.body)
    );
    let next: i64 = reply
        .location()
        .rsplit('=')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(
        page.contains("CANARYOUTCOME bring ID") && page.contains(&format!("/hearings/{next}")),
        "{page}"
    );
    let (status, courtroom): (String, Vec<u8>) =
        vigil_app::storage::query_as("SELECT status, courtroom FROM hearings WHERE id = ?")
            .bind(next)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(status, "scheduled");
    assert!(
        !courtroom.is_empty(),
        "the next hearing keeps the courtroom, sealed for its own row"
    );
    let next_page = visible(
        &app.get(&format!("/hearings/{next}"), Some(&c.ana))
            .await
            .body,
    );
    assert!(next_page.contains("CANARYROOM Judge"));
    let raw: Vec<u8> =
        vigil_app::storage::query_scalar("SELECT outcome_note FROM hearings WHERE id = ?")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(
        !String::from_utf8_lossy(&raw).contains("CANARYOUTCOME"),
        "the note is sealed"
    );
    // The person is kept until the retention period after their last hearing.
    let purge_after: DateTime<Utc> =
        vigil_app::storage::query_scalar("SELECT purge_after FROM people WHERE id = ?")
            .bind(c.person)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(
        purge_after > next_at,
        "forgotten after the next hearing, not before"
    );
}

fn multipart(csv: &str) -> (String, String) {
    let boundary = "vigil-test-boundary".to_string();
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"docket.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (boundary, body)
}

#[tokio::test]
async fn erasing_a_person_calls_off_their_hearings_for_those_going() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let ahead = hearing(&app, &c, Utc::now() + Duration::days(3), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let reply = app
        .post_form(&format!("/hearings/{ahead}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let bo_id = app.account_id("bo@example.org").await;
    assert_eq!(
        reminder_times(&app, bo_id).await.len(),
        2,
        "24 h and 2 h before"
    );
    // A notice about the hearing still waiting to go (held back by quiet hours, say).
    let held = vigil_app::notifications::jobs::NewJob {
        kind: "notice".into(),
        idempotency_key: format!("notice:hearing:{ahead}:moved:1:account:{bo_id}"),
        entity: None,
        account_id: Some(bo_id),
        payload: serde_json::json!({"category": "changes", "subject": "Your court accompaniment has moved", "body": "held", "path": format!("/hearings/{ahead}")}),
        run_at: Utc::now() + Duration::hours(6),
    };
    vigil_app::notifications::jobs::schedule(&app.state.db, &held, Utc::now())
        .await
        .unwrap();

    let erased = app
        .post_form(
            "/api/people/erase",
            &[("id", &c.person.to_string())],
            Some(&c.ana),
        )
        .await;
    assert!(erased.status.is_redirection(), "{:?}", erased.status);

    // Bo hears that it's off (and nothing about whom it was for); no reminder will come for a
    // hearing that no longer exists, and the seat is gone with it.
    let mail = app
        .smtp
        .wait_for_subject("bo@example.org", "Your court accompaniment is cancelled")
        .await;
    assert_no_canary(&mail.data, "the cancellation");
    assert!(
        mail.text().contains("/my-hearings"),
        "the link goes to Bo's hearings, not the gone page: {}",
        mail.text()
    );
    assert!(
        reminder_times(&app, bo_id).await.is_empty(),
        "no reminders left"
    );
    let left: i64 =
        vigil_app::storage::query_scalar("SELECT COUNT(*) FROM jobs WHERE idempotency_key = ?")
            .bind(&held.idempotency_key)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(left, 0, "nothing still waiting links to the gone hearing");
    // Every job about the hearing went with the person, sent or not; the one job left about
    // it is the cancellation Bo got, and a sent job keeps no text.
    let about: Vec<(String, String, String)> = vigil_app::storage::query_as("SELECT idempotency_key, status, payload FROM jobs WHERE entity = ? OR idempotency_key LIKE ?")
        .bind(format!("hearing:{ahead}"))
        .bind(format!("notice:hearing:{ahead}:%"))
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].0.contains(":cancelled:"), "{about:?}");
    for _ in 0..100 {
        let payload: String =
            vigil_app::storage::query_scalar("SELECT payload FROM jobs WHERE idempotency_key = ?")
                .bind(&about[0].0)
                .fetch_one(&app.state.db)
                .await
                .unwrap();
        if payload == "{}" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, payload): (String, String) =
        vigil_app::storage::query_as("SELECT status, payload FROM jobs WHERE idempotency_key = ?")
            .bind(&about[0].0)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), payload.as_str()),
        ("done", "{}"),
        "sent, and its text gone"
    );
    let with_text: i64 = vigil_app::storage::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE status IN ('done', 'cancelled') AND payload <> '{}'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(with_text, 0, "no sent or cancelled job keeps its text");
    assert_eq!(seats(&app, ahead).await, (0, 0));
    assert_eq!(hearing_count(&app).await, 0);
    let mine = visible(&app.get("/my-hearings", Some(&bo)).await.body);
    assert!(!mine.contains("Immigration Court"), "{mine}");
}

async fn upload(app: &TestApp, cookie: &str, csv: &str) -> support::Reply {
    let (boundary, body) = multipart(csv);
    let req = Request::post("/hearings/import")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "text/html")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

async fn hearing_count(app: &TestApp) -> i64 {
    vigil_app::storage::query_scalar("SELECT COUNT(*) FROM hearings")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn csv_import_reports_bad_lines_imports_nothing_until_clean_and_twice_adds_nothing() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let day = (Utc::now() + Duration::days(20))
        .with_timezone(&chrono_tz::America::New_York)
        .format("%m/%d/%Y")
        .to_string();
    let day2 = (Utc::now() + Duration::days(21))
        .with_timezone(&chrono_tz::America::New_York)
        .format("%m/%d/%Y")
        .to_string();
    let bad = format!(
        "A-Number,Hearing Date,Time,Type,Courtroom,Language\nA123456789,{day},9:00 AM,Master,Room 12,Spanish\n999999999,{day},10:00 AM,Bond,,\nA123456789,not a date,,Individual,,\n"
    );
    let reply = upload(&app, &c.ana, &bad).await;
    let page = visible(&reply.body);
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Line 3: No person in Vigil has this case reference"),
        "{page}"
    );
    assert!(
        page.contains("Line 4: The date and time can't be read"),
        "{page}"
    );
    assert!(
        !page.contains("Import 1 hearings"),
        "no import button while any line is wrong"
    );
    assert!(
        !page.contains("999999999</td>"),
        "the message names the line, not the cell"
    );
    assert_eq!(
        hearing_count(&app).await,
        0,
        "nothing imported from a file with problems"
    );
    // Sending "import" anyway (a stale page) imports nothing either.
    let forced = app
        .post_form(
            "/hearings/import",
            &[
                ("csv", &bad),
                ("mapped", "1"),
                ("map_person", "0"),
                ("map_date", "1"),
                ("map_time", "2"),
                ("court_id", &c.court.to_string()),
                ("go", "import"),
            ],
            Some(&c.ana),
        )
        .await;
    assert_eq!(forced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hearing_count(&app).await, 0);

    // A clean file: the preview maps the columns, then importing adds both rows.
    let clean = format!("A-Number,Hearing Date,Time,Type,Courtroom,Language\nA-123-456-789,{day},9:00 AM,Master,Room 12,Spanish\n#{},{day2},13:30,Individual,Judge CANARYROOM,\n", c.person);
    let preview = upload(&app, &c.ana, &clean).await;
    let page = visible(&preview.body);
    assert_eq!(preview.status, StatusCode::OK, "{page}");
    assert!(
        page.contains("2 new · 0 already in Vigil · 0 with problems")
            && page.contains("Import 2 hearings"),
        "{page}"
    );
    assert!(
        page.contains("Master calendar hearing") && page.contains("09:00"),
        "{page}"
    );
    assert_eq!(hearing_count(&app).await, 0, "a preview imports nothing");
    let accept = [
        ("csv", clean.as_str()),
        ("mapped", "1"),
        ("map_person", "0"),
        ("map_date", "1"),
        ("map_time", "2"),
        ("map_court", ""),
        ("map_kind", "3"),
        ("map_courtroom", "4"),
        ("map_languages", "5"),
        ("court_id", &c.court.to_string()),
        ("wanted", "2"),
        ("meeting_point", "lobby"),
        ("go", "import"),
    ];
    let done = app
        .post_form("/hearings/import", &accept, Some(&c.ana))
        .await;
    assert_eq!(
        done.location(),
        "/hearings/import?done=imported&added=2&skipped=0",
        "{}",
        visible(&done.body)
    );
    assert_eq!(hearing_count(&app).await, 2);
    let langs: String = vigil_app::storage::query_scalar(
        "SELECT languages FROM hearings ORDER BY starts_at LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(langs, "Spanish");

    // The same file again: nothing new.
    let again = app
        .post_form("/hearings/import", &accept, Some(&c.ana))
        .await;
    assert_eq!(
        again.location(),
        "/hearings/import?done=imported&added=0&skipped=2"
    );
    assert_eq!(hearing_count(&app).await, 2);
    let preview = visible(&upload(&app, &c.ana, &clean).await.body);
    assert!(preview.contains("0 new · 2 already in Vigil"), "{preview}");
}

/// Every path that keeps a person longer is bounded: a date more than two years ahead is
/// refused at the form, naming the field, and the forget date stays where it was.
#[tokio::test]
async fn dates_far_ahead_are_refused_and_cannot_keep_a_person_for_ever() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let purge_after = || async {
        vigil_app::storage::query_scalar::<DateTime<Utc>>(
            "SELECT purge_after FROM people WHERE id = ?",
        )
        .bind(c.person)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
    };
    let before = purge_after().await;
    let far = Utc::now() + Duration::days(3 * 365);
    let form = |at: String| {
        vec![
            ("person_id".to_string(), c.person.to_string()),
            ("court_id".to_string(), c.court.to_string()),
            ("starts_at".to_string(), at),
            ("kind".to_string(), "master".to_string()),
            ("wanted".to_string(), "1".to_string()),
        ]
    };
    for at in [ny(far), "9999-12-31T09:00".to_string()] {
        let fields = form(at.clone());
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = app.post_form("/hearings", &pairs, Some(&c.ana)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        let page = visible(&reply.body);
        assert!(
            page.contains("more than two years ahead"),
            "the starts_at field says why: {page}"
        );
        assert!(page.contains(&at), "what was typed is kept");
    }
    assert_eq!(hearing_count(&app).await, 0);

    // Moving a hearing, and the outcome's next date, the same.
    let id = hearing(&app, &c, Utc::now() + Duration::hours(2), "", "1").await;
    let after_one = purge_after().await;
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", "9999-01-01T09:00")],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    assert!(visible(&reply.body).contains("more than two years ahead"));
    vigil_app::storage::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::minutes(30))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let reply = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[("next_date", "9999-01-01T09:00"), ("outcome_note", "")],
            Some(&c.ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible(&reply.body).contains("more than two years ahead"));
    assert_eq!(hearing_count(&app).await, 1, "no next hearing was made");
    assert_eq!(
        purge_after().await,
        after_one,
        "the forget date did not move"
    );
    assert!(
        after_one > before && after_one < Utc::now() + Duration::days(60),
        "one near hearing keeps them a retention period"
    );
}

/// The hearing and the forget date it sets are one change: when the second can't be written,
/// the hearing isn't saved either (so a retry makes no duplicate, and nobody is purged before
/// a hearing Vigil knows about).
#[tokio::test]
async fn a_hearing_is_not_saved_when_its_forget_date_cannot_be() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let refuse = match app.state.db.backend() {
        vigil_app::storage::Backend::Sqlite => vec!["CREATE TRIGGER refuse_purge BEFORE UPDATE OF purge_after ON people BEGIN SELECT RAISE(ABORT, 'the writer is busy'); END"],
        vigil_app::storage::Backend::Postgres => vec![
            "CREATE FUNCTION refuse_purge() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''the writer is busy''; END'",
            "CREATE TRIGGER refuse_purge BEFORE UPDATE OF purge_after ON people FOR EACH ROW EXECUTE FUNCTION refuse_purge()",
        ],
    };
    for sql in refuse {
        vigil_app::storage::query(sql)
            .execute(&app.state.db)
            .await
            .unwrap();
    }
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &c.person.to_string()),
                ("court_id", &c.court.to_string()),
                ("starts_at", &ny(Utc::now() + Duration::days(20))),
                ("kind", "master"),
                ("wanted", "1"),
            ],
            Some(&c.ana),
        )
        .await;
    assert!(
        !reply.status.is_redirection(),
        "the coordinator is told it failed"
    );
    assert_eq!(hearing_count(&app).await, 0, "and nothing was half saved");
}

/// "I can't make the new time" answers a move; on a hearing that never moved (or for someone
/// who signed up after the move) it is a drop like any other, and keeps the 3-hour cutoff.
#[tokio::test]
async fn cant_make_it_keeps_the_cutoff_unless_the_hearing_moved_since_signing_up() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(2), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    assert!(
        visible(&reply.body).contains("less than 3 hours before the hearing"),
        "{}",
        visible(&reply.body)
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Bo keeps the place");

    // Moved half an hour later: now Bo may say they can't make the new time, even inside the cutoff.
    let to = (Utc::now() + Duration::hours(2) + Duration::minutes(31))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", &ny(to))],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{}",
        visible(&reply.body)
    );
    // Cy signs up after the move: agreeing to the new time, so no waiver for Cy.
    let cy = accompanier(&app, "cy@example.org", "Cy", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&cy))
        .await;
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&cy))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=cant-make-it")
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Bo left; Cy stays");
}

/// The courtroom and the outcome note follow the person's rule: those going see them from a
/// day before until 8 hours after the start, every view audited; coordinators always.
#[tokio::test]
async fn sealed_hearing_details_open_only_around_the_hearing_and_are_audited() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(5), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let bo_id = app.account_id("bo@example.org").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    let views = || async {
        vigil_app::storage::query_scalar::<i64>("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND person_id = ? AND action = 'view-hearing'")
            .bind(bo_id)
            .bind(c.person)
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(page.contains("CANARYROOM"), "within the window");
    assert_eq!(views().await, 1, "that view is audited");
    let api = app
        .post_form("/api/hearings/get", &[("id", &id.to_string())], Some(&bo))
        .await;
    assert!(api.body.contains("CANARYROOM"));
    assert_eq!(views().await, 2, "through the API too");

    // Nine hours after it started: closed again for Bo, still open to the coordinator.
    vigil_app::storage::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::hours(9))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let page = app.get(&format!("/hearings/{id}"), Some(&bo)).await;
    assert_no_canary(&page.body, "the hearing page nine hours after");
    assert_eq!(views().await, 2, "nothing opened, nothing audited");
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(page.contains("CANARYROOM"), "coordinators always");
}

#[tokio::test]
async fn deactivating_an_accompanier_frees_their_place() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::days(2), "", "1").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let cy = accompanier(&app, "cy@example.org", "Cy", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&cy))
        .await;
    assert_eq!(seats(&app, id).await, (1, 1));
    let bo_id = app.account_id("bo@example.org").await;
    let reply = app
        .post_form(
            "/api/accounts/set-active",
            &[("id", &bo_id.to_string()), ("active", "false")],
            Some(&c.ana),
        )
        .await;
    assert!(
        reply.status.is_redirection() || reply.status.is_success(),
        "{:?}",
        reply.status
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Cy has the place");
    assert!(reminder_times(&app, bo_id).await.is_empty());
    app.smtp
        .wait_for_subject(
            "cy@example.org",
            "You're on a court accompaniment (from the waitlist)",
        )
        .await;
    let told = app
        .smtp
        .wait_for_subject("ana@example.org", "An accompanier can't make a hearing")
        .await;
    assert!(told.text().contains("no longer active"), "{}", told.text());
    assert_no_canary(&told.data, "the coordinators' notice");
}
