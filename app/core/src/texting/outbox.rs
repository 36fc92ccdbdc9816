//! The worker's side of texting. A notice or reminder job, when it runs, fans out into one
//! `text` job per text channel the member chose for its kind (`fan_out`); each is retried
//! on its own, so an SMS gateway outage delays SMS and nothing else. Idempotent per notice
//! and channel: the text job's key is the notice's key and the channel.
use crate::accounts::Account;
use crate::notifications::jobs::{self, Job, NewJob};
use crate::notifications::{Category, Channel, Message, Prefs, Reply, Text};
use crate::{Core, Failure};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vigil_db::phones::{self as store, SentText};

/// Whether a reply to this text means something, and to what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answerable {
    No,
    /// "YES" takes a seat on this call-out.
    CallOut(i64),
    /// "C" confirms, "NO" drops: the entity of the shift or hearing ("shift:12").
    Reminder(String),
}

impl Answerable {
    fn kind(&self) -> &'static str {
        match self {
            Answerable::No => "other",
            Answerable::CallOut(_) => "call_out",
            Answerable::Reminder(_) => "reminder",
        }
    }
    fn about(&self) -> String {
        match self {
            Answerable::No => String::new(),
            Answerable::CallOut(id) => format!("callout:{id}"),
            Answerable::Reminder(entity) => entity.clone(),
        }
    }
}

/// One text to queue.
pub struct Outgoing {
    pub account_id: i64,
    pub channel: Channel,
    pub text: Text,
    pub path: String,
    pub answerable: Answerable,
    pub key: String,
}

fn new_job(o: &Outgoing, entity: Option<String>, now: DateTime<Utc>) -> NewJob {
    NewJob {
        // The channel is the queue (`jobs::Queue`): each gateway's lanes take its own texts.
        kind: o.channel.key().into(),
        idempotency_key: o.key.clone(),
        entity,
        account_id: Some(o.account_id),
        payload: serde_json::json!({
            "channel": o.channel.key(),
            "text": o.text,
            "path": o.path,
            "answerable": o.answerable,
        }),
        run_at: now,
    }
}

pub async fn queue(db: &crate::Db, o: &Outgoing, now: DateTime<Utc>) -> Result<bool, Failure> {
    Ok(jobs::schedule(db, &new_job(o, None, now), now).await?)
}

/// What a notice job answers to, read from what it is about.
fn answerable(job: &Job, message: &Message) -> Answerable {
    match message {
        Message::CallOut { .. } => job
            .idempotency_key
            .strip_prefix("notice:callout:")
            .and_then(|rest| rest.split(':').next())
            .and_then(|id| id.parse().ok())
            .map(Answerable::CallOut)
            .unwrap_or(Answerable::No),
        Message::Reminder { .. } => job
            .entity
            .clone()
            .map(Answerable::Reminder)
            .unwrap_or(Answerable::No),
        _ => Answerable::No,
    }
}

/// Queues the text jobs of a notice or reminder job for the text channels the member chose
/// for its kind and can receive on (verified, not stopped). Returns whether it also goes by
/// email: when chosen, or when no text could be queued.
pub async fn fan_out(
    core: &Core,
    job: &Job,
    account: &Account,
    prefs: &Prefs,
    category: Category,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    let via = prefs.routes.of(category);
    let texts: Vec<Channel> = via
        .channels()
        .filter(|c| *c != Channel::Email && core.texts.offers(*c))
        .collect();
    let mut queued = 0;
    if !texts.is_empty() {
        let message = job
            .payload
            .get("message")
            .cloned()
            .and_then(|m| serde_json::from_value::<Message>(m).ok());
        match message {
            Some(message) => {
                let phone = store::get(&core.db, account.id).await?;
                let answerable = answerable(job, &message);
                let path = job
                    .payload
                    .get("path")
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                let jobs: Vec<NewJob> = texts
                    .iter()
                    // Only where it can arrive: verified, and not stopped by the member.
                    .filter(|c| {
                        phone.as_ref().is_some_and(|p| {
                            p.verified(**c) && !(**c == Channel::Sms && p.sms_stopped)
                        })
                    })
                    .map(|channel| {
                        new_job(
                            &Outgoing {
                                account_id: account.id,
                                channel: *channel,
                                text: Text::Notice(message.clone()),
                                path: path.clone(),
                                answerable: answerable.clone(),
                                key: format!("{}:via:{}", job.idempotency_key, channel.key()),
                            },
                            job.entity.clone(),
                            now,
                        )
                    })
                    .collect();
                jobs::schedule_all(&core.db, &jobs, now).await?;
                queued = jobs.len();
            }
            // Jobs queued before messages were typed go by email only.
            None => tracing::info!(job = job.id, "old job: email only"),
        }
    }
    // Nothing can go by text (a number changed and not verified again, SMS stopped, a
    // gateway removed): email, rather than nothing at all.
    Ok(via.email || queued == 0)
}

