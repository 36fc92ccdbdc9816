//! Account pages: sign-in, magic links, first-run setup, profile and the team list.
use super::api::{
    group_language, link_status, list_team, LinkKind, SetAccountActive, SetQualification,
};
use super::{Account, AccountStatus, Role};
use crate::forms::{
    CheckBox, FormEcho, GroupError, Hidden, PostForm, SelectField, SubmitButton, TextField,
};
use crate::i18n::{use_lang, Lang};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, ErrorNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where the team page's form for the group's language posts.
pub const TEAM_LANGUAGE: &str = "/team/language";

fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(match code {
        "saved" => t!(lang, accounts.done.saved).into(),
        "email" => t!(lang, accounts.done.email).into(),
        "invited" => t!(lang, accounts.done.invited).into(),
        "language" => t!(lang, accounts.done.language).into(),
        "code_sent" => t!(lang, accounts.done.code_sent).into(),
        "verified" => t!(lang, accounts.done.verified).into(),
        "phone_removed" => t!(lang, accounts.done.phone_removed).into(),
        _ => return None,
    })
}

/// Every language Vigil speaks, each named in itself (`code`, name).
pub(super) fn language_options() -> Vec<(String, String)> {
    Lang::ALL
        .iter()
        .map(|l| (l.code().to_string(), t!(*l, language.name).to_string()))
        .collect()
}

fn query(name: &'static str) -> Memo<Option<String>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name)))
}

#[component]
fn SignInForm(#[prop(optional)] ctx: Option<PageContext>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <PostForm action=routes::SIGN_IN echo=ctx.and_then(|c| c.echo).unwrap_or_default()>
            <TextField name="email" label=t!(lang, accounts.sign_in.email_label) kind="email" required=true autocomplete="email"
                hint=t!(lang, accounts.sign_in.email_hint) />
            <SubmitButton label=t!(lang, accounts.sign_in.submit) />
        </PostForm>
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let signed_out = query("signed_out");
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.sign_in.title) />
        <h1>{t!(lang, accounts.sign_in.heading)}</h1>
        {move || signed_out.get().map(|_| view! { <p class="notice" role="status">{t!(lang, accounts.sign_in.signed_out)}</p> })}
        <WithPage render=|ctx: PageContext| view! { <SignInForm ctx /> } />
        <p class="muted">{t!(lang, accounts.sign_in.invite_only)}</p>
    }
}

#[component]
pub fn SignInSent() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.sent.title) />
        <h1>{t!(lang, accounts.sent.heading)}</h1>
        <p>{t!(lang, accounts.sent.text)}</p>
        <p class="muted">{t!(lang, accounts.sent.retry_before)}
            <a href=routes::SIGN_IN>{t!(lang, accounts.sent.retry_link)}</a>{t!(lang, accounts.sent.retry_after)}</p>
    }
}

