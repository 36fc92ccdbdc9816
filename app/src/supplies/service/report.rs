//! The supplies report and its CSV export, and the lines in the weekly digest.
use super::*;
use crate::kernel::Label;

/// The local calendar day of an entry: the kit's facility zone, UTC for storage places.
pub(super) fn local_day(e: &EntryRow) -> NaiveDate {
    match &e.time_zone {
        Some(tz) => e.occurred_at.with_timezone(&zone(tz)).date_naive(),
        None => e.occurred_at.date_naive(),
    }
}

/// Entries whose local day falls in [from, to].
pub(super) async fn entries_in(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<EntryRow>, AppError> {
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
) -> Result<Result<SupplyReport, FieldErrors>, AppError> {
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
    let short = |w: &NaiveDate| w.format("%-d %b").to_string();
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

/// A spreadsheet must not run what someone typed as a formula. Spreadsheets skip leading
/// white space (spaces, tabs, line breaks, no-break spaces) before deciding a cell is a
/// formula, so the check looks past it too.
pub(super) fn cell(text: &str) -> String {
    let first = text.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    if first.starts_with(['=', '+', '-', '@'])
        || text.starts_with(|c: char| c.is_whitespace() || c.is_control())
    {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Every entry whose local day is in the range, as CSV. Shifts by number; never who
/// received anything (that was never recorded) nor who logged it.
pub async fn export_csv(
    db: &Db,
    actor: &Account,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<Result<(String, String), FieldErrors>, AppError> {
    require_role(actor, &[Role::Coordinator])?;
    let (from, to) = match ledger::range(from, to, now.date_naive()) {
        Ok(range) => range,
        Err(errors) => return Ok(Err(errors)),
    };
    let entries = entries_in(db, from, to).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "date",
        "time",
        "time_zone",
        "kind",
        "item",
        "unit",
        "category",
        "location",
        "to_location",
        "quantity",
        "counted",
        "source",
        "cost",
        "reason",
        "shift",
        "beyond_stock",
    ];
    let internal = |_| AppError::Internal;
    out.write_record(header).map_err(internal)?;
    for e in &entries {
        let tz_name = e.time_zone.clone().unwrap_or_else(|| "UTC".into());
        let local = e.occurred_at.with_timezone(&zone(&tz_name));
        let category = ItemCategory::from_key(&e.category)
            .map(|c| c.label())
            .unwrap_or("Other");
        let record = [
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            tz_name,
            e.kind.clone(),
            cell(&e.item),
            cell(&e.unit),
            category.to_string(),
            cell(&e.location),
            e.to_location.as_deref().map(cell).unwrap_or_default(),
            e.quantity.to_string(),
            e.counted.map(|c| c.to_string()).unwrap_or_default(),
            e.source.clone().unwrap_or_default(),
            e.cost_cents.map(crate::supplies::money).unwrap_or_default(),
            cell(&e.reason),
            e.shift_id.map(|s| s.to_string()).unwrap_or_default(),
            if e.beyond_stock {
                "yes".into()
            } else {
                String::new()
            },
        ];
        out.write_record(&record).map_err(internal)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    let name = format!(
        "vigil-supplies-{}-to-{}.csv",
        from.format("%Y-%m-%d"),
        to.format("%Y-%m-%d")
    );
    Ok(Ok((name, String::from_utf8_lossy(&bytes).into_owned())))
}

/// The stock to see to, for the coordinators' weekly digest: everything below its threshold or needing a
/// count.
pub async fn to_see_to(db: &Db) -> Result<Vec<StockLine>, AppError> {
    Ok(store::stock_lines(db)
        .await?
        .into_iter()
        .filter(|s| s.is_low() || s.needs_count)
        .collect())
}
