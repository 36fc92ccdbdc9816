//! The rules for people's records: seal on write, open only for those allowed, audit every
//! view, forget on schedule, rotate root keys. Plain Rust over the database and keyring:
//! `records`, `access` (need-to-know and audit), `keys`. Forgetting spans people and
//! hearings: `crate::workflows::forget`.
use self::store::{SealedPerson, WrappedKey};
use crate::accounts::{require_role, Account, Role};
use crate::crypto::{DataKey, ExposeSecret, FieldPlace, Keyring};
use crate::storage::{self, Db};
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
/// Its SQL: `vigil_db::people`.
pub use vigil_db::people as store;
pub use vigil_domain::people::*;

mod records;
pub use records::*;
mod keys;
pub use keys::*;
mod access;
pub use access::*;

pub struct Ctx<'a> {
    pub db: &'a Db,
    pub keyring: &'a Keyring,
    /// Days after the last event (or creation) before a person is forgotten.
    pub retention_days: i64,
}

/// Field-level problems, to show beside each input (messages never repeat the input).
pub use vigil_domain::FieldErrors;
