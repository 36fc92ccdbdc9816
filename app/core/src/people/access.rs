//! Need-to-know: who may see a person and when (the helper window), fields sealed with a
//! person's key on other records (a hearing's courtroom), and the audit of every view.
use super::*;

/// Helpers see a person from this long before their event until this long after.
pub const HELPER_WINDOW: Duration = Duration::hours(24);
/// Audit entries reveal who worked with whom: they expire too.
pub const AUDIT_RETENTION: Duration = Duration::days(90);
pub(super) const DATA_KEY_VERSION: u32 = 1;

/// A later hearing or release event pushes the purge date to `retention_days` after it, on
/// the caller's transaction (the event and the date it keeps the person until are one
/// change: a hearing saved without it could be purged before it happens). Capped, whatever
/// the caller checked, at `FURTHEST_AHEAD` from now.
pub async fn record_event<'e>(
    ctx: &Ctx<'_>,
    on: impl Into<storage::Target<'e>>,
    person_id: i64,
    event_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let purge_after = event_at.min(now + FURTHEST_AHEAD) + Duration::days(ctx.retention_days);
    store::extend_purge_after(on, person_id, purge_after, now)
        .await
        .map_err(Failure::from)
}

/// Where a text that belongs with a person is kept outside their row (a hearing's courtroom,
/// an outcome note): its table, column and row are bound into the ciphertext.
pub struct Linked {
    pub table: &'static str,
    pub column: &'static str,
    pub row_id: i64,
}

/// Seals `text` under the person's data key, so forgetting the person makes it unreadable
/// too. Empty text is not kept. The key is read on `conn`, the caller's write transaction.
pub async fn seal_linked(
    ctx: &Ctx<'_>,
    conn: &mut storage::Conn,
    person_id: i64,
    at: &Linked,
    text: &str,
) -> Result<Option<Vec<u8>>, Failure> {
    if text.is_empty() {
        return Ok(None);
    }
    let (key, version) = data_key_on(ctx, conn, person_id).await?;
    Ok(Some(key.seal(
        FieldPlace {
            table: at.table,
            column: at.column,
            row_id: at.row_id,
            key_version: version,
        },
        text,
    )))
}

/// Opens a linked text; callers decide who may see it (and audit it).
pub async fn open_linked(
    ctx: &Ctx<'_>,
    person_id: i64,
    at: &Linked,
    sealed: Option<&[u8]>,
) -> FieldValue {
    let Some(bytes) = sealed else {
        return FieldValue::Empty;
    };
    let Ok((key, version)) = data_key(ctx, person_id).await else {
        return FieldValue::Unreadable;
    };
    match key.open(
        FieldPlace {
            table: at.table,
            column: at.column,
            row_id: at.row_id,
            key_version: version,
        },
        bytes,
    ) {
        Ok(secret) => FieldValue::Value(secret.expose_secret().to_string()),
        Err(err) => {
            tracing::warn!(person = person_id, table = at.table, column = at.column, row = at.row_id, error = %err, "unreadable linked field");
            FieldValue::Unreadable
        }
    }
}

/// Records that `actor` saw something sealed under a person's key outside their row (a
/// hearing's courtroom or outcome note): by ids and an action word, nothing else.
pub async fn audit_view(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    action: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    store::audit(ctx.db, Some(actor.id), &[person_id], action, now)
        .await
        .map_err(Failure::from)
}

/// Whether `actor` may see the person's helper fields now (coordinators always).
pub async fn may_see(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, Failure> {
    Ok(actor.has_role(Role::Coordinator)
        || store::has_access(ctx.db, person_id, actor.id, now, HELPER_WINDOW).await?)
}

/// Case references of every person (coordinators, matching an imported docket), audited.
pub async fn case_refs(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, String)>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let people = store::list(ctx.db).await?;
    let mut refs = Vec::new();
    for person in &people {
        let key = person
            .key
            .as_ref()
            .and_then(|k| unwrap_key(ctx, person.id, k).ok());
        let fields = open_fields(key.as_ref(), person, &[Field::CaseRef]);
        if let Some((_, FieldValue::Value(v))) = fields.first() {
            refs.push((person.id, v.clone()));
        }
    }
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    store::audit(ctx.db, Some(actor.id), &ids, "import-match", now).await?;
    Ok(refs)
}

pub async fn grant_access(
    ctx: &Ctx<'_>,
    person_id: i64,
    account_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), Failure> {
    store::grant_access(ctx.db, person_id, account_id, start, end)
        .await
        .map_err(Failure::from)
}

pub async fn audit_log(
    ctx: &Ctx<'_>,
    actor: &Account,
) -> Result<Vec<crate::people::AuditEntry>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    Ok(store::recent_audit(ctx.db, 500)
        .await?
        .into_iter()
        .map(|r| crate::people::AuditEntry {
            at: r.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: r.actor.unwrap_or_else(|| "system".into()),
            person_id: r.person_id,
            action: r.action,
        })
        .collect())
}
