//! Rides to court and back, or home from the jail. Coordinators make them on a person's page
//! (or open the draft a person's `RIDE` text made); drivers take them with the seat
//! mechanism, so two can never both take a one-driver ride; the coordinators, and the person
//! if they agreed to messages, are told who is coming.
//!
//! - this file: making, opening, cancelling, taking and giving up a ride; forgetting;
//! - `views`: rides as pages show them, cut to the viewer (the pickup opens, audited, only to
//!   a ride's driver in the need-to-know window, and to coordinators).
mod views;

pub use views::{board, my_rides, open_rides, person_rides};
pub use vigil_db::rides as store;
pub use vigil_domain::rides::*;

use crate::accounts::{require_role, Account, Role};
use crate::notifications::notices::{self, Notice};
use crate::notifications::{jobs, At, Category, Message};
use crate::signups::{seats, SeatOutcome, SeatStatus, Slot};
use crate::storage;
use crate::time::{parse_local, zone};
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use store::{RideFacts, RideRow};
use vigil_domain::FieldErrors;

/// Where a ride's pickup is sealed: bound into the ciphertext.
pub(crate) fn pickup_at(id: i64) -> crate::people::Linked {
    crate::people::Linked {
        table: "rides",
        column: "pickup",
        row_id: id,
    }
}

/// A ride in a message: the facility's public name and the pickup time.
pub(crate) fn at(r: &RideRow) -> At {
    At {
        place: r.facility_name.clone(),
        time_zone: r.time_zone.clone(),
        starts_at: r.starts_at,
        ends_at: None,
    }
}

/// A `RIDE` text asks for a pickup this long before the hearing; a coordinator adjusts it.
const DRAFT_BEFORE_HEARING: Duration = Duration::minutes(90);

/// Makes a ride for a person (`ride: None`), or fills in and opens one of theirs (a draft).
/// Returns the ride's id, or what to fix, field by field.
pub async fn save(
    core: &Core,
    actor: &Account,
    person_id: i64,
    ride: Option<i64>,
    input: &RideInput,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let options = store::options_of_person(&core.db, person_id, now).await?;
    let Some(to) = options.iter().find(|o| o.ride_for == input.ride_for) else {
        return Ok(Err(vec![("for", Refusal::ChooseWhat.into())]));
    };
    let starts_at = match parse_local(&input.time, zone(&to.time_zone)) {
        Ok(at) if at <= now => return Ok(Err(vec![("time", Refusal::Past.into())])),
        Ok(at) => at,
        Err(why) => return Ok(Err(vec![("time", why.into())])),
    };
    let facts = RideFacts {
        ride_for: input.ride_for,
        starts_at,
        seats: input.seats,
        drivers: input.drivers,
        area: &input.area,
        status: RideStatus::Open,
    };
    let ctx = core.people_ctx();
    let mut tx = storage::begin_write(&core.db).await?;
    let id = match ride {
        Some(id) => {
            let current = store::get(&mut *tx, id).await?;
            if current.is_none_or(|r| r.person_id != person_id) {
                return Err(Failure::NotFound);
            }
            if !store::update(&mut tx, id, &facts, now).await? {
                return Err(Refusal::NotOpen.into());
            }
            id
        }
        None => store::insert(&mut tx, person_id, &facts, false, now).await?,
    };
    let sealed =
        crate::people::seal_linked(&ctx, &mut tx, person_id, &pickup_at(id), &input.pickup).await?;
    store::set_pickup(&mut tx, id, sealed.as_deref()).await?;
    // The person is kept at least until after their ride.
    crate::people::record_event(&ctx, &mut *tx, person_id, starts_at, now).await?;
    tx.commit().await?;
    tracing::info!(ride = id, person = person_id, by = actor.id, "ride saved");
    Ok(Ok(id))
}

/// A coordinator calls a ride off; its drivers are told.
pub async fn cancel(
    core: &Core,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let mut tx = storage::begin_write(&core.db).await?;
    storage::lock_until_commit(&mut tx, &Slot::ride(id).entity()).await?;
    let ride = store::get(&mut *tx, id).await?.ok_or(Failure::NotFound)?;
    if !store::cancel(&mut tx, id, now).await? {
        return Err(Refusal::NotOpen.into());
    }
    // Its messages first (they would say it is on): the drivers' notices are about it too.
    jobs::forget_entity(&mut tx, &Slot::ride(id).entity()).await?;
    tell_drivers_cancelled(&mut tx, &ride, now).await?;
    tx.commit().await?;
    tracing::info!(ride = id, by = actor.id, "ride cancelled");
    Ok(())
}

async fn tell_drivers_cancelled(
    conn: &mut storage::Conn,
    ride: &RideRow,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if ride.starts_at <= now || ride.status != RideStatus::Open {
        return Ok(());
    }
    let about = Slot::ride(ride.id).entity();
    for seat in seats::seats(&mut *conn, Slot::ride(ride.id)).await? {
        if seat.status != SeatStatus::SignedUp {
            continue;
        }
        let notice = Notice {
            account_id: seat.account_id,
            category: Category::Changes,
            about: &about,
            event: "cancelled",
            message: Message::RideCancelled { at: at(ride) },
            path: crate::paths::RIDES.into(),
        };
        notices::queue(&mut *conn, &notice, now).await?;
    }
    Ok(())
}

