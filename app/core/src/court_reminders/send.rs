//! The worker's side: one message to a supported person, worded in their language and sent
//! to the contact opened for that moment only.
use super::{Consent, Meet, PersonText, Slot};
use crate::notifications::jobs::{self, Job};
use crate::notifications::mailer::Email;
use crate::notifications::{Channel, Phone};
use crate::signups::{seats, SeatStatus, Slot as SeatSlot};
use crate::time::Span;
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use vigil_db::court_reminders as store;

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
    if what == "ride_asked" || what == "ride_coming" {
        let (Some(person_id), Some(ride_id)) = (id("person"), id("ride")) else {
            return Ok(Err("the ride message job is unreadable".into()));
        };
        return ride_message(core, person_id, ride_id, what, now).await;
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
                offer_ride: consent.channel != Channel::Email,
            }
        }
    };
    deliver(core, &consent, person_id, &text, now).await
}

/// "We got your ride request", or who is coming to drive them and when.
async fn ride_message(
    core: &Core,
    person_id: i64,
    ride_id: i64,
    what: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), String>, Failure> {
    let Some(consent) = store::current(&core.db, person_id)
        .await?
        .filter(Consent::active)
    else {
        return Ok(Ok(()));
    };
    let Some(ride) = vigil_db::rides::get(&core.db, ride_id).await? else {
        return Ok(Ok(()));
    };
    let text = if what == "ride_asked" {
        PersonText::RideAsked
    } else {
        // The driver's name as it stands when sent (they may have given it up since).
        let drivers = vigil_db::rides::drivers(&core.db, &[ride_id]).await?;
        let Some((_, _, driver)) = drivers.into_iter().next() else {
            return Ok(Ok(()));
        };
        if ride.starts_at <= now {
            return Ok(Ok(()));
        }
        // Their first name only; an account with no name (its email) stays unnamed.
        let first = driver.split_whitespace().next().unwrap_or("");
        PersonText::RideComing {
            driver: if first.contains('@') { "" } else { first }.to_string(),
            when: Span::new(ride.starts_at, None, &ride.time_zone),
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
    let letter = core.wording.person(&consent.language, text);
    match consent.channel {
        Channel::Sms | Channel::Signal => {
            let Ok(phone) = Phone::parse(&contact, &core.texts.config().country) else {
                return Ok(Err("the contact kept is not a mobile number".into()));
            };
            let body = if consent.channel == Channel::Sms {
                vigil_domain::notifications::sms::for_sms(&letter.text)
            } else {
                letter.text
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
            let email = Email {
                to: contact,
                subject: letter.subject,
                text: letter.text,
                html: letter.html,
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
