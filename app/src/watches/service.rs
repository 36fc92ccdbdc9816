//! Watch operations: plain Rust over the database. Every change to seats runs in one write
//! transaction together with the reminders and notices it causes.
use super::rules::{self, CHECK_IN_EARLY};
use super::store::{self, NewRelease, NewWatch, ShiftRow, WatchRow};
use super::{
    CallOutView, CoverageBoard, ExpectedPerson, Helper, Need, OpenShiftsPage, ReleaseEntry,
    ShiftCard, ShiftTime, WatchDetail, WatchKind, WatchSummary, OPEN_SHIFTS_PER_PAGE,
};
use crate::accounts::{Account, Role};
use crate::error::AppError;
use crate::facilities::Facility;
use crate::notifications::notices::{self, Notice};
use crate::notifications::reminders::{self, Activity, Reminder};
use crate::notifications::{jobs, Category};
use crate::people::service::Ctx as PeopleCtx;
use crate::signups::{seats, SeatOutcome, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use chrono::{DateTime, Duration, Utc};

pub use vigil_domain::FieldErrors;

fn require(actor: &Account, role: Role) -> Result<(), AppError> {
    if actor.has_role(role) {
        Ok(())
    } else {
        tracing::warn!(account = actor.id, ?role, "refused: missing role");
        Err(AppError::Forbidden)
    }
}

// ---- Watches -------------------------------------------------------------------------------

/// A new watch as a coordinator typed it, checked against the facility's time zone.
pub struct WatchInput {
    pub facility_id: i64,
    pub kind: WatchKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub slot_hours: Option<i64>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
}

fn number(
    get: &impl Fn(&str) -> String,
    name: &'static str,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut FieldErrors,
    message: &str,
) -> i64 {
    match get(name).trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.push((name, message.to_string()));
            *range.start()
        }
    }
}

/// Seat numbers shared by watches and hand-made shifts.
fn staffing(get: &impl Fn(&str) -> String, errors: &mut FieldErrors) -> (i64, i64) {
    let min = number(
        get,
        "min_volunteers",
        1..=100,
        errors,
        "Enter how many people at least, from 1 to 100.",
    );
    let max = number(
        get,
        "max_volunteers",
        1..=200,
        errors,
        "Enter how many people at most, from 1 to 200.",
    );
    if max < min
        && !errors
            .iter()
            .any(|(f, _)| *f == "max_volunteers" || *f == "min_volunteers")
    {
        errors.push((
            "max_volunteers",
            "The most can't be fewer than the least.".into(),
        ));
    }
    (min, max)
}

impl WatchInput {
    pub fn parse(
        get: impl Fn(&str) -> String,
        facility: Option<&Facility>,
    ) -> Result<WatchInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(facility) = facility else {
            return Err(vec![("facility_id", "Choose the facility.".into())]);
        };
        let tz = zone(&facility.time_zone);
        let kind = WatchKind::from_key(&get("kind")).unwrap_or(WatchKind::Standing);
        let starts_at = match time::parse_local(&get("starts_at"), tz) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(("starts_at", e));
                None
            }
        };
        let ends_at = match get("ends_at").trim() {
            "" => None,
            text => match time::parse_local(text, tz) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.push(("ends_at", e));
                    None
                }
            },
        };
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if e <= s {
                errors.push(("ends_at", "The end must be after the start (leave it empty for “until the last person is out”).".into()));
            }
        }
        let slot_hours = match get("slot_hours").trim() {
            "" | "0" => None,
            text => match text.parse::<i64>() {
                Ok(h) if (1..=24).contains(&h) => Some(h),
                _ => {
                    errors.push((
                        "slot_hours",
                        "Slots are 1 to 24 hours long (or leave empty to add shifts by hand)."
                            .into(),
                    ));
                    None
                }
            },
        };
        let (min_volunteers, max_volunteers) = staffing(&get, &mut errors);
        let needs_lead = get("needs_lead") == "on";
        match starts_at {
            Some(starts_at) if errors.is_empty() => Ok(WatchInput {
                facility_id: facility.id,
                kind,
                starts_at,
                ends_at,
                slot_hours,
                min_volunteers,
                max_volunteers,
                needs_lead,
            }),
            _ => Err(errors),
        }
    }
}

