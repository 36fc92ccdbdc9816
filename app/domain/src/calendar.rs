//! Calendar feeds: subscriptions for Google, Apple and Outlook calendars that stay correct
//! (stable UIDs, SEQUENCE on every change, cancelled events kept so clients remove them) and
//! carry nothing that could identify a supported person.
use serde::{Deserialize, Serialize};

/// Why a feed could not be made: *what* went wrong, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    ChoosePlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedKind {
    /// My shifts and my hearings.
    Personal,
    /// One facility's shifts, or one court's hearings that need people.
    Facility,
    /// Everything (coordinators).
    Coordinator,
}

impl FeedKind {
    pub fn key(self) -> &'static str {
        match self {
            FeedKind::Personal => "personal",
            FeedKind::Facility => "facility",
            FeedKind::Coordinator => "coordinator",
        }
    }
    pub fn from_key(key: &str) -> Option<FeedKind> {
        [
            FeedKind::Personal,
            FeedKind::Facility,
            FeedKind::Coordinator,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// A feed as its owner sees it listed (never its address: that is shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedSummary {
    pub id: i64,
    pub kind: FeedKind,
    /// The facility's or court's name, for a facility feed.
    pub facility_name: Option<String>,
    /// The day it was made (UTC), `2026-12-04`.
    pub created: String,
    /// When it was last fetched (UTC), `2026-12-04 21:40`.
    pub last_used: Option<String>,
}

/// A place a facility feed can follow: a jail's shifts or a court's hearings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedPlace {
    pub id: i64,
    pub name: String,
    pub courthouse: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedsPage {
    pub feeds: Vec<FeedSummary>,
    pub facilities: Vec<FeedPlace>,
    pub coordinator: bool,
}

/// `webcal://` for an `https://` or `http://` feed address (calendar apps subscribe to it).
pub fn webcal(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.to_string(),
    }
}

/// Google Calendar's "add by URL" link for a feed.
pub fn google_link(url: &str) -> String {
    let encoded: String = webcal(url)
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect();
    format!("https://calendar.google.com/calendar/r?cid={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_links() {
        assert_eq!(
            webcal("https://vigil.example.org/calendar/abc.ics"),
            "webcal://vigil.example.org/calendar/abc.ics"
        );
        assert_eq!(google_link("https://v.example/calendar/a.ics"), "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fv.example%2Fcalendar%2Fa.ics");
    }
}
