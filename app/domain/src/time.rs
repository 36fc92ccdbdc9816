//! Local times at a facility. Everything is stored in UTC; forms take and pages show the
//! facility's wall-clock time, converted through its IANA zone so daylight-saving changes
//! give shifts their true length.
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

/// Why a typed time or zone was refused: *what* went wrong, for the web layer to word.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    UnknownZone,
    NotADateTime,
    /// A wall-clock time skipped when the clocks go forward in `zone`.
    SkippedTime {
        at: NaiveDateTime,
        zone: String,
    },
}

pub fn valid_zone(name: &str) -> Result<String, Refusal> {
    match name.trim().parse::<Tz>() {
        Ok(tz) => Ok(tz.name().to_string()),
        Err(_) => Err(Refusal::UnknownZone),
    }
}

/// "2026-03-08T02:30" typed in `tz` (what `<input type=datetime-local>` sends).
pub fn parse_local(input: &str, tz: Tz) -> Result<DateTime<Utc>, Refusal> {
    let input = input.trim();
    let naive = NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Refusal::NotADateTime)?;
    from_wall_clock(naive, tz).ok_or_else(|| Refusal::SkippedTime {
        at: naive,
        zone: tz.name().to_string(),
    })
}

/// A wall-clock time in `tz`; on the ambiguous hour when clocks go back, the first one.
/// `None` for a time skipped when clocks go forward.
pub fn from_wall_clock(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// A time at a place: a shift's or a hearing's, a watch's. Pages put it into words in the
/// reader's language (`vigil_web::i18n::dates`); nothing here does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub starts_at: DateTime<Utc>,
    /// `None`: no set end (a hearing; a surge watch until it is closed).
    pub ends_at: Option<DateTime<Utc>>,
    /// The place's time zone (an IANA name, "America/New_York").
    pub time_zone: String,
}

impl Span {
    pub fn new(starts_at: DateTime<Utc>, ends_at: Option<DateTime<Utc>>, time_zone: &str) -> Self {
        Span {
            starts_at,
            ends_at,
            time_zone: time_zone.to_string(),
        }
    }
}

/// For a datetime-local input's value.
pub fn input_value(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// The local date of `at`, "2026-11-24".
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_hour_is_refused_with_a_reason() {
        let ny = zone("America/New_York");
        let err = parse_local("2026-03-08T02:30", ny).unwrap_err();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .unwrap();
        assert_eq!(
            err,
            Refusal::SkippedTime {
                at,
                zone: "America/New_York".into()
            }
        );
    }

    #[test]
    fn zones_are_checked() {
        assert_eq!(valid_zone(" Europe/Paris ").unwrap(), "Europe/Paris");
        assert!(valid_zone("Mars/Base").is_err());
    }
}
