//! The rules for accounts, as plain functions over the database: who may sign in, how
//! invitations and magic links work, what a coordinator may change. No HTTP here.
use super::store::{self, NewAccount};
use super::{mail, require_role, tokens, Account, AccountStatus, Refusal, Role, TokenPurpose};
use crate::config::Config;
use crate::error::AppError;
use crate::notifications::mailer::Mailer;
use crate::storage::Db;
use chrono::{DateTime, Duration, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Magic links (sign-in and invitation) work for 15 minutes, once.
pub const LINK_LIFETIME: Duration = Duration::minutes(15);
/// The first-run setup link printed on the console works for an hour.
pub const SETUP_LINK_LIFETIME: Duration = Duration::hours(1);

/// Limits on asking for sign-in links, so Vigil can't be used to flood an inbox.
pub struct RateLimits {
    per_address: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for RateLimits {
    fn default() -> Self {
        let burst = |n| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        RateLimits {
            // 3 links at once, then one every 5 minutes per address: an inbox can't be
            // flooded, and (the period being shorter than a link's 15 minutes) whenever this
            // limit holds a request back, a link sent in the last few minutes is still good.
            per_address: RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_secs(300))
                    .unwrap_or(Quota::per_hour(burst(12)))
                    .allow_burst(burst(3)),
            ),
            // A whole group behind one router (a protest's wifi) can still sign in: 30 at once,
            // then 10 a minute per IP.
            per_ip: RateLimiter::keyed(Quota::per_minute(burst(10)).allow_burst(burst(30))),
        }
    }
}

/// What the limits allow for one request.
#[derive(Debug, PartialEq, Eq)]
enum Allowance {
    Send,
    /// The address had its links: answer as usual, send nothing new. A stranger asking for
    /// someone's links therefore never shows them an error, nor keeps them out: their inbox
    /// holds a link from the last few minutes.
    AlreadySent,
}

impl RateLimits {
    fn check(&self, email: &str, ip: IpAddr) -> Result<Allowance, AppError> {
        // Both limits are consumed, so one can't be probed without spending the other.
        let ip_ok = self.per_ip.check_key(&ip).is_ok();
        let address_ok = self.per_address.check_key(&email.to_string()).is_ok();
        match (ip_ok, address_ok) {
            (false, _) => Err(AppError::RateLimited),
            (true, true) => Ok(Allowance::Send),
            (true, false) => Ok(Allowance::AlreadySent),
        }
    }
}

/// Everything the account rules need from the running server.
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub config: &'a Config,
    pub mailer: &'a Mailer,
}

async fn issue_link(
    ctx: &Ctx<'_>,
    purpose: TokenPurpose,
    account_id: Option<i64>,
    lifetime: Duration,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (token, hash) = tokens::new_token();
    store::insert_token(ctx.db, &hash, purpose, account_id, now, now + lifetime).await?;
    let path = if purpose == TokenPurpose::Setup {
        crate::routes::SETUP
    } else {
        crate::routes::MAGIC_LINK
    };
    Ok(ctx.config.link(&format!("{path}?token={token}")))
}

/// Sends mail off the request path: the answer to "send me a link" takes the same time
/// whether or not the address has an account, and a slow SMTP server doesn't hold it up.
fn send_in_background(ctx: &Ctx<'_>, email: crate::notifications::mailer::Email) {
    let mailer = ctx.mailer.clone();
    let from = ctx.config.mail_from.clone();
    tokio::spawn(async move {
        if let Err(err) = mailer.send(&from, email).await {
            tracing::error!(error = %err, "could not send sign-in mail");
        }
    });
}

/// "Email me a sign-in link". Always answers the same way, whether or not the address has
/// an account, so the form can't be used to find out who volunteers.
pub async fn request_sign_in(
    ctx: &Ctx<'_>,
    limits: &RateLimits,
    email: &str,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = super::validate_email(email)?;
    if limits.check(&email, ip)? == Allowance::AlreadySent {
        tracing::info!("sign-in link held back: this address had its links in the last minutes");
        return Ok(());
    }
    if let Some((account, _)) = store::find_by_email(ctx.db, &email).await? {
        if account.status != AccountStatus::Deactivated {
            let link = issue_link(
                ctx,
                TokenPurpose::SignIn,
                Some(account.id),
                LINK_LIFETIME,
                now,
            )
            .await?;
            tracing::info!(account = account.id, "sign-in link issued");
            send_in_background(ctx, mail::sign_in(&account, &link));
        }
    }
    Ok(())
}

