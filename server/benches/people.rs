//! `make bench`: what encryption costs for supported people's records.
//!
//! Figures are ratios against a baseline measured in the same run (the machines are noisy):
//! - sealing + opening one person's five fields, against copying the same plaintext;
//! - listing 500 people (fetch, decrypt, audit, render HTML), against the same list
//!   fetched from plaintext rows and rendered the same way.
use chrono::Utc;
use std::hint::black_box;
use std::time::{Duration, Instant};
use vigil_core::accounts::store::{self as accounts, NewAccount};
use vigil_core::crypto::{DataKey, ExposeSecret, FieldPlace, Keyring};
use vigil_web::accounts::{AccountStatus, Role};
use vigil_web::people::{service, Field, FieldValue, PersonView};

/// Median of `runs` timings of `f`, each over `iters` iterations, per iteration.
fn measure(runs: usize, iters: u32, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters
        })
        .collect();
    times.sort();
    times[runs / 2]
}

async fn measure_async<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed());
    }
    times.sort();
    times[runs / 2]
}

const FIELDS: [(&str, &str); 5] = [
    ("alias", "Rosa M."),
    ("contact", "+1 555 0100 / signal: rosa.42"),
    ("languages", "Spanish, Mam"),
    ("note", "Needs a ride to the south side; jacket size M"),
    ("case_ref", "A-123-456-789"),
];

fn render(people: Vec<PersonView>) -> String {
    use leptos::prelude::*;
    let owner = Owner::new();
    owner.with(|| vigil_web::people::pages::render_list_for_bench(people).to_html())
}

#[tokio::main]
async fn main() {
    // 1. One record: seal and open five fields.
    let key = DataKey::generate();
    let place = |column| FieldPlace {
        table: "people",
        column,
        row_id: 42,
        key_version: 1,
    };
    let crypto = measure(15, 2000, || {
        for (column, value) in FIELDS {
            let sealed = key.seal(place(column), value);
            let opened = key.open(place(column), &sealed).expect("opens");
            black_box(opened.expose_secret().len());
        }
    });
    let plain = measure(15, 2000, || {
        for (_, value) in FIELDS {
            let copy = black_box(value.to_string());
            black_box(copy.len());
        }
    });

    // 2. A list of 500 people, encrypted vs plaintext, from the same SQLite file.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = vigil_db::open(&format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .expect("db");
    let keyring = Keyring::open(&dir.path().join("keys"), None).expect("keyring");
    let ctx = service::Ctx {
        db: &db,
        keyring: &keyring,
        retention_days: 30,
    };
    let now = Utc::now();
    let new = NewAccount {
        email: "c@example.org",
        display_name: "C",
        roles: &[Role::Coordinator],
        status: AccountStatus::Active,
        invited_by: None,
        language: "en",
    };
    let id = accounts::insert(&db, new, now)
        .await
        .expect("account")
        .expect("new account");
    let (coordinator, _) = accounts::get(&db, id)
        .await
        .expect("read")
        .expect("account");
    vigil_db::query(
        "CREATE TABLE plain_people (id INTEGER PRIMARY KEY, alias TEXT, languages TEXT)",
    )
    .execute(&db)
    .await
    .expect("table");
    for i in 0..500 {
        let alias = format!("Person {i}");
        let input = service::PersonInput::parse(&vigil_web::people::PersonForm {
            alias: alias.clone(),
            languages: "Spanish, Mam".into(),
            note: "Needs a ride".into(),
            ..Default::default()
        })
        .unwrap_or_else(|_| panic!("valid input"));
        service::create(&ctx, &coordinator, &input, now)
            .await
            .expect("create");
        vigil_db::query("INSERT INTO plain_people (alias, languages) VALUES (?, ?)")
            .bind(&alias)
            .bind("Spanish, Mam")
            .execute(&db)
            .await
            .expect("plain");
    }
    let encrypted = measure_async(9, || async {
        let people = service::list(&ctx, &coordinator, Utc::now())
            .await
            .expect("list");
        black_box(render(people).len());
    })
    .await;
    let plaintext = measure_async(9, || async {
        let rows: Vec<(i64, String, String)> =
            vigil_db::query_as("SELECT id, alias, languages FROM plain_people ORDER BY id DESC")
                .fetch_all(&db)
                .await
                .expect("rows");
        let people = rows
            .into_iter()
            .map(|(id, alias, languages)| PersonView {
                id,
                fields: vec![
                    (Field::Alias, FieldValue::Value(alias)),
                    (Field::Languages, FieldValue::Value(languages)),
                ],
                forget_on: Some("2026-12-31".into()),
            })
            .collect();
        black_box(render(people).len());
    })
    .await;

    println!(
        "people: encrypt+decrypt one record (5 fields): {:.1} µs/op, {:.0}× copying the plaintext",
        crypto.as_secs_f64() * 1e6,
        crypto.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "people: list of 500 (fetch, decrypt, audit, render): {:.1} ms, {:.2}× the same list from plaintext rows ({:.1} ms)",
        encrypted.as_secs_f64() * 1e3,
        encrypted.as_secs_f64() / plaintext.as_secs_f64(),
        plaintext.as_secs_f64() * 1e3
    );
}
