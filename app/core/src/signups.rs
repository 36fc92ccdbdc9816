//! Sign-ups: the one seat mechanism behind watch shifts and hearings. A seat is taken in a
//! single write transaction (`vigil_db::seats`), so a burst of requests for the last seat can
//! never overbook; when the seats are gone people join a waitlist, promoted in order when a
//! seat frees. Shifts and hearings call `seats` with their own capacity and rules (cutoffs,
//! reminders, notices).
pub use vigil_db::seats;
pub use vigil_domain::signups::*;

/// "C" to a reminder: the member says they are coming; the coverage board shows it.
/// `false` when they hold no seat on it (any more).
pub async fn confirm(
    db: &crate::Db,
    account: &crate::accounts::Account,
    kind: SlotKind,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, crate::Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let slot = Slot { kind, id };
    let done = seats::confirm(&mut tx, slot, account.id, now).await?;
    tx.commit().await?;
    Ok(done)
}
