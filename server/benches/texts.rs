//! `make bench`: an urgent call-out to 1,000 volunteers, by SMS through a real Kannel
//! (bearerbox and smsbox from Debian, fakesmsc as the phone network, separate processes)
//! beside the same call-out by email to the SMTP listener, in the same run.
//!
//! Timed from the coordinator's call-out to the moment the last of the 1,000 messages has
//! reached the phone network (fakesmsc's log) or the mail server. Both go through the same
//! worker and queue: a notice job per volunteer, which for SMS fans out into a text job that
//! is paced and sent through Kannel's `sendsms`. The rounds alternate (email, SMS, email,
//! SMS…) on fresh shifts, because this machine is noisy, and the medians are reported.
//!
//! The gateway's rate is set high here (`VIGIL_BENCH_SMS_RATE`, 1,000/s) so the bench
//! measures Vigil and Kannel; a real gateway's rate (Twilio's long codes: 1/s) makes the
//! pacing, not the software, the bound: 1,000 messages at N/s take 1,000/N seconds.
use chrono::{Duration, Utc};
use std::time::Instant;
use vigil_core::accounts::store::{self as accounts, NewAccount};
use vigil_core::notifications::{Channel, Phone, Prefs, Via};
use vigil_web::accounts::{AccountStatus, Role};
use vigil_web::facilities::{FacilityInput, FacilityKind};
use vigil_web::watches::WatchKind;

#[path = "../tests/integration/support/mod.rs"]
mod support;

const VOLUNTEERS: usize = 1_000;
const ROUNDS: usize = 3;

fn sms_rate() -> f64 {
    std::env::var("VIGIL_BENCH_SMS_RATE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000.0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// `VOLUNTEERS` active volunteers with a number verified for SMS and call-outs turned on.
async fn volunteers(app: &support::TestApp) -> Vec<i64> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(VOLUNTEERS);
    for i in 0..VOLUNTEERS {
        let email = format!("v{i}@example.org");
        let new = NewAccount {
            email: &email,
            display_name: "",
            roles: &[Role::Volunteer],
            status: AccountStatus::Active,
            invited_by: None,
            language: "en",
        };
        let id = accounts::insert(&app.state.db, new, now)
            .await
            .expect("account")
            .expect("new account");
        let phone = Phone::parse(&format!("+1555100{i:04}"), "1").expect("number");
        vigil_db::phones::set_with_code(&app.state.db, id, &phone, Channel::Sms, "-", now, now)
            .await
            .expect("phone");
        assert!(
            vigil_db::phones::mark_verified(&app.state.db, id, &phone, "-", Channel::Sms, now)
                .await
                .expect("verified")
        );
        ids.push(id);
    }
    ids
}

/// Every volunteer's call-outs go by `channel` alone.
async fn route_call_outs(app: &support::TestApp, ids: &[i64], channel: Channel) {
    let mut prefs = Prefs {
        urgent: true,
        ..Prefs::default()
    };
    let only = Via::EMAIL.with(Channel::Email, false).with(channel, true);
    prefs.routes.urgent = only;
    for id in ids {
        vigil_db::prefs::save(&app.state.db, *id, &prefs)
            .await
            .expect("prefs");
    }
}

/// A shift tonight, `n` hours from now, with seats to call out for.
async fn shift(
    app: &support::TestApp,
    ana: &vigil_web::accounts::Account,
    facility: i64,
    n: i64,
) -> i64 {
    let starts_at = Utc::now() + Duration::hours(2 + n);
    let input = vigil_core::watches::WatchInput {
        facility_id: facility,
        kind: WatchKind::Standing,
        starts_at,
        ends_at: Some(starts_at + Duration::hours(4)),
        slot_hours: Some(4),
        min_volunteers: 1,
        max_volunteers: 4,
        needs_lead: false,
    };
    let watch = vigil_core::watches::create_watch(&app.state.db, ana, &input, Utc::now())
        .await
        .expect("watch");
    vigil_db::query_scalar("SELECT id FROM shifts WHERE watch_id = ?")
        .bind(watch)
        .fetch_one(&app.state.db)
        .await
        .expect("shift")
}

/// Seconds from the call-out until `arrived()` has grown by `VOLUNTEERS`.
async fn call_out_until(
    app: &support::TestApp,
    ana: &vigil_web::accounts::Account,
    shift: i64,
    arrived: impl Fn() -> usize,
) -> f64 {
    let before = arrived();
    let start = Instant::now();
    let (_, told) = vigil_core::watches::call_out(&app.state.db, ana, shift, 1, Utc::now())
        .await
        .expect("call-out");
    assert_eq!(told, VOLUNTEERS, "every volunteer is told");
    let deadline = start + std::time::Duration::from_secs(300);
    while arrived() < before + VOLUNTEERS {
        assert!(
            Instant::now() < deadline,
            "only {} of {VOLUNTEERS} arrived in 300 s",
            arrived() - before
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let plan = support::kannel::Plan::new();
    let mut texts = plan.config();
    texts.sms_per_second = sms_rate();
    let app = support::TestApp::with_config("target/site", |c| c.texts = texts).await;
    let addr = app.listen().await;
    let kannel = plan.start(addr).await;
    app.setup_coordinator("Ana", "ana@example.org").await;
    let ana = accounts::find_by_email(&app.state.db, "ana@example.org")
        .await
        .expect("ana")
        .expect("ana exists")
        .0;
    let jail = vigil_core::facilities::store::insert(
        &app.state.db,
        &FacilityInput {
            name: "County Jail".into(),
            kind: FacilityKind::Jail,
            address: "1 Main St".into(),
            time_zone: "America/New_York".into(),
            notes: "East gate.".into(),
        },
        Utc::now(),
    )
    .await
    .expect("facility");
    let ids = volunteers(&app).await;

    let mut by_email = Vec::new();
    let mut by_sms = Vec::new();
    for round in 0..ROUNDS as i64 {
        route_call_outs(&app, &ids, Channel::Email).await;
        let s = shift(&app, &ana, jail, 2 * round).await;
        by_email.push(
            call_out_until(&app, &ana, s, || {
                app.smtp.messages.lock().map(|m| m.len()).unwrap_or(0)
            })
            .await,
        );
        route_call_outs(&app, &ids, Channel::Sms).await;
        let s = shift(&app, &ana, jail, 2 * round + 1).await;
        by_sms.push(call_out_until(&app, &ana, s, || kannel.received().len()).await);
    }
    let (email, sms) = (median(by_email.clone()), median(by_sms.clone()));
    println!(
        "texts: a call-out to {VOLUNTEERS} volunteers, median of {ROUNDS} alternating rounds: by email {email:.2} s ({:.0} messages/s), by SMS through Kannel {sms:.2} s ({:.0} messages/s, paced at {}/s): SMS takes {:.2}× the time of email",
        VOLUNTEERS as f64 / email,
        VOLUNTEERS as f64 / sms,
        sms_rate(),
        sms / email
    );
    println!("  rounds (s): email {by_email:.2?}, SMS {by_sms:.2?}");
}