/// The page a magic link opens. Nothing is used until the person presses the button (a POST):
/// mail scanners that prefetch links can't sign anyone in or burn the link.
#[component]
pub fn MagicLink() -> impl IntoView {
    let token = query("token");
    let lang = use_lang();
    let status = Resource::new(
        move || token.get(),
        |token| async move {
            match token {
                Some(t) => Some(link_status(t).await),
                None => None,
            }
        },
    );
    view! {
        <Title text=t!(lang, accounts.sign_in.title) />
        <WithPage render=move |ctx: PageContext| {
            let ctx = ctx.clone();
            view! {
                <Suspense fallback=|| ()>
                    {move || {
                        let ctx = ctx.clone();
                        Suspend::new(async move {
                            let echo_error = ctx.echo.as_ref().filter(|e| e.form == routes::MAGIC_LINK).and_then(|e| e.error.clone());
                            match (echo_error, status.await, token.get_untracked()) {
                                (Some(error), _, _) => view! {
                                    <h1>{t!(lang, accounts.sign_in.heading)}</h1>
                                    <p class="notice notice-error" role="alert">{error}</p>
                                    <SignInForm />
                                }.into_any(),
                                (None, Some(Ok(kind)), Some(token)) => {
                                    let (title, text, button) = match kind {
                                        LinkKind::Invitation => (
                                            t!(lang, accounts.link.invitation.heading),
                                            t!(lang, accounts.link.invitation.text),
                                            t!(lang, accounts.link.invitation.button),
                                        ),
                                        LinkKind::EmailChange => (
                                            t!(lang, accounts.link.email_change.heading),
                                            t!(lang, accounts.link.email_change.text),
                                            t!(lang, accounts.link.email_change.button),
                                        ),
                                        _ => (
                                            t!(lang, accounts.link.sign_in.heading),
                                            t!(lang, accounts.link.sign_in.text),
                                            t!(lang, accounts.link.sign_in.button),
                                        ),
                                    };
                                    view! {
                                        <h1>{title}</h1>
                                        <p>{text}</p>
                                        <PostForm action=routes::MAGIC_LINK>
                                            <Hidden name="token" value=token />
                                            <SubmitButton label=button />
                                        </PostForm>
                                    }.into_any()
                                }
                                (None, Some(Err(err)), _) => view! {
                                    <h1>{t!(lang, accounts.sign_in.heading)}</h1>
                                    <p class="notice notice-error" role="alert">{err.say(lang)}</p>
                                    <SignInForm />
                                }.into_any(),
                                _ => view! {
                                    <h1>{t!(lang, accounts.sign_in.heading)}</h1>
                                    <p class="notice notice-error" role="alert">{crate::error::AppError::LinkInvalid.say(lang)}</p>
                                    <SignInForm />
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

/// First run: the link printed on the server console makes its holder the first coordinator.
#[component]
pub fn Setup() -> impl IntoView {
    let token = query("token");
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.setup.title) />
        <h1>{t!(lang, accounts.setup.heading)}</h1>
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::SETUP);
            // After a rejected POST the token comes back in the echo, not the address.
            let token = token.get_untracked().or_else(|| echo.as_ref().and_then(|e| e.value("token"))).unwrap_or_default();
            let check = Resource::new(move || (), {
                let token = token.clone();
                move |_| link_status(token.clone())
            });
            view! {
                <Suspense fallback=|| ()>
                    {move || {
                        let echo = echo.clone();
                        let token = token.clone();
                        Suspend::new(async move {
                            match check.await {
                                Ok(LinkKind::Setup) => view! {
                                    <p>{t!(lang, accounts.setup.intro)}</p>
                                    <PostForm action=routes::SETUP echo=echo.unwrap_or_default()>
                                        <Hidden name="token" value=token />
                                        <TextField name="display_name" label=t!(lang, accounts.setup.name_label) required=true autocomplete="name"
                                            hint=t!(lang, accounts.setup.name_hint) />
                                        <TextField name="email" label=t!(lang, accounts.setup.email_label) kind="email" required=true autocomplete="email" />
                                        <SubmitButton label=t!(lang, accounts.setup.submit) />
                                    </PostForm>
                                }.into_any(),
                                Ok(_) => view! { <ErrorNotice error=crate::error::AppError::LinkInvalid /> }.into_any(),
                                Err(err) => view! {
                                    <ErrorNotice error=err />
                                    <p>{t!(lang, accounts.setup.restart_before)}
                                       <code>"vigil create-coordinator EMAIL"</code>{t!(lang, accounts.setup.restart_after)}</p>
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.profile.title) />
        <h1>{t!(lang, accounts.profile.heading)}</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| ctx.account.clone().map(|account| {
            let roles = account.roles.iter().map(|r| r.label(lang)).collect::<Vec<_>>().join(", ");
            let coordinator = account.has_role(Role::Coordinator);
            view! {
                <PostForm action=routes::PROFILE echo=ctx.echo.clone().unwrap_or_default()>
                    <TextField name="display_name" label=t!(lang, accounts.profile.name_label) value=account.display_name.clone() autocomplete="name"
                        hint=t!(lang, accounts.profile.name_hint) />
                    <TextField name="email" label=t!(lang, accounts.profile.email_label) kind="email" value=account.email.clone() required=true autocomplete="email"
                        hint=t!(lang, accounts.profile.email_hint) />
                    <TextField name="languages" label=t!(lang, accounts.profile.languages_label) value=account.languages.join(", ")
                        hint=t!(lang, accounts.profile.languages_hint) />
                    <SelectField name="language" label=t!(lang, accounts.profile.language_label)
                        options=language_options() selected=account.language.clone() />
                    <SubmitButton label=t!(lang, accounts.profile.save) />
                </PostForm>
                <p class="muted">{t!(lang, accounts.profile.roles, roles = roles)}</p>
                <h2>{t!(lang, accounts.profile.notifications)}</h2>
                <crate::notifications::pages::PrefsForm echo=ctx.echo.clone() coordinator />
                <h2>{t!(lang, accounts.profile.calendars)}</h2>
                <p>{t!(lang, accounts.profile.calendars_text)} " "
                    <a href=routes::CALENDARS>{t!(lang, accounts.profile.calendars_link)}</a></p>
                <h2>{t!(lang, accounts.profile.sessions)}</h2>
                <div class="actions">
                    <PostForm action=routes::SIGN_OUT>
                        <SubmitButton label=t!(lang, accounts.profile.sign_out) class="secondary" />
                    </PostForm>
                    <PostForm action=routes::SIGN_OUT>
                        <Hidden name="everywhere" value="1" />
                        <SubmitButton label=t!(lang, accounts.profile.sign_out_everywhere) class="secondary" />
                    </PostForm>
                </div>
                <p class="muted">{t!(lang, accounts.profile.everywhere_note)}</p>
            }
        }) />
    }
}

#[component]
pub fn Team() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, accounts.team.title) />
        <h1>{t!(lang, accounts.team.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |me: Account, ctx: PageContext| view! {
            <DoneNotice messages=done_message />
            <TeamForms echo=ctx.echo.clone().unwrap_or_default() />
            <TeamList me=me.id />
        } />
    }
}

/// The invitation form and the group's language for new invitations (its default).
#[component]
fn TeamForms(echo: FormEcho) -> impl IntoView {
    let group = Resource::new(|| (), |_| group_language());
    view! {
        <Loaded data=group let:code>
            <InviteForm echo=echo.clone() group=code.clone() />
            <GroupLanguageForm echo=echo.clone() group=code.clone() />
        </Loaded>
    }
}

/// `group`: the group's language, chosen unless the coordinator picks another.
#[component]
fn InviteForm(echo: FormEcho, group: String) -> impl IntoView {
    let lang = use_lang();
    let options = language_options();
    view! {
        <section class="card" aria-labelledby="invite-h">
            <h2 id="invite-h">{t!(lang, accounts.team.invite_heading)}</h2>
            <PostForm action=routes::TEAM echo>
                <TextField name="email" label=t!(lang, accounts.team.email_label) kind="email" required=true />
                <TextField name="display_name" label=t!(lang, accounts.team.name_label) hint=t!(lang, accounts.team.name_hint) />
                <RoleChoices coordinator=true />
                <SelectField name="language" label=t!(lang, accounts.team.language_label)
                    hint=t!(lang, accounts.team.language_hint) options selected=group />
                <SubmitButton label=t!(lang, accounts.team.send) />
            </PostForm>
            <p><a href=routes::TEAM_INVITE_LIST>{t!(lang, accounts.invite_list.link)}</a></p>
            <p><a href=routes::TEAM_JOIN>{t!(lang, accounts.join.link)}</a></p>
        </section>
    }
}

/// The roles an invitation gives: volunteer ticked to begin with; coordinator only where a
/// coordinator invites by name (never through a join link).
#[component]
pub(super) fn RoleChoices(coordinator: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset>
            <legend>{t!(lang, accounts.team.roles)}</legend>
            <GroupError name="roles" />
            <CheckBox name="roles" value=Role::Volunteer.key() label=Role::Volunteer.label(lang) checked=true />
            <CheckBox name="roles" value=Role::Accompanier.key() label=Role::Accompanier.label(lang) />
            {coordinator.then(|| view! {
                <CheckBox name="roles" value=Role::Coordinator.key() label=Role::Coordinator.label(lang) />
            })}
        </fieldset>
    }
}

/// The language new invitations are written in, for coordinators to change.
#[component]
fn GroupLanguageForm(echo: FormEcho, group: String) -> impl IntoView {
    let lang = use_lang();
    let options = language_options();
    view! {
        <section class="card" aria-labelledby="group-language-h">
            <h2 id="group-language-h">{t!(lang, accounts.team.group_heading)}</h2>
            <PostForm action=TEAM_LANGUAGE echo ids="group">
                <SelectField name="language" label=t!(lang, accounts.team.group_label)
                    hint=t!(lang, accounts.team.group_hint) options selected=group />
                <SubmitButton label=t!(lang, accounts.team.group_save) />
            </PostForm>
        </section>
    }
}

#[component]
fn TeamList(me: i64) -> impl IntoView {
    let lang = use_lang();
    let set_active = ServerAction::<SetAccountActive>::new();
    let set_qualify = ServerAction::<SetQualification>::new();
    let team = Resource::new(
        move || (set_active.version().get(), set_qualify.version().get()),
        |_| list_team(),
    );
    view! {
        <section aria-labelledby="team-h">
            <h2 id="team-h">{t!(lang, accounts.team.accounts)}</h2>
            {move || set_active.value().get().and_then(|r| r.err()).or_else(|| set_qualify.value().get().and_then(|r| r.err())).map(|err| view! {
                <p class="notice notice-error" role="alert">{err.say(lang)}</p>
            })}
            <Loaded data=team let:value>
                {
                    match value {
                        accounts if accounts.len() <= 1 => view! {
                            <p class="empty">{t!(lang, accounts.team.nobody)}</p>
                        }.into_any(),
                        accounts => view! {
                            <ul class="people">
                                {accounts.into_iter().map(|m| view! { <TeamRow account=m.account phone=m.phone me set_active set_qualify /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                }
            </Loaded>
        </section>
    }
}

/// A role as the team list names it, in a word.
fn role_word(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Volunteer => t!(lang, accounts.team.role.volunteer),
        Role::Accompanier => t!(lang, accounts.team.role.accompanier),
        Role::Coordinator => t!(lang, accounts.team.role.coordinator),
    }
}

#[component]
fn TeamRow(
    account: Account,
    phone: Option<String>,
    me: i64,
    set_active: ServerAction<SetAccountActive>,
    set_qualify: ServerAction<SetQualification>,
) -> impl IntoView {
    let lang = use_lang();
    let (lead_label, lead_next) = if account.trained_lead {
        (t!(lang, accounts.team.not_lead), false)
    } else {
        (t!(lang, accounts.team.make_lead), true)
    };
    let (drive_label, drive_next) = if account.driver {
        (t!(lang, accounts.team.not_driver), false)
    } else {
        (t!(lang, accounts.team.make_driver), true)
    };
    let volunteer = account.has_role(Role::Volunteer);
    let roles = account
        .roles
        .iter()
        .map(|r| role_word(lang, *r))
        .collect::<Vec<_>>()
        .join(", ");
    let deactivate = t!(lang, accounts.team.deactivate);
    let (status, button) = match account.status {
        AccountStatus::Invited => (
            t!(lang, accounts.team.status.invited),
            Some((deactivate, false)),
        ),
        AccountStatus::Active => (
            t!(lang, accounts.team.status.active),
            Some((deactivate, false)),
        ),
        AccountStatus::Deactivated => (
            t!(lang, accounts.team.status.deactivated),
            Some((t!(lang, accounts.team.reactivate), true)),
        ),
    };
    let button = button.filter(|_| account.id != me);
    view! {
        <li class="person" class:inactive=account.status == AccountStatus::Deactivated>
            <div>
                <strong>{account.name().to_string()}</strong>
                <span class="muted">" " {account.email.clone()}</span>
                {phone.map(|number| view! { " " <a class="muted" href=format!("tel:{number}")>{number.clone()}</a> })}
                <div class="tags">
                    <span class="tag">{status}</span>
                    {account.trained_lead.then(|| view! { " "<span class="tag">{t!(lang, accounts.team.trained_lead)}</span> })}
                    {account.driver.then(|| view! { " "<span class="tag">{t!(lang, accounts.team.driver)}</span> })}
                    " "<span class="muted">{roles}</span>
                </div>
            </div>
            {volunteer.then(|| view! {
                <ActionForm action=set_qualify>
                    <input type="hidden" name="id" value=account.id />
                    <input type="hidden" name="which" value="trained_lead" />
                    <input type="hidden" name="on" value=lead_next.to_string() />
                    <button type="submit" class="button secondary small">{lead_label}</button>
                </ActionForm>
            })}
            <ActionForm action=set_qualify>
                <input type="hidden" name="id" value=account.id />
                <input type="hidden" name="which" value="driver" />
                <input type="hidden" name="on" value=drive_next.to_string() />
                <button type="submit" class="button secondary small">{drive_label}</button>
            </ActionForm>
            {button.map(|(label, active)| view! {
                <ActionForm action=set_active>
                    <input type="hidden" name="id" value=account.id />
                    <input type="hidden" name="active" value=active.to_string() />
                    <button type="submit" class="button secondary small">{label}</button>
                </ActionForm>
            })}
        </li>
    }
}
