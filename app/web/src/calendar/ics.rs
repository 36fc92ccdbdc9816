//! iCalendar output, built with the `ical` crate's generator and corrected in this one place
//! where it falls short of RFC 5545:
//!
//! - it doesn't escape TEXT values: `text()` escapes backslash, semicolon, comma and newlines;
//! - it folds lines every 75 *characters*, so a line of Spanish or Chinese can exceed 75
//!   octets: `render()` unfolds its output and folds again at 75 octets, never inside a
//!   UTF-8 character;
//! - it writes a TZID on DTSTART without a matching VTIMEZONE: every time here is UTC
//!   (`…Z`), which needs no VTIMEZONE and which every client shows in its own zone.
use chrono::{DateTime, Utc};
use ical::generator::{Emitter, IcalCalendar, IcalEvent};
use ical::property::Property;

/// The longest content line, in octets, without the CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// A TEXT value escaped per RFC 5545 §3.3.11.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A UTC DATE-TIME value: `20261124T200000Z`.
pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn property(name: &str, value: impl Into<String>) -> Property {
    Property {
        name: name.to_string(),
        params: None,
        value: Some(value.into()),
    }
}

pub fn property_with(name: &str, params: &[(&str, &str)], value: impl Into<String>) -> Property {
    let params = params
        .iter()
        .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
        .collect();
    Property {
        name: name.to_string(),
        params: Some(params),
        value: Some(value.into()),
    }
}

/// One event, everything already in UTC and escaped by the caller's choice of helpers.
pub struct Event {
    pub uid: String,
    pub sequence: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub cancelled: bool,
}

fn event(e: &Event) -> IcalEvent {
    let mut ev = IcalEvent::new();
    ev.properties = vec![
        property("UID", text(&e.uid)),
        // The feed has no METHOD: DTSTAMP is then when the event last changed (RFC 5545
        // §3.8.7.2), which keeps the feed byte-identical until something changes.
        property("DTSTAMP", utc(e.last_modified)),
        property("LAST-MODIFIED", utc(e.last_modified)),
        property("SEQUENCE", e.sequence.to_string()),
        property("DTSTART", utc(e.start)),
        property("DTEND", utc(e.end)),
        property("SUMMARY", text(&e.summary)),
        property("DESCRIPTION", text(&e.description)),
        property(
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        ),
        property("TRANSP", "OPAQUE"),
    ];
    if !e.location.is_empty() {
        ev.properties.push(property("LOCATION", text(&e.location)));
    }
    if !e.url.is_empty() {
        ev.properties
            .push(property_with("URL", &[("VALUE", "URI")], e.url.clone()));
    }
    ev
}

/// A whole calendar: name, refresh hints and events, as CRLF-terminated, octet-folded text.
pub fn render(name: &str, refresh_minutes: u32, events: &[Event]) -> String {
    let mut cal = IcalCalendar::new();
    let ttl = format!("PT{refresh_minutes}M");
    cal.properties = vec![
        property("VERSION", "2.0"),
        property(
            "PRODID",
            "-//Vigil//Jail support and court accompaniment//EN",
        ),
        property("CALSCALE", "GREGORIAN"),
        property("NAME", text(name)),
        property("X-WR-CALNAME", text(name)),
        property_with("REFRESH-INTERVAL", &[("VALUE", "DURATION")], ttl.clone()),
        property("X-PUBLISHED-TTL", ttl),
    ];
    cal.events = events.iter().map(event).collect();
    refold(&cal.generate())
}

/// Undoes the generator's folding and folds every line at 75 octets on character
/// boundaries. Values never hold a raw CR or LF (TEXT escapes them), so "CRLF space" only
/// ever comes from folding.
pub fn refold(generated: &str) -> String {
    let unfolded = generated.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 60 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        fold_line(line, &mut out);
    }
    out
}

fn fold_line(line: &str, out: &mut String) {
    let mut used = 0;
    // Continuation lines start with a space, which counts toward their 75 octets.
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            // Never end a line on a space: some parsers (the `ical` crate's among them) trim
            // line ends before unfolding, which would lose it. Carry it to the next line.
            let carried = out.ends_with(' ') && used > 1;
            if carried {
                out.pop();
            }
            out.push_str("\r\n ");
            used = 1;
            if carried {
                out.push(' ');
                used += 1;
            }
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn long_non_ascii_lines_fold_at_75_octets_between_characters() {
        let name = "Centro de Detención 移民拘留中心 — acompañamiento en la corte ".repeat(4);
        let start = Utc.with_ymd_and_hms(2027, 3, 14, 6, 0, 0).unwrap();
        let e = Event {
            uid: "shift-1@vigil".into(),
            sequence: 0,
            start,
            end: start + chrono::Duration::hours(3),
            last_modified: start,
            summary: name.clone(),
            description: name.clone(),
            location: String::new(),
            url: String::new(),
            cancelled: false,
        };
        let out = render("Vigil", 15, &[e]);
        assert!(out.ends_with("END:VCALENDAR\r\n"));
        for line in out.split("\r\n") {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "{} octets: {line}",
                line.len()
            );
        }
        assert!(
            !out.contains("\n\n") && out.matches('\n').count() == out.matches("\r\n").count(),
            "CRLF only"
        );
        // Unfolding gives back exactly the escaped text.
        assert!(out
            .replace("\r\n ", "")
            .contains(&format!("SUMMARY:{}", text(&name))));
    }
}
