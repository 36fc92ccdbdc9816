//! Coordinators' stock: items, locations and kits, thresholds, and entries (restock,
//! transfer, handout, count correction), each checked against the stock it sees.
use super::*;

pub async fn stock_page(db: &Db, actor: &Account) -> Result<StockPage, Failure> {
    require_role(actor, &[Role::Coordinator])?;
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
    form: &ledger::ItemForm,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let input = match form.validate() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let Some(id) =
        store::insert_item(&mut tx, &input.name, &input.unit, input.category, now).await?
    else {
        return Ok(Err(vec![("name", Refusal::ItemExists.into())]));
    };
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn add_location(
    db: &Db,
    actor: &Account,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let name = match ledger::name(name, crate::supplies::Named::Place, 60) {
        Ok(name) => name,
        Err(e) => return Ok(Err(vec![("name", e.into())])),
    };
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let Some(id) = store::insert_location(&mut tx, &name, None, now).await? else {
        return Ok(Err(vec![("name", Refusal::PlaceExists.into())]));
    };
    tx.commit().await?;
    Ok(Ok(id))
}

/// Sets (or, with an empty value, removes) an item's low-stock threshold at a location.
pub async fn set_threshold(
    db: &Db,
    actor: &Account,
    form: &ledger::ThresholdForm,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut errors = FieldErrors::new();
    let at = LocationRef::parse(&form.location);
    if at.is_none() {
        errors.push(("location", Refusal::ChoosePlace.into()));
    }
    let item_id: i64 = form.item_id.trim().parse().unwrap_or(0);
    let low = match form.low_below.trim() {
        "" => None,
        text => ledger::count(text)
            .map_err(|e| errors.push(("low_below", e.into())))
            .ok(),
    };
    let Some(at) = at.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    if !store::item_exists(&mut tx, item_id).await? {
        return Ok(Err(vec![("item_id", Refusal::ChooseItem.into())]));
    }
    let Some(location) = store::resolve(&mut tx, at, now).await? else {
        return Ok(Err(vec![("location", Refusal::ChoosePlace.into())]));
    };
    store::set_threshold(&mut tx, location, item_id, low).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// A restock, a transfer, a count or a handout of their own (a distribution, the office),
/// from the coordinators' forms.
pub async fn record(
    db: &Db,
    actor: &Account,
    kind: &str,
    form: &ledger::EntryForm,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let checked = if kind == "handout" {
        form.validate_handout(now.date_naive())
    } else {
        form.validate(kind)
    };
    let input = match checked {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let item_id = input.item_id();
    if !store::item_exists(&mut tx, item_id).await? {
        return Ok(Err(vec![("item_id", Refusal::ChooseItem.into())]));
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
                return Ok(Err(vec![("location", Refusal::ChoosePlace.into())]));
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
                return Ok(Err(vec![("from", Refusal::ChooseBothPlaces.into())]));
            };
            let held = store::on_hand(&mut tx, from, item_id).await?;
            if held < quantity {
                let held = held.max(0);
                return Ok(Err(vec![(
                    "quantity",
                    Refusal::NotEnoughHeld { held }.into(),
                )]));
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
                return Ok(Err(vec![("location", Refusal::ChoosePlace.into())]));
            };
            let recorded = store::on_hand(&mut tx, location_id, item_id).await?;
            if let Some(message) = ledger::count_needs_reason(recorded, counted, &reason) {
                return Ok(Err(vec![("reason", message.into())]));
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
        EntryInput::Handout {
            at,
            quantity,
            purpose,
            day,
            ..
        } => {
            let Some(location_id) = store::resolve(&mut tx, at, now).await? else {
                return Ok(Err(vec![("location", Refusal::ChoosePlace.into())]));
            };
            let held = store::on_hand(&mut tx, location_id, item_id).await?;
            // A past day is dated at its noon (UTC), so it falls on that day in any zone
            // a report reads it in.
            let occurred_at = if day == now.date_naive() {
                now
            } else {
                day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
            };
            let entry = NewEntry {
                kind: "handout",
                location_id,
                quantity,
                occasion: Some(Occasion::Other.key()),
                purpose: &purpose,
                beyond_stock: held - quantity < 0,
                occurred_at,
                ..base
            };
            store::insert_entry(&mut tx, &entry).await?;
            let low = store::threshold(&mut tx, location_id, item_id).await?;
            if ledger::fell_below(held, held - quantity, low) {
                let event = format!("handout-{}", now.timestamp_micros());
                alert_low(
                    &mut tx,
                    location_id,
                    &[(item_id, held - quantity, event)],
                    now,
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}
