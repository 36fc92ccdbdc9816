//! Times in the reader's language, at the place's time zone: "Tue 24 Nov, 20:00–00:00 EST",
//! "mar 24 nov, 20:00–00:00 EST". The names of days and months and the order of the parts
//! are the catalogue's (`locales/<language>/dates.json`); the clock is 24-hour everywhere.
use super::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use vigil_domain::time::{zone, Span};

fn weekday(lang: Lang, date: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match date.weekday() {
        Mon => t!(lang, dates.weekday.mon),
        Tue => t!(lang, dates.weekday.tue),
        Wed => t!(lang, dates.weekday.wed),
        Thu => t!(lang, dates.weekday.thu),
        Fri => t!(lang, dates.weekday.fri),
        Sat => t!(lang, dates.weekday.sat),
        Sun => t!(lang, dates.weekday.sun),
    }
}

fn month(lang: Lang, date: NaiveDate) -> &'static str {
    match date.month() {
        1 => t!(lang, dates.month.jan),
        2 => t!(lang, dates.month.feb),
        3 => t!(lang, dates.month.mar),
        4 => t!(lang, dates.month.apr),
        5 => t!(lang, dates.month.may),
        6 => t!(lang, dates.month.jun),
        7 => t!(lang, dates.month.jul),
        8 => t!(lang, dates.month.aug),
        9 => t!(lang, dates.month.sep),
        10 => t!(lang, dates.month.oct),
        11 => t!(lang, dates.month.nov),
        _ => t!(lang, dates.month.dec),
    }
}

fn weekday_long(lang: Lang, date: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match date.weekday() {
        Mon => t!(lang, dates.weekday_long.mon),
        Tue => t!(lang, dates.weekday_long.tue),
        Wed => t!(lang, dates.weekday_long.wed),
        Thu => t!(lang, dates.weekday_long.thu),
        Fri => t!(lang, dates.weekday_long.fri),
        Sat => t!(lang, dates.weekday_long.sat),
        Sun => t!(lang, dates.weekday_long.sun),
    }
}

fn month_long(lang: Lang, date: NaiveDate) -> &'static str {
    match date.month() {
        1 => t!(lang, dates.month_long.jan),
        2 => t!(lang, dates.month_long.feb),
        3 => t!(lang, dates.month_long.mar),
        4 => t!(lang, dates.month_long.apr),
        5 => t!(lang, dates.month_long.may),
        6 => t!(lang, dates.month_long.jun),
        7 => t!(lang, dates.month_long.jul),
        8 => t!(lang, dates.month_long.aug),
        9 => t!(lang, dates.month_long.sep),
        10 => t!(lang, dates.month_long.oct),
        11 => t!(lang, dates.month_long.nov),
        _ => t!(lang, dates.month_long.dec),
    }
}

/// A reminder's moment, in full: "Friday 15 January, 22:00 (EST)" / "viernes 15 de enero,
/// 22:00 (EST)".
pub fn long_moment(lang: Lang, at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    let date = local.date_naive();
    let day = t!(
        lang,
        dates.long_day,
        weekday = weekday_long(lang, date),
        day = date.day(),
        month = month_long(lang, date)
    );
    t!(
        lang,
        dates.long_moment,
        day = day,
        time = local.format("%H:%M"),
        zone = local.format("%Z")
    )
}

/// "Tue 24 Nov" / "mar 24 nov".
pub fn day(lang: Lang, date: NaiveDate) -> String {
    t!(
        lang,
        dates.day,
        weekday = weekday(lang, date),
        day = date.day(),
        month = month(lang, date)
    )
}

/// A `YYYY-MM-DD` day (a week's Monday, a list's day heading) in words; as it is if it
/// isn't one.
pub fn day_of(lang: Lang, iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| day(lang, d))
        .unwrap_or_else(|_| iso.to_string())
}