/// What a link is for, checked when its page opens (GET), before anything is used.
pub async fn check_link(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<TokenPurpose, AppError> {
    Ok(usable_token(db, &tokens::hash_token(token), now)
        .await?
        .purpose)
}

/// The link's token, if it can still be used: each works once, for a limited time.
async fn usable_token(
    db: &Db,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<store::TokenRecord, AppError> {
    let record = store::token(db, hash).await?.ok_or(AppError::LinkInvalid)?;
    if record.used {
        return Err(AppError::LinkUsed);
    }
    if record.expires_at <= now {
        return Err(AppError::LinkExpired);
    }
    Ok(record)
}

/// Uses the link's token: of two simultaneous POSTs only one gets it.
async fn consume_token(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<store::TokenRecord, AppError> {
    let hash = tokens::hash_token(token);
    let record = usable_token(db, &hash, now).await?;
    if !store::use_token(db, &hash, now).await? {
        return Err(AppError::LinkUsed);
    }
    Ok(record)
}

/// Uses a sign-in or invitation link (POST only: mail scanners follow GET links).
/// Returns the account to sign in, activating it if this was its invitation.
pub async fn use_link(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(Account, i64), AppError> {
    let record = consume_token(db, token, now).await?;
    if record.purpose == TokenPurpose::Setup {
        return Err(AppError::LinkInvalid);
    }
    let id = record.account_id.ok_or(AppError::LinkInvalid)?;
    let (account, _) = store::get(db, id).await?.ok_or(AppError::LinkInvalid)?;
    if record.purpose == TokenPurpose::EmailChange {
        if account.status != AccountStatus::Active {
            return Err(AppError::Forbidden);
        }
        let email = record.new_email.ok_or(AppError::LinkInvalid)?;
        if !store::set_email(db, id, &email, now).await? {
            return Err(Refusal::EmailTaken.into());
        }
        tracing::info!(account = id, "email address changed");
        return store::get(db, id).await?.ok_or(AppError::Internal);
    }
    match account.status {
        AccountStatus::Deactivated => Err(AppError::Forbidden),
        AccountStatus::Invited => {
            store::set_status(db, id, AccountStatus::Active, now).await?;
            tracing::info!(account = id, "invitation accepted");
            store::get(db, id).await?.ok_or(AppError::Internal)
        }
        AccountStatus::Active => store::get(db, id).await?.ok_or(AppError::Internal),
    }
}

/// Called at start-up: while no coordinator exists, a fresh one-hour setup link (older
/// ones stop working). Returns `None` once the group has a coordinator.
pub async fn setup_link_if_needed(
    ctx: &Ctx<'_>,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    if store::count_active_coordinators(ctx.db).await? > 0 {
        return Ok(None);
    }
    store::delete_unused_setup_tokens(ctx.db).await?;
    Ok(Some(
        issue_link(ctx, TokenPurpose::Setup, None, SETUP_LINK_LIFETIME, now).await?,
    ))
}

pub async fn check_setup_link(db: &Db, token: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    match check_link(db, token, now).await? {
        TokenPurpose::Setup if store::count_active_coordinators(db).await? == 0 => Ok(()),
        TokenPurpose::Setup => Err(AppError::LinkUsed),
        _ => Err(AppError::LinkInvalid),
    }
}

/// Field-level problems with a form, to show beside each input.
pub use vigil_domain::FieldErrors;

/// First run: the person holding the console's setup link becomes the first coordinator.
pub async fn complete_setup(
    db: &Db,
    token: &str,
    display_name: &str,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Result<(Account, i64), FieldErrors>, AppError> {
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
        return Err(AppError::LinkInvalid);
    }
    let new = NewAccount {
        email: &email,
        display_name: &name,
        roles: &[Role::Coordinator],
        status: AccountStatus::Active,
        invited_by: None,
    };
    let id = match store::insert(db, new, now).await? {
        Some(id) => id,
        // The address was invited earlier: make that account the coordinator.
        None => {
            let (existing, _) = store::find_by_email(db, &email)
                .await?
                .ok_or(AppError::Internal)?;
            let mut roles = existing.roles.clone();
            roles.push(Role::Coordinator);
            store::set_roles(db, existing.id, &roles, now).await?;
            store::set_status(db, existing.id, AccountStatus::Active, now).await?;
            existing.id
        }
    };
    tracing::info!(account = id, "first coordinator set up");
    Ok(Ok(store::get(db, id).await?.ok_or(AppError::Internal)?))
}

pub struct Invitation<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub roles: Vec<Role>,
}

/// A coordinator invites someone: an account in "invited" state and a magic link by mail.
pub async fn invite(
    ctx: &Ctx<'_>,
    by: &Account,
    invitation: Invitation<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i64, FieldErrors>, AppError> {
    require_role(by, &[Role::Coordinator])?;
    let mut errors = FieldErrors::new();
    let email = super::validate_email(invitation.email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok();
    let name = super::validate_display_name(invitation.display_name)
        .map_err(|e| errors.push(("display_name", e.into())))
        .ok();
    if invitation.roles.is_empty() {
        errors.push(("roles", Refusal::ChooseRole.into()));
    }
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let new = NewAccount {
        email: &email,
        display_name: &name,
        roles: &invitation.roles,
        status: AccountStatus::Invited,
        invited_by: Some(by.id),
    };
    let Some(id) = store::insert(ctx.db, new, now).await? else {
        return Ok(Err(vec![("email", Refusal::AlreadyHasAccount.into())]));
    };
    let link = issue_link(ctx, TokenPurpose::Invite, Some(id), LINK_LIFETIME, now).await?;
    // Invitations are sent before answering, so the coordinator learns at once if mail fails.
    if let Err(err) = ctx
        .mailer
        .send(&ctx.config.mail_from, mail::invitation(by, &email, &link))
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
) -> Result<String, AppError> {
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
            let new = NewAccount {
                email: &email,
                display_name: "",
                roles: &[Role::Coordinator],
                status: AccountStatus::Active,
                invited_by: None,
            };
            store::insert(ctx.db, new, now)
                .await?
                .ok_or(AppError::Internal)?
        }
    };
    issue_link(ctx, TokenPurpose::SignIn, Some(id), LINK_LIFETIME, now).await
}

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
) -> Result<Result<ProfileSaved, FieldErrors>, AppError> {
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
            .link(&format!("{}?token={token}", crate::routes::MAGIC_LINK));
        send_in_background(ctx, mail::confirm_email(account, &email, &link));
        tracing::info!(account = account.id, "email change link sent");
    }
    Ok(Ok(ProfileSaved::ConfirmationSent))
}

