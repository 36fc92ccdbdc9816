//! Court-date reminders to the people we support: consent recorded by a coordinator,
//! withdrawn by the person or a coordinator; reminders 7, 3 and 1 days before each hearing
//! and on its morning, and "your date changed" / "cancelled" at once, in the person's
//! language, to the contact already kept (sealed) for them, by SMS, Signal or email.
//!
//! Nothing about the person leaves the sealed row but at the moment of sending: a job holds
//! ids only (the person, the hearing, which message); the worker opens the contact, words
//! the message (a day, a time, the court's public address, the meeting point) and forgets
//! the contact. Jobs are keyed `person:<id>:…` and belong to their hearing (entity
//! `hearing:<id>`), so a move, a cancellation or forgetting the person takes them along.
//!
//! - this file: consent, recorded and withdrawn;
//! - `schedule`: the jobs of a hearing's reminders, made, moved and cancelled;
//! - `replies`: what a person texts back (STOP, or a message for the coordinators);
//! - `send`: the worker's side, wording and sending one message.
mod replies;
mod schedule;
mod send;

pub use replies::{messages_of, receive};
pub use schedule::{hearing_cancelled, hearing_moved, schedule_hearing};
pub use send::run_job;
pub use vigil_domain::court_reminders::*;

use crate::accounts::{require_role, Account, Role};
use crate::crypto::DataKey;
use crate::notifications::jobs;
use crate::notifications::{Channel, Phone};
use crate::storage;
use crate::{Core, Failure};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use vigil_db::court_reminders::{self as store, NewAnswer};
use vigil_domain::FieldErrors;

/// The keyed hash of a number that lets a STOP from it find the person (the number itself
/// stays sealed): HMAC-SHA256 under the group's link key, which survives key rotation.
pub(crate) fn contact_index(key: &DataKey, phone: &Phone) -> Result<String, Failure> {
    let key = key.subkey(b"reminder contacts");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref())
        .map_err(|_| Failure::broken("contact index key of the wrong length"))?;
    mac.update(phone.as_str().as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// The person's consent as it stands, with who recorded or withdrew it (coordinators).
pub async fn consent_of(
    core: &Core,
    actor: &Account,
    person_id: i64,
) -> Result<Option<ConsentStatus>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let Some(c) = store::current(&core.db, person_id).await? else {
        return Ok(None);
    };
    let recorded_by = name_of(core, c.recorded_by).await?;
    let withdrawn = match &c.withdrawn {
        Some(w) => Some((
            w.at,
            match w.by {
                Some(id) => Some(name_of(core, id).await?),
                None => None,
            },
        )),
        None => None,
    };
    Ok(Some(ConsentStatus {
        channel: c.channel,
        language: c.language,
        recorded_by,
        recorded_at: c.recorded_at,
        withdrawn,
    }))
}

async fn name_of(core: &Core, account_id: i64) -> Result<String, Failure> {
    Ok(crate::accounts::store::get(&core.db, account_id)
        .await?
        .map(|(a, _)| a.name().to_string())
        .unwrap_or_default())
}

fn refuse(field: &'static str, why: Refusal) -> Result<Result<(), FieldErrors>, Failure> {
    Ok(Err(vec![(field, why.into())]))
}

/// A coordinator records that the person asked for reminders, by `input.channel` in
/// `input.language`, to the contact kept for them; reminders are made for every hearing of
/// theirs still ahead.
pub async fn record_consent(
    core: &Core,
    actor: &Account,
    person_id: i64,
    input: &ConsentInput,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    if !core.texts.offers(input.channel) {
        return refuse("channel", Refusal::ChannelNotSetUp);
    }
    let Some(contact) =
        crate::people::open_contact(&core.people_ctx(), Some(actor.id), person_id, now).await?
    else {
        return refuse("channel", Refusal::NoContact);
    };
    let index = match input.channel {
        Channel::Sms | Channel::Signal => {
            match Phone::parse(&contact, &core.texts.config().country) {
                Ok(phone) => Some(contact_index(core.link_key().await?, &phone)?),
                Err(_) => return refuse("channel", Refusal::ContactNotAPhone),
            }
        }
        Channel::Email => {
            if contact.parse::<lettre::Address>().is_err() {
                return refuse("channel", Refusal::ContactNotAnEmail);
            }
            None
        }
    };
    drop(contact);
    let mut tx = storage::begin_write(&core.db).await?;
    store::record(
        &mut *tx,
        &NewAnswer {
            person_id,
            given: true,
            channel: input.channel,
            language: &input.language,
            contact_index: index.as_deref(),
            by_account: Some(actor.id),
        },
        now,
    )
    .await?;
    // A new channel or language: what was waiting is made again.
    jobs::cancel_with_key_prefix(&mut tx, &key_prefix(person_id), now).await?;
    let mut made = 0;
    for id in vigil_db::hearings::ids_of_people(&mut tx, &[person_id]).await? {
        if let Some(h) = vigil_db::hearings::get(&mut *tx, id).await? {
            made += schedule_hearing(&mut tx, &h, now).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(
        person = person_id,
        by = actor.id,
        channel = input.channel.key(),
        reminders = made,
        "reminder consent recorded"
    );
    Ok(Ok(()))
}

/// Consent withdrawn: by a coordinator (`by`), or by the person (`None`, their STOP). Every
/// reminder still waiting is cancelled. `false` if there was no consent standing.
pub async fn withdraw(
    core: &Core,
    by: Option<&Account>,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    if let Some(actor) = by {
        require_role(actor, &[Role::Coordinator])?;
    }
    let mut tx = storage::begin_write(&core.db).await?;
    let Some(consent) = store::current(&mut *tx, person_id)
        .await?
        .filter(Consent::active)
    else {
        return Ok(false);
    };
    store::record(
        &mut *tx,
        &NewAnswer {
            person_id,
            given: false,
            channel: consent.channel,
            language: &consent.language,
            contact_index: None,
            by_account: by.map(|a| a.id),
        },
        now,
    )
    .await?;
    let cancelled = jobs::cancel_with_key_prefix(&mut tx, &key_prefix(person_id), now).await?;
    tx.commit().await?;
    tracing::info!(
        person = person_id,
        by = by.map(|a| a.id),
        cancelled,
        "reminder consent withdrawn"
    );
    Ok(true)
}

/// A job's kind for a message to a person by `channel`: texts on their gateway's lanes
/// (`jobs::Queue`), mail on the mail lanes.
fn job_kind(channel: Channel) -> String {
    match channel {
        Channel::Email => "person_mail".into(),
        text => text.key().into(),
    }
}

pub(crate) fn key_prefix(person_id: i64) -> String {
    format!("person:{person_id}:")
}

/// Queues one message about a ride to the person, if their consent stands: `what` is
/// "ride_asked" or "ride_coming". `key` makes it once only. `true` if queued.
pub(crate) async fn tell_person_of_ride(
    conn: &mut storage::Conn,
    person_id: i64,
    ride_id: i64,
    what: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    let Some(consent) = store::current(&mut *conn, person_id)
        .await?
        .filter(Consent::active)
    else {
        return Ok(false);
    };
    let job = jobs::NewJob {
        kind: job_kind(consent.channel),
        idempotency_key: format!("{}ride:{ride_id}:{what}:{key}", key_prefix(person_id)),
        entity: Some(crate::signups::Slot::ride(ride_id).entity()),
        account_id: None,
        payload: serde_json::json!({"person": person_id, "ride": ride_id, "what": what}),
        run_at: now,
    };
    jobs::schedule(&mut *conn, &job, now).await?;
    Ok(true)
}
