//! Account pages: sign-in, magic links, first-run setup, profile and the team list.
use super::api::{link_status, list_team, LinkKind, SetAccountActive, SetTrainedLead};
use super::{Account, AccountStatus, Role};
use crate::forms::{CheckBox, GroupError, Hidden, PostForm, SubmitButton, TextField};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, ErrorNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "Saved.",
        "email" => "Saved. To change your email address, open the link we sent to the new address (it works for 15 minutes); until then your sign-in links go to the old one.",
        "invited" => "Invitation sent.",
        _ => return None,
    })
}

fn query(name: &'static str) -> Memo<Option<String>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name)))
}

#[component]
fn SignInForm(#[prop(optional)] ctx: Option<PageContext>) -> impl IntoView {
    view! {
        <PostForm action=routes::SIGN_IN echo=ctx.and_then(|c| c.echo).unwrap_or_default()>
            <TextField name="email" label="Your email address" kind="email" required=true autocomplete="email"
                hint="We'll email you a link to sign in. No password needed." />
            <SubmitButton label="Email me a sign-in link" />
        </PostForm>
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let signed_out = query("signed_out");
    view! {
        <Title text="Sign in · Vigil" />
        <h1>"Sign in"</h1>
        {move || signed_out.get().map(|_| view! { <p class="notice" role="status">"You are signed out."</p> })}
        <WithPage render=|ctx: PageContext| view! { <SignInForm ctx /> } />
        <p class="muted">"Vigil is invite-only. If you're new, ask a coordinator in your group to invite you."</p>
    }
}

#[component]
pub fn SignInSent() -> impl IntoView {
    view! {
        <Title text="Check your email · Vigil" />
        <h1>"Check your email"</h1>
        <p>"If that address belongs to a Vigil account, a sign-in link is on its way. It works once, for 15 minutes."</p>
        <p class="muted">"Nothing arrived after a few minutes? Check your spam folder, or "
            <a href=routes::SIGN_IN>"ask for another link"</a>"."</p>
    }
}

/// The page a magic link opens. Nothing is used until the person presses the button (a POST):
/// mail scanners that prefetch links can't sign anyone in or burn the link.
#[component]
pub fn MagicLink() -> impl IntoView {
    let token = query("token");
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
        <Title text="Sign in · Vigil" />
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
                                    <h1>"Sign in"</h1>
                                    <p class="notice notice-error" role="alert">{error}</p>
                                    <SignInForm />
                                }.into_any(),
                                (None, Some(Ok(kind)), Some(token)) => {
                                    let (title, text, button) = match kind {
                                        LinkKind::Invitation => ("Welcome to Vigil", "You've been invited to your group's team. Press the button to accept and sign in.", "Accept and sign in"),
                                        LinkKind::EmailChange => ("Confirm your new address", "Press the button to make this your Vigil email address and sign in.", "Confirm and sign in"),
                                        _ => ("Sign in to Vigil", "Press the button to finish signing in on this device.", "Sign in"),
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
                                    <h1>"Sign in"</h1>
                                    <p class="notice notice-error" role="alert">{err.to_string()}</p>
                                    <SignInForm />
                                }.into_any(),
                                _ => view! {
                                    <h1>"Sign in"</h1>
                                    <p class="notice notice-error" role="alert">{crate::error::AppError::LinkInvalid.to_string()}</p>
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
    view! {
        <Title text="Set up Vigil" />
        <h1>"Set up Vigil"</h1>
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
                                    <p>"You are the first coordinator. Enter your name and the email address you'll sign in with from now on."</p>
                                    <PostForm action=routes::SETUP echo=echo.unwrap_or_default()>
                                        <Hidden name="token" value=token />
                                        <TextField name="display_name" label="Your name" required=true autocomplete="name"
                                            hint="As your team knows you. Shown to other volunteers." />
                                        <TextField name="email" label="Your email address" kind="email" required=true autocomplete="email" />
                                        <SubmitButton label="Create my coordinator account" />
                                    </PostForm>
                                }.into_any(),
                                Ok(_) => view! { <ErrorNotice error=crate::error::AppError::LinkInvalid /> }.into_any(),
                                Err(err) => view! {
                                    <ErrorNotice error=err />
                                    <p>"Restart the server to print a new setup link, or run "
                                       <code>"vigil create-coordinator EMAIL"</code>" on it."</p>
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
    view! {
        <Title text="Profile · Vigil" />
        <h1>"Your profile"</h1>
        <DoneNotice messages=done_message />
        <WithPage render=|ctx: PageContext| ctx.account.clone().map(|account| {
            let roles = account.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
            let coordinator = account.has_role(Role::Coordinator);
            view! {
                <PostForm action=routes::PROFILE echo=ctx.echo.clone().unwrap_or_default()>
                    <TextField name="display_name" label="Name" value=account.display_name.clone() autocomplete="name"
                        hint="Shown to the others on your shifts and hearings." />
                    <TextField name="email" label="Email address" kind="email" value=account.email.clone() required=true autocomplete="email"
                        hint="Where your sign-in links and reminders go." />
                    <TextField name="languages" label="Languages you speak" value=account.languages.join(", ")
                        hint="Separated by commas, e.g. Spanish, Haitian Creole." />
                    <SubmitButton label="Save" />
                </PostForm>
                <p class="muted">"Your roles: " {roles} ". Vigil never asks for your phone number."</p>
                <h2>"Notifications"</h2>
                <crate::notifications::pages::PrefsForm echo=ctx.echo.clone() coordinator />
                <h2>"Calendars"</h2>
                <p>"Your shifts and hearings in Google, Apple or Outlook calendar, kept up to date. "
                    <a href=routes::CALENDARS>"Calendar subscriptions"</a></p>
                <h2>"Sessions"</h2>
                <div class="actions">
                    <PostForm action=routes::SIGN_OUT>
                        <SubmitButton label="Sign out" class="secondary" />
                    </PostForm>
                    <PostForm action=routes::SIGN_OUT>
                        <Hidden name="everywhere" value="1" />
                        <SubmitButton label="Sign out everywhere" class="secondary" />
                    </PostForm>
                </div>
                <p class="muted">"“Sign out everywhere” ends your sessions on every device, for example after losing a phone."</p>
            }
        }) />
    }
}

#[component]
pub fn Team() -> impl IntoView {
    view! {
        <Title text="Team · Vigil" />
        <h1>"Team"</h1>
        <RequireRole role=Role::Coordinator render=move |me: Account, ctx: PageContext| view! {
            <DoneNotice messages=done_message />
            <section class="card" aria-labelledby="invite-h">
                <h2 id="invite-h">"Invite someone"</h2>
                <PostForm action=routes::TEAM echo=ctx.echo.clone().unwrap_or_default()>
                    <TextField name="email" label="Email address" kind="email" required=true />
                    <TextField name="display_name" label="Name (optional)" hint="They can change it later." />
                    <fieldset>
                        <legend>"Roles"</legend>
                        <GroupError name="roles" />
                        <CheckBox name="roles" value=Role::Volunteer.key() label=Role::Volunteer.label() checked=true />
                        <CheckBox name="roles" value=Role::Accompanier.key() label=Role::Accompanier.label() />
                        <CheckBox name="roles" value=Role::Coordinator.key() label=Role::Coordinator.label() />
                    </fieldset>
                    <SubmitButton label="Send invitation" />
                </PostForm>
            </section>
            <TeamList me=me.id />
        } />
    }
}

#[component]
fn TeamList(me: i64) -> impl IntoView {
    let set_active = ServerAction::<SetAccountActive>::new();
    let set_lead = ServerAction::<SetTrainedLead>::new();
    let team = Resource::new(
        move || (set_active.version().get(), set_lead.version().get()),
        |_| list_team(),
    );
    view! {
        <section aria-labelledby="team-h">
            <h2 id="team-h">"Accounts"</h2>
            {move || set_active.value().get().and_then(|r| r.err()).or_else(|| set_lead.value().get().and_then(|r| r.err())).map(|err| view! {
                <p class="notice notice-error" role="alert">{err.to_string()}</p>
            })}
            <Loaded data=team let:value>
                {
                    match value {
                        accounts if accounts.len() <= 1 => view! {
                            <p class="empty">"Nobody else yet. Invite your first volunteers above."</p>
                        }.into_any(),
                        accounts => view! {
                            <ul class="people">
                                {accounts.into_iter().map(|a| view! { <TeamRow account=a me set_active set_lead /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                }
            </Loaded>
        </section>
    }
}

#[component]
fn TeamRow(
    account: Account,
    me: i64,
    set_active: ServerAction<SetAccountActive>,
    set_lead: ServerAction<SetTrainedLead>,
) -> impl IntoView {
    let (lead_label, lead_next) = if account.trained_lead {
        ("Not a lead", false)
    } else {
        ("Make trained lead", true)
    };
    let volunteer = account.has_role(Role::Volunteer);
    let roles = account
        .roles
        .iter()
        .map(|r| r.key())
        .collect::<Vec<_>>()
        .join(", ");
    let (status, button) = match account.status {
        AccountStatus::Invited => ("invited", Some(("Deactivate", false))),
        AccountStatus::Active => ("active", Some(("Deactivate", false))),
        AccountStatus::Deactivated => ("deactivated", Some(("Reactivate", true))),
    };
    let button = button.filter(|_| account.id != me);
    view! {
        <li class="person" class:inactive=account.status == AccountStatus::Deactivated>
            <div>
                <strong>{account.name().to_string()}</strong>
                <span class="muted">" " {account.email.clone()}</span>
                <div class="tags">
                    <span class="tag">{status}</span>
                    {account.trained_lead.then(|| view! { " "<span class="tag">"trained lead"</span> })}
                    " "<span class="muted">{roles}</span>
                </div>
            </div>
            {volunteer.then(|| view! {
                <ActionForm action=set_lead>
                    <input type="hidden" name="id" value=account.id />
                    <input type="hidden" name="lead" value=lead_next.to_string() />
                    <button type="submit" class="button secondary small">{lead_label}</button>
                </ActionForm>
            })}
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
