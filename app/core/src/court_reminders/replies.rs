//! What a supported person texts back to a reminder: STOP withdraws their consent; RIDE asks
//! for a ride (`rides`); anything else is kept sealed for the coordinators, who are told only
//! that they wrote.
use super::{contact_index, job_kind, key_prefix, withdraw, Consent, WroteBack};
use crate::accounts::{require_role, Account, Role};
use crate::notifications::jobs::{self, NewJob};
use crate::notifications::{Channel, Phone};
use crate::storage;
use crate::{Core, Failure};
use chrono::{DateTime, Utc};
use vigil_db::court_reminders as store;

/// A text from a number that is no member's: if it is the contact of a person who agreed to
/// reminders by this channel, acts on it. `STOP` (and its synonyms) withdraws their consent
/// and is confirmed once. Anything else is kept, sealed, for the coordinators (`wrote_back`).
/// `true` if the number is such a person's.
pub async fn receive(
    core: &Core,
    channel: Channel,
    from: &Phone,
    text: &str,
    reply_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    let index = contact_index(core.link_key().await?, from)?;
    let mut known = false;
    for person_id in store::people_by_contact(&core.db, &index).await? {
        let Some(consent) = store::current(&core.db, person_id).await? else {
            continue;
        };
        if consent.channel != channel {
            continue;
        }
        known = true;
        let command = crate::notifications::Command::read(text, false);
        tracing::info!(person = person_id, command = ?command, "text from a supported person");
        if command != crate::notifications::Command::Stop {
            if !consent.active() {
                continue;
            }
            // RIDE: a draft ride to their next hearing (without one, it is just a message).
            let ride = crate::notifications::Command::Ride;
            if command == ride && crate::rides::asked_by_text(core, person_id, now).await? {
                continue;
            }
            wrote_back(core, &consent, person_id, text, now).await?;
            continue;
        }
        if withdraw(core, None, person_id, now).await? {
            let confirm = NewJob {
                kind: channel.key().into(),
                idempotency_key: format!("{}stopped:{reply_id}", key_prefix(person_id)),
                entity: None,
                account_id: None,
                payload: serde_json::json!({"person": person_id, "what": "stopped"}),
                run_at: now,
            };
            jobs::schedule(&core.db, &confirm, now).await?;
        }
    }
    Ok(known)
}

/// Longest message kept from a person (a few SMS).
const MESSAGE_CHARS: usize = 1_600;

fn message_at(id: i64) -> crate::people::Linked {
    crate::people::Linked {
        table: "person_messages",
        column: "body",
        row_id: id,
    }
}

/// What a person wrote back: sealed under their key for the coordinators, who are told only
/// that they wrote (with a link to the page); the person gets one answer a day at most
/// saying a person will answer.
async fn wrote_back(
    core: &Core,
    consent: &Consent,
    person_id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MESSAGE_CHARS)
        .collect();
    if text.is_empty() {
        return Ok(());
    }
    let ctx = core.people_ctx();
    let mut tx = storage::begin_write(&core.db).await?;
    let id = store::insert_message(&mut tx, person_id, now).await?;
    let sealed =
        crate::people::seal_linked(&ctx, &mut tx, person_id, &message_at(id), &text).await?;
    store::set_message_body(&mut tx, id, sealed.as_deref()).await?;
    let about = format!("person-message:{id}");
    let (wrote, path) = (
        crate::notifications::Message::PersonWroteBack,
        crate::paths::person(person_id),
    );
    crate::notifications::notices::to_coordinators(&mut tx, &about, "received", wrote, path, now)
        .await?;
    let answer = NewJob {
        kind: job_kind(consent.channel),
        idempotency_key: format!("{}noted:{}", key_prefix(person_id), now.date_naive()),
        entity: None,
        account_id: None,
        payload: serde_json::json!({"person": person_id, "what": "noted"}),
        run_at: now,
    };
    jobs::schedule(&mut *tx, &answer, now).await?;
    tx.commit().await?;
    tracing::info!(
        person = person_id,
        message = id,
        "a supported person wrote back"
    );
    Ok(())
}

/// What the person wrote back, newest first (coordinators; audited).
pub async fn messages_of(
    core: &Core,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<WroteBack>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let ctx = core.people_ctx();
    let rows = store::messages(&core.db, person_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, sealed, received_at) in rows {
        out.push(WroteBack {
            received_at,
            text: crate::people::open_linked(&ctx, person_id, &message_at(id), sealed.as_deref())
                .await,
        });
    }
    if !out.is_empty() {
        crate::people::audit_view(&ctx, actor, person_id, "read their messages", now).await?;
    }
    Ok(out)
}
