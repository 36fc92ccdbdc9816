//! What pages show of watches and shifts: cards cut to the viewer, open shifts by day,
//! my shifts, the coverage board and a watch's page.
use super::*;

/// Shift cards from `viewer`'s point of view, with their start times for sorting.
pub async fn cards(
    db: &Db,
    viewer: Option<&Account>,
    shifts: Vec<ShiftRow>,
    now: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, ShiftCard)>, Failure> {
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
                when: time::Span::new(s.starts_at, Some(s.ends_at), &s.facility.time_zone),
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
                        confirmed: r.confirmed,
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
) -> Result<OpenShiftsPage, Failure> {
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
) -> Result<ShiftCard, Failure> {
    let shift = store::get_shift(db, shift_id)
        .await?
        .ok_or(Failure::NotFound)?;
    cards(db, Some(actor), vec![shift], now)
        .await?
        .pop()
        .map(|c| c.1)
        .ok_or(Failure::NotFound)
}

/// `(upcoming and current, the 20 most recent past)`.
pub async fn my_shifts(
    db: &Db,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<(Vec<ShiftCard>, Vec<ShiftCard>), Failure> {
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
) -> Result<CoverageBoard, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let shifts = store::shifts_between(db, now, now + Duration::days(7), None).await?;
    let mut list = cards(db, None, shifts, now).await?;
    rules::sort_coverage(&mut list);
    Ok(CoverageBoard {
        shifts: list.into_iter().map(|c| c.1).collect(),
        volunteers: store::active_with_role(db, "is_volunteer").await?,
    })
}

pub(super) fn summary(w: &WatchRow) -> WatchSummary {
    WatchSummary {
        id: w.id,
        facility_id: w.facility.id,
        facility_name: w.facility.name.clone(),
        kind: w.kind,
        when: time::Span::new(w.starts_at, w.ends_at, &w.facility.time_zone),
        closed_at: w.closed_at,
        open_ended: w.ends_at.is_none(),
        closed: w.closed_at.is_some(),
        slot_hours: w.slot_hours,
        min_volunteers: w.min_volunteers,
        max_volunteers: w.max_volunteers,
        needs_lead: w.needs_lead,
    }
}

pub async fn list_watches(db: &Db, actor: &Account) -> Result<Vec<WatchSummary>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    Ok(store::list_watches(db).await?.iter().map(summary).collect())
}

/// Whether `actor` may read the watch's log, and the shift they're on now.
pub(super) async fn log_access(
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
pub(super) async fn watch_shift_cards(
    db: &Db,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, ShiftCard)>, Failure> {
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
) -> Result<WatchDetail, Failure> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(Failure::NotFound)?;
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
            if let Ok(person) = crate::people::view(ctx, actor, person_id, now).await {
                expected.push(ExpectedPerson {
                    person_id,
                    alias: person.display_name(),
                    released,
                });
            }
        }
    }
    let people_options = if coordinator {
        crate::people::list(ctx, actor, now)
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
