//! Coordinators' use cases: adding a hearing, moving it (everyone is told at once and their
//! reminders move), cancelling it, recording the outcome and the next date, and forgetting
//! a person's hearings with them.
use super::*;
use crate::hearings::OutcomeForm;

pub(super) async fn person_exists(db: &Db, person_id: i64) -> Result<bool, Failure> {
    Ok(crate::people::store::key(db, person_id).await?.is_some())
}

pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Account,
    input: &HearingInput,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    if !person_exists(ctx.db, input.person_id).await? {
        return Ok(Err(vec![(
            "person_id",
            crate::hearings::Refusal::ChoosePerson.into(),
        )]));
    }
    let mut tx = crate::storage::begin_write(ctx.db).await?;
    let id = insert_on(ctx, &mut tx, input, None, now)
        .await?
        .ok_or_else(|| Failure::broken("a new hearing was not stored"))?;
    tx.commit().await?;
    tracing::info!(hearing = id, by = actor.id, "hearing created");
    Ok(Ok(id))
}

/// Moves a hearing: its accompaniers are told at once, their reminders move, and each is
/// asked whether they can still come. Returns how many were told.
pub async fn move_hearing(
    ctx: &Ctx<'_>,
    actor: &Account,
    id: i64,
    new_start: &str,
    now: DateTime<Utc>,
) -> Result<Result<usize, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let current = store::get(ctx.db, id).await?.ok_or(Failure::NotFound)?;
    if !current.status.is_open() {
        return Err(crate::hearings::Refusal::OnlyScheduledMoves.into());
    }
    let to = match time::parse_local(new_start, zone(&current.court.time_zone)) {
        Ok(t) if t <= now => {
            return Ok(Err(vec![(
                "starts_at",
                crate::hearings::Refusal::NewTimePassed.into(),
            )]))
        }
        Ok(t) if t == current.starts_at => {
            return Ok(Err(vec![(
                "starts_at",
                crate::hearings::Refusal::SameTime.into(),
            )]))
        }
        Ok(t) => match people::too_far_ahead(t, now) {
            Some(e) => return Ok(Err(vec![("starts_at", e.into())])),
            None => t,
        },
        Err(e) => return Ok(Err(vec![("starts_at", e.into())])),
    };
    let mut tx = crate::storage::begin_write(ctx.db).await?;
    let h = locked(&mut tx, id).await?;
    // Cancelled (or moved) since it was read above: re-checked under the lock.
    if !h.status.is_open() || h.starts_at != current.starts_at {
        return Err(crate::hearings::Refusal::ChangedMeanwhile.into());
    }
    store::reschedule(&mut tx, &h, Some(to), actor.id, now).await?;
    let moved = store::get(&mut *tx, id).await?.ok_or(Failure::NotFound)?;
    let slot = Slot::hearing(h.id);
    // Reminders are re-made for the new time (their text names it), not shifted.
    jobs::cancel_entity(&mut *tx, &slot.entity(), now).await?;
    crate::court_reminders::hearing_moved(&mut tx, &moved, now).await?;
    let held = seats::seats(&mut *tx, slot).await?;
    for seat in &held {
        let waitlisted = seat.status != SeatStatus::SignedUp;
        if !waitlisted {
            remind(&mut tx, &moved, seat.account_id, now).await?;
        }
        notify(
            &mut tx,
            seat.account_id,
            Category::Changes,
            &moved,
            "moved",
            Message::HearingMoved {
                from: at(&h),
                to: at(&moved),
                waitlisted,
            },
            now,
        )
        .await?;
    }
    people::record_event(ctx, &mut *tx, h.person_id, to, now).await?;
    tx.commit().await?;
    tracing::info!(
        hearing = id,
        by = actor.id,
        told = held.len(),
        "hearing moved"
    );
    Ok(Ok(held.len()))
}

