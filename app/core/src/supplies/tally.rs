//! The tally screen: what a volunteer on shift hands out, tapped (offline taps arrive
//! later, each once), and the low-stock alert a handout can set off.
use super::*;

/// The shift, if `actor` may hand out on it: those signed up, from when check-in opens
/// until two hours after the end (taps sent late from a phone that had no signal);
/// coordinators at any time.
/// How long after a shift its volunteers can still log handouts.
pub(super) const TALLY_AFTER: Duration = Duration::hours(2);

pub(super) async fn tally_shift(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<ShiftRow, Failure> {
    let shift = crate::watches::store::get_shift(db, shift_id)
        .await?
        .ok_or(Failure::NotFound)?;
    if actor.has_role(Role::Coordinator) {
        return Ok(shift);
    }
    let seat = {
        let mut conn = db.acquire().await?;
        seats::seat(&mut conn, Slot::shift(shift_id), actor.id).await?
    };
    if seat.map(|s| s.status) != Some(SeatStatus::SignedUp) {
        return Err(Failure::Forbidden);
    }
    if shift.cancelled {
        return Err(crate::supplies::Refusal::ShiftCancelled.into());
    }
    if now < shift.starts_at - CHECK_IN_EARLY {
        return Err(crate::supplies::Refusal::HandoutsNotOpen.into());
    }
    if now > shift.ends_at + TALLY_AFTER {
        return Err(crate::supplies::Refusal::HandoutsShiftOver.into());
    }
    Ok(shift)
}

pub(super) fn form_id() -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().gen();
    format!("form-{}", hex::encode(bytes))
}

pub(super) async fn build_tally(db: &Db, shift: &ShiftRow) -> Result<Tally, Failure> {
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
        .collect();
    Ok(Tally {
        shift_id: shift.id,
        site: shift.facility.name.clone(),
        when: time::Span::new(
            shift.starts_at,
            Some(shift.ends_at),
            &shift.facility.time_zone,
        ),
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
) -> Result<Tally, Failure> {
    let shift = tally_shift(db, actor, shift_id, now).await?;
    build_tally(db, &shift).await
}

/// Records a batch of taps at the shift's site kit and returns the tally as it now stands.
/// A tap already recorded (sent again after a lost answer) is skipped; a tap taking back
/// more than this shift handed out is capped. Handouts beyond recorded stock are kept and
/// flagged for a count.
/// Every change to stock reads it first (what is on hand, whether a kit exists yet); on
/// PostgreSQL, where several servers write at once, they take turns on this key.
pub(super) const LEDGER: &str = "supplies";

pub async fn record_taps(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    taps: &[Tap],
    now: DateTime<Utc>,
) -> Result<Tally, Failure> {
    ledger::check_taps(taps)?;
    let shift = tally_shift(db, actor, shift_id, now).await?;
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let kit = store::kit_of(&mut tx, shift.facility.id, now)
        .await?
        .ok_or(Failure::NotFound)?;
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
pub(super) async fn alert_low(
    conn: &mut storage::Conn,
    location_id: i64,
    fell: &[(i64, i64, String)],
    now: DateTime<Utc>,
) -> Result<(), Failure> {
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
        let message = Message::SuppliesLow {
            location: location.clone(),
            item,
            unit,
            left: *left,
            low_below: low,
        };
        let about = format!("supplies-low:{location_id}:{item_id}");
        for coordinator in &coordinators {
            let notice = Notice {
                account_id: *coordinator,
                category: Category::CoordinatorAlerts,
                about: &about,
                event,
                message: message.clone(),
                path: crate::paths::SUPPLIES.into(),
            };
            notices::queue(conn, &notice, now).await?;
        }
    }
    Ok(())
}
