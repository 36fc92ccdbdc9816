//! Replies by text, as commands. A reply maps to its account by the verified number it came
//! from, and to the newest text sent to that account that can be answered (a call-out or a
//! reminder, within `ANSWERABLE_FOR`). Whatever it does, the member gets one text back.
use super::outbox::{self, Answerable, Outgoing};
use crate::notifications::{Channel, Command, Phone, Reply, Text};
use crate::signups::SlotKind;
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use vigil_db::phones as store;

/// A reply answers a text sent at most this long before.
pub const ANSWERABLE_FOR: Duration = Duration::days(3);

/// Forgets which texts went to whom once a reply could no longer answer them (and a
/// delivery report is long past): a member's texting history is kept no longer than it is
/// useful. Run hourly.
pub async fn forget_old(db: &crate::Db, now: DateTime<Utc>) -> Result<u64, Failure> {
    Ok(store::prune_sent(db, now - ANSWERABLE_FOR).await?)
}

/// One reply from a gateway. `id`: the gateway's id for it, so a webhook delivered twice
/// answers once.
pub struct Incoming<'a> {
    pub channel: Channel,
    pub from: &'a Phone,
    pub text: &'a str,
    pub id: &'a str,
}

/// Acts on a reply and queues the answer. Unknown numbers are ignored (logged without the
/// number): nothing tells a stranger whether a number belongs to a member.
pub async fn receive(core: &Core, reply: &Incoming<'_>, now: DateTime<Utc>) -> Result<(), Failure> {
    let Some(phone) = store::find_verified(&core.db, reply.from).await? else {
        // Not a member's: perhaps a supported person answering a court-date reminder.
        if crate::court_reminders::receive(
            core,
            reply.channel,
            reply.from,
            reply.text,
            reply.id,
            now,
        )
        .await?
        {
            return Ok(());
        }
        tracing::info!(
            channel = reply.channel.key(),
            "text from a number no member verified"
        );
        return Ok(());
    };
    if !phone.verified(reply.channel) {
        tracing::info!(
            account = phone.account_id,
            channel = reply.channel.key(),
            "text on a channel this member has not verified"
        );
        return Ok(());
    }
    let Some((account, _)) = crate::accounts::store::get(&core.db, phone.account_id).await? else {
        return Ok(());
    };
    if account.status != crate::accounts::AccountStatus::Active {
        return Ok(());
    }
    let last = store::last_answerable(&core.db, account.id, now - ANSWERABLE_FOR).await?;
    let answers_reminder = last.as_ref().is_some_and(|t| t.kind == "reminder");
    let command = Command::read(reply.text, answers_reminder);
    tracing::info!(account = account.id, command = ?command, "text reply");
    let (answer, path) = match command {
        Command::Stop => {
            let changed = if reply.channel == Channel::Sms {
                store::set_sms_stopped(&core.db, account.id, true, now).await?
            } else {
                // Signal has no carrier opt-out: "STOP" there turns every kind to email.
                stop_signal(core, &account).await?
            };
            if !changed {
                return Ok(());
            }
            (Reply::Stopped, String::new())
        }
        Command::Start => {
            if reply.channel == Channel::Sms {
                store::set_sms_stopped(&core.db, account.id, false, now).await?;
            }
            (Reply::Started, String::new())
        }
        Command::Yes => match last.as_ref().map(|t| (t.kind.as_str(), t.about.as_str())) {
            Some(("call_out", about)) => match id_of(about, "callout") {
                Some(id) => {
                    let taken = crate::watches::accept_call_out(&core.db, &account, id, now).await;
                    match taken {
                        Ok(true) => (Reply::CallOutTaken, crate::paths::call_out(id)),
                        Ok(false) | Err(Failure::Refused(_)) | Err(Failure::NotFound) => {
                            (Reply::CallOutFilled, crate::paths::call_out(id))
                        }
                        Err(other) => return Err(other),
                    }
                }
                None => (Reply::Help, String::new()),
            },
            _ => (Reply::Help, String::new()),
        },
        Command::Confirm | Command::Cancel => {
            match last.as_ref().filter(|t| t.kind == "reminder") {
                Some(t) => answer_reminder(core, &account, &t.about, command, now).await?,
                None => (Reply::Help, String::new()),
            }
        }
        // RIDE is the supported people's word (`court_reminders::receive`), not members'.
        Command::Ride | Command::Help => (Reply::Help, String::new()),
    };
    outbox::queue(
        &core.db,
        &Outgoing {
            account_id: account.id,
            channel: reply.channel,
            text: Text::Reply(answer),
            path,
            answerable: Answerable::No,
            key: format!(
                "text:reply:{}:{}:{}",
                reply.channel.key(),
                account.id,
                reply.id
            ),
        },
        now,
    )
    .await?;
    Ok(())
}

