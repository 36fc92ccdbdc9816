//! The release log: releases met at a watch (needs, a hand-off note kept 30 days), who is
//! expected out, and who may see it.
use super::*;
use crate::watches::input::ReleaseForm;

pub(super) async fn release_entries(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<ReleaseEntry>, Failure> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let mut entries = Vec::new();
    for r in store::releases(ctx.db, watch_id).await? {
        // An expected person's alias only for those who may see it now; the page words the rest.
        let (label, expected) = match r.person_id {
            Some(id) => match crate::people::view(ctx, actor, id, now).await {
                Ok(person) => (person.display_name(), true),
                Err(_) => (String::new(), true),
            },
            None => (r.label.clone(), false),
        };
        entries.push(ReleaseEntry {
            id: r.id,
            at: r.released_at,
            time_zone: w.facility.time_zone.clone(),
            label,
            expected,
            needs: Need::list(&r.needs),
            still_needs: Need::list(&r.still_needs),
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
) -> Result<Vec<ReleaseEntry>, Failure> {
    let shifts = watch_shift_cards(ctx.db, actor, watch_id, now).await?;
    if !log_access(ctx.db, actor, &shifts).await.0 {
        return Err(Failure::Forbidden);
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
    form: &ReleaseForm,
    needs: &ReleaseNeeds<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    let w = store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let shifts = watch_shift_cards(ctx.db, actor, watch_id, now).await?;
    let (_, current_shift) = log_access(ctx.db, actor, &shifts).await;
    if current_shift.is_none() && !actor.has_role(Role::Coordinator) {
        return Err(crate::watches::Refusal::ReleasesByShiftOnly.into());
    }
    let tz = zone(&w.facility.time_zone);
    let mut errors = FieldErrors::new();
    let released_at = match form.released_at.trim() {
        "" => now,
        text => match time::parse_local(text, tz) {
            Ok(t) if t <= now + Duration::minutes(5) => t,
            Ok(_) => {
                errors.push((
                    "released_at",
                    crate::watches::Refusal::ReleasedInFuture.into(),
                ));
                now
            }
            Err(e) => {
                errors.push(("released_at", e.into()));
                now
            }
        },
    };
    let label = form.label.trim().to_string();
    if label.chars().count() > 20 {
        errors.push(("label", crate::watches::Refusal::LabelTooLong.into()));
    }
    let expected: Vec<i64> = store::expected(ctx.db, watch_id)
        .await?
        .into_iter()
        .map(|e| e.0)
        .collect();
    let person_id = match form.person_id.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) if expected.contains(&id) => Some(id),
            _ => {
                errors.push(("person_id", crate::watches::Refusal::NotExpected.into()));
                None
            }
        },
    };
    let met = need_keys(needs.met, "needs", &mut errors);
    let still = need_keys(needs.still, "still_needs", &mut errors);
    if still.iter().any(|k| met.contains(k)) {
        errors.push((
            "still_needs",
            crate::watches::Refusal::MetAndStillNeeded.into(),
        ));
    }
    let note = form.handoff_note.trim().to_string();
    if note.chars().count() > HANDOFF_NOTE_MAX {
        errors.push(("handoff_note", crate::watches::Refusal::NoteTooLong.into()));
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
        needs: met.join(","),
        still_needs: still.join(","),
        handoff_note: &note,
        logged_by: actor.id,
    };
    let id = store::insert_release(ctx.db, &new, now).await?;
    if let Some(person_id) = person_id {
        store::mark_expected_released(ctx.db, watch_id, person_id, now).await?;
        crate::people::record_event(ctx, ctx.db, person_id, released_at, now).await?;
    }
    tracing::info!(
        watch = watch_id,
        release = id,
        by = actor.id,
        "release logged"
    );
    Ok(Ok(id))
}

/// The release form's two groups of need checkboxes (each repeats its field name).
pub struct ReleaseNeeds<'a> {
    /// Met at the gate.
    pub met: &'a [&'a str],
    /// Still needed: the coordinators see it under "Needs attention" until it is sorted.
    pub still: &'a [&'a str],
}

/// Need keys ticked in one group, each once; an unknown key is refused on `field`.
fn need_keys(ticked: &[&str], field: &'static str, errors: &mut FieldErrors) -> Vec<&'static str> {
    let mut keys = Vec::new();
    for need in ticked {
        match Need::from_key(need) {
            Some(n) if !keys.contains(&n.key()) => keys.push(n.key()),
            Some(_) => {}
            None => errors.push((field, crate::watches::Refusal::UnknownNeed.into())),
        }
    }
    keys
}

/// A coordinator marks what a released person still needed as sorted (a ride found, fare
/// given): it leaves "Needs attention". Returns the release's watch.
pub async fn mark_sorted(db: &Db, actor: &Account, release_id: i64) -> Result<i64, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let watch = store::mark_sorted(db, release_id)
        .await?
        .ok_or(Failure::NotFound)?;
    tracing::info!(release = release_id, by = actor.id, "release needs sorted");
    Ok(watch)
}

/// A coordinator lists a supported person as expected out of this watch's facility.
pub async fn add_expected(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    store::get_watch(ctx.db, watch_id)
        .await?
        .ok_or(Failure::NotFound)?;
    crate::people::store::get(ctx.db, person_id)
        .await?
        .ok_or(Failure::from(crate::watches::Refusal::ChooseExpectedPerson))?;
    store::add_expected(ctx.db, watch_id, person_id, now)
        .await
        .map_err(Failure::from)
}

/// Daily: handoff notes older than `HANDOFF_NOTE_DAYS` are wiped.
pub async fn wipe_old_notes(db: &Db, now: DateTime<Utc>) -> Result<u64, Failure> {
    store::wipe_notes_before(db, now - Duration::days(HANDOFF_NOTE_DAYS))
        .await
        .map_err(Failure::from)
}
