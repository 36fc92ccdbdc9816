//! Facilities: the jails, precincts, detention centres and courthouses where the group
//! works. Each has a public address and its IANA time zone (all times shown there are local
//! to it), and notes for volunteers: where to stand, bathrooms, safety, what to bring.
use serde::{Deserialize, Serialize};

pub mod board;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FacilityKind {
    Jail,
    Precinct,
    Detention,
    Courthouse,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; 4] = [
        FacilityKind::Jail,
        FacilityKind::Precinct,
        FacilityKind::Detention,
        FacilityKind::Courthouse,
    ];
    pub fn key(self) -> &'static str {
        match self {
            FacilityKind::Jail => "jail",
            FacilityKind::Precinct => "precinct",
            FacilityKind::Detention => "detention",
            FacilityKind::Courthouse => "courthouse",
        }
    }
    pub fn from_key(key: &str) -> Option<FacilityKind> {
        FacilityKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    pub id: i64,
    pub name: String,
    pub kind: FacilityKind,
    pub address: String,
    pub time_zone: String,
    pub notes: String,
}

/// What a coordinator typed, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct FacilityInput {
    pub name: String,
    pub kind: FacilityKind,
    pub address: String,
    pub time_zone: String,
    pub notes: String,
}

/// The facility form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FacilityForm {
    pub name: String,
    pub kind: String,
    pub address: String,
    pub time_zone: String,
    pub notes: String,
}

/// Why a facility form was refused: *what* to fix, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    NameMissing,
    /// Longer than 100 characters.
    NameTooLong,
    ChooseKind,
    /// Longer than 200 characters.
    AddressTooLong,
    /// Longer than 2,000 characters.
    NotesTooLong,
}

/// The facility form, checked.
impl FacilityForm {
    pub fn validate(&self) -> Result<FacilityInput, crate::FieldErrors> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(("name", Refusal::NameMissing.into()));
        } else if name.chars().count() > 100 {
            errors.push(("name", Refusal::NameTooLong.into()));
        }
        let kind = FacilityKind::from_key(&self.kind);
        if kind.is_none() {
            errors.push(("kind", Refusal::ChooseKind.into()));
        }
        let address = self.address.trim().to_string();
        if address.chars().count() > 200 {
            errors.push(("address", Refusal::AddressTooLong.into()));
        }
        let time_zone = match crate::time::valid_zone(&self.time_zone) {
            Ok(tz) => tz,
            Err(e) => {
                errors.push(("time_zone", e.into()));
                String::new()
            }
        };
        let notes = self.notes.trim().to_string();
        if notes.chars().count() > 2000 {
            errors.push(("notes", Refusal::NotesTooLong.into()));
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(FacilityInput {
                name,
                kind,
                address,
                time_zone,
                notes,
            }),
            _ => Err(errors),
        }
    }
}
