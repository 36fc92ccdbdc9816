//! The jobs of a hearing's reminders to its person: made when a hearing is added or consent
//! given, made again when it moves (with "your date changed"), and "cancelled" when it is.
use super::{job_kind, key_prefix, schedule, Consent};
use crate::notifications::jobs::{self, NewJob};
use crate::signups::Slot as SeatSlot;
use crate::storage;
use crate::time::zone;
use crate::Failure;
use chrono::{DateTime, Utc};
use vigil_db::court_reminders as store;
use vigil_db::hearings::HearingRow;

/// One message to the person about hearing `h`: `what` is a slot's key, "moved" or
/// "cancelled". Keyed by the hearing's sequence, so a moved hearing's reminders are new ones.
pub(super) fn job(consent: &Consent, h: &HearingRow, what: &str, run_at: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: job_kind(consent.channel),
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
