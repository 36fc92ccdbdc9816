//! Files in the data directory are private to the user Vigil runs as, whatever the process
//! umask: the directory is 0700 and every file Vigil creates in it (database, WAL, outbox
//! mail with live sign-in links, root keys) is 0600. A database file that other users can
//! read is refused at start, as a readable key file is.
use std::io;
use std::path::Path;

/// Creates `dir` (and missing parents) as 0700; an existing one is tightened to 0700.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    tighten(dir, 0o700)
}

/// Sets `path`'s mode to `mode` when it grants more than that to group or others.
pub fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode();
        if current & 0o077 & !mode != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Opens a new file for writing, mode 0600 from the moment it exists (never created wider
/// and narrowed after). Fails if the file exists.
pub fn create_private(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Writes a new private file whole and syncs it.
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = create_private(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// `Err` with what to run when other users may read `path`.
pub fn refuse_if_shared(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} is readable by other users (mode {:o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Before SQLite opens `db`: its directory exists (created 0700), a new database file is
/// created 0600 (SQLite gives its `-wal` and `-shm` files the database file's mode), an
/// existing one that others can read is refused, and WAL files left wider by an older
/// version are tightened.
pub fn prepare_sqlite(db: &Path) -> Result<(), String> {
    let io = |e: io::Error| format!("{}: {e}", db.display());
    if let Some(dir) = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        private_dir(dir).map_err(io)?;
    }
    if db.exists() {
        refuse_if_shared(db)?;
    } else {
        match create_private(db) {
            Ok(_) => {}
            // Created by another process meanwhile: it is checked like any existing file.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => refuse_if_shared(db)?,
            Err(e) => return Err(io(e)),
        }
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let side = Path::new(&name);
        if side.exists() {
            tighten(side, 0o600).map_err(io)?;
        }
    }
    Ok(())
}
