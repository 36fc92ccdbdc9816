//! The rules of the supplies ledger, as plain Rust: what a coordinator may type, when stock
//! counts as low, which week a handout belongs to. No database, no pages.
use super::{ItemCategory, Named, Refusal, Tap};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;

pub use crate::FieldErrors;

/// The most one line of a form or one tap may move: a typo of 1000 for 10 is caught.
pub const MAX_QUANTITY: i64 = 500;
/// Taps one request may carry (a phone that was offline for a long shift).
pub const MAX_TAPS: usize = 200;

/// A location chosen in a form: an existing one, or a facility whose kit is made on first use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationRef {
    Location(i64),
    FacilityKit(i64),
}

impl LocationRef {
    pub fn parse(value: &str) -> Option<LocationRef> {
        let value = value.trim();
        match value.strip_prefix('f') {
            Some(facility) => facility.parse().ok().map(LocationRef::FacilityKit),
            None => value.parse().ok().map(LocationRef::Location),
        }
    }
    pub fn value(self) -> String {
        match self {
            LocationRef::Location(id) => id.to_string(),
            LocationRef::FacilityKit(id) => format!("f{id}"),
        }
    }
}

/// A whole number of items, 1 to `MAX_QUANTITY` (or 0 too when `zero_ok`).
pub fn quantity(text: &str, zero_ok: bool) -> Result<i64, Refusal> {
    let min = if zero_ok { 0 } else { 1 };
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=MAX_QUANTITY).contains(&n) => Ok(n),
        Ok(n) if n > MAX_QUANTITY => Err(Refusal::QuantityTooLarge),
        Ok(_) if zero_ok => Err(Refusal::QuantityBelowZero),
        Ok(_) => Err(Refusal::QuantityBelowOne),
        Err(_) if text.trim().is_empty() => Err(Refusal::QuantityMissing),
        Err(_) => Err(Refusal::NotAWholeNumber),
    }
}

/// A count of what is there now: 0 to 100,000.
pub fn count(text: &str) -> Result<i64, Refusal> {
    match text.trim().parse::<i64>() {
        Ok(n) if (0..=100_000).contains(&n) => Ok(n),
        Ok(_) => Err(Refusal::CountOutOfRange),
        Err(_) if text.trim().is_empty() => Err(Refusal::CountMissing),
        Err(_) => Err(Refusal::NotAWholeNumber),
    }
}

/// An optional amount of money, "12", "12.5" or "12.50" (a comma works as the decimal
/// point too); in cents.
pub fn cost(text: &str) -> Result<Option<i64>, Refusal> {
    let text = text
        .trim()
        .trim_start_matches(['$', '€', '£'])
        .trim()
        .replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    let err = || Refusal::CostNotANumber;
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(err());
    }
    let whole: i64 = whole.parse().map_err(|_| err())?;
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| err())?;
    match whole.checked_mul(100).and_then(|w| w.checked_add(cents)) {
        Some(total) if total <= 100_000_000 => Ok(Some(total)),
        _ => Err(Refusal::CostTooLarge),
    }
}

/// A short text that must be present and fit.
pub fn name(text: &str, what: Named, max: usize) -> Result<String, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        Err(Refusal::NameMissing { what })
    } else if text.chars().count() > max {
        Err(Refusal::NameTooLong { what, max })
    } else {
        Ok(text.to_string())
    }
}

/// The add-an-item form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub name: String,
    pub unit: String,
    pub category: String,
}

/// A restock, transfer or count form as sent (each kind uses some of these).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub item_id: String,
    pub location: String,
    pub from: String,
    pub to: String,
    pub quantity: String,
    pub source: String,
    pub cost: String,
    pub counted: String,
    pub reason: String,
    /// A coordinator's handout: what it was for, and the day (`YYYY-MM-DD`, empty: today).
    pub purpose: String,
    pub date: String,
}

/// The low-stock threshold form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ThresholdForm {
    pub item_id: String,
    pub location: String,
    pub low_below: String,
}

/// What a coordinator typed to add an item to the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemInput {
    pub name: String,
    pub unit: String,
    pub category: ItemCategory,
}

