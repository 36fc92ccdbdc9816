//! Queries written once for both backends.
//!
//! A `Query` holds its SQL and its bound values; it picks the backend when it runs, from the
//! pool or connection it is given. SQL is written in SQLite's dialect with `?`/`?N`
//! placeholders, which become `$N` for PostgreSQL. Where the dialects really differ (a JSON
//! list of ids, row locks), a query carries its PostgreSQL text beside it (`postgres`).
//! One rewrite is common enough to be made here: a list of ids is bound as one JSON array
//! and read as `SELECT value FROM json_each(?)`, which PostgreSQL spells with
//! `json_array_elements_text`.
//! Rows decode into the same Rust types on both: the schemas are kept type-compatible
//! (`BIGINT` for integers, `BOOLEAN` for flags, `TIMESTAMPTZ` for times).
use crate::Db;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{ColumnIndex, Decode, FromRow, PgConnection, Postgres, Sqlite, SqliteConnection, Type};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

/// A bound value, held until the query knows its backend. Deliberately not `Debug`: values
/// can be people's (sealed) fields or volunteers' addresses, and must never reach a log.
#[derive(Clone, PartialEq)]
pub enum Value {
    I64(Option<i64>),
    F64(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
}

/// What can be bound to a query.
pub trait Arg {
    fn value(self) -> Value;
}

macro_rules! arg {
    ($variant:ident: $($ty:ty => $convert:expr),* $(,)?) => {$(
        impl Arg for $ty {
            fn value(self) -> Value {
                let convert: fn($ty) -> _ = $convert;
                Value::$variant(Some(convert(self)))
            }
        }
        impl Arg for Option<$ty> {
            fn value(self) -> Value {
                let convert: fn($ty) -> _ = $convert;
                Value::$variant(self.map(convert))
            }
        }
    )*};
}

arg!(I64: i64 => |v| v, i32 => i64::from, u32 => i64::from, &i64 => |v| *v);
arg!(F64: f64 => |v| v);
arg!(Bool: bool => |v| v);
arg!(Text: String => |v| v, &str => str::to_string, &String => String::clone);
arg!(Time: DateTime<Utc> => |v| v, &DateTime<Utc> => |v| *v);
arg!(Date: NaiveDate => |v| v, &NaiveDate => |v| *v);
arg!(Bytes: Vec<u8> => |v| v, &[u8] => <[u8]>::to_vec, &Vec<u8> => Vec::clone);

impl<T> Arg for &Option<T>
where
    Option<T>: Arg + Clone,
{
    fn value(self) -> Value {
        self.clone().value()
    }
}

impl Arg for Value {
    fn value(self) -> Value {
        self
    }
}

/// A connection held for several statements: from the pool (`Db::acquire`) or inside a
/// transaction (`WriteTx` derefs to one).
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    SqliteTx(sqlx::Transaction<'static, Sqlite>),
    Postgres(PoolConnection<Postgres>),
    PostgresTx(sqlx::Transaction<'static, Postgres>),
}

/// Where a query runs: a pool (any free connection) or a held connection.
pub enum Target<'a> {
    Db(&'a Db),
    Conn(&'a mut Conn),
}

impl<'a> From<&'a Db> for Target<'a> {
    fn from(db: &'a Db) -> Self {
        Target::Db(db)
    }
}

impl<'a> From<&'a mut Conn> for Target<'a> {
    fn from(conn: &'a mut Conn) -> Self {
        Target::Conn(conn)
    }
}

impl<'a> From<&'a mut super::WriteTx> for Target<'a> {
    fn from(tx: &'a mut super::WriteTx) -> Self {
        Target::Conn(tx)
    }
}

/// The executor behind a target, per backend.
enum Resolved<'a> {
    SqlitePool(&'a sqlx::SqlitePool),
    Sqlite(&'a mut SqliteConnection),
    PostgresPool(&'a sqlx::PgPool),
    Postgres(&'a mut PgConnection),
}

impl<'a> Target<'a> {
    /// The same target for one more statement.
    fn reborrow(&mut self) -> Target<'_> {
        match self {
            Target::Db(db) => Target::Db(db),
            Target::Conn(conn) => Target::Conn(conn),
        }
    }

    fn resolve(self) -> Resolved<'a> {
        match self {
            Target::Db(Db::Sqlite(pool)) => Resolved::SqlitePool(pool),
            Target::Db(Db::Postgres(pool)) => Resolved::PostgresPool(pool),
            Target::Conn(Conn::Sqlite(c)) => Resolved::Sqlite(c),
            Target::Conn(Conn::SqliteTx(c)) => Resolved::Sqlite(c),
            Target::Conn(Conn::Postgres(c)) => Resolved::Postgres(c),
            Target::Conn(Conn::PostgresTx(c)) => Resolved::Postgres(c),
        }
    }
}

/// A result row from either backend.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl Row {
    pub fn try_get<'r, T, I>(&'r self, index: I) -> Result<T, sqlx::Error>
    where
        T: Decode<'r, Sqlite> + Type<Sqlite> + Decode<'r, Postgres> + Type<Postgres>,
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow>,
    {
        match self {
            Row::Sqlite(row) => sqlx::Row::try_get(row, index),
            Row::Postgres(row) => sqlx::Row::try_get(row, index),
        }
    }
}

