//! A shift, or a night's coverage, on paper. Coordinators only: a sheet leaves the system's
//! control once printed, so the expected list is on it only when asked for, and each alias
//! read is audited.
use super::*;

/// The aliases still expected out of a watch; each read audited, as on the watch page.
async fn expected_aliases(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    watch_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<String>, Failure> {
    let mut aliases = Vec::new();
    for (person_id, released) in store::expected(ctx.db, watch_id).await? {
        if released {
            continue;
        }
        if let Ok(person) = crate::people::view(ctx, actor, person_id, now).await {
            aliases.push(person.display_name());
        }
    }
    Ok(aliases)
}

/// Every shift starting on `night` (the facility's local day, `YYYY-MM-DD`), in time order;
/// with the expected lists of their watches only when asked for.
pub async fn night_sheet(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    night: &str,
    with_expected: bool,
    now: DateTime<Utc>,
) -> Result<Result<NightSheet, FieldErrors>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let day = match night.trim() {
        "" => now.date_naive(),
        typed => match chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
            Ok(day) => day,
            Err(_) => return Ok(Err(vec![("night", Refusal::NotADay.into())])),
        },
    };
    let night = day.format("%Y-%m-%d").to_string();
    // A local day lies within a day either side of its UTC dates, whatever the zone.
    let start = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let shifts = store::shifts_between(
        ctx.db,
        start - Duration::days(1),
        start + Duration::days(2),
        None,
    )
    .await?;
    let mut list: Vec<(DateTime<Utc>, ShiftCard)> = cards(ctx.db, None, shifts, now)
        .await?
        .into_iter()
        .filter(|(_, card)| card.day == night)
        .collect();
    list.sort_by(|a, b| (a.0, &a.1.facility_name).cmp(&(b.0, &b.1.facility_name)));
    let expected = if with_expected {
        let mut watches: Vec<(i64, String)> = list
            .iter()
            .map(|(_, c)| (c.watch_id, c.facility_name.clone()))
            .collect();
        watches.dedup();
        let mut out = Vec::new();
        for (watch_id, facility) in watches {
            out.push((facility, expected_aliases(ctx, actor, watch_id, now).await?));
        }
        tracing::info!(by = actor.id, "night sheet with the expected list");
        Some(out)
    } else {
        None
    };
    Ok(Ok(NightSheet {
        night,
        shifts: list.into_iter().map(|(_, c)| c).collect(),
        expected,
    }))
}

pub async fn shift_sheet(
    ctx: &PeopleCtx<'_>,
    actor: &Account,
    shift_id: i64,
    with_expected: bool,
    now: DateTime<Utc>,
) -> Result<ShiftSheet, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let card = shift_card(ctx.db, actor, shift_id, now).await?;
    let expected = if with_expected {
        let aliases = expected_aliases(ctx, actor, card.watch_id, now).await?;
        tracing::info!(
            shift = shift_id,
            by = actor.id,
            "shift sheet with the expected list"
        );
        Some(aliases)
    } else {
        None
    };
    Ok(ShiftSheet { card, expected })
}
