//! A shift on paper. Coordinators only: a sheet leaves the system's control once printed,
//! so the expected list is on it only when asked for, and each alias read is audited.
use super::*;

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
        let mut aliases = Vec::new();
        for (person_id, released) in store::expected(ctx.db, card.watch_id).await? {
            if released {
                continue;
            }
            // `view` audits the read, as on the watch page.
            if let Ok(person) = crate::people::view(ctx, actor, person_id, now).await {
                aliases.push(person.display_name());
            }
        }
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
