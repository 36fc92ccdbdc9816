//! One error story: a failure of ours keeps its cause up to the edge, is logged there once
//! with the request's id (which the response names), and the person sees a plain message
//! with everything they typed still in the form.
use crate::support::{self, local, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, Utc};

#[tokio::test]
async fn a_database_failure_is_logged_once_by_request_id_and_the_form_keeps_its_values() {
    support::log_output();
    let app = TestApp::new().await;
    if app.state.db.backend() != vigil_db::Backend::Sqlite {
        return; // The failure is made with an SQLite trigger.
    }
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let reply = app
        .post_form(
            "/facilities",
            &[
                ("name", "County Jail"),
                ("kind", "jail"),
                ("time_zone", "UTC"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let facility: i64 = vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    // The database refuses every new watch, as a full disk or a lost server would.
    vigil_db::query(
        "CREATE TRIGGER refuse_watches BEFORE INSERT ON watches \
         BEGIN SELECT RAISE(ABORT, 'ERRCANARY the disk is full'); END",
    )
    .execute(&app.state.db)
    .await
    .unwrap();

    let starts = local(Utc::now() + Duration::days(2));
    let facility = facility.to_string();
    let reply = app
        .post_form(
            "/watches",
            &[
                ("facility_id", facility.as_str()),
                ("kind", "surge"),
                ("starts_at", starts.as_str()),
                ("slot_hours", "4"),
                ("min_volunteers", "2"),
                ("max_volunteers", "5"),
            ],
            Some(&ana),
        )
        .await;

    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let text = support::visible(&reply.body);
    assert!(text.contains("Something went wrong on our side"), "{text}");
    assert!(
        !text.contains("ERRCANARY"),
        "the cause stays out of the page"
    );
    assert!(
        reply.body.contains(&format!("value=\"{starts}\"")),
        "what was typed is still in the form"
    );
    let id = reply.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);

    let logs = support::logs();
    // (The test's own CREATE TRIGGER statement is in sqlx's debug log too: not a failure.)
    let lines: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("ERRCANARY") && !l.contains("CREATE TRIGGER"))
        .collect();
    assert_eq!(lines.len(), 1, "logged once: {lines:#?}");
    assert!(lines[0].contains(&id), "with the request id: {}", lines[0]);
    assert!(lines[0].contains("ERROR"), "{}", lines[0]);
}
