//! What the domain's kinds are called on pages, in mail and in exports: a role, a kind of
//! facility or hearing, a shift's flags, a person's fields. The domain names them by key
//! (`key()`, for forms and storage); the words are here, in the web layer, with the
//! refusals (`refusals.rs`) and the mail (`notifications::words`), so a second language is
//! added beside them and nowhere else.
use vigil_domain::accounts::Role;
use vigil_domain::calendar::{FeedKind, FeedPlace};
use vigil_domain::facilities::FacilityKind;
use vigil_domain::hearings::HearingCard;
use vigil_domain::hearings::{HearingKind, HearingStatus, ImportColumn};
use vigil_domain::notifications::Category;
use vigil_domain::people::Field;
use vigil_domain::supplies::ItemCategory;
use vigil_domain::watches::ShiftCard;
use vigil_domain::watches::{Need, ShiftFlag, WatchKind};

/// A kind's name for people (`Role::Coordinator.label()`).
pub trait Label {
    fn label(self) -> &'static str;
}

impl Label for Category {
    fn label(self) -> &'static str {
        match self {
            Category::Reminders => "Reminders before my shifts and hearings",
            Category::Changes => "When a shift or hearing I'm on moves or is cancelled, or I get a seat from the waitlist",
            Category::Urgent => "Urgent call-outs when people are needed now (even during quiet hours)",
            Category::CoordinatorAlerts => "Coordinators: understaffed alerts and the weekly digest",
        }
    }
}

impl Label for FacilityKind {
    fn label(self) -> &'static str {
        match self {
            FacilityKind::Jail => "Jail",
            FacilityKind::Precinct => "Police precinct",
            FacilityKind::Detention => "Detention centre",
            FacilityKind::Courthouse => "Courthouse",
        }
    }
}

impl Label for Role {
    fn label(self) -> &'static str {
        match self {
            Role::Volunteer => "Volunteer (release watch)",
            Role::Accompanier => "Accompanier (court)",
            Role::Coordinator => "Coordinator",
        }
    }
}

impl Label for Field {
    fn label(self) -> &'static str {
        match self {
            Field::Alias => "Alias",
            Field::Contact => "Contact (phone or Signal)",
            Field::Languages => "Languages",
            Field::Note => "Logistics note",
            Field::CaseRef => "Case or A-number reference",
        }
    }
}

/// The hint under a person's field on the form.
pub fn hint(field: Field) -> &'static str {
    match field {
        Field::Alias => "A first name or initials, as the person wishes to be called.",
        Field::Contact => "Only if the person wants to be reached.",
        Field::Languages => "e.g. Spanish, Mam.",
        Field::Note => {
            "Logistics only, e.g. “needs a ride to the south side”. Never facts of the case."
        }
        Field::CaseRef => "Only if needed to find the hearing.",
    }
}

impl Label for WatchKind {
    fn label(self) -> &'static str {
        match self {
            WatchKind::Standing => "Standing watch",
            WatchKind::Surge => "Surge watch",
        }
    }
}

impl Label for ShiftFlag {
    fn label(self) -> &'static str {
        match self {
            ShiftFlag::Understaffed => "understaffed",
            ShiftFlag::NoLead => "no trained lead",
            ShiftFlag::Alone => "one person alone",
            ShiftFlag::CantCome => "someone can't come",
        }
    }
}

impl Label for Need {
    fn label(self) -> &'static str {
        match self {
            Need::Clothes => "Clothes",
            Need::Fare => "Transit fare",
            Need::Phone => "Phone / charger",
            Need::Ride => "Ride",
            Need::FoodWater => "Food / water",
            Need::Other => "Other",
        }
    }
}

impl Label for ItemCategory {
    fn label(self) -> &'static str {
        match self {
            ItemCategory::Clothing => "Clothing",
            ItemCategory::Transit => "Transit",
            ItemCategory::FoodWater => "Food and water",
            ItemCategory::Phone => "Phone and charging",
            ItemCategory::Hygiene => "Hygiene",
            ItemCategory::Other => "Other",
        }
    }
}

impl Label for HearingKind {
    fn label(self) -> &'static str {
        match self {
            HearingKind::MasterCalendar => "Master calendar",
            HearingKind::Merits => "Individual / merits",
            HearingKind::Arraignment => "Arraignment",
            HearingKind::Bond => "Bond",
            HearingKind::Trial => "Trial",
            HearingKind::Other => "Other",
        }
    }
}

impl Label for HearingStatus {
    fn label(self) -> &'static str {
        match self {
            HearingStatus::Scheduled => "Scheduled",
            HearingStatus::Moved => "Moved",
            HearingStatus::Completed => "Completed",
            HearingStatus::Cancelled => "Cancelled",
        }
    }
}

impl Label for ImportColumn {
    fn label(self) -> &'static str {
        match self {
            ImportColumn::Person => "Person: case reference or Vigil person number (required)",
            ImportColumn::Date => "Date, or date and time (required)",
            ImportColumn::Time => "Time (if not in the date column)",
            ImportColumn::Court => "Court name (or choose one court below)",
            ImportColumn::Kind => "Hearing type",
            ImportColumn::Courtroom => "Courtroom or judge",
            ImportColumn::Languages => "Languages needed",
        }
    }
}

/// "2 of 4 signed up (at least 2)": a shift's seats.
pub fn shift_staffing(card: &ShiftCard) -> String {
    staffing(
        card.signed_up.len() as i64,
        card.max_volunteers,
        card.min_volunteers,
    )
}

/// The same from the counts (the weekly digest carries counts, not cards).
pub fn staffing(signed_up: i64, max_volunteers: i64, min_volunteers: i64) -> String {
    format!("{signed_up} of {max_volunteers} signed up (at least {min_volunteers})")
}

/// "1 of 2 accompaniers": a hearing's places.
pub fn hearing_staffing(card: &HearingCard) -> String {
    format!("{} of {} accompaniers", card.signed_up.len(), card.wanted)
}

/// "Bond hearing at Immigration Court": a hearing as listed (no person, no courtroom).
pub fn hearing_title(card: &HearingCard) -> String {
    format!("{} hearing at {}", card.kind.label(), card.court_name)
}

/// A calendar feed's name, as its owner's calendar app and the feeds page list it.
pub fn feed_title(kind: FeedKind, facility_name: Option<&str>) -> String {
    match kind {
        FeedKind::Personal => "Vigil — my shifts and hearings".into(),
        FeedKind::Facility => format!("Vigil — {}", facility_name.unwrap_or_default()),
        FeedKind::Coordinator => "Vigil — all shifts and hearings".into(),
    }
}

/// A place a facility feed can follow, in the feed form's list.
pub fn feed_place(place: &FeedPlace) -> String {
    if place.courthouse {
        format!("{} (hearings)", place.name)
    } else {
        format!("{} (shifts)", place.name)
    }
}
