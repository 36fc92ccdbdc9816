//! The account forms' POST handlers (they work without JavaScript): validate, act, then
//! redirect on success or render the same page again with the person's input and what to fix.
use super::pages::TEAM_LANGUAGE;
use super::service::{self, Ctx, Invitation, ProfileUpdate};
use super::session;
use super::Role;
use crate::forms::{
    on_page, read_form, reject, reject_fields, reject_with_error, see, FormEcho, FormOutcome,
    Posted,
};
use crate::i18n::Lang;
use crate::kernel::{account_of, Actor};
use crate::routes;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use http::request::Parts;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_sessions::Session;
use vigil_domain::Refusal;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(routes::SIGN_IN, post(sign_in))
        .route(routes::MAGIC_LINK, post(use_link))
        .route(routes::SETUP, post(setup))
        .route(routes::SIGN_OUT, post(sign_out))
        .route(routes::PROFILE, post(profile))
        .route(routes::TEAM, post(invite))
        .route(routes::TEAM_INVITE_LIST, post(invite_list))
        .route(TEAM_LANGUAGE, post(set_group_language))
        .merge(super::join_forms::routes())
}

/// The asking client's address, for per-IP limits (behind a proxy, as the proxy says).
pub(super) fn client_ip(state: &AppState, req: &Request) -> IpAddr {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    state.config.client_ip(peer, forwarded)
}

fn ctx(state: &AppState) -> Ctx<'_> {
    state.accounts_ctx()
}

