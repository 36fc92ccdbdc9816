//! What people see of hearings: cards and the browse list cut to the viewer, a hearing's
//! page (the courtroom and the person only to those who may see them), my hearings.
use super::*;

/// Those going see a hearing's sealed details from a day before it until this long after it
/// starts (coordinators always).
pub const DETAILS_AFTER: Duration = Duration::hours(8);

pub(super) fn in_details_window(h: &HearingRow, now: DateTime<Utc>) -> bool {
    h.starts_at - people::HELPER_WINDOW <= now && now <= h.starts_at + DETAILS_AFTER
}

/// When those going meet: `meet_minutes` before the start.
pub(super) fn meet_at(h: &HearingRow) -> DateTime<Utc> {
    h.starts_at - Duration::minutes(h.meet_minutes)
}

/// Cards for `rows` from `viewer`'s point of view.
pub(super) async fn cards(
    db: &Db,
    viewer: &Account,
    rows: &[HearingRow],
    now: DateTime<Utc>,
) -> Result<Vec<HearingCard>, Failure> {
    let mut cards = Vec::with_capacity(rows.len());
    for h in rows {
        let slot = Slot::hearing(h.id);
        let held = seats::seats(db, slot).await?;
        let on: Vec<i64> = held
            .iter()
            .filter(|s| s.status == SeatStatus::SignedUp)
            .map(|s| s.account_id)
            .collect();
        let names = store::names(db, &on).await?;
        let name_of = |id: &i64| {
            names
                .iter()
                .find(|(n, _)| n == id)
                .map(|(_, name)| name.clone())
        };
        let signed_up = on.iter().filter_map(name_of).collect();
        let confirmed = held
            .iter()
            .filter(|s| s.status == SeatStatus::SignedUp)
            .filter(|s| s.confirmed_at.is_some() && s.cant_come_at.is_none())
            .filter_map(|s| name_of(&s.account_id))
            .collect();
        let waitlist: Vec<i64> = held
            .iter()
            .filter(|s| s.status == SeatStatus::Waitlisted)
            .map(|s| s.account_id)
            .collect();
        let mine = held.iter().find(|s| s.account_id == viewer.id);
        let tz = zone(&h.court.time_zone);
        let moved_from = if h.status == HearingStatus::Moved {
            store::earlier_dates(db, h.id).await?.into_iter().collect()
        } else {
            Vec::new()
        };
        let needs_reply = match mine {
            Some(seat) if seat.status == SeatStatus::SignedUp => {
                move_unanswered(db, h, viewer.id).await?
            }
            _ => false,
        };
        cards.push(HearingCard {
            id: h.id,
            court_id: h.court.id,
            court_name: h.court.name.clone(),
            court_address: h.court.address.clone(),
            kind: h.kind,
            status: h.status,
            when: time::Span::new(h.starts_at, None, &h.court.time_zone),
            day: time::local_date(h.starts_at, tz),
            meet_at: meet_at(h),
            meeting_point: h.meeting_point.clone(),
            languages: h.languages.clone(),
            wanted: h.wanted,
            signed_up,
            confirmed,
            waitlisted: waitlist.len() as i64,
            moved_from,
            past: h.starts_at <= now,
            my_status: mine.map(|s| s.status),
            my_waitlist_place: mine
                .filter(|s| s.status == SeatStatus::Waitlisted)
                .and_then(|s| waitlist.iter().position(|a| *a == s.account_id))
                .map(|p| p as i64 + 1),
            my_cant_come: mine.is_some_and(|s| s.cant_come_at.is_some()),
            before_cutoff: before_cutoff(h.starts_at, now),
            needs_reply,
        });
    }
    Ok(cards)
}

/// Whether the hearing moved since `account_id` last agreed to its time (signing up counts).
pub(super) async fn move_unanswered<'e>(
    on: impl Into<storage::Target<'e>>,
    h: &HearingRow,
    account_id: i64,
) -> Result<bool, Failure> {
    if h.status != HearingStatus::Moved {
        return Ok(false);
    }
    let confirmed = store::confirmations(on, h.id)
        .await?
        .into_iter()
        .find(|(a, _)| *a == account_id)
        .map_or(-1, |(_, s)| s);
    Ok(confirmed < h.sequence)
}

/// Soonest day first; within a day, the most short of people first.
pub fn sort_needing_people(cards: &mut [HearingCard], starts: &[(i64, DateTime<Utc>)]) {
    let start = |id: i64| starts.iter().find(|(i, _)| *i == id).map(|(_, t)| *t);
    cards.sort_by(|a, b| {
        let short = |c: &HearingCard| c.wanted - c.signed_up.len() as i64;
        a.day
            .cmp(&b.day)
            .then(short(b).cmp(&short(a)))
            .then(start(a.id).cmp(&start(b.id)))
    });
}

pub(super) fn speaks(languages: &[String], language: &str) -> bool {
    languages
        .iter()
        .any(|l| l.eq_ignore_ascii_case(language.trim()))
}

