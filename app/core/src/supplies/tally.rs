//! The tally screen: what a volunteer on shift, or an accompanier after a hearing, hands
//! out, tapped (offline taps arrive later, each once), and the low-stock alert a handout
//! can set off.
use super::*;

/// How long after a shift its volunteers can still log handouts (taps sent late from a
/// phone that had no signal).
pub(super) const TALLY_AFTER: Duration = Duration::hours(2);

/// What a tally screen counts against, once its reader may use it.
pub(super) struct TallySite {
    at: TallyAt,
    site: String,
    when: time::Span,
    /// When taps may be dated (a phone's clock outside it is not believed).
    window: (DateTime<Utc>, DateTime<Utc>),
    /// A shift's watch: its releases can be counted against.
    watch_id: Option<i64>,
    draw_from: LocationRef,
}

pub(super) async fn open_tally(
    db: &Db,
    actor: &Account,
    at: TallyAt,
    now: DateTime<Utc>,
) -> Result<TallySite, Failure> {
    match at {
        TallyAt::Shift(id) => open_shift(db, actor, id, now).await,
        TallyAt::Hearing(id) => open_hearing(db, actor, id, now).await,
    }
}

/// Whether `actor` holds a seat on `slot` (coordinators need none).
async fn seated(db: &Db, actor: &Account, slot: Slot) -> Result<(), Failure> {
    if actor.has_role(Role::Coordinator) {
        return Ok(());
    }
    let mut conn = db.acquire().await?;
    match seats::seat(&mut conn, slot, actor.id).await? {
        Some(seat) if seat.status == SeatStatus::SignedUp => Ok(()),
        _ => Err(Failure::Forbidden),
    }
}

/// A shift: those signed up, from when check-in opens until `TALLY_AFTER` the end;
/// coordinators at any time. Handouts come from the facility's kit.
async fn open_shift(
    db: &Db,
    actor: &Account,
    shift_id: i64,
    now: DateTime<Utc>,
) -> Result<TallySite, Failure> {
    let shift = crate::watches::store::get_shift(db, shift_id)
        .await?
        .ok_or(Failure::NotFound)?;
    seated(db, actor, Slot::shift(shift_id)).await?;
    let window = (
        shift.starts_at - CHECK_IN_EARLY,
        shift.ends_at + TALLY_AFTER,
    );
    if !actor.has_role(Role::Coordinator) {
        if shift.cancelled {
            return Err(Refusal::ShiftCancelled.into());
        }
        if now < window.0 {
            return Err(Refusal::HandoutsNotOpen.into());
        }
        if now > window.1 {
            return Err(Refusal::HandoutsShiftOver.into());
        }
    }
    Ok(TallySite {
        at: TallyAt::Shift(shift.id),
        site: shift.facility.name.clone(),
        when: time::Span::new(
            shift.starts_at,
            Some(shift.ends_at),
            &shift.facility.time_zone,
        ),
        window,
        watch_id: Some(shift.watch_id),
        draw_from: LocationRef::FacilityKit(shift.facility.id),
    })
}

/// A hearing: its accompaniers, from the meeting time until `HEARING_TALLY_AFTER_HOURS`
/// after it starts; coordinators at any time. Handouts come from the place a coordinator
/// named for the hearing, else the court's kit.
async fn open_hearing(
    db: &Db,
    actor: &Account,
    hearing_id: i64,
    now: DateTime<Utc>,
) -> Result<TallySite, Failure> {
    let hearing = crate::hearings::store::get(db, hearing_id)
        .await?
        .ok_or(Failure::NotFound)?;
    seated(db, actor, Slot::hearing(hearing_id)).await?;
    let window = (
        hearing.starts_at - Duration::minutes(hearing.meet_minutes.max(0)),
        hearing.starts_at + Duration::hours(HEARING_TALLY_AFTER_HOURS),
    );
    if !actor.has_role(Role::Coordinator) {
        if hearing.status == crate::hearings::HearingStatus::Cancelled {
            return Err(Refusal::HearingCancelled.into());
        }
        if now < window.0 {
            return Err(Refusal::HearingHandoutsNotOpen.into());
        }
        if now > window.1 {
            return Err(Refusal::HearingHandoutsOver.into());
        }
    }
    let draw_from = match handouts::hearing_source(db, hearing_id).await? {
        Some(location) => LocationRef::Location(location),
        None => LocationRef::FacilityKit(hearing.court.id),
    };
    Ok(TallySite {
        at: TallyAt::Hearing(hearing.id),
        site: hearing.court.name.clone(),
        when: time::Span::new(hearing.starts_at, None, &hearing.court.time_zone),
        window,
        watch_id: None,
        draw_from,
    })
}