async fn sign_in(State(state): State<AppState>, req: Request) -> Response {
    let ip = client_ip(&state, &req);
    let (parts, form) = read_form(req).await;
    let echo = form.echo(routes::SIGN_IN, &[]);
    match service::request_sign_in(
        &ctx(&state),
        &state.limits,
        form.get("email"),
        ip,
        Utc::now(),
    )
    .await
    {
        Ok(()) => Redirect::to(routes::SIGN_IN_SENT).into_response(),
        // A mistyped address is shown beside the field it was typed in.
        Err(vigil_core::Failure::Refused(refusal @ Refusal::Accounts(_))) => {
            reject_fields(&state, parts, echo, vec![("email", refusal)]).await
        }
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

async fn signed_in(
    state: &AppState,
    session: &Session,
    parts: Parts,
    echo: FormEcho,
    account: &super::Account,
    epoch: i64,
) -> Response {
    match session::sign_in(session, account, epoch).await {
        Ok(()) => Redirect::to(routes::DASHBOARD).into_response(),
        Err(err) => reject_with_error(state, parts, echo, err).await,
    }
}

async fn use_link(
    State(state): State<AppState>,
    session: Session,
    Posted(parts, form): Posted,
) -> Response {
    let echo = FormEcho::new(routes::MAGIC_LINK);
    match service::use_link(&state.db, form.get("token"), Utc::now()).await {
        Ok((account, epoch)) => signed_in(&state, &session, parts, echo, &account, epoch).await,
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

async fn setup(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Posted(parts, form): Posted,
) -> Response {
    // The token stays in the echo: the re-rendered form needs it (the address has none).
    let echo = form.echo(routes::SETUP, &[]);
    let result = service::complete_setup(
        &state.db,
        form.get("token"),
        form.get("display_name"),
        form.get("email"),
        lang.code(),
        Utc::now(),
    )
    .await;
    match result {
        Ok(Ok((account, epoch))) => signed_in(&state, &session, parts, echo, &account, epoch).await,
        Ok(Err(errors)) => reject_fields(&state, parts, echo, errors).await,
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

async fn sign_out(
    State(state): State<AppState>,
    session: Session,
    Posted(parts, form): Posted,
) -> Response {
    if form.get("everywhere") == "1" {
        if let Some(account) = account_of(&parts) {
            if let Err(err) = service::sign_out_everywhere(&state.db, &account).await {
                return reject_with_error(&state, parts, FormEcho::new(routes::SIGN_OUT), err)
                    .await;
            }
            tracing::info!(account = account.id, "signed out everywhere");
        }
    }
    session::sign_out(&session).await;
    Redirect::to(&format!("{}?signed_out=1", routes::SIGN_IN)).into_response()
}

async fn profile(
    Actor(account): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::PROFILE, &[]);
    let update = ProfileUpdate {
        display_name: form.get("display_name"),
        email: form.get("email"),
        languages: form.get("languages"),
    };
    let result = service::update_profile(&ctx(&state), &account, update, Utc::now()).await;
    // The language Vigil uses with them, once the rest is saved (an unknown code keeps theirs).
    let result = match (result, Lang::from_code(form.get("language"))) {
        (Ok(Ok(saved)), Some(chosen)) => {
            service::set_language(&state.db, &account, chosen.code(), Utc::now())
                .await
                .map(|()| Ok(saved))
        }
        (result, _) => result,
    };
    FormOutcome::of(result, |saved| match saved {
        service::ProfileSaved::Saved => routes::done(routes::PROFILE, "saved"),
        service::ProfileSaved::ConfirmationSent => routes::done(routes::PROFILE, "email"),
    })
    .answer(&state, parts, echo)
    .await
}

async fn invite(
    Actor(account): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(routes::TEAM, &[]);
    let invitation = Invitation {
        email: form.get("email"),
        display_name: form.get("display_name"),
        roles: form
            .all("roles")
            .into_iter()
            .filter_map(Role::from_key)
            .collect(),
        language: Lang::from_code(form.get("language")).map(|l| l.code()),
    };
    let result = service::invite(&ctx(&state), &account, invitation, Utc::now()).await;
    FormOutcome::of(result, |_| routes::done(routes::TEAM, "invited"))
        .answer(&state, parts, echo)
        .await
}

/// The largest list taken (500 lines of names and addresses is well under this).
const MAX_LIST_BYTES: usize = 256 * 1024;

/// "Invite a list": `go=preview` renders the page again with each line's fate; `go=send`
/// (from the preview) makes the accounts and queues the invitations.
async fn invite_list(
    Actor(account): Actor,
    State(state): State<AppState>,
    lang: Lang,
    req: Request,
) -> Response {
    let (parts, form) = crate::forms::read_upload(lang, req, MAX_LIST_BYTES, "upload").await;
    let form = match form {
        Ok(form) => form,
        Err(message) => {
            let echo = FormEcho::new(routes::TEAM_INVITE_LIST).with_error(message);
            return reject(&state, parts, echo, http::StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    // The file's lines join what was pasted; from here on they are one list.
    let list = [form.get("list"), form.get("upload")]
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut echo = form.echo(
        routes::TEAM_INVITE_LIST,
        &["list", "upload", "preview", "go"],
    );
    echo.values.push(("list".into(), list.clone()));
    let result = if form.get("go") == "send" {
        let invitation = service::bulk::ListInvitation {
            text: &list,
            roles: form
                .all("roles")
                .into_iter()
                .filter_map(Role::from_key)
                .collect(),
            language: Lang::from_code(form.get("language")).map(|l| l.code()),
        };
        service::bulk::invite_list(&ctx(&state), &account, invitation, Utc::now())
            .await
            .map(|r| r.map(|(_, sent)| Some(sent)))
    } else {
        service::bulk::preview(&state.db, &account, &list)
            .await
            .map(|preview| {
                serde_json::to_string(&preview)
                    .map(|json| echo.values.push(("preview".into(), json)))
                    .ok();
                Ok(None)
            })
    };
    match result {
        Ok(Ok(Some(sent))) => see(format!("{}?sent={sent}", routes::TEAM_INVITE_LIST)),
        Ok(Ok(None)) => reject(&state, parts, echo, http::StatusCode::OK).await,
        Ok(Err(fields)) => reject_fields(&state, parts, echo, fields).await,
        Err(err) => reject_with_error(&state, parts, echo, err).await,
    }
}

/// A coordinator sets the language new invitations are written in (the team page's form).
async fn set_group_language(
    Actor(account): Actor,
    State(state): State<AppState>,
    Posted(parts, form): Posted,
) -> Response {
    let echo = form.echo(TEAM_LANGUAGE, &[]);
    // A rejected form is shown on the team page, not at the action's own address.
    let parts = on_page(parts, routes::TEAM);
    let outcome = match Lang::from_code(form.get("language")) {
        Some(chosen) => FormOutcome::of_action(
            service::set_group_language(&state.db, &account, chosen.code(), Utc::now()).await,
            |()| routes::done(routes::TEAM, "language"),
        ),
        None => FormOutcome::Fix(vec![(
            "language",
            vigil_domain::accounts::Refusal::ChooseLanguage.into(),
        )]),
    };
    outcome.answer(&state, parts, echo).await
}
