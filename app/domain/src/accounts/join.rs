//! Join links: a revocable link a coordinator posts in a group's chat. Whoever opens it asks
//! to join (a name, an address, a line on who vouches for them); a coordinator approves,
//! which invites them, or declines, which forgets them. No account exists before approval.
use super::{Refusal, Role};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A request nobody decided on is forgotten after this long.
pub const REQUEST_LIFETIME: Duration = Duration::days(14);
/// The longest a link may be made to last, in days (a link may also never expire).
pub const MAX_EXPIRY_DAYS: i64 = 90;
/// The most requests a capped link may take.
pub const MAX_CAP: i64 = 1000;
/// "Who vouches for you" is one line, not a story.
pub const VOUCHER_MAX_CHARS: usize = 300;

/// A join link as coordinators see it (its token is shown once, when made, and not kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinLink {
    pub id: i64,
    /// The display name of the coordinator who made it (empty if they left).
    pub made_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub cap: Option<i64>,
    /// Requests taken so far (counted against the cap).
    pub requests: i64,
    pub roles: Vec<Role>,
    /// The invitations' language; the group's when `None`.
    pub language: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Whether a link takes requests now, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Open,
    Revoked,
    Expired,
    Full,
}

impl JoinLink {
    pub fn state(&self, now: DateTime<Utc>) -> LinkState {
        if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if self.expires_at.is_some_and(|at| at <= now) {
            LinkState::Expired
        } else if self.cap.is_some_and(|cap| self.requests >= cap) {
            LinkState::Full
        } else {
            LinkState::Open
        }
    }
}

/// A request waiting for a coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub id: i64,
    pub link_id: i64,
    pub display_name: String,
    pub email: String,
    pub voucher: String,
    pub created_at: DateTime<Utc>,
    /// The address has an account already: approving sends nothing (told to coordinators
    /// only; the person asking is answered the same either way).
    pub member: bool,
}

/// What a coordinator chose for a new link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTerms {
    pub roles: Vec<Role>,
    pub language: Option<String>,
    pub expires_in_days: Option<i64>,
    pub cap: Option<i64>,
}

/// The link's terms, or each field's problem. Coordinator is never given through a link: a
/// link posted in a chat can be forwarded, and approving a stranger should not hand them
/// the people's records.
pub fn check_terms(terms: &LinkTerms) -> Vec<(&'static str, Refusal)> {
    let mut errors = Vec::new();
    if terms.roles.is_empty() {
        errors.push(("roles", Refusal::ChooseRole));
    } else if terms.roles.contains(&Role::Coordinator) {
        errors.push(("roles", Refusal::JoinLinkCoordinator));
    }
    if terms
        .language
        .as_deref()
        .is_some_and(|code| !super::valid_language_code(code))
    {
        errors.push(("language", Refusal::ChooseLanguage));
    }
    if terms
        .expires_in_days
        .is_some_and(|days| !(1..=MAX_EXPIRY_DAYS).contains(&days))
    {
        errors.push(("expires_in_days", Refusal::JoinLinkExpiry));
    }
    if terms.cap.is_some_and(|cap| !(1..=MAX_CAP).contains(&cap)) {
        errors.push(("cap", Refusal::JoinLinkCap));
    }
    errors
}

/// The "who vouches for you" line, trimmed; required, one line, at most 300 characters.
pub fn validate_voucher(input: &str) -> Result<String, Refusal> {
    let line = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        Err(Refusal::VoucherMissing)
    } else if line.chars().count() > VOUCHER_MAX_CHARS {
        Err(Refusal::VoucherTooLong)
    } else {
        Ok(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> JoinLink {
        JoinLink {
            id: 1,
            made_by: "Ana".into(),
            created_at: Utc::now(),
            expires_at: None,
            cap: None,
            requests: 0,
            roles: vec![Role::Volunteer],
            language: None,
            revoked_at: None,
        }
    }

    #[test]
    fn a_link_closes_when_revoked_expired_or_full() {
        let now = Utc::now();
        assert_eq!(link().state(now), LinkState::Open);
        let expired = JoinLink {
            expires_at: Some(now),
            ..link()
        };
        assert_eq!(expired.state(now), LinkState::Expired);
        let full = JoinLink {
            cap: Some(2),
            requests: 2,
            ..link()
        };
        assert_eq!(full.state(now), LinkState::Full);
        let revoked = JoinLink {
            revoked_at: Some(now),
            ..full
        };
        assert_eq!(revoked.state(now), LinkState::Revoked);
    }

    #[test]
    fn terms_name_each_field_to_fix() {
        let terms = LinkTerms {
            roles: vec![Role::Volunteer, Role::Coordinator],
            language: Some("EN".into()),
            expires_in_days: Some(0),
            cap: Some(5000),
        };
        let fields: Vec<_> = check_terms(&terms).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["roles", "language", "expires_in_days", "cap"]);
        let fine = LinkTerms {
            roles: vec![Role::Volunteer],
            language: None,
            expires_in_days: Some(7),
            cap: Some(50),
        };
        assert!(check_terms(&fine).is_empty());
    }

    #[test]
    fn a_voucher_is_one_short_line() {
        assert_eq!(
            validate_voucher("  Sam  from\nthe food bank "),
            Ok("Sam from the food bank".into())
        );
        assert_eq!(validate_voucher(" \n"), Err(Refusal::VoucherMissing));
        assert_eq!(
            validate_voucher(&"x".repeat(301)),
            Err(Refusal::VoucherTooLong)
        );
    }
}