pub async fn cancel(
    ctx: &Ctx<'_>,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut tx = crate::storage::begin_write(ctx.db).await?;
    let h = locked(&mut tx, id).await?;
    if !h.status.is_open() {
        return Err(crate::hearings::Refusal::OnlyScheduledCancels.into());
    }
    store::reschedule(&mut tx, &h, None, actor.id, now).await?;
    let slot = Slot::hearing(h.id);
    jobs::cancel_entity(&mut *tx, &slot.entity(), now).await?;
    crate::court_reminders::hearing_cancelled(&mut tx, &h, now).await?;
    let held = seats::seats(&mut *tx, slot).await?;
    for seat in &held {
        notify(
            &mut tx,
            seat.account_id,
            Category::Changes,
            &h,
            "cancelled",
            Message::HearingCancelled { at: at(&h) },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        hearing = id,
        by = actor.id,
        told = held.len(),
        "hearing cancelled"
    );
    Ok(held.len())
}

/// Before people are forgotten (erased now, or on schedule), on the transaction that deletes
/// them: each of their hearings loses its reminders and seats, and those going to one still
/// ahead are told it is cancelled, without a reason and with a link to their own hearings (the
/// hearing's page goes with the person). Returns how many were told.
pub async fn forget_people(
    conn: &mut storage::Conn,
    person_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let mut told = 0;
    for id in store::ids_of_people(&mut *conn, person_ids).await? {
        storage::lock_until_commit(conn, &Slot::hearing(id).entity()).await?;
        let Some(h) = store::get(&mut *conn, id).await? else {
            continue;
        };
        let slot = Slot::hearing(h.id);
        // Its reminders and every notice about it, sent or not: waiting ones would link to a
        // page that is gone, and sent ones still hold a court and a time in their rows.
        jobs::forget_entity(&mut *conn, &slot.entity()).await?;
        if h.status.is_open() && h.starts_at > now {
            for seat in seats::seats(&mut *conn, slot).await? {
                let event = format!("cancelled:{}", now.timestamp_micros());
                let notice = Notice {
                    account_id: seat.account_id,
                    category: Category::Changes,
                    about: &slot.entity(),
                    event: &event,
                    message: Message::HearingCancelled { at: at(&h) },
                    path: crate::paths::MY_HEARINGS.into(),
                };
                notices::queue(&mut *conn, &notice, now).await?;
                told += 1;
            }
        }
        seats::forget_slot(&mut *conn, slot).await?;
    }
    Ok(told)
}

/// After the hearing: a short sealed logistics note and, optionally, the next date (which
/// creates the next hearing in the same step). Returns the next hearing's id.
pub async fn record_outcome(
    ctx: &Ctx<'_>,
    actor: &Account,
    id: i64,
    form: &OutcomeForm,
    now: DateTime<Utc>,
) -> Result<Result<Option<i64>, FieldErrors>, Failure> {
    require_role(actor, &[Role::Accompanier, Role::Coordinator])?;
    let h = store::get(ctx.db, id).await?.ok_or(Failure::NotFound)?;
    let on_it = seats::seat(&mut ctx.db.acquire().await?, Slot::hearing(h.id), actor.id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp);
    if !actor.has_role(Role::Coordinator) && !on_it {
        return Err(Failure::Forbidden);
    }
    if !h.status.is_open() || h.starts_at > now {
        return Err(crate::hearings::Refusal::OutcomeBeforeStart.into());
    }
    let mut errors = FieldErrors::new();
    let note = validate_field(Field::Note, &form.outcome_note)
        .map_err(|e| errors.push(("outcome_note", e.into())))
        .unwrap_or_default();
    let next = match form.next_date.trim() {
        "" => None,
        text => match time::parse_local(text, zone(&h.court.time_zone)) {
            Ok(t) if t <= now => {
                errors.push(("next_date", crate::hearings::Refusal::NextDatePassed.into()));
                None
            }
            Ok(t) => match people::too_far_ahead(t, now) {
                Some(e) => {
                    errors.push(("next_date", e.into()));
                    None
                }
                None => Some(t),
            },
            Err(e) => {
                errors.push(("next_date", e.into()));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let courtroom = match &people::open_linked(
        ctx,
        h.person_id,
        &sealed_at(h.id, COURTROOM),
        h.courtroom.as_deref(),
    )
    .await
    {
        FieldValue::Value(text) => text.clone(),
        _ => String::new(),
    };
    let mut tx = crate::storage::begin_write(ctx.db).await?;
    if !locked(&mut tx, h.id).await?.status.is_open() {
        return Err(crate::hearings::Refusal::OutcomeClosed.into());
    }
    let next_id = match next {
        Some(starts_at) => {
            let input = HearingInput {
                person_id: h.person_id,
                court_id: h.court.id,
                starts_at,
                kind: h.kind,
                courtroom,
                languages: h.languages.clone(),
                wanted: h.wanted,
                meeting_point: h.meeting_point.clone(),
                meet_minutes: h.meet_minutes,
            };
            insert_on(ctx, &mut tx, &input, None, now).await?
        }
        None => None,
    };
    let sealed = people::seal_linked(
        ctx,
        &mut tx,
        h.person_id,
        &sealed_at(h.id, OUTCOME_NOTE),
        &note,
    )
    .await?;
    store::set_sealed(&mut tx, h.id, OUTCOME_NOTE, sealed.as_deref(), now).await?;
    store::complete(&mut tx, h.id, next_id, now).await?;
    tx.commit().await?;
    tracing::info!(hearing = id, by = actor.id, next = ?next_id, "hearing outcome recorded");
    Ok(Ok(next_id))
}
