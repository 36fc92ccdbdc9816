//! A member's phone number: typed on the profile, normalised to E.164, and verified per
//! channel by a code sent over that channel before anything else is sent to it.
use super::outbox;
use crate::accounts::Account;
use crate::notifications::{Channel, Phone, Refusal, Reply, Text};
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};

pub use vigil_db::phones::PhoneRow;

/// How long a code works.
pub const CODE_LIFETIME: Duration = Duration::minutes(15);
/// Wrong codes before a new one must be asked for.
pub const CODE_TRIES: i64 = 5;

/// A code's hash names the account and the number it went to, so it verifies only that.
fn hash(account_id: i64, number: &Phone, code: &str) -> String {
    hex::encode(Sha256::digest(format!(
        "phone-code/{account_id}/{}/{code}",
        number.as_str()
    )))
}

pub async fn phone_of(core: &Core, account: &Account) -> Result<Option<PhoneRow>, Failure> {
    Ok(vigil_db::phones::get(&core.db, account.id).await?)
}

/// Sets the member's number (a changed number starts unverified) and texts a code to it
/// over `channel`. Returns the number as it will be used.
pub async fn send_code(
    core: &Core,
    account: &Account,
    typed: &str,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<Phone, Failure> {
    let number = Phone::parse(typed, &core.texts.config().country).map_err(Refusal::Phone)?;
    if channel == Channel::Email || !core.texts.offers(channel) {
        return Err(Refusal::NoTextProvider.into());
    }
    // One code a minute at most: each new code allows `CODE_TRIES` guesses, so drawing codes
    // fast must not make guessing fast.
    let last = vigil_db::phones::get(&core.db, account.id).await?;
    if let Some(expires) = last.and_then(|p| p.code_expires_at) {
        if expires - CODE_LIFETIME + Duration::minutes(1) > now {
            return Err(Refusal::CodeTooSoon.into());
        }
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let code_hash = hash(account.id, &number, &code);
    vigil_db::phones::set_with_code(
        &core.db,
        account.id,
        &number,
        channel,
        &code_hash,
        now + CODE_LIFETIME,
        now,
    )
    .await?;
    outbox::queue(
        &core.db,
        &outbox::Outgoing {
            account_id: account.id,
            channel,
            text: Text::Reply(Reply::Code { code }),
            path: crate::paths::PHONE.into(),
            answerable: outbox::Answerable::No,
            // Each code its own job: a code asked for a corrected number is sent.
            key: format!(
                "text:code:{}:{}:{}",
                account.id,
                channel.key(),
                &code_hash[..16]
            ),
        },
        now,
    )
    .await?;
    tracing::info!(
        account = account.id,
        channel = channel.key(),
        "phone code queued"
    );
    Ok(number)
}

/// The code typed back: the number is verified for the channel the code went by.
pub async fn verify(
    core: &Core,
    account: &Account,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<Channel, Failure> {
    let phone = vigil_db::phones::get(&core.db, account.id)
        .await?
        .ok_or(Refusal::WrongCode)?;
    let (Some(channel), Some(expected), Some(expires)) =
        (phone.code_channel, &phone.code_hash, phone.code_expires_at)
    else {
        return Err(Refusal::WrongCode.into());
    };
    // A try is taken before the code is compared, atomically: tries sent at once can't
    // all pass the limit.
    if !vigil_db::phones::take_try(&core.db, account.id, CODE_TRIES, now).await? {
        return Err(Refusal::TooManyTries.into());
    }
    let code: String = typed.chars().filter(char::is_ascii_digit).collect();
    if now > expires || hash(account.id, &phone.number, &code) != *expected {
        return Err(Refusal::WrongCode.into());
    }
    // Only the code checked, for the number it went to (a new code may have come meanwhile).
    if !vigil_db::phones::mark_verified(&core.db, account.id, &phone.number, expected, channel, now)
        .await?
    {
        return Err(Refusal::NumberTaken.into());
    }
    tracing::info!(
        account = account.id,
        channel = channel.key(),
        "phone verified"
    );
    Ok(channel)
}

/// Removes the number; every kind that went by text goes by email again.
pub async fn remove(core: &Core, account: &Account) -> Result<(), Failure> {
    vigil_db::phones::remove(&core.db, account.id).await?;
    let mut prefs = vigil_db::prefs::get(&core.db, account.id).await?;
    for category in crate::notifications::Category::ALL {
        let via = prefs
            .routes
            .of(category)
            .with(Channel::Sms, false)
            .with(Channel::Signal, false);
        let via = if via.channels().next().is_none() {
            via.with(Channel::Email, true)
        } else {
            via
        };
        prefs.routes.set(category, via);
    }
    vigil_db::prefs::save(&core.db, account.id, &prefs).await?;
    tracing::info!(account = account.id, "phone removed");
    Ok(())
}

/// Text channels chosen in `prefs` must be offered here and verified for this member.
pub async fn check_routes(
    core: &Core,
    account: &Account,
    prefs: &crate::notifications::Prefs,
) -> Result<(), Failure> {
    let wanted: Vec<Channel> = crate::notifications::Category::ALL
        .iter()
        .flat_map(|c| prefs.routes.of(*c).channels())
        .filter(|c| *c != Channel::Email)
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let phone = vigil_db::phones::get(&core.db, account.id).await?;
    for channel in wanted {
        if !core.texts.offers(channel) {
            return Err(Refusal::NoTextProvider.into());
        }
        if !phone.as_ref().is_some_and(|p| p.verified(channel)) {
            return Err(Refusal::NoVerifiedNumber.into());
        }
    }
    Ok(())
}
