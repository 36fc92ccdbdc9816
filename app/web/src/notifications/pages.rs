//! Notification pages: preferences (on the profile page), unsubscribe, and mail problems.
use super::api::{failed_jobs, my_phone, my_prefs, RetryJob};
use super::{Category, Channel};
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, Hidden, PostForm, SubmitButton, TextField};
use crate::i18n::use_lang;
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{ErrorNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The profile's notification settings: the number texts go to (if this server texts),
/// then which kinds of notice, by which channels, and when.
#[component]
pub fn PrefsForm(echo: Option<FormEcho>, coordinator: bool) -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, crate::error::AppError>((my_prefs().await?, my_phone().await?)) },
    );
    let lang = use_lang();
    view! {
        <Loaded data=data let:loaded>
            {
                    let (p, phone) = loaded;
                    let echo = echo.clone();
                    let echoed = echo.clone().filter(|e| e.form == routes::NOTIFICATION_PREFS);
                    let checked = |c: Category| match &echoed {
                        Some(e) => e.has_value("on", c.key()),
                        None => p.wants(c),
                    };
                    // Channels to choose from: only when a text channel is verified.
                    let usable = phone.usable();
                    let by = |c: Category, channel: Channel| match &echoed {
                        Some(e) => e.has_value("via", &format!("{}:{}", c.key(), channel.key())),
                        None => p.routes.of(c).has(channel),
                    };
                    let boxes = Category::ALL
                        .into_iter()
                        .filter(|c| coordinator || *c != Category::CoordinatorAlerts)
                        .map(|c| {
                            let id = format!("f-on-{}", c.key());
                            let channels = (usable.len() > 1).then(|| {
                                let each = usable.iter().map(|channel| {
                                    let id = format!("f-via-{}-{}", c.key(), channel.key());
                                    view! {
                                        <span class="check inline">
                                            <input type="checkbox" id=id.clone() name="via"
                                                value=format!("{}:{}", c.key(), channel.key()) checked=by(c, *channel) />
                                            <label for=id>{channel_label(lang, *channel)}</label>
                                        </span>
                                    }
                                }).collect_view();
                                view! { <div class="via muted">{t!(lang, notifications.prefs.by)}" "{each}</div> }
                            });
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name="on" value=c.key() checked=checked(c) />
                                    <label for=id>{c.label(lang)}</label>
                                </div>
                                {channels}
                            }
                        })
                        .collect_view();
                    let hours = p.reminder_hours.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(", ");
                    view! {
                        <super::phone::PhoneSection phone=phone.clone() echo=echo.clone() />
                        <PostForm action=routes::NOTIFICATION_PREFS echo=echo.unwrap_or_default()>
                            <fieldset>
                                <legend>{t!(lang, notifications.prefs.email_me_about)}</legend>
                                {boxes}
                            </fieldset>
                            <TextField name="reminder_hours" label=t!(lang, notifications.prefs.reminder_hours) value=hours
                                hint=t!(lang, notifications.prefs.reminder_hours_hint) />
                            <TextField name="quiet_start" label=t!(lang, notifications.prefs.quiet_start) kind="time" value=p.quiet_start.clone().unwrap_or_default()
                                hint=t!(lang, notifications.prefs.quiet_start_hint) />
                            <TextField name="quiet_end" label=t!(lang, notifications.prefs.quiet_end) kind="time" value=p.quiet_end.clone().unwrap_or_default() />
                            <TextField name="time_zone" label=t!(lang, notifications.prefs.time_zone) value=p.time_zone.clone()
                                hint=t!(lang, notifications.prefs.time_zone_hint) />
                            <SubmitButton label=t!(lang, notifications.prefs.save) />
                        </PostForm>
                    }
            }
        </Loaded>
    }
}

fn channel_label(lang: crate::i18n::Lang, channel: Channel) -> &'static str {
    match channel {
        Channel::Email => t!(lang, notifications.channel.email),
        Channel::Sms => t!(lang, notifications.channel.sms),
        Channel::Signal => t!(lang, notifications.channel.signal),
    }
}

#[component]
pub fn Unsubscribe() -> impl IntoView {
    let q = use_query_map();
    let lang = use_lang();
    view! {
        <Title text=t!(lang, notifications.unsubscribe.title) />
        <h1>{t!(lang, notifications.unsubscribe.heading)}</h1>
        <WithPage render=move |ctx: PageContext| {
            let get = move |k: &str| q.with_untracked(|q| q.get(k)).unwrap_or_default();
            let error = ctx.echo.clone().filter(|e| e.form == routes::UNSUBSCRIBE).and_then(|e| e.error);
            let done = Category::from_key(&get("done"));
            let asked = Category::from_key(&get("c"));
            match (error, done, asked) {
                (Some(err), _, _) => view! { <p class="notice notice-error" role="alert">{err}</p> }.into_any(),
                (None, Some(c), _) => view! {
                    <p class="notice" role="status">{t!(lang, notifications.unsubscribe.done, kind = c.label(lang).to_lowercase())}</p>
                    <p>
                        {t!(lang, notifications.unsubscribe.back_on_before)}
                        <a href=routes::PROFILE>{t!(lang, notifications.unsubscribe.profile_link)}</a>
                        {t!(lang, notifications.unsubscribe.back_on_after)}
                    </p>
                }.into_any(),
                (None, None, Some(c)) => view! {
                    <p>{t!(lang, notifications.unsubscribe.ask, kind = c.label(lang).to_lowercase())}</p>
                    <PostForm action=routes::UNSUBSCRIBE>
                        <Hidden name="a" value=get("a") />
                        <Hidden name="c" value=get("c") />
                        <Hidden name="t" value=get("t") />
                        <SubmitButton label=t!(lang, notifications.unsubscribe.stop) />
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
    let lang = use_lang();
    view! {
        <Title text=t!(lang, notifications.mail_problems.title) />
        <h1>{t!(lang, notifications.mail_problems.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, _: PageContext| {
            let retry = ServerAction::<RetryJob>::new();
            let failed = Resource::new(move || retry.version().get(), |_| failed_jobs());
            view! {
                <Loaded data=failed let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">{t!(lang, notifications.mail_problems.empty)}</p> }.into_any(),
                            list => view! {
                                <ul class="people">
                                    {list.into_iter().map(|j| view! {
                                        <li class="person">
                                            <div>
                                                <strong>{j.kind}</strong>" "<span class="muted">{j.when}</span>
                                                <div class="muted">{tn!(lang, notifications.mail_problems.attempts, j.attempts, error = j.last_error.unwrap_or_default())}</div>
                                            </div>
                                            <ActionForm action=retry>
                                                <input type="hidden" name="id" value=j.id />
                                                <button type="submit" class="button secondary small">{t!(lang, notifications.mail_problems.retry)}</button>
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
