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

/// For a datetime-local input's value.
pub fn input_value(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// "Tue 24 Nov, 20:00"
pub fn day_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%a %-d %b, %H:%M").to_string()
}

/// One moment with its zone, for hearings: "Tue 1 Dec, 09:00 EST".
pub fn moment(at: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} {}",
        day_time(at, tz),
        at.with_timezone(&tz).format("%Z")
    )
}

pub fn clock(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// "Tue 24 Nov, 20:00–00:00 EST" with the true length when it isn't a whole-hour wall span
/// (e.g. a night shift across the clocks going back is 5 hours, not 4).
pub fn span(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> String {
    let local_start = start.with_timezone(&tz);
    let local_end = end.with_timezone(&tz);
    let mut out = format!("{}–{}", day_time(start, tz), local_end.format("%H:%M"));
    if local_start.date_naive() != local_end.date_naive()
        && end - start >= chrono::Duration::hours(24)
    {
        out = format!("{} – {}", day_time(start, tz), day_time(end, tz));
    }
    let zone_name = local_start.format("%Z").to_string();
    out.push(' ');
    out.push_str(&zone_name);
    let wall = local_end.naive_local() - local_start.naive_local();
    let real = end - start;
    if wall != real {
        out.push_str(&format!(" ({} h: the clocks change)", hours_text(real)));
    }
    out
}

fn hours_text(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.1}", minutes as f64 / 60.0)
    }
}

/// The local date of `at`, "2026-11-24".
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// A rule's length in words ("3 hours", "30 minutes", "1 hour"), so a message quotes the
/// constant that enforces it rather than a copy that can drift.
pub fn in_words(length: chrono::Duration) -> String {
    let minutes = length.num_minutes();
    let (n, unit) = if minutes % 60 == 0 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_shift_across_fall_back_lasts_five_hours() {
        let ny = zone("America/New_York");
        // 2026-11-01: clocks go back from 02:00 EDT to 01:00 EST.
        let start = parse_local("2026-11-01T00:00", ny).unwrap();
        let end = parse_local("2026-11-01T04:00", ny).unwrap();
        assert_eq!(end - start, chrono::Duration::hours(5));
        assert!(
            span(start, end, ny).contains("(5 h: the clocks change)"),
            "{}",
            span(start, end, ny)
        );
    }

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

    #[test]
    fn lengths_in_words() {
        assert_eq!(in_words(chrono::Duration::hours(3)), "3 hours");
        assert_eq!(in_words(chrono::Duration::hours(1)), "1 hour");
        assert_eq!(in_words(chrono::Duration::minutes(30)), "30 minutes");
        assert_eq!(in_words(chrono::Duration::minutes(90)), "90 minutes");
    }
}
