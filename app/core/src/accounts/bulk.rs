//! Inviting a list at once: read it (pasted, or a CSV), preview each line against the
//! accounts there are, and on acceptance make the accounts and queue one invitation each,
//! paced. The mail is written when it goes out, with a link made then (a link waiting in the
//! queue would be a key to an account sitting in the database).
use super::links::{account_email, issue_link, LINK_LIFETIME};
use super::store::{self, NewAccount};
use super::{require_role, Account, AccountStatus, Ctx, FieldErrors, Role, TokenPurpose};
use crate::notifications::jobs::{self, Job, NewJob};
use crate::notifications::wording::AccountMail;
use crate::storage::Db;
use crate::{Core, Failure};
use chrono::{DateTime, Duration, Utc};
pub use vigil_domain::accounts::bulk::*;

/// The queue's job kind for an invitation from a list.
pub const JOB_KIND: &str = "invitation";

/// The list's lines: a line written "Name <address>" is one field (its name may hold a
/// comma); any other line is read as CSV, so a spreadsheet's export works as it is.
pub fn read_list(text: &str) -> Vec<RawLine> {
    let mut lines: Vec<RawLine> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim().trim_start_matches('\u{feff}')))
        .filter(|(_, line)| !line.is_empty())
        .map(|(number, line)| RawLine {
            number,
            typed: line.chars().take(200).collect(),
            fields: if line.ends_with('>') && line.contains('<') {
                vec![line.to_string()]
            } else {
                csv_fields(line)
            },
        })
        .collect();
    if lines.first().is_some_and(|first| is_header(&first.fields)) {
        lines.remove(0);
    }
    lines
}

fn csv_fields(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => record.iter().map(str::to_string).collect(),
        // An unbalanced quote: the line as it is, for the preview to call invalid or not.
        _ => vec![line.to_string()],
    }
}

/// Each line of `text` as new, already a member, repeated or invalid (with why).
pub async fn preview(db: &Db, by: &Account, text: &str) -> Result<Preview, Failure> {
    require_role(by, &[Role::Coordinator])?;
    let lines = read_list(text);
    let addresses: Vec<String> = lines
        .iter()
        .take(MAX_LINES)
        .filter_map(|l| read_entry(&l.fields).ok().map(|(_, email)| email))
        .collect();
    let members = store::existing_emails(db, &addresses).await?;
    Ok(vigil_domain::accounts::bulk::preview(lines, |email| {
        members.contains(email)
    }))
}

/// What a coordinator chose once for the whole list.
pub struct ListInvitation<'a> {
    pub text: &'a str,
    pub roles: Vec<Role>,
    /// The invitations' language; the group's if `None`.
    pub language: Option<&'a str>,
}

/// Invites every new line of the list (checked again now: the preview may be minutes old).
/// Returns the preview it acted on and how many invitations were queued; a second
/// acceptance of the same list finds them members and queues none.
pub async fn invite_list(
    ctx: &Ctx<'_>,
    by: &Account,
    list: ListInvitation<'_>,
    now: DateTime<Utc>,
) -> Result<Result<(Preview, usize), FieldErrors>, Failure> {
    let checked = preview(ctx.db, by, list.text).await?;
    let mut errors = FieldErrors::new();
    super::team::check_roles_and_language(&list.roles, list.language, &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let language = super::team::language_or_group(ctx.db, list.language).await?;
    let invitees: Vec<Invitee<'_>> = checked
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::New)
        .map(|line| Invitee {
            name: &line.name,
            email: &line.email,
            roles: &list.roles,
            language: &language,
        })
        .collect();
    let queued = queue_invitations(ctx, by, &invitees, now).await?;
    tracing::info!(by = by.id, queued, "list invited");
    Ok(Ok((checked, queued)))
}

/// Someone to invite, with what they are invited as.
pub(super) struct Invitee<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub roles: &'a [Role],
    pub language: &'a str,
}

/// Makes an invited account for each address that has none and queues its invitation,
/// paced (a bulk list and an approved batch of join requests go out the same way). Returns
/// how many were queued: an address taken meanwhile is skipped.
pub(super) async fn queue_invitations(
    ctx: &Ctx<'_>,
    by: &Account,
    invitees: &[Invitee<'_>],
    now: DateTime<Utc>,
) -> Result<usize, Failure> {
    // Spread over time, so a mail provider never sees a burst from a new sender.
    let gap = Duration::milliseconds(60_000 / i64::from(ctx.config.invitations_per_minute.max(1)));
    let mut queued = Vec::new();
    for invitee in invitees {
        let new = NewAccount {
            email: invitee.email,
            display_name: invitee.name,
            roles: invitee.roles,
            status: AccountStatus::Invited,
            invited_by: Some(by.id),
            language: invitee.language,
        };
        // Taken since the preview (another coordinator, the same list twice): skipped.
        let Some(id) = store::insert(ctx.db, new, now).await? else {
            continue;
        };
        queued.push(NewJob {
            kind: JOB_KIND.into(),
            idempotency_key: format!("invitation:{id}"),
            entity: Some(format!("account:{id}")),
            account_id: Some(id),
            payload: serde_json::json!({ "by": by.name() }),
            run_at: now + gap * queued.len() as i32,
        });
    }
    jobs::schedule_all(ctx.db, &queued, now).await?;
    Ok(queued.len())
}

/// The worker's half: sends one queued invitation, if the account is still waiting for it.
pub async fn send_queued(state: &Core, job: &Job, now: DateTime<Utc>) -> Result<(), Failure> {
    let ctx = state.accounts_ctx();
    let account = match job.account_id {
        Some(id) => store::get(ctx.db, id).await?.map(|(a, _)| a),
        None => None,
    };
    // Signed in some other way since, deactivated or deleted: nothing to send.
    let Some(account) = account.filter(|a| a.status == AccountStatus::Invited) else {
        jobs::mark_done(ctx.db, job.id, now).await?;
        return Ok(());
    };
    let by = job.payload["by"].as_str().unwrap_or_default().to_string();
    let link = issue_link(
        &ctx,
        TokenPurpose::Invite,
        Some(account.id),
        LINK_LIFETIME,
        now,
    )
    .await?;
    let mail = AccountMail::Invitation {
        by,
        language: account.language.clone(),
    };
    let email = account_email(&ctx, &mail, &account.email, &link);
    match ctx.mailer.send(&ctx.config.mail_from, email).await {
        Ok(()) => {
            jobs::mark_done(ctx.db, job.id, Utc::now()).await?;
            tracing::info!(job = job.id, account = account.id, "invitation sent");
        }
        Err(err) => {
            tracing::warn!(job = job.id, attempt = job.attempts, error = %err, "invitation not sent; will retry");
            let why = "could not send the email (mail server unavailable?)";
            jobs::mark_failed(ctx.db, job, why, Utc::now()).await?;
        }
    }
    Ok(())
}
