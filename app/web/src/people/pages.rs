//! People pages: the coordinators' list, the add and edit forms, a helper's view of the
//! people on their shift or hearing, and the audit log.
use super::api::{audit_entries, get_person, list_people, ErasePerson};
use super::{Field, FieldValue, PersonView};
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, PostForm, SubmitButton, TextField};
use crate::i18n::{use_lang, Lang};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(match code {
        "saved" => t!(lang, people.done.saved).into(),
        "erased" => t!(lang, people.done.erased).into(),
        "reminders-on" => t!(lang, court_reminders.done.on).into(),
        "reminders-off" => t!(lang, court_reminders.done.off).into(),
        _ => return crate::rides::pages::done_message(lang, code),
    })
}

/// The alias, or a neutral label by id (`PersonView::display_name` in `lang`).
fn display_name(lang: Lang, person: &PersonView) -> String {
    match person.get(Field::Alias) {
        Some(FieldValue::Value(v)) if !v.is_empty() => v.clone(),
        Some(FieldValue::Unreadable) => t!(lang, people.unreadable_record).into(),
        _ => t!(lang, people.person_number, id = person.id),
    }
}

#[component]
fn WhatWeKeep() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="notice">
            {t!(lang, people.what_we_keep)}
            <strong>{t!(lang, people.what_we_keep_never)}</strong>
        </p>
    }
}

#[component]
fn PersonFields(#[prop(optional)] person: Option<PersonView>) -> impl IntoView {
    let lang = use_lang();
    Field::ALL
        .into_iter()
        .map(|field| {
            let value = person.as_ref().map(|p| p.text(field)).unwrap_or_default();
            view! { <TextField name=field.column() label=field.label(lang) hint=crate::kernel::labels::hint(lang, field) value=value /> }
        })
        .collect_view()
}

