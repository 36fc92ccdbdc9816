//! The rules for people's records: seal on write, open only for those allowed, audit every
//! view, forget on schedule, rotate root keys. Plain Rust over the database and keyring.
use super::store::{self, SealedPerson, WrappedKey};
use super::{validate_field, Field, FieldValue, PersonView};
use crate::accounts::{Account, Role};
use crate::crypto::{DataKey, ExposeSecret, FieldPlace, Keyring};
use crate::error::AppError;
use crate::storage::{self, Db};
use chrono::{DateTime, Duration, Utc};

/// Helpers see a person from this long before their event until this long after.
pub const HELPER_WINDOW: Duration = Duration::hours(24);
/// Audit entries reveal who worked with whom: they expire too.
pub const AUDIT_RETENTION: Duration = Duration::days(90);
const DATA_KEY_VERSION: u32 = 1;

pub struct Ctx<'a> {
    pub db: &'a Db,
    pub keyring: &'a Keyring,
    /// Days after the last event (or creation) before a person is forgotten.
    pub retention_days: i64,
}

/// Validated input for a person's fields (empty = not kept).
pub struct PersonInput {
    values: Vec<(Field, String)>,
}

/// Field-level problems, to show beside each input (messages never repeat the input).
pub use vigil_domain::FieldErrors;

impl PersonInput {
    pub fn parse(get: impl Fn(&str) -> String) -> Result<PersonInput, FieldErrors> {
        let mut values = Vec::new();
        let mut errors = FieldErrors::new();
        for field in Field::ALL {
            match validate_field(field, &get(field.column())) {
                Ok(v) => values.push((field, v)),
                Err(e) => errors.push((field.column(), e)),
            }
        }
        if errors.is_empty() {
            Ok(PersonInput { values })
        } else {
            Err(errors)
        }
    }
}

fn place(person_id: i64, field: Field, key_version: u32) -> FieldPlace<'static> {
    FieldPlace {
        table: store::TABLE,
        column: field.column(),
        row_id: person_id,
        key_version,
    }
}

fn seal_all(
    key: &DataKey,
    person_id: i64,
    key_version: u32,
    input: &PersonInput,
) -> Vec<(&'static str, Option<Vec<u8>>)> {
    input
        .values
        .iter()
        .map(|(field, value)| {
            let sealed =
                (!value.is_empty()).then(|| key.seal(place(person_id, *field, key_version), value));
            (field.column(), sealed)
        })
        .collect()
}

fn require_coordinator(actor: &Account) -> Result<(), AppError> {
    if actor.has_role(Role::Coordinator) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Account,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    require_coordinator(actor)?;
    let purge_after = now + Duration::days(ctx.retention_days);
    // A rotation may retire the primary between reading it and storing the key: the store
    // refuses such a key (`None`), and the next try reads the new primary.
    for _ in 0..3 {
        let root = ctx.keyring.primary().map_err(|e| {
            tracing::error!(error = %e, "no root key to wrap a new data key");
            AppError::Internal
        })?;
        let stored = store::insert(ctx.db, purge_after, now, |id| {
            let key = DataKey::generate();
            let wrapped = WrappedKey {
                root_key_id: root.id().to_string(),
                key_version: DATA_KEY_VERSION,
                wrapped: root.wrap(&key, id),
            };
            (wrapped, seal_all(&key, id, DATA_KEY_VERSION, input))
        })
        .await?;
        if let Some(id) = stored {
            tracing::info!(person = id, by = actor.id, "person record created");
            return Ok(id);
        }
        tracing::info!(
            root_key = root.id(),
            "root key retired while a person was created: wrapping again under the new one"
        );
    }
    tracing::error!("the primary root key kept changing while a person was created");
    Err(AppError::Internal)
}

