//! Notification use cases: what a change queues (`notices`, `reminders`: typed messages, never
//! words), one's preferences and opting out (`prefs`, `delivery`), the failed deliveries a
//! coordinator retries (`delivery`), and sending (`worker` over the `mailer`).
//!
//! Words are the web layer's: the worker asks the `Wording` it was given to put a message
//! into words when it sends it, in the recipient's language. Every message has a generic
//! subject and never carries data about supported people.
/// The job queue's SQL: `vigil_db::jobs`.
pub use vigil_db::jobs;
pub use vigil_domain::notifications::*;

pub mod mailer;
pub mod notices;
pub mod prefs;
pub mod reminders;
pub mod wording;
pub mod worker;

mod delivery;
pub use delivery::*;
pub use wording::Wording;
