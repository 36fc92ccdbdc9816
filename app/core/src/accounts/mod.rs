//! Account use cases: magic links and setup (`links`), the team and what coordinators change
//! on accounts (`team`), one's own profile (`profile`), and the one role check every use case
//! makes (`require_role`). Bearer tokens are made and hashed in `tokens`.
//!
//! The types and rules are `vigil_domain::accounts` (re-exported); the SQL is
//! `vigil_db::accounts` (`store`). Mail is queued or sent as a typed `AccountMail`, worded by
//! the web layer.
/// Its SQL: `vigil_db::accounts`.
pub use vigil_db::accounts as store;
pub use vigil_domain::accounts::*;

pub mod bulk;
pub mod join;
pub mod tokens;

/// Field-level problems with a form, to show beside each input.
pub use vigil_domain::FieldErrors;

mod links;
pub use links::*;
mod profile;
pub use profile::*;
mod sessions;
pub use sessions::*;
mod team;
pub use team::*;

/// The one role check of the use cases: `actor` must hold one of `roles`. A refusal is
/// logged by account id (never who they are) and answered 403. The page gate
/// (`routes::access_for`) runs first; this is the check that holds when a request skips it.
pub fn require_role(actor: &Account, roles: &[Role]) -> Result<(), crate::Failure> {
    if roles.iter().any(|role| actor.has_role(*role)) {
        Ok(())
    } else {
        tracing::warn!(account = actor.id, ?roles, "refused: missing role");
        Err(crate::Failure::Forbidden)
    }
}
