//! Hearing operations: plain Rust over the database and the people keyring. Every change to
//! seats or dates runs in one write transaction with the reminders and notices it causes.
use super::store::{self, HearingRow, NewHearing};
use super::{
    HearingBrowse, HearingCard, HearingDetail, HearingFilter, HearingKind, HearingStatus,
    NewHearingChoices, PersonGlimpse,
};
use crate::accounts::{parse_languages, Account, Role};
use crate::error::AppError;
use crate::facilities::{Facility, FacilityKind};
use crate::notifications::notices::{self, Notice};
use crate::notifications::reminders::{self, Activity, Reminder};
use crate::notifications::{jobs, Category};
use crate::people::service::{self as people, Ctx, Linked};
use crate::people::{validate_field, Field, FieldValue};
use crate::signups::{before_cutoff, seats, SeatOutcome, SeatStatus, Slot};
use crate::storage;
use crate::storage::Db;
use crate::time::{self, zone};
use chrono::{DateTime, Duration, Utc};

pub use vigil_domain::FieldErrors;

const COURTROOM: &str = "courtroom";
const OUTCOME_NOTE: &str = "outcome_note";

fn sealed_at(hearing_id: i64, column: &'static str) -> Linked {
    Linked {
        table: store::TABLE,
        column,
        row_id: hearing_id,
    }
}

fn require_coordinator(actor: &Account) -> Result<(), AppError> {
    if actor.has_role(Role::Coordinator) {
        Ok(())
    } else {
        tracing::warn!(account = actor.id, "refused: hearings need a coordinator");
        Err(AppError::Forbidden)
    }
}

/// Accompaniers and coordinators see hearings; volunteers (release watch only) don't.
fn require_accompanier(actor: &Account) -> Result<(), AppError> {
    if actor.has_role(Role::Accompanier) || actor.has_role(Role::Coordinator) {
        Ok(())
    } else {
        tracing::warn!(account = actor.id, "refused: hearings need an accompanier");
        Err(AppError::Forbidden)
    }
}

// ---- Input ---------------------------------------------------------------------------------

/// A hearing as a coordinator typed it, checked against the court's time zone.
#[derive(Debug, Clone)]
pub struct HearingInput {
    pub person_id: i64,
    pub court_id: i64,
    pub starts_at: DateTime<Utc>,
    pub kind: HearingKind,
    pub courtroom: String,
    pub languages: Vec<String>,
    pub wanted: i64,
    pub meeting_point: String,
    pub meet_minutes: i64,
}

/// Short free text: trimmed, bounded, no control characters. Messages never echo it.
pub fn short_text(value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(format!("Keep this under {max} characters."));
    }
    if value.chars().any(char::is_control) {
        return Err("This has characters we can't store.".into());
    }
    Ok(value.to_string())
}

pub fn check_languages(value: &str) -> Result<Vec<String>, String> {
    let languages = parse_languages(value);
    if languages.len() > 6 || languages.iter().any(|l| l.chars().count() > 40) {
        return Err("List up to six languages, separated by commas.".into());
    }
    Ok(languages)
}

