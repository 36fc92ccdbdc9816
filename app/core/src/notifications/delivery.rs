//! Notification use cases: one's own preferences, turning one kind of mail off from a link,
//! and (coordinators) the mail that could not be sent, with a retry. Sending is the
//! `worker`'s; what a use case queues is in `notices` and `reminders`.
use super::jobs::{self, JobRow};
use super::{prefs, Category, Prefs};
use crate::accounts::{require_role, Account, Role};
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Utc};

/// How many failed jobs the mail problems page lists.
const FAILED_LISTED: i64 = 200;

pub async fn prefs_of(db: &Db, account: &Account) -> Result<Prefs, Failure> {
    Ok(prefs::get(db, account.id).await?)
}

/// Saves them, if every text channel chosen is set up here and verified for this member.
pub async fn save_prefs(
    core: &crate::Core,
    account: &Account,
    prefs: &Prefs,
) -> Result<(), Failure> {
    crate::texting::phones::check_routes(core, account, prefs).await?;
    Ok(prefs::save(&core.db, account.id, prefs).await?)
}

/// Turns one kind of mail off for `account_id`, from an unsubscribe link already verified
/// (it works without signing in, so it names the account).
pub async fn unsubscribe(db: &Db, account_id: i64, category: Category) -> Result<(), Failure> {
    prefs::turn_off(db, account_id, category).await?;
    tracing::info!(
        account = account_id,
        category = category.key(),
        "unsubscribed"
    );
    Ok(())
}

pub async fn failed_jobs(db: &Db, by: &Account) -> Result<Vec<JobRow>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    Ok(jobs::list(db, Some("failed"), FAILED_LISTED).await?)
}

pub async fn retry_job(
    db: &Db,
    by: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    require_role(by, &[Role::Coordinator])?;
    Ok(jobs::retry(db, id, now).await?)
}
