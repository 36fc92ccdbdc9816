//! The account emails. Generic subjects; no data about supported people, ever.
use super::Account;
use crate::notifications::mailer::{html_escape, Email};

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

pub fn sign_in(account: &Account, link: &str) -> Email {
    let greeting = format!("Hello {},", account.name());
    let lines = [greeting.as_str(), "Here is your link to sign in to Vigil."];
    Email {
        to: account.email.clone(),
        subject: "Your Vigil sign-in link".into(),
        text: format!(
            "{}\n\n{}\n\n{link}\n\nThe link works once, for 15 minutes. If you didn't ask for it, ignore this email.\n",
            lines[0], lines[1]
        ),
        html: html(&lines, link, "Sign in to Vigil"),
        unsubscribe: None,
    }
}

/// Sent to the new address only: the link proves it reads it.
pub fn confirm_email(account: &Account, new_email: &str, link: &str) -> Email {
    let greeting = format!("Hello {},", account.name());
    let lines = [greeting.as_str(), "You asked to use this address for your Vigil account. Open the link to confirm it; until then your old address stays."];
    Email {
        to: new_email.to_string(),
        subject: "Confirm your new Vigil email address".into(),
        text: format!(
            "{}\n\n{}\n\n{link}\n\nThe link works once, for 15 minutes. If you didn't ask for this, ignore this email: nothing changes.\n",
            lines[0], lines[1]
        ),
        html: html(&lines, link, "Confirm this address"),
        unsubscribe: None,
    }
}

pub fn invitation(by: &Account, to: &str, link: &str) -> Email {
    let line = format!("{} has invited you to join your group's jail support and court accompaniment team on Vigil.", by.name());
    let lines = [
        line.as_str(),
        "Open the link to accept. Next time, sign in with this email address.",
    ];
    Email {
        to: to.to_string(),
        subject: "You're invited to Vigil".into(),
        text: format!(
            "{}\n\n{}\n\n{link}\n\nThe link works once, for 15 minutes. If it has expired, ask for a new one on the sign-in page.\n",
            lines[0], lines[1]
        ),
        html: html(&lines, link, "Accept the invitation"),
        unsubscribe: None,
    }
}
