//! Who a session belongs to: read fresh on every request, so a deactivation or "sign out
//! everywhere" takes effect at once. (The session itself is the web layer's cookie.)
use super::{store, Account};
use crate::storage::Db;
use crate::Failure;

/// The account `id` and its session epoch (moved by "sign out everywhere"), if it exists.
pub async fn session_account(db: &Db, id: i64) -> Result<Option<(Account, i64)>, Failure> {
    Ok(store::get(db, id).await?)
}
