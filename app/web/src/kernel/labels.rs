//! What the domain's kinds are called on pages, in mail and in exports: a role, a kind of
//! facility or hearing, a shift's flags, a person's fields. The domain names them by key
//! (`key()`, for forms and storage); the words are here, in the web layer, with the
//! refusals (`refusals.rs`) and the mail (`notifications::words`), so a second language is
//! added beside them and nowhere else.
use crate::i18n::Lang;
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

/// A kind's name for people, in `lang` (`Role::Coordinator.label(lang)`).
pub trait Label {
    fn label(self, lang: Lang) -> &'static str;
}

impl Label for Category {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::Reminders => t!(lang, labels.category.reminders),
            Category::Changes => t!(lang, labels.category.changes),
            Category::Urgent => t!(lang, labels.category.urgent),
            Category::CoordinatorAlerts => t!(lang, labels.category.coordinator_alerts),
        }
    }
}

impl Label for FacilityKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            FacilityKind::Jail => t!(lang, labels.facility_kind.jail),
            FacilityKind::Precinct => t!(lang, labels.facility_kind.precinct),
            FacilityKind::Detention => t!(lang, labels.facility_kind.detention),
            FacilityKind::Courthouse => t!(lang, labels.facility_kind.courthouse),
        }
    }
}

impl Label for Role {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Volunteer => t!(lang, labels.role.volunteer),
            Role::Accompanier => t!(lang, labels.role.accompanier),
            Role::Coordinator => t!(lang, labels.role.coordinator),
        }
    }
}

impl Label for Field {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Alias => t!(lang, labels.field.alias),
            Field::Contact => t!(lang, labels.field.contact),
            Field::Languages => t!(lang, labels.field.languages),
            Field::Note => t!(lang, labels.field.note),
            Field::CaseRef => t!(lang, labels.field.case_ref),
        }
    }
}

/// The hint under a person's field on the form.
pub fn hint(lang: Lang, field: Field) -> &'static str {
    match field {
        Field::Alias => t!(lang, labels.field_hint.alias),
        Field::Contact => t!(lang, labels.field_hint.contact),
        Field::Languages => t!(lang, labels.field_hint.languages),
        Field::Note => t!(lang, labels.field_hint.note),
        Field::CaseRef => t!(lang, labels.field_hint.case_ref),
    }
}

impl Label for WatchKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            WatchKind::Standing => t!(lang, labels.watch_kind.standing),
            WatchKind::Surge => t!(lang, labels.watch_kind.surge),
        }
    }
}

impl Label for ShiftFlag {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            ShiftFlag::Understaffed => t!(lang, labels.shift_flag.understaffed),
            ShiftFlag::NoLead => t!(lang, labels.shift_flag.no_lead),
            ShiftFlag::Alone => t!(lang, labels.shift_flag.alone),
            ShiftFlag::CantCome => t!(lang, labels.shift_flag.cant_come),
        }
    }
}

impl Label for vigil_domain::supplies::Occasion {
    fn label(self, lang: Lang) -> &'static str {
        use vigil_domain::supplies::Occasion;
        match self {
            Occasion::Shift => t!(lang, labels.occasion.shift),
            Occasion::Hearing => t!(lang, labels.occasion.hearing),
            Occasion::Other => t!(lang, labels.occasion.other),
        }
    }
}

impl Label for Need {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Need::Clothes => t!(lang, labels.need.clothes),
            Need::Fare => t!(lang, labels.need.fare),
            Need::Phone => t!(lang, labels.need.phone),
            Need::Ride => t!(lang, labels.need.ride),
            Need::FoodWater => t!(lang, labels.need.food_water),
            Need::Other => t!(lang, labels.need.other),
        }
    }
}

impl Label for ItemCategory {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            ItemCategory::Clothing => t!(lang, labels.item_category.clothing),
            ItemCategory::Transit => t!(lang, labels.item_category.transit),
            ItemCategory::FoodWater => t!(lang, labels.item_category.food_water),
            ItemCategory::Phone => t!(lang, labels.item_category.phone),
            ItemCategory::Hygiene => t!(lang, labels.item_category.hygiene),
            ItemCategory::Other => t!(lang, labels.item_category.other),
        }
    }
}

