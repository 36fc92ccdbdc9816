//! Join links, on both sides: the coordinators' page (`/team/join`: make, revoke, and decide
//! on requests) and the public page a link opens (`/join/{token}`), which asks for a name,
//! an address and who vouches for them. Plain forms (`forms::join`), no JavaScript needed.
use super::api::group_language;
use super::join::{JoinLink, JoinRequest, LinkState, MAX_CAP, MAX_EXPIRY_DAYS};
use super::pages::{language_options, RoleChoices};
use super::Role;
use crate::error::AppError;
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextField};
use crate::i18n::{dates, use_lang, Lang};
use crate::kernel::{Label, PageContext};
use crate::routes;
use crate::shell::{Loaded, RequireRole, WithPage};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {crate::error::or_fail, crate::kernel::require, crate::state::app_state};

/// The coordinators' view: the links and the requests waiting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinPageData {
    pub links: Vec<JoinLink>,
    pub requests: Vec<JoinRequest>,
    pub now: DateTime<Utc>,
}

#[server(prefix = "/api", endpoint = "team/join")]
pub async fn join_overview() -> Result<JoinPageData, AppError> {
    let by = require(Some(Role::Coordinator))?;
    let db = &app_state()?.db;
    let now = Utc::now();
    let links = or_fail(super::service::join::links(db, &by, now).await)?;
    let requests = or_fail(super::service::join::pending(db, &by).await)?;
    Ok(JoinPageData {
        links,
        requests,
        now,
    })
}

/// Whether a join link takes requests: for its page, before anyone types.
#[server(prefix = "/api", endpoint = "join-link-open")]
pub async fn join_link_open(token: String) -> Result<bool, AppError> {
    let db = &app_state()?.db;
    let state = or_fail(super::service::join::link_state(db, &token, Utc::now()).await)?;
    Ok(state == LinkState::Open)
}

/// The page a join link opens.
#[component]
pub fn JoinPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = params
        .with_untracked(|p| p.get("token"))
        .unwrap_or_default();
    let open = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        join_link_open,
    );
    let action = format!("{}{token}", routes::JOIN_PREFIX);
    view! {
        <Title text=t!(lang, accounts.join.title) />
        <h1>{t!(lang, accounts.join.heading)}</h1>
        <Loaded data=open let:open>
            {if open {
                let action = action.clone();
                view! {
                    <WithPage render=move |ctx: PageContext| view! { <AskForm action=action.clone() echo=ctx.echo.unwrap_or_default() /> } />
                }.into_any()
            } else {
                view! { <p class="notice" role="status" id="join-closed">{t!(lang, accounts.join.closed)}</p> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn AskForm(action: String, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p>{t!(lang, accounts.join.intro)}</p>
        <PostForm action echo class="card">
            <TextField name="display_name" label=t!(lang, accounts.join.name_label) required=true autocomplete="name" />
            <TextField name="email" label=t!(lang, accounts.join.email_label) kind="email" required=true autocomplete="email" />
            <TextField name="voucher" label=t!(lang, accounts.join.voucher_label) hint=t!(lang, accounts.join.voucher_hint) required=true />
            <SubmitButton label=t!(lang, accounts.join.submit) />
        </PostForm>
    }
}

/// After a request: the same words whoever asked.
#[component]
pub fn Joined() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.join.title) />
        <h1>{t!(lang, accounts.join.thanks_heading)}</h1>
        <p role="status">{t!(lang, accounts.join.thanks)}</p>
    }
}

fn done_notice(lang: Lang, key: &str, n: i64) -> Option<String> {
    Some(match key {
        "approved" => tn!(lang, accounts.join.approved, n).to_string(),
        "declined" => tn!(lang, accounts.join.declined, n).to_string(),
        "revoked" => t!(lang, accounts.join.revoked).to_string(),
        _ => return None,
    })
}

/// The coordinators' page.
#[component]
pub fn TeamJoin() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let notice = move || {
        query.with(|q| {
            ["approved", "declined", "revoked"]
                .into_iter()
                .find_map(|key| {
                    let n = q.get(key)?.parse::<i64>().ok()?;
                    done_notice(lang, key, n)
                })
        })
    };
    view! {
        <Title text=t!(lang, accounts.join.team_title) />
        <h1>{t!(lang, accounts.join.team_heading)}</h1>
        {move || notice().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <RequireRole role=Role::Coordinator render=move |_, ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::TEAM_JOIN).unwrap_or_default();
            let overview = Resource::new(|| (), |_| join_overview());
            let group = Resource::new(|| (), |_| group_language());
            view! {
                {echo.value("made").map(|link| view! { <MadeLink link /> })}
                <Loaded data=overview let:overview>
                    <Requests requests=overview.requests.clone() />
                    <Links links=overview.links.clone() now=overview.now />
                </Loaded>
                <Loaded data=group let:code>
                    <MakeForm echo=echo.clone() group=code.clone() />
                </Loaded>
            }
        } />
    }
}

/// A new link's address, shown this once (only its hash is kept).
#[component]
fn MadeLink(link: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" aria-labelledby="made-h">
            <h2 id="made-h">{t!(lang, accounts.join.made_heading)}</h2>
            <p class="notice" role="status">{t!(lang, accounts.join.made_hint)}</p>
            <p><input id="made-link" type="text" readonly value=link aria-labelledby="made-h" /></p>
        </section>
    }
}

