//! Facility pages: coordinators list, add and edit them.
use super::api::{get_facility, list_facilities};
use super::{Facility, FacilityKind};
use crate::accounts::{Account, Role};
use crate::forms::{PostForm, SelectField, SubmitButton, TextArea, TextField};
use crate::i18n::{use_lang, Lang};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    FacilityKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label(lang).to_string()))
        .collect()
}

fn done_message(lang: Lang, code: &str) -> Option<String> {
    match code {
        "saved" => Some(t!(lang, facilities.done.saved).into()),
        "board_revoked" => Some(t!(lang, facilities.board.revoked_notice).into()),
        _ => None,
    }
}

#[component]
fn FacilityFields(#[prop(optional)] facility: Option<Facility>) -> impl IntoView {
    let lang = use_lang();
    let f = facility.unwrap_or(Facility {
        id: 0,
        name: String::new(),
        kind: FacilityKind::Jail,
        address: String::new(),
        time_zone: String::new(),
        notes: String::new(),
    });
    view! {
        <TextField name="name" label=t!(lang, facilities.field.name) value=f.name required=true />
        <SelectField name="kind" label=t!(lang, facilities.field.kind) options=kind_options(lang) selected=f.kind.key() />
        <TextField name="address" label=t!(lang, facilities.field.address) value=f.address hint=t!(lang, facilities.field.address_hint) />
        <TextField name="time_zone" label=t!(lang, facilities.field.time_zone) value=f.time_zone hint=t!(lang, facilities.field.time_zone_hint) required=true />
        <TextArea name="notes" label=t!(lang, facilities.field.notes) value=f.notes hint=t!(lang, facilities.field.notes_hint) rows=5 />
    }
}

#[component]
pub fn FacilityList() -> impl IntoView {
    let lang = use_lang();
    let facilities = Resource::new(|| (), |_| list_facilities());
    view! {
        <Title text=t!(lang, facilities.list.title) />
        <h1>{t!(lang, facilities.list.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            view! {
                <Loaded data=facilities let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">{t!(lang, facilities.list.empty)}</p> }.into_any(),
                            list => view! {
                                <ul class="people">
                                    {list.into_iter().map(|f| view! {
                                        <li class="person"><div>
                                            <a href=routes::facility(f.id)><strong>{f.name}</strong></a>
                                            <div class="muted">{f.kind.label(lang)} " · " {f.time_zone}</div>
                                        </div></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
                <section class="card" aria-labelledby="new-facility-h">
                    <h2 id="new-facility-h">{t!(lang, facilities.list.add_heading)}</h2>
                    <PostForm action=routes::FACILITIES echo=ctx.echo.clone().unwrap_or_default()>
                        <FacilityFields />
                        <SubmitButton label=t!(lang, facilities.list.add) />
                    </PostForm>
                </section>
            }
        } />
    }
}

#[component]
pub fn FacilityEdit() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let facility = Resource::new(id, get_facility);
    view! {
        <Title text=t!(lang, facilities.edit.title) />
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            view! {
                <Loaded data=facility let:f>
                    {
                        let action = routes::facility(f.id);
                        let boards = routes::board_links(f.id);
                        let echo_for = |form: &str| ctx.echo.clone().filter(|e| e.form == form).unwrap_or_default();
                        let echo = echo_for(&action);
                        let board_echo = echo_for(&boards);
                        let facility_id = f.id;
                        view! {
                            <h1>{f.name.clone()}</h1>
                            <PostForm action=action echo>
                                <FacilityFields facility=f />
                                <SubmitButton label=t!(lang, facilities.edit.save) />
                            </PostForm>
                            <p><a href=routes::WATCHES>{t!(lang, facilities.edit.watches)}</a></p>
                            <super::board_links::BoardLinks facility_id echo=board_echo />
                        }
                    }
                </Loaded>
            }
        } />
    }
}
