//! The worker inside the server process: claims due jobs and sends their mail and texts,
//! and (with Signal set up) fetches the replies waiting at signal-cli.
use super::jobs::{self, Job, Queue};
use super::mailer::Email;
use super::{prefs, Category, Message, Wording};
use crate::accounts::{store as accounts, AccountStatus};
use crate::Core;
use crate::Failure;
use chrono::Utc;
use std::time::Duration;

/// What a job asks for, composed into mail when it runs (so it uses current addresses, and
/// the words are chosen then, by the web layer's `Wording`). Payloads hold a typed `Message`
/// and a link, never data about supported people.
fn compose(
    wording: &dyn Wording,
    language: &str,
    job: &Job,
    to: String,
    base_url: &str,
    unsubscribe: Option<String>,
) -> Result<Email, String> {
    let text = |k: &str| {
        job.payload
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let link = format!("{}{}", base_url.trim_end_matches('/'), text("path"));
    let (subject, body) = match (job.kind.as_str(), job.payload.get("message")) {
        // Put into words now, in the recipient's language.
        (_, Some(message)) => wording.say(
            language,
            &serde_json::from_value::<Message>(message.clone())
                .map_err(|err| format!("unreadable message: {err}"))?,
        ),
        // Jobs queued before messages were typed carry their words.
        ("reminder", None) => (
            text("subject"),
            wording.old_reminder(language, &text("when"), &text("place")),
        ),
        ("notice", None) => (text("subject"), text("body")),
        (other, None) => return Err(format!("unknown job kind {other}")),
    };
    if subject.is_empty() {
        return Err("job has no subject".into());
    }
    let letter = wording.notice(language, subject, &body, &link, unsubscribe.as_deref());
    Ok(Email {
        to,
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        unsubscribe,
    })
}

/// Runs one due job if there is one; `Ok(false)` when nothing was due.
pub async fn run_once(state: &Core, queue: Queue) -> Result<bool, Failure> {
    let now = Utc::now();
    let Some(job) = jobs::claim(&state.db, queue, now).await? else {
        return Ok(false);
    };
    // A court-date reminder to a supported person: no account, its own rules.
    if job.payload.get("person").is_some() {
        crate::court_reminders::run_job(state, &job, now).await?;
        return Ok(true);
    }
    // An invitation from a list: to an account not yet active, with a link made now.
    if job.kind == crate::accounts::bulk::JOB_KIND {
        crate::accounts::bulk::send_queued(state, &job, now).await?;
        return Ok(true);
    }
    let recipient = match job.account_id {
        Some(id) => accounts::get(&state.db, id).await?.map(|(a, _)| a),
        None => None,
    };
    let Some(account) = recipient.filter(|a| a.status == AccountStatus::Active) else {
        // Nobody to tell any more (deactivated or deleted): nothing to retry.
        tracing::info!(job = job.id, "job skipped: recipient not active");
        jobs::mark_done(&state.db, job.id, now).await?;
        return Ok(true);
    };
    // Codes, replies and the texts a notice fanned out to: sent by their own channel.
    if Queue::TEXT_KINDS.contains(&job.kind.as_str()) {
        match crate::texting::outbox::send_job(state, &job, &account, now).await? {
            Ok(()) => {
                jobs::mark_done(&state.db, job.id, Utc::now()).await?;
                tracing::info!(job = job.id, "text job done");
            }
            Err(why) => {
                tracing::warn!(job = job.id, attempt = job.attempts, error = %why, "text job failed; will retry");
                jobs::mark_failed(&state.db, &job, &why, Utc::now()).await?;
            }
        }
        return Ok(true);
    }
    let category = job
        .payload
        .get("category")
        .and_then(|c| c.as_str())
        .and_then(Category::from_key)
        .unwrap_or(Category::Changes);
    let prefs = prefs::get(&state.db, account.id).await?;
    if !prefs.wants(category) {
        tracing::info!(
            job = job.id,
            category = category.key(),
            "job skipped: turned off by the recipient"
        );
        jobs::mark_done(&state.db, job.id, now).await?;
        return Ok(true);
    }
    let not_before = prefs::not_before(&prefs, category, now);
    if not_before > now {
        jobs::defer(&state.db, job.id, not_before, now).await?;
        tracing::info!(job = job.id, "job deferred to the end of quiet hours");
        return Ok(true);
    }
    // The text channels get their own jobs; the rest of this one is the email.
    if !crate::texting::outbox::fan_out(state, &job, &account, &prefs, category, now).await? {
        jobs::mark_done(&state.db, job.id, now).await?;
        tracing::info!(job = job.id, "job done: by text only");
        return Ok(true);
    }
    let token = prefs::unsubscribe_token(state.link_key().await?, account.id, category)?;
    // The page it opens speaks the recipient's language (`lang`), signed in or not.
    let unsubscribe = state.config.link(&format!(
        "{}?a={}&c={}&t={token}&lang={}",
        crate::paths::UNSUBSCRIBE,
        account.id,
        category.key(),
        account.language
    ));
    let email = match compose(
        state.wording.as_ref(),
        &account.language,
        &job,
        account.email.clone(),
        &state.config.base_url,
        Some(unsubscribe),
    ) {
        Ok(email) => email,
        Err(err) => {
            tracing::error!(job = job.id, error = %err, "job cannot be composed");
            jobs::mark_failed(
                &state.db,
                &Job {
                    attempts: job.max_attempts,
                    ..job.clone()
                },
                &err,
                now,
            )
            .await?;
            return Ok(true);
        }
    };
    match state.mailer.send(&state.config.mail_from, email).await {
        Ok(()) => {
            jobs::mark_done(&state.db, job.id, Utc::now()).await?;
            tracing::info!(job = job.id, kind = %job.kind, "job done");
        }
        Err(err) => {
            // The mail error names the server, never the recipient or content.
            tracing::warn!(job = job.id, attempt = job.attempts, error = %err, "job failed; will retry");
            jobs::mark_failed(
                &state.db,
                &job,
                "could not send the email (mail server unavailable?)",
                Utc::now(),
            )
            .await?;
        }
    }
    Ok(true)
}

/// Lanes for a text gateway: as many as mail has, but no more than wait a minute at most for
/// their pace (a claimed job's lease is `jobs::LEASE`; a lane waiting past it would let
/// another lane send the same text again).
fn text_lanes(state: &Core, channel: super::Channel, lanes: usize) -> usize {
    let config = state.texts.config();
    let rate = match channel {
        super::Channel::Signal => config.signal_per_second,
        _ => config.sms_per_second,
    };
    if rate <= 0.0 {
        return lanes;
    }
    ((rate * 60.0).floor() as usize).clamp(1, lanes)
}

/// One lane of the worker: drains due jobs, then checks again every `idle` interval.
pub async fn lane(state: Core, queue: Queue, idle: Duration) {
    loop {
        match run_once(&state, queue).await {
            Ok(true) => continue,
            Ok(false) => tokio::time::sleep(idle).await,
            Err(err) => {
                tracing::error!(error = %err, "job worker");
                tokio::time::sleep(idle).await;
            }
        }
    }
}

/// The background worker: `mail_concurrency` lanes, so that many mails are in flight at
/// once (sending is bound by the mail server's round trips, not by this machine), and as
/// many for each text gateway set up. Claims are atomic, so lanes never take the same job;
/// aborting the handle stops every lane.
pub fn spawn(state: Core, idle: Duration) -> tokio::task::JoinHandle<()> {
    let lanes = state.config.mail_concurrency.max(1);
    tokio::spawn(async move {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..lanes {
            set.spawn(lane(state.clone(), Queue::Mail, idle));
        }
        // As many lanes again for each text gateway: its pace holds up only its own texts.
        for channel in super::Channel::TEXT {
            if state.texts.offers(channel) {
                for _ in 0..text_lanes(&state, channel, lanes) {
                    set.spawn(lane(state.clone(), Queue::Texts(channel.key()), idle));
                }
            }
        }
        if state.texts.offers(super::Channel::Signal) {
            set.spawn(crate::texting::inbound::poll_signal(state.clone(), idle));
        }
        while set.join_next().await.is_some() {}
    })
}