#[component]
fn Requests(requests: Vec<JoinRequest>) -> impl IntoView {
    let lang = use_lang();
    let count = requests.len();
    view! {
        <section class="card" aria-labelledby="requests-h">
            <h2 id="requests-h">{t!(lang, accounts.join.requests_heading)}</h2>
            {if requests.is_empty() {
                view! { <p>{t!(lang, accounts.join.no_requests)}</p> }.into_any()
            } else {
                view! {
                    <ul class="requests">{requests.into_iter().map(|r| view! { <RequestLine r /> }).collect_view()}</ul>
                    <div class="actions">
                        <Decide go="approve" label=tn!(lang, accounts.join.approve_all, count as i64).to_string() request=None />
                        <Decide go="decline" label=t!(lang, accounts.join.decline_all).to_string() request=None secondary=true />
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RequestLine(r: JoinRequest) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="request">
            <strong>{r.display_name}</strong> " " <span>{r.email}</span>
            {r.member.then(|| view! { " " <span class="tag">{t!(lang, accounts.join.member)}</span> })}
            <br /><span class="muted">{t!(lang, accounts.join.vouches)} " " {r.voucher}</span>
            " " <span class="when">{dates::day(lang, r.created_at.date_naive())}</span>
            <div class="actions">
                <Decide go="approve" label=t!(lang, accounts.join.approve).to_string() request=Some(r.id) />
                <Decide go="decline" label=t!(lang, accounts.join.decline).to_string() request=Some(r.id) secondary=true />
            </div>
        </li>
    }
}

/// One decision button: for one request, or for all when `request` is `None`.
#[component]
fn Decide(
    go: &'static str,
    label: String,
    request: Option<i64>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=routes::TEAM_JOIN class="inline">
            <Hidden name="go" value=go />
            <Hidden name="request" value=request.map_or_else(|| "all".to_string(), |id| id.to_string()) />
            <SubmitButton label class=if secondary { "secondary" } else { "" } />
        </form>
    }
}

#[component]
fn Links(links: Vec<JoinLink>, now: DateTime<Utc>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" aria-labelledby="links-h">
            <h2 id="links-h">{t!(lang, accounts.join.links_heading)}</h2>
            {if links.is_empty() {
                view! { <p>{t!(lang, accounts.join.no_links)}</p> }.into_any()
            } else {
                view! { <ul class="join-links">{links.into_iter().map(|l| view! { <LinkLine l now /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn LinkLine(l: JoinLink, now: DateTime<Utc>) -> impl IntoView {
    let lang = use_lang();
    let state = l.state(now);
    let roles = l
        .roles
        .iter()
        .map(|r| r.label(lang).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let made = t!(
        lang,
        accounts.join.made_by,
        who = l.made_by,
        day = dates::day(lang, l.created_at.date_naive())
    );
    let expires = l.expires_at.map(|at| {
        t!(
            lang,
            accounts.join.expires,
            day = dates::day(lang, at.date_naive())
        )
        .to_string()
    });
    let taken = match l.cap {
        Some(cap) => t!(lang, accounts.join.taken_of, n = l.requests, cap = cap).to_string(),
        None => t!(lang, accounts.join.taken, n = l.requests).to_string(),
    };
    let status = match state {
        LinkState::Open => t!(lang, accounts.join.state.open),
        LinkState::Revoked => t!(lang, accounts.join.state.revoked),
        LinkState::Expired => t!(lang, accounts.join.state.expired),
        LinkState::Full => t!(lang, accounts.join.state.full),
    };
    view! {
        <li class="join-link">
            <strong>{status}</strong> " · " {roles} " · " {made}
            {expires.map(|e| view! { " · " {e} })} " · " {taken}
            {(state == LinkState::Open).then(|| view! {
                <form method="post" action=routes::TEAM_JOIN class="inline">
                    <Hidden name="go" value="revoke" />
                    <Hidden name="link" value=l.id.to_string() />
                    <SubmitButton label=t!(lang, accounts.join.revoke) class="secondary" />
                </form>
            })}
        </li>
    }
}

#[component]
fn MakeForm(echo: FormEcho, group: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" aria-labelledby="make-h">
            <h2 id="make-h">{t!(lang, accounts.join.make_heading)}</h2>
            <p class="hint">{t!(lang, accounts.join.make_intro)}</p>
            <PostForm action=routes::TEAM_JOIN echo>
                <RoleChoices coordinator=false />
                <SelectField name="language" label=t!(lang, accounts.team.language_label)
                    hint=t!(lang, accounts.team.language_hint) options=language_options() selected=group />
                <TextField name="expires_in_days" kind="number" label=t!(lang, accounts.join.expiry_label)
                    hint=t!(lang, accounts.join.expiry_hint, max = MAX_EXPIRY_DAYS) />
                <TextField name="cap" kind="number" label=t!(lang, accounts.join.cap_label)
                    hint=t!(lang, accounts.join.cap_hint, max = MAX_CAP) />
                <Hidden name="go" value="make" />
                <SubmitButton label=t!(lang, accounts.join.make) />
            </PostForm>
        </section>
    }
}
