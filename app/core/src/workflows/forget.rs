//! Forgetting a person: their record and keys, and with them what other capabilities hold
//! about them (their hearings' and rides' messages and seats; those going to one still ahead
//! are told it is cancelled), in one transaction. It spans people and hearings, so it lives above both.
use crate::accounts::{require_role, Account, Role};
use crate::people::store;
use crate::people::{Ctx, AUDIT_RETENTION};
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Utc};

/// Deletes people with their keys, in one transaction with what goes with them: their
/// hearings' reminders and seats (those going to one still ahead are told it is cancelled).
async fn forget(db: &Db, ids: &[i64], now: DateTime<Utc>) -> Result<u64, Failure> {
    let mut tx = crate::storage::begin_write(db).await?;
    let ids = store::lock_existing(&mut tx, ids).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    crate::rides::forget_people(&mut tx, &ids, now).await?;
    crate::hearings::forget_people(&mut tx, &ids, now).await?;
    let n = store::delete(&mut tx, &ids).await?;
    tx.commit().await?;
    Ok(n)
}

/// Erases one person now: data key, then row, then the WAL is checkpointed.
pub async fn erase(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
    if forget(ctx.db, &[person_id], now).await? == 0 {
        return Err(Failure::NotFound);
    }
    store::audit(ctx.db, Some(actor.id), &[person_id], "erase", now).await?;
    store::checkpoint(ctx.db).await?;
    tracing::info!(person = person_id, by = actor.id, "person erased");
    Ok(())
}

/// The daily job and `vigil purge`: forgets everyone due, and expires old audit entries.
pub async fn purge_due(ctx: &Ctx<'_>, now: DateTime<Utc>) -> Result<usize, Failure> {
    let due = store::due_for_purge(ctx.db, now).await?;
    if !due.is_empty() {
        forget(ctx.db, &due, now).await?;
        tracing::info!(count = due.len(), "people forgotten on schedule");
    }
    store::delete_old_audit(ctx.db, now - AUDIT_RETENTION).await?;
    store::checkpoint(ctx.db).await?;
    Ok(due.len())
}
