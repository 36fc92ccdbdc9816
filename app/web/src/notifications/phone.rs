//! The profile's "Text messages" section: one's number, the code that verifies it for SMS or
//! Signal, and removing it. Shown only when this server has a text gateway.
use super::api::PhoneView;
use super::Channel;
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextField};
use crate::i18n::{use_lang, Lang};
use crate::routes;
use leptos::prelude::*;

fn channel_name(lang: Lang, channel: Channel) -> String {
    match channel {
        Channel::Email => t!(lang, notifications.channel.email),
        Channel::Sms => t!(lang, notifications.channel.sms),
        Channel::Signal => t!(lang, notifications.channel.signal),
    }
    .to_string()
}

#[component]
pub fn PhoneSection(phone: PhoneView, echo: Option<FormEcho>) -> impl IntoView {
    let lang = use_lang();
    if !phone.offers_sms && !phone.offers_signal {
        return ().into_any();
    }
    // Every phone form posts to the same address: the echo goes to the one it came from.
    let echo_for = |action: &str| {
        echo.clone()
            .filter(|e| e.form == routes::PHONE && e.value("action").as_deref() == Some(action))
    };
    let offered: Vec<Channel> = [
        (phone.offers_sms, Channel::Sms),
        (phone.offers_signal, Channel::Signal),
    ]
    .into_iter()
    .filter_map(|(on, c)| on.then_some(c))
    .collect();
    let options = offered
        .iter()
        .map(|c| (c.key().to_string(), channel_name(lang, *c)))
        .collect::<Vec<_>>();
    let status = |verified: bool| {
        if verified {
            t!(lang, notifications.phone.verified)
        } else {
            t!(lang, notifications.phone.not_verified)
        }
    };
    let has_number = phone.number.is_some();
    let number_form = view! {
        <PostForm action=routes::PHONE echo=echo_for("send").unwrap_or_default() ids="phone">
            <Hidden name="action" value="send" />
            <TextField name="number" label=t!(lang, notifications.phone.number) kind="tel" autocomplete="tel"
                value=phone.number.clone().unwrap_or_default() hint=t!(lang, notifications.phone.number_hint) />
            <SelectField name="channel" label=t!(lang, notifications.phone.send_by) options=options />
            <SubmitButton label=t!(lang, notifications.phone.send_code) />
        </PostForm>
    };
    let code_form = phone.code_pending.map(|c| view! {
        <PostForm action=routes::PHONE echo=echo_for("verify").unwrap_or_default() ids="code">
            <Hidden name="action" value="verify" />
            <TextField name="code" label=t!(lang, notifications.phone.code, channel = channel_name(lang, c))
                autocomplete="one-time-code" hint=t!(lang, notifications.phone.code_hint) />
            <SubmitButton label=t!(lang, notifications.phone.verify) />
        </PostForm>
    });
    let states = has_number.then(|| {
        view! {
            <ul class="plain">
                {phone.offers_sms.then(|| view! {
                    <li>{t!(lang, notifications.channel.sms)}": "{status(phone.sms_verified)}
                        {phone.sms_stopped.then(|| view! { " · "{t!(lang, notifications.phone.stopped)} })}
                    </li>
                })}
                {phone.offers_signal.then(|| view! {
                    <li>{t!(lang, notifications.channel.signal)}": "{status(phone.signal_verified)}</li>
                })}
            </ul>
        }
    });
    let remove = has_number.then(|| {
        view! {
            <PostForm action=routes::PHONE echo=echo_for("remove").unwrap_or_default() ids="remove">
                <Hidden name="action" value="remove" />
                <SubmitButton label=t!(lang, notifications.phone.remove) />
            </PostForm>
        }
    });
    view! {
        <h2>{t!(lang, notifications.phone.heading)}</h2>
        <p class="muted">{t!(lang, notifications.phone.intro)}</p>
        {states}
        {code_form}
        {number_form}
        {remove}
    }
    .into_any()
}
