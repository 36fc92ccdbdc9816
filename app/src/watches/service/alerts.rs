//! Coordinators' alerts: shifts about to run understaffed, and the weekly digest.
use super::*;

/// Tells every coordinator, once per shift, about shifts starting within `hours` that are
/// still understaffed. Run by the housekeeping loop; returns how many shifts were reported.
pub async fn alert_understaffed(
    db: &Db,
    hours: i64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let soon = store::shifts_between(db, now, now + Duration::hours(hours), None).await?;
    let soon: Vec<ShiftRow> = soon.into_iter().filter(|s| s.starts_at > now).collect();
    let short: Vec<(DateTime<Utc>, ShiftCard)> = cards(db, None, soon, now)
        .await?
        .into_iter()
        .filter(|(_, c)| (c.signed_up.len() as i64) < c.min_volunteers)
        .collect();
    if short.is_empty() {
        return Ok(0);
    }
    let mut tx = seats::begin_write(db).await?;
    let coordinators = crate::accounts::store::active_coordinators(&mut tx).await?;
    let mut reported = 0;
    for (_, card) in &short {
        let about = Slot::shift(card.id).entity();
        let body = format!(
            "The shift at {}, {}, has {} of the {} volunteers it needs. The coverage board has it; an urgent call-out may help.",
            card.facility_name,
            card.when,
            card.signed_up.len(),
            card.min_volunteers
        );
        let mut queued = false;
        for coordinator in &coordinators {
            let notice = Notice {
                account_id: *coordinator,
                category: Category::CoordinatorAlerts,
                about: &about,
                event: "understaffed",
                subject: "A jail support shift needs people".into(),
                body: body.clone(),
                path: crate::routes::COVERAGE.into(),
            };
            queued |= notices::queue(&mut tx, &notice, now).await?;
        }
        reported += usize::from(queued);
    }
    tx.commit().await?;
    Ok(reported)
}

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
    let mut tx = seats::begin_write(db).await?;
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
