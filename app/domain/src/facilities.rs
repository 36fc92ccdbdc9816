//! Facilities: the jails, precincts, detention centres and courthouses where the group
//! works. Each has a public address and its IANA time zone (all times shown there are local
//! to it), and notes for volunteers: where to stand, bathrooms, safety, what to bring.
use serde::{Deserialize, Serialize};

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
    pub fn label(self) -> &'static str {
        match self {
            FacilityKind::Jail => "Jail",
            FacilityKind::Precinct => "Police precinct",
            FacilityKind::Detention => "Detention centre",
            FacilityKind::Courthouse => "Courthouse",
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