impl HearingInput {
    pub fn parse(
        get: impl Fn(&str) -> String,
        court: Option<&Facility>,
        now: DateTime<Utc>,
    ) -> Result<HearingInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = get("person_id")
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0);
        if person_id.is_none() {
            errors.push(("person_id", "Choose the person this hearing is for.".into()));
        }
        let court = court.filter(|c| c.kind == FacilityKind::Courthouse);
        if court.is_none() {
            errors.push((
                "court_id",
                "Choose the court (a facility of kind courthouse).".into(),
            ));
        }
        let tz = zone(court.map_or("UTC", |c| c.time_zone.as_str()));
        let starts_at = match time::parse_local(&get("starts_at"), tz) {
            Ok(t) if t <= now => {
                errors.push((
                    "starts_at",
                    "This time has passed: enter the hearing's upcoming date and time.".into(),
                ));
                None
            }
            Ok(t) => match people::too_far_ahead(t, now) {
                Some(e) => {
                    errors.push(("starts_at", e));
                    None
                }
                None => Some(t),
            },
            Err(e) => {
                errors.push(("starts_at", e));
                None
            }
        };
        let kind = HearingKind::from_key(&get("kind")).unwrap_or(HearingKind::Other);
        let mut text = |name: &'static str, max: usize| match short_text(&get(name), max) {
            Ok(v) => v,
            Err(e) => {
                errors.push((name, e));
                String::new()
            }
        };
        let courtroom = text("courtroom", 80);
        let meeting_point = text("meeting_point", 120);
        let languages = check_languages(&get("languages")).unwrap_or_else(|e| {
            errors.push(("languages", e));
            Vec::new()
        });
        let wanted = match get("wanted").trim().parse::<i64>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                errors.push((
                    "wanted",
                    "Enter how many accompaniers, from 1 to 20.".into(),
                ));
                1
            }
        };
        let meet_minutes = match get("meet_minutes").trim() {
            "" => 30,
            text => match text.parse::<i64>() {
                Ok(n) if (0..=240).contains(&n) => n,
                _ => {
                    errors.push((
                        "meet_minutes",
                        "Enter minutes before the hearing, from 0 to 240.".into(),
                    ));
                    30
                }
            },
        };
        match (person_id, court, starts_at) {
            (Some(person_id), Some(court), Some(starts_at)) if errors.is_empty() => {
                Ok(HearingInput {
                    person_id,
                    court_id: court.id,
                    starts_at,
                    kind,
                    courtroom,
                    languages,
                    wanted,
                    meeting_point,
                    meet_minutes,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Inserts a hearing and seals its courtroom, on the caller's transaction. `None` when the
/// import key was taken already.
pub(super) async fn insert_on(
    ctx: &Ctx<'_>,
    conn: &mut storage::Conn,
    input: &HearingInput,
    import_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let new = NewHearing {
        person_id: input.person_id,
        court_id: input.court_id,
        starts_at: input.starts_at,
        kind: input.kind,
        languages: &input.languages,
        wanted: input.wanted,
        meeting_point: &input.meeting_point,
        meet_minutes: input.meet_minutes,
        import_key,
    };
    let Some(id) = store::insert(conn, &new, now).await? else {
        return Ok(None);
    };
    let sealed = people::seal_linked(
        ctx,
        &mut *conn,
        input.person_id,
        &sealed_at(id, COURTROOM),
        &input.courtroom,
    )
    .await?;
    store::set_sealed(&mut *conn, id, COURTROOM, sealed.as_deref(), now).await?;
    // The person's last hearing drives when they are forgotten: in the same transaction.
    people::record_event(ctx, &mut *conn, input.person_id, input.starts_at, now).await?;
    Ok(Some(id))
}

async fn person_exists(db: &Db, person_id: i64) -> Result<bool, AppError> {
    Ok(crate::people::store::key(db, person_id).await?.is_some())
}

pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Account,
    input: &HearingInput,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    require_coordinator(actor)?;
    if !person_exists(ctx.db, input.person_id).await? {
        return Ok(Err(vec![(
            "person_id",
            "Choose the person this hearing is for.".into(),
        )]));
    }
    let mut tx = seats::begin_write(ctx.db).await?;
    let id = insert_on(ctx, &mut tx, input, None, now)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    tracing::info!(hearing = id, by = actor.id, "hearing created");
    Ok(Ok(id))
}

// ---- What people see -------------------------------------------------------------------------

/// Those going see a hearing's sealed details from a day before it until this long after it
/// starts (coordinators always).
pub const DETAILS_AFTER: Duration = Duration::hours(8);

fn in_details_window(h: &HearingRow, now: DateTime<Utc>) -> bool {
    h.starts_at - people::HELPER_WINDOW <= now && now <= h.starts_at + DETAILS_AFTER
}

fn meet_text(h: &HearingRow) -> String {
    let tz = zone(&h.court.time_zone);
    let at = time::clock(h.starts_at - Duration::minutes(h.meet_minutes), tz);
    if h.meeting_point.is_empty() {
        format!("Meet at {at}")
    } else {
        format!("Meet at {at}: {}", h.meeting_point)
    }
}

/// Cards for `rows` from `viewer`'s point of view.
async fn cards(
    db: &Db,
    viewer: &Account,
    rows: &[HearingRow],
    now: DateTime<Utc>,
) -> Result<Vec<HearingCard>, AppError> {
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
        let signed_up = on
            .iter()
            .filter_map(|id| {
                names
                    .iter()
                    .find(|(n, _)| n == id)
                    .map(|(_, name)| name.clone())
            })
            .collect();
        let waitlist: Vec<i64> = held
            .iter()
            .filter(|s| s.status == SeatStatus::Waitlisted)
            .map(|s| s.account_id)
            .collect();
        let mine = held.iter().find(|s| s.account_id == viewer.id);
        let tz = zone(&h.court.time_zone);
        let moved_from = if h.status == HearingStatus::Moved {
            store::earlier_dates(db, h.id)
                .await?
                .into_iter()
                .map(|t| time::moment(t, tz))
                .collect()
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
            when: time::moment(h.starts_at, tz),
            day: time::local_date(h.starts_at, tz),
            meet: meet_text(h),
            languages: h.languages.clone(),
            wanted: h.wanted,
            signed_up,
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
async fn move_unanswered<'e>(
    on: impl Into<storage::Target<'e>>,
    h: &HearingRow,
    account_id: i64,
) -> Result<bool, AppError> {
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

fn speaks(languages: &[String], language: &str) -> bool {
    languages
        .iter()
        .any(|l| l.eq_ignore_ascii_case(language.trim()))
}

pub async fn browse(
    db: &Db,
    actor: &Account,
    filter: &HearingFilter,
    now: DateTime<Utc>,
) -> Result<HearingBrowse, AppError> {
    require_accompanier(actor)?;
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

fn value(v: FieldValue) -> Option<String> {
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
) -> Result<HearingDetail, AppError> {
    require_accompanier(actor)?;
    let h = store::get(ctx.db, id).await?.ok_or(AppError::NotFound)?;
    detail_of(ctx, actor, &h, now).await
}

async fn detail_of(
    ctx: &Ctx<'_>,
    actor: &Account,
    h: &HearingRow,
    now: DateTime<Utc>,
) -> Result<HearingDetail, AppError> {
    let card = cards(ctx.db, actor, std::slice::from_ref(h), now)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
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
) -> Result<(Vec<HearingDetail>, Vec<HearingCard>), AppError> {
    require_accompanier(actor)?;
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
) -> Result<NewHearingChoices, AppError> {
    require_coordinator(actor)?;
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

// ---- Seats ---------------------------------------------------------------------------------

fn when(h: &HearingRow) -> String {
    time::moment(h.starts_at, zone(&h.court.time_zone))
}

fn path(h: &HearingRow) -> String {
    format!("/hearings/{}", h.id)
}

async fn remind(
    conn: &mut storage::Conn,
    h: &HearingRow,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    remind_with(conn, h, account_id, None, now).await
}

/// The same, with the person's preferences already read (`None`: read them here).
async fn remind_with(
    conn: &mut storage::Conn,
    h: &HearingRow,
    account_id: i64,
    prefs: Option<&crate::notifications::Prefs>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
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
async fn notify(
    conn: &mut storage::Conn,
    account_id: i64,
    category: Category,
    h: &HearingRow,
    event: &str,
    subject: &str,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let about = Slot::hearing(h.id).entity();
    let event = format!("{event}:{}", now.timestamp_micros());
    let notice = Notice {
        account_id,
        category,
        about: &about,
        event: &event,
        subject: subject.into(),
        body,
        path: path(h),
    };
    notices::queue(conn, &notice, now).await?;
    Ok(())
}

async fn promoted(
    conn: &mut storage::Conn,
    h: &HearingRow,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for id in ids {
        remind(conn, h, *id, now).await?;
        store::confirm(conn, h.id, *id, h.sequence, now).await?;
        let body = format!("A place opened for the court accompaniment at {}, {}: you're on it now. If you can't come, drop it in Vigil so the next person gets it.", h.court.name, when(h));
        notify(
            conn,
            *id,
            Category::Changes,
            h,
            "promoted",
            "You're on a court accompaniment (from the waitlist)",
            body,
            now,
        )
        .await?;
    }
    Ok(())
}

async fn tell_coordinators(
    conn: &mut storage::Conn,
    h: &HearingRow,
    actor: &Account,
    what: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let body = format!("{} {what} for the court accompaniment at {}, {}. The hearing's page shows who is still coming.", actor.name(), h.court.name, when(h));
    let coordinators = crate::accounts::store::active_coordinators(conn).await?;
    for coordinator in coordinators {
        notify(
            conn,
            coordinator,
            Category::CoordinatorAlerts,
            h,
            &format!("cant:{}", actor.id),
            "An accompanier can't make a hearing",
            body.clone(),
            now,
        )
        .await?;
    }
    Ok(())
}

fn open_for_seats(h: &HearingRow, now: DateTime<Utc>) -> Result<(), AppError> {
    match h.status {
        HearingStatus::Cancelled => Err(AppError::Invalid("This hearing was cancelled.".into())),
        HearingStatus::Completed => Err(AppError::Invalid("This hearing is over.".into())),
        _ if h.starts_at <= now => Err(AppError::Invalid("This hearing has started.".into())),
        _ => Ok(()),
    }
}

/// The hearing, read under its slot's lock: on PostgreSQL a sign-up, move or cancel from
/// another server waits until this transaction ends, and sees what it did.
async fn locked(conn: &mut storage::Conn, id: i64) -> Result<HearingRow, AppError> {
    storage::lock_until_commit(conn, &Slot::hearing(id).entity()).await?;
    store::get(&mut *conn, id).await?.ok_or(AppError::NotFound)
}

/// An accompanier asks for a place. One write transaction: it can never overbook.
pub async fn sign_up(
    db: &Db,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<SeatOutcome, AppError> {
    if !actor.has_role(Role::Accompanier) {
        return Err(AppError::Invalid("Only accompaniers can sign up for hearings: ask a coordinator to add the role to your account.".into()));
    }
    let prefs = crate::notifications::prefs::get(db, actor.id).await?;
    let mut tx = seats::begin_write(db).await?;
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
async fn leave(
    db: &Db,
    actor: &Account,
    id: i64,
    moved: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = seats::begin_write(db).await?;
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
        return Err(AppError::Invalid(
            "It's less than 3 hours before the hearing, so a coordinator needs to know: use “I can't come” and they'll find someone.".into(),
        ));
    }
    let Some(promoted_ids) =
        seats::leave(&mut tx, slot, actor.id, SeatStatus::Dropped, h.wanted, now).await?
    else {
        return Err(AppError::Invalid(
            "You're not signed up for this hearing.".into(),
        ));
    };
    jobs::cancel_for_account(&mut tx, &slot.entity(), actor.id, now).await?;
    if h.status.is_open() && h.starts_at > now {
        promoted(&mut tx, &h, &promoted_ids, now).await?;
    }
    if moved && signed_up {
        tell_coordinators(&mut tx, &h, actor, "can't make the new time", now).await?;
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
) -> Result<usize, AppError> {
    let mut tx = seats::begin_write(db).await?;
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
            tell_coordinators(
                &mut tx,
                &h,
                account,
                "is no longer active in Vigil, so their place is free again",
                now,
            )
            .await?;
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
) -> Result<(), AppError> {
    leave(db, actor, id, false, now).await
}

/// After the cutoff: every coordinator is told; the place stays until one of them acts.
pub async fn cant_come(
    db: &Db,
    actor: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = seats::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    if !seats::mark_cant_come(&mut tx, Slot::hearing(h.id), actor.id, now).await? {
        return Err(AppError::Invalid(
            "You're not signed up for this hearing (or you've already told the coordinators)."
                .into(),
        ));
    }
    tell_coordinators(&mut tx, &h, actor, "can't come", now).await?;
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
) -> Result<(), AppError> {
    if !can_come {
        return leave(db, actor, id, true, now).await;
    }
    let mut tx = seats::begin_write(db).await?;
    let h = locked(&mut tx, id).await?;
    open_for_seats(&h, now)?;
    if !seats::seat(&mut tx, Slot::hearing(h.id), actor.id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp)
    {
        return Err(AppError::Invalid(
            "You're not signed up for this hearing.".into(),
        ));
    }
    store::confirm(&mut tx, h.id, actor.id, h.sequence, now).await?;
    tx.commit().await?;
    Ok(())
}

// ---- Coordinators: move, cancel, outcome -----------------------------------------------------

/// Moves a hearing: its accompaniers are told at once, their reminders move, and each is
/// asked whether they can still come. Returns how many were told.
pub async fn move_hearing(
    ctx: &Ctx<'_>,
    actor: &Account,
    id: i64,
    new_start: &str,
    now: DateTime<Utc>,
) -> Result<Result<usize, FieldErrors>, AppError> {
    require_coordinator(actor)?;
    let current = store::get(ctx.db, id).await?.ok_or(AppError::NotFound)?;
    if !current.status.is_open() {
        return Err(AppError::Invalid(
            "Only a scheduled hearing can move.".into(),
        ));
    }
    let to = match time::parse_local(new_start, zone(&current.court.time_zone)) {
        Ok(t) if t <= now => {
            return Ok(Err(vec![(
                "starts_at",
                "The new time has passed: enter an upcoming date and time.".into(),
            )]))
        }
        Ok(t) if t == current.starts_at => {
            return Ok(Err(vec![(
                "starts_at",
                "That's the time it has now.".into(),
            )]))
        }
        Ok(t) => match people::too_far_ahead(t, now) {
            Some(e) => return Ok(Err(vec![("starts_at", e)])),
            None => t,
        },
        Err(e) => return Ok(Err(vec![("starts_at", e)])),
    };
    let mut tx = seats::begin_write(ctx.db).await?;
    let h = locked(&mut tx, id).await?;
    // Cancelled (or moved) since it was read above: re-checked under the lock.
    if !h.status.is_open() || h.starts_at != current.starts_at {
        return Err(AppError::Invalid(
            "This hearing changed meanwhile: reload it and try again.".into(),
        ));
    }
    store::reschedule(&mut tx, &h, Some(to), actor.id, now).await?;
    let moved = store::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let slot = Slot::hearing(h.id);
    // Reminders are re-made for the new time (their text names it), not shifted.
    jobs::cancel_entity(&mut *tx, &slot.entity(), now).await?;
    let held = seats::seats(&mut *tx, slot).await?;
    for seat in &held {
        let body = if seat.status == SeatStatus::SignedUp {
            remind(&mut tx, &moved, seat.account_id, now).await?;
            format!(
                "The court accompaniment at {} you signed up for has moved from {} to {}.\n\nCan you still come? Answer in Vigil with one click — “I can still come” or “I can't make the new time” (that gives your place to someone else).",
                h.court.name,
                when(&h),
                when(&moved)
            )
        } else {
            format!(
                "The court accompaniment at {} you're on the waitlist for has moved from {} to {}.",
                h.court.name,
                when(&h),
                when(&moved)
            )
        };
        notify(
            &mut tx,
            seat.account_id,
            Category::Changes,
            &moved,
            "moved",
            "Your court accompaniment has moved",
            body,
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
) -> Result<usize, AppError> {
    require_coordinator(actor)?;
    let mut tx = seats::begin_write(ctx.db).await?;
    let h = locked(&mut tx, id).await?;
    if !h.status.is_open() {
        return Err(AppError::Invalid(
            "Only a scheduled hearing can be cancelled.".into(),
        ));
    }
    store::reschedule(&mut tx, &h, None, actor.id, now).await?;
    let slot = Slot::hearing(h.id);
    jobs::cancel_entity(&mut *tx, &slot.entity(), now).await?;
    let held = seats::seats(&mut *tx, slot).await?;
    for seat in &held {
        let body = format!(
            "The court accompaniment at {}, {}, is cancelled. Thank you for signing up.",
            h.court.name,
            when(&h)
        );
        notify(
            &mut tx,
            seat.account_id,
            Category::Changes,
            &h,
            "cancelled",
            "Your court accompaniment is cancelled",
            body,
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
) -> Result<usize, AppError> {
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
                let body = format!(
                    "The court accompaniment at {}, {}, is cancelled. Thank you for signing up.",
                    h.court.name,
                    when(&h)
                );
                let event = format!("cancelled:{}", now.timestamp_micros());
                let notice = Notice {
                    account_id: seat.account_id,
                    category: Category::Changes,
                    about: &slot.entity(),
                    event: &event,
                    subject: "Your court accompaniment is cancelled".into(),
                    body,
                    path: crate::routes::MY_HEARINGS.into(),
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
    get: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Result<Option<i64>, FieldErrors>, AppError> {
    require_accompanier(actor)?;
    let h = store::get(ctx.db, id).await?.ok_or(AppError::NotFound)?;
    let on_it = seats::seat(&mut ctx.db.acquire().await?, Slot::hearing(h.id), actor.id)
        .await?
        .is_some_and(|s| s.status == SeatStatus::SignedUp);
    if !actor.has_role(Role::Coordinator) && !on_it {
        return Err(AppError::Forbidden);
    }
    if !h.status.is_open() || h.starts_at > now {
        return Err(AppError::Invalid(
            "The outcome can be recorded once the hearing has started.".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let note = validate_field(Field::Note, &get("outcome_note"))
        .map_err(|e| errors.push(("outcome_note", e)))
        .unwrap_or_default();
    let next = match get("next_date").trim() {
        "" => None,
        text => match time::parse_local(text, zone(&h.court.time_zone)) {
            Ok(t) if t <= now => {
                errors.push(("next_date", "The next date must be in the future.".into()));
                None
            }
            Ok(t) => match people::too_far_ahead(t, now) {
                Some(e) => {
                    errors.push(("next_date", e));
                    None
                }
                None => Some(t),
            },
            Err(e) => {
                errors.push(("next_date", e));
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
    let mut tx = seats::begin_write(ctx.db).await?;
    if !locked(&mut tx, h.id).await?.status.is_open() {
        return Err(AppError::Invalid(
            "This hearing was cancelled or already has its outcome.".into(),
        ));
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

/// Coordinators' understaffed alert for hearings starting within `hours`: once per hearing
/// and time (a moved hearing can alert again).
pub async fn alert_understaffed(
    db: &Db,
    hours: i64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut short = Vec::new();
    for h in store::upcoming(db, now, None)
        .await?
        .into_iter()
        .filter(|h| h.starts_at <= now + Duration::hours(hours))
    {
        let taken = seats::seats(db, Slot::hearing(h.id))
            .await?
            .iter()
            .filter(|s| s.status == SeatStatus::SignedUp)
            .count() as i64;
        if taken < h.wanted {
            short.push((h, taken));
        }
    }
    if short.is_empty() {
        return Ok(0);
    }
    let mut tx = seats::begin_write(db).await?;
    let coordinators = crate::accounts::store::active_coordinators(&mut tx).await?;
    let mut reported = 0;
    for (h, taken) in &short {
        let about = Slot::hearing(h.id).entity();
        let event = format!("understaffed:{}", h.sequence);
        let body = format!(
            "The court accompaniment at {}, {}, has {taken} of the {} accompaniers it wants.",
            h.court.name,
            when(h),
            h.wanted
        );
        let mut queued = false;
        for c in &coordinators {
            let notice = Notice {
                account_id: *c,
                category: Category::CoordinatorAlerts,
                about: &about,
                event: &event,
                subject: "A hearing still needs accompaniers".into(),
                body: body.clone(),
                path: path(h),
            };
            queued |= notices::queue(&mut tx, &notice, now).await?;
        }
        reported += usize::from(queued);
    }
    tx.commit().await?;
    Ok(reported)
}