/// A driver takes a ride. One seat per driver wanted, taken in one write transaction: of any
/// number trying at once, only that many get it; the others are told someone was quicker.
/// The coordinators, and the person if they agreed to messages, are told who is coming.
pub async fn take(
    core: &Core,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if !actor.driver {
        return Err(Refusal::NotADriver.into());
    }
    let mut tx = storage::begin_write(&core.db).await?;
    let ride = store::get(&mut *tx, id).await?.ok_or(Failure::NotFound)?;
    if ride.status != RideStatus::Open || ride.starts_at <= now {
        return Err(Refusal::NotOpen.into());
    }
    let slot = Slot::ride(id);
    let capacity = seats::Capacity::Known(ride.drivers);
    match seats::take(&mut tx, slot, actor.id, capacity, now).await? {
        SeatOutcome::SignedUp => {}
        SeatOutcome::AlreadySignedUp => return Ok(()),
        // A ride has no waitlist: dropping the transaction undoes the place in line.
        SeatOutcome::Waitlisted | SeatOutcome::AlreadyWaitlisted => {
            return Err(Refusal::Taken.into())
        }
    }
    let taken = Message::RideTaken {
        driver: actor.name().to_string(),
        at: at(&ride),
    };
    let event = format!("taken:{}", actor.id);
    let path = crate::paths::person(ride.person_id);
    notices::to_coordinators(&mut tx, &slot.entity(), &event, taken, path, now).await?;
    crate::court_reminders::tell_person_of_ride(
        &mut tx,
        ride.person_id,
        id,
        "ride_coming",
        &actor.id.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(ride = id, driver = actor.id, "ride taken");
    Ok(())
}

/// The driver can't drive it after all: the ride is open again (the board shows it).
pub async fn give_up(
    core: &Core,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let mut tx = storage::begin_write(&core.db).await?;
    let ride = store::get(&mut *tx, id).await?.ok_or(Failure::NotFound)?;
    let slot = Slot::ride(id);
    seats::leave(
        &mut tx,
        slot,
        actor.id,
        SeatStatus::Dropped,
        ride.drivers,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(ride = id, driver = actor.id, "ride given up");
    Ok(())
}

/// A person texted `RIDE`: a draft ride to their next hearing, for a coordinator to fill in
/// and open; the coordinators are told, and the person hears that a person will confirm.
/// `false` if they have no hearing ahead (the text is then kept as a message).
pub(crate) async fn asked_by_text(
    core: &Core,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    let mut tx = storage::begin_write(&core.db).await?;
    let next = store::options_of_person(&mut *tx, person_id, now)
        .await?
        .into_iter()
        .find(|o| matches!(o.ride_for, RideFor::Hearing(_)));
    let Some(hearing) = next else {
        return Ok(false);
    };
    let RideFor::Hearing(hearing_id) = hearing.ride_for else {
        return Ok(false);
    };
    let id = match store::draft_for(&mut tx, hearing_id).await? {
        Some(id) => id,
        None => {
            let facts = RideFacts {
                ride_for: hearing.ride_for,
                starts_at: (hearing.starts_at - DRAFT_BEFORE_HEARING).max(now),
                seats: 1,
                drivers: 1,
                area: "",
                status: RideStatus::Draft,
            };
            let id = store::insert(&mut tx, person_id, &facts, true, now).await?;
            let (about, path) = (Slot::ride(id).entity(), crate::paths::person(person_id));
            let asked = Message::RideRequested;
            notices::to_coordinators(&mut tx, &about, "asked", asked, path, now).await?;
            id
        }
    };
    let day = now.date_naive().to_string();
    crate::court_reminders::tell_person_of_ride(&mut tx, person_id, id, "ride_asked", &day, now)
        .await?;
    tx.commit().await?;
    tracing::info!(ride = id, person = person_id, "ride asked for by text");
    Ok(true)
}

/// Forgetting people: their rides' drivers are told of those still ahead, and the rides'
/// messages and seats go (the rows go with the person, by foreign key).
pub(crate) async fn forget_people(
    conn: &mut storage::Conn,
    person_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    for id in store::ids_of_people(&mut *conn, person_ids).await? {
        let slot = Slot::ride(id);
        storage::lock_until_commit(conn, &slot.entity()).await?;
        // Sent or not, its messages name a court and a time: they go first, then the
        // drivers hear it is off (a notice about it, which forgetting would take too).
        jobs::forget_entity(&mut *conn, &slot.entity()).await?;
        if let Some(ride) = store::get(&mut *conn, id).await? {
            tell_drivers_cancelled(conn, &ride, now).await?;
        }
        seats::forget_slot(&mut *conn, slot).await?;
    }
    Ok(())
}
