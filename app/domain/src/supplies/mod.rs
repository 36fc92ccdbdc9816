//! Supplies: each site's kit and the storage places that restock it, what was handed out on
//! each shift, and what to buy. Stock is derived from entries (restock, transfer, handout,
//! count correction), never edited. Handouts are counted against a shift, a hearing, or (a
//! coordinator's distribution, the office) a purpose: never a person.
pub mod ledger;

use serde::{Deserialize, Serialize};

/// Why a supplies action was refused: *what* went wrong, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    ShiftCancelled,
    /// Handouts are logged from `watches::rules::CHECK_IN_EARLY` before the shift starts.
    HandoutsNotOpen,
    /// After the shift a coordinator corrects the count instead.
    HandoutsShiftOver,
    HearingCancelled,
    /// Handouts after a hearing are logged from its meeting time (`HEARING_TALLY_AFTER`).
    HearingHandoutsNotOpen,
    HearingHandoutsOver,
    /// A handout's date in the future, or over a year ago.
    HandoutDate,
    /// Another storage place already has the name a facility's kit would take.
    KitNameTaken,
    /// More than `ledger::MAX_TAPS` handouts sent at once.
    TooManyTaps,
    /// A tap whose id can't be one the page made (a hand-made or garbled request).
    TapWithoutId,
    /// A line handing out 0, or more than `ledger::MAX_QUANTITY`.
    TapQuantity,
    // What to fix in a stock form.
    /// More than `ledger::MAX_QUANTITY` at once.
    QuantityTooLarge,
    QuantityBelowZero,
    QuantityBelowOne,
    QuantityMissing,
    NotAWholeNumber,
    /// A count below 0 or above 100,000.
    CountOutOfRange,
    CountMissing,
    CostNotANumber,
    /// A cost over a million.
    CostTooLarge,
    NameMissing {
        what: Named,
    },
    NameTooLong {
        what: Named,
        max: usize,
    },
    /// An item whose name is in the list already.
    ItemExists,
    /// A storage place whose name another has already.
    PlaceExists,
    ChooseCategory,
    ChooseItem,
    ChoosePlace,
    ChooseBothPlaces,
    DonatedOrBought,
    DonationHasNoCost,
    /// A transfer from a place to itself.
    SamePlace,
    /// A count's reason over 200 characters.
    ReasonTooLong,
    UnknownEntryKind,
    /// A count that changes the recorded stock says why.
    CountDiffers {
        recorded: i64,
        counted: i64,
    },
    NotADate,
    StartAfterEnd,
    /// A report over a year and a half.
    RangeTooLong,
    /// A transfer of more than the records say the source holds.
    NotEnoughHeld {
        held: i64,
    },
}

/// What a supplies name is the name of, for the refusal that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Named {
    Item,
    Unit,
    Place,
    /// What a coordinator's handout was for ("distribution", "office").
    Purpose,
}

/// Where a tally screen counts: a release-watch shift, or a hearing (handed out after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TallyAt {
    Shift(i64),
    Hearing(i64),
}

impl TallyAt {
    /// The shift's or hearing's own page.
    pub fn page(self) -> String {
        match self {
            TallyAt::Shift(id) => crate::paths::shift(id),
            TallyAt::Hearing(id) => crate::paths::hearing(id),
        }
    }
    /// The tally screen (and its no-JavaScript form's action).
    pub fn tally_path(self) -> String {
        format!("{}/supplies", self.page())
    }
    /// The phone's key for taps not yet sent (a shift's is the one it always had).
    pub fn storage_key(self) -> String {
        match self {
            TallyAt::Shift(id) => format!("vigil-taps-{id}"),
            TallyAt::Hearing(id) => format!("vigil-taps-hearing-{id}"),
        }
    }
}

/// Where a handout happened, as reports and the export group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Occasion {
    Shift,
    Hearing,
    Other,
}

impl Occasion {
    pub const ALL: [Occasion; 3] = [Occasion::Shift, Occasion::Hearing, Occasion::Other];
    pub fn key(self) -> &'static str {
        match self {
            Occasion::Shift => "shift",
            Occasion::Hearing => "hearing",
            Occasion::Other => "other",
        }
    }
    pub fn from_key(key: &str) -> Option<Occasion> {
        Occasion::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// Where a hearing's handouts come from, and the places a coordinator may name instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HearingSource {
    pub court_id: i64,
    pub court: String,
    /// Every other kit and storage place: `(id, name)`.
    pub places: Vec<(i64, String)>,
    /// The place named; `None`: the court's kit.
    pub chosen: Option<i64>,
}