/// How far rolling slots are generated now: a bounded watch all of it (up to `MAX_SPAN`),
/// an open-ended one `HORIZON` ahead.
fn generate_until(
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
) -> Result<i64, AppError> {
    require(actor, Role::Coordinator)?;
    let facility = crate::facilities::store::get(db, input.facility_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = seats::begin_write(db).await?;
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
pub async fn fill_local_days(db: &Db) -> Result<usize, AppError> {
    let missing = store::shifts_without_local_day(db).await?;
    for (id, starts_at, tz) in &missing {
        store::set_local_day(db, *id, &time::local_date(*starts_at, zone(tz))).await?;
    }
    Ok(missing.len())
}

/// A facility's time zone changed: its shifts' local days are worked out again.
pub async fn time_zone_changed(db: &Db, facility_id: i64) -> Result<(), AppError> {
    store::clear_local_days(db, facility_id).await?;
    fill_local_days(db).await.map(|_| ())
}

/// Keeps every open-ended watch's rolling slots `HORIZON` ahead. Run by the housekeeping
/// loop; returns how many shifts were added.
pub async fn extend_rolling_watches(db: &Db, now: DateTime<Utc>) -> Result<u64, AppError> {
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
        let mut tx = seats::begin_write(db).await?;
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
    get: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    require(actor, Role::Coordinator)?;
    let w = store::get_watch(db, watch_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if w.closed_at.is_some() {
        return Err(AppError::Invalid("This watch is closed.".into()));
    }
    let tz = zone(&w.facility.time_zone);
    let mut errors = FieldErrors::new();
    let start = time::parse_local(&get("shift_start"), tz)
        .map_err(|e| errors.push(("shift_start", e)))
        .ok();
    let end = time::parse_local(&get("shift_end"), tz)
        .map_err(|e| errors.push(("shift_end", e)))
        .ok();
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.push(("shift_end", "The shift must end after it starts.".into()));
        } else if e - s > Duration::hours(24) {
            errors.push(("shift_end", "Keep a shift under 24 hours.".into()));
        }
    }
    let (min, max) = staffing(&get, &mut errors);
    let (Some(start), Some(end), true) = (start, end, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let mut tx = seats::begin_write(db).await?;
    // Closed since it was read above? Checked again under the lock that closing takes.
    storage::lock_until_commit(&mut tx, &watch_lock(watch_id)).await?;
    if store::get_watch(&mut *tx, watch_id)
        .await?
        .is_none_or(|w| w.closed_at.is_some())
    {
        return Err(AppError::Invalid("This watch is closed.".into()));
    }
    let added = store::insert_shifts(
        &mut tx,
        watch_id,
        &[(start, end)],
        min,
        max,
        get("needs_lead") == "on",
        tz,
        now,
    )
    .await?;
    if added == 0 {
        return Ok(Err(vec![(
            "shift_start",
            "There is already a shift starting then.".into(),
        )]));
    }
    let id: i64 =
        storage::query_scalar("SELECT id FROM shifts WHERE watch_id = ? AND starts_at = ?")
            .bind(watch_id)
            .bind(start)
            .fetch_one(&mut *tx)
            .await?;
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
) -> Result<usize, AppError> {
    require(actor, Role::Coordinator)?;
    let mut tx = seats::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, &watch_lock(watch_id)).await?;
    if !store::close_watch(&mut tx, watch_id, now).await? {
        return Err(AppError::Invalid("This watch is already closed.".into()));
    }
    let future: Vec<ShiftRow> = store::shifts_of_watch(&mut *tx, watch_id)
        .await?
        .into_iter()
        .filter(|s| s.starts_at > now)
        .collect();
    for shift in &future {
        cancel_shift_on(&mut tx, shift, "The watch has closed", now).await?;
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

async fn cancel_shift_on(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    why: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    storage::lock_until_commit(conn, &Slot::shift(shift.id).entity()).await?;
    store::cancel_shift(conn, shift.id, now).await?;
    let slot = Slot::shift(shift.id);
    jobs::cancel_entity(&mut *conn, &slot.entity(), now).await?;
    for seat in seats::seats(&mut *conn, slot).await? {
        let body = format!(
            "{why}: the shift at {}, {}, is cancelled. Thank you for signing up.",
            shift.facility.name,
            when(shift)
        );
        notify(
            conn,
            seat.account_id,
            Category::Changes,
            shift,
            "cancelled",
            "Your jail support shift is cancelled".into(),
            body,
            now,
        )
        .await?;
    }
    Ok(())
}

// ---- Seats ---------------------------------------------------------------------------------

fn when(shift: &ShiftRow) -> String {
    time::span(
        shift.starts_at,
        shift.ends_at,
        zone(&shift.facility.time_zone),
    )
}

/// Schedules `account_id`'s reminders of `shift`, following their preferences.
async fn remind(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let prefs = crate::notifications::prefs::get_on(&mut *conn, account_id).await?;
    reminder_rows(shift, account_id, &prefs, now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The rows that schedule them, with the preferences already read: a sign-up reads them
/// before it queues for the writer, and its group inserts everyone's rows at once.
fn reminder_rows(
    shift: &ShiftRow,
    account_id: i64,
    prefs: &crate::notifications::Prefs,
    now: DateTime<Utc>,
) -> storage::InsertRows {
    let entity = Slot::shift(shift.id).entity();
    let path = format!("/shifts/{}", shift.id);
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
async fn notify(
    conn: &mut storage::Conn,
    account_id: i64,
    category: Category,
    shift: &ShiftRow,
    event: &str,
    subject: String,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let about = Slot::shift(shift.id).entity();
    let event = format!("{event}:{}", now.timestamp_micros());
    let path = if category == Category::CoordinatorAlerts {
        crate::routes::COVERAGE.to_string()
    } else {
        format!("/shifts/{}", shift.id)
    };
    notices::queue(
        conn,
        &Notice {
            account_id,
            category,
            about: &about,
            event: &event,
            subject,
            body,
            path,
        },
        now,
    )
    .await?;
    Ok(())
}

async fn promoted(
    conn: &mut storage::Conn,
    shift: &ShiftRow,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for id in ids {
        remind(conn, shift, *id, now).await?;
        let body = format!("A seat opened on the shift at {}, {}: you're on it now. If you can't come, drop it in Vigil so the next person gets it.", shift.facility.name, when(shift));
        notify(
            conn,
            *id,
            Category::Changes,
            shift,
            "promoted",
            "You're on a jail support shift (from the waitlist)".into(),
            body,
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
    /// Overlaps these shifts of the person's (local times); sign up again to confirm.
    Clash(Vec<String>),
}

async fn open_shift(
    conn: &mut storage::Conn,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<ShiftRow, AppError> {
    let shift = locked_shift(conn, shift_id).await?;
    still_open(&shift, now)?;
    Ok(shift)
}

/// The shift, read under its slot's lock: on PostgreSQL a sign-up, drop or cancel from
/// another server waits until this transaction ends, and sees what it did.
async fn locked_shift(conn: &mut storage::Conn, shift_id: i64) -> Result<ShiftRow, AppError> {
    storage::lock_until_commit(conn, &Slot::shift(shift_id).entity()).await?;
    store::get_shift(&mut *conn, shift_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The lock a watch's own changes take (closing, extending, adding a shift), so that on
/// PostgreSQL a shift can't be added to a watch another server is closing.
fn watch_lock(watch_id: i64) -> String {
    format!("watch:{watch_id}")
}

fn still_open(shift: &ShiftRow, now: DateTime<Utc>) -> Result<(), AppError> {
    if shift.cancelled {
        return Err(AppError::Invalid("This shift was cancelled.".into()));
    }
    if shift.ends_at <= now {
        return Err(AppError::Invalid("This shift is over.".into()));
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
) -> Result<SignUp, AppError> {
    require(actor, Role::Volunteer)?;
    // One connection and one statement for the reads: under a burst each waits in line.
    let mut conn = db.acquire().await?;
    let (shift, clash, prefs) = store::sign_up_view(&mut conn, shift_id, actor.id)
        .await?
        .ok_or(AppError::NotFound)?;
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
            return Ok(SignUp::Clash(
                clashes
                    .iter()
                    .map(|s| format!("{}, {}", s.facility.name, when(s)))
                    .collect(),
            ));
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
) -> Result<(), AppError> {
    let mut tx = seats::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    let slot = Slot::shift(shift.id);
    let seat = seats::seat(&mut tx, slot, actor.id).await?;
    if seat
        .as_ref()
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
        && !rules::before_cutoff(shift.starts_at, now)
    {
        return Err(AppError::Invalid(
            "It's less than 3 hours before the shift, so a coordinator needs to know: use “I can't come” and they'll find cover.".into(),
        ));
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
        return Err(AppError::Invalid("You're not on this shift.".into()));
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
) -> Result<(), AppError> {
    let mut tx = seats::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    if !seats::mark_cant_come(&mut tx, Slot::shift(shift.id), actor.id, now).await? {
        return Err(AppError::Invalid(
            "You're not signed up for this shift (or you've already told the coordinators).".into(),
        ));
    }
    let body = format!(
        "{} can't make the shift at {}, {}. The coverage board shows it; find cover or take them off.",
        actor.name(),
        shift.facility.name,
        when(&shift)
    );
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        notify(
            &mut tx,
            coordinator,
            Category::CoordinatorAlerts,
            &shift,
            &format!("cant-come:{}", actor.id),
            "A volunteer can't make a shift".into(),
            body.clone(),
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
) -> Result<(), AppError> {
    let mut conn = db.acquire().await?;
    let shift = store::get_shift(&mut conn, shift_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if now < shift.starts_at - CHECK_IN_EARLY {
        return Err(AppError::Invalid(
            "Check-in opens 30 minutes before the shift starts.".into(),
        ));
    }
    if now > shift.ends_at + Duration::hours(2) {
        return Err(AppError::Invalid("This shift is over.".into()));
    }
    if !seats::check(&mut conn, Slot::shift(shift.id), actor.id, check_in, now).await? {
        return Err(AppError::Invalid(
            "You're not signed up for this shift.".into(),
        ));
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
) -> Result<(), AppError> {
    require(actor, Role::Coordinator)?;
    let mut tx = seats::begin_write(db).await?;
    let shift = open_shift(&mut tx, shift_id, now).await?;
    let exists: bool = storage::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM accounts WHERE id = ? AND status = 'active')",
    )
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    if !exists {
        return Err(AppError::Invalid("Choose an active volunteer.".into()));
    }
    if seats::assign(&mut tx, Slot::shift(shift.id), account_id, now).await? {
        remind(&mut tx, &shift, account_id, now).await?;
        let body = format!("A coordinator put you on the shift at {}, {}. If you can't come, drop it in Vigil or tell them.", shift.facility.name, when(&shift));
        notify(
            &mut tx,
            account_id,
            Category::Changes,
            &shift,
            "assigned",
            "You're on a jail support shift".into(),
            body,
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
) -> Result<(), AppError> {
    require(actor, Role::Coordinator)?;
    let mut tx = seats::begin_write(db).await?;
    let shift = locked_shift(&mut tx, shift_id).await?;
    if how == SeatStatus::NoShow && now < shift.starts_at {
        return Err(AppError::Invalid(
            "A no-show can be marked once the shift has started.".into(),
        ));
    }
    let slot = Slot::shift(shift.id);
    let Some(promoted_ids) =
        seats::leave(&mut tx, slot, account_id, how, shift.max_volunteers, now).await?
    else {
        return Err(AppError::Invalid("That person isn't on this shift.".into()));
    };
    jobs::cancel_for_account(&mut tx, &slot.entity(), account_id, now).await?;
    if how == SeatStatus::Removed && shift.ends_at > now {
        let body = format!("A coordinator took you off the shift at {}, {}. Thank you — they'll be in touch if they need you.", shift.facility.name, when(&shift));
        notify(
            &mut tx,
            account_id,
            Category::Changes,
            &shift,
            "removed",
            "You're off a jail support shift".into(),
            body,
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
) -> Result<usize, AppError> {
    let mut tx = seats::begin_write(db).await?;
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
            let body = format!(
                "{} is no longer active in Vigil, so their seat on the shift at {}, {} is free again. The coverage board shows who is still on it.",
                account.name(),
                shift.facility.name,
                when(&shift)
            );
            for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
                notify(
                    &mut tx,
                    coordinator,
                    Category::CoordinatorAlerts,
                    &shift,
                    &format!("deactivated:{}", account.id),
                    "A seat on a shift is free again".into(),
                    body.clone(),
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

// ---- Urgent call-outs ------------------------------------------------------------------------

/// "N people needed at this shift now": every volunteer who opted in is told at once (not
/// held by quiet hours); the first N who accept get seats.
pub async fn call_out(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    needed: i64,
    now: DateTime<Utc>,
) -> Result<(i64, usize), AppError> {
    require(actor, Role::Coordinator)?;
    if !(1..=100).contains(&needed) {
        return Err(AppError::Invalid(
            "Ask for between 1 and 100 people.".into(),
        ));
    }
    let mut tx = seats::begin_write(db).await?;
    let shift = open_shift(&mut tx, shift_id, now).await?;
    let id = store::insert_callout(&mut tx, shift.id, needed, actor.id, now).await?;
    let on_shift: Vec<i64> = seats::seats(&mut *tx, Slot::shift(shift.id))
        .await?
        .into_iter()
        .filter(|s| s.status == SeatStatus::SignedUp)
        .map(|s| s.account_id)
        .collect();
    let tz = zone(&shift.facility.time_zone);
    let from = if shift.starts_at <= now {
        "now".to_string()
    } else {
        format!("from {}", time::day_time(shift.starts_at, tz))
    };
    let mut told = 0;
    for volunteer in store::urgent_volunteers(&mut tx).await? {
        if on_shift.contains(&volunteer) {
            continue;
        }
        let about = format!("callout:{id}");
        let body = format!(
            "{needed} {} needed at {} {from} (until {}). The first to answer get the seats.",
            if needed == 1 { "person" } else { "people" },
            shift.facility.name,
            time::clock(shift.ends_at, tz)
        );
        let notice = Notice {
            account_id: volunteer,
            category: Category::Urgent,
            about: &about,
            event: "sent",
            subject: "Jail support: people needed now".into(),
            body,
            path: format!("/call-outs/{id}"),
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
) -> Result<bool, AppError> {
    require(actor, Role::Volunteer)?;
    let mut tx = seats::begin_write(db).await?;
    let (shift_id, _, _) = store::get_callout(&mut *tx, callout_id)
        .await?
        .ok_or(AppError::NotFound)?;
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
) -> Result<CallOutView, AppError> {
    let (shift_id, needed, accepted) = store::get_callout(db, callout_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let shift = store::get_shift(db, shift_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let shift = cards(db, Some(actor), vec![shift], now)
        .await?
        .pop()
        .map(|c| c.1)
        .ok_or(AppError::NotFound)?;
    Ok(CallOutView {
        id: callout_id,
        shift,
        needed,
        accepted,
    })
}

// ---- Views ---------------------------------------------------------------------------------

/// Shift cards from `viewer`'s point of view, with their start times for sorting.
pub async fn cards(
    db: &Db,
    viewer: Option<&Account>,
    shifts: Vec<ShiftRow>,
    now: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, ShiftCard)>, AppError> {
    let ids: Vec<i64> = shifts.iter().map(|s| s.id).collect();
    let seat_rows = store::seats_on(db, &ids).await?;
    let mut by_shift: std::collections::HashMap<i64, Vec<&store::SeatRow>> =
        std::collections::HashMap::new();
    for seat in &seat_rows {
        by_shift.entry(seat.shift_id).or_default().push(seat);
    }
    let viewer_id = viewer.map(|a| a.id);
    Ok(shifts
        .into_iter()
        .map(|s| {
            let tz = zone(&s.facility.time_zone);
            let seats_here = by_shift.remove(&s.id).unwrap_or_default();
            let signed: Vec<&&store::SeatRow> = seats_here
                .iter()
                .filter(|r| r.status == "signed_up")
                .collect();
            let leads: Vec<bool> = signed.iter().map(|r| r.lead).collect();
            let cant = signed.iter().any(|r| r.cant_come);
            let mine = seats_here.iter().find(|r| Some(r.account_id) == viewer_id);
            let waitlist: Vec<&&store::SeatRow> = seats_here
                .iter()
                .filter(|r| r.status == "waitlisted")
                .collect();
            let my_place = viewer_id
                .and_then(|id| waitlist.iter().position(|r| r.account_id == id))
                .map(|p| p as i64 + 1);
            let card = ShiftCard {
                id: s.id,
                watch_id: s.watch_id,
                facility_id: s.facility.id,
                facility_name: s.facility.name.clone(),
                facility_address: s.facility.address.clone(),
                facility_notes: s.facility.notes.clone(),
                when: time::span(s.starts_at, s.ends_at, tz),
                day: time::local_date(s.starts_at, tz),
                min_volunteers: s.min_volunteers,
                max_volunteers: s.max_volunteers,
                needs_lead: s.needs_lead,
                signed_up: signed
                    .iter()
                    .map(|r| Helper {
                        account_id: r.account_id,
                        name: r.name.clone(),
                        lead: r.lead,
                        checked_in: r.checked_in,
                        cant_come: r.cant_come,
                    })
                    .collect(),
                waitlisted: waitlist.len() as i64,
                flags: rules::flags(&leads, s.min_volunteers, s.needs_lead, cant),
                time: rules::time_of(s.starts_at, s.ends_at, now),
                cancelled: s.cancelled,
                my_status: mine.and_then(|r| SeatStatus::from_key(&r.status)),
                my_waitlist_place: my_place,
                my_checked_in: mine.is_some_and(|r| r.checked_in),
                my_checked_out: mine.is_some_and(|r| r.checked_out),
                my_cant_come: mine.is_some_and(|r| r.cant_come),
                before_cutoff: rules::before_cutoff(s.starts_at, now),
            };
            (s.starts_at, card)
        })
        .collect())
}

/// How far ahead the open-shifts list looks.
pub const OPEN_SHIFTS_AHEAD: Duration = Duration::days(60);

/// Shifts a volunteer can sign up for, by day, the most understaffed first within a day;
/// one page of them, chosen in SQL. Cards are built for the page only.
pub async fn open_shifts(
    db: &Db,
    actor: &Account,
    facility: Option<i64>,
    day: Option<&str>,
    page: usize,
    now: DateTime<Utc>,
) -> Result<OpenShiftsPage, AppError> {
    let filter = store::OpenShiftFilter {
        from: now,
        to: now + OPEN_SHIFTS_AHEAD,
        facility,
        day,
    };
    let total = store::count_open_shifts(db, &filter).await?;
    let pages = total.div_ceil(OPEN_SHIFTS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let ids = store::open_shift_page(
        db,
        &filter,
        OPEN_SHIFTS_PER_PAGE,
        (page - 1) * OPEN_SHIFTS_PER_PAGE,
    )
    .await?;
    let shifts = store::shifts_by_ids(db, &ids).await?;
    let shifts = cards(db, Some(actor), shifts, now)
        .await?
        .into_iter()
        .map(|c| c.1)
        .collect();
    Ok(OpenShiftsPage {
        shifts,
        page,
        pages,
        total,
    })
}

pub async fn shift_card(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<ShiftCard, AppError> {
    let shift = store::get_shift(db, shift_id)
        .await?
        .ok_or(AppError::NotFound)?;
    cards(db, Some(actor), vec![shift], now)
        .await?
        .pop()
        .map(|c| c.1)
        .ok_or(AppError::NotFound)
}

/// `(upcoming and current, the 20 most recent past)`.
pub async fn my_shifts(
    db: &Db,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<(Vec<ShiftCard>, Vec<ShiftCard>), AppError> {
    let shifts = store::shifts_of_account(db, actor.id).await?;
    let all = cards(db, Some(actor), shifts, now).await?;
    let (mut past, upcoming): (Vec<_>, Vec<_>) = all
        .into_iter()
        .map(|c| c.1)
        .partition(|c| c.time == ShiftTime::Past);
    past.reverse();
    past.truncate(20);
    Ok((upcoming, past))
}

pub async fn coverage(
    db: &Db,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<CoverageBoard, AppError> {
    require(actor, Role::Coordinator)?;
    let shifts = store::shifts_between(db, now, now + Duration::days(7), None).await?;
    let mut list = cards(db, None, shifts, now).await?;
    rules::sort_coverage(&mut list);
    Ok(CoverageBoard {
        shifts: list.into_iter().map(|c| c.1).collect(),
        volunteers: store::active_with_role(db, "is_volunteer").await?,
    })
}

fn summary(w: &WatchRow) -> WatchSummary {
    let tz = zone(&w.facility.time_zone);
    let end = match (w.ends_at, w.closed_at) {
        (_, Some(closed)) => format!("closed {}", time::day_time(closed, tz)),
        (Some(end), None) => time::day_time(end, tz),
        (None, None) => "until the last person is out".into(),
    };
    WatchSummary {
        id: w.id,
        facility_id: w.facility.id,
        facility_name: w.facility.name.clone(),
        kind: w.kind,
        when: format!("{} – {end}", time::day_time(w.starts_at, tz)),
        open_ended: w.ends_at.is_none(),
        closed: w.closed_at.is_some(),
        slot_hours: w.slot_hours,
        min_volunteers: w.min_volunteers,
        max_volunteers: w.max_volunteers,
        needs_lead: w.needs_lead,
    }
}

pub async fn list_watches(db: &Db, actor: &Account) -> Result<Vec<WatchSummary>, AppError> {
    require(actor, Role::Coordinator)?;
    Ok(store::list_watches(db).await?.iter().map(summary).collect())
}

/// Whether `actor` may read the watch's log, and the shift they're on now.
async fn log_access(
    db: &Db,
    actor: &Account,
    shifts: &[(DateTime<Utc>, ShiftCard)],
) -> (bool, Option<i64>) {
    let _ = db;
    let coordinator = actor.has_role(Role::Coordinator);
    let mine = |c: &ShiftCard| c.my_status == Some(SeatStatus::SignedUp);
    let current = shifts
        .iter()
        .find(|(_, c)| mine(c) && c.time == ShiftTime::Now)
        .map(|(_, c)| c.id);
    (coordinator || shifts.iter().any(|(_, c)| mine(c)), current)
}

/// Shifts on the watch page: from the last half day to the coming week.
async fn watch_shift_cards(
    db: &Db,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, ShiftCard)>, AppError> {
    let shifts: Vec<ShiftRow> = store::shifts_of_watch(db, watch_id)
        .await?
        .into_iter()
        .filter(|s| s.ends_at > now - Duration::hours(12) && s.starts_at < now + Duration::days(7))
        .collect();
    cards(db, Some(actor), shifts, now).await
}

pub async fn watch_detail(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<WatchDetail, AppError> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let shifts = watch_shift_cards(ctx.db, actor, watch_id, now).await?;
    let (may_read, current_shift) = log_access(ctx.db, actor, &shifts).await;
    let coordinator = actor.has_role(Role::Coordinator);
    let log = if may_read {
        Some(release_entries(ctx, actor, watch_id, now).await?)
    } else {
        None
    };
    let mut expected = Vec::new();
    if coordinator || current_shift.is_some() {
        for (person_id, released) in store::expected(ctx.db, watch_id).await? {
            // `view` checks the helper's window and audits the view.
            if let Ok(person) = crate::people::service::view(ctx, actor, person_id, now).await {
                expected.push(ExpectedPerson {
                    person_id,
                    alias: person.display_name(),
                    released,
                });
            }
        }
    }
    let people_options = if coordinator {
        crate::people::service::list(ctx, actor, now)
            .await?
            .into_iter()
            .map(|p| (p.id, p.display_name()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(WatchDetail {
        watch: summary(&w),
        facility_notes: w.facility.notes.clone(),
        facility_address: w.facility.address.clone(),
        shifts: shifts.into_iter().map(|c| c.1).collect(),
        log,
        can_log: (coordinator || current_shift.is_some())
            && w.closed_at.is_none_or(|c| c > now - Duration::hours(12)),
        current_shift,
        expected,
        coordinator,
        people_options,
        now_local: time::input_value(now, zone(&w.facility.time_zone)),
    })
}

async fn release_entries(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<ReleaseEntry>, AppError> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tz = zone(&w.facility.time_zone);
    let mut entries = Vec::new();
    for r in store::releases(ctx.db, watch_id).await? {
        let label = match r.person_id {
            Some(id) => match crate::people::service::view(ctx, actor, id, now).await {
                Ok(person) => person.display_name(),
                Err(_) => "Expected person".into(),
            },
            None if r.label.is_empty() => "—".into(),
            None => r.label.clone(),
        };
        entries.push(ReleaseEntry {
            id: r.id,
            time: time::day_time(r.released_at, tz),
            label,
            needs: r.needs.split(',').filter_map(Need::from_key).collect(),
            handoff_note: r.handoff_note,
            logged_by: r.logged_by,
        });
    }
    Ok(entries)
}

/// The log alone (the watch page refreshes it while open).
pub async fn release_log(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<ReleaseEntry>, AppError> {
    let shifts = watch_shift_cards(ctx.db, actor, watch_id, now).await?;
    if !log_access(ctx.db, actor, &shifts).await.0 {
        return Err(AppError::Forbidden);
    }
    release_entries(ctx, actor, watch_id, now).await
}

pub const HANDOFF_NOTE_MAX: usize = 500;
/// Handoff notes are wiped this long after the release.
pub const HANDOFF_NOTE_DAYS: i64 = 30;

/// Logs a release met. Volunteers on a shift of the watch now, or coordinators.
pub async fn log_release(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    get: impl Fn(&str) -> String,
    needs: &[&str],
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let shifts = watch_shift_cards(ctx.db, actor, watch_id, now).await?;
    let (_, current_shift) = log_access(ctx.db, actor, &shifts).await;
    if current_shift.is_none() && !actor.has_role(Role::Coordinator) {
        return Err(AppError::Invalid(
            "Only the volunteers on shift now (and coordinators) can log releases here.".into(),
        ));
    }
    let tz = zone(&w.facility.time_zone);
    let mut errors = FieldErrors::new();
    let released_at = match get("released_at").trim() {
        "" => now,
        text => match time::parse_local(text, tz) {
            Ok(t) if t <= now + Duration::minutes(5) => t,
            Ok(_) => {
                errors.push(("released_at", "That time is in the future.".into()));
                now
            }
            Err(e) => {
                errors.push(("released_at", e));
                now
            }
        },
    };
    let label = get("label").trim().to_string();
    if label.chars().count() > 20 {
        errors.push((
            "label",
            "Keep the label short, like R-14 (20 characters at most). Never a name.".into(),
        ));
    }
    let expected: Vec<i64> = store::expected(ctx.db, watch_id)
        .await?
        .into_iter()
        .map(|e| e.0)
        .collect();
    let person_id = match get("person_id").trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) if expected.contains(&id) => Some(id),
            _ => {
                errors.push((
                    "person_id",
                    "Choose someone from the expected list, or leave it empty.".into(),
                ));
                None
            }
        },
    };
    let mut keys = Vec::new();
    for need in needs {
        match Need::from_key(need) {
            Some(n) if !keys.contains(&n.key()) => keys.push(n.key()),
            Some(_) => {}
            None => errors.push(("needs", "Choose from the list.".into())),
        }
    }
    let note = get("handoff_note").trim().to_string();
    if note.chars().count() > HANDOFF_NOTE_MAX {
        errors.push((
            "handoff_note",
            format!("Keep the note under {HANDOFF_NOTE_MAX} characters."),
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let new = NewRelease {
        watch_id,
        shift_id: current_shift,
        released_at,
        label: &label,
        person_id,
        needs: keys.join(","),
        handoff_note: &note,
        logged_by: actor.id,
    };
    let id = store::insert_release(ctx.db, &new, now).await?;
    if let Some(person_id) = person_id {
        store::mark_expected_released(ctx.db, watch_id, person_id, now).await?;
        crate::people::service::record_event(ctx, ctx.db, person_id, released_at, now).await?;
    }
    tracing::info!(
        watch = watch_id,
        release = id,
        by = actor.id,
        "release logged"
    );
    Ok(Ok(id))
}

/// A coordinator lists a supported person as expected out of this watch's facility.
pub async fn add_expected(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require(actor, Role::Coordinator)?;
    store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::people::store::get(ctx.db, person_id)
        .await?
        .ok_or(AppError::Invalid("Choose a person from the list.".into()))?;
    store::add_expected(ctx.db, watch_id, person_id, now).await
}

/// Daily: handoff notes older than `HANDOFF_NOTE_DAYS` are wiped.
pub async fn wipe_old_notes(db: &Db, now: DateTime<Utc>) -> Result<u64, AppError> {
    store::wipe_notes_before(db, now - Duration::days(HANDOFF_NOTE_DAYS)).await
}

// ---- Coordinator alerts ------------------------------------------------------------------

/// Tells every coordinator, once per shift, about shifts starting within `hours` that are
/// still understaffed. Run by the housekeeping loop; returns how many shifts were reported.
pub async fn alert_understaffed(
    db: &Db,
    hours: i64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let soon = store::shifts_between(db, now, now + Duration::hours(hours), None).await?;
    let soon: Vec<ShiftRow> = soon.into_iter().filter(|s| s.starts_at > now).collect();
    let short: Vec<(DateTime<Utc>, ShiftCard)> = cards(db, None, soon, now)
        .await?
        .into_iter()
        .filter(|(_, c)| (c.signed_up.len() as i64) < c.min_volunteers)
        .collect();
    if short.is_empty() {
        return Ok(0);
    }
    let mut tx = seats::begin_write(db).await?;
    let coordinators = crate::accounts::store::active_coordinators(&mut tx).await?;
    let mut reported = 0;
    for (_, card) in &short {
        let about = Slot::shift(card.id).entity();
        let body = format!(
            "The shift at {}, {}, has {} of the {} volunteers it needs. The coverage board has it; an urgent call-out may help.",
            card.facility_name,
            card.when,
            card.signed_up.len(),
            card.min_volunteers
        );
        let mut queued = false;
        for coordinator in &coordinators {
            let notice = Notice {
                account_id: *coordinator,
                category: Category::CoordinatorAlerts,
                about: &about,
                event: "understaffed",
                subject: "A jail support shift needs people".into(),
                body: body.clone(),
                path: crate::routes::COVERAGE.into(),
            };
            queued |= notices::queue(&mut tx, &notice, now).await?;
        }
        reported += usize::from(queued);
    }
    tx.commit().await?;
    Ok(reported)
}

/// The coordinators' weekly digest: coverage for the coming seven days. Queued once per ISO
/// week per coordinator (run it as often as you like).
pub async fn weekly_digest(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    use chrono::Datelike;
    let week = now.iso_week();
    let event = format!("{}-W{:02}", week.year(), week.week());
    let shifts = store::shifts_between(db, now, now + Duration::days(7), None).await?;
    let mut list = cards(db, None, shifts, now).await?;
    rules::sort_coverage(&mut list);
    let flagged: Vec<&ShiftCard> = list
        .iter()
        .map(|(_, c)| c)
        .filter(|c| !c.flags.is_empty())
        .collect();
    let seats_open: i64 = list
        .iter()
        .map(|(_, c)| (c.min_volunteers - c.signed_up.len() as i64).max(0))
        .sum();
    let mut body = format!(
        "The coming week: {} shifts, {} of them needing attention, {} more volunteers needed to reach every shift's minimum.",
        list.len(),
        flagged.len(),
        seats_open
    );
    for card in flagged.iter().take(12) {
        let flags = card
            .flags
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ");
        body.push_str(&format!(
            "\n- {}, {}: {} ({})",
            card.facility_name,
            card.when,
            card.staffing(),
            flags
        ));
    }
    if flagged.len() > 12 {
        body.push_str(&format!(
            "\n… and {} more on the coverage board.",
            flagged.len() - 12
        ));
    }
    let low = crate::supplies::service::digest_lines(db).await?;
    if !low.is_empty() {
        body.push_str("\n\nSupplies running low or needing a count:");
        for line in low.iter().take(20) {
            body.push_str(&format!("\n- {line}"));
        }
    }
    let mut tx = seats::begin_write(db).await?;
    let mut queued = 0;
    for coordinator in crate::accounts::store::active_coordinators(&mut tx).await? {
        let notice = Notice {
            account_id: coordinator,
            category: Category::CoordinatorAlerts,
            about: "digest",
            event: &event,
            subject: "Vigil: the coming week".into(),
            body: body.clone(),
            path: crate::routes::COVERAGE.into(),
        };
        queued += usize::from(notices::queue(&mut tx, &notice, now).await?);
    }
    tx.commit().await?;
    Ok(queued)
}
