//! The new-watch form, checked against the facility's time zone.
use super::*;
use crate::watches::input::{ticked, WatchForm};

/// A new watch as a coordinator typed it, checked against the facility's time zone.
pub struct WatchInput {
    pub facility_id: i64,
    pub kind: WatchKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub slot_hours: Option<i64>,
    pub min_volunteers: i64,
    pub max_volunteers: i64,
    pub needs_lead: bool,
}

pub(super) fn number(
    value: &str,
    name: &'static str,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut FieldErrors,
    refusal: crate::watches::Refusal,
) -> i64 {
    match value.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.push((name, refusal.into()));
            *range.start()
        }
    }
}

/// Seat numbers shared by watches and hand-made shifts.
pub(super) fn staffing(min: &str, max: &str, errors: &mut FieldErrors) -> (i64, i64) {
    let min = number(
        min,
        "min_volunteers",
        1..=100,
        errors,
        crate::watches::Refusal::FewestOutOfRange,
    );
    let max = number(
        max,
        "max_volunteers",
        1..=200,
        errors,
        crate::watches::Refusal::MostOutOfRange,
    );
    if max < min
        && !errors
            .iter()
            .any(|(f, _)| *f == "max_volunteers" || *f == "min_volunteers")
    {
        errors.push((
            "max_volunteers",
            crate::watches::Refusal::MostBelowFewest.into(),
        ));
    }
    (min, max)
}

impl WatchInput {
    pub fn parse(form: &WatchForm, facility: Option<&Facility>) -> Result<WatchInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(facility) = facility else {
            return Err(vec![(
                "facility_id",
                crate::watches::Refusal::ChooseFacility.into(),
            )]);
        };
        let tz = zone(&facility.time_zone);
        let kind = WatchKind::from_key(&form.kind).unwrap_or(WatchKind::Standing);
        let starts_at = match time::parse_local(&form.starts_at, tz) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(("starts_at", e.into()));
                None
            }
        };
        let ends_at = match form.ends_at.trim() {
            "" => None,
            text => match time::parse_local(text, tz) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.push(("ends_at", e.into()));
                    None
                }
            },
        };
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if e <= s {
                errors.push(("ends_at", crate::watches::Refusal::EndBeforeStart.into()));
            }
        }
        let slot_hours = match form.slot_hours.trim() {
            "" | "0" => None,
            text => match text.parse::<i64>() {
                Ok(h) if (1..=24).contains(&h) => Some(h),
                _ => {
                    errors.push(("slot_hours", crate::watches::Refusal::SlotLength.into()));
                    None
                }
            },
        };
        let (min_volunteers, max_volunteers) =
            staffing(&form.min_volunteers, &form.max_volunteers, &mut errors);
        let needs_lead = ticked(&form.needs_lead);
        match starts_at {
            Some(starts_at) if errors.is_empty() => Ok(WatchInput {
                facility_id: facility.id,
                kind,
                starts_at,
                ends_at,
                slot_hours,
                min_volunteers,
                max_volunteers,
                needs_lead,
            }),
            _ => Err(errors),
        }
    }
}
