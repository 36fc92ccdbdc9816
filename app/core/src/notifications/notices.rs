//! One-off notices the watch and hearing modules send: promoted from the waitlist, changed,
//! cancelled, removed, a helper can't come, urgent call-outs. Queued on the caller's
//! transaction, so a notice exists exactly when the change it reports was committed.
use super::jobs::{self, NewJob};
use super::{Category, Message};
use crate::storage;
use crate::Failure;
use chrono::{DateTime, Utc};

/// What to tell one person: a `Message` (put into words when it is sent, in their
/// language): a kind of activity, a facility's public name, a local time, never anything
/// about a supported person.
pub struct Notice<'a> {
    pub account_id: i64,
    pub category: Category,
    /// What this is about; kept out of `entity` so cancelling reminders never cancels it.
    pub about: &'a str,
    /// Names the change, so retrying the same request queues nothing twice.
    pub event: &'a str,
    pub message: Message,
    pub path: String,
}

pub async fn queue(
    conn: &mut storage::Conn,
    n: &Notice<'_>,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    let job = NewJob {
        kind: "notice".into(),
        idempotency_key: format!("notice:{}:{}:account:{}", n.about, n.event, n.account_id),
        entity: None,
        account_id: Some(n.account_id),
        payload: serde_json::json!({
            "category": n.category.key(),
            "message": n.message,
            "path": n.path,
        }),
        run_at: now,
    };
    jobs::schedule(&mut *conn, &job, now)
        .await
        .map_err(Failure::from)
}

/// Tells every active coordinator the same thing (an alert about `about`, linking `path`).
pub async fn to_coordinators(
    conn: &mut storage::Conn,
    about: &str,
    event: &str,
    message: Message,
    path: String,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    for coordinator in crate::accounts::store::active_coordinators(&mut *conn).await? {
        let notice = Notice {
            account_id: coordinator,
            category: Category::CoordinatorAlerts,
            about,
            event,
            message: message.clone(),
            path: path.clone(),
        };
        queue(&mut *conn, &notice, now).await?;
    }
    Ok(())
}

/// Cancels the notices about `about` that have not gone yet (the thing they are about is gone).
pub async fn cancel_about(
    conn: &mut storage::Conn,
    about: &str,
    now: DateTime<Utc>,
) -> Result<u64, Failure> {
    jobs::cancel_with_key_prefix(conn, &format!("notice:{about}:"), now)
        .await
        .map_err(Failure::from)
}
