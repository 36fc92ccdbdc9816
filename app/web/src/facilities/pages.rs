//! Facility pages: coordinators list, add and edit them.
use super::api::{get_facility, list_facilities};
use super::{Facility, FacilityKind};
use crate::accounts::{Account, Role};
use crate::forms::{PostForm, SelectField, SubmitButton, TextArea, TextField};
use crate::kernel::Label;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, RequireRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn kind_options() -> Vec<(String, String)> {
    FacilityKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect()
}

fn done_message(code: &str) -> Option<&'static str> {
    (code == "saved").then_some("Saved.")
}

#[component]
fn FacilityFields(#[prop(optional)] facility: Option<Facility>) -> impl IntoView {
    let f = facility.unwrap_or(Facility {
        id: 0,
        name: String::new(),
        kind: FacilityKind::Jail,
        address: String::new(),
        time_zone: String::new(),
        notes: String::new(),
    });
    view! {
        <TextField name="name" label="Name" value=f.name required=true />
        <SelectField name="kind" label="Kind" options=kind_options() selected=f.kind.key() />
        <TextField name="address" label="Public address" value=f.address hint="Shown to volunteers and in calendar entries." />
        <TextField name="time_zone" label="Time zone" value=f.time_zone hint="The facility's IANA zone, e.g. America/New_York. Every time here is shown in it." required=true />
        <TextArea name="notes" label="Notes for volunteers" value=f.notes hint="Where to stand, bathrooms, safety, what to bring. No one's personal details." rows=5 />
    }
}

#[component]
pub fn FacilityList() -> impl IntoView {
    let facilities = Resource::new(|| (), |_| list_facilities());
    view! {
        <Title text="Facilities · Vigil" />
        <h1>"Facilities"</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            view! {
                <Loaded data=facilities let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">"No facilities yet. Add the jail or courthouse where the group works."</p> }.into_any(),
                            list => view! {
                                <ul class="people">
                                    {list.into_iter().map(|f| view! {
                                        <li class="person"><div>
                                            <a href=routes::facility(f.id)><strong>{f.name}</strong></a>
                                            <div class="muted">{f.kind.label()} " · " {f.time_zone}</div>
                                        </div></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
                <section class="card" aria-labelledby="new-facility-h">
                    <h2 id="new-facility-h">"Add a facility"</h2>
                    <PostForm action=routes::FACILITIES echo=ctx.echo.clone().unwrap_or_default()>
                        <FacilityFields />
                        <SubmitButton label="Add facility" />
                    </PostForm>
                </section>
            }
        } />
    }
}

#[component]
pub fn FacilityEdit() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let facility = Resource::new(id, get_facility);
    view! {
        <Title text="Facility · Vigil" />
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            view! {
                <Loaded data=facility let:f>
                    {
                        let echo = ctx.echo.clone().unwrap_or_default();
                        let action = routes::facility(f.id);
                        view! {
                            <h1>{f.name.clone()}</h1>
                            <PostForm action=action echo>
                                <FacilityFields facility=f />
                                <SubmitButton label="Save" />
                            </PostForm>
                            <p><a href=routes::WATCHES>"Watches"</a></p>
                        }
                    }
                </Loaded>
            }
        } />
    }
}