impl Label for HearingKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            HearingKind::MasterCalendar => t!(lang, labels.hearing_kind.master_calendar),
            HearingKind::Merits => t!(lang, labels.hearing_kind.merits),
            HearingKind::Arraignment => t!(lang, labels.hearing_kind.arraignment),
            HearingKind::Bond => t!(lang, labels.hearing_kind.bond),
            HearingKind::Trial => t!(lang, labels.hearing_kind.trial),
            HearingKind::Other => t!(lang, labels.hearing_kind.other),
        }
    }
}

/// "Bond hearing": a kind of hearing as a noun, for titles and messages.
pub fn hearing_noun(lang: Lang, kind: HearingKind) -> &'static str {
    match kind {
        HearingKind::MasterCalendar => t!(lang, labels.hearing_noun.master_calendar),
        HearingKind::Merits => t!(lang, labels.hearing_noun.merits),
        HearingKind::Arraignment => t!(lang, labels.hearing_noun.arraignment),
        HearingKind::Bond => t!(lang, labels.hearing_noun.bond),
        HearingKind::Trial => t!(lang, labels.hearing_noun.trial),
        HearingKind::Other => t!(lang, labels.hearing_noun.other),
    }
}

impl Label for HearingStatus {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            HearingStatus::Scheduled => t!(lang, labels.hearing_status.scheduled),
            HearingStatus::Moved => t!(lang, labels.hearing_status.moved),
            HearingStatus::Completed => t!(lang, labels.hearing_status.completed),
            HearingStatus::Cancelled => t!(lang, labels.hearing_status.cancelled),
        }
    }
}

impl Label for ImportColumn {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            ImportColumn::Person => t!(lang, labels.import_column.person),
            ImportColumn::Date => t!(lang, labels.import_column.date),
            ImportColumn::Time => t!(lang, labels.import_column.time),
            ImportColumn::Court => t!(lang, labels.import_column.court),
            ImportColumn::Kind => t!(lang, labels.import_column.kind),
            ImportColumn::Courtroom => t!(lang, labels.import_column.courtroom),
            ImportColumn::Languages => t!(lang, labels.import_column.languages),
        }
    }
}

/// "2 of 4 signed up (at least 2)": a shift's seats.
pub fn shift_staffing(lang: Lang, card: &ShiftCard) -> String {
    staffing(
        lang,
        card.signed_up.len() as i64,
        card.max_volunteers,
        card.min_volunteers,
    )
}

/// The same from the counts (the weekly digest carries counts, not cards).
pub fn staffing(lang: Lang, signed_up: i64, max_volunteers: i64, min_volunteers: i64) -> String {
    t!(
        lang,
        labels.staffing,
        signed_up = signed_up,
        max = max_volunteers,
        min = min_volunteers
    )
}

/// "1 of 2 accompaniers": a hearing's places.
pub fn hearing_staffing(lang: Lang, card: &HearingCard) -> String {
    tn!(
        lang,
        labels.hearing_staffing,
        card.wanted,
        signed_up = card.signed_up.len()
    )
}

/// "Bond hearing at Immigration Court": a hearing as listed (no person, no courtroom).
pub fn hearing_title(lang: Lang, card: &HearingCard) -> String {
    t!(
        lang,
        labels.hearing_title,
        hearing = hearing_noun(lang, card.kind),
        court = card.court_name
    )
}

/// A calendar feed's name, as its owner's calendar app and the feeds page list it.
pub fn feed_title(lang: Lang, kind: FeedKind, facility_name: Option<&str>) -> String {
    match kind {
        FeedKind::Personal => t!(lang, labels.feed.personal).into(),
        FeedKind::Facility => t!(
            lang,
            labels.feed.facility,
            place = facility_name.unwrap_or_default()
        ),
        FeedKind::Coordinator => t!(lang, labels.feed.coordinator).into(),
    }
}

/// A place a facility feed can follow, in the feed form's list.
pub fn feed_place(lang: Lang, place: &FeedPlace) -> String {
    if place.courthouse {
        t!(lang, labels.feed.place_hearings, place = place.name)
    } else {
        t!(lang, labels.feed.place_shifts, place = place.name)
    }
}
