//! "Who is on now" boards. Coordinators make and revoke a facility's links; a screen that
//! has one reads the board without signing in. The link's token is the credential and only
//! its hash is kept, so a leaked database opens no board.
use crate::accounts::{require_role, tokens, Account, Role};
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
pub use vigil_db::board_links as store;
pub use vigil_domain::facilities::board::*;
use vigil_domain::watches::Need;

/// Revoked links stay listed this long, so a coordinator sees what was closed.
const REVOKED_SHOWN: Duration = Duration::days(7);

/// Makes a link for a facility's board; returns its address, shown once.
pub async fn make_link(
    db: &Db,
    config: &crate::config::Config,
    by: &Account,
    facility_id: i64,
    now: DateTime<Utc>,
) -> Result<String, Failure> {
    require_role(by, &[Role::Coordinator])?;
    super::get(db, facility_id).await?;
    let (token, hash) = tokens::new_token();
    let id = store::insert(db, facility_id, &hash, by.id, now).await?;
    tracing::info!(
        link = id,
        facility = facility_id,
        by = by.id,
        "board link made"
    );
    Ok(config.link(&format!("{}{token}", crate::paths::BOARD_PREFIX)))
}

pub async fn links(
    db: &Db,
    by: &Account,
    facility_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<BoardLink>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    Ok(store::of_facility(db, facility_id, now - REVOKED_SHOWN).await?)
}

pub async fn revoke_link(
    db: &Db,
    by: &Account,
    facility_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(by, &[Role::Coordinator])?;
    if store::revoke(db, facility_id, id, now).await? {
        tracing::info!(link = id, by = by.id, "board link revoked");
    }
    Ok(())
}

/// The board a link opens; `None` for a revoked or unknown link (the page says the same
/// for both).
pub async fn board(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Option<Board>, Failure> {
    let Some((link, facility_id)) = store::open_by_hash(db, &tokens::hash_token(token)).await?
    else {
        return Ok(None);
    };
    let Some(facility) = super::find(db, facility_id).await? else {
        return Ok(None);
    };
    store::touch(db, link, now).await?;
    let shifts = crate::watches::store::shifts_between(
        db,
        now,
        now + Duration::hours(BOARD_NEXT_HOURS),
        Some(facility_id),
    )
    .await?;
    let ids: Vec<i64> = shifts.iter().map(|s| s.id).collect();
    let mut helpers: HashMap<i64, Vec<BoardHelper>> = HashMap::new();
    for seat in crate::watches::store::seats_on(db, &ids).await? {
        if seat.status == "signed_up" && !seat.cant_come {
            helpers.entry(seat.shift_id).or_default().push(BoardHelper {
                name: seat.name,
                lead: seat.lead,
                checked_in: seat.checked_in,
            });
        }
    }
    let mut on_now = Vec::new();
    let mut later = Vec::new();
    for s in shifts {
        let helpers = helpers.remove(&s.id).unwrap_or_default();
        let shift = BoardShift {
            when: crate::time::Span::new(s.starts_at, Some(s.ends_at), &facility.time_zone),
            short: (helpers.len() as i64) < s.min_volunteers,
            helpers,
        };
        if s.starts_at <= now {
            on_now.push(shift);
        } else {
            later.push(shift);
        }
    }
    let first = later.first().map(|s| s.when.starts_at);
    let next = later
        .into_iter()
        .take_while(|s| Some(s.when.starts_at) == first)
        .collect();
    let releases = store::releases_at(
        db,
        facility_id,
        now - Duration::hours(BOARD_RELEASES_HOURS),
        BOARD_RELEASES,
    )
    .await?
    .into_iter()
    .map(|(at, met, still)| BoardRelease {
        at,
        needs: Need::list(&met),
        still_needs: Need::list(&still),
    })
    .collect();
    let kit = match crate::supplies::store::kit_id(db, facility_id).await? {
        Some(kit) => crate::supplies::store::stock_lines_at(db, kit)
            .await?
            .into_iter()
            .map(|l| KitLine {
                low: l.is_low(),
                item: l.item,
                unit: l.unit,
                on_hand: l.on_hand.max(0),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(Some(Board {
        facility: facility.name,
        time_zone: facility.time_zone,
        at: now,
        on_now,
        next,
        releases,
        kit,
    }))
}