impl ItemForm {
    pub fn validate(&self) -> Result<ItemInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = name(&self.name, Named::Item, 60)
            .map_err(|e| errors.push(("name", e.into())))
            .unwrap_or_default();
        let unit = match self.unit.trim() {
            "" => "each".to_string(),
            unit => self::name(unit, Named::Unit, 20)
                .map_err(|e| errors.push(("unit", e.into())))
                .unwrap_or_default(),
        };
        let category = ItemCategory::from_key(&self.category);
        if category.is_none() {
            errors.push(("category", Refusal::ChooseCategory.into()));
        }
        match category {
            Some(category) if errors.is_empty() => Ok(ItemInput {
                name,
                unit,
                category,
            }),
            _ => Err(errors),
        }
    }
}

/// One movement of stock a coordinator records.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryInput {
    Restock {
        item_id: i64,
        at: LocationRef,
        quantity: i64,
        purchase: bool,
        cost_cents: Option<i64>,
    },
    Transfer {
        item_id: i64,
        from: LocationRef,
        to: LocationRef,
        quantity: i64,
    },
    /// A count: what is really there, and why it differs (if it does).
    Count {
        item_id: i64,
        at: LocationRef,
        counted: i64,
        reason: String,
    },
    /// A coordinator's handout away from a shift or a hearing (a distribution, the office).
    Handout {
        item_id: i64,
        at: LocationRef,
        quantity: i64,
        purpose: String,
        day: NaiveDate,
    },
}

impl EntryInput {
    pub fn item_id(&self) -> i64 {
        match self {
            EntryInput::Restock { item_id, .. }
            | EntryInput::Transfer { item_id, .. }
            | EntryInput::Count { item_id, .. }
            | EntryInput::Handout { item_id, .. } => *item_id,
        }
    }
}

/// A handout's day: today when empty; never in the future, nor over a year ago.
pub fn handout_day(text: &str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(today);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Refusal::NotADate)?;
    if day > today || day < today - Duration::days(366) {
        return Err(Refusal::HandoutDate);
    }
    Ok(day)
}

fn item_field(value: &str, errors: &mut FieldErrors) -> i64 {
    value.trim().parse().unwrap_or_else(|_| {
        errors.push(("item_id", Refusal::ChooseItem.into()));
        0
    })
}

fn location_field(value: &str, field: &'static str, errors: &mut FieldErrors) -> LocationRef {
    LocationRef::parse(value).unwrap_or_else(|| {
        errors.push((field, Refusal::ChoosePlace.into()));
        LocationRef::Location(0)
    })
}

impl EntryForm {
    /// A coordinator's handout: the place it came from, how many, what for and when.
    pub fn validate_handout(&self, today: NaiveDate) -> Result<EntryInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let item_id = item_field(&self.item_id, &mut errors);
        let at = location_field(&self.location, "location", &mut errors);
        let quantity = quantity(&self.quantity, false)
            .map_err(|e| errors.push(("quantity", e.into())))
            .unwrap_or(0);
        let purpose = name(&self.purpose, Named::Purpose, super::MAX_PURPOSE)
            .map_err(|e| errors.push(("purpose", e.into())))
            .unwrap_or_default();
        let day = handout_day(&self.date, today)
            .map_err(|e| errors.push(("date", e.into())))
            .unwrap_or(today);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EntryInput::Handout {
            item_id,
            at,
            quantity,
            purpose,
            day,
        })
    }

    /// `kind` is "restock", "transfer" or "count".
    pub fn validate(&self, kind: &str) -> Result<EntryInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let item_id = item_field(&self.item_id, &mut errors);
        let entry = match kind {
            "restock" => {
                let at = location_field(&self.location, "location", &mut errors);
                let quantity = quantity(&self.quantity, false)
                    .map_err(|e| errors.push(("quantity", e.into())))
                    .unwrap_or(0);
                let purchase = match self.source.as_str() {
                    "purchase" => true,
                    "donation" => false,
                    _ => {
                        errors.push(("source", Refusal::DonatedOrBought.into()));
                        false
                    }
                };
                let cost_cents = cost(&self.cost)
                    .map_err(|e| errors.push(("cost", e.into())))
                    .unwrap_or(None);
                if cost_cents.is_some() && !purchase {
                    errors.push(("cost", Refusal::DonationHasNoCost.into()));
                }
                EntryInput::Restock {
                    item_id,
                    at,
                    quantity,
                    purchase,
                    cost_cents,
                }
            }
            "transfer" => {
                let from = location_field(&self.from, "from", &mut errors);
                let to = location_field(&self.to, "to", &mut errors);
                if from == to && errors.is_empty() {
                    errors.push(("to", Refusal::SamePlace.into()));
                }
                let quantity = quantity(&self.quantity, false)
                    .map_err(|e| errors.push(("quantity", e.into())))
                    .unwrap_or(0);
                EntryInput::Transfer {
                    item_id,
                    from,
                    to,
                    quantity,
                }
            }
            "count" => {
                let at = location_field(&self.location, "location", &mut errors);
                let counted = count(&self.counted)
                    .map_err(|e| errors.push(("counted", e.into())))
                    .unwrap_or(0);
                let reason = self.reason.trim().to_string();
                if reason.chars().count() > 200 {
                    errors.push(("reason", Refusal::ReasonTooLong.into()));
                }
                EntryInput::Count {
                    item_id,
                    at,
                    counted,
                    reason,
                }
            }
            _ => return Err(vec![("kind", Refusal::UnknownEntryKind.into())]),
        };
        if errors.is_empty() {
            Ok(entry)
        } else {
            Err(errors)
        }
    }
}

