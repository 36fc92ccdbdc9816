//! Planning watches: creating one, its shifts (rolling slots, or made by hand), keeping
//! open-ended watches' slots ahead of time, closing a watch and cancelling shifts.
use super::*;
use crate::watches::input::{ticked, ShiftForm};

/// How far rolling slots are generated now: a bounded watch all of it (up to `MAX_SPAN`),
/// an open-ended one `HORIZON` ahead.
pub(super) fn generate_until(
    w_start: DateTime<Utc>,
    w_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match w_end {
        Some(end) => end.min(w_start + rules::MAX_SPAN),
        None => w_start.max(now) + rules::HORIZON,
    }
}

pub async fn create_watch(
    db: &Db,
    actor: &Account,
    input: &WatchInput,
    now: DateTime<Utc>,
) -> Result<i64, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let facility = crate::facilities::store::get(db, input.facility_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let mut tx = crate::storage::begin_write(db).await?;
    let new = NewWatch {
        facility_id: input.facility_id,
        kind: input.kind,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        slot_hours: input.slot_hours,
        min_volunteers: input.min_volunteers,
        max_volunteers: input.max_volunteers,
        needs_lead: input.needs_lead,
    };
    let id = store::insert_watch(&mut tx, &new, now).await?;
    if let Some(hours) = input.slot_hours {
        let until = generate_until(input.starts_at, input.ends_at, now);
        let slots = rules::rolling_slots(
            input.starts_at,
            input.ends_at,
            until,
            hours,
            zone(&facility.time_zone),
        );
        store::insert_shifts(
            &mut tx,
            id,
            &slots,
            input.min_volunteers,
            input.max_volunteers,
            input.needs_lead,
            zone(&facility.time_zone),
            now,
        )
        .await?;
        let last = slots.last().map_or(input.starts_at, |s| s.1);
        store::set_generated_until(&mut tx, id, last).await?;
    }
    tx.commit().await?;
    tracing::info!(watch = id, by = actor.id, "watch created");
    Ok(id)
}

/// Gives every shift without one its local day (see migration 0014). Run at start, and after
/// a facility's time zone changes.
pub async fn fill_local_days(db: &Db) -> Result<usize, Failure> {
    let missing = store::shifts_without_local_day(db).await?;
    for (id, starts_at, tz) in &missing {
        store::set_local_day(db, *id, &time::local_date(*starts_at, zone(tz))).await?;
    }
    Ok(missing.len())
}

/// A facility's time zone changed: its shifts' local days are worked out again.
pub async fn time_zone_changed(db: &Db, facility_id: i64) -> Result<(), Failure> {
    store::clear_local_days(db, facility_id).await?;
    fill_local_days(db).await.map(|_| ())
}

/// Keeps every open-ended watch's rolling slots `HORIZON` ahead. Run by the housekeeping
/// loop; returns how many shifts were added.
pub async fn extend_rolling_watches(db: &Db, now: DateTime<Utc>) -> Result<u64, Failure> {
    let mut added = 0;
    for w in store::rolling_open_watches(db).await? {
        let Some(hours) = w.slot_hours else { continue };
        let from = w.generated_until.unwrap_or(w.starts_at);
        let until = now.max(w.starts_at) + rules::HORIZON;
        if from >= until {
            continue;
        }
        let slots = rules::rolling_slots(from, None, until, hours, zone(&w.facility.time_zone));
        let Some(last) = slots.last().map(|s| s.1) else {
            continue;
        };
        let mut tx = crate::storage::begin_write(db).await?;
        // Every server runs this loop; on PostgreSQL a close from another server waits for it.
        storage::lock_until_commit(&mut tx, &watch_lock(w.id)).await?;
        // Closed since we listed it? Then leave it.
        let still_open = store::get_watch(&mut *tx, w.id)
            .await?
            .is_some_and(|w| w.closed_at.is_none());
        if still_open {
            added += store::insert_shifts(
                &mut tx,
                w.id,
                &slots,
                w.min_volunteers,
                w.max_volunteers,
                w.needs_lead,
                zone(&w.facility.time_zone),
                now,
            )
            .await?;
            store::set_generated_until(&mut tx, w.id, last).await?;
        }
        tx.commit().await?;
    }
    Ok(added)
}

