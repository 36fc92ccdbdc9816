//! The crates' one-way dependencies, as `cargo metadata` reports them. Cargo already refuses a
//! cycle between crates; this keeps the lower layers from taking on what belongs above them
//! (a database driver, HTTP, Leptos, mail) as they grow.
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

/// The workspace's packages: name → the names of its normal (not dev) dependencies.
fn dependencies() -> Vec<(String, BTreeSet<String>)> {
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
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
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
