//! A feed's text: the calendar's name and each event's summary and description in words,
//! rendered as RFC 5545 (`ics`). Only public facts: the kind of event, the facility's name
//! and public address, seat counts, a link.
use super::ics::{self, Event};
use super::service::{EventRow, FeedRow, Loaded};
use crate::i18n::Lang;
use chrono::Duration;
use vigil_core::config::Config;
use vigil_core::signups::SlotKind;

/// How often clients are asked to refresh.
pub const REFRESH_MINUTES: u32 = 15;
/// Hearings have no set end: they show as two hours.
pub const HEARING_LENGTH: Duration = Duration::hours(2);
/// Bump when the text of the events changes shape, so clients don't keep a stale version.
const FORMAT_VERSION: &str = "vigil-ics-1";

/// One event in `lang`: the feed owner's, or the downloader's for a single event.
fn event(config: &Config, e: &EventRow, personal: bool, lang: Lang) -> Event {
    let (summary, path) = match e.kind {
        SlotKind::Hearing => (
            t!(lang, calendar.feed.hearing_summary, place = e.facility_name),
            crate::routes::hearing(e.id),
        ),
        SlotKind::Shift => (
            t!(lang, calendar.feed.shift_summary, place = e.facility_name),
            crate::routes::shift(e.id),
        ),
        SlotKind::Ride => (
            t!(lang, calendar.feed.ride_summary, place = e.facility_name),
            crate::routes::MY_SHIFTS.to_string(),
        ),
    };
    let kind = e.kind.key();
    let host = url::Url::parse(&config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "vigil".into());
    let link = config.link(&path);
    // Leaving an event is a change to it as far as this calendar is concerned.
    let left = personal && e.left && !e.cancelled;
    Event {
        uid: format!("{kind}-{}@{host}", e.id),
        sequence: e.sequence + i64::from(left),
        start: e.starts_at,
        end: e.ends_at.unwrap_or(e.starts_at + HEARING_LENGTH),
        last_modified: e.updated_at,
        summary,
        description: t!(
            lang,
            calendar.feed.description,
            taken = e.taken,
            wanted = e.wanted,
            link = link
        ),
        location: e.address.clone(),
        url: link,
        cancelled: e.cancelled || left,
    }
}

/// The feed's words are its owner's, whoever fetches it.
fn owner_lang(feed: &FeedRow) -> Lang {
    Lang::of(&feed.owner_language)
}

fn feed_title(feed: &FeedRow) -> String {
    crate::kernel::labels::feed_title(owner_lang(feed), feed.kind, feed.facility_name.as_deref())
}

/// An ETag from the events' facts rather than the text: a client polling with
/// If-None-Match gets its 304 without the feed being built.
pub fn fingerprint(config: &Config, loaded: &Loaded) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(FORMAT_VERSION);
    hash.update(&config.base_url);
    // The owner's language words every event: a change of it is a new version.
    hash.update(&loaded.feed.owner_language);
    hash.update(feed_title(&loaded.feed));
    for e in &loaded.events {
        hash.update(format!(
            "\n{}|{}|{}|{:?}|{}|{}|{}|{}|{}|{}|{}|{}",
            e.kind.key(),
            e.id,
            e.starts_at,
            e.ends_at,
            e.facility_name,
            e.address,
            e.taken,
            e.wanted,
            e.sequence,
            e.updated_at,
            e.cancelled,
            e.left
        ));
    }
    format!("\"{}\"", hex::encode(&hash.finalize()[..16]))
}

/// The feed's calendar text.
pub fn body(config: &Config, loaded: &Loaded) -> String {
    let lang = owner_lang(&loaded.feed);
    let events: Vec<Event> = loaded
        .events
        .iter()
        .map(|e| event(config, e, loaded.personal, lang))
        .collect();
    ics::render(&feed_title(&loaded.feed), REFRESH_MINUTES, &events)
}

/// One shift or hearing as a downloadable calendar, in the language of whoever downloads it.
pub fn single(config: &Config, row: &EventRow, lang: Lang) -> String {
    let name = if row.kind == SlotKind::Hearing {
        t!(lang, calendar.feed.single_hearing)
    } else {
        t!(lang, calendar.feed.single_shift)
    };
    ics::render(name, REFRESH_MINUTES, &[event(config, row, false, lang)])
}

/// The ETag of a calendar text.
pub fn etag_of(body: &str) -> String {
    use sha2::Digest;
    format!(
        "\"{}\"",
        hex::encode(&sha2::Sha256::digest(body.as_bytes())[..16])
    )
}
