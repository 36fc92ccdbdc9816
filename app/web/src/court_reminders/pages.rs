//! The consent section of a person's page (coordinators): whether the person asked for
//! court-date reminders, by which channel and in which language, who recorded it and when;
//! a form to record it and a button to turn reminders off. Plain forms: no JavaScript needed.
use super::api::{person_messages, reminder_consent};
use super::{ConsentStatus, WroteBack};
use crate::forms::{FormEcho, PostForm, SelectField, SubmitButton};
use crate::i18n::{dates, use_lang, Lang};
use crate::notifications::Channel;
use crate::people::FieldValue;
use crate::routes;
use crate::shell::Loaded;
use leptos::prelude::*;

fn channel_word(lang: Lang, channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => t!(lang, court_reminders.section.channel_sms),
        Channel::Signal => t!(lang, court_reminders.section.channel_signal),
        Channel::Email => t!(lang, court_reminders.section.channel_email),
    }
}

fn language_word(lang: Lang, code: &str) -> &'static str {
    match code {
        "es" => t!(lang, court_reminders.section.language_es),
        _ => t!(lang, court_reminders.section.language_en),
    }
}

fn status_line(lang: Lang, status: &Option<ConsentStatus>) -> String {
    let at = |t: chrono::DateTime<chrono::Utc>| dates::day(lang, t.date_naive());
    match status {
        None => t!(lang, court_reminders.section.none).into(),
        Some(s) => match &s.withdrawn {
            None => t!(
                lang,
                court_reminders.section.on,
                channel = channel_word(lang, s.channel),
                language = language_word(lang, &s.language),
                by = s.recorded_by,
                at = at(s.recorded_at)
            ),
            Some((when, None)) => t!(lang, court_reminders.section.off_by_person, at = at(*when)),
            Some((when, Some(by))) => {
                t!(
                    lang,
                    court_reminders.section.off_by,
                    by = by,
                    at = at(*when)
                )
            }
        },
    }
}

#[component]
pub fn ConsentSection(person_id: i64, echo: Option<FormEcho>) -> impl IntoView {
    let lang = use_lang();
    let status = Resource::new(move || person_id, reminder_consent);
    let messages = Resource::new(move || person_id, person_messages);
    let action = routes::person_reminders(person_id);
    view! {
        <section aria-labelledby="reminders-h">
            <h2 id="reminders-h">{t!(lang, court_reminders.section.heading)}</h2>
            <p class="muted">{t!(lang, court_reminders.section.explain)}</p>
            <Loaded data=status let:value>
                {
                    let on = value.as_ref().is_some_and(|s| s.withdrawn.is_none());
                    let (channel, language) = value
                        .as_ref()
                        .map(|s| (s.channel.key().to_string(), s.language.clone()))
                        .unwrap_or_else(|| ("sms".into(), "en".into()));
                    let channels = [Channel::Sms, Channel::Signal, Channel::Email]
                        .into_iter()
                        .map(|c| (c.key().to_string(), channel_word(lang, c).to_string()))
                        .collect::<Vec<_>>();
                    let languages = vigil_domain::court_reminders::LANGUAGES
                        .into_iter()
                        .map(|l| (l.to_string(), language_word(lang, l).to_string()))
                        .collect::<Vec<_>>();
                    let action = action.clone();
                    view! {
                        <p><strong>{status_line(lang, &value)}</strong></p>
                        <PostForm action=action.clone() echo=echo.clone().unwrap_or_default() ids="reminders-">
                            <input type="hidden" name="action" value="record" />
                            <SelectField name="channel" label=t!(lang, court_reminders.section.channel) options=channels selected=channel />
                            <SelectField name="language" label=t!(lang, court_reminders.section.language) options=languages selected=language />
                            <SubmitButton label=t!(lang, court_reminders.section.record) />
                        </PostForm>
                        {on.then(|| view! {
                            <form method="post" action=action.clone()>
                                <input type="hidden" name="action" value="withdraw" />
                                <button type="submit" class="button secondary">{t!(lang, court_reminders.section.withdraw)}</button>
                            </form>
                        })}
                    }
                }
            </Loaded>
            <Loaded data=messages let:value>
                <WroteBackList messages=value />
            </Loaded>
        </section>
    }
}

/// What the person wrote back, newest first (only coordinators get here).
#[component]
fn WroteBackList(messages: Vec<WroteBack>) -> impl IntoView {
    let lang = use_lang();
    (!messages.is_empty()).then(|| {
        view! {
            <h3>{t!(lang, court_reminders.section.wrote_back)}</h3>
            <ul class="plain">
                {messages
                    .into_iter()
                    .map(|m| {
                        let text = match &m.text {
                            FieldValue::Value(v) => v.clone(),
                            FieldValue::Empty => String::new(),
                            FieldValue::Unreadable => t!(lang, court_reminders.section.unreadable).into(),
                        };
                        view! {
                            <li>
                                <span class="muted">{dates::day(lang, m.received_at.date_naive())}</span>
                                " " {text}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