/// What a statement that returns no rows did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

pub struct Query<'q> {
    sql: Cow<'q, str>,
    postgres: Option<Cow<'q, str>>,
    values: Vec<Value>,
}

/// Rows for a multi-row `INSERT`, gathered before it runs: the statement up to `VALUES`,
/// how many values make a row, and what follows the rows (an `ON CONFLICT` clause). Rows
/// gathered for the same statement can be appended to each other: a group of writes sends
/// all its reminders in one statement (`write_grouped`).
pub struct InsertRows {
    head: &'static str,
    width: usize,
    tail: &'static str,
    values: Vec<Value>,
}

/// Rows per statement, well inside either backend's limit on bound values (SQLite 32,766,
/// PostgreSQL 65,535) for any table here.
const ROWS_PER_INSERT: usize = 500;

impl InsertRows {
    /// `head` ends with `VALUES`; each row is `width` values, bound in order with `push`.
    pub fn new(head: &'static str, width: usize, tail: &'static str) -> InsertRows {
        InsertRows {
            head,
            width,
            tail,
            values: Vec::new(),
        }
    }

    /// The next value of the current row.
    pub fn push(&mut self, value: impl Arg) -> &mut Self {
        self.values.push(value.value());
        self
    }

    /// Whether `other`'s rows can go in the same statement as these.
    pub(crate) fn same_statement(&self, other: &InsertRows) -> bool {
        (self.head, self.width, self.tail) == (other.head, other.width, other.tail)
    }

    /// Adds `other`'s rows after these, if they are for the same statement (otherwise gives
    /// them back). Repeated keys are not removed: on SQLite, which inserts the rows one after
    /// another, a repeated key meets the `ON CONFLICT` clause as a second statement would;
    /// PostgreSQL refuses a key twice in one statement, and groups only on SQLite.
    pub(crate) fn append(&mut self, other: InsertRows) -> Result<(), InsertRows> {
        if !self.same_statement(&other) {
            return Err(other);
        }
        self.values.extend(other.values);
        Ok(())
    }

    /// Inserts the rows, in order; returns how many rows changed. More than `ROWS_PER_INSERT`
    /// rows take several statements: give it a transaction's connection if they must all
    /// happen or none.
    pub async fn execute<'a>(self, target: impl Into<Target<'a>>) -> Result<u64, crate::Error> {
        if self.width == 0 || !self.values.len().is_multiple_of(self.width) {
            return Err(crate::Error::other(format!(
                "{}: a row is missing values",
                self.head
            )));
        }
        let mut target = target.into();
        let row = format!("({})", vec!["?"; self.width].join(", "));
        let mut changed = 0;
        for chunk in self.values.chunks(self.width * ROWS_PER_INSERT) {
            let rows = vec![row.as_str(); chunk.len() / self.width].join(", ");
            let statement = Query {
                sql: format!("{} {rows} {}", self.head, self.tail).into(),
                postgres: None,
                values: chunk.to_vec(),
            };
            changed += statement.execute(target.reborrow()).await?.rows_affected();
        }
        Ok(changed)
    }
}

/// A statement in SQLite's dialect (see the module's comment).
pub fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        postgres: None,
        values: Vec::new(),
    }
}

/// A statement whose rows decode into `T` (`#[derive(sqlx::FromRow)]` or a tuple).
pub fn query_as<'q, T>(sql: impl Into<Cow<'q, str>>) -> QueryAs<'q, T> {
    QueryAs {
        query: query(sql),
        row: std::marker::PhantomData,
    }
}

/// A statement whose first column is the answer.
pub fn query_scalar<'q, T>(sql: impl Into<Cow<'q, str>>) -> QueryScalar<'q, T> {
    QueryScalar {
        query: query(sql),
        value: std::marker::PhantomData,
    }
}

/// The values as one backend's arguments (the same code for each: the types differ).
macro_rules! arguments {
    ($arguments:ty, $values:expr) => {{
        use sqlx::Arguments;
        let mut args = <$arguments>::default();
        for value in $values {
            // Adding a value of a type the backend knows can't fail.
            let added = match value {
                Value::I64(v) => args.add(v),
                Value::F64(v) => args.add(v),
                Value::Bool(v) => args.add(v),
                Value::Text(v) => args.add(v),
                Value::Time(v) => args.add(v),
                Value::Date(v) => args.add(v),
                Value::Bytes(v) => args.add(v),
            };
            debug_assert!(added.is_ok());
        }
        args
    }};
}

fn sqlite_args(values: Vec<Value>) -> SqliteArguments<'static> {
    arguments!(SqliteArguments<'static>, values)
}

