//! Notification pages: preferences (on the profile page), unsubscribe, and mail problems.
use super::api::{failed_jobs, my_prefs, RetryJob};
use super::Category;
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, Hidden, PostForm, SubmitButton, TextField};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{ErrorNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The preferences form, shown on the profile page.
#[component]
pub fn PrefsForm(echo: Option<FormEcho>, coordinator: bool) -> impl IntoView {
    let prefs = Resource::new(|| (), |_| my_prefs());
    view! {
        <Loaded data=prefs let:p>
            {
                    let echo = echo.clone();
                    let echoed = echo.clone().filter(|e| e.form == routes::NOTIFICATION_PREFS);
                    let checked = |c: Category| match &echoed {
                        Some(e) => e.has_value("on", c.key()),
                        None => p.wants(c),
                    };
                    let boxes = Category::ALL
                        .into_iter()
                        .filter(|c| coordinator || *c != Category::CoordinatorAlerts)
                        .map(|c| {
                            let id = format!("f-on-{}", c.key());
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name="on" value=c.key() checked=checked(c) />
                                    <label for=id>{c.label()}</label>
                                </div>
                            }
                        })
                        .collect_view();
                    let hours = p.reminder_hours.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(", ");
                    view! {
                        <PostForm action=routes::NOTIFICATION_PREFS echo=echo.unwrap_or_default()>
                            <fieldset>
                                <legend>"Email me about"</legend>
                                {boxes}
                            </fieldset>
                            <TextField name="reminder_hours" label="Reminders, hours before" value=hours hint="e.g. 24, 2" />
                            <TextField name="quiet_start" label="Quiet hours from" kind="time" value=p.quiet_start.clone().unwrap_or_default()
                                hint="No email in quiet hours except urgent call-outs; it waits until they end." />
                            <TextField name="quiet_end" label="Quiet hours until" kind="time" value=p.quiet_end.clone().unwrap_or_default() />
                            <TextField name="time_zone" label="Your time zone" value=p.time_zone.clone() hint="e.g. America/Chicago" />
                            <SubmitButton label="Save notification settings" />
                        </PostForm>
                    }
            }
        </Loaded>
    }
}

#[component]
pub fn Unsubscribe() -> impl IntoView {
    let q = use_query_map();
    view! {
        <Title text="Email settings · Vigil" />
        <h1>"Email settings"</h1>
        <WithPage render=move |ctx: PageContext| {
            let get = move |k: &str| q.with_untracked(|q| q.get(k)).unwrap_or_default();
            let error = ctx.echo.clone().filter(|e| e.form == routes::UNSUBSCRIBE).and_then(|e| e.error);
            let done = Category::from_key(&get("done"));
            let asked = Category::from_key(&get("c"));
            match (error, done, asked) {
                (Some(err), _, _) => view! { <p class="notice notice-error" role="alert">{err}</p> }.into_any(),
                (None, Some(c), _) => view! {
                    <p class="notice" role="status">"Done: no more emails of this kind (" {c.label().to_lowercase()} ")."</p>
                    <p>"You can turn them back on in your " <a href=routes::PROFILE>"profile"</a> "."</p>
                }.into_any(),
                (None, None, Some(c)) => view! {
                    <p>"Stop emails about: " {c.label().to_lowercase()} "?"</p>
                    <PostForm action=routes::UNSUBSCRIBE>
                        <Hidden name="a" value=get("a") />
                        <Hidden name="c" value=get("c") />
                        <Hidden name="t" value=get("t") />
                        <SubmitButton label="Stop these emails" />
                    </PostForm>
                }.into_any(),
                _ => view! { <ErrorNotice error=crate::error::AppError::LinkInvalid /> }.into_any(),
            }
        } />
    }
}

/// Coordinators: mail that could not be sent after every retry, with a button to retry.
#[component]
pub fn MailProblems() -> impl IntoView {
    view! {
        <Title text="Mail problems · Vigil" />
        <h1>"Mail that could not be sent"</h1>
        <RequireRole role=Role::Coordinator render=|_: Account, _: PageContext| {
            let retry = ServerAction::<RetryJob>::new();
            let failed = Resource::new(move || retry.version().get(), |_| failed_jobs());
            view! {
                <Loaded data=failed let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">"Nothing failed. Reminders and notices are going out."</p> }.into_any(),
                            list => view! {
                                <ul class="people">
                                    {list.into_iter().map(|j| view! {
                                        <li class="person">
                                            <div>
                                                <strong>{j.kind}</strong>" "<span class="muted">{j.when}</span>
                                                <div class="muted">{format!("{} attempts: ", j.attempts)}{j.last_error.unwrap_or_default()}</div>
                                            </div>
                                            <ActionForm action=retry>
                                                <input type="hidden" name="id" value=j.id />
                                                <button type="submit" class="button secondary small">"Retry"</button>
                                            </ActionForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
            }
        } />
    }
}
