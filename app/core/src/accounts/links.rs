//! Magic links: asking for a sign-in link (rate-limited, the same answer for every address),
//! checking and using one (POST only), and the first-run setup link.
use super::store;
use super::{tokens, Account, AccountStatus, Refusal, TokenPurpose};
use crate::config::Config;
use crate::notifications::mailer::{Email, Mailer};
use crate::notifications::wording::{AccountMail, Wording};
use crate::storage::Db;
use crate::Failure;
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
    /// Requests to join through a join link, per IP.
    pub(super) join_per_ip: DefaultKeyedRateLimiter<IpAddr>,
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
            // A join link is posted where a room full of people opens it at once, often
            // behind one phone carrier's shared address: 20 at once, then 5 a minute per IP.
            join_per_ip: RateLimiter::keyed(Quota::per_minute(burst(5)).allow_burst(burst(20))),
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
    fn check(&self, email: &str, ip: IpAddr) -> Result<Allowance, Failure> {
        // Both limits are consumed, so one can't be probed without spending the other.
        let ip_ok = self.per_ip.check_key(&ip).is_ok();
        let address_ok = self.per_address.check_key(&email.to_string()).is_ok();
        match (ip_ok, address_ok) {
            (false, _) => Err(Failure::RateLimited),
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
    /// Words the account mails (the web layer's).
    pub wording: &'a dyn Wording,
}

/// An account mail to `to`, in words, with its one-time link.
pub(super) fn account_email(ctx: &Ctx<'_>, mail: &AccountMail, to: &str, link: &str) -> Email {
    let letter = ctx.wording.account_mail(mail, link);
    Email {
        to: to.to_string(),
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        unsubscribe: None,
    }
}

pub(super) async fn issue_link(
    ctx: &Ctx<'_>,
    purpose: TokenPurpose,
    account_id: Option<i64>,
    lifetime: Duration,
    now: DateTime<Utc>,
) -> Result<String, Failure> {
    let (token, hash) = tokens::new_token();
    store::insert_token(ctx.db, &hash, purpose, account_id, now, now + lifetime).await?;
    let path = if purpose == TokenPurpose::Setup {
        crate::paths::SETUP
    } else {
        crate::paths::MAGIC_LINK
    };
    Ok(ctx.config.link(&format!("{path}?token={token}")))
}

/// Sends mail off the request path: the answer to "send me a link" takes the same time
/// whether or not the address has an account, and a slow SMTP server doesn't hold it up.
pub(super) fn send_in_background(ctx: &Ctx<'_>, email: Email) {
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
) -> Result<(), Failure> {
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
            let mail = AccountMail::SignIn {
                name: account.name().to_string(),
                language: account.language.clone(),
            };
            send_in_background(ctx, account_email(ctx, &mail, &account.email, &link));
        }
    }
    Ok(())
}

/// What a link is for, checked when its page opens (GET), before anything is used.
pub async fn check_link(db: &Db, token: &str, now: DateTime<Utc>) -> Result<TokenPurpose, Failure> {
    Ok(usable_token(db, &tokens::hash_token(token), now)
        .await?
        .purpose)
}

/// The link's token, if it can still be used: each works once, for a limited time.
async fn usable_token(
    db: &Db,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<store::TokenRecord, Failure> {
    let record = store::token(db, hash).await?.ok_or(Failure::LinkInvalid)?;
    if record.used {
        return Err(Failure::LinkUsed);
    }
    if record.expires_at <= now {
        return Err(Failure::LinkExpired);
    }
    Ok(record)
}

/// Uses the link's token: of two simultaneous POSTs only one gets it.
pub(super) async fn consume_token(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<store::TokenRecord, Failure> {
    let hash = tokens::hash_token(token);
    let record = usable_token(db, &hash, now).await?;
    if !store::use_token(db, &hash, now).await? {
        return Err(Failure::LinkUsed);
    }
    Ok(record)
}

/// Uses a sign-in or invitation link (POST only: mail scanners follow GET links).
/// Returns the account to sign in, activating it if this was its invitation.
pub async fn use_link(db: &Db, token: &str, now: DateTime<Utc>) -> Result<(Account, i64), Failure> {
    let record = consume_token(db, token, now).await?;
    if record.purpose == TokenPurpose::Setup {
        return Err(Failure::LinkInvalid);
    }
    let id = record.account_id.ok_or(Failure::LinkInvalid)?;
    let (account, _) = store::get(db, id).await?.ok_or(Failure::LinkInvalid)?;
    if record.purpose == TokenPurpose::EmailChange {
        if account.status != AccountStatus::Active {
            return Err(Failure::Forbidden);
        }
        let email = record.new_email.ok_or(Failure::LinkInvalid)?;
        if !store::set_email(db, id, &email, now).await? {
            return Err(Refusal::EmailTaken.into());
        }
        tracing::info!(account = id, "email address changed");
        return store::get(db, id).await?.ok_or_else(|| gone(id));
    }
    match account.status {
        AccountStatus::Deactivated => Err(Failure::Forbidden),
        AccountStatus::Invited => {
            store::set_status(db, id, AccountStatus::Active, now).await?;
            tracing::info!(account = id, "invitation accepted");
            store::get(db, id).await?.ok_or_else(|| gone(id))
        }
        AccountStatus::Active => store::get(db, id).await?.ok_or_else(|| gone(id)),
    }
}

/// Called at start-up: while no coordinator exists, a fresh one-hour setup link (older
/// ones stop working). Returns `None` once the group has a coordinator.
pub async fn setup_link_if_needed(
    ctx: &Ctx<'_>,
    now: DateTime<Utc>,
) -> Result<Option<String>, Failure> {
    if store::count_active_coordinators(ctx.db).await? > 0 {
        return Ok(None);
    }
    store::delete_unused_setup_tokens(ctx.db).await?;
    Ok(Some(
        issue_link(ctx, TokenPurpose::Setup, None, SETUP_LINK_LIFETIME, now).await?,
    ))
}

pub async fn check_setup_link(db: &Db, token: &str, now: DateTime<Utc>) -> Result<(), Failure> {
    match check_link(db, token, now).await? {
        TokenPurpose::Setup if store::count_active_coordinators(db).await? == 0 => Ok(()),
        TokenPurpose::Setup => Err(Failure::LinkUsed),
        _ => Err(Failure::LinkInvalid),
    }
}

/// An account that was just read or written is not there any more.
pub(super) fn gone(id: i64) -> Failure {
    Failure::broken(format!("account {id} vanished"))
}
