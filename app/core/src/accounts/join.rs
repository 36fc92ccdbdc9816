//! Join links: made and revoked by coordinators, opened by anyone who has one. A request
//! answers the same whether or not the address is a member; only coordinators learn that.
//! Approving invites through the same paced queue as a bulk list; declining forgets.
use super::bulk::{queue_invitations, Invitee};
use super::links::RateLimits;
use super::{require_role, tokens, Account, Ctx, FieldErrors, Role};
use crate::storage::Db;
use crate::Failure;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
pub use vigil_db::join_links as store;
pub use vigil_domain::accounts::join::*;

/// Closed links stay listed this long after they close, so a coordinator sees what happened.
const CLOSED_LINKS_SHOWN: Duration = Duration::days(7);

/// Makes a link; returns its address, shown once (only its hash is kept).
pub async fn make_link(
    ctx: &Ctx<'_>,
    by: &Account,
    terms: LinkTerms,
    now: DateTime<Utc>,
) -> Result<Result<String, FieldErrors>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    let errors = check_terms(&terms);
    if !errors.is_empty() {
        return Ok(Err(errors
            .into_iter()
            .map(|(f, r)| (f, r.into()))
            .collect()));
    }
    let (token, hash) = tokens::new_token();
    let new = store::NewLink {
        token_hash: &hash,
        created_by: by.id,
        roles: &terms.roles,
        language: terms.language.as_deref(),
        expires_at: terms.expires_in_days.map(|days| now + Duration::days(days)),
        cap: terms.cap,
    };
    let id = store::insert_link(ctx.db, new, now).await?;
    tracing::info!(link = id, by = by.id, "join link made");
    Ok(Ok(ctx
        .config
        .link(&format!("{}{token}", crate::paths::JOIN_PREFIX))))
}

/// The links open now and those closed in the last week.
pub async fn links(db: &Db, by: &Account, now: DateTime<Utc>) -> Result<Vec<JoinLink>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    Ok(store::links(db, now - CLOSED_LINKS_SHOWN).await?)
}

pub async fn revoke_link(
    db: &Db,
    by: &Account,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    require_role(by, &[Role::Coordinator])?;
    store::link(db, id).await?.ok_or(Failure::NotFound)?;
    if store::revoke_link(db, id, now).await? {
        tracing::info!(link = id, by = by.id, "join link revoked");
    }
    Ok(())
}

/// Whether the link takes requests (for its page, before anyone types). An unknown token
/// reads as revoked: the page says the same for both.
pub async fn link_state(db: &Db, token: &str, now: DateTime<Utc>) -> Result<LinkState, Failure> {
    Ok(store::link_by_hash(db, &tokens::hash_token(token))
        .await?
        .map_or(LinkState::Revoked, |link| link.state(now)))
}

/// What someone typed on a join link's page.
pub struct JoinAsk<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub voucher: &'a str,
}

/// What became of a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Asked {
    /// Filed for a coordinator (or, for a member's address, answered as if it were).
    Filed,
    /// The link is revoked, expired, full or unknown.
    Closed,
}

/// Someone asks to join through a link. Limited per IP; the answer never depends on
/// whether the address is a member.
pub async fn ask_to_join(
    db: &Db,
    limits: &RateLimits,
    token: &str,
    ask: JoinAsk<'_>,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<Result<Asked, FieldErrors>, Failure> {
    if limits.join_per_ip.check_key(&ip).is_err() {
        return Err(Failure::RateLimited);
    }
    let Some(link) = store::link_by_hash(db, &tokens::hash_token(token)).await? else {
        return Ok(Ok(Asked::Closed));
    };
    if link.state(now) != LinkState::Open {
        return Ok(Ok(Asked::Closed));
    }
    let mut errors = FieldErrors::new();
    let name = super::validate_display_name(ask.display_name)
        .map_err(|e| errors.push(("display_name", e.into())))
        .ok();
    let email = super::validate_email(ask.email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok();
    let voucher = validate_voucher(ask.voucher)
        .map_err(|e| errors.push(("voucher", e.into())))
        .ok();
    let (Some(name), Some(email), Some(voucher)) = (name, email, voucher) else {
        return Ok(Err(errors));
    };
    let new = store::NewRequest {
        link_id: link.id,
        display_name: &name,
        email: &email,
        voucher: &voucher,
    };
    if !store::add_request(db, new, now).await? {
        return Ok(Ok(Asked::Closed));
    }
    tracing::info!(link = link.id, "join request filed");
    Ok(Ok(Asked::Filed))
}

/// Requests waiting for a decision, oldest first.
pub async fn pending(db: &Db, by: &Account) -> Result<Vec<JoinRequest>, Failure> {
    require_role(by, &[Role::Coordinator])?;
    Ok(store::pending(db).await?)
}

/// Which requests a decision is about.
pub enum Which {
    One(i64),
    All,
}

/// Approves requests: each address without an account is invited, paced, with its link's
/// roles and language; the requests are then forgotten. Returns how many were invited.
pub async fn approve(
    ctx: &Ctx<'_>,
    by: &Account,
    which: Which,
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    let chosen = chosen(ctx.db, by, which).await?;
    let mut links = HashMap::new();
    for request in &chosen {
        if let std::collections::hash_map::Entry::Vacant(slot) = links.entry(request.link_id) {
            if let Some(link) = store::link(ctx.db, request.link_id).await? {
                slot.insert(link);
            }
        }
    }
    let group_language = super::group_language(ctx.db).await?;
    let invitees: Vec<Invitee<'_>> = chosen
        .iter()
        .filter(|r| !r.member)
        .filter_map(|r| {
            let link = links.get(&r.link_id)?;
            Some(Invitee {
                name: &r.display_name,
                email: &r.email,
                roles: &link.roles,
                language: link.language.as_deref().unwrap_or(&group_language),
            })
        })
        .collect();
    let invited = queue_invitations(ctx, by, &invitees, now).await?;
    forget(ctx.db, &chosen).await?;
    tracing::info!(
        by = by.id,
        requests = chosen.len(),
        invited,
        "join requests approved"
    );
    Ok(invited)
}

/// Declines requests: they are deleted, and no account is made. Returns how many.
pub async fn decline(db: &Db, by: &Account, which: Which) -> Result<usize, Failure> {
    let chosen = chosen(db, by, which).await?;
    forget(db, &chosen).await?;
    tracing::info!(
        by = by.id,
        requests = chosen.len(),
        "join requests declined"
    );
    Ok(chosen.len())
}

async fn chosen(db: &Db, by: &Account, which: Which) -> Result<Vec<JoinRequest>, Failure> {
    let mut all = pending(db, by).await?;
    if let Which::One(id) = which {
        all.retain(|r| r.id == id);
        if all.is_empty() {
            // Decided already (another coordinator, a second tab): nothing to do.
            return Err(Failure::NotFound);
        }
    }
    Ok(all)
}

async fn forget(db: &Db, requests: &[JoinRequest]) -> Result<(), Failure> {
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    store::delete_requests(db, &ids).await?;
    Ok(())
}

/// Forgets requests nobody decided on in two weeks (the hourly tidy).
pub async fn forget_stale(db: &Db, now: DateTime<Utc>) -> Result<u64, Failure> {
    Ok(store::delete_stale_requests(db, now - REQUEST_LIFETIME).await?)
}
