//! Accompaniers' seats on a hearing: sign up, the waitlist, drop before the cutoff, "I can't
//! come", and answering a move. Each change runs in one write transaction with its
//! reminders and notices.
use super::*;
use crate::paths;

/// Where and when hearing `h` is, for a message about it: the court's public name and a
/// moment, never the courtroom.
pub(super) fn at(h: &HearingRow) -> At {
    At {
        place: h.court.name.clone(),
        time_zone: h.court.time_zone.clone(),
        starts_at: h.starts_at,
        ends_at: None,
    }
}

pub(super) fn path(h: &HearingRow) -> String {
    paths::hearing(h.id)
}

pub(super) async fn remind(
    conn: &mut storage::Conn,
    h: &HearingRow,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    remind_with(conn, h, account_id, None, now).await
}

/// The same, with the person's preferences already read (`None`: read them here).
pub(super) async fn remind_with(
    conn: &mut storage::Conn,
    h: &HearingRow,
    account_id: i64,
    prefs: Option<&crate::notifications::Prefs>,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let entity = Slot::hearing(h.id).entity();
    let path = path(h);
    let reminder = Reminder {
        entity: &entity,
        account_id,
        activity: Activity::Hearing,
        starts_at: h.starts_at,
        time_zone: &h.court.time_zone,
        place: &h.court.name,
        path: &path,
    };
    match prefs {
        Some(prefs) => reminders::schedule_with(conn, &reminder, prefs, now).await?,
        None => reminders::schedule(conn, &reminder, now).await?,
    };
    Ok(())
}

/// Tells one person something about a hearing. Only the court's name and a local time: never
/// the person, the courtroom or the judge.
#[allow(clippy::too_many_arguments)]
pub(super) async fn notify(
    conn: &mut storage::Conn,
    account_id: i64,
    category: Category,
    h: &HearingRow,
    event: &str,
    message: Message,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let about = Slot::hearing(h.id).entity();
    let event = format!("{event}:{}", now.timestamp_micros());
    let notice = Notice {
        account_id,
        category,
        about: &about,
        event: &event,
        message,
        path: path(h),
    };
    notices::queue(conn, &notice, now).await?;
    Ok(())
}