pub(super) fn form_id() -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().gen();
    format!("form-{}", hex::encode(bytes))
}

pub(super) async fn build_tally(db: &Db, site: &TallySite) -> Result<Tally, Failure> {
    // Reading never makes a kit: one that doesn't exist yet holds nothing.
    let source = match site.draw_from {
        LocationRef::FacilityKit(facility) => store::kit_id(db, facility).await?,
        LocationRef::Location(id) => Some(id),
    };
    let held: HashMap<i64, i64> = match source {
        Some(location) => store::on_hand_at(db, location).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    let handed: HashMap<i64, i64> = match site.at {
        TallyAt::Shift(id) => store::shift_handouts(db, id).await?,
        TallyAt::Hearing(id) => handouts::hearing_handouts(db, id).await?,
    }
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
    let releases = match site.watch_id {
        Some(watch) => store::releases_since(db, watch, site.when.starts_at - Duration::hours(1))
            .await?
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    Ok(Tally {
        at: site.at,
        site: site.site.clone(),
        when: site.when.clone(),
        lines,
        releases,
        form_id: form_id(),
    })
}

pub async fn tally(
    db: &Db,
    actor: &Account,
    at: TallyAt,
    now: DateTime<Utc>,
) -> Result<Tally, Failure> {
    let site = open_tally(db, actor, at, now).await?;
    build_tally(db, &site).await
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
    at: TallyAt,
    taps: &[Tap],
    now: DateTime<Utc>,
) -> Result<Tally, Failure> {
    ledger::check_taps(taps)?;
    let site = open_tally(db, actor, at, now).await?;
    let (shift_id, hearing_id, occasion) = match at {
        TallyAt::Shift(id) => (Some(id), None, Occasion::Shift),
        TallyAt::Hearing(id) => (None, Some(id), Occasion::Hearing),
    };
    let mut tx = crate::storage::begin_write(db).await?;
    storage::lock_until_commit(&mut tx, LEDGER).await?;
    let kit = store::resolve(&mut tx, site.draw_from, now)
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
            let so_far = match at {
                TallyAt::Shift(id) => store::shift_handout_of(&mut tx, id, tap.item_id).await?,
                TallyAt::Hearing(id) => {
                    handouts::hearing_handout_of(&mut tx, id, tap.item_id).await?
                }
            };
            delta = delta.max(-so_far);
            if delta == 0 {
                continue;
            }
        }
        let release_id = match (tap.release_id, site.watch_id) {
            (Some(release), Some(watch))
                if store::release_watch(&mut tx, release).await? == Some(watch) =>
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
            shift_id,
            hearing_id,
            occasion: Some(occasion.key()),
            release_id,
            tap_id: Some(&tap.tap_id),
            beyond_stock: delta > 0 && after < 0,
            recorded_by: Some(actor.id),
            occurred_at: ledger::tap_time(tap.tapped_at_ms, site.window, now),
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
    build_tally(db, &site).await
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

/// A coordinator names where a hearing's handouts come from: a storage place, or (empty,
/// or the court's kit) the court's kit.
pub async fn set_hearing_source(
    db: &Db,
    actor: &Account,
    hearing_id: i64,
    place: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let hearing = crate::hearings::store::get(db, hearing_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let location = match LocationRef::parse(place) {
        None if place.trim().is_empty() => None,
        Some(LocationRef::FacilityKit(f)) if f == hearing.court.id => None,
        Some(LocationRef::Location(id)) => {
            let mut conn = db.acquire().await?;
            match store::resolve(&mut conn, LocationRef::Location(id), now).await? {
                Some(id) => Some(id),
                None => return Ok(Err(vec![("place", Refusal::ChoosePlace.into())])),
            }
        }
        _ => return Ok(Err(vec![("place", Refusal::ChoosePlace.into())])),
    };
    handouts::set_hearing_source(db, hearing_id, location).await?;
    tracing::info!(
        hearing = hearing_id,
        by = actor.id,
        "hearing handouts place set"
    );
    Ok(Ok(()))
}

/// Where a hearing's handouts come from now, and the places a coordinator may name.
pub async fn hearing_source(
    db: &Db,
    actor: &Account,
    hearing_id: i64,
) -> Result<HearingSource, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let hearing = crate::hearings::store::get(db, hearing_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let places = store::locations(db)
        .await?
        .into_iter()
        .filter(|l| l.facility_id != Some(hearing.court.id))
        .map(|l| (l.id, l.name))
        .collect();
    Ok(HearingSource {
        court_id: hearing.court.id,
        court: hearing.court.name,
        places,
        chosen: handouts::hearing_source(db, hearing_id).await?,
    })
}
