//! SQL for consent to court-date reminders: every answer kept, the newest one counts.
use crate::{Db, Error};
use chrono::{DateTime, Utc};
use vigil_domain::court_reminders::{Consent, Withdrawal};
use vigil_domain::notifications::Channel;

/// One answer to record.
pub struct NewAnswer<'a> {
    pub person_id: i64,
    pub given: bool,
    pub channel: Channel,
    pub language: &'a str,
    pub contact_index: Option<&'a str>,
    /// The coordinator, or `None`: the person (a STOP).
    pub by_account: Option<i64>,
}

pub async fn record<'e>(
    db: impl Into<crate::Target<'e>>,
    a: &NewAnswer<'_>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::query(
        "INSERT INTO reminder_consents (person_id, action, channel, language, contact_index, by_account, by_person, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.person_id)
    .bind(if a.given { "given" } else { "withdrawn" })
    .bind(a.channel.key())
    .bind(a.language)
    .bind(a.contact_index)
    .bind(a.by_account)
    .bind(i64::from(a.by_account.is_none()))
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// One stored answer: action, channel, language, by_account, by_person, at.
type AnswerRow = (String, String, String, Option<i64>, i64, DateTime<Utc>);

/// The person's consent as it stands: the last given one, with its withdrawal if a later
/// answer withdrew it. `None`: never given.
pub async fn current<'e>(
    db: impl Into<crate::Target<'e>>,
    person_id: i64,
) -> Result<Option<Consent>, Error> {
    let rows = crate::query(
        "SELECT action, channel, language, by_account, by_person, at FROM reminder_consents
         WHERE person_id = ? ORDER BY id DESC LIMIT 2",
    )
    .bind(person_id)
    .fetch_all(db)
    .await?;
    let read = |r: &crate::Row| -> Result<AnswerRow, sqlx::Error> {
        Ok((
            r.try_get("action")?,
            r.try_get("channel")?,
            r.try_get("language")?,
            r.try_get("by_account")?,
            r.try_get("by_person")?,
            r.try_get("at")?,
        ))
    };
    let rows = rows.iter().map(read).collect::<Result<Vec<_>, _>>()?;
    let consent = |(_, channel, language, by, _, at): &AnswerRow| {
        Channel::from_key(channel).map(|channel| Consent {
            person_id,
            channel,
            language: language.clone(),
            recorded_by: by.unwrap_or(0),
            recorded_at: *at,
            withdrawn: None,
        })
    };
    Ok(match rows.as_slice() {
        [newest, ..] if newest.0 == "given" => consent(newest),
        // Withdrawn: the answer it withdrew (a withdrawal repeats its channel and language).
        [newest, ..] => consent(newest).map(|c| Consent {
            withdrawn: Some(Withdrawal {
                at: newest.5,
                by: if newest.4 == 1 { None } else { newest.3 },
            }),
            recorded_by: rows.get(1).and_then(|r| r.3).unwrap_or(0),
            recorded_at: rows.get(1).map(|r| r.5).unwrap_or(newest.5),
            ..c
        }),
        [] => None,
    })
}

/// The people whose consent, still standing, was given for the contact with this index.
pub async fn people_by_contact(db: &Db, contact_index: &str) -> Result<Vec<i64>, Error> {
    let ids: Vec<i64> = crate::query_scalar(
        "SELECT DISTINCT person_id FROM reminder_consents WHERE contact_index = ? AND action = 'given'",
    )
    .bind(contact_index)
    .fetch_all(db)
    .await?;
    Ok(ids)
}

/// A message from a person: a row first (its id is part of what the seal binds), then its
/// sealed body (`set_message_body`), in one transaction.
pub async fn insert_message(
    conn: &mut crate::Conn,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO person_messages (person_id, received_at) VALUES (?, ?) RETURNING id",
    )
    .bind(person_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn set_message_body(
    conn: &mut crate::Conn,
    id: i64,
    sealed: Option<&[u8]>,
) -> Result<(), Error> {
    crate::query("UPDATE person_messages SET body = ? WHERE id = ?")
        .bind(sealed)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A person's messages, newest first: (id, sealed body, received at).
pub async fn messages(
    db: &Db,
    person_id: i64,
) -> Result<Vec<(i64, Option<Vec<u8>>, DateTime<Utc>)>, Error> {
    let rows = crate::query(
        "SELECT id, body, received_at FROM person_messages WHERE person_id = ? ORDER BY id DESC LIMIT 50",
    )
    .bind(person_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("body")?,
                r.try_get("received_at")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}
