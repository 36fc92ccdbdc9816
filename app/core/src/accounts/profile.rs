//! One's own profile: name, languages and email address (a new address is confirmed by a
//! link sent to it).
use super::links::{account_email, send_in_background, LINK_LIFETIME};
use super::store;
use super::{tokens, Account, Ctx, FieldErrors, Refusal};
use crate::notifications::wording::AccountMail;
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Utc};

pub struct ProfileUpdate<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub languages: &'a str,
}

/// What saving the profile did.
#[derive(Debug, PartialEq, Eq)]
pub enum ProfileSaved {
    Saved,
    /// The new address gets a link; it becomes the account's address when that is used.
    /// Said the same way whether or not the address has an account already.
    ConfirmationSent,
}

pub async fn update_profile(
    ctx: &Ctx<'_>,
    account: &Account,
    update: ProfileUpdate<'_>,
    now: DateTime<Utc>,
) -> Result<Result<ProfileSaved, FieldErrors>, Failure> {
    let mut errors = FieldErrors::new();
    let name = super::validate_display_name(update.display_name)
        .map_err(|e| errors.push(("display_name", e.into())))
        .ok();
    let email = super::validate_email(update.email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok();
    let languages = super::parse_languages(update.languages);
    if languages.iter().any(|l| l.chars().count() > 40) || languages.len() > 12 {
        errors.push(("languages", Refusal::LanguagesList.into()));
    }
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    store::update_profile(ctx.db, account.id, &name, &languages, now).await?;
    if email == account.email {
        return Ok(Ok(ProfileSaved::Saved));
    }
    // A taken address gets no mail (its owner didn't ask), but the answer is the same.
    if !store::email_taken(ctx.db, &email, account.id).await? {
        let (token, hash) = tokens::new_token();
        store::insert_email_change(ctx.db, &hash, account.id, &email, now, now + LINK_LIFETIME)
            .await?;
        let link = ctx
            .config
            .link(&format!("{}?token={token}", crate::paths::MAGIC_LINK));
        let mail = AccountMail::ConfirmEmail {
            name: account.name().to_string(),
            language: account.language.clone(),
        };
        send_in_background(ctx, account_email(ctx, &mail, &email, &link));
        tracing::info!(account = account.id, "email change link sent");
    }
    Ok(Ok(ProfileSaved::ConfirmationSent))
}

/// One sets the language Vigil speaks to them. `code` is one the web layer has words for.
pub async fn set_language(
    db: &Db,
    account: &Account,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if !super::valid_language_code(code) {
        return Err(Refusal::ChooseLanguage.into());
    }
    if account.language != code {
        store::set_language(db, account.id, code, now).await?;
        tracing::info!(account = account.id, language = code, "language set");
    }
    Ok(())
}
