//! The crates' one-way dependencies, as `cargo metadata` reports them. Cargo already refuses a
//! cycle between crates; this keeps the lower layers from taking on what belongs above them
//! (a database driver, HTTP, Leptos, mail) as they grow.
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

/// `cargo metadata` for the workspace's own packages.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The workspace's packages: name → the names of its normal (not dev) dependencies.
fn dependencies() -> Vec<(String, BTreeSet<String>)> {
    let meta = metadata();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_string())
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

#[test]
fn the_domain_crate_needs_no_storage_http_leptos_or_mail() {
    let all = dependencies();
    let (_, domain) = all
        .iter()
        .find(|(name, _)| name == "vigil-domain")
        .expect("the vigil-domain crate is in the workspace");
    let allowed: BTreeSet<String> = ["serde", "chrono", "chrono-tz", "zeroize"]
        .into_iter()
        .map(String::from)
        .collect();
    let extra: Vec<_> = domain.difference(&allowed).collect();
    assert!(
        extra.is_empty(),
        "vigil-domain is built for the browser and holds only plain Rust; it must not depend on {extra:?}"
    );
    // Nothing in the workspace is below the domain.
    let workspace: BTreeSet<_> = all.iter().map(|(name, _)| name.clone()).collect();
    assert!(domain.is_disjoint(&workspace));
}

#[test]
fn the_db_crate_needs_no_http_leptos_or_mail() {
    let all = dependencies();
    let db = deps_of(&all, "vigil-db");
    let allowed: BTreeSet<String> = [
        "vigil-domain",
        "sqlx",
        "tokio",
        "chrono",
        "chrono-tz",
        "serde_json",
        "thiserror",
        "anyhow",
        "tracing",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let extra: Vec<_> = db.difference(&allowed).collect();
    assert!(
        extra.is_empty(),
        "vigil-db is storage only (rows in, domain types out); it must not depend on {extra:?}"
    );
    // Storage is reached from the use cases, and by the binary that opens, migrates and
    // copies the database; never from the web layer or the domain.
    let users: BTreeSet<_> = all
        .iter()
        .filter(|(_, deps)| deps.contains("vigil-db"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(users, BTreeSet::from(["vigil-core", "vigil"]));
}

/// The use cases know nothing of HTTP or pages: a use case is called the same way from a form
/// handler, a server function, a background job or a test.
#[test]
fn the_core_crate_needs_no_http_or_leptos() {
    let all = dependencies();
    let core = deps_of(&all, "vigil-core");
    let web_only: Vec<_> = core
        .iter()
        .filter(|d| {
            d.starts_with("leptos")
                || d.starts_with("tower")
                || ["axum", "http", "vigil-web", "wasm-bindgen"].contains(&d.as_str())
        })
        .collect();
    assert!(
        web_only.is_empty(),
        "vigil-core holds the use cases, below the web layer; it must not depend on {web_only:?}"
    );
    assert!(core.contains("vigil-db") && core.contains("vigil-domain"));
}

/// The web layer reaches data only through the use cases (`vigil-core`), and only in its
/// server build: the browser bundle carries the domain's types and nothing below them.
#[test]
fn the_web_crate_reaches_data_only_through_the_core() {
    let all = dependencies();
    let web = deps_of(&all, "vigil-web");
    assert!(
        !web.contains("vigil-db"),
        "vigil-web must reach storage through vigil-core's use cases"
    );
    let optional = optional_dependencies("vigil-web");
    assert!(
        optional.contains("vigil-core"),
        "vigil-core is server only: an optional dependency of vigil-web (feature `ssr`)"
    );
}

/// The normal dependencies of `name`.
fn deps_of(all: &[(String, BTreeSet<String>)], name: &str) -> BTreeSet<String> {
    all.iter()
        .find(|(n, _)| n == name)
        .map(|(_, deps)| deps.clone())
        .unwrap_or_else(|| panic!("the {name} crate is in the workspace"))
}

/// The optional (feature-gated) dependencies of `name`.
fn optional_dependencies(name: &str) -> BTreeSet<String> {
    let meta = metadata();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == name)
        .flat_map(|p| p["dependencies"].as_array().unwrap().iter())
        .filter(|d| d["optional"].as_bool() == Some(true))
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

/// SQL is written in one crate, `app/db`: a use case, page or job that needs data asks a
/// store. (The tests may set up and inspect rows directly.)
#[test]
fn sql_lives_only_in_the_db_crate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/core", "app/web", "app/domain", "server/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "storage::query",
        "sqlx::",
    ];
    let leaks: Vec<_> = files
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            sql.iter().any(|s| text.contains(s))
        })
        .collect();
    assert!(
        leaks.is_empty(),
        "move this SQL into a store in app/db: {leaks:#?}"
    );
}

