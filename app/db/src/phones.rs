//! SQL for members' phone numbers and their verification codes, and for the record of texts
//! sent (which maps a reply to what it answers). Numbers are members' personal data: this
//! store is the only code that reads them, and nothing here logs.
use crate::{Db, Error};
use chrono::{DateTime, Utc};
use vigil_domain::notifications::{Channel, Phone};

/// A member's number and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneRow {
    pub account_id: i64,
    pub number: Phone,
    pub sms_verified: bool,
    pub signal_verified: bool,
    pub sms_stopped: bool,
    /// A code is waiting for this channel.
    pub code_channel: Option<Channel>,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<DateTime<Utc>>,
    pub code_tries: i64,
}

impl PhoneRow {
    pub fn verified(&self, channel: Channel) -> bool {
        match channel {
            Channel::Sms => self.sms_verified,
            Channel::Signal => self.signal_verified,
            Channel::Email => false,
        }
    }
}

const COLUMNS: &str = "account_id, number, sms_verified_at, signal_verified_at, sms_stopped_at, code_channel, code_hash, code_expires_at, code_tries";

fn from_row(r: &crate::Row) -> Result<PhoneRow, sqlx::Error> {
    let number: String = r.try_get("number")?;
    Ok(PhoneRow {
        account_id: r.try_get("account_id")?,
        number: Phone::from_gateway(&number)
            .ok_or_else(|| sqlx::Error::Decode("a stored phone number is not E.164".into()))?,
        sms_verified: r
            .try_get::<Option<DateTime<Utc>>, _>("sms_verified_at")?
            .is_some(),
        signal_verified: r
            .try_get::<Option<DateTime<Utc>>, _>("signal_verified_at")?
            .is_some(),
        sms_stopped: r
            .try_get::<Option<DateTime<Utc>>, _>("sms_stopped_at")?
            .is_some(),
        code_channel: r
            .try_get::<Option<String>, _>("code_channel")?
            .as_deref()
            .and_then(Channel::from_key),
        code_hash: r.try_get("code_hash")?,
        code_expires_at: r.try_get("code_expires_at")?,
        code_tries: r.try_get("code_tries")?,
    })
}

