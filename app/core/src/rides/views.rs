//! Rides as pages show them, cut to the viewer. Every driver sees a ride's time, facility and
//! rough area; its pickup opens only to a driver of it inside the need-to-know window (and to
//! coordinators), and each opening is audited against the person.
use super::store::{self, RideRow};
use super::{pickup_at, Driver, PersonRides, RideCard, RideOption, RideStatus};
use crate::accounts::{require_role, Account, Role};
use crate::people::FieldValue;
use crate::time::Span;
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// How far ahead drivers see open rides.
const OPEN_AHEAD: Duration = Duration::days(30);
/// The coverage board looks a week ahead, like its shifts.
const BOARD_AHEAD: Duration = Duration::days(7);
/// A ride stays on its driver's list this long after its time.
const KEEP_AFTER: Duration = Duration::hours(8);

/// Which page a list of rides is for, and so what it shows beyond the public facts.
#[derive(Clone, Copy, PartialEq)]
enum Cut {
    /// A driver's lists: the pickup of a ride they drive, inside the window.
    Driver,
    /// The coverage board: whose ride (a link), no pickups.
    Board,
    /// A person's page (coordinators): every pickup.
    PersonPage,
}

async fn cards(
    core: &Core,
    actor: &Account,
    cut: Cut,
    rows: Vec<RideRow>,
    now: DateTime<Utc>,
) -> Result<Vec<RideCard>, Failure> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut drivers: HashMap<i64, Vec<Driver>> = HashMap::new();
    for (ride, account_id, name) in store::drivers(&core.db, &ids).await? {
        drivers
            .entry(ride)
            .or_default()
            .push(Driver { account_id, name });
    }
    let ctx = core.people_ctx();
    let mut out = Vec::with_capacity(rows.len());
    let mut opened = Vec::new();
    for r in rows {
        let drivers = drivers.remove(&r.id).unwrap_or_default();
        let mine = drivers.iter().any(|d| d.account_id == actor.id);
        let sees_pickup = match cut {
            Cut::PersonPage => true,
            Cut::Board => false,
            Cut::Driver => mine && crate::people::may_see(&ctx, actor, r.person_id, now).await?,
        };
        let pickup = if sees_pickup {
            let value = crate::people::open_linked(
                &ctx,
                r.person_id,
                &pickup_at(r.id),
                r.pickup.as_deref(),
            )
            .await;
            if value != FieldValue::Empty {
                opened.push(r.person_id);
            }
            Some(value)
        } else {
            None
        };
        out.push(RideCard {
            id: r.id,
            for_key: r.ride_for.key(),
            to_court: r.to_court(),
            when: Span::new(r.starts_at, None, &r.time_zone),
            facility_name: r.facility_name.clone(),
            area: r.area.clone(),
            seats: r.seats,
            drivers_wanted: r.drivers,
            drivers,
            status: r.status,
            asked_by_person: r.asked_by_person,
            mine,
            pickup,
            person_id: (cut != Cut::Driver).then_some(r.person_id),
        });
    }
    opened.sort_unstable();
    opened.dedup();
    crate::people::store::audit(&core.db, Some(actor.id), &opened, "ride pickup", now).await?;
    Ok(out)
}

/// Open rides ahead, for drivers (and coordinators): what each needs, who drives it.
pub async fn open_rides(
    core: &Core,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<RideCard>, Failure> {
    if !actor.driver && !actor.has_role(Role::Coordinator) {
        return Err(Failure::Forbidden);
    }
    let rows = store::between(&core.db, now, now + OPEN_AHEAD).await?;
    let rows = rows
        .into_iter()
        .filter(|r| r.status == RideStatus::Open)
        .collect();
    // Coordinators read pickups on a person's page; here everyone sees a driver's view.
    cards(core, actor, Cut::Driver, rows, now).await
}

/// The rides `actor` drives, with the pickup when the window is open ("My shifts").
pub async fn my_rides(
    core: &Core,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<RideCard>, Failure> {
    let rows = store::driven_by(&core.db, actor.id, now - KEEP_AFTER).await?;
    cards(core, actor, Cut::Driver, rows, now).await
}

/// The coverage board's rides: drafts to open and rides in the coming week (no pickups).
pub async fn board(
    core: &Core,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<RideCard>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let rows = store::between(&core.db, now, now + BOARD_AHEAD).await?;
    let mut list = cards(core, actor, Cut::Board, rows, now).await?;
    // Drafts and rides still needing a driver first, each by time.
    list.sort_by_key(|c| {
        (
            !(c.status == RideStatus::Draft || c.needs_driver()),
            c.when.starts_at,
        )
    });
    Ok(list)
}

/// A person's rides, pickups opened (audited), and what a new one can be for.
pub async fn person_rides(
    core: &Core,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<PersonRides, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let rows = store::of_person(&core.db, person_id, now - KEEP_AFTER).await?;
    let rides = cards(core, actor, Cut::PersonPage, rows, now).await?;
    let options = store::options_of_person(&core.db, person_id, now)
        .await?
        .into_iter()
        .map(|d| RideOption {
            key: d.ride_for.key(),
            to_court: matches!(d.ride_for, super::RideFor::Hearing(_)),
            when: Span::new(d.starts_at, None, &d.time_zone),
            facility_name: d.facility_name,
        })
        .collect();
    Ok(PersonRides { rides, options })
}
