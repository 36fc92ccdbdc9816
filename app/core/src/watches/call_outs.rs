//! Urgent call-outs: a coordinator asks everyone free for a short-handed shift; the first
//! to accept take the seats.
use super::*;
use crate::paths;

/// "N people needed at this shift now": every volunteer who opted in is told at once (not
/// held by quiet hours); the first N who accept get seats.
pub async fn call_out(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    needed: i64,
    now: DateTime<Utc>,
) -> Result<(i64, usize), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    if !(1..=100).contains(&needed) {
        return Err(crate::watches::Refusal::CallOutSize.into());
    }
    let mut tx = crate::storage::begin_write(db).await?;
    let shift = open_shift(&mut tx, shift_id, now).await?;
    let id = store::insert_callout(&mut tx, shift.id, needed, actor.id, now).await?;
    let on_shift: Vec<i64> = seats::seats(&mut *tx, Slot::shift(shift.id))
        .await?
        .into_iter()
        .filter(|s| s.status == SeatStatus::SignedUp)
        .map(|s| s.account_id)
        .collect();
    let started = shift.starts_at <= now;
    let mut told = 0;
    for volunteer in store::urgent_volunteers(&mut tx).await? {
        if on_shift.contains(&volunteer) {
            continue;
        }
        let about = format!("callout:{id}");
        let notice = Notice {
            account_id: volunteer,
            category: Category::Urgent,
            about: &about,
            event: "sent",
            message: Message::CallOut {
                at: at(&shift),
                needed,
                started,
            },
            path: paths::call_out(id),
        };
        if notices::queue(&mut tx, &notice, now).await? {
            told += 1;
        }
    }
    tx.commit().await?;
    tracing::info!(
        callout = id,
        shift = shift.id,
        needed,
        told,
        "urgent call-out sent"
    );
    Ok((id, told))
}

/// Answers a call-out: `true` with a seat, `false` when it's already filled.
pub async fn accept_call_out(
    db: &Db,
    actor: &Account,
    callout_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    require_role(actor, &[Role::Volunteer])?;
    let mut tx = crate::storage::begin_write(db).await?;
    let (shift_id, _, _) = store::get_callout(&mut *tx, callout_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let shift = open_shift(&mut tx, shift_id, now).await?;
    let slot = Slot::shift(shift.id);
    if seats::seat(&mut tx, slot, actor.id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
    {
        return Ok(true);
    }
    if !store::take_callout_place(&mut tx, callout_id).await? {
        return Ok(false);
    }
    if seats::taken(&mut tx, slot).await? >= shift.max_volunteers {
        store::add_seat(&mut tx, shift.id, now).await?;
    }
    seats::assign(&mut tx, slot, actor.id, now).await?;
    remind(&mut tx, &shift, actor.id, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn call_out_view(
    db: &Db,
    actor: &Account,
    callout_id: i64,
    now: DateTime<Utc>,
) -> Result<CallOutView, Failure> {
    let (shift_id, needed, accepted) = store::get_callout(db, callout_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let shift = store::get_shift(db, shift_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let shift = cards(db, Some(actor), vec![shift], now)
        .await?
        .pop()
        .map(|c| c.1)
        .ok_or(Failure::NotFound)?;
    Ok(CallOutView {
        id: callout_id,
        shift,
        needed,
        accepted,
    })
}
