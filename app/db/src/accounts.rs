//! SQL for accounts and login tokens. Nothing outside this file writes these tables.
use crate::Db;
use crate::Error;
use chrono::{DateTime, Utc};
use vigil_domain::accounts::{Account, AccountStatus, Qualification, Role, TokenPurpose};

const ACCOUNT_COLUMNS: &str =
    "id, email, display_name, languages, is_volunteer, is_accompanier, is_coordinator, is_trained_lead, is_driver, status, session_epoch, language";

fn account_from_row(row: &crate::Row) -> Result<(Account, i64), sqlx::Error> {
    let mut roles = Vec::new();
    if row.try_get::<bool, _>("is_volunteer")? {
        roles.push(Role::Volunteer);
    }
    if row.try_get::<bool, _>("is_accompanier")? {
        roles.push(Role::Accompanier);
    }
    if row.try_get::<bool, _>("is_coordinator")? {
        roles.push(Role::Coordinator);
    }
    let status: String = row.try_get("status")?;
    let languages: String = row.try_get("languages")?;
    let account = Account {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        languages: vigil_domain::accounts::parse_languages(&languages),
        roles,
        status: AccountStatus::from_key(&status).unwrap_or(AccountStatus::Deactivated),
        trained_lead: row.try_get("is_trained_lead")?,
        driver: row.try_get("is_driver")?,
        language: row.try_get("language")?,
    };
    Ok((account, row.try_get("session_epoch")?))
}

/// An account and its current session epoch (sessions from older epochs are void).
pub async fn get(db: &Db, id: i64) -> Result<Option<(Account, i64)>, Error> {
    let row = crate::query(format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| account_from_row(&r)).transpose()?)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<(Account, i64)>, Error> {
    let row = crate::query(format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = ?"
    ))
    .bind(email)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| account_from_row(&r)).transpose()?)
}

/// Which of `emails` have an account (any status), in chunks that stay under every
/// backend's limit on bound values.
pub async fn existing_emails(
    db: &Db,
    emails: &[String],
) -> Result<std::collections::HashSet<String>, Error> {
    let mut found = std::collections::HashSet::new();
    for chunk in emails.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut query = crate::query_scalar::<String>(format!(
            "SELECT email FROM accounts WHERE email IN ({marks})"
        ));
        for email in chunk {
            query = query.bind(email);
        }
        found.extend(query.fetch_all(db).await?);
    }
    Ok(found)
}

pub async fn list(db: &Db) -> Result<Vec<Account>, Error> {
    let rows = crate::query(format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY status = 'deactivated', lower(display_name), email"
    ))
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| account_from_row(r).map(|(a, _)| a).map_err(Error::from))
        .collect()
}

/// Who coordinator alerts go to (read on the caller's transaction).
pub async fn active_coordinators(conn: &mut crate::Conn) -> Result<Vec<i64>, Error> {
    Ok(
        crate::query_scalar("SELECT id FROM accounts WHERE is_coordinator AND status = 'active'")
            .fetch_all(&mut *conn)
            .await?,
    )
}

pub async fn count_active_coordinators(db: &Db) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE is_coordinator AND status = 'active'",
    )
    .fetch_one(db)
    .await?)
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: &'a [Role],
    pub status: AccountStatus,
    pub invited_by: Option<i64>,
    /// The code of the language Vigil speaks to them.
    pub language: &'a str,
}

/// Inserts an account; `None` when the email already has one.
pub async fn insert(
    db: &Db,
    new: NewAccount<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO accounts (email, display_name, is_volunteer, is_accompanier, is_coordinator,
                               status, invited_by, language, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(new.email)
    .bind(new.display_name)
    .bind(new.roles.contains(&Role::Volunteer))
    .bind(new.roles.contains(&Role::Accompanier))
    .bind(new.roles.contains(&Role::Coordinator))
    .bind(new.status.key())
    .bind(new.invited_by)
    .bind(new.language)
    .bind(now)
    .bind(now)
    .fetch_optional(db)
    .await?)
}