/// Every Rust file in the workspace, with its length in lines.
fn rust_files(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, usize)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && name != "target" && name != "node_modules" && !name.starts_with('.') {
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            out.push((path, lines));
        }
    }
}

/// A file is read in one sitting: past ~500 lines it holds more than one thing, and should
/// be split along what it does (see how `app/core/src/watches/` is).
#[test]
fn no_rust_file_is_much_over_five_hundred_lines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app", "server"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found the sources");
    let long: Vec<_> = files.iter().filter(|(_, lines)| *lines > 520).collect();
    assert!(long.is_empty(), "split these: {long:#?}");
}

/// The files under `dirs` (paths from the workspace root) whose text contains any of
/// `needles`.
fn files_containing(dirs: &[&str], needles: &[&str]) -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&root.join(dir), &mut files);
    }
    files
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            needles.iter().any(|n| text.contains(n))
        })
        .collect()
}

/// The crates below the web layer.
const BELOW_THE_WEB: [&str; 3] = ["app/core", "app/db", "app/domain"];

/// The domain names its kinds by key; what they are called is the web layer's
/// (`kernel::labels`), beside the other words for people.
#[test]
fn the_domain_names_things_but_does_not_word_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("app/domain"), &mut files);
    let worded: Vec<_> = files
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            ["fn label(", "fn hint(", "fn staffing(", "fn title("]
                .iter()
                .any(|n| text.contains(n))
        })
        .collect();
    assert!(
        worded.is_empty(),
        "move these words to app/web/src/kernel/labels.rs: {worded:#?}"
    );
}

/// The web layer asks the use cases, never storage: a page, server function or form handler
/// reaches data through its capability's `service`, which decides who may (so a role check
/// can't be forgotten in one of several handlers).
#[test]
fn the_web_layer_reaches_storage_only_through_use_cases() {
    let leaks = files_containing(
        &["app/web"],
        &[
            "store::",
            "storage::",
            "jobs::",
            "prefs::get",
            "prefs::save",
            "prefs::turn_off",
        ],
    );
    assert!(leaks.is_empty(), "call a service instead: {leaks:#?}");
}

/// The HTML form stops at the web layer: below it, use cases and checks take the typed form
/// (`WatchForm`, `EntryForm`…, decoded by `FormData::decode`), never a getter over names.
#[test]
fn no_form_getter_below_the_web_layer() {
    let leaks = files_containing(&BELOW_THE_WEB, &["impl Fn(&str) -> String", "FormData"]);
    assert!(leaks.is_empty(), "take a typed form instead: {leaks:#?}");
}

/// Below the web layer a refusal says *what* went wrong (a capability's `Refusal`), never in
/// words: only the web layer (`kernel::refusals`) words it, so a second language is one place.
#[test]
fn refusals_are_worded_only_in_the_web_layer() {
    let worded = files_containing(&BELOW_THE_WEB, &["AppError", "refusals::say"]);
    assert!(
        worded.is_empty(),
        "return a typed refusal instead: {worded:#?}"
    );
}
