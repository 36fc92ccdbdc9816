//! The coordinators' weekly digest: the coming week's coverage (from watches) and the supplies
//! running low (from supplies), in one message. It reads both capabilities, so it lives above
//! them: neither depends on the other for it.
use crate::error::AppError;
use crate::notifications::notices::{self, Notice};
use crate::notifications::Category;
use crate::storage::Db;
use crate::watches::service::cards;
use crate::watches::{rules, store, ShiftCard};
use chrono::{DateTime, Duration, Utc};

/// The coordinators' weekly digest: coverage for the coming seven days. Queued once per ISO
/// week per coordinator (run it as often as you like).
pub async fn weekly_digest(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    use chrono::Datelike;
    let week = now.iso_week();
    let event = format!("{}-W{:02}", week.year(), week.week());
    let shifts = store::shifts_between(db, now, now + Duration::days(7), None).await?;
    let mut list = cards(db, None, shifts, now).await?;
    rules::sort_coverage(&mut list);
    let flagged: Vec<&ShiftCard> = list
        .iter()
        .map(|(_, c)| c)
        .filter(|c| !c.flags.is_empty())
        .collect();
    let seats_open: i64 = list
        .iter()
        .map(|(_, c)| (c.min_volunteers - c.signed_up.len() as i64).max(0))
        .sum();
    let mut body = format!(
        "The coming week: {} shifts, {} of them needing attention, {} more volunteers needed to reach every shift's minimum.",
        list.len(),
        flagged.len(),
        seats_open
    );
    for card in flagged.iter().take(12) {
        let flags = card
            .flags
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ");
        body.push_str(&format!(
            "\n- {}, {}: {} ({})",
            card.facility_name,
            card.when,
            card.staffing(),
            flags
        ));
    }
    if flagged.len() > 12 {
        body.push_str(&format!(
            "\n… and {} more on the coverage board.",
            flagged.len() - 12
        ));
    }
    let low = crate::supplies::service::digest_lines(db).await?;
    if !low.is_empty() {
        body.push_str("\n\nSupplies running low or needing a count:");
        for line in low.iter().take(20) {
            body.push_str(&format!("\n- {line}"));
        }
    }
    let mut tx = crate::storage::begin_write(db).await?;
    let mut queued = 0;
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        let notice = Notice {
            account_id: coordinator,
            category: Category::CoordinatorAlerts,
            about: "digest",
            event: &event,
            subject: "Vigil: the coming week".into(),
            body: body.clone(),
            path: crate::routes::COVERAGE.into(),
        };
        queued += usize::from(notices::queue(&mut tx, &notice, now).await?);
    }
    tx.commit().await?;
    Ok(queued)
}
