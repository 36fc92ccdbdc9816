//! Supplies operations: who may do what, and each change in one write transaction (so two
//! volunteers tapping at once both count, and a count is checked against the stock it sees).
use super::ledger::{self, EntryInput, FieldErrors, LocationRef};
use super::store::{self, EntryRow, NewEntry};
use super::{Bar, ItemCategory, StockLine, StockPage, SupplyReport, Tally, TallyLine, Tap};
use crate::accounts::{Account, Role};
use crate::error::AppError;
use crate::notifications::notices::{self, Notice};
use crate::notifications::Category;
use crate::signups::{seats, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use crate::watches::rules::CHECK_IN_EARLY;
use crate::watches::store::ShiftRow;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

fn require_coordinator(actor: &Account) -> Result<(), AppError> {
    if actor.has_role(Role::Coordinator) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The shift, if `actor` may hand out on it: those signed up, from when check-in opens
/// until two hours after the end (taps sent late from a phone that had no signal);
/// coordinators at any time.
/// How long after a shift its volunteers can still log handouts.
const TALLY_AFTER: Duration = Duration::hours(2);

async fn tally_shift(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<ShiftRow, AppError> {
    let shift = crate::watches::store::get_shift(db, shift_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor.has_role(Role::Coordinator) {
        return Ok(shift);
    }
    let seat = {
        let mut conn = db.acquire().await?;
        seats::seat(&mut conn, Slot::shift(shift_id), actor.id).await?
    };
    if seat.map(|s| s.status) != Some(SeatStatus::SignedUp) {
        return Err(AppError::Forbidden);
    }
    if shift.cancelled {
        return Err(AppError::Invalid("This shift was cancelled.".into()));
    }
    if now < shift.starts_at - CHECK_IN_EARLY {
        return Err(AppError::Invalid(
            "Handouts can be logged from 30 minutes before the shift starts.".into(),
        ));
    }
    if now > shift.ends_at + TALLY_AFTER {
        return Err(AppError::Invalid("This shift is over. Tell a coordinator what wasn't logged; they can correct the count.".into()));
    }
    Ok(shift)
}

fn form_id() -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().gen();
    format!("form-{}", hex::encode(bytes))
}

async fn build_tally(db: &Db, shift: &ShiftRow) -> Result<Tally, AppError> {
    let tz = zone(&shift.facility.time_zone);
    let kit = store::kit_id(db, shift.facility.id).await?;
    let held: HashMap<i64, i64> = match kit {
        Some(kit) => store::on_hand_at(db, kit).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    let handed: HashMap<i64, i64> = store::shift_handouts(db, shift.id)
        .await?
        .into_iter()
        .collect();
    let lines = store::items(db)
        .await?
        .into_iter()
        .map(|item| TallyLine {
            this_shift: handed.get(&item.id).copied().unwrap_or(0),
            on_hand: held.get(&item.id).copied().unwrap_or(0),
            item,
        })
        .collect();
    let releases = store::releases_since(db, shift.watch_id, shift.starts_at - Duration::hours(1))
        .await?
        .into_iter()
        .map(|(id, at, label)| {
            let label = if label.is_empty() {
                "release".to_string()
            } else {
                label
            };
            (id, format!("{} · {label}", time::clock(at, tz)))
        })
        .collect();
    Ok(Tally {
        shift_id: shift.id,
        site: shift.facility.name.clone(),
        when: time::span(shift.starts_at, shift.ends_at, tz),
        lines,
        releases,
        form_id: form_id(),
    })
}

pub async fn tally(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<Tally, AppError> {
    let shift = tally_shift(db, actor, shift_id, now).await?;
    build_tally(db, &shift).await
}

/// Records a batch of taps at the shift's site kit and returns the tally as it now stands.
/// A tap already recorded (sent again after a lost answer) is skipped; a tap taking back
/// more than this shift handed out is capped. Handouts beyond recorded stock are kept and
/// flagged for a count.
/// Every change to stock reads it first (what is on hand, whether a kit exists yet); on
/// PostgreSQL, where several servers write at once, they take turns on this key.
const LEDGER: &str = "supplies";

pub async fn record_taps(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    taps: &[Tap],
    now: DateTime<Utc>,
) -> Result<Tally, AppError> {
    ledger::check_taps(taps).map_err(AppError::Invalid)?;
    let shift = tally_shift(db, actor, shift_id, now).await?;
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let kit = store::kit_of(&mut tx, shift.facility.id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut fell = Vec::new();
    for tap in taps {
        if store::tap_recorded(&mut tx, &tap.tap_id).await?
            || !store::item_exists(&mut tx, tap.item_id).await?
        {
            continue;
        }
        let mut delta = tap.delta;
        if delta < 0 {
            let so_far = store::shift_handout_of(&mut tx, shift.id, tap.item_id).await?;
            delta = delta.max(-so_far);
            if delta == 0 {
                continue;
            }
        }
        let release_id = match tap.release_id {
            Some(release)
                if store::release_watch(&mut tx, release).await? == Some(shift.watch_id) =>
            {
                Some(release)
            }
            _ => None,
        };
        let before = store::on_hand(&mut tx, kit, tap.item_id).await?;
        let after = before - delta;
        let entry = NewEntry {
            kind: "handout",
            item_id: tap.item_id,
            location_id: kit,
            quantity: delta,
            shift_id: Some(shift.id),
            release_id,
            tap_id: Some(&tap.tap_id),
            beyond_stock: delta > 0 && after < 0,
            recorded_by: Some(actor.id),
            occurred_at: ledger::tap_time(
                tap.tapped_at_ms,
                (
                    shift.starts_at - CHECK_IN_EARLY,
                    shift.ends_at + TALLY_AFTER,
                ),
                now,
            ),
            ..Default::default()
        };
        store::insert_entry(&mut tx, &entry).await?;
        let low = store::threshold(&mut tx, kit, tap.item_id).await?;
        if ledger::fell_below(before, after, low) {
            fell.push((tap.item_id, after, tap.tap_id.clone()));
        }
    }
    alert_low(&mut tx, kit, &fell, now).await?;
    tx.commit().await?;
    build_tally(db, &shift).await
}

/// Tells the coordinators that a location's stock of these items fell below its threshold
/// (once per dip: `event` is the entry that crossed it).
async fn alert_low(
    conn: &mut storage::Conn,
    location_id: i64,
    fell: &[(i64, i64, String)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if fell.is_empty() {
        return Ok(());
    }
    let location = store::location_name(conn, location_id).await?;
    let coordinators = crate::accounts::store::active_coordinators(conn).await?;
    for (item_id, left, event) in fell {
        let (item, unit) = store::item_name_and_unit(conn, *item_id).await?;
        let low = store::threshold(conn, location_id, *item_id)
            .await?
            .unwrap_or(0);
        let body = format!("{location}: {item} is running low, {left} {unit} left (the alert is set below {low}). Restock it before the next shift.");
        let about = format!("supplies-low:{location_id}:{item_id}");
        for coordinator in &coordinators {
            let notice = Notice {
                account_id: *coordinator,
                category: Category::CoordinatorAlerts,
                about: &about,
                event,
                subject: "Vigil: supplies running low".into(),
                body: body.clone(),
                path: crate::routes::SUPPLIES.into(),
            };
            notices::queue(conn, &notice, now).await?;
        }
    }
    Ok(())
}

pub async fn stock_page(db: &Db, actor: &Account) -> Result<StockPage, AppError> {
    require_coordinator(actor)?;
    Ok(StockPage {
        items: store::items(db).await?,
        locations: store::locations(db).await?,
        kitless_facilities: store::kitless_facilities(db).await?,
        stock: store::stock_lines(db).await?,
    })
}

pub async fn add_item(
    db: &Db,
    actor: &Account,
    get: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    require_coordinator(actor)?;
    let input = match ledger::ItemInput::parse(get) {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let Some(id) =
        store::insert_item(&mut tx, &input.name, &input.unit, input.category, now).await?
    else {
        return Ok(Err(vec![(
            "name",
            format!("\"{}\" is in the list already.", input.name),
        )]));
    };
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn add_location(
    db: &Db,
    actor: &Account,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    require_coordinator(actor)?;
    let name = match ledger::name(name, "place's name", 60) {
        Ok(name) => name,
        Err(e) => return Ok(Err(vec![("name", e)])),
    };
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let Some(id) = store::insert_location(&mut tx, &name, None, now).await? else {
        return Ok(Err(vec![(
            "name",
            format!("There is a place called \"{name}\" already."),
        )]));
    };
    tx.commit().await?;
    Ok(Ok(id))
}

/// Sets (or, with an empty value, removes) an item's low-stock threshold at a location.
pub async fn set_threshold(
    db: &Db,
    actor: &Account,
    get: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, AppError> {
    require_coordinator(actor)?;
    let mut errors = FieldErrors::new();
    let at = LocationRef::parse(&get("location"));
    if at.is_none() {
        errors.push(("location", "Choose a place.".into()));
    }
    let item_id: i64 = get("item_id").parse().unwrap_or(0);
    let low = match get("low_below").trim() {
        "" => None,
        text => ledger::count(text)
            .map_err(|e| errors.push(("low_below", e)))
            .ok(),
    };
    let Some(at) = at.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    if !store::item_exists(&mut tx, item_id).await? {
        return Ok(Err(vec![("item_id", "Choose an item.".into())]));
    }
    let Some(location) = store::resolve(&mut tx, at, now).await? else {
        return Ok(Err(vec![("location", "Choose a place.".into())]));
    };
    store::set_threshold(&mut tx, location, item_id, low).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// A restock, a transfer or a count, from the coordinators' forms.
pub async fn record(
    db: &Db,
    actor: &Account,
    kind: &str,
    get: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, AppError> {
    require_coordinator(actor)?;
    let input = match EntryInput::parse(kind, get) {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let item_id = match &input {
        EntryInput::Restock { item_id, .. }
        | EntryInput::Transfer { item_id, .. }
        | EntryInput::Count { item_id, .. } => *item_id,
    };
    if !store::item_exists(&mut tx, item_id).await? {
        return Ok(Err(vec![("item_id", "Choose an item.".into())]));
    }
    let base = NewEntry {
        item_id,
        recorded_by: Some(actor.id),
        occurred_at: now,
        ..Default::default()
    };
    match input {
        EntryInput::Restock {
            at,
            quantity,
            purchase,
            cost_cents,
            ..
        } => {
            let Some(location_id) = store::resolve(&mut tx, at, now).await? else {
                return Ok(Err(vec![("location", "Choose a place.".into())]));
            };
            let source = if purchase { "purchase" } else { "donation" };
            store::insert_entry(
                &mut tx,
                &NewEntry {
                    kind: "restock",
                    location_id,
                    quantity,
                    source: Some(source),
                    cost_cents,
                    ..base
                },
            )
            .await?;
        }
        EntryInput::Transfer {
            from, to, quantity, ..
        } => {
            let (Some(from), Some(to)) = (
                store::resolve(&mut tx, from, now).await?,
                store::resolve(&mut tx, to, now).await?,
            ) else {
                return Ok(Err(vec![("from", "Choose both places.".into())]));
            };
            let held = store::on_hand(&mut tx, from, item_id).await?;
            if held < quantity {
                let message = format!(
                    "The records say there are only {} there. Count it first if that's wrong.",
                    held.max(0)
                );
                return Ok(Err(vec![("quantity", message)]));
            }
            store::insert_entry(
                &mut tx,
                &NewEntry {
                    kind: "transfer",
                    location_id: from,
                    to_location_id: Some(to),
                    quantity,
                    ..base
                },
            )
            .await?;
            let low = store::threshold(&mut tx, from, item_id).await?;
            if ledger::fell_below(held, held - quantity, low) {
                let event = format!("transfer-{}", now.timestamp_micros());
                alert_low(&mut tx, from, &[(item_id, held - quantity, event)], now).await?;
            }
        }
        EntryInput::Count {
            at,
            counted,
            reason,
            ..
        } => {
            let Some(location_id) = store::resolve(&mut tx, at, now).await? else {
                return Ok(Err(vec![("location", "Choose a place.".into())]));
            };
            let recorded = store::on_hand(&mut tx, location_id, item_id).await?;
            if let Some(message) = ledger::count_needs_reason(recorded, counted, &reason) {
                return Ok(Err(vec![("reason", message)]));
            }
            let entry = NewEntry {
                kind: "correction",
                location_id,
                quantity: counted - recorded,
                counted: Some(counted),
                reason: &reason,
                ..base
            };
            store::insert_entry(&mut tx, &entry).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// The local calendar day of an entry: the kit's facility zone, UTC for storage places.
fn local_day(e: &EntryRow) -> NaiveDate {
    match &e.time_zone {
        Some(tz) => e.occurred_at.with_timezone(&zone(tz)).date_naive(),
        None => e.occurred_at.date_naive(),
    }
}

/// Entries whose local day falls in [from, to].
async fn entries_in(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<EntryRow>, AppError> {
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
    require_coordinator(actor)?;
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
fn cell(text: &str) -> String {
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
    require_coordinator(actor)?;
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
            e.cost_cents.map(super::money).unwrap_or_default(),
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

/// Lines for the coordinators' weekly digest: everything below its threshold or needing a
/// count.
pub async fn digest_lines(db: &Db) -> Result<Vec<String>, AppError> {
    Ok(store::stock_lines(db)
        .await?
        .into_iter()
        .filter(|s| s.is_low() || s.needs_count)
        .map(|s: StockLine| {
            let mut line = format!("{}: {}, {} {} left", s.location, s.item, s.on_hand, s.unit);
            if let Some(low) = s.low_below.filter(|_| s.is_low()) {
                line.push_str(&format!(" (low below {low})"));
            }
            if s.needs_count {
                line.push_str(" — needs a count");
            }
            line
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        for formula in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            " =HYPERLINK(\"x\")",
            "\t=1",
            "\r\n+1",
            "\u{a0}@x",
            "   -2+3",
            "\n=cmd",
        ] {
            assert!(cell(formula).starts_with('\''), "{formula:?} is escaped");
        }
        for plain in ["water", "Transit card", "a=b", "3 jackets", ""] {
            assert_eq!(cell(plain), plain, "{plain:?} is left as it is");
        }
    }
}