/// How long after a hearing starts its accompaniers can still log handouts (hearings have
/// no set end; fare and food are handed out after it, often hours later).
pub const HEARING_TALLY_AFTER_HOURS: i64 = 6;
/// The longest purpose a coordinator's handout may carry.
pub const MAX_PURPOSE: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemCategory {
    Clothing,
    Transit,
    FoodWater,
    Phone,
    Hygiene,
    Other,
}

impl ItemCategory {
    pub const ALL: [ItemCategory; 6] = [
        ItemCategory::Clothing,
        ItemCategory::Transit,
        ItemCategory::FoodWater,
        ItemCategory::Phone,
        ItemCategory::Hygiene,
        ItemCategory::Other,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ItemCategory::Clothing => "clothing",
            ItemCategory::Transit => "transit",
            ItemCategory::FoodWater => "food_water",
            ItemCategory::Phone => "phone",
            ItemCategory::Hygiene => "hygiene",
            ItemCategory::Other => "other",
        }
    }
    pub fn from_key(key: &str) -> Option<ItemCategory> {
        ItemCategory::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub category: ItemCategory,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: i64,
    pub name: String,
    /// Set for a facility's kit; `None` for a storage place.
    pub facility_id: Option<i64>,
}

/// One item at one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockLine {
    pub location_id: i64,
    pub location: String,
    pub item_id: i64,
    pub item: String,
    pub unit: String,
    /// May be below zero after handouts beyond what was recorded; then `needs_count` is set.
    pub on_hand: i64,
    pub low_below: Option<i64>,
    /// A handout went beyond recorded stock since the last count.
    pub needs_count: bool,
}

impl StockLine {
    pub fn is_low(&self) -> bool {
        self.low_below.is_some_and(|low| self.on_hand < low)
    }
}

/// One item on the tally screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TallyLine {
    pub item: Item,
    /// Handed out on this shift (or at this hearing) so far, everyone on it together.
    pub this_shift: i64,
    /// What the site's kit holds now, as recorded.
    pub on_hand: i64,
}

/// The phone-sized tally screen of one shift or hearing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub at: TallyAt,
    pub site: String,
    pub when: crate::time::Span,
    pub lines: Vec<TallyLine>,
    /// Releases logged on this shift's watch today, to count handouts against (optional):
    /// `(id, when, "R-14")`. Labels only, never anything else about anyone.
    pub releases: Vec<(i64, chrono::DateTime<chrono::Utc>, String)>,
    /// A fresh id for the no-JavaScript form, so sending it twice counts once.
    pub form_id: String,
}

/// One tap (or one line of the no-JavaScript form) as the browser sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tap {
    /// Made by the phone; a tap sent again after a lost answer counts once.
    pub tap_id: String,
    pub item_id: i64,
    /// +n handed out, -n taken back (a mistaken tap).
    pub delta: i64,
    pub release_id: Option<i64>,
    /// When it was tapped, by the phone's clock (milliseconds since 1970): a tap kept while
    /// there was no signal counts when it was made, not when it arrived. Absent from the
    /// no-JavaScript form, whose quantities count when sent.
    #[serde(default)]
    pub tapped_at_ms: Option<i64>,
}

/// The page of managing stock: the catalogue, the locations, and what they hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockPage {
    pub items: Vec<Item>,
    pub locations: Vec<Location>,
    /// Facilities that have no kit yet: `(facility id, name)`; choosing one makes its kit.
    pub kitless_facilities: Vec<(i64, String)>,
    pub stock: Vec<StockLine>,
}

/// A labelled number, for a table row and the chart bar drawn from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

/// The coordinators' supplies report for a date range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyReport {
    /// The range shown, as `YYYY-MM-DD` (inclusive).
    pub from: String,
    pub to: String,
    /// Week starts (Mondays, `YYYY-MM-DD`) in the range, oldest first.
    pub weeks: Vec<String>,
    /// Item names with handouts in the range.
    pub items: Vec<String>,
    /// `handouts[item][week]`, in the order of `items` and `weeks`.
    pub handouts: Vec<Vec<i64>>,
    /// Handouts per week, all items together.
    pub weekly_totals: Vec<Bar>,
    /// Handouts per item over the range.
    pub item_totals: Vec<Bar>,
    /// `(site, handouts per week)`, in the order of `weeks`.
    pub site_weeks: Vec<(String, Vec<i64>)>,
    /// `(site, item, quantity)` over the range.
    pub by_site: Vec<(String, String, i64)>,
    /// `(where, item, quantity)` over the range: watch shifts, hearings, other.
    pub by_occasion: Vec<(Occasion, String, i64)>,
    /// Restock spend per week, in cents.
    pub spend: Vec<Bar>,
    pub low: Vec<StockLine>,
    pub stock: Vec<StockLine>,
}

/// "12.50" from 1250 cents (no currency: groups use their own).
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}
