//! Notification preferences: what quiet hours mean for sending, and unsubscribe links that
//! work without signing in, for one kind only. Reading and saving them is SQL, in
//! `vigil_db::prefs` (re-exported here).
use crate::crypto::DataKey;
use crate::Failure;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub use super::{Category, Prefs};
pub use vigil_db::prefs::*;

fn parse_time(s: &Option<String>) -> Option<NaiveTime> {
    s.as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
}

/// When a non-urgent message may be sent: `now`, or the end of the person's quiet hours.
pub fn not_before(prefs: &Prefs, category: Category, now: DateTime<Utc>) -> DateTime<Utc> {
    let (Some(start), Some(end)) = (parse_time(&prefs.quiet_start), parse_time(&prefs.quiet_end))
    else {
        return now;
    };
    if category == Category::Urgent || start == end {
        return now;
    }
    let tz: chrono_tz::Tz = prefs.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = now.with_timezone(&tz);
    let t = local.time();
    let quiet = if start < end {
        t >= start && t < end
    } else {
        t >= start || t < end
    };
    if !quiet {
        return now;
    }
    // The next `end` after now, in local time (today or tomorrow).
    let mut day = local.date_naive();
    if t >= end {
        day += Duration::days(1);
    }
    tz.from_local_datetime(&day.and_time(end))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Unsubscribe links carry an HMAC (HKDF subkey of the root key) over account and kind,
/// so one link turns off one kind for one person and can't be forged or altered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnsubscribeLink {
    pub account_id: i64,
    pub category: Category,
    pub token: String,
}

/// The purpose the group key that signs unsubscribe links is stored under (`instance_keys`).
pub const LINK_KEY: &str = "unsubscribe-links";

fn mac(key: &DataKey, account_id: i64, category: Category) -> Result<Hmac<Sha256>, Failure> {
    let key = key.subkey(b"unsubscribe links");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref())
        .map_err(|_| Failure::broken("unsubscribe key of the wrong length"))?;
    mac.update(format!("unsubscribe/{account_id}/{}", category.key()).as_bytes());
    Ok(mac)
}

/// `key`: the group's link key (`AppState::link_key`), not a
/// root key's subkey, so links already mailed keep working after a rotation.
pub fn unsubscribe_token(
    key: &DataKey,
    account_id: i64,
    category: Category,
) -> Result<String, Failure> {
    Ok(hex::encode(
        mac(key, account_id, category)?.finalize().into_bytes(),
    ))
}

pub fn verify_unsubscribe(key: &DataKey, account_id: i64, category: Category, token: &str) -> bool {
    let Ok(bytes) = hex::decode(token.trim()) else {
        return false;
    };
    mac(key, account_id, category)
        .map(|m| m.verify_slice(&bytes).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet(start: &str, end: &str, tz: &str) -> Prefs {
        Prefs {
            quiet_start: Some(start.into()),
            quiet_end: Some(end.into()),
            time_zone: tz.into(),
            ..Prefs::default()
        }
    }

    #[test]
    fn quiet_hours_defer_to_their_end_in_the_persons_time_zone() {
        let p = quiet("22:00", "07:00", "America/New_York");
        // 03:00 UTC = 22:00 in New York (EST, UTC-5, in January): quiet until 07:00 EST = 12:00 UTC.
        let now = Utc.with_ymd_and_hms(2027, 1, 10, 3, 30, 0).unwrap();
        assert_eq!(
            not_before(&p, Category::Reminders, now),
            Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap()
        );
        assert_eq!(
            not_before(&p, Category::Urgent, now),
            now,
            "urgent call-outs ignore quiet hours"
        );
        let day = Utc.with_ymd_and_hms(2027, 1, 10, 17, 0, 0).unwrap();
        assert_eq!(not_before(&p, Category::Reminders, day), day);
        assert_eq!(not_before(&Prefs::default(), Category::Reminders, now), now);
    }

    #[test]
    fn unsubscribe_tokens_are_bound_to_account_and_kind() {
        let key = DataKey::generate();
        let token = unsubscribe_token(&key, 4, Category::Reminders).unwrap();
        assert!(verify_unsubscribe(&key, 4, Category::Reminders, &token));
        assert!(!verify_unsubscribe(&key, 5, Category::Reminders, &token));
        assert!(!verify_unsubscribe(&key, 4, Category::Changes, &token));
        assert!(!verify_unsubscribe(&key, 4, Category::Reminders, "00"));
        assert!(
            !verify_unsubscribe(&DataKey::generate(), 4, Category::Reminders, &token),
            "another group's key"
        );
    }
}
