//! Coordinators' alert for hearings about to go short of accompaniers.
use super::*;

/// Coordinators' understaffed alert for hearings starting within `hours`: once per hearing
/// and time (a moved hearing can alert again).
pub async fn alert_understaffed(db: &Db, hours: i64, now: DateTime<Utc>) -> Result<usize, Failure> {
    let mut short = Vec::new();
    for h in store::upcoming(db, now, None)
        .await?
        .into_iter()
        .filter(|h| h.starts_at <= now + Duration::hours(hours))
    {
        let taken = seats::seats(db, Slot::hearing(h.id))
            .await?
            .iter()
            .filter(|s| s.status == SeatStatus::SignedUp)
            .count() as i64;
        if taken < h.wanted {
            short.push((h, taken));
        }
    }
    if short.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::storage::begin_write(db).await?;
    let coordinators = crate::accounts::store::active_coordinators(&mut tx).await?;
    let mut reported = 0;
    for (h, taken) in &short {
        let about = Slot::hearing(h.id).entity();
        let event = format!("understaffed:{}", h.sequence);
        let message = Message::HearingUnderstaffed {
            at: at(h),
            taken: *taken,
            wanted: h.wanted,
        };
        let mut queued = false;
        for c in &coordinators {
            let notice = Notice {
                account_id: *c,
                category: Category::CoordinatorAlerts,
                about: &about,
                event: &event,
                message: message.clone(),
                path: path(h),
            };
            queued |= notices::queue(&mut tx, &notice, now).await?;
        }
        reported += usize::from(queued);
    }
    tx.commit().await?;
    Ok(reported)
}