/// Updates name, email and languages; `false` when the new email belongs to someone else.
pub async fn update_profile(
    db: &Db,
    id: i64,
    display_name: &str,
    languages: &[String],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
        "UPDATE accounts SET display_name = ?, languages = ?, updated_at = ? WHERE id = ?",
    )
    .bind(display_name)
    .bind(languages.join(", "))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_roles(db: &Db, id: i64, roles: &[Role], now: DateTime<Utc>) -> Result<(), Error> {
    crate::query("UPDATE accounts SET is_volunteer = ?, is_accompanier = ?, is_coordinator = ?, updated_at = ? WHERE id = ?")
        .bind(roles.contains(&Role::Volunteer))
        .bind(roles.contains(&Role::Accompanier))
        .bind(roles.contains(&Role::Coordinator))
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Grants (`on`) or withdraws a qualification.
pub async fn set_qualification(
    db: &Db,
    id: i64,
    which: Qualification,
    on: bool,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let sql = match which {
        Qualification::TrainedLead => {
            "UPDATE accounts SET is_trained_lead = ?, updated_at = ? WHERE id = ?"
        }
        Qualification::Driver => "UPDATE accounts SET is_driver = ?, updated_at = ? WHERE id = ?",
    };
    let done = crate::query(sql)
        .bind(on)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the status and voids every session of the account in the same statement.
pub async fn set_status(
    db: &Db,
    id: i64,
    status: AccountStatus,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("UPDATE accounts SET status = ?, session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?")
        .bind(status.key())
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// "Log out everywhere": every session issued before now stops working.
pub async fn bump_session_epoch(db: &Db, id: i64) -> Result<(), Error> {
    crate::query("UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn insert_token(
    db: &Db,
    hash: &str,
    purpose: TokenPurpose,
    account_id: Option<i64>,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query("INSERT INTO login_tokens (token_hash, purpose, account_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(hash)
        .bind(purpose.key())
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub purpose: TokenPurpose,
    pub account_id: Option<i64>,
    /// For `EmailChange`: the address to change to.
    pub new_email: Option<String>,
    pub used: bool,
    pub expires_at: DateTime<Utc>,
}

/// A link's token by its hash, used or not (`None`: no such link, or one of a kind this
/// version doesn't know). Whether it can still be used is the caller's rule.
pub async fn token(db: &Db, hash: &str) -> Result<Option<TokenRecord>, Error> {
    let Some(row) = crate::query("SELECT purpose, account_id, expires_at, used_at, new_email FROM login_tokens WHERE token_hash = ?")
        .bind(hash)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let purpose: String = row.try_get("purpose")?;
    let Some(purpose) = TokenPurpose::from_key(&purpose) else {
        return Ok(None);
    };
    Ok(Some(TokenRecord {
        purpose,
        account_id: row.try_get("account_id")?,
        new_email: row.try_get("new_email")?,
        used: row
            .try_get::<Option<DateTime<Utc>>, _>("used_at")?
            .is_some(),
        expires_at: row.try_get("expires_at")?,
    }))
}

/// A link confirming `new_email` for account `account_id`; earlier unused ones for the
/// account stop working (only the latest request counts).
pub async fn insert_email_change(
    db: &Db,
    hash: &str,
    account_id: i64,
    new_email: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), Error> {
    let mut tx = crate::begin_write(db).await?;
    crate::query("DELETE FROM login_tokens WHERE purpose = 'email_change' AND account_id = ? AND used_at IS NULL").bind(account_id).execute(&mut *tx).await?;
    crate::query("INSERT INTO login_tokens (token_hash, purpose, account_id, created_at, expires_at, new_email) VALUES (?, 'email_change', ?, ?, ?, ?)")
        .bind(hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .bind(new_email)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the account exists and is active (may be given a seat).
pub async fn is_active<'e>(db: impl Into<crate::Target<'e>>, id: i64) -> Result<bool, Error> {
    Ok(crate::query_scalar::<bool>(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ? AND status = 'active')",
    )
    .bind(id)
    .fetch_one(db)
    .await?)
}

/// Whether another account than `id` has `email`.
pub async fn email_taken(db: &Db, email: &str, id: i64) -> Result<bool, Error> {
    Ok(crate::query_scalar::<bool>(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ? AND id <> ?)",
    )
    .bind(email)
    .bind(id)
    .fetch_one(db)
    .await?)
}

/// Changes the address, unless another account has taken it meanwhile (`false`).
pub async fn set_email(db: &Db, id: i64, email: &str, now: DateTime<Utc>) -> Result<bool, Error> {
    let result = crate::query("UPDATE accounts SET email = ?, updated_at = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM accounts WHERE email = ? AND id <> ?)")
        .bind(email)
        .bind(now)
        .bind(id)
        .bind(email)
        .bind(id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks a token used, exactly once: of two simultaneous POSTs only one gets `true`.
pub async fn use_token(db: &Db, hash: &str, now: DateTime<Utc>) -> Result<bool, Error> {
    let result = crate::query("UPDATE login_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
        .bind(now)
        .bind(hash)
        .bind(now)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Only the newest setup link works.
pub async fn delete_unused_setup_tokens(db: &Db) -> Result<(), Error> {
    crate::query("DELETE FROM login_tokens WHERE purpose = 'setup' AND used_at IS NULL")
        .execute(db)
        .await?;
    Ok(())
}

/// Housekeeping: used or expired tokens are kept a day (for a clear "already used" message).
pub async fn delete_stale_tokens(db: &Db, now: DateTime<Utc>) -> Result<u64, Error> {
    let cutoff = now - chrono::Duration::days(1);
    Ok(
        crate::query("DELETE FROM login_tokens WHERE expires_at < ?")
            .bind(cutoff)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Sets the language Vigil speaks to account `id`.
pub async fn set_language(db: &Db, id: i64, code: &str, now: DateTime<Utc>) -> Result<(), Error> {
    crate::query("UPDATE accounts SET language = ?, updated_at = ? WHERE id = ?")
        .bind(code)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A setting of the whole group (`group_settings`), if it was ever set.
pub async fn group_setting(db: &Db, name: &str) -> Result<Option<String>, Error> {
    Ok(
        crate::query_scalar("SELECT value FROM group_settings WHERE name = ?")
            .bind(name)
            .fetch_optional(db)
            .await?,
    )
}

/// Sets a setting of the whole group.
pub async fn set_group_setting(
    db: &Db,
    name: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
        "INSERT INTO group_settings (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(value)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