#[component]
pub fn PeopleList() -> impl IntoView {
    // Once per page: listing audits every person shown.
    let people = Resource::new(|| (), |_| list_people());
    let lang = use_lang();
    view! {
        <Title text=t!(lang, people.title.list) />
        <h1>{t!(lang, people.list.heading)}</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, _: PageContext| {
            view! {
                <p class="actions">
                    <a class="button" href=routes::PEOPLE_NEW>{t!(lang, people.list.add)}</a>
                    <a class="button secondary" href=routes::PEOPLE_AUDIT>{t!(lang, people.list.audit_link)}</a>
                </p>
                <Loaded data=people let:value>
                    {
                        match value {
                            list if list.is_empty() => view! {
                                <p class="empty">{t!(lang, people.list.empty)}</p>
                            }.into_any(),
                            list => view! {
                                <ul class="people">
                                    {list.into_iter().map(|p| view! { <PersonRow person=p /> }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
fn PersonRow(person: PersonView) -> impl IntoView {
    let href = routes::person(person.id);
    let unreadable = person.is_unreadable();
    let lang = use_lang();
    let forgotten = t!(
        lang,
        people.list.forgotten_after,
        day = person.forget_on.clone().unwrap_or_default()
    );
    view! {
        <li class="person" class:inactive=unreadable>
            <div>
                <a href=href><strong>{display_name(lang, &person)}</strong></a>
                <span class="muted">" " {person.text(Field::Languages)}</span>
                <div class="muted">{forgotten}</div>
            </div>
        </li>
    }
}

/// The list markup alone, for `make bench` (the same rows the People page renders).
#[cfg(feature = "ssr")]
pub fn render_list_for_bench(people: Vec<PersonView>) -> impl IntoView {
    view! { <ul class="people">{people.into_iter().map(|p| view! { <PersonRow person=p /> }).collect_view()}</ul> }
}

#[component]
pub fn PersonNew() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, people.title.new) />
        <h1>{t!(lang, people.new.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| view! {
            <WhatWeKeep />
            <PostForm action=routes::PEOPLE_NEW echo=ctx.echo.clone().unwrap_or_default()>
                <PersonFields />
                <SubmitButton label=t!(lang, people.save) />
            </PostForm>
        } />
    }
}

#[component]
pub fn PersonDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
    };
    let person = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_person(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let lang = use_lang();
    view! {
        <Title text=t!(lang, people.title.person) />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let coordinator = ctx.account.as_ref().is_some_and(|a| a.has_role(Role::Coordinator));
            let echo = ctx.echo.clone();
            view! {
                <Loaded data=person heading=t!(lang, people.detail.heading) let:value>
                    {
                        let echo = echo.clone();
                        match value {
                                p if coordinator => view! { <EditPerson person=p echo /> }.into_any(),
                                p => view! { <HelperView person=p /> }.into_any(),
                            }
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
fn EditPerson(person: PersonView, echo: Option<FormEcho>) -> impl IntoView {
    let action = routes::person(person.id);
    let erase = ServerAction::<ErasePerson>::new();
    let unreadable = person.is_unreadable();
    let echo_for_reminders = echo.clone();
    let echo_for_rides = echo.clone();
    let lang = use_lang();
    let (id, name, forget_on) = (
        person.id,
        display_name(lang, &person),
        person.forget_on.clone().unwrap_or_default(),
    );
    view! {
        <h1>{name}</h1>
        {unreadable.then(|| view! {
            <p class="notice notice-error" role="alert">{t!(lang, people.edit.unreadable)}</p>
        })}
        <WhatWeKeep />
        <PostForm action=action echo=echo.clone().unwrap_or_default()>
            <PersonFields person=person />
            <TextField name="forget_on" label=t!(lang, people.edit.forget_on) kind="date"
                value=forget_on
                hint=t!(lang, people.edit.forget_on_hint) />
            <SubmitButton label=t!(lang, people.save) />
        </PostForm>
        <crate::court_reminders::pages::ConsentSection person_id=id echo=echo_for_reminders />
        <crate::rides::pages::PersonRidesSection person_id=id echo=echo_for_rides />
        <h2>{t!(lang, people.edit.erase_heading)}</h2>
        <p class="muted">{t!(lang, people.edit.erase_explain)}</p>
        // A plain form post (no island on this page): the answer is the list, saying so.
        <ActionForm action=erase>
            <input type="hidden" name="id" value=id />
            <button type="submit" class="button secondary">{t!(lang, people.edit.erase_now)}</button>
        </ActionForm>
    }
}

/// What a volunteer or accompanier on the person's shift or hearing sees, around its time.
#[component]
fn HelperView(person: PersonView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{display_name(lang, &person)}</h1>
        <dl class="card">
            {Field::FOR_HELPERS.into_iter().map(|field| {
                let value = match person.get(field) {
                    Some(FieldValue::Value(v)) => v.clone(),
                    Some(FieldValue::Unreadable) => t!(lang, people.unreadable_record).to_string(),
                    _ => "—".to_string(),
                };
                view! { <dt>{field.label(lang)}</dt><dd>{value}</dd> }
            }).collect_view()}
        </dl>
        <p class="muted">{t!(lang, people.helper.note)}</p>
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t!(lang, people.title.audit) />
        <h1>{t!(lang, people.audit.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, _: PageContext| {
            let entries = Resource::new(|| (), |_| audit_entries());
            view! {
                <p class="muted">{t!(lang, people.audit.intro)}</p>
                <Loaded data=entries let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">{t!(lang, people.audit.empty)}</p> }.into_any(),
                            list => view! {
                                <table class="audit">
                                    <thead><tr>
                                        <th>{t!(lang, people.audit.when)}</th>
                                        <th>{t!(lang, people.audit.who)}</th>
                                        <th>{t!(lang, people.audit.person)}</th>
                                        <th>{t!(lang, people.audit.what)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|e| view! {
                                            <tr><td>{e.at}</td><td>{e.actor}</td><td>{format!("#{}", e.person_id)}</td><td>{e.action}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                        }
                    }
                </Loaded>
            }
        } />
    }
}