/// Everyone in the group, for coordinators.
pub async fn team(db: &Db, by: &Account) -> Result<Vec<Account>, AppError> {
    require_role(by, &[Role::Coordinator])?;
    Ok(store::list(db).await?)
}

/// A coordinator grants or withdraws the "trained lead" qualification (shifts want a lead).
pub async fn set_trained_lead(
    db: &Db,
    by: &Account,
    target: i64,
    lead: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_role(by, &[Role::Coordinator])?;
    if !store::set_trained_lead(db, target, lead, now).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(account = target, by = by.id, lead, "trained lead changed");
    Ok(())
}

/// A coordinator deactivates or reactivates an account. Deactivation ends its sessions at once.
pub async fn set_active(
    db: &Db,
    by: &Account,
    target: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_role(by, &[Role::Coordinator])?;
    if by.id == target && !active {
        return Err(Refusal::CannotDeactivateSelf.into());
    }
    let (account, _) = store::get(db, target).await?.ok_or(AppError::NotFound)?;
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
        let freed = crate::watches::service::free_seats_of(db, &account, now).await?
            + crate::hearings::service::free_seats_of(db, &account, now).await?;
        tracing::info!(
            account = target,
            freed,
            "a deactivated account's seats were freed"
        );
    }
    Ok(())
}

pub async fn sign_out_everywhere(db: &Db, account: &Account) -> Result<(), AppError> {
    Ok(store::bump_session_epoch(db, account.id).await?)
}