/// "20:00": the clock is the same in every language Vigil speaks.
pub fn clock(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// "Tue 24 Nov, 20:00".
pub fn day_time(lang: Lang, at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    t!(
        lang,
        dates.day_time,
        day = day(lang, local.date_naive()),
        time = local.format("%H:%M")
    )
}

/// One moment with its zone, for hearings: "Tue 1 Dec, 09:00 EST".
pub fn moment(lang: Lang, at: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} {}",
        day_time(lang, at, tz),
        at.with_timezone(&tz).format("%Z")
    )
}

/// A shift's or hearing's time: "Tue 24 Nov, 20:00–00:00 EST", with the true length when it
/// isn't the wall clock's (a night shift across the clocks going back is 5 hours, not 4);
/// with no end, the start with its zone.
pub fn span(lang: Lang, span: &Span) -> String {
    let tz = zone(&span.time_zone);
    let (start, Some(end)) = (span.starts_at, span.ends_at) else {
        return moment(lang, span.starts_at, tz);
    };
    let local_start = start.with_timezone(&tz);
    let local_end = end.with_timezone(&tz);
    let mut out = if local_start.date_naive() != local_end.date_naive()
        && end - start >= chrono::Duration::hours(24)
    {
        format!(
            "{} – {}",
            day_time(lang, start, tz),
            day_time(lang, end, tz)
        )
    } else {
        format!(
            "{}–{}",
            day_time(lang, start, tz),
            local_end.format("%H:%M")
        )
    };
    out.push(' ');
    out.push_str(&local_start.format("%Z").to_string());
    let wall = local_end.naive_local() - local_start.naive_local();
    let real = end - start;
    if wall != real {
        out.push(' ');
        out.push_str(&t!(lang, dates.clocks_change, hours = hours_text(real)));
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

/// A rule's length in words ("3 hours", "30 minutes"), so a message quotes the constant that
/// enforces it rather than a copy that can drift.
pub fn in_words(lang: Lang, length: chrono::Duration) -> String {
    let minutes = length.num_minutes();
    if minutes % 60 == 0 {
        tn!(lang, dates.hours, minutes / 60)
    } else {
        tn!(lang, dates.minutes, minutes)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use vigil_domain::time::parse_local;

    #[test]
    fn a_night_shift_across_fall_back_lasts_five_hours() {
        let ny = zone("America/New_York");
        // 2026-11-01: clocks go back from 02:00 EDT to 01:00 EST.
        let start = parse_local("2026-11-01T00:00", ny).unwrap();
        let end = parse_local("2026-11-01T04:00", ny).unwrap();
        assert_eq!(end - start, chrono::Duration::hours(5));
        let shift = Span::new(start, Some(end), "America/New_York");
        assert_eq!(
            span(Lang::En, &shift),
            "Sun 1 Nov, 00:00–04:00 EDT (5 h: the clocks change)"
        );
        assert_eq!(
            span(Lang::Es, &shift),
            "dom 1 nov, 00:00–04:00 EDT (5 h: cambio de horario)"
        );
    }

    #[test]
    fn days_and_lengths_in_each_language() {
        let at = parse_local("2026-12-01T19:26", zone("UTC")).unwrap();
        assert_eq!(day_time(Lang::En, at, zone("UTC")), "Tue 1 Dec, 19:26");
        assert_eq!(day_time(Lang::Es, at, zone("UTC")), "mar 1 dic, 19:26");
        assert_eq!(in_words(Lang::En, chrono::Duration::hours(3)), "3 hours");
        assert_eq!(in_words(Lang::En, chrono::Duration::hours(1)), "1 hour");
        assert_eq!(
            in_words(Lang::En, chrono::Duration::minutes(30)),
            "30 minutes"
        );
        assert_eq!(in_words(Lang::Es, chrono::Duration::hours(3)), "3 horas");
        assert_eq!(in_words(Lang::Es, chrono::Duration::hours(1)), "1 hora");
        assert_eq!(day_of(Lang::Es, "2026-11-30"), "lun 30 nov");
    }
}
