//! "Needs attention" on a coordinator's home: a seeded night where each kind of problem
//! appears when it should and is gone once fixed, through the same forms a coordinator and
//! volunteers use. Nothing about a supported person reaches the list. Real SQLite file (and
//! PostgreSQL in the second pass), real SMTP listener.
use crate::support::{local, visible, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use vigil_web::accounts::Role;

const VOLUNTEER: &[Role] = &[Role::Volunteer];
const ACCOMPANIER: &[Role] = &[Role::Accompanier];
const CANARIES: [&str; 4] = ["CANARYALIAS", "CANARYNOTE", "CANARYROOM", "CANARYCONTACT"];

/// The text of one part of the list (`data-part="…"`), as a reader sees it.
fn part(page: &str, kind: &str) -> String {
    let start = page
        .find(&format!("data-part=\"{kind}\""))
        .unwrap_or_else(|| panic!("no {kind} part in:\n{}", visible(page)));
    let rest = &page[start..];
    visible(&rest[..rest.find("</section>").expect("the part ends")])
}

async fn home(app: &TestApp, cookie: &str) -> String {
    let reply = app.get("/", Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    for canary in CANARIES {
        assert!(!reply.body.contains(canary), "{canary} on the home page");
    }
    reply.body
}

async fn facility(app: &TestApp, ana: &str, name: &str, kind: &str) -> i64 {
    let reply = app
        .post_form(
            "/facilities",
            &[("name", name), ("kind", kind), ("time_zone", "UTC")],
            Some(ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    vigil_db::query_scalar("SELECT max(id) FROM facilities")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

fn id_after(location: &str, prefix: &str) -> i64 {
    location
        .trim_start_matches(prefix)
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no id in {location}"))
}

async fn shift(app: &TestApp, ana: &str, watch: i64, from: Duration, min: &str) -> i64 {
    let now = Utc::now();
    let form = [
        ("shift_start", local(now + from)),
        ("shift_end", local(now + from + Duration::hours(4))),
        ("min_volunteers", min.to_string()),
        ("max_volunteers", "4".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app
        .post_form(&format!("/watches/{watch}/shifts"), &pairs, Some(ana))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    vigil_db::query_scalar("SELECT max(id) FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn volunteer(app: &TestApp, name: &str) -> String {
    let email = format!("{name}@example.org");
    let cookie = app.volunteer(&email, name, VOLUNTEER).await;
    let id = app.account_id(&email).await;
    let prefs = vigil_web::notifications::Prefs {
        urgent: true,
        ..Default::default()
    };
    vigil_core::notifications::prefs::save(&app.state.db, id, &prefs)
        .await
        .unwrap();
    cookie
}

async fn sign_up(app: &TestApp, shift: i64, cookie: &str) {
    let reply = app
        .post_form(&format!("/shifts/{shift}/sign-up"), &[], Some(cookie))
        .await;
    assert!(
        reply.location().ends_with("done=signed-up"),
        "{}",
        reply.body
    );
}

mod hearings;
mod night;
