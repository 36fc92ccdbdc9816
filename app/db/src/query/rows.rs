//! Typed results: `query_as` rows and `query_scalar` values, decoded the same way from
//! either backend.
use super::*;

/// Rows decoded by a `FromRow` type on either backend.
pub struct QueryAs<'q, T> {
    pub(super) query: Query<'q>,
    pub(super) row: std::marker::PhantomData<T>,
}

pub trait FromEitherRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin> FromEitherRow
    for T
{
}

pub(super) fn decode_row<T: FromEitherRow>(row: &Row) -> Result<T, sqlx::Error> {
    match row {
        Row::Sqlite(row) => T::from_row(row),
        Row::Postgres(row) => T::from_row(row),
    }
}

impl<'q, T: FromEitherRow> QueryAs<'q, T> {
    pub fn bind(mut self, value: impl Arg) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub fn postgres(mut self, sql: impl Into<Cow<'q, str>>) -> Self {
        self.query = self.query.postgres(sql);
        self
    }

    pub async fn fetch_all<'a>(self, target: impl Into<Target<'a>>) -> Result<Vec<T>, sqlx::Error> {
        self.query
            .fetch_all(target)
            .await?
            .iter()
            .map(decode_row)
            .collect()
    }

    pub async fn fetch_optional<'a>(
        self,
        target: impl Into<Target<'a>>,
    ) -> Result<Option<T>, sqlx::Error> {
        self.query
            .fetch_optional(target)
            .await?
            .as_ref()
            .map(decode_row)
            .transpose()
    }

    pub async fn fetch_one<'a>(self, target: impl Into<Target<'a>>) -> Result<T, sqlx::Error> {
        decode_row(&self.query.fetch_one(target).await?)
    }
}

/// The first column of each row, on either backend.
pub struct QueryScalar<'q, T> {
    pub(super) query: Query<'q>,
    pub(super) value: std::marker::PhantomData<T>,
}

impl<'q, T> QueryScalar<'q, T>
where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin,
{
    pub fn bind(mut self, value: impl Arg) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub fn postgres(mut self, sql: impl Into<Cow<'q, str>>) -> Self {
        self.query = self.query.postgres(sql);
        self
    }

    pub async fn fetch_all<'a>(self, target: impl Into<Target<'a>>) -> Result<Vec<T>, sqlx::Error> {
        self.query
            .fetch_all(target)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect()
    }

    pub async fn fetch_optional<'a>(
        self,
        target: impl Into<Target<'a>>,
    ) -> Result<Option<T>, sqlx::Error> {
        self.query
            .fetch_optional(target)
            .await?
            .as_ref()
            .map(|row| row.try_get(0))
            .transpose()
    }

    pub async fn fetch_one<'a>(self, target: impl Into<Target<'a>>) -> Result<T, sqlx::Error> {
        self.query.fetch_one(target).await?.try_get(0)
    }
}