fn postgres_args(values: Vec<Value>) -> PgArguments {
    arguments!(PgArguments, values)
}

const JSON_IDS: &str = "SELECT value FROM json_each(?)";
const POSTGRES_JSON_IDS: &str =
    "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS JSON))";

/// SQLite's `?` and `?N` placeholders as PostgreSQL's `$N` (a bare `?` is one more than the
/// highest number so far, as in SQLite). Quoted text is left alone.
fn postgres_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut highest = 0usize;
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    highest + 1
                } else {
                    digits.parse().unwrap_or(highest + 1)
                };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

impl<'q> Query<'q> {
    pub fn bind(mut self, value: impl Arg) -> Self {
        self.values.push(value.value());
        self
    }

    /// The statement's PostgreSQL text, where the dialects differ (same placeholders).
    pub fn postgres(mut self, sql: impl Into<Cow<'q, str>>) -> Self {
        self.postgres = Some(sql.into());
        self
    }

    fn postgres_sql(&self) -> String {
        let sql = self.postgres.as_deref().unwrap_or(&self.sql);
        postgres_placeholders(&sql.replace(JSON_IDS, POSTGRES_JSON_IDS))
    }

    pub async fn execute<'a>(self, target: impl Into<Target<'a>>) -> Result<Done, sqlx::Error> {
        let _counted = CountWrite(true);
        let rows_affected = match target.into().resolve() {
            Resolved::SqlitePool(pool) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .execute(pool)
                .await?
                .rows_affected(),
            Resolved::Sqlite(conn) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .execute(conn)
                .await?
                .rows_affected(),
            Resolved::PostgresPool(pool) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
            Resolved::Postgres(conn) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .execute(conn)
                    .await?
                    .rows_affected()
            }
        };
        Ok(Done { rows_affected })
    }

    pub async fn fetch_all<'a>(
        self,
        target: impl Into<Target<'a>>,
    ) -> Result<Vec<Row>, sqlx::Error> {
        let _counted = CountWrite(is_write(&self.sql));
        Ok(match target.into().resolve() {
            Resolved::SqlitePool(pool) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(Row::Sqlite)
                .collect(),
            Resolved::Sqlite(conn) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .fetch_all(conn)
                .await?
                .into_iter()
                .map(Row::Sqlite)
                .collect(),
            Resolved::PostgresPool(pool) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .fetch_all(pool)
                    .await?
                    .into_iter()
                    .map(Row::Postgres)
                    .collect()
            }
            Resolved::Postgres(conn) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .fetch_all(conn)
                    .await?
                    .into_iter()
                    .map(Row::Postgres)
                    .collect()
            }
        })
    }

    pub async fn fetch_optional<'a>(
        self,
        target: impl Into<Target<'a>>,
    ) -> Result<Option<Row>, sqlx::Error> {
        let _counted = CountWrite(is_write(&self.sql));
        Ok(match target.into().resolve() {
            Resolved::SqlitePool(pool) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .fetch_optional(pool)
                .await?
                .map(Row::Sqlite),
            Resolved::Sqlite(conn) => sqlx::query_with(&self.sql, sqlite_args(self.values))
                .fetch_optional(conn)
                .await?
                .map(Row::Sqlite),
            Resolved::PostgresPool(pool) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .fetch_optional(pool)
                    .await?
                    .map(Row::Postgres)
            }
            Resolved::Postgres(conn) => {
                let sql = self.postgres_sql();
                sqlx::query_with(&sql, postgres_args(self.values))
                    .fetch_optional(conn)
                    .await?
                    .map(Row::Postgres)
            }
        })
    }

    pub async fn fetch_one<'a>(self, target: impl Into<Target<'a>>) -> Result<Row, sqlx::Error> {
        self.fetch_optional(target)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// Statements this process has sent that may have changed something (counted when each one
/// ends, committed or not, and again at each commit). Caches of what the database holds
/// (`calendar::cache`) look again after it moves, so this process's own changes show at once.
static LOCAL_WRITES: AtomicU64 = AtomicU64::new(0);

pub fn local_writes() -> u64 {
    LOCAL_WRITES.load(Ordering::Acquire)
}

pub(crate) fn count_write() {
    LOCAL_WRITES.fetch_add(1, Ordering::AcqRel);
}

/// Counts the statement when it ends, however it ends (an error or a dropped future may still
/// have changed something): a cache that looks again for nothing costs one small read.
struct CountWrite(bool);

impl Drop for CountWrite {
    fn drop(&mut self) {
        if self.0 {
            count_write();
        }
    }
}

fn is_write(sql: &str) -> bool {
    !sql.trim_start()
        .get(..6)
        .is_some_and(|head| head.eq_ignore_ascii_case("select"))
}

#[cfg(test)]
mod tests;

// Below the macros above (a macro is in scope only after its definition).
mod rows;
pub use rows::*;
