//! The seam between what a message is and how it reads. The use cases and the worker know
//! what they tell someone (a typed `Message`, an `AccountMail`); the web layer, which holds
//! every word Vigil says, implements `Wording` and gives it to `Core` at start-up. So this
//! crate holds no text for people, and a second language is the web layer's change alone.

use super::{Message, Text};

/// A mail that belongs to an account's sign-in, sent at once (never queued: its link lives
/// 15 minutes). Names are the members' display names, never anything about a supported person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountMail {
    /// "Here is your link to sign in", to the account's address.
    SignIn { name: String, language: String },
    /// "Confirm your new address", to the new address only: the link proves it reads it.
    ConfirmEmail { name: String, language: String },
    /// "`by` has invited you", to the invitee, in the invitee's language.
    Invitation { by: String, language: String },
}

impl AccountMail {
    /// The code of the language it is written in: the recipient's.
    pub fn language(&self) -> &str {
        match self {
            AccountMail::SignIn { language, .. }
            | AccountMail::ConfirmEmail { language, .. }
            | AccountMail::Invitation { language, .. } => language,
        }
    }
}

/// Mail as it will be sent, minus the addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every method takes the code of the recipient's language (`Account::language`).
pub trait Wording: Send + Sync + 'static {
    /// A queued message's subject and body (lines joined by `\n`).
    fn say(&self, language: &str, message: &Message) -> (String, String);
    /// A notice as mail: its subject and body, the link to the page it is about, and the
    /// link that turns this kind of mail off (if it has one).
    fn notice(
        &self,
        language: &str,
        subject: String,
        body: &str,
        link: &str,
        unsubscribe: Option<&str>,
    ) -> Letter;
    /// The body of a reminder queued before messages were typed: it carries its time already
    /// in words (`when`) and the place's name.
    fn old_reminder(&self, language: &str, when: &str, place: &str) -> String;
    /// An account mail with its one-time link.
    fn account_mail(&self, mail: &AccountMail, link: &str) -> Letter;
    /// A text message (SMS or Signal): short, one segment where it can be, ending with the
    /// link to the page when there is one; how to answer when it can be answered.
    fn text(&self, language: &str, text: &Text, link: Option<&str>) -> String;
    /// A message to a supported person about their court date, in their language, as mail
    /// (by text: the letter's `text`).
    fn person(&self, language: &str, text: &crate::court_reminders::PersonText) -> Letter;
}
