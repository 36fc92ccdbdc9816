//! Accounts: roles, invitations, magic-link sign-in, sessions and profiles.
use serde::{Deserialize, Serialize};

pub mod bulk;
pub mod join;

/// Why an account action was refused: *what* went wrong, for the web layer to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    EmailMissing,
    EmailMalformed,
    /// The new address belongs to another account, so the change was not made.
    EmailTaken,
    CannotDeactivateSelf,
    /// Longer than 60 characters.
    NameTooLong,
    /// Control characters that no page can show.
    NameUnprintable,
    NameMissing,
    ChooseRole,
    /// An invitation to an address that already has an account.
    AlreadyHasAccount,
    /// The account was made, but the invitation mail could not be sent.
    InvitationNotSent,
    /// More than 12 languages, or one longer than 40 characters.
    LanguagesList,
    /// A language Vigil has no words for (a hand-made form).
    ChooseLanguage,
    /// A join link can't make coordinators.
    JoinLinkCoordinator,
    /// A join link's expiry outside 1–90 days.
    JoinLinkExpiry,
    /// A join link's cap outside 1–1000.
    JoinLinkCap,
    /// A request to join with no line on who vouches for them.
    VoucherMissing,
    /// That line over 300 characters.
    VoucherTooLong,
}

/// What coordinators grant on the Team page, beside roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// Can lead a watch shift (shifts want one).
    TrainedLead,
    /// Can drive: sees and takes rides.
    Driver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Volunteer,
    Accompanier,
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Volunteer, Role::Accompanier, Role::Coordinator];

    /// The value used in forms and storage.
    pub fn key(self) -> &'static str {
        match self {
            Role::Volunteer => "volunteer",
            Role::Accompanier => "accompanier",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    /// Invited, has not opened their link yet.
    Invited,
    Active,
    /// Cannot sign in; their sessions ended when this was set.
    Deactivated,
}

impl AccountStatus {
    pub fn key(self) -> &'static str {
        match self {
            AccountStatus::Invited => "invited",
            AccountStatus::Active => "active",
            AccountStatus::Deactivated => "deactivated",
        }
    }
    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Invited, Self::Active, Self::Deactivated]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// An account as pages see it. Volunteers' own data; nothing about supported people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub languages: Vec<String>,
    pub roles: Vec<Role>,
    pub status: AccountStatus,
    /// A qualification coordinators grant: can lead a watch shift.
    #[serde(default)]
    pub trained_lead: bool,
    /// A qualification coordinators grant: takes rides to court and from the jail.
    #[serde(default)]
    pub driver: bool,
    /// The code of the language Vigil speaks to them ("en", "es"): pages, mail, feeds. The
    /// web layer knows which codes it has words for.
    #[serde(default = "default_language")]
    pub language: String,
}

/// A member as the team page shows them to coordinators: the account, and the number they
/// verified for texts, so a coordinator can call at 2 a.m. (a member's number is shown to
/// them and to coordinators, nobody else).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub account: Account,
    /// E.164, verified for SMS or Signal.
    pub phone: Option<String>,
}

/// The language of accounts made before languages were chosen.
pub fn default_language() -> String {
    "en".into()
}

/// A language code as stored: two or three lowercase letters ("en", "es", "ht"). Whether
/// there are words for it is the web layer's to say.
pub fn valid_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

impl Account {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    /// The name to show: the display name, or the part of the email before the @.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            self.email.split('@').next().unwrap_or(&self.email)
        } else {
            &self.display_name
        }
    }
}

/// Split "Spanish, Haitian Creole" into tidy, de-duplicated language names.
pub fn parse_languages(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lang in input.split([',', ';', '\n']) {
        let lang = lang.trim();
        if !lang.is_empty() && !out.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            out.push(lang.to_string());
        }
    }
    out
}

/// A light check that catches typos; the magic link is the real proof of the address.
pub fn validate_email(input: &str) -> Result<String, Refusal> {
    let email = input.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email
                    .chars()
                    .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
                && email.matches('@').count() == 1
        }
        None => false,
    };
    if email.is_empty() {
        Err(Refusal::EmailMissing)
    } else if !valid || email.len() > 254 {
        Err(Refusal::EmailMalformed)
    } else {
        Ok(email)
    }
}

pub fn validate_display_name(input: &str) -> Result<String, Refusal> {
    let name = input.trim();
    if name.chars().count() > 60 {
        Err(Refusal::NameTooLong)
    } else if name.chars().any(|c| c.is_control()) {
        Err(Refusal::NameUnprintable)
    } else {
        Ok(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_typos_caught() {
        assert_eq!(
            validate_email("  Ana@Example.ORG ").unwrap(),
            "ana@example.org"
        );
        assert!(validate_email("ana@example").is_err());
        assert!(validate_email("ana example.org").is_err());
        assert!(validate_email("").is_err());
        assert!(validate_email("a@b@c.org").is_err());
    }

    #[test]
    fn languages_are_split_and_deduplicated() {
        assert_eq!(
            parse_languages("Spanish, spanish ; Haitian Creole,"),
            vec!["Spanish", "Haitian Creole"]
        );
    }
}

/// What a link sent by mail is for (its token row says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    SignIn,
    Invite,
    Setup,
    /// Confirms a new email address (the token row holds it).
    EmailChange,
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        match self {
            TokenPurpose::SignIn => "sign_in",
            TokenPurpose::Invite => "invite",
            TokenPurpose::Setup => "setup",
            TokenPurpose::EmailChange => "email_change",
        }
    }
    pub fn from_key(key: &str) -> Option<Self> {
        [Self::SignIn, Self::Invite, Self::Setup, Self::EmailChange]
            .into_iter()
            .find(|p| p.key() == key)
    }
}
