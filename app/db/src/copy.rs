//! `vigil copy-db --from sqlite://… --to postgres://…`: moves a deployment from SQLite to
//! PostgreSQL. Everything is copied as it is: people's fields stay ciphertexts under the same
//! root key (the key files don't move), ids stay the same so links keep working, and
//! sessions come along so nobody is signed out. The target must be empty; the copy is one
//! transaction, and its row counts are checked against the source before it commits.
use crate::{self as storage, Backend, Db, Value};
use anyhow::{bail, Context};
use std::str::FromStr;

/// Rows copied per table, in the order they were copied.
pub type Report = Vec<(String, i64)>;

pub async fn copy(from: &str, to: &str) -> anyhow::Result<Report> {
    if storage::backend_of(from) != Backend::Sqlite || storage::backend_of(to) != Backend::Postgres
    {
        bail!("copy-db copies an SQLite database (--from sqlite://…) into a PostgreSQL one (--to postgres://…)");
    }
    // A mistyped path must not quietly create (and copy) an empty database.
    let file = sqlx::sqlite::SqliteConnectOptions::from_str(from)?
        .get_filename()
        .to_path_buf();
    if !file.is_file() {
        bail!("there is no SQLite database at {}", file.display());
    }
    // The source is brought up to this version's schema, as the server would on start.
    let source = storage::open(from)
        .await
        .with_context(|| "could not open the source database")?;
    let target = storage::connect(to)
        .await
        .with_context(|| "could not connect to the target database")?;
    let tables = tables_in_order(&source).await?;
    refuse_if_not_empty(&target, &tables).await?;
    storage::migrate(&target)
        .await
        .with_context(|| "could not create the schema in the target database")?;

    let mut tx = storage::begin_write(&target).await?;
    let mut report = Vec::new();
    for table in &tables {
        let columns = target_columns(&mut tx, table).await?;
        if columns.is_empty() {
            bail!("the target has no table {table}: is it at the same version as the source?");
        }
        let copied = copy_table(&source, &mut tx, table, &columns).await?;
        report.push((table.clone(), copied));
    }
    if let Some(sessions) = copy_sessions(&source, &mut tx).await? {
        report.push(("sessions".into(), sessions));
    }
    for (table, copied) in &report {
        let counted: i64 =
            storage::query_scalar(format!("SELECT COUNT(*) FROM {}", target_table(table)))
                .fetch_one(&mut tx)
                .await?;
        let source_count: i64 = storage::query_scalar(format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&source)
            .await?;
        if counted != *copied || counted != source_count {
            bail!("{table}: {source_count} rows in the source but {counted} in the target; nothing was written");
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// The application's tables, each after the tables it refers to. `change_counters` is not
/// data (PostgreSQL counts calendar changes with a sequence instead).
async fn tables_in_order(source: &Db) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = storage::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlx_migrations', 'sessions', 'change_counters') ORDER BY name",
    )
    .fetch_all(source)
    .await?;
    let mut ordered: Vec<String> = Vec::new();
    let mut pending = names.clone();
    while !pending.is_empty() {
        let mut progressed = false;
        let mut still = Vec::new();
        for table in pending {
            let parents: Vec<String> =
                storage::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)")
                    .bind(&table)
                    .fetch_all(source)
                    .await?;
            if parents
                .iter()
                .all(|p| p == &table || ordered.contains(p) || !names.contains(p))
            {
                ordered.push(table);
                progressed = true;
            } else {
                still.push(table);
            }
        }
        if !progressed {
            bail!(
                "the tables' references go round in a circle: {}",
                still.join(", ")
            );
        }
        pending = still;
    }
    Ok(ordered)
}

async fn refuse_if_not_empty(target: &Db, tables: &[String]) -> anyhow::Result<()> {
    let existing: Vec<String> = storage::query_scalar("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
        .fetch_all(target)
        .await?;
    let sessions: bool =
        storage::query_scalar("SELECT to_regclass('tower_sessions.sessions') IS NOT NULL")
            .fetch_one(target)
            .await?;
    let mut targets: Vec<String> = tables
        .iter()
        .filter(|t| existing.contains(t))
        .cloned()
        .collect();
    if sessions {
        targets.push("tower_sessions.sessions".into());
    }
    for table in targets {
        let rows: i64 = storage::query_scalar(format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(target)
            .await?;
        if rows > 0 {
            bail!("the target database is not empty ({table} has {rows} rows); copy-db only writes into an empty database");
        }
    }
    Ok(())
}

/// `(name, PostgreSQL type)` of each column, in order; empty if there is no such table.
async fn target_columns(
    tx: &mut storage::WriteTx,
    table: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let rows = storage::query(
        "SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("name")?, r.try_get("kind")?)))
        .collect()
}

/// Each source value read as the type its target column has.
fn read(row: &storage::Row, index: usize, kind: &str) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        "bigint" | "integer" | "smallint" => Value::I64(row.try_get(index)?),
        "boolean" => Value::Bool(row.try_get(index)?),
        "timestamp with time zone" => Value::Time(row.try_get(index)?),
        "date" => Value::Date(row.try_get(index)?),
        "bytea" => Value::Bytes(row.try_get(index)?),
        "double precision" | "real" => Value::F64(row.try_get(index)?),
        _ => Value::Text(row.try_get(index)?),
    })
}