/// Sends one text job. `Ok(Err(why))`: it failed and `why` (no number, no words) is what
/// "Delivery problems" shows; the caller retries it with backoff.
pub async fn send_job(
    core: &Core,
    job: &Job,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<Result<(), String>, Failure> {
    let channel = job
        .payload
        .get("channel")
        .and_then(|c| c.as_str())
        .and_then(Channel::from_key);
    let text = job
        .payload
        .get("text")
        .cloned()
        .and_then(|t| serde_json::from_value::<Text>(t).ok());
    let (Some(channel), Some(text)) = (channel, text) else {
        return Ok(Err("the text job is unreadable".into()));
    };
    let answerable: Answerable = job
        .payload
        .get("answerable")
        .cloned()
        .and_then(|a| serde_json::from_value(a).ok())
        .unwrap_or(Answerable::No);
    let Some(phone) = store::get(&core.db, account.id).await? else {
        tracing::info!(job = job.id, "text skipped: no number any more");
        return Ok(Ok(()));
    };
    let is_code = matches!(text, Text::Reply(Reply::Code { .. }));
    // A code goes to the number being verified; everything else only to a verified one.
    let may_send = if is_code {
        phone.code_channel == Some(channel)
    } else {
        phone.verified(channel)
    };
    // After "STOP" only its one confirmation goes by SMS.
    let stopped = channel == Channel::Sms
        && phone.sms_stopped
        && !matches!(text, Text::Reply(Reply::Stopped));
    if !may_send || stopped {
        tracing::info!(
            job = job.id,
            channel = channel.key(),
            "text skipped: number not verified or stopped"
        );
        return Ok(Ok(()));
    }
    let path = job
        .payload
        .get("path")
        .and_then(|p| p.as_str())
        .unwrap_or("");
    let link = (!path.is_empty()).then(|| core.config.link(path));
    let mut body = core.wording.text(&account.language, &text, link.as_deref());
    if channel == Channel::Sms {
        body = vigil_domain::notifications::sms::for_sms(&body);
    }
    match core.texts.send(channel, &phone.number, &body).await {
        Ok(sent) => {
            store::record_sent(
                &core.db,
                &SentText {
                    account_id: account.id,
                    channel,
                    kind: answerable.kind().into(),
                    about: answerable.about(),
                    job_id: Some(job.id),
                    provider_id: sent.provider_id,
                },
                now,
            )
            .await?;
            Ok(Ok(()))
        }
        Err(err) => Ok(Err(format!("could not send the {}: {err}", channel.key()))),
    }
}

/// A gateway's delivery report: a message it took was not delivered (`why`: its status and
/// error code). Its job shows as failed on "Delivery problems".
pub async fn undelivered(
    core: &Core,
    provider_id: &str,
    why: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if let Some(job) = store::job_of_provider_id(&core.db, provider_id).await? {
        jobs::mark_undelivered(&core.db, job, &super::scrub(why), now).await?;
        tracing::warn!(job, error = %super::scrub(why), "text not delivered");
    }
    Ok(())
}
