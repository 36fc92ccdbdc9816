//! Rides: to court and back for a hearing, or home from the jail after a release watch.
//! A ride belongs to a person and to one hearing or watch; drivers with the "can drive"
//! qualification take it through the seat mechanism (`signups`, one seat per driver wanted).
//! Every driver sees its time, facility and rough area; the pickup itself is sealed with the
//! person's key and opens only to the driver who took it, in the need-to-know window.
use crate::people::FieldValue;
use crate::time::Span;
use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// The rough area every driver sees ("Eastside", "near the 4 train"): short, never an address.
pub const AREA_CHARS: usize = 40;
/// The pickup (sealed): a corner or a landmark, a few words.
pub const PICKUP_CHARS: usize = 120;
pub const MAX_SEATS: i64 = 8;
pub const MAX_DRIVERS: i64 = 4;

/// What a ride is for: a hearing (to court and back) or a release watch (from the jail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RideFor {
    Hearing(i64),
    Watch(i64),
}

impl RideFor {
    /// "hearing:12" or "watch:3", as a form's select sends it.
    pub fn key(self) -> String {
        match self {
            RideFor::Hearing(id) => format!("hearing:{id}"),
            RideFor::Watch(id) => format!("watch:{id}"),
        }
    }

    pub fn from_key(key: &str) -> Option<RideFor> {
        let (kind, id) = key.split_once(':')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "hearing" => Some(RideFor::Hearing(id)),
            "watch" => Some(RideFor::Watch(id)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RideStatus {
    /// Asked for by the person's `RIDE` text: a coordinator fills it in and opens it.
    Draft,
    Open,
    Cancelled,
}

impl RideStatus {
    pub fn key(self) -> &'static str {
        match self {
            RideStatus::Draft => "draft",
            RideStatus::Open => "open",
            RideStatus::Cancelled => "cancelled",
        }
    }
    pub fn from_key(key: &str) -> RideStatus {
        match key {
            "draft" => RideStatus::Draft,
            "open" => RideStatus::Open,
            _ => RideStatus::Cancelled,
        }
    }
}

/// Why a ride could not be made or taken: *what* went wrong, for the web layer to word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Pick the hearing or watch the ride is for (one of this person's).
    ChooseWhat,
    Seats,
    Drivers,
    AreaTooLong,
    PickupTooLong,
    /// The time is past.
    Past,
    /// Only members a coordinator marked "can drive" take rides.
    NotADriver,
    /// Another driver took it first.
    Taken,
    /// A draft not opened yet, or cancelled.
    NotOpen,
}

/// A coordinator's ride form, checked field by field. The time is read in the facility's
/// zone by the caller, who knows which facility it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RideInput {
    pub ride_for: RideFor,
    /// As typed ("2026-12-10T08:30"): parsed in the facility's zone.
    pub time: String,
    pub seats: i64,
    pub drivers: i64,
    pub area: String,
    pub pickup: String,
}

impl RideInput {
    pub fn parse(
        ride_for: &str,
        time: &str,
        seats: &str,
        drivers: &str,
        area: &str,
        pickup: &str,
    ) -> Result<RideInput, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let ride_for = RideFor::from_key(ride_for.trim());
        if ride_for.is_none() {
            errors.push(("for", Refusal::ChooseWhat.into()));
        }
        let count = |text: &str, max: i64| {
            let text = text.trim();
            if text.is_empty() {
                return Some(1);
            }
            text.parse::<i64>().ok().filter(|n| (1..=max).contains(n))
        };
        let seats = count(seats, MAX_SEATS);
        if seats.is_none() {
            errors.push(("seats", Refusal::Seats.into()));
        }
        let drivers = count(drivers, MAX_DRIVERS);
        if drivers.is_none() {
            errors.push(("drivers", Refusal::Drivers.into()));
        }
        let area = area.trim();
        if area.chars().count() > AREA_CHARS {
            errors.push(("area", Refusal::AreaTooLong.into()));
        }
        let pickup = pickup.trim();
        if pickup.chars().count() > PICKUP_CHARS {
            errors.push(("pickup", Refusal::PickupTooLong.into()));
        }
        match (ride_for, seats, drivers) {
            (Some(ride_for), Some(seats), Some(drivers)) if errors.is_empty() => Ok(RideInput {
                ride_for,
                time: time.trim().to_string(),
                seats,
                drivers,
                area: area.to_string(),
                pickup: pickup.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// A driver on a ride, as coordinators and the other drivers see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub account_id: i64,
    pub name: String,
}

/// A ride as a page shows it, cut to the viewer: the pickup only for its driver (in the
/// window) and coordinators; the person only for coordinators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideCard {
    pub id: i64,
    /// What it is for, as `RideFor::key` ("hearing:12"): ids only.
    pub for_key: String,
    /// `true`: to court and back for a hearing; `false`: home from the jail.
    pub to_court: bool,
    pub facility_name: String,
    pub when: Span,
    pub area: String,
    pub seats: i64,
    pub drivers_wanted: i64,
    pub drivers: Vec<Driver>,
    pub status: RideStatus,
    pub asked_by_person: bool,
    /// The viewer drives it.
    pub mine: bool,
    /// `None`: not for this viewer (now).
    pub pickup: Option<FieldValue>,
    /// Coordinators only: whose ride (a link to their page).
    pub person_id: Option<i64>,
}

impl RideCard {
    pub fn needs_driver(&self) -> bool {
        self.status == RideStatus::Open && (self.drivers.len() as i64) < self.drivers_wanted
    }
}

/// What a coordinator chooses a ride for on a person's page: their upcoming hearings and the
/// watches they are expected out of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideOption {
    pub key: String,
    pub to_court: bool,
    pub facility_name: String,
    pub when: Span,
}

/// A person's rides and what a new one can be for (their page, coordinators).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRides {
    pub rides: Vec<RideCard>,
    pub options: Vec<RideOption>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ride_form_names_each_field_to_fix() {
        let ok =
            RideInput::parse("hearing:4", "2026-12-10T08:30", "2", "", "Eastside", "").unwrap();
        assert_eq!(ok.ride_for, RideFor::Hearing(4));
        assert_eq!((ok.seats, ok.drivers), (2, 1));
        let long = "x".repeat(AREA_CHARS + 1);
        let errors = RideInput::parse("court:4", "", "0", "9", &long, "").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["for", "seats", "drivers", "area"]);
    }

    #[test]
    fn ride_keys_round_trip_and_refuse_junk() {
        for r in [RideFor::Hearing(7), RideFor::Watch(3)] {
            assert_eq!(RideFor::from_key(&r.key()), Some(r));
        }
        assert_eq!(RideFor::from_key("hearing:-1"), None);
        assert_eq!(RideFor::from_key("hearing"), None);
    }
}
