//! People pages: the coordinators' list, the add and edit forms, a helper's view of the
//! people on their shift or hearing, and the audit log.
use super::api::{audit_entries, get_person, list_people, ErasePerson};
use super::{Field, FieldValue, PersonView};
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, PostForm, SubmitButton, TextField};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "Saved.",
        "erased" => "Erased. Their record can no longer be read, even from backups.",
        _ => return None,
    })
}

#[component]
fn WhatWeKeep() -> impl IntoView {
    view! {
        <p class="notice">
            "Keep only what the team needs. Every field is optional and encrypted. "
            <strong>"Never enter a date of birth, address, charges, booking number or anything about the case."</strong>
        </p>
    }
}

#[component]
fn PersonFields(#[prop(optional)] person: Option<PersonView>) -> impl IntoView {
    Field::ALL
        .into_iter()
        .map(|field| {
            let value = person.as_ref().map(|p| p.text(field)).unwrap_or_default();
            view! { <TextField name=field.column() label=field.label() hint=crate::kernel::labels::hint(field) value=value /> }
        })
        .collect_view()
}

#[component]
pub fn PeopleList() -> impl IntoView {
    // Once per page: listing audits every person shown.
    let people = Resource::new(|| (), |_| list_people());
    view! {
        <Title text="People · Vigil" />
        <h1>"People we support"</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, _: PageContext| {
            view! {
                <p class="actions">
                    <a class="button" href=routes::PEOPLE_NEW>"Add a person"</a>
                    <a class="button secondary" href=routes::PEOPLE_AUDIT>"Audit log"</a>
                </p>
                <Loaded data=people let:value>
                    {
                        match value {
                            list if list.is_empty() => view! {
                                <p class="empty">"No one yet. Add a person when the team needs to keep track of a release or a hearing."</p>
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
    view! {
        <li class="person" class:inactive=unreadable>
            <div>
                <a href=href><strong>{person.display_name()}</strong></a>
                <span class="muted">" " {person.text(Field::Languages)}</span>
                <div class="muted">"Forgotten after " {person.forget_on.clone().unwrap_or_default()}</div>
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
    view! {
        <Title text="Add a person · Vigil" />
        <h1>"Add a person"</h1>
        <RequireRole role=Role::Coordinator render=|_: Account, ctx: PageContext| view! {
            <WhatWeKeep />
            <PostForm action=routes::PEOPLE_NEW echo=ctx.echo.clone().unwrap_or_default()>
                <PersonFields />
                <SubmitButton label="Save" />
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
    view! {
        <Title text="Person · Vigil" />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let coordinator = ctx.account.as_ref().is_some_and(|a| a.has_role(Role::Coordinator));
            let echo = ctx.echo.clone();
            view! {
                <Loaded data=person heading="Person" let:value>
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
    let (id, name, forget_on) = (
        person.id,
        person.display_name(),
        person.forget_on.clone().unwrap_or_default(),
    );
    view! {
        <h1>{name}</h1>
        {unreadable.then(|| view! {
            <p class="notice notice-error" role="alert">"Unreadable record: part of it can't be decrypted. It may have been altered. Re-enter what is needed, or erase it."</p>
        })}
        <WhatWeKeep />
        <PostForm action=action echo=echo.unwrap_or_default()>
            <PersonFields person=person />
            <TextField name="forget_on" label="Forget this person after" kind="date"
                value=forget_on
                hint="Their record is erased after this day (and 30 days after their last hearing or release)." />
            <SubmitButton label="Save" />
        </PostForm>
        <h2>"Erase"</h2>
        <p class="muted">"Erasing destroys the record's key: it can't be read again, even from a backup."</p>
        // A plain form post (no island on this page): the answer is the list, saying so.
        <ActionForm action=erase>
            <input type="hidden" name="id" value=id />
            <button type="submit" class="button secondary">"Erase now"</button>
        </ActionForm>
    }
}

/// What a volunteer or accompanier on the person's shift or hearing sees, around its time.
#[component]
fn HelperView(person: PersonView) -> impl IntoView {
    view! {
        <h1>{person.display_name()}</h1>
        <dl class="card">
            {Field::FOR_HELPERS.into_iter().map(|field| {
                let value = match person.get(field) {
                    Some(FieldValue::Value(v)) => v.clone(),
                    Some(FieldValue::Unreadable) => "Unreadable record".to_string(),
                    _ => "—".to_string(),
                };
                view! { <dt>{field.label()}</dt><dd>{value}</dd> }
            }).collect_view()}
        </dl>
        <p class="muted">"Shown only around the time of your shift or hearing. Coordinate anything more in Signal."</p>
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    view! {
        <Title text="Audit log · Vigil" />
        <h1>"Audit log"</h1>
        <RequireRole role=Role::Coordinator render=|_: Account, _: PageContext| {
            let entries = Resource::new(|| (), |_| audit_entries());
            view! {
                <p class="muted">"Every view of a person's record, by whom and when. Entries are deleted after 90 days."</p>
                <Loaded data=entries let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">"Nothing yet."</p> }.into_any(),
                            list => view! {
                                <table class="audit">
                                    <thead><tr><th>"When"</th><th>"Who"</th><th>"Person"</th><th>"What"</th></tr></thead>
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
