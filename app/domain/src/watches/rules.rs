//! The rules of a watch, as plain functions over times and counts (tested without a
//! database or a browser).
use super::{ShiftCard, ShiftFlag, ShiftTime};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

// The drop cutoff is the seat mechanism's, shared with hearings.
pub use crate::signups::{before_cutoff, DROP_CUTOFF};
/// Check-in opens this long before a shift starts.
pub const CHECK_IN_EARLY: Duration = Duration::minutes(30);
/// Open-ended watches keep this much of the future in generated slots.
pub const HORIZON: Duration = Duration::hours(48);
/// A bounded watch's rolling slots are made at once, up to this far ahead.
pub const MAX_SPAN: Duration = Duration::days(62);

/// Rolling slots of `hours` wall-clock hours from `start` (local midnight stays midnight
/// across daylight-saving changes), until `until`. Slots cut by `end` end there.
pub fn rolling_slots(
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    hours: i64,
    tz: Tz,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut slots = Vec::new();
    if hours <= 0 {
        return slots;
    }
    let limit = end.map_or(until, |e| e.min(until));
    let mut wall = start.with_timezone(&tz).naive_local();
    let mut slot_start = start;
    while slot_start < limit && slots.len() < 10_000 {
        let next_wall = wall + Duration::hours(hours);
        let mut slot_end = next_boundary(next_wall, tz);
        if let Some(end) = end {
            slot_end = slot_end.min(end);
        }
        if slot_end <= slot_start {
            break;
        }
        slots.push((slot_start, slot_end));
        wall = next_wall;
        slot_start = slot_end;
    }
    slots
}

/// A wall-clock boundary; one that falls in the hour skipped when clocks go forward moves to
/// the first real minute after it.
fn next_boundary(wall: chrono::NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    let mut probe = wall;
    for _ in 0..4 {
        if let Some(t) = crate::time::from_wall_clock(probe, tz) {
            return t;
        }
        probe += Duration::minutes(30);
    }
    // Not reachable for real zones; fall back to plain arithmetic.
    DateTime::from_naive_utc_and_offset(wall, Utc)
}

/// The composition rules, from the people signed up (`true` for each trained lead).
pub fn flags(
    leads: &[bool],
    min: i64,
    needs_lead: bool,
    someone_cant_come: bool,
) -> Vec<ShiftFlag> {
    let mut flags = Vec::new();
    let count = leads.len() as i64;
    if count < min {
        flags.push(ShiftFlag::Understaffed);
    }
    // Nobody signed up is no lead as well.
    if needs_lead && !leads.iter().any(|l| *l) {
        flags.push(ShiftFlag::NoLead);
    }
    if count == 1 {
        flags.push(ShiftFlag::Alone);
    }
    if someone_cant_come {
        flags.push(ShiftFlag::CantCome);
    }
    flags
}

pub fn time_of(start: DateTime<Utc>, end: DateTime<Utc>, now: DateTime<Utc>) -> ShiftTime {
    if now >= end {
        ShiftTime::Past
    } else if now >= start - CHECK_IN_EARLY {
        ShiftTime::Now
    } else {
        ShiftTime::Upcoming
    }
}

pub fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The coverage board: shifts breaking a rule first, each group soonest first.
pub fn sort_coverage(cards: &mut [(DateTime<Utc>, ShiftCard)]) {
    cards.sort_by(|(a_start, a), (b_start, b)| {
        a.flags
            .is_empty()
            .cmp(&b.flags.is_empty())
            .then(a_start.cmp(b_start))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_local, zone};

    #[test]
    fn rolling_slots_keep_wall_clock_across_fall_back() {
        let ny = zone("America/New_York");
        let start = parse_local("2026-10-31T20:00", ny).unwrap();
        let until = parse_local("2026-11-01T12:00", ny).unwrap();
        let slots = rolling_slots(start, None, until, 4, ny);
        let local: Vec<String> = slots
            .iter()
            .map(|(s, _)| s.with_timezone(&ny).format("%H:%M").to_string())
            .collect();
        assert_eq!(local, ["20:00", "00:00", "04:00", "08:00"]);
        // 00:00–04:00 on the night the clocks go back is five real hours.
        assert_eq!(slots[1].1 - slots[1].0, Duration::hours(5));
        assert_eq!(slots[0].1 - slots[0].0, Duration::hours(4));
    }

    #[test]
    fn rolling_slots_stop_at_the_end() {
        let utc = zone("UTC");
        let start = parse_local("2026-11-24T20:00", utc).unwrap();
        let end = parse_local("2026-11-25T06:00", utc).unwrap();
        let slots = rolling_slots(start, Some(end), end + Duration::days(3), 4, utc);
        assert_eq!(slots.len(), 3);
        assert_eq!(slots[2].1, end, "the last slot is cut at the watch's end");
    }

    #[test]
    fn spring_forward_boundary_moves_to_a_real_time() {
        let ny = zone("America/New_York");
        let start = parse_local("2026-03-07T22:30", ny).unwrap();
        let slots = rolling_slots(start, None, start + Duration::hours(12), 4, ny);
        // 02:30 doesn't exist on 8 March: that slot ends at 03:00 EDT instead.
        assert_eq!(
            slots[0].1.with_timezone(&ny).format("%H:%M").to_string(),
            "03:00"
        );
        assert_eq!(
            slots[0].1 - slots[0].0,
            Duration::hours(3) + Duration::minutes(30)
        );
    }

    #[test]
    fn composition_rules() {
        assert_eq!(
            flags(&[], 2, true, false),
            vec![ShiftFlag::Understaffed, ShiftFlag::NoLead]
        );
        assert_eq!(flags(&[true], 1, true, false), vec![ShiftFlag::Alone]);
        assert_eq!(
            flags(&[false, false], 2, true, false),
            vec![ShiftFlag::NoLead]
        );
        assert!(flags(&[true, false], 2, true, false).is_empty());
        assert!(flags(&[false, false], 2, false, false).is_empty());
        assert_eq!(
            flags(&[true, false], 2, true, true),
            vec![ShiftFlag::CantCome]
        );
    }

    #[test]
    fn cutoff_and_overlap() {
        let t = |h: i64| DateTime::<Utc>::from_timestamp(h * 3600, 0).unwrap();
        assert!(before_cutoff(t(10), t(6)));
        assert!(!before_cutoff(t(10), t(8)));
        assert!(overlaps((t(1), t(5)), (t(4), t(8))));
        assert!(
            !overlaps((t(1), t(4)), (t(4), t(8))),
            "back-to-back shifts don't clash"
        );
    }
}