pub async fn browse(
    db: &Db,
    actor: &Account,
    filter: &HearingFilter,
    now: DateTime<Utc>,
) -> Result<HearingBrowse, Failure> {
    require_role(actor, &[Role::Accompanier, Role::Coordinator])?;
    let mut rows = store::upcoming(db, now, filter.court).await?;
    if !filter.language.trim().is_empty() {
        rows.retain(|h| speaks(&h.languages, &filter.language));
    }
    let starts: Vec<(i64, DateTime<Utc>)> = rows.iter().map(|h| (h.id, h.starts_at)).collect();
    let mut hearings = cards(db, actor, &rows, now).await?;
    sort_needing_people(&mut hearings, &starts);
    let courts = crate::facilities::store::list(db)
        .await?
        .into_iter()
        .filter(|f| f.kind == FacilityKind::Courthouse)
        .map(|f| (f.id, f.name))
        .collect();
    let mut languages = actor.languages.clone();
    for l in store::languages_needed(db, now).await? {
        if !speaks(&languages, &l) {
            languages.push(l);
        }
    }
    Ok(HearingBrowse {
        hearings,
        courts,
        languages,
        my_languages: actor.languages.clone(),
    })
}

pub(super) fn value(v: FieldValue) -> Option<String> {
    match &v {
        FieldValue::Value(text) => Some(text.clone()),
        FieldValue::Unreadable => Some("(unreadable)".into()),
        FieldValue::Empty => None,
    }
}

pub async fn detail(
    ctx: &Ctx<'_>,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<HearingDetail, Failure> {
    require_role(actor, &[Role::Accompanier, Role::Coordinator])?;
    let h = store::get(ctx.db, id).await?.ok_or(Failure::NotFound)?;
    detail_of(ctx, actor, &h, now).await
}

pub(super) async fn detail_of(
    ctx: &Ctx<'_>,
    actor: &Account,
    h: &HearingRow,
    now: DateTime<Utc>,
) -> Result<HearingDetail, Failure> {
    let card = cards(ctx.db, actor, std::slice::from_ref(h), now)
        .await?
        .pop()
        .ok_or(Failure::NotFound)?;
    let coordinator = actor.has_role(Role::Coordinator);
    let on_it = card.my_status == Some(SeatStatus::SignedUp);
    let insider = coordinator || on_it;
    // The courtroom and the outcome note are the person's data (a courtroom and a date find
    // the case on a public docket): the same need-to-know rule as the person's own fields.
    let sees_sealed = coordinator || (on_it && in_details_window(h, now));
    let (courtroom, outcome_note) = if sees_sealed {
        let courtroom = value(
            people::open_linked(
                ctx,
                h.person_id,
                &sealed_at(h.id, COURTROOM),
                h.courtroom.as_deref(),
            )
            .await,
        );
        let note = value(
            people::open_linked(
                ctx,
                h.person_id,
                &sealed_at(h.id, OUTCOME_NOTE),
                h.outcome_note.as_deref(),
            )
            .await,
        );
        if courtroom.is_some() || note.is_some() {
            people::audit_view(ctx, actor, h.person_id, "view-hearing", now).await?;
        }
        (courtroom, note)
    } else {
        (None, None)
    };
    // The person: coordinators, and accompaniers on it within the helper window (audited).
    let person = if insider && people::may_see(ctx, actor, h.person_id, now).await? {
        let view = people::view(ctx, actor, h.person_id, now).await?;
        Some(PersonGlimpse {
            id: view.id,
            alias: view.display_name(),
            languages: view.text(Field::Languages),
            note: view.text(Field::Note),
        })
    } else {
        None
    };
    let confirmations = if coordinator {
        let answered = store::confirmations(ctx.db, h.id).await?;
        let on: Vec<i64> = seats::seats(ctx.db, Slot::hearing(h.id))
            .await?
            .into_iter()
            .filter(|s| s.status == SeatStatus::SignedUp)
            .map(|s| s.account_id)
            .collect();
        let names = store::names(ctx.db, &on).await?;
        on.iter()
            .map(|id| {
                let name = names
                    .iter()
                    .find(|(n, _)| n == id)
                    .map_or_else(String::new, |(_, n)| n.clone());
                let confirmed = h.status != HearingStatus::Moved
                    || answered.iter().any(|(a, s)| a == id && *s >= h.sequence);
                (name, confirmed)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(HearingDetail {
        can_record_outcome: insider && h.status.is_open() && h.starts_at <= now,
        card,
        courtroom,
        outcome_note,
        person,
        coordinator,
        next_hearing_id: h.next_hearing_id,
        start_input: time::input_value(h.starts_at, zone(&h.court.time_zone)),
        confirmations,
    })
}

/// "My hearings": upcoming in full (meeting point; the person within the window), past ones
/// as cards.
pub async fn mine(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<(Vec<HearingDetail>, Vec<HearingCard>), Failure> {
    require_role(actor, &[Role::Accompanier, Role::Coordinator])?;
    let rows = store::of_account(ctx.db, actor.id).await?;
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for h in &rows {
        if h.starts_at + DETAILS_AFTER > now && h.status != HearingStatus::Completed {
            upcoming.push(detail_of(ctx, actor, h, now).await?);
        } else {
            past.push(h.clone());
        }
    }
    past.reverse();
    let past = cards(ctx.db, actor, &past, now).await?;
    Ok((upcoming, past))
}

pub async fn form_options(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<NewHearingChoices, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let courts = crate::facilities::store::list(ctx.db)
        .await?
        .into_iter()
        .filter(|f| f.kind == FacilityKind::Courthouse)
        .map(|f| (f.id, f.name))
        .collect();
    let people = people::list(ctx, actor, now)
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name()))
        .collect();
    Ok(NewHearingChoices { courts, people })
}
