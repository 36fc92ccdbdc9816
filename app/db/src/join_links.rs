//! SQL for join links and the requests they take. A request is deleted once decided (an
//! approval leaves an invited account, a decline nothing) or after two weeks undecided.
use crate::{Db, Error};
use chrono::{DateTime, Utc};
use vigil_domain::accounts::join::{JoinLink, JoinRequest};
use vigil_domain::accounts::Role;

const LINK_SELECT: &str =
    "SELECT l.id, COALESCE(a.display_name, '') AS made_by, l.created_at, l.expires_at, l.cap,
          l.requests, l.is_volunteer, l.is_accompanier, l.language, l.revoked_at
   FROM join_links l LEFT JOIN accounts a ON a.id = l.created_by";

fn link_of(r: &crate::Row) -> Result<JoinLink, sqlx::Error> {
    let mut roles = Vec::new();
    if r.try_get::<bool, _>("is_volunteer")? {
        roles.push(Role::Volunteer);
    }
    if r.try_get::<bool, _>("is_accompanier")? {
        roles.push(Role::Accompanier);
    }
    Ok(JoinLink {
        id: r.try_get("id")?,
        made_by: r.try_get("made_by")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        cap: r.try_get("cap")?,
        requests: r.try_get("requests")?,
        roles,
        language: r.try_get("language")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

pub struct NewLink<'a> {
    pub token_hash: &'a str,
    pub created_by: i64,
    pub roles: &'a [Role],
    pub language: Option<&'a str>,
    pub expires_at: Option<DateTime<Utc>>,
    pub cap: Option<i64>,
}

pub async fn insert_link(db: &Db, new: NewLink<'_>, now: DateTime<Utc>) -> Result<i64, Error> {
    Ok(crate::query_scalar(
        "INSERT INTO join_links (token_hash, created_by, created_at, expires_at, cap, is_volunteer, is_accompanier, language)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.token_hash)
    .bind(new.created_by)
    .bind(now)
    .bind(new.expires_at)
    .bind(new.cap)
    .bind(new.roles.contains(&Role::Volunteer))
    .bind(new.roles.contains(&Role::Accompanier))
    .bind(new.language)
    .fetch_one(db)
    .await?)
}

/// Links still open, and those closed in the last `since` (newest first).
pub async fn links(db: &Db, since: DateTime<Utc>) -> Result<Vec<JoinLink>, Error> {
    let rows = crate::query(format!(
        "{LINK_SELECT} WHERE l.revoked_at IS NULL OR l.revoked_at > ? ORDER BY l.created_at DESC, l.id DESC"
    ))
    .bind(since)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(link_of)
        .collect::<Result<_, _>>()
        .map_err(Error::from)
}

pub async fn link(db: &Db, id: i64) -> Result<Option<JoinLink>, Error> {
    let row = crate::query(format!("{LINK_SELECT} WHERE l.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(link_of).transpose()?)
}

pub async fn link_by_hash(db: &Db, token_hash: &str) -> Result<Option<JoinLink>, Error> {
    let row = crate::query(format!("{LINK_SELECT} WHERE l.token_hash = ?"))
        .bind(token_hash)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(link_of).transpose()?)
}

pub async fn revoke_link(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
    let done =
        crate::query("UPDATE join_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewRequest<'a> {
    pub link_id: i64,
    pub display_name: &'a str,
    pub email: &'a str,
    pub voucher: &'a str,
}

/// Files a request; `false` when the link is closed (revoked, expired or full). Asking
/// again from the same address updates the request and takes no more of the cap. The slot
/// is taken in one statement, so two servers can't both take a full link's last one.
pub async fn add_request(db: &Db, new: NewRequest<'_>, now: DateTime<Utc>) -> Result<bool, Error> {
    let updated = crate::query(
        "UPDATE join_requests SET display_name = ?, voucher = ? WHERE link_id = ? AND email = ?",
    )
    .bind(new.display_name)
    .bind(new.voucher)
    .bind(new.link_id)
    .bind(new.email)
    .execute(db)
    .await?;
    if updated.rows_affected() == 1 {
        return Ok(true);
    }
    let slot = crate::query(
        "UPDATE join_links SET requests = requests + 1
         WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
           AND (cap IS NULL OR requests < cap)",
    )
    .bind(new.link_id)
    .bind(now)
    .execute(db)
    .await?;
    if slot.rows_affected() == 0 {
        return Ok(false);
    }
    crate::query(
        "INSERT INTO join_requests (link_id, display_name, email, voucher, created_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (link_id, email) DO UPDATE SET display_name = excluded.display_name, voucher = excluded.voucher",
    )
    .bind(new.link_id)
    .bind(new.display_name)
    .bind(new.email)
    .bind(new.voucher)
    .bind(now)
    .execute(db)
    .await?;
    Ok(true)
}

/// Requests waiting for a decision, oldest first; `member` says whether the address has an
/// account already.
pub async fn pending(db: &Db) -> Result<Vec<JoinRequest>, Error> {
    let rows = crate::query(
        "SELECT r.id, r.link_id, r.display_name, r.email, r.voucher, r.created_at,
                EXISTS (SELECT 1 FROM accounts a WHERE a.email = r.email) AS member
         FROM join_requests r ORDER BY r.created_at, r.id",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(JoinRequest {
                id: r.try_get("id")?,
                link_id: r.try_get("link_id")?,
                display_name: r.try_get("display_name")?,
                email: r.try_get("email")?,
                voucher: r.try_get("voucher")?,
                created_at: r.try_get("created_at")?,
                member: r.try_get("member")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::from)
}

/// Deletes the decided requests (by id); returns how many there were.
pub async fn delete_requests(db: &Db, ids: &[i64]) -> Result<u64, Error> {
    let mut deleted = 0;
    for chunk in ids.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut query = crate::query(format!("DELETE FROM join_requests WHERE id IN ({marks})"));
        for id in chunk {
            query = query.bind(*id);
        }
        deleted += query.execute(db).await?.rows_affected();
    }
    Ok(deleted)
}

/// Forgets requests nobody decided on before `before`.
pub async fn delete_stale_requests(db: &Db, before: DateTime<Utc>) -> Result<u64, Error> {
    Ok(
        crate::query("DELETE FROM join_requests WHERE created_at < ?")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
