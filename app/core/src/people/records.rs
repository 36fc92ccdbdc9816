//! A person's record: sealed on write, opened field by field for those allowed, and the
//! date it will be forgotten.
use super::*;
use crate::people::PersonForm;

/// Validated input for a person's fields (empty = not kept).
pub struct PersonInput {
    values: Vec<(Field, String)>,
}

impl PersonInput {
    pub fn parse(form: &PersonForm) -> Result<PersonInput, FieldErrors> {
        let mut values = Vec::new();
        let mut errors = FieldErrors::new();
        for field in Field::ALL {
            match validate_field(field, form.value(field)) {
                Ok(v) => values.push((field, v)),
                Err(e) => errors.push((field.column(), e.into())),
            }
        }
        if errors.is_empty() {
            Ok(PersonInput { values })
        } else {
            Err(errors)
        }
    }
}

pub(super) fn place(person_id: i64, field: Field, key_version: u32) -> FieldPlace<'static> {
    FieldPlace {
        table: store::TABLE,
        column: field.column(),
        row_id: person_id,
        key_version,
    }
}

pub(super) fn seal_all(
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

pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Account,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<i64, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let purge_after = now + Duration::days(ctx.retention_days);
    // A rotation may retire the primary between reading it and storing the key: the store
    // refuses such a key (`None`), and the next try reads the new primary.
    for _ in 0..3 {
        let root = ctx
            .keyring
            .primary()
            .map_err(|e| Failure::broken(format!("no root key to wrap a new data key: {e}")))?;
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
    Err(Failure::broken(
        "the primary root key kept changing while a person was created",
    ))
}

pub async fn update(
    ctx: &Ctx<'_>,
    actor: &Account,
    person_id: i64,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(actor, &[Role::Coordinator])?;
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
pub(super) fn open_fields(
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

pub(super) fn view_of(
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
) -> Result<PersonView, Failure> {
    let coordinator = actor.has_role(Role::Coordinator);
    if !coordinator && !store::has_access(ctx.db, person_id, actor.id, now, HELPER_WINDOW).await? {
        tracing::warn!(
            person = person_id,
            account = actor.id,
            "refused: no access to person"
        );
        return Err(Failure::Forbidden);
    }
    let person = store::get(ctx.db, person_id)
        .await?
        .ok_or(Failure::NotFound)?;
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

/// The person's contact, opened to send them the reminders they agreed to (`by`: the
/// coordinator recording that consent, or `None`: the worker sending one). Audited; never
/// shown, and dropped (wiped) by the caller once used.
pub async fn open_contact(
    ctx: &Ctx<'_>,
    by: Option<i64>,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, Failure> {
    let person = store::get(ctx.db, person_id)
        .await?
        .ok_or(Failure::NotFound)?;
    let key = person
        .key
        .as_ref()
        .and_then(|k| unwrap_key(ctx, person_id, k).ok());
    let view = view_of(key.as_ref(), &person, &[Field::Contact], false);
    store::audit(
        ctx.db,
        by,
        &[person_id],
        "contact opened for a reminder",
        now,
    )
    .await?;
    Ok(match view.get(Field::Contact) {
        Some(FieldValue::Value(v)) if !v.trim().is_empty() => Some(v.trim().to_string()),
        _ => None,
    })
}

/// Every person (coordinators), each audited as listed.
pub async fn list(
    ctx: &Ctx<'_>,
    actor: &Account,
    now: DateTime<Utc>,
) -> Result<Vec<PersonView>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
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
) -> Result<Result<(), Refusal>, Failure> {
    require_role(actor, &[Role::Coordinator])?;
    let Ok(day) = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        return Ok(Err(Refusal::NotADate));
    };
    let at = day
        .and_hms_opt(23, 59, 59)
        .map(|t| t.and_utc())
        .ok_or_else(|| Failure::broken("the end of a day is not a time"))?;
    if at < now {
        return Ok(Err(Refusal::ForgetInPast));
    }
    if at > now + Duration::days(366) {
        return Ok(Err(Refusal::ForgetTooFar));
    }
    store::set_purge_after(ctx.db, person_id, at, now).await?;
    Ok(Ok(()))
}

/// How far ahead an event (a hearing, a next date) may be entered. Each event keeps its
/// person until `retention_days` after it, so without a bound a mistyped or hostile year 9999
/// would keep someone for ever.
pub const FURTHEST_AHEAD: Duration = Duration::days(731);

/// The field error for an event date beyond `FURTHEST_AHEAD`, if it is.
pub fn too_far_ahead(at: DateTime<Utc>, now: DateTime<Utc>) -> Option<Refusal> {
    (at > now + FURTHEST_AHEAD).then_some(Refusal::TooFarAhead)
}
