//! Vigil's domain: each capability's types, the plain rules over them, and the checks on
//! what people type.
//!
//! Holds: the values pages show and server functions carry (`watches::ShiftCard`,
//! `people::PersonView`…), the rules as pure functions over times and counts
//! (`watches::rules`, `supplies::ledger`, `signups::before_cutoff`), and local-time
//! arithmetic (`time`). Time always comes in as a parameter; nothing here reads the clock.
//!
//! Also what a notice says, as data (`notifications::Message`), and every refusal as a
//! typed value (`Refusal`), never as words.
//!
//! Must not hold: SQL or a database handle, HTTP, Leptos components, mail, words for people
//! (labels, messages and refusals are worded in the web layer), or anything that needs the
//! server. It is compiled into the browser bundle, so whatever is added here must
//! build for `wasm32-unknown-unknown` (the crate's dependencies say what it may use).
pub mod accounts;
pub mod attention;
pub mod calendar;
pub mod court_reminders;
pub mod facilities;
pub mod hearings;
pub mod notifications;
pub mod paths;
pub mod people;
pub mod rides;
pub mod signups;
pub mod supplies;
pub mod time;
pub mod watches;

/// `Refusal`, one variant per capability's own refusals, with a `From` for each: the list is
/// written once.
macro_rules! refusals {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Why something a person asked for was refused, by capability: *what* went wrong,
        /// never words. The web layer says it in the reader's language
        /// (`vigil_app::kernel::refusals`).
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum Refusal {
            $($variant($ty),)*
        }
        $(
            impl From<$ty> for Refusal {
                fn from(r: $ty) -> Self {
                    Refusal::$variant(r)
                }
            }
        )*
    };
}
refusals!(
    Accounts(accounts::Refusal),
    Calendar(calendar::Refusal),
    CourtReminders(court_reminders::Refusal),
    Facilities(facilities::Refusal),
    Hearings(hearings::Refusal),
    Notifications(notifications::Refusal),
    People(people::Refusal),
    Rides(rides::Refusal),
    Seats(signups::Refusal),
    Supplies(supplies::Refusal),
    Time(time::Refusal),
    Watches(watches::Refusal),
);

/// What to fix in a form, field by field: each field's refusal. One type for every
/// capability, so the web layer words and shows any of them the same way.
pub type FieldErrors = Vec<(&'static str, Refusal)>;