async fn copy_table(
    source: &Db,
    tx: &mut storage::WriteTx,
    table: &str,
    columns: &[(String, String)],
) -> anyhow::Result<i64> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let list = names.join(", ");
    // In the order they were made, so rows that refer to older rows of their own table
    // (an invitation's inviter) come after them.
    let rows = storage::query(format!("SELECT {list} FROM {table} ORDER BY rowid"))
        .fetch_all(source)
        .await
        .with_context(|| format!("reading {table}"))?;
    // Columns that refer to the same table may point forward (a hearing to the next one): they
    // are written once every row is in.
    let own_refs: Vec<String> = storage::query_scalar(
        "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE \"table\" = ?1",
    )
    .bind(table)
    .fetch_all(source)
    .await?;
    let mut later: Vec<(usize, Value, Value)> = Vec::new();
    // Several rows per statement, within PostgreSQL's limit of 65,535 parameters.
    let per_statement = (60_000 / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let one = format!("({})", vec!["?"; columns.len()].join(", "));
        let sql = format!(
            "INSERT INTO {table} ({list}) OVERRIDING SYSTEM VALUE VALUES {}",
            vec![one; chunk.len()].join(", ")
        );
        let mut insert = storage::query(sql);
        for row in chunk {
            for (index, (name, kind)) in columns.iter().enumerate() {
                let value =
                    read(row, index, kind).with_context(|| format!("reading {table}.{name}"))?;
                if own_refs.contains(name) && value != Value::I64(None) {
                    let id = read(
                        row,
                        names
                            .iter()
                            .position(|n| *n == "id")
                            .context("a self-referencing table without id")?,
                        "bigint",
                    )?;
                    later.push((index, id, value));
                    insert = insert.bind(Value::I64(None));
                } else {
                    insert = insert.bind(value);
                }
            }
        }
        insert
            .execute(&mut **tx)
            .await
            .with_context(|| format!("writing {table}"))?;
    }
    for (index, id, value) in later {
        storage::query(format!(
            "UPDATE {table} SET {} = ? WHERE id = ?",
            names[index]
        ))
        .bind(value)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    // Identity columns carry on after the highest id copied.
    let identity: Option<String> = storage::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'",
    )
    .bind(table)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(column) = identity {
        storage::query(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(rows.len() as i64)
}

/// The sessions table belongs to tower-sessions, which keeps it in its own schema on
/// PostgreSQL.
fn target_table(table: &str) -> String {
    if table == "sessions" {
        "tower_sessions.sessions".into()
    } else {
        table.into()
    }
}

/// `None` if the source has no sessions table (no server ever ran on it).
async fn copy_sessions(source: &Db, tx: &mut storage::WriteTx) -> anyhow::Result<Option<i64>> {
    storage::query("CREATE SCHEMA IF NOT EXISTS tower_sessions")
        .execute(&mut **tx)
        .await?;
    storage::query(
        "CREATE TABLE IF NOT EXISTS tower_sessions.sessions (id TEXT PRIMARY KEY NOT NULL, data BYTEA NOT NULL, expiry_date TIMESTAMPTZ NOT NULL)",
    )
    .execute(&mut **tx)
    .await?;
    let exists: bool = storage::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions')",
    )
    .fetch_one(source)
    .await?;
    if !exists {
        return Ok(None);
    }
    let sessions = storage::query("SELECT id, data, expiry_date FROM sessions")
        .fetch_all(source)
        .await?;
    for session in &sessions {
        // tower-sessions writes the expiry into SQLite as RFC 3339 text.
        let expiry: chrono::DateTime<chrono::Utc> = session.try_get("expiry_date")?;
        storage::query(
            "INSERT INTO tower_sessions.sessions (id, data, expiry_date) VALUES (?, ?, ?)",
        )
        .bind(session.try_get::<String, _>("id")?)
        .bind(session.try_get::<Vec<u8>, _>("data")?)
        .bind(expiry)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Some(sessions.len() as i64))
}
