//! The team: the first coordinator, invitations, the operator's `create-coordinator`, and
//! what coordinators change on others' accounts (qualifications, active or not).
use super::links::{
    account_email, check_setup_link, consume_token, gone, issue_link, LINK_LIFETIME,
};
use super::store::{self, NewAccount};
use super::{
    require_role, Account, AccountStatus, Ctx, FieldErrors, Qualification, Refusal, Role,
    TeamMember, TokenPurpose,
};
use crate::notifications::wording::AccountMail;
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Utc};

/// First run: the person holding the console's setup link becomes the first coordinator.
pub async fn complete_setup(
    db: &Db,
    token: &str,
    display_name: &str,
    email: &str,
    language: &str,
    now: DateTime<Utc>,
) -> Result<Result<(Account, i64), FieldErrors>, Failure> {
    check_setup_link(db, token, now).await?;
    let mut errors = FieldErrors::new();
    let name = super::validate_display_name(display_name)
        .map_err(|e| errors.push(("display_name", e.into())))
        .ok();
    let email = super::validate_email(email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok();
    if name.as_deref().is_some_and(str::is_empty) {
        errors.push(("display_name", Refusal::NameMissing.into()));
    }
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let record = consume_token(db, token, now).await?;
    if record.purpose != TokenPurpose::Setup {
        return Err(Failure::LinkInvalid);
    }
    let new = NewAccount {
        email: &email,
        display_name: &name,
        roles: &[Role::Coordinator],
        status: AccountStatus::Active,
        invited_by: None,
        language,
    };
    let id = match store::insert(db, new, now).await? {
        Some(id) => id,
        // The address was invited earlier: make that account the coordinator.
        None => {
            let (existing, _) = store::find_by_email(db, &email)
                .await?
                .ok_or_else(|| Failure::broken("the account that took the address is gone"))?;
            let mut roles = existing.roles.clone();
            roles.push(Role::Coordinator);
            store::set_roles(db, existing.id, &roles, now).await?;
            store::set_status(db, existing.id, AccountStatus::Active, now).await?;
            existing.id
        }
    };
    tracing::info!(account = id, "first coordinator set up");
    Ok(Ok(store::get(db, id).await?.ok_or_else(|| gone(id))?))
}

pub struct Invitation<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: Vec<Role>,
    /// The language of the invitation and of Vigil for them; the group's default if `None`.
    pub language: Option<&'a str>,
}

/// What every invitation asks of its roles and language (one by one or a whole list).
pub(super) fn check_roles_and_language(
    roles: &[Role],
    language: Option<&str>,
    errors: &mut FieldErrors,
) {
    if roles.is_empty() {
        errors.push(("roles", Refusal::ChooseRole.into()));
    }
    if language.is_some_and(|code| !super::valid_language_code(code)) {
        errors.push(("language", Refusal::ChooseLanguage.into()));
    }
}

/// The invitation's language: the one chosen, or the group's.
pub(super) async fn language_or_group(db: &Db, chosen: Option<&str>) -> Result<String, Failure> {
    match chosen {
        Some(code) => Ok(code.to_string()),
        None => group_language(db).await,
    }
}

