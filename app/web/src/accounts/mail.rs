//! The account emails in words, in the recipient's language (`locales/*/mail.json`): sign-in,
//! a new address's confirmation, an invitation. Generic subjects; no data about supported
//! people, ever.
use crate::i18n::Lang;
use crate::notifications::words::html_escape;
use vigil_core::notifications::wording::{AccountMail, Letter};

fn html(lang: Lang, paragraphs: &[&str], link: &str, button: &str, after: &str) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", html_escape(p)))
        .collect();
    let link = html_escape(link);
    format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5\">{body}\
         <p><a href=\"{link}\" style=\"display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;\
         text-decoration:none;border-radius:6px\">{}</a></p>\
         <p style=\"color:#555;font-size:14px\">{}<br>{link}</p>\
         <p style=\"color:#555;font-size:14px\">{}</p>\
         </body></html>",
        lang.code(),
        html_escape(button),
        html_escape(t!(lang, mail.paste)),
        html_escape(after),
    )
}

/// `mail` in words (`lang`), around its one-time `link`.
pub fn letter(lang: Lang, mail: &AccountMail, link: &str) -> Letter {
    let (subject, lines, after, html_after, button): (&str, [String; 2], &str, &str, &str) =
        match mail {
            AccountMail::SignIn { name, .. } => (
                t!(lang, mail.sign_in.subject),
                [
                    t!(lang, mail.hello, name = name),
                    t!(lang, mail.sign_in.line).into(),
                ],
                t!(lang, mail.sign_in.after),
                t!(lang, mail.once),
                t!(lang, mail.sign_in.button),
            ),
            AccountMail::ConfirmEmail { name, .. } => (
                t!(lang, mail.confirm.subject),
                [
                    t!(lang, mail.hello, name = name),
                    t!(lang, mail.confirm.line).into(),
                ],
                t!(lang, mail.confirm.after),
                t!(lang, mail.once),
                t!(lang, mail.confirm.button),
            ),
            AccountMail::Invitation { by, .. } => (
                t!(lang, mail.invitation.subject),
                [
                    t!(lang, mail.invitation.line, by = by),
                    t!(lang, mail.invitation.next).into(),
                ],
                t!(lang, mail.invitation.after),
                t!(lang, mail.once),
                t!(lang, mail.invitation.button),
            ),
        };
    Letter {
        subject: subject.into(),
        text: format!("{}\n\n{}\n\n{link}\n\n{after}\n", lines[0], lines[1]),
        html: html(lang, &[&lines[0], &lines[1]], link, button, html_after),
    }
}
