//! The supplies report and its CSV export, and the lines in the weekly digest.
use super::*;

/// The local calendar day of an entry: the kit's facility zone, UTC for storage places.
pub(super) fn local_day(e: &EntryRow) -> NaiveDate {
    match &e.time_zone {
        Some(tz) => e.occurred_at.with_timezone(&zone(tz)).date_naive(),
        None => e.occurred_at.date_naive(),
    }
}

/// Where a handout happened. Handouts from before hearings and coordinators could log
/// them (no `occasion` recorded) were all on shifts.
pub fn occasion_of(e: &EntryRow) -> Occasion {
    e.occasion
        .as_deref()
        .and_then(Occasion::from_key)
        .unwrap_or(Occasion::Shift)
}

/// Entries whose local day falls in [from, to].
pub(super) async fn entries_in(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<EntryRow>, Failure> {
    // A day's entries lie within a day either side of its UTC midnight, whatever the zone.
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::days(1);
    let end = to.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + Duration::days(2);
    let entries = store::entries_between(db, start, end).await?;
    Ok(entries
        .into_iter()
        .filter(|e| (from..=to).contains(&local_day(e)))
        .collect())
}

pub async fn report(
    db: &Db,
    actor: &Account,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<Result<SupplyReport, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let (from, to) = match ledger::range(from, to, now.date_naive()) {
        Ok(range) => range,
        Err(errors) => return Ok(Err(errors)),
    };
    let entries = entries_in(db, from, to).await?;
    let weeks = ledger::weeks(from, to);
    let week_index = |e: &EntryRow| weeks.iter().rposition(|w| *w <= local_day(e)).unwrap_or(0);
    let mut per_item: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut by_site: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut site_weeks: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut by_occasion: BTreeMap<(Occasion, String), i64> = BTreeMap::new();
    let mut spend = vec![0i64; weeks.len()];
    for e in &entries {
        match e.kind.as_str() {
            "handout" => {
                per_item
                    .entry(e.item.clone())
                    .or_insert_with(|| vec![0; weeks.len()])[week_index(e)] += e.quantity;
                *by_site
                    .entry((e.location.clone(), e.item.clone()))
                    .or_default() += e.quantity;
                site_weeks
                    .entry(e.location.clone())
                    .or_insert_with(|| vec![0; weeks.len()])[week_index(e)] += e.quantity;
                *by_occasion
                    .entry((occasion_of(e), e.item.clone()))
                    .or_default() += e.quantity;
            }
            "restock" => spend[week_index(e)] += e.cost_cents.unwrap_or(0),
            _ => {}
        }
    }
    // Most handed out first.
    let mut rows: Vec<(String, Vec<i64>)> = per_item.into_iter().collect();
    rows.sort_by_key(|(name, counts)| (-counts.iter().sum::<i64>(), name.clone()));
    let week_labels: Vec<String> = weeks
        .iter()
        .map(|w| w.format("%Y-%m-%d").to_string())
        .collect();
    // Weekly bars are labelled by the week's Monday (`YYYY-MM-DD`); the page words it.
    let short = |w: &NaiveDate| w.format("%Y-%m-%d").to_string();
    let weekly_totals = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| Bar {
            label: short(w),
            value: rows.iter().map(|(_, c)| c[i]).sum(),
        })
        .collect();
    let item_totals = rows
        .iter()
        .map(|(name, c)| Bar {
            label: name.clone(),
            value: c.iter().sum(),
        })
        .collect();
    let stock = store::stock_lines(db).await?;
    Ok(Ok(SupplyReport {
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        weeks: week_labels,
        items: rows.iter().map(|(name, _)| name.clone()).collect(),
        handouts: rows.iter().map(|(_, c)| c.clone()).collect(),
        weekly_totals,
        item_totals,
        site_weeks: site_weeks.into_iter().collect(),
        by_site: by_site
            .into_iter()
            .map(|((site, item), n)| (site, item, n))
            .collect(),
        by_occasion: by_occasion
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|((occasion, item), n)| (occasion, item, n))
            .collect(),
        spend: weeks
            .iter()
            .zip(spend)
            .map(|(w, cents)| Bar {
                label: short(w),
                value: cents,
            })
            .collect(),
        low: stock.iter().filter(|s| s.is_low()).cloned().collect(),
        stock,
    }))
}

/// The entries of a range of days, for the CSV export (`Export::entries`).
pub struct Export {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every entry whose local day is in the range: shifts by number, never who received
    /// anything (that was never recorded) nor who logged it.
    pub entries: Vec<EntryRow>,
}

/// The export of the days `from` to `to` (as typed), for coordinators.
pub async fn export(
    db: &Db,
    actor: &Account,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<Result<Export, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let (from, to) = match ledger::range(from, to, now.date_naive()) {
        Ok(range) => range,
        Err(errors) => return Ok(Err(errors)),
    };
    let entries = entries_in(db, from, to).await?;
    Ok(Ok(Export { from, to, entries }))
}

/// The stock to see to, for the coordinators' weekly digest: everything below its threshold or needing a
/// count.
pub async fn to_see_to(db: &Db) -> Result<Vec<StockLine>, Failure> {
    Ok(store::stock_lines(db)
        .await?
        .into_iter()
        .filter(|s| s.is_low() || s.needs_count)
        .collect())
}