/// A count that changes the recorded stock must say why (that is the audit).
pub fn count_needs_reason(recorded: i64, counted: i64, reason: &str) -> Option<Refusal> {
    (recorded != counted && reason.trim().is_empty())
        .then_some(Refusal::CountDiffers { recorded, counted })
}

/// Checks a batch of taps from the tally screen.
/// When a tap counts: when the phone says it was made, if that falls within the shift's tally
/// window (`opened`..`closed`) and not after now; otherwise now (a phone's clock can be wrong,
/// and a tap can't be from the future or from outside the shift).
pub fn tap_time(
    tapped_at_ms: Option<i64>,
    (opened, closed): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    tapped_at_ms
        .and_then(DateTime::from_timestamp_millis)
        .filter(|at| *at >= opened && *at <= closed && *at <= now)
        .unwrap_or(now)
}

pub fn check_taps(taps: &[Tap]) -> Result<(), Refusal> {
    if taps.len() > MAX_TAPS {
        return Err(Refusal::TooManyTaps);
    }
    for tap in taps {
        let id_ok = (8..=64).contains(&tap.tap_id.len())
            && tap
                .tap_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !id_ok {
            return Err(Refusal::TapWithoutId);
        }
        if tap.delta == 0 || tap.delta.abs() > MAX_QUANTITY {
            return Err(Refusal::TapQuantity);
        }
    }
    Ok(())
}

/// Stock went from "not low" to "low" (so the coordinators hear about it once per dip).
pub fn fell_below(before: i64, after: i64, low_below: Option<i64>) -> bool {
    low_below.is_some_and(|low| before >= low && after < low)
}

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// Every week start from `from`'s week to `to`'s, oldest first.
pub fn weeks(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut week = week_start(from);
    while week <= to && out.len() < 60 {
        out.push(week);
        week += Duration::days(7);
    }
    out
}

/// A report's date range from the form: defaults to the last eight weeks to today;
/// at most a year and a half.
pub fn range(
    from: &str,
    to: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let parse = |text: &str,
                 field: &'static str,
                 default: NaiveDate|
     -> Result<NaiveDate, (&'static str, crate::Refusal)> {
        match text.trim() {
            "" => Ok(default),
            t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| (field, Refusal::NotADate.into())),
        }
    };
    let to_date = parse(to, "to", today);
    let from_date = parse(from, "from", week_start(today) - Duration::weeks(7));
    match (from_date, to_date) {
        (Ok(f), Ok(t)) if f > t => Err(vec![("from", Refusal::StartAfterEnd.into())]),
        (Ok(f), Ok(t)) if t - f > Duration::days(550) => {
            Err(vec![("from", Refusal::RangeTooLong.into())])
        }
        (Ok(f), Ok(t)) => Ok((f, t)),
        (f, t) => Err([f.err(), t.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
mod tests;
