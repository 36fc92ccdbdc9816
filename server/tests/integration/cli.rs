//! The `vigil` command line, as an operator uses it.
use std::process::Command;

fn vigil(data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    run(Command::new(env!("CARGO_BIN_EXE_vigil")), data_dir, args)
}

fn run(mut command: Command, data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = command
        .args(args)
        .env("VIGIL_DATA_DIR", data_dir)
        .env_remove("VIGIL_DATABASE_URL")
        .env_remove("VIGIL_SMTP_URL")
        .output()
        .expect("run vigil");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn help_lists_the_subcommands_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = vigil(dir.path(), &["--help"]);
    assert!(ok);
    for word in [
        "serve",
        "migrate",
        "create-coordinator",
        "VIGIL_DATABASE_URL",
        "VIGIL_SMTP_URL",
        "VIGIL_BASE_URL",
        "VIGIL_BIND",
    ] {
        assert!(out.contains(word), "--help mentions {word}:\n{out}");
    }
}

#[test]
fn migrate_creates_the_database_and_create_coordinator_prints_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = vigil(dir.path(), &["migrate"]);
    assert!(ok, "{out}");
    assert!(dir.path().join("vigil.db").exists());

    let (ok, out) = vigil(dir.path(), &["create-coordinator", "Ops@Example.org"]);
    assert!(ok, "{out}");
    assert!(out.contains("ops@example.org is a coordinator"), "{out}");
    assert!(out.contains("http://127.0.0.1:3000/auth?token="), "{out}");

    let (ok, out) = vigil(dir.path(), &["create-coordinator", "not-an-address"]);
    assert!(!ok);
    assert!(out.contains("Enter an email address like"), "{out}");
}

#[test]
fn rotate_key_and_purge_run_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = vigil(dir.path(), &["migrate"]);
    assert!(ok, "{out}");
    let keys = || {
        let mut k: Vec<String> = std::fs::read_dir(dir.path().join("keys"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".key"))
                    .collect()
            })
            .unwrap_or_default();
        k.sort();
        k
    };
    let (ok, out) = vigil(dir.path(), &["purge"]);
    assert!(ok, "{out}");
    assert!(out.contains("0 people forgotten"), "{out}");
    let before = keys();
    assert_eq!(before.len(), 1, "first run created a root key");
    let (ok, out) = vigil(dir.path(), &["rotate-key"]);
    assert!(ok, "{out}");
    assert!(out.contains("New root key"), "{out}");
    let after = keys();
    assert_eq!(after.len(), 1);
    assert_ne!(before, after, "the old key file is gone");
}

/// Runs `vigil` under umask 000, the widest there is: nothing it creates may be wider anyway.
#[cfg(unix)]
fn vigil_with_umask_000(data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("umask 000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vigil"));
    run(sh, data_dir, args)
}

#[cfg(unix)]
#[test]
fn the_data_directory_and_its_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("data");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (ok, out) = vigil_with_umask_000(&data, &["create-coordinator", "ops@example.org"]);
    assert!(ok, "{out}");
    assert_eq!(mode(&data), 0o700, "the data directory");
    let mut files = Vec::new();
    let mut dirs = vec![data.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                assert_eq!(mode(&path), 0o700, "{}", path.display());
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.iter().any(|f| f.ends_with("vigil.db")), "{files:?}");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    // A database file that others can read is refused, with what to do about it.
    std::fs::set_permissions(
        data.join("vigil.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let (ok, out) = vigil(&data, &["migrate"]);
    assert!(!ok, "started with a readable database: {out}");
    assert!(
        out.contains("readable by other users") && out.contains("chmod 600"),
        "{out}"
    );
}