/// A key of the whole group for `purpose` (made on first use), wrapped by the root key and
/// carried through rotations like people's data keys.
pub async fn instance_key(
    ctx: &Ctx<'_>,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<DataKey, AppError> {
    let internal = |e: crate::crypto::CryptoError| {
        tracing::error!(purpose, error = %e, "group key");
        AppError::Internal
    };
    if store::instance_key(ctx.db, purpose).await?.is_none() {
        let root = ctx.keyring.primary().map_err(internal)?;
        store::insert_instance_key(
            ctx.db,
            purpose,
            root.id(),
            &root.wrap_instance(&DataKey::generate(), purpose),
            now,
        )
        .await?;
    }
    let (root_id, wrapped) = store::instance_key(ctx.db, purpose)
        .await?
        .ok_or(AppError::Internal)?;
    ctx.keyring
        .get(&root_id)
        .map_err(internal)?
        .unwrap_instance(&wrapped, purpose)
        .map_err(internal)
}

async fn data_key(ctx: &Ctx<'_>, person_id: i64) -> Result<(DataKey, u32), AppError> {
    data_key_on(ctx, ctx.db, person_id).await
}

/// The same, read through `from` (a write transaction reads it on its own connection rather
/// than wait for another from the pool).
async fn data_key_on<'e>(
    ctx: &Ctx<'_>,
    from: impl Into<storage::Target<'e>>,
    person_id: i64,
) -> Result<(DataKey, u32), AppError> {
    let wrapped = store::key(from, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    unwrap_key(ctx, person_id, &wrapped)
}

fn unwrap_key(
    ctx: &Ctx<'_>,
    person_id: i64,
    wrapped: &WrappedKey,
) -> Result<(DataKey, u32), AppError> {
    let root = ctx.keyring.get(&wrapped.root_key_id).map_err(|e| {
        tracing::error!(person = person_id, error = %e, "cannot unwrap data key");
        AppError::Internal
    })?;
    let key = root.unwrap(&wrapped.wrapped, person_id).map_err(|e| {
        tracing::error!(person = person_id, error = %e, "data key failed to unwrap");
        AppError::Internal
    })?;
    Ok((key, wrapped.key_version))
}

pub async fn update(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_coordinator(actor)?;
    let (key, version) = data_key(ctx, person_id).await?;
    store::update(
        ctx.db,
        person_id,
        &seal_all(&key, person_id, version, input),
        now,
    )
    .await?;
    tracing::info!(person = person_id, by = actor.id, "person record updated");
    Ok(())
}

/// Opens the given fields; a field that fails is `Unreadable` and the log says why (by id).
fn open_fields(
    key: Option<&(DataKey, u32)>,
    person: &SealedPerson,
    fields: &[Field],
) -> Vec<(Field, FieldValue)> {
    fields
        .iter()
        .map(|field| {
            let sealed = person.columns.iter().find(|(c, _)| *c == field.column()).and_then(|(_, v)| v.as_ref());
            let value = match (sealed, key) {
                (None, _) => FieldValue::Empty,
                (Some(_), None) => FieldValue::Unreadable,
                (Some(bytes), Some((key, version))) => match key.open(place(person.id, *field, *version), bytes) {
                    Ok(secret) => FieldValue::Value(secret.expose_secret().to_string()),
                    Err(err) => {
                        tracing::warn!(person = person.id, column = field.column(), error = %err, "unreadable field");
                        FieldValue::Unreadable
                    }
                },
            };
            (*field, value)
        })
        .collect()
}

fn view_of(
    key: Option<&(DataKey, u32)>,
    person: &SealedPerson,
    fields: &[Field],
    coordinator: bool,
) -> PersonView {
    PersonView {
        id: person.id,
        fields: open_fields(key, person, fields),
        forget_on: coordinator.then(|| person.purge_after.format("%Y-%m-%d").to_string()),
    }
}

/// One person, as `actor` may see them; every successful view is audited.
pub async fn view(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<PersonView, AppError> {
    let coordinator = actor.has_role(Role::Coordinator);
    if !coordinator && !store::has_access(ctx.db, person_id, actor.id, now, HELPER_WINDOW).await? {
        tracing::warn!(
            person = person_id,
            account = actor.id,
            "refused: no access to person"
        );
        return Err(AppError::Forbidden);
    }
    let person = store::get(ctx.db, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = person
        .key
        .as_ref()
        .and_then(|k| unwrap_key(ctx, person_id, k).ok());
    let fields: &[Field] = if coordinator {
        &Field::ALL
    } else {
        &Field::FOR_HELPERS
    };
    store::audit(ctx.db, Some(actor.id), &[person_id], "view", now).await?;
    Ok(view_of(key.as_ref(), &person, fields, coordinator))
}

/// Every person (coordinators), each audited as listed.
pub async fn list(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<PersonView>, AppError> {
    require_coordinator(actor)?;
    let people = store::list(ctx.db).await?;
    let mut views = Vec::with_capacity(people.len());
    for person in &people {
        let key = person
            .key
            .as_ref()
            .and_then(|k| unwrap_key(ctx, person.id, k).ok());
        views.push(view_of(
            key.as_ref(),
            person,
            &[Field::Alias, Field::Languages],
            true,
        ));
    }
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    store::audit(ctx.db, Some(actor.id), &ids, "list", now).await?;
    Ok(views)
}

/// A coordinator moves the date a person will be forgotten (not into the past: use erase).
pub async fn set_forget_on(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    date: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), String>, AppError> {
    require_coordinator(actor)?;
    let Ok(day) = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        return Ok(Err("Enter a date like 2026-12-31.".into()));
    };
    let at = day
        .and_hms_opt(23, 59, 59)
        .map(|t| t.and_utc())
        .ok_or(AppError::Internal)?;
    if at < now {
        return Ok(Err(
            "Choose today or a later date. To forget this person now, use “Erase now”.".into(),
        ));
    }
    if at > now + Duration::days(366) {
        return Ok(Err("Keep records at most a year; set a nearer date.".into()));
    }
    store::set_purge_after(ctx.db, person_id, at, now).await?;
    Ok(Ok(()))
}

/// How far ahead an event (a hearing, a next date) may be entered. Each event keeps its
/// person until `retention_days` after it, so without a bound a mistyped or hostile year 9999
/// would keep someone for ever.
pub const FURTHEST_AHEAD: Duration = Duration::days(731);

/// The field error for an event date beyond `FURTHEST_AHEAD`, if it is.
pub fn too_far_ahead(at: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    (at > now + FURTHEST_AHEAD)
        .then(|| "This is more than two years ahead: check the year.".to_string())
}

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
) -> Result<(), AppError> {
    let purge_after = event_at.min(now + FURTHEST_AHEAD) + Duration::days(ctx.retention_days);
    store::extend_purge_after(on, person_id, purge_after, now).await
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
) -> Result<Option<Vec<u8>>, AppError> {
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
) -> Result<(), AppError> {
    store::audit(ctx.db, Some(actor.id), &[person_id], action, now).await
}

/// Whether `actor` may see the person's helper fields now (coordinators always).
pub async fn may_see(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(actor.has_role(Role::Coordinator)
        || store::has_access(ctx.db, person_id, actor.id, now, HELPER_WINDOW).await?)
}

/// Case references of every person (coordinators, matching an imported docket), audited.
pub async fn case_refs(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, String)>, AppError> {
    require_coordinator(actor)?;
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

/// Deletes people with their keys, in one transaction with what goes with them: their
/// hearings' reminders and seats (those going to one still ahead are told it is cancelled).
async fn forget(db: &Db, ids: &[i64], now: DateTime<Utc>) -> Result<u64, AppError> {
    let mut tx = crate::storage::begin_write(db).await?;
    let ids = store::lock_existing(&mut tx, ids).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    crate::hearings::service::forget_people(&mut tx, &ids, now).await?;
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
) -> Result<(), AppError> {
    require_coordinator(actor)?;
    if forget(ctx.db, &[person_id], now).await? == 0 {
        return Err(AppError::NotFound);
    }
    store::audit(ctx.db, Some(actor.id), &[person_id], "erase", now).await?;
    store::checkpoint(ctx.db).await?;
    tracing::info!(person = person_id, by = actor.id, "person erased");
    Ok(())
}

/// The daily job and `vigil purge`: forgets everyone due, and expires old audit entries.
pub async fn purge_due(ctx: &Ctx<'_>, now: DateTime<Utc>) -> Result<usize, AppError> {
    let due = store::due_for_purge(ctx.db, now).await?;
    if !due.is_empty() {
        forget(ctx.db, &due, now).await?;
        tracing::info!(count = due.len(), "people forgotten on schedule");
    }
    store::delete_old_audit(ctx.db, now - AUDIT_RETENTION).await?;
    store::checkpoint(ctx.db).await?;
    Ok(due.len())
}

/// `vigil rotate-key`: a new primary root key; every data key re-wrapped under it while the
/// server keeps serving (it finds the new key file on demand); then older key files removed.
pub async fn rotate_root_key(ctx: &Ctx<'_>) -> Result<(String, usize, Vec<String>), AppError> {
    let internal = |e: crate::crypto::CryptoError| {
        tracing::error!(error = %e, "key rotation");
        AppError::Internal
    };
    let new_id = ctx.keyring.add_new_primary().map_err(internal)?;
    let new_root = ctx.keyring.get(&new_id).map_err(internal)?;
    // First, no new key may be wrapped under any other root key: once this commits, every
    // key under an old one is in the database, where the passes below find it.
    let mut old_ids = ctx.keyring.file_key_ids();
    old_ids.extend(store::root_key_ids_in_use(ctx.db).await?);
    old_ids.retain(|id| *id != new_id);
    old_ids.sort();
    old_ids.dedup();
    store::retire_root_keys(ctx.db, &old_ids, chrono::Utc::now()).await?;
    let mut rewrapped = 0;
    // Repeat until nothing is left under an old key. One pass is enough for servers of this
    // version (they check the retirements); the later ones catch rows an older server was
    // still writing during a rolling upgrade.
    for _pass in 0..3 {
        loop {
            let batch = store::keys_not_wrapped_by(ctx.db, &new_id, 200).await?;
            if batch.is_empty() {
                break;
            }
            for (person_id, old) in batch {
                let old_root = ctx.keyring.get(&old.root_key_id).map_err(internal)?;
                let key = old_root.unwrap(&old.wrapped, person_id).map_err(internal)?;
                let new = WrappedKey {
                    root_key_id: new_id.clone(),
                    key_version: old.key_version,
                    wrapped: new_root.wrap(&key, person_id),
                };
                if store::rewrap(ctx.db, person_id, &old.root_key_id, &new).await? {
                    rewrapped += 1;
                }
            }
        }
        // The group's own keys (unsubscribe links keep working across rotations).
        for (purpose, old_root_id, wrapped) in
            store::instance_keys_not_wrapped_by(ctx.db, &new_id).await?
        {
            let key = ctx
                .keyring
                .get(&old_root_id)
                .map_err(internal)?
                .unwrap_instance(&wrapped, &purpose)
                .map_err(internal)?;
            store::rewrap_instance_key(
                ctx.db,
                &purpose,
                &old_root_id,
                &new_id,
                &new_root.wrap_instance(&key, &purpose),
            )
            .await?;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // Every other key file is now unused: destroy it (only if no row still needs it).
    let still_used: Vec<String> = store::count_keys_by_root(ctx.db)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut destroyed = Vec::new();
    for id in ctx
        .keyring
        .file_key_ids()
        .into_iter()
        .filter(|id| *id != new_id && !still_used.contains(id))
    {
        if ctx.keyring.destroy(&id).is_ok() {
            destroyed.push(id);
        }
    }
    Ok((new_id, rewrapped, destroyed))
}

pub async fn grant_access(
    ctx: &Ctx<'_>,
    person_id: i64,
    account_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), AppError> {
    store::grant_access(ctx.db, person_id, account_id, start, end).await
}

pub async fn audit_log(ctx: &Ctx<'_>, actor: &Account) -> Result<Vec<super::AuditEntry>, AppError> {
    require_coordinator(actor)?;
    Ok(store::recent_audit(ctx.db, 500)
        .await?
        .into_iter()
        .map(|r| super::AuditEntry {
            at: r.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: r.actor.unwrap_or_else(|| "system".into()),
            person_id: r.person_id,
            action: r.action,
        })
        .collect())
}
