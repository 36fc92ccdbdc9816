//! Supported people's records: encryption at rest, need-to-know access, audit, erasure,
//! key rotation. Real SQLite files, real SMTP listener, the server's own log output.
use crate::support;

mod keys;
mod privacy;
mod retention;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use std::sync::Arc;
use support::TestApp;
use vigil_core::accounts::store as accounts;
use vigil_core::crypto::Keyring;
use vigil_core::people::{self as service, store};

/// Creates a person through the coordinators' form; returns the new id.
async fn add_person(app: &TestApp, coordinator: &str, fields: &[(&str, &str)]) -> i64 {
    app.add_person(coordinator, fields).await
}

async fn account_id(app: &TestApp, email: &str) -> i64 {
    accounts::find_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

fn canaries(tag: &str) -> Vec<(&'static str, String)> {
    ["alias", "contact", "languages", "note", "case_ref"]
        .into_iter()
        .map(|f| (f, format!("CANARY{tag}{}X", f.to_uppercase())))
        .collect()
}

fn as_form<'a>(c: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    c.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Every file under `dir`, concatenated.
fn raw_files(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(raw_files(&path));
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