pub(super) async fn promoted(
    conn: &mut storage::Conn,
    h: &HearingRow,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    for id in ids {
        remind(conn, h, *id, now).await?;
        store::confirm(conn, h.id, *id, h.sequence, now).await?;
        notify(
            conn,
            *id,
            Category::Changes,
            h,
            "promoted",
            Message::HearingFromWaitlist { at: at(h) },
            now,
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn tell_coordinators(
    conn: &mut storage::Conn,
    h: &HearingRow,
    actor: &Account,
    why: CantMake,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let message = Message::AccompanierCant {
        accompanier: actor.name().to_string(),
        at: at(h),
        why,
    };
    let coordinators = crate::accounts::store::active_coordinators(conn).await?;
    for coordinator in coordinators {
        notify(
            conn,
            coordinator,
            Category::CoordinatorAlerts,
            h,
            &format!("cant:{}", actor.id),
            message.clone(),
            now,
        )
        .await?;
    }
    Ok(())
}

pub(super) fn open_for_seats(h: &HearingRow, now: DateTime<Utc>) -> Result<(), Failure> {
    match h.status {
        HearingStatus::Cancelled => Err(crate::hearings::Refusal::Cancelled.into()),
        HearingStatus::Completed => Err(crate::hearings::Refusal::Over.into()),
        _ if h.starts_at <= now => Err(crate::hearings::Refusal::Started.into()),
        _ => Ok(()),
    }
}

/// The hearing, read under its slot's lock: on PostgreSQL a sign-up, move or cancel from
/// another server waits until this transaction ends, and sees what it did.
pub(super) async fn locked(conn: &mut storage::Conn, id: i64) -> Result<HearingRow, Failure> {
    storage::lock_until_commit(conn, &Slot::hearing(id).entity()).await?;
    store::get(&mut *conn, id).await?.ok_or(Failure::NotFound)
}

/// An accompanier asks for a place. One write transaction: it can never overbook.
pub async fn sign_up(
    db: &Db,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<SeatOutcome, Failure> {
    if !actor.has_role(Role::Accompanier) {
        return Err(crate::hearings::Refusal::AccompaniersOnly.into());
    }
    let prefs = crate::notifications::prefs::get(db, actor.id).await?;
    let mut tx = crate::storage::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    open_for_seats(&h, now)?;
    let slot = Slot::hearing(h.id);
    let outcome = seats::take(
        &mut tx,
        slot,
        actor.id,
        seats::Capacity::Known(h.wanted),
        now,
    )
    .await?;
    if outcome == SeatOutcome::SignedUp {
        remind_with(&mut tx, &h, actor.id, Some(&prefs), now).await?;
        // Signing up at this time is agreeing to it.
        store::confirm(&mut tx, h.id, actor.id, h.sequence, now).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Leaves a hearing (or its waitlist). After the cutoff only a coordinator takes someone
/// off, unless the hearing moved (`moved` = answering "I can't make the new time").
pub(super) async fn leave(
    db: &Db,
    actor: &Account,
    id: i64,
    moved: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    let slot = Slot::hearing(h.id);
    let seat = seats::seat(&mut tx, slot, actor.id).await?;
    let signed_up = seat
        .as_ref()
        .is_some_and(|s| s.status == SeatStatus::SignedUp);
    // "I can't make the new time" waives the cutoff only for a move this accompanier has not
    // answered yet: not on a hearing that never moved, nor for one who signed up (and so
    // agreed) after it moved.
    let moved = moved && move_unanswered(&mut *tx, &h, actor.id).await?;
    if signed_up && !moved && !before_cutoff(h.starts_at, now) {
        return Err(crate::hearings::Refusal::TooLateToLeave.into());
    }
    let Some(promoted_ids) =
        seats::leave(&mut tx, slot, actor.id, SeatStatus::Dropped, h.wanted, now).await?
    else {
        return Err(crate::hearings::Refusal::NotSignedUp.into());
    };
    jobs::cancel_for_account(&mut tx, &slot.entity(), actor.id, now).await?;
    if h.status.is_open() && h.starts_at > now {
        promoted(&mut tx, &h, &promoted_ids, now).await?;
    }
    if moved && signed_up {
        tell_coordinators(&mut tx, &h, actor, CantMake::NewTime, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A deactivated account's hearings still ahead: each place is freed (the waitlist
/// promoted) and coordinators are told. Returns how many places were freed.
pub async fn free_seats_of(
    db: &Db,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let mut freed = 0;
    for id in store::future_seats_of(&mut *tx, account.id, now).await? {
        let h = locked(&mut tx, id).await?;
        let slot = Slot::hearing(h.id);
        let was_on = seats::seat(&mut tx, slot, account.id)
            .await?
            .is_some_and(|s| s.status == SeatStatus::SignedUp);
        let Some(promoted_ids) = seats::leave(
            &mut tx,
            slot,
            account.id,
            SeatStatus::Removed,
            h.wanted,
            now,
        )
        .await?
        else {
            continue;
        };
        jobs::cancel_for_account(&mut tx, &slot.entity(), account.id, now).await?;
        promoted(&mut tx, &h, &promoted_ids, now).await?;
        if was_on {
            tell_coordinators(&mut tx, &h, account, CantMake::Deactivated, now).await?;
        }
        freed += 1;
    }
    tx.commit().await?;
    Ok(freed)
}

pub async fn drop_seat(
    db: &Db,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    leave(db, actor, id, false, now).await
}

/// After the cutoff: every coordinator is told; the place stays until one of them acts.
pub async fn cant_come(
    db: &Db,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    if !seats::mark_cant_come(&mut tx, Slot::hearing(h.id), actor.id, now).await? {
        return Err(crate::hearings::Refusal::NotSignedUpOrAlreadyTold.into());
    }
    tell_coordinators(&mut tx, &h, actor, CantMake::CantCome, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The answer to "the hearing moved": `true` keeps the place, `false` gives it up (at any
/// time: the move wasn't their doing) and re-opens it.
pub async fn answer_move(
    db: &Db,
    actor: &Account,
    id: i64,
    can_come: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if !can_come {
        return leave(db, actor, id, true, now).await;
    }
    let mut tx = crate::storage::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    open_for_seats(&h, now)?;
    if !seats::seat(&mut tx, Slot::hearing(h.id), actor.id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
    {
        return Err(crate::hearings::Refusal::NotSignedUp.into());
    }
    store::confirm(&mut tx, h.id, actor.id, h.sequence, now).await?;
    tx.commit().await?;
    Ok(())
}