/// A hand-made shift on a watch.
pub async fn add_shift(
    db: &Db,
    actor: &Account,
    watch_id: i64,
    form: &ShiftForm,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let w = store::get_watch(db, watch_id)
        .await?
        .ok_or(Failure::NotFound)?;
    if w.closed_at.is_some() {
        return Err(crate::watches::Refusal::WatchClosed.into());
    }
    let tz = zone(&w.facility.time_zone);
    let mut errors = FieldErrors::new();
    let start = time::parse_local(&form.shift_start, tz)
        .map_err(|e| errors.push(("shift_start", e.into())))
        .ok();
    let end = time::parse_local(&form.shift_end, tz)
        .map_err(|e| errors.push(("shift_end", e.into())))
        .ok();
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.push((
                "shift_end",
                crate::watches::Refusal::ShiftEndsBeforeStart.into(),
            ));
        } else if e - s > Duration::hours(24) {
            errors.push(("shift_end", crate::watches::Refusal::ShiftTooLong.into()));
        }
    }
    let (min, max) = staffing(&form.min_volunteers, &form.max_volunteers, &mut errors);
    let (Some(start), Some(end), true) = (start, end, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let mut tx = crate::storage::begin_write(db).await?;
    // Closed since it was read above? Checked again under the lock that closing takes.
    storage::lock_until_commit(&mut tx, &watch_lock(watch_id)).await?;
    if store::get_watch(&mut *tx, watch_id)
        .await?
        .is_none_or(|w| w.closed_at.is_some())
    {
        return Err(crate::watches::Refusal::WatchClosed.into());
    }
    let added = store::insert_shifts(
        &mut tx,
        watch_id,
        &[(start, end)],
        min,
        max,
        ticked(&form.needs_lead),
        tz,
        now,
    )
    .await?;
    if added == 0 {
        return Ok(Err(vec![(
            "shift_start",
            crate::watches::Refusal::ShiftExists.into(),
        )]));
    }
    let id = store::shift_starting(&mut *tx, watch_id, start).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Closes a watch: shifts that haven't started are cancelled, their people told, their
/// reminders cancelled — all in one transaction.
pub async fn close_watch(
    db: &Db,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, &watch_lock(watch_id)).await?;
    if !store::close_watch(&mut tx, watch_id, now).await? {
        return Err(crate::watches::Refusal::WatchAlreadyClosed.into());
    }
    let future: Vec<ShiftRow> = store::shifts_of_watch(&mut *tx, watch_id)
        .await?
        .into_iter()
        .filter(|s| s.starts_at > now)
        .collect();
    for shift in &future {
        cancel_shift_on(
            &mut tx,
            shift,
            crate::notifications::ShiftCancelled::WatchClosed,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        watch = watch_id,
        by = actor.id,
        cancelled = future.len(),
        "watch closed"
    );
    Ok(future.len())
}

pub(super) async fn cancel_shift_on(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    why: crate::notifications::ShiftCancelled,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    storage::lock_until_commit(conn, &Slot::shift(shift.id).entity()).await?;
    store::cancel_shift(conn, shift.id, now).await?;
    let slot = Slot::shift(shift.id);
    jobs::cancel_entity(&mut *conn, &slot.entity(), now).await?;
    for seat in seats::seats(&mut *conn, slot).await? {
        notify(
            conn,
            seat.account_id,
            Category::Changes,
            shift,
            "cancelled",
            Message::ShiftCancelled { at: at(shift), why },
            now,
        )
        .await?;
    }
    Ok(())
}
