//! The coordinators' weekly digest: the coming week's coverage (from watches) and the supplies
//! running low (from supplies), in one message. It reads both capabilities, so it lives above
//! them: neither depends on the other for it.
use crate::notifications::notices::{self, Notice};
use crate::notifications::{At, Category, Digest, FlaggedShift, Message};
use crate::storage::Db;
use crate::watches::cards;
use crate::watches::{rules, store};
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// The coordinators' weekly digest: coverage for the coming seven days. Queued once per ISO
/// week per coordinator (run it as often as you like).
pub async fn weekly_digest(db: &Db, now: DateTime<Utc>) -> Result<usize, Failure> {
    use chrono::Datelike;
    let week = now.iso_week();
    let event = format!("{}-W{:02}", week.year(), week.week());
    let shifts = store::shifts_between(db, now, now + Duration::days(7), None).await?;
    let at_of: HashMap<i64, At> = shifts
        .iter()
        .map(|s| (s.id, crate::watches::at(s)))
        .collect();
    let mut list = cards(db, None, shifts, now).await?;
    rules::sort_coverage(&mut list);
    let flagged = list
        .iter()
        .map(|(_, c)| c)
        .filter(|c| !c.flags.is_empty())
        .filter_map(|c| {
            Some(FlaggedShift {
                at: at_of.get(&c.id)?.clone(),
                signed_up: c.signed_up.len() as i64,
                min_volunteers: c.min_volunteers,
                max_volunteers: c.max_volunteers,
                flags: c.flags.clone(),
            })
        })
        .collect();
    let seats_open: i64 = list
        .iter()
        .map(|(_, c)| (c.min_volunteers - c.signed_up.len() as i64).max(0))
        .sum();
    let message = Message::WeeklyDigest(Digest {
        shifts: list.len(),
        flagged,
        seats_open,
        supplies: crate::supplies::to_see_to(db).await?,
    });
    let mut tx = crate::storage::begin_write(db).await?;
    let mut queued = 0;
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        let notice = Notice {
            account_id: coordinator,
            category: Category::CoordinatorAlerts,
            about: "digest",
            event: &event,
            message: message.clone(),
            path: crate::paths::COVERAGE.into(),
        };
        queued += usize::from(notices::queue(&mut tx, &notice, now).await?);
    }
    tx.commit().await?;
    Ok(queued)
}