fn id_of(about: &str, prefix: &str) -> Option<i64> {
    about
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|id| id.parse().ok())
}

/// "C" or "NO" to a reminder of a shift or hearing.
async fn answer_reminder(
    core: &Core,
    account: &crate::accounts::Account,
    entity: &str,
    command: Command,
    now: DateTime<Utc>,
) -> Result<(Reply, String), Failure> {
    let (kind, id) = if let Some(id) = id_of(entity, SlotKind::Shift.key()) {
        (SlotKind::Shift, id)
    } else if let Some(id) = id_of(entity, SlotKind::Hearing.key()) {
        (SlotKind::Hearing, id)
    } else {
        return Ok((Reply::Help, String::new()));
    };
    let path = match kind {
        SlotKind::Shift => crate::paths::shift(id),
        SlotKind::Hearing => crate::paths::hearing(id),
        // Rides send no reminders, so nothing answers one.
        SlotKind::Ride => return Ok((Reply::Help, String::new())),
    };
    if command == Command::Confirm {
        let confirmed = crate::signups::confirm(&core.db, account, kind, id, now).await?;
        return Ok((
            if confirmed {
                Reply::Confirmed
            } else {
                Reply::Help
            },
            path,
        ));
    }
    // "NO": give the seat up while that is still allowed; after the cutoff, tell the
    // coordinators instead (as the page's "can't come" does).
    let dropped = match kind {
        SlotKind::Shift => crate::watches::drop_shift(&core.db, account, id, now).await,
        SlotKind::Hearing => crate::hearings::drop_seat(&core.db, account, id, now).await,
        SlotKind::Ride => crate::rides::give_up(core, account, id, now).await,
    };
    match dropped {
        Ok(()) => Ok((Reply::Dropped, path)),
        Err(Failure::Refused(_)) => {
            let told = match kind {
                SlotKind::Shift => crate::watches::cant_come(&core.db, account, id, now).await,
                SlotKind::Hearing => crate::hearings::cant_come(&core.db, account, id, now).await,
                SlotKind::Ride => Ok(()),
            };
            match told {
                Ok(()) => Ok((Reply::CantComeTold, path)),
                Err(Failure::Refused(_)) | Err(Failure::NotFound) => Ok((Reply::Help, path)),
                Err(other) => Err(other),
            }
        }
        Err(Failure::NotFound) => Ok((Reply::Help, String::new())),
        Err(other) => Err(other),
    }
}

/// "STOP" by Signal: every kind that went by Signal goes by the member's other channels
/// (email if none). `true` if anything went by Signal.
async fn stop_signal(core: &Core, account: &crate::accounts::Account) -> Result<bool, Failure> {
    let mut prefs = vigil_db::prefs::get(&core.db, account.id).await?;
    let mut changed = false;
    for category in crate::notifications::Category::ALL {
        let via = prefs.routes.of(category);
        if via.signal {
            changed = true;
            let rest = via.with(Channel::Signal, false);
            let rest = if rest.channels().next().is_none() {
                rest.with(Channel::Email, true)
            } else {
                rest
            };
            prefs.routes.set(category, rest);
        }
    }
    if changed {
        vigil_db::prefs::save(&core.db, account.id, &prefs).await?;
    }
    Ok(changed)
}

/// Fetches Signal replies every `idle` (signal-cli-rest-api keeps them until fetched).
pub async fn poll_signal(core: Core, idle: std::time::Duration) {
    loop {
        match core.texts.receive_signal().await {
            Ok(received) => {
                for r in &received {
                    let incoming = Incoming {
                        channel: Channel::Signal,
                        from: &r.from,
                        text: &r.text,
                        id: &r.id,
                    };
                    if let Err(err) = receive(&core, &incoming, Utc::now()).await {
                        tracing::error!(error = %err, "signal reply");
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "could not fetch Signal replies"),
        }
        tokio::time::sleep(idle).await;
    }
}
