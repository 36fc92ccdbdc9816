//! "Needs attention", the coordinators' home: what to do now, from live data. Each section
//! is one query (`vigil_db::attention`, and the stock lines the stock page reads); the rules
//! that say a shift needs help are the coverage board's (`watches::rules::flags`).
pub use vigil_db::attention as store;
pub use vigil_domain::attention::*;

use crate::accounts::{require_role, Account, Role};
use crate::time::Span;
use crate::watches::{rules, Need};
use crate::{Db, Failure};
use chrono::{DateTime, Duration, Utc};
use vigil_domain::hearings::HearingKind;

/// Failed deliveries stay on the list this long (older ones are on "Delivery problems").
pub const FAILED_DELIVERIES_BACK: Duration = Duration::days(7);

/// The list for a coordinator, each section most urgent first. The sections are read
/// together: each is one round trip, and none waits for another.
pub async fn for_coordinator(
    db: &Db,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Attention, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let (shifts, call_outs, releases, rides, hearings, stock, failed, forgetting) = tokio::try_join!(
        store::shifts(db, now, now + SHIFTS_AHEAD),
        store::open_call_outs(db, now),
        store::releases_still_needing(db, now - RELEASES_BACK),
        store::rides_waiting(db, now, now + RIDES_AHEAD),
        store::hearings_short(db, now, now + HEARINGS_AHEAD),
        crate::supplies::store::stock_lines(db),
        store::failed_deliveries(db, now - FAILED_DELIVERIES_BACK),
        store::forgetting_before(db, now + FORGETTING_AHEAD),
    )?;
    Ok(Attention {
        shifts: shifts.into_iter().filter_map(shift_alert).collect(),
        call_outs: call_outs
            .into_iter()
            .map(
                |(id, facility, tz, starts, ends, needed, accepted)| CallOutAlert {
                    call_out_id: id,
                    facility,
                    when: Span::new(starts, Some(ends), &tz),
                    needed,
                    accepted,
                },
            )
            .collect(),
        releases: releases
            .into_iter()
            .map(|(id, watch_id, facility, tz, at, needs)| ReleaseAlert {
                release_id: id,
                watch_id,
                facility,
                at: Span::new(at, None, &tz),
                still_needs: Need::list(&needs),
            })
            .collect(),
        rides: rides
            .into_iter()
            .map(|(id, place, tz, starts, draft)| RideAlert {
                ride_id: id,
                place,
                when: Span::new(starts, None, &tz),
                draft,
            })
            .collect(),
        hearings: hearings
            .into_iter()
            .map(|h| HearingAlert {
                hearing_id: h.hearing_id,
                court: h.court,
                kind: HearingKind::from_key(&h.kind).unwrap_or(HearingKind::Other),
                when: Span::new(h.starts_at, None, &h.time_zone),
                signed_up: h.signed_up,
                wanted: h.wanted,
                unconfirmed: h.unconfirmed,
            })
            .collect(),
        supplies: stock
            .into_iter()
            .filter(|line| line.is_low() || line.needs_count)
            .collect(),
        failed_deliveries: failed,
        forgetting_soon: forgetting,
    })
}

/// A shift that breaks one of the coverage rules, or `None`.
fn shift_alert(s: store::ShiftCount) -> Option<ShiftAlert> {
    let leads: Vec<bool> = (0..s.signed_up).map(|i| i < s.leads).collect();
    let flags = rules::flags(&leads, s.min_volunteers, s.needs_lead, s.cant_come > 0);
    (!flags.is_empty()).then(|| ShiftAlert {
        shift_id: s.shift_id,
        facility: s.facility,
        when: Span::new(s.starts_at, Some(s.ends_at), &s.time_zone),
        signed_up: s.signed_up,
        min_volunteers: s.min_volunteers,
        flags,
    })
}
