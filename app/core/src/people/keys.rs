//! Keys: each person's data key, wrapped by the instance key, wrapped by the root keyring;
//! and rotating the root key without downtime.
use super::*;

/// A key of the whole group for `purpose` (made on first use), wrapped by the root key and
/// carried through rotations like people's data keys.
pub async fn instance_key(
    ctx: &Ctx<'_>,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<DataKey, Failure> {
    let internal =
        |e: crate::crypto::CryptoError| Failure::broken(format!("group key {purpose}: {e}"));
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
        .ok_or_else(|| Failure::broken(format!("group key {purpose} gone after it was stored")))?;
    ctx.keyring
        .get(&root_id)
        .map_err(internal)?
        .unwrap_instance(&wrapped, purpose)
        .map_err(internal)
}

pub(super) async fn data_key(ctx: &Ctx<'_>, person_id: i64) -> Result<(DataKey, u32), Failure> {
    data_key_on(ctx, ctx.db, person_id).await
}

/// The same, read through `from` (a write transaction reads it on its own connection rather
/// than wait for another from the pool).
pub(super) async fn data_key_on<'e>(
    ctx: &Ctx<'_>,
    from: impl Into<storage::Target<'e>>,
    person_id: i64,
) -> Result<(DataKey, u32), Failure> {
    let wrapped = store::key(from, person_id)
        .await?
        .ok_or(Failure::NotFound)?;
    unwrap_key(ctx, person_id, &wrapped)
}

pub(super) fn unwrap_key(
    ctx: &Ctx<'_>,
    person_id: i64,
    wrapped: &WrappedKey,
) -> Result<(DataKey, u32), Failure> {
    let root = ctx.keyring.get(&wrapped.root_key_id).map_err(|e| {
        Failure::broken(format!(
            "person {person_id}: no root key for the data key: {e}"
        ))
    })?;
    let key = root.unwrap(&wrapped.wrapped, person_id).map_err(|e| {
        Failure::broken(format!(
            "person {person_id}: data key failed to unwrap: {e}"
        ))
    })?;
    Ok((key, wrapped.key_version))
}

/// `vigil rotate-key`: a new primary root key; every data key re-wrapped under it while the
/// server keeps serving (it finds the new key file on demand); then older key files removed.
pub async fn rotate_root_key(ctx: &Ctx<'_>) -> Result<(String, usize, Vec<String>), Failure> {
    let internal = |e: crate::crypto::CryptoError| Failure::broken(format!("key rotation: {e}"));
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
