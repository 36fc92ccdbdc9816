//! Seats on a shift: signing up, the waitlist and its promotions, dropping before the
//! cutoff, "I can't come" after it, check-in and -out, and coordinators' assign and take off.
//! Each change runs in one write transaction with the reminders and notices it causes.
use super::*;
use crate::paths;

/// Where and when `shift` is, for a message about it.
pub fn at(shift: &ShiftRow) -> At {
    At {
        place: shift.facility.name.clone(),
        time_zone: shift.facility.time_zone.clone(),
        starts_at: shift.starts_at,
        ends_at: Some(shift.ends_at),
    }
}

/// Schedules `account_id`'s reminders of `shift`, following their preferences.
pub(super) async fn remind(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let prefs = crate::notifications::prefs::get_on(&mut *conn, account_id).await?;
    reminder_rows(shift, account_id, &prefs, now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The rows that schedule them, with the preferences already read: a sign-up reads them
/// before it queues for the writer, and its group inserts everyone's rows at once.
pub(super) fn reminder_rows(
    shift: &ShiftRow,
    account_id: i64,
    prefs: &crate::notifications::Prefs,
    now: DateTime<Utc>,
) -> storage::InsertRows {
    let entity = Slot::shift(shift.id).entity();
    let path = paths::shift(shift.id);
    let reminder = Reminder {
        entity: &entity,
        account_id,
        activity: Activity::Shift,
        starts_at: shift.starts_at,
        time_zone: &shift.facility.time_zone,
        place: &shift.facility.name,
        path: &path,
    };
    jobs::rows(&reminders::reminder_jobs(&reminder, prefs, now), now)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn notify(
    conn: &mut storage::Conn,
    account_id: i64,
    category: Category,
    shift: &ShiftRow,
    event: &str,
    message: Message,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let about = Slot::shift(shift.id).entity();
    let event = format!("{event}:{}", now.timestamp_micros());
    let path = if category == Category::CoordinatorAlerts {
        crate::paths::COVERAGE.to_string()
    } else {
        paths::shift(shift.id)
    };
    notices::queue(
        conn,
        &Notice {
            account_id,
            category,
            about: &about,
            event: &event,
            message,
            path,
        },
        now,
    )
    .await?;
    Ok(())
}

pub(super) async fn promoted(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    for id in ids {
        remind(conn, shift, *id, now).await?;
        notify(
            conn,
            *id,
            Category::Changes,
            shift,
            "promoted",
            Message::ShiftFromWaitlist { at: at(shift) },
            now,
        )
        .await?;
    }
    Ok(())
}

/// What signing up did, or why it needs a second look.
#[derive(Debug, Clone, PartialEq)]
pub enum SignUp {
    Done(SeatOutcome),
    /// Overlaps these shifts of the person's; sign up again to confirm.
    Clash(Vec<At>),
}

pub(super) async fn open_shift(
    conn: &mut storage::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<ShiftRow, Failure> {
    let shift = locked_shift(conn, shift_id).await?;
    still_open(&shift, now)?;
    Ok(shift)
}

/// The shift, read under its slot's lock: on PostgreSQL a sign-up, drop or cancel from
/// another server waits until this transaction ends, and sees what it did.
pub(super) async fn locked_shift(
    conn: &mut storage::Conn,
    shift_id: i64,
) -> Result<ShiftRow, Failure> {
    storage::lock_until_commit(conn, &Slot::shift(shift_id).entity()).await?;
    store::get_shift(&mut *conn, shift_id)
        .await?
        .ok_or(Failure::NotFound)
}

/// The lock a watch's own changes take (closing, extending, adding a shift), so that on
/// PostgreSQL a shift can't be added to a watch another server is closing.
pub(super) fn watch_lock(watch_id: i64) -> String {
    format!("watch:{watch_id}")
}

pub(super) fn still_open(shift: &ShiftRow, now: DateTime<Utc>) -> Result<(), Failure> {
    if shift.cancelled {
        return Err(crate::watches::Refusal::ShiftCancelled.into());
    }
    if shift.ends_at <= now {
        return Err(crate::watches::Refusal::ShiftOver.into());
    }
    Ok(())
}

/// A volunteer asks for a seat. What can be read before writing (the shift, clashes,
/// reminder preferences) is read first; then the seat and its reminders are written in one
/// transaction, grouped with other sign-ups waiting for the writer (`write_grouped`): it can
/// never overbook, and a burst after a mass arrest commits in groups instead of one by one.
pub async fn sign_up(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    overlap_ok: bool,
    now: DateTime<Utc>,
) -> Result<SignUp, Failure> {
    require_role(actor, &[Role::Volunteer])?;
    // One connection and one statement for the reads: under a burst each waits in line.
    let mut conn = db.acquire().await?;
    let (shift, clash, prefs) = store::sign_up_view(&mut conn, shift_id, actor.id)
        .await?
        .ok_or(Failure::NotFound)?;
    still_open(&shift, now)?;
    if clash && !overlap_ok {
        let clashes = store::clashes(
            &mut conn,
            actor.id,
            shift.id,
            shift.starts_at,
            shift.ends_at,
        )
        .await?;
        if !clashes.is_empty() {
            return Ok(SignUp::Clash(clashes.iter().map(at).collect()));
        }
    }
    drop(conn);
    let account_id = actor.id;
    let seat = std::sync::Arc::new((shift, prefs));
    let outcome = crate::storage::write_grouped(db, move |conn| {
        let seat = seat.clone();
        Box::pin(async move {
            let (shift, prefs) = &*seat;
            let slot = Slot::shift(shift.id);
            // The capacity is read with the seats: a shift cancelled since it was read takes no one.
            let outcome = seats::take(
                &mut *conn,
                slot,
                account_id,
                seats::Capacity::OpenShift,
                now,
            )
            .await?;
            let reminders = (outcome == SeatOutcome::SignedUp)
                .then(|| reminder_rows(shift, account_id, prefs, now));
            Ok((outcome, reminders))
        })
    })
    .await?;
    Ok(SignUp::Done(outcome))
}

/// A volunteer drops a shift (or leaves its waitlist). After the cutoff only a coordinator
/// can take someone off; the volunteer says they can't come instead.
pub async fn drop_shift(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    let slot = Slot::shift(shift.id);
    let seat = seats::seat(&mut tx, slot, actor.id).await?;
    if seat
        .as_ref()
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
        && !rules::before_cutoff(shift.starts_at, now)
    {
        return Err(crate::watches::Refusal::TooLateToLeave.into());
    }
    let Some(promoted_ids) = seats::leave(
        &mut tx,
        slot,
        actor.id,
        SeatStatus::Dropped,
        shift.max_volunteers,
        now,
    )
    .await?
    else {
        return Err(crate::watches::Refusal::NotOnShift.into());
    };
    jobs::cancel_for_account(&mut tx, &slot.entity(), actor.id, now).await?;
    promoted(&mut tx, &shift, &promoted_ids, now).await?;
    tx.commit().await?;
    Ok(())
}

/// After the cutoff: tells every coordinator; the seat stays until one of them acts.
pub async fn cant_come(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    if !seats::mark_cant_come(&mut tx, Slot::shift(shift.id), actor.id, now).await? {
        return Err(crate::watches::Refusal::NotOnShiftOrAlreadyTold.into());
    }
    let message = Message::VolunteerCantCome {
        volunteer: actor.name().to_string(),
        at: at(&shift),
    };
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        notify(
            &mut tx,
            coordinator,
            Category::CoordinatorAlerts,
            &shift,
            &format!("cant-come:{}", actor.id),
            message.clone(),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Check in (`true`) or out, from shortly before the start until two hours after the end.
pub async fn check(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    check_in: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut conn = db.acquire().await?;
    let shift = store::get_shift(&mut conn, shift_id)
        .await?
        .ok_or(Failure::NotFound)?;
    if now < shift.starts_at - CHECK_IN_EARLY {
        return Err(crate::watches::Refusal::CheckInNotOpen.into());
    }
    if now > shift.ends_at + Duration::hours(2) {
        return Err(crate::watches::Refusal::ShiftOver.into());
    }
    if !seats::check(&mut conn, Slot::shift(shift.id), actor.id, check_in, now).await? {
        return Err(crate::watches::Refusal::NotSignedUp.into());
    }
    Ok(())
}

/// A coordinator puts a volunteer on a shift (even past its maximum).
pub async fn assign(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut tx = crate::storage::begin_write(db).await?;
    let shift = open_shift(&mut tx, shift_id, now).await?;
    if !crate::accounts::store::is_active(&mut *tx, account_id).await? {
        return Err(crate::watches::Refusal::ChooseActiveVolunteer.into());
    }
    if seats::assign(&mut tx, Slot::shift(shift.id), account_id, now).await? {
        remind(&mut tx, &shift, account_id, now).await?;
        notify(
            &mut tx,
            account_id,
            Category::Changes,
            &shift,
            "assigned",
            Message::ShiftAssigned { at: at(&shift) },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A coordinator takes someone off (`Removed`) or marks them absent (`NoShow`, once started).
pub async fn take_off(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    account_id: i64,
    how: SeatStatus,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut tx = crate::storage::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    if how == SeatStatus::NoShow && now < shift.starts_at {
        return Err(crate::watches::Refusal::NoShowBeforeStart.into());
    }
    let slot = Slot::shift(shift.id);
    let Some(promoted_ids) =
        seats::leave(&mut tx, slot, account_id, how, shift.max_volunteers, now).await?
    else {
        return Err(crate::watches::Refusal::PersonNotOnShift.into());
    };
    jobs::cancel_for_account(&mut tx, &slot.entity(), account_id, now).await?;
    if how == SeatStatus::Removed && shift.ends_at > now {
        notify(
            &mut tx,
            account_id,
            Category::Changes,
            &shift,
            "removed",
            Message::ShiftTakenOff { at: at(&shift) },
            now,
        )
        .await?;
    }
    if shift.ends_at > now {
        promoted(&mut tx, &shift, &promoted_ids, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A deactivated account's shifts not yet over: each seat is freed (the waitlist promoted)
/// and coordinators are told, so no shift looks staffed by someone who will not come.
/// Returns how many seats were freed.
pub async fn free_seats_of(
    db: &Db,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let mut freed = 0;
    for shift_id in store::future_seats_of(&mut *tx, account.id, now).await? {
        let shift = locked_shift(&mut tx, shift_id).await?;
        let slot = Slot::shift(shift.id);
        let was_on = seats::seat(&mut tx, slot, account.id)
            .await?
            .is_some_and(|s| s.status == SeatStatus::SignedUp);
        let Some(promoted_ids) = seats::leave(
            &mut tx,
            slot,
            account.id,
            SeatStatus::Removed,
            shift.max_volunteers,
            now,
        )
        .await?
        else {
            continue;
        };
        jobs::cancel_for_account(&mut tx, &slot.entity(), account.id, now).await?;
        promoted(&mut tx, &shift, &promoted_ids, now).await?;
        if was_on {
            let message = Message::SeatFreed {
                volunteer: account.name().to_string(),
                at: at(&shift),
            };
            for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
                notify(
                    &mut tx,
                    coordinator,
                    Category::CoordinatorAlerts,
                    &shift,
                    &format!("deactivated:{}", account.id),
                    message.clone(),
                    now,
                )
                .await?;
            }
        }
        freed += 1;
    }
    tx.commit().await?;
    Ok(freed)
}
