//! Coordinators' alerts: shifts about to run understaffed, and the weekly digest.
use super::*;

/// Tells every coordinator, once per shift, about shifts starting within `hours` that are
/// still understaffed. Run by the housekeeping loop; returns how many shifts were reported.
pub async fn alert_understaffed(db: &Db, hours: i64, now: DateTime<Utc>) -> Result<usize, Failure> {
    let soon = store::shifts_between(db, now, now + Duration::hours(hours), None).await?;
    let soon: Vec<ShiftRow> = soon.into_iter().filter(|s| s.starts_at > now).collect();
    let at_of: std::collections::HashMap<i64, At> = soon.iter().map(|s| (s.id, at(s))).collect();
    let short: Vec<(DateTime<Utc>, ShiftCard)> = cards(db, None, soon, now)
        .await?
        .into_iter()
        .filter(|(_, c)| (c.signed_up.len() as i64) < c.min_volunteers)
        .collect();
    if short.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::storage::begin_write(db).await?;
    let coordinators = crate::accounts::store::active_coordinators(&mut tx).await?;
    let mut reported = 0;
    for (_, card) in &short {
        let about = Slot::shift(card.id).entity();
        let Some(at) = at_of.get(&card.id) else {
            continue;
        };
        let message = Message::ShiftUnderstaffed {
            at: at.clone(),
            signed_up: card.signed_up.len() as i64,
            needed: card.min_volunteers,
        };
        let mut queued = false;
        for coordinator in &coordinators {
            let notice = Notice {
                account_id: *coordinator,
                category: Category::CoordinatorAlerts,
                about: &about,
                event: "understaffed",
                message: message.clone(),
                path: crate::paths::COVERAGE.into(),
            };
            queued |= notices::queue(&mut tx, &notice, now).await?;
        }
        reported += usize::from(queued);
    }
    tx.commit().await?;
    Ok(reported)
}
