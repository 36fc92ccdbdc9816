//! "Invite a list": paste addresses or upload a CSV, choose the roles once, see what will
//! happen to each line, then accept. The preview is the page rendered again by the POST
//! handler (`forms::invite_list`), so it works without JavaScript.
use super::api::group_language;
use super::bulk::{Line, LineStatus, Preview, MAX_LINES};
use super::pages::{language_options, RoleChoices};
use super::Role;
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextArea};
use crate::i18n::use_lang;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{Loaded, RequireRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InviteList() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    view! {
        <Title text=t!(lang, accounts.invite_list.title) />
        <h1>{t!(lang, accounts.invite_list.heading)}</h1>
        {move || query.with(|q| q.get("sent")).and_then(|n| n.parse::<i64>().ok()).map(|n| view! {
            <p class="notice" role="status">{tn!(lang, accounts.invite_list.sent, n)} " "
                <a href=routes::TEAM>{t!(lang, accounts.team.heading)}</a></p>
        })}
        <RequireRole role=Role::Coordinator render=move |_, ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::TEAM_INVITE_LIST).unwrap_or_default();
            let group = Resource::new(|| (), |_| group_language());
            view! {
                <Loaded data=group let:code>
                    <ListForm echo=echo.clone() group=code.clone() />
                    {echo.value("preview")
                        .and_then(|json| serde_json::from_str::<Preview>(&json).ok())
                        .map(|preview| view! { <PreviewPart preview echo=echo.clone() /> })}
                </Loaded>
            }
        } />
    }
}

#[component]
fn ListForm(echo: FormEcho, group: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <PostForm action=routes::TEAM_INVITE_LIST echo class="card" enctype="multipart/form-data">
            <p class="hint">{t!(lang, accounts.invite_list.intro)}</p>
            <TextArea name="list" label=t!(lang, accounts.invite_list.list_label) rows=8 />
            <div class="field">
                <label for="f-file">{t!(lang, accounts.invite_list.file_label)}</label>
                <input id="f-file" type="file" name="file" accept=".csv,text/csv,text/plain" />
            </div>
            <RoleChoices coordinator=true />
            <SelectField name="language" label=t!(lang, accounts.team.language_label)
                hint=t!(lang, accounts.team.language_hint) options=language_options() selected=group />
            <Hidden name="go" value="preview" />
            <SubmitButton label=t!(lang, accounts.invite_list.preview) class="secondary" />
        </PostForm>
    }
}

/// What will happen to each line, and the one button that sends (the list, roles and
/// language go back with it as they were previewed).
#[component]
fn PreviewPart(preview: Preview, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    if let Some(lines) = preview.too_long {
        return view! {
            <p class="form-error" role="alert">{t!(lang, accounts.invite_list.too_long, lines = lines, max = MAX_LINES)}</p>
        }
        .into_any();
    }
    let counts = t!(
        lang,
        accounts.invite_list.counts,
        new = preview.new_count(),
        members = preview.member_count(),
        repeated = preview.repeated_count(),
        invalid = preview.invalid_count()
    );
    let new = preview.new_count();
    let roles: Vec<String> = echo
        .values
        .iter()
        .filter(|(k, _)| k == "roles")
        .map(|(_, v)| v.clone())
        .collect();
    view! {
        <section class="card" aria-labelledby="preview-h">
            <h2 id="preview-h">{t!(lang, accounts.invite_list.preview_heading)}</h2>
            <p role="status" id="list-counts">{counts}</p>
            <table class="preview">
                <thead><tr>
                    <th scope="col">{t!(lang, accounts.invite_list.line)}</th>
                    <th scope="col">{t!(lang, accounts.invite_list.as_typed)}</th>
                    <th scope="col">{t!(lang, accounts.invite_list.what)}</th>
                </tr></thead>
                <tbody>{preview.lines.into_iter().map(|line| view! { <LineRow line /> }).collect_view()}</tbody>
            </table>
            {if new == 0 {
                view! { <p>{t!(lang, accounts.invite_list.nothing_new)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=routes::TEAM_INVITE_LIST>
                        <Hidden name="list" value=echo.value("list").unwrap_or_default() />
                        {roles.into_iter().map(|r| view! { <input type="hidden" name="roles" value=r /> }).collect_view()}
                        <Hidden name="language" value=echo.value("language").unwrap_or_default() />
                        <Hidden name="go" value="send" />
                        <SubmitButton label=tn!(lang, accounts.invite_list.send, new as i64) />
                    </form>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn LineRow(line: Line) -> impl IntoView {
    let lang = use_lang();
    let (class, what) = match &line.status {
        LineStatus::New => ("line-new", t!(lang, accounts.invite_list.new).to_string()),
        LineStatus::Member => (
            "line-member",
            t!(lang, accounts.invite_list.member).to_string(),
        ),
        LineStatus::Repeated(first) => (
            "line-repeated",
            t!(lang, accounts.invite_list.repeated, line = first).to_string(),
        ),
        LineStatus::Invalid(why) => ("line-invalid", say_refusal(lang, *why)),
    };
    view! {
        <tr class=class>
            <td>{line.number}</td>
            <td>{line.typed}</td>
            <td>{what}</td>
        </tr>
    }
}

/// Refusals are worded on the server only (this page is rendered there; the browser build
/// has no refusal words to carry).
#[cfg(feature = "ssr")]
fn say_refusal(lang: crate::i18n::Lang, why: super::Refusal) -> String {
    crate::kernel::refusals::say(lang, &why.into())
}

#[cfg(not(feature = "ssr"))]
fn say_refusal(_: crate::i18n::Lang, _: super::Refusal) -> String {
    String::new()
}