/// A coordinator invites someone: an account in "invited" state and a magic link by mail.
pub async fn invite(
    ctx: &Ctx<'_>,
    by: &Account,
    invitation: Invitation<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    let mut errors = FieldErrors::new();
    let email = super::validate_email(invitation.email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok();
    let name = super::validate_display_name(invitation.display_name)
        .map_err(|e| errors.push(("display_name", e.into())))
        .ok();
    check_roles_and_language(&invitation.roles, invitation.language, &mut errors);
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let language = language_or_group(ctx.db, invitation.language).await?;
    let new = NewAccount {
        email: &email,
        display_name: &name,
        roles: &invitation.roles,
        status: AccountStatus::Invited,
        invited_by: Some(by.id),
        language: &language,
    };
    let Some(id) = store::insert(ctx.db, new, now).await? else {
        return Ok(Err(vec![("email", Refusal::AlreadyHasAccount.into())]));
    };
    let link = issue_link(ctx, TokenPurpose::Invite, Some(id), LINK_LIFETIME, now).await?;
    // Invitations are sent before answering, so the coordinator learns at once if mail fails.
    if let Err(err) = ctx
        .mailer
        .send(
            &ctx.config.mail_from,
            account_email(
                ctx,
                &AccountMail::Invitation {
                    by: by.name().to_string(),
                    language,
                },
                &email,
                &link,
            ),
        )
        .await
    {
        tracing::error!(account = id, error = %err, "could not send invitation");
        return Ok(Err(vec![("email", Refusal::InvitationNotSent.into())]));
    }
    tracing::info!(account = id, by = by.id, "invitation sent");
    Ok(Ok(id))
}

/// `vigil create-coordinator EMAIL`: for operators with console access (e.g. a lost
/// coordinator account). Returns a one-time sign-in link.
pub async fn create_coordinator(
    ctx: &Ctx<'_>,
    email: &str,
    now: DateTime<Utc>,
) -> Result<String, Failure> {
    let email = super::validate_email(email)?;
    let id = match store::find_by_email(ctx.db, &email).await? {
        Some((account, _)) => {
            let mut roles = account.roles.clone();
            if !roles.contains(&Role::Coordinator) {
                roles.push(Role::Coordinator);
            }
            store::set_roles(ctx.db, account.id, &roles, now).await?;
            if account.status != AccountStatus::Active {
                store::set_status(ctx.db, account.id, AccountStatus::Active, now).await?;
            }
            account.id
        }
        None => {
            let language = group_language(ctx.db).await?;
            let new = NewAccount {
                email: &email,
                display_name: "",
                roles: &[Role::Coordinator],
                status: AccountStatus::Active,
                invited_by: None,
                language: &language,
            };
            store::insert(ctx.db, new, now)
                .await?
                .ok_or_else(|| Failure::broken("a new account was not stored"))?
        }
    };
    issue_link(ctx, TokenPurpose::SignIn, Some(id), LINK_LIFETIME, now).await
}
/// The setting that names the language of new invitations.
const DEFAULT_LANGUAGE: &str = "default_language";

/// The language new invitations are written in (and new members' Vigil speaks), unless the
/// coordinator names another: the group's choice, else the first language's.
pub async fn group_language(db: &Db) -> Result<String, Failure> {
    Ok(store::group_setting(db, DEFAULT_LANGUAGE)
        .await?
        .filter(|code| super::valid_language_code(code))
        .unwrap_or_else(super::default_language))
}

/// A coordinator sets the group's language for new invitations. `code` is one the web layer
/// has words for.
pub async fn set_group_language(
    db: &Db,
    by: &Account,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(by, &[Role::Coordinator])?;
    if !super::valid_language_code(code) {
        return Err(Refusal::ChooseLanguage.into());
    }
    store::set_group_setting(db, DEFAULT_LANGUAGE, code, now).await?;
    tracing::info!(by = by.id, language = code, "group language set");
    Ok(())
}

/// Everyone in the group, with their verified numbers, for coordinators.
pub async fn team(db: &Db, by: &Account) -> Result<Vec<TeamMember>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    let phones = vigil_db::phones::verified_numbers(db).await?;
    Ok(store::list(db)
        .await?
        .into_iter()
        .map(|account| {
            let phone = phones
                .iter()
                .find(|(id, _)| *id == account.id)
                .map(|(_, number)| number.clone());
            TeamMember { account, phone }
        })
        .collect())
}

/// A coordinator grants or withdraws a qualification: "trained lead" (shifts want a lead)
/// or "can drive" (sees and takes rides).
pub async fn set_qualification(
    db: &Db,
    by: &Account,
    target: i64,
    which: Qualification,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(by, &[Role::Coordinator])?;
    if !store::set_qualification(db, target, which, on, now).await? {
        return Err(Failure::NotFound);
    }
    tracing::info!(account = target, by = by.id, qualification = ?which, on, "qualification changed");
    Ok(())
}

/// A coordinator deactivates or reactivates an account. Deactivation ends its sessions at once.
pub async fn set_active(
    db: &Db,
    by: &Account,
    target: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(by, &[Role::Coordinator])?;
    if by.id == target && !active {
        return Err(Refusal::CannotDeactivateSelf.into());
    }
    let (account, _) = store::get(db, target).await?.ok_or(Failure::NotFound)?;
    let status = match (active, account.status) {
        (false, _) => AccountStatus::Deactivated,
        (true, AccountStatus::Deactivated) | (true, AccountStatus::Active) => AccountStatus::Active,
        (true, AccountStatus::Invited) => AccountStatus::Invited,
    };
    store::set_status(db, target, status, now).await?;
    tracing::info!(
        account = target,
        by = by.id,
        status = status.key(),
        "account status changed"
    );
    if status == AccountStatus::Deactivated {
        // Their seats go back to the waitlist: a deactivated account won't come. Done after
        // the status (which ends their sessions at once); deactivating again frees anything
        // a failure here left.
        let freed = crate::watches::free_seats_of(db, &account, now).await?
            + crate::hearings::free_seats_of(db, &account, now).await?;
        tracing::info!(
            account = target,
            freed,
            "a deactivated account's seats were freed"
        );
    }
    Ok(())
}

pub async fn sign_out_everywhere(db: &Db, account: &Account) -> Result<(), Failure> {
    Ok(store::bump_session_epoch(db, account.id).await?)
}
