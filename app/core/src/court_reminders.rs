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
use crate::accounts::{require_role, Account, Role};
use crate::crypto::DataKey;
use crate::notifications::jobs::{self, Job, NewJob};
use crate::notifications::mailer::Email;
use crate::notifications::{Channel, Phone};
use crate::signups::{seats, SeatStatus, Slot as SeatSlot};
use crate::storage;
use crate::time::{zone, Span};
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use vigil_db::court_reminders::{self as store, NewAnswer};
use vigil_db::hearings::HearingRow;
pub use vigil_domain::court_reminders::*;
use vigil_domain::FieldErrors;

/// The keyed hash of a number that lets a STOP from it find the person (the number itself
/// stays sealed): HMAC-SHA256 under the group's link key, which survives key rotation.
fn contact_index(key: &DataKey, phone: &Phone) -> Result<String, Failure> {
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

fn key_prefix(person_id: i64) -> String {
    format!("person:{person_id}:")
}

/// One message to the person about hearing `h`: `what` is a slot's key, "moved" or
/// "cancelled". Keyed by the hearing's sequence, so a moved hearing's reminders are new ones.
fn job(consent: &Consent, h: &HearingRow, what: &str, run_at: DateTime<Utc>) -> NewJob {
    NewJob {
        // Texts on their gateway's lanes (`jobs::Queue`); mail on the mail lanes.
        kind: match consent.channel {
            Channel::Email => "person_mail".into(),
            text => text.key().into(),
        },
        idempotency_key: format!(
            "{}hearing:{}:{}:{what}",
            key_prefix(h.person_id),
            h.id,
            h.sequence
        ),
        entity: Some(SeatSlot::hearing(h.id).entity()),
        account_id: None,
        payload: serde_json::json!({"person": h.person_id, "hearing": h.id, "what": what}),
        run_at,
    }
}

/// Makes the reminders of hearing `h` for its person, if they consented and it is ahead.
pub async fn schedule_hearing(
    conn: &mut storage::Conn,
    h: &HearingRow,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let Some(consent) = store::current(&mut *conn, h.person_id)
        .await?
        .filter(Consent::active)
    else {
        return Ok(0);
    };
    if !h.status.is_open() || h.starts_at <= now {
        return Ok(0);
    }
    let due: Vec<NewJob> = schedule(h.starts_at, zone(&h.court.time_zone), now)
        .into_iter()
        .map(|(slot, at)| job(&consent, h, slot.key(), at))
        .collect();
    Ok(jobs::schedule_all(&mut *conn, &due, now).await? as usize)
}

/// The hearing moved (its old jobs are cancelled already): "your date changed" at once, and
/// the reminders for the new date.
pub async fn hearing_moved(
    conn: &mut storage::Conn,
    moved: &HearingRow,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if let Some(consent) = store::current(&mut *conn, moved.person_id)
        .await?
        .filter(Consent::active)
    {
        jobs::schedule(&mut *conn, &job(&consent, moved, "moved", now), now).await?;
        schedule_hearing(conn, moved, now).await?;
    }
    Ok(())
}

/// The hearing is cancelled (its jobs are cancelled already): the person is told at once.
pub async fn hearing_cancelled(
    conn: &mut storage::Conn,
    h: &HearingRow,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if h.starts_at <= now {
        return Ok(());
    }
    if let Some(consent) = store::current(&mut *conn, h.person_id)
        .await?
        .filter(Consent::active)
    {
        jobs::schedule(&mut *conn, &job(&consent, h, "cancelled", now), now).await?;
    }
    Ok(())
}

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
            if consent.active() {
                wrote_back(core, &consent, person_id, text, now).await?;
            }
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
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        let notice = crate::notifications::notices::Notice {
            account_id: coordinator,
            category: crate::notifications::Category::CoordinatorAlerts,
            about: &about,
            event: "received",
            message: crate::notifications::Message::PersonWroteBack,
            path: crate::paths::person(person_id),
        };
        crate::notifications::notices::queue(&mut tx, &notice, now).await?;
    }
    let answer = NewJob {
        kind: match consent.channel {
            Channel::Email => "person_mail".into(),
            text => text.key().into(),
        },
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

/// Runs a job for a supported person (the worker's, for jobs with a `person` payload).
pub async fn run_job(core: &Core, job: &Job, now: DateTime<Utc>) -> Result<(), Failure> {
    match send(core, job, now).await? {
        Ok(()) => jobs::mark_done(&core.db, job.id, Utc::now()).await?,
        Err(why) => {
            tracing::warn!(job = job.id, attempt = job.attempts, error = %why, "reminder to a person failed; will retry");
            jobs::mark_failed(&core.db, job, &why, Utc::now()).await?;
        }
    }
    Ok(())
}

/// `Ok(Err(why))`: it failed, and `why` (no contact, no words) goes on "Delivery problems".
async fn send(core: &Core, job: &Job, now: DateTime<Utc>) -> Result<Result<(), String>, Failure> {
    let id = |name: &str| job.payload.get(name).and_then(|v| v.as_i64());
    let what = job
        .payload
        .get("what")
        .and_then(|w| w.as_str())
        .unwrap_or("");
    // Their STOP's one confirmation (to the consent it withdrew), or "a person will answer".
    if what == "stopped" || what == "noted" {
        let Some(person_id) = id("person") else {
            return Ok(Err("the reminder job is unreadable".into()));
        };
        let (text, consent) = match what {
            "stopped" => (
                PersonText::Stopped,
                store::current(&core.db, person_id).await?,
            ),
            _ => (
                PersonText::Noted,
                store::current(&core.db, person_id)
                    .await?
                    .filter(Consent::active),
            ),
        };
        return match consent {
            Some(consent) => deliver(core, &consent, person_id, &text, now).await,
            None => Ok(Ok(())),
        };
    }
    let (Some(person_id), Some(hearing_id)) = (id("person"), id("hearing")) else {
        return Ok(Err("the reminder job is unreadable".into()));
    };
    let Some(consent) = store::current(&core.db, person_id)
        .await?
        .filter(Consent::active)
    else {
        tracing::info!(job = job.id, "reminder skipped: no consent");
        return Ok(Ok(()));
    };
    let Some(h) = vigil_db::hearings::get(&core.db, hearing_id).await? else {
        return Ok(Ok(()));
    };
    let when = Span::new(h.starts_at, None, &h.court.time_zone);
    let text = match what {
        "moved" => PersonText::Moved {
            when,
            address: h.court.address.clone(),
        },
        "cancelled" => PersonText::Cancelled { when },
        slot => {
            let Some(slot) = Slot::ALL.into_iter().find(|s| s.key() == slot) else {
                return Ok(Err("the reminder job is unreadable".into()));
            };
            if !h.status.is_open() || h.starts_at <= now {
                return Ok(Ok(()));
            }
            let someone_going = seats::seats(&core.db, SeatSlot::hearing(h.id))
                .await?
                .iter()
                .any(|s| s.status == SeatStatus::SignedUp);
            PersonText::Reminder {
                slot,
                when,
                address: h.court.address.clone(),
                meet: someone_going.then(|| Meet {
                    at: h.starts_at - Duration::minutes(h.meet_minutes),
                    point: h.meeting_point.clone(),
                }),
            }
        }
    };
    deliver(core, &consent, person_id, &text, now).await
}

/// Words `text` in the person's language and sends it to their contact.
pub(crate) async fn deliver(
    core: &Core,
    consent: &Consent,
    person_id: i64,
    text: &PersonText,
    now: DateTime<Utc>,
) -> Result<Result<(), String>, Failure> {
    let Some(contact) =
        crate::people::open_contact(&core.people_ctx(), None, person_id, now).await?
    else {
        return Ok(Err("no contact is kept for the person any more".into()));
    };
    let (subject, body) = core.wording.person(&consent.language, text);
    match consent.channel {
        Channel::Sms | Channel::Signal => {
            let Ok(phone) = Phone::parse(&contact, &core.texts.config().country) else {
                return Ok(Err("the contact kept is not a mobile number".into()));
            };
            let body = if consent.channel == Channel::Sms {
                vigil_domain::notifications::sms::for_sms(&body)
            } else {
                body
            };
            match core.texts.send(consent.channel, &phone, &body).await {
                Ok(_) => Ok(Ok(())),
                Err(err) => Ok(Err(format!(
                    "could not send the {}: {err}",
                    consent.channel.key()
                ))),
            }
        }
        Channel::Email => {
            let html = format!("<p>{}</p>", html_escape(&body));
            let email = Email {
                to: contact,
                subject,
                text: body,
                html,
                unsubscribe: None,
            };
            match core.mailer.send(&core.config.mail_from, email).await {
                Ok(()) => Ok(Ok(())),
                Err(_) => Ok(Err(
                    "could not send the email (mail server unavailable?)".into()
                )),
            }
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