pub async fn get(db: &Db, account_id: i64) -> Result<Option<PhoneRow>, Error> {
    let row = crate::query(format!("SELECT {COLUMNS} FROM phones WHERE account_id = ?"))
        .bind(account_id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// Every verified number, by account (for the coordinators' team page).
pub async fn verified_numbers(db: &Db) -> Result<Vec<(i64, String)>, Error> {
    let rows = crate::query(
        "SELECT account_id, number FROM phones WHERE sms_verified_at IS NOT NULL OR signal_verified_at IS NOT NULL",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("account_id")?, r.try_get("number")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// The account a reply came from: the one whose verified number it is.
pub async fn find_verified(db: &Db, number: &Phone) -> Result<Option<PhoneRow>, Error> {
    let row = crate::query(format!(
        "SELECT {COLUMNS} FROM phones WHERE number = ? AND (sms_verified_at IS NOT NULL OR signal_verified_at IS NOT NULL)"
    ))
    .bind(number.as_str())
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// Sets (or changes) a member's number with a fresh code for `channel`. A new number is
/// unverified on every channel until its code comes back.
pub async fn set_with_code(
    db: &Db,
    account_id: i64,
    number: &Phone,
    channel: Channel,
    code_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
        "INSERT INTO phones (account_id, number, code_hash, code_channel, code_expires_at, code_tries, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)
         ON CONFLICT (account_id) DO UPDATE SET
           sms_verified_at = CASE WHEN phones.number = excluded.number THEN phones.sms_verified_at END,
           signal_verified_at = CASE WHEN phones.number = excluded.number THEN phones.signal_verified_at END,
           sms_stopped_at = CASE WHEN phones.number = excluded.number THEN phones.sms_stopped_at END,
           number = excluded.number, code_hash = excluded.code_hash, code_channel = excluded.code_channel,
           code_expires_at = excluded.code_expires_at, code_tries = 0, updated_at = excluded.updated_at",
    )
    .bind(account_id)
    .bind(number.as_str())
    .bind(code_hash)
    .bind(channel.key())
    .bind(expires_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Takes one try at the code, if fewer than `max` were taken: `false` when none is left.
/// One statement, so tries sent at once can't all pass the limit.
pub async fn take_try(
    db: &Db,
    account_id: i64,
    max: i64,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = crate::query(
        "UPDATE phones SET code_tries = code_tries + 1, updated_at = ? WHERE account_id = ? AND code_tries < ?",
    )
    .bind(now)
    .bind(account_id)
    .bind(max)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The code came back: the number is verified for `channel`. Fails with a conflict if
/// another account verified the same number first (replies must map to one account).
pub async fn mark_verified(
    db: &Db,
    account_id: i64,
    number: &Phone,
    code_hash: &str,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let column = match channel {
        Channel::Sms => "sms_verified_at",
        Channel::Signal => "signal_verified_at",
        Channel::Email => return Ok(false),
    };
    let done = crate::query(format!(
        "UPDATE phones SET {column} = ?1, code_hash = NULL, code_channel = NULL, code_expires_at = NULL,
           code_tries = 0, updated_at = ?1
         WHERE account_id = ?2 AND number = ?3 AND code_hash = ?4 AND NOT EXISTS (
           SELECT 1 FROM phones other WHERE other.number = phones.number AND other.account_id <> ?2
             AND (other.sms_verified_at IS NOT NULL OR other.signal_verified_at IS NOT NULL))"
    ))
    .bind(now)
    .bind(account_id)
    .bind(number.as_str())
    .bind(code_hash)
    .execute(db)
    .await;
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        // Two accounts verifying one number at once on PostgreSQL: the unique index decides,
        // and the loser is told the number is taken.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Removes the member's number (and with it every text channel).
pub async fn remove(db: &Db, account_id: i64) -> Result<(), Error> {
    crate::query("DELETE FROM phones WHERE account_id = ?")
        .bind(account_id)
        .execute(db)
        .await?;
    Ok(())
}

/// "STOP" (`stopped`) or "START" by SMS; `true` when that changed something, so the
/// confirmation goes once.
pub async fn set_sms_stopped(
    db: &Db,
    account_id: i64,
    stopped: bool,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let done = if stopped {
        crate::query("UPDATE phones SET sms_stopped_at = ?1, updated_at = ?1 WHERE account_id = ?2 AND sms_stopped_at IS NULL")
    } else {
        crate::query("UPDATE phones SET sms_stopped_at = NULL, updated_at = ?1 WHERE account_id = ?2 AND sms_stopped_at IS NOT NULL")
    }
    .bind(now)
    .bind(account_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A text that went out: what it was about, for the reply that answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentText {
    pub account_id: i64,
    pub channel: Channel,
    /// "call_out", "reminder" or "other".
    pub kind: String,
    /// "callout:7", "shift:12", "hearing:3" or "".
    pub about: String,
    pub job_id: Option<i64>,
    pub provider_id: Option<String>,
}

pub async fn record_sent(db: &Db, t: &SentText, now: DateTime<Utc>) -> Result<(), Error> {
    crate::query(
        "INSERT INTO texts_sent (account_id, channel, kind, about, job_id, provider_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.account_id)
    .bind(t.channel.key())
    .bind(&t.kind)
    .bind(&t.about)
    .bind(t.job_id)
    .bind(&t.provider_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The newest text to `account_id` that a reply can answer (a call-out or a reminder), on
/// any text channel, sent after `since`.
pub async fn last_answerable(
    db: &Db,
    account_id: i64,
    since: DateTime<Utc>,
) -> Result<Option<SentText>, Error> {
    let row = crate::query(
        "SELECT account_id, channel, kind, about, job_id, provider_id FROM texts_sent
         WHERE account_id = ? AND kind IN ('call_out', 'reminder') AND sent_at > ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(since)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(SentText {
            account_id: r.try_get("account_id")?,
            channel: Channel::from_key(&r.try_get::<String, _>("channel")?).unwrap_or(Channel::Sms),
            kind: r.try_get("kind")?,
            about: r.try_get("about")?,
            job_id: r.try_get("job_id")?,
            provider_id: r.try_get("provider_id")?,
        })
    })
    .transpose()
    .map_err(|e: sqlx::Error| e.into())
}

/// The job a provider's message id belongs to (a delivery report names only that id).
pub async fn job_of_provider_id(db: &Db, provider_id: &str) -> Result<Option<i64>, Error> {
    let row = crate::query(
        "SELECT job_id FROM texts_sent WHERE provider_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(provider_id)
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| r.try_get::<Option<i64>, _>("job_id"))
        .transpose()?
        .flatten())
}

/// Forgets the record of texts older than `before`: a reply days later answers nothing.
pub async fn prune_sent(db: &Db, before: DateTime<Utc>) -> Result<u64, Error> {
    let done = crate::query("DELETE FROM texts_sent WHERE sent_at < ?")
        .bind(before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
