//! The account emails in words: sign-in, a new address's confirmation, an invitation.
//! Generic subjects; no data about supported people, ever.
use crate::notifications::words::html_escape;
use vigil_core::notifications::wording::{AccountMail, Letter};

fn html(paragraphs: &[&str], link: &str, button: &str) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", html_escape(p)))
        .collect();
    let link = html_escape(link);
    format!(
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">{body}\
         <p><a href=\"{link}\" style=\"display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;\
         text-decoration:none;border-radius:6px\">{button}</a></p>\
         <p style=\"color:#555;font-size:14px\">Or paste this address into your browser:<br>{link}</p>\
         <p style=\"color:#555;font-size:14px\">The link works once, for 15 minutes. If you didn't ask for it, ignore this email.</p>\
         </body></html>"
    )
}

/// `mail` in words, around its one-time `link`.
pub fn letter(mail: &AccountMail, link: &str) -> Letter {
    let (subject, lines, after, button): (&str, [String; 2], &str, &str) = match mail {
        AccountMail::SignIn { name } => (
            "Your Vigil sign-in link",
            [
                format!("Hello {name},"),
                "Here is your link to sign in to Vigil.".into(),
            ],
            "The link works once, for 15 minutes. If you didn't ask for it, ignore this email.",
            "Sign in to Vigil",
        ),
        AccountMail::ConfirmEmail { name } => (
            "Confirm your new Vigil email address",
            [
                format!("Hello {name},"),
                "You asked to use this address for your Vigil account. Open the link to confirm it; until then your old address stays.".into(),
            ],
            "The link works once, for 15 minutes. If you didn't ask for this, ignore this email: nothing changes.",
            "Confirm this address",
        ),
        AccountMail::Invitation { by } => (
            "You're invited to Vigil",
            [
                format!("{by} has invited you to join your group's jail support and court accompaniment team on Vigil."),
                "Open the link to accept. Next time, sign in with this email address.".into(),
            ],
            "The link works once, for 15 minutes. If it has expired, ask for a new one on the sign-in page.",
            "Accept the invitation",
        ),
    };
    Letter {
        subject: subject.into(),
        text: format!("{}\n\n{}\n\n{link}\n\n{after}\n", lines[0], lines[1]),
        html: html(&[&lines[0], &lines[1]], link, button),
    }
}
