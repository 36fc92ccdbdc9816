//! Rides on pages: the drivers' list of open rides (`/rides`), the rides a member drives (on
//! "My shifts"), the coverage board's rides, and a person's rides with the form to add one
//! or open the draft their RIDE text made (on their page). Plain forms: no JavaScript needed.
use super::api::{board_rides, my_rides, open_rides, rides_of_person};
use super::{PersonRides, RideCard, RideStatus};
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextField};
use crate::i18n::{dates, use_lang, Lang};
use crate::kernel::PageContext;
use crate::people::FieldValue;
use crate::routes;
use crate::shell::{DoneNotice, Loaded, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;

/// The notices after a ride's form, for every page that has one.
pub fn done_message(lang: Lang, code: &str) -> Option<String> {
    Some(
        match code {
            "ride-saved" => t!(lang, rides.done.saved),
            "ride-cancelled" => t!(lang, rides.done.cancelled),
            "ride-taken" => t!(lang, rides.done.taken),
            "ride-given-up" => t!(lang, rides.done.given_up),
            _ => return None,
        }
        .into(),
    )
}

fn title(lang: Lang, card: &RideCard) -> String {
    if card.to_court {
        t!(lang, rides.card.to_court, place = card.facility_name)
    } else {
        t!(lang, rides.card.from_jail, place = card.facility_name)
    }
}

/// A ride's facts (never the person): time, place, rough area, seats, drivers; its pickup
/// when the viewer may read it.
#[component]
fn RideFacts(card: RideCard) -> impl IntoView {
    let lang = use_lang();
    let names = card
        .drivers
        .iter()
        .map(|d| d.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let pickup = card.pickup.as_ref().map(|p| match p {
        FieldValue::Value(v) => t!(lang, rides.card.pickup, pickup = v),
        FieldValue::Empty => t!(lang, rides.card.pickup_none).into(),
        FieldValue::Unreadable => t!(lang, rides.card.unreadable).into(),
    });
    let pickup_later = card.mine && card.pickup.is_none();
    view! {
        <div class="shift-head">
            <strong>{title(lang, &card)}</strong>
            <span class="when">{dates::day_time(lang, card.when.starts_at, crate::time::zone(&card.when.time_zone))}</span>
        </div>
        <div class="muted">
            {(!card.area.is_empty()).then(|| t!(lang, rides.card.area, area = card.area))}
            " · " {tn!(lang, rides.card.seats, card.seats)}
            " · " {t!(lang, rides.card.drivers, taken = card.drivers.len(), wanted = card.drivers_wanted)}
        </div>
        <div class="tags">
            {card.needs_driver().then(|| view! { <span class="flag">{t!(lang, rides.card.needs_driver)}</span> })}
            {(card.status == RideStatus::Draft).then(|| view! { <span class="flag">{t!(lang, rides.card.draft)}</span> })}
            {(card.status == RideStatus::Cancelled).then(|| view! { <span class="tag">{t!(lang, rides.card.cancelled)}</span> })}
            {card.mine.then(|| view! { <span class="tag tag-on">{t!(lang, rides.page.yours)}</span> })}
        </div>
        {(!names.is_empty()).then(|| view! { <p class="muted">{t!(lang, rides.card.driven_by, names = names)}</p> })}
        {pickup.map(|p| view! { <p class="pickup"><strong>{p}</strong></p> })}
        {pickup_later.then(|| view! { <p class="muted">{t!(lang, rides.card.pickup_later)}</p> })}
    }
}

/// "I'll drive" or "I can't drive it", posting back to `back`.
#[component]
fn DriverActions(card: RideCard, echo: FormEcho, back: &'static str) -> impl IntoView {
    let lang = use_lang();
    let (action, label) = if card.mine {
        ("give-up", t!(lang, rides.page.give_up))
    } else if card.needs_driver() {
        ("take", t!(lang, rides.page.take))
    } else {
        return ().into_any();
    };
    let secondary = if card.mine { "secondary small" } else { "" };
    view! {
        <PostForm action=routes::ride_action(card.id, action) echo class="inline">
            <Hidden name="back" value=back />
            <SubmitButton label=label class=secondary />
        </PostForm>
    }
    .into_any()
}

/// Rides as a driver sees them, each with "I'll drive" or "I can't drive it".
#[component]
fn DriverList(cards: Vec<RideCard>, echo: FormEcho, back: &'static str) -> impl IntoView {
    view! {
        <ul class="shifts">
            {cards.into_iter().map(|card| {
                let id = format!("ride-{}", card.id);
                view! {
                    <li class="shift" id=id>
                        <RideFacts card=card.clone() />
                        <DriverActions card echo=echo.clone() back />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/rides`: open rides ahead, for drivers (and coordinators).
#[component]
pub fn RidesPage() -> impl IntoView {
    let lang = use_lang();
    let rides = Resource::new(|| (), |_| open_rides());
    view! {
        <Title text=t!(lang, rides.page.title) />
        <h1>{t!(lang, rides.page.heading)}</h1>
        <DoneNotice messages=done_message />
        <p class="muted">{t!(lang, rides.page.explain)}</p>
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=rides let:value>
                    {value.is_empty().then(|| view! { <p class="empty">{t!(lang, rides.page.empty)}</p> })}
                    <DriverList cards=value echo=echo.clone() back=routes::RIDES />
                </Loaded>
            }
        } />
    }
}

/// The rides a member drives, on "My shifts" (nothing when none).
#[component]
pub fn MyRides(echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let rides = Resource::new(|| (), |_| my_rides());
    view! {
        <Loaded data=rides let:value>
            {(!value.is_empty()).then(|| view! {
                <h2>{t!(lang, rides.mine.heading)}</h2>
                <DriverList cards=value echo=echo.clone() back=routes::MY_SHIFTS />
            })}
        </Loaded>
    }
}

/// The coverage board's rides: drafts and rides needing a driver first (coordinators).
#[component]
pub fn BoardRides(echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let rides = Resource::new(|| (), |_| board_rides());
    view! {
        <Loaded data=rides let:value>
            {(!value.is_empty()).then(|| view! {
                <h2>{t!(lang, rides.board.heading)}</h2>
                <ul class="shifts">
                    {value.into_iter().map(|card| {
                        let person = card.person_id.map(routes::person);
                        view! {
                            <li class="shift" id=format!("ride-{}", card.id)>
                                <RideFacts card=card.clone() />
                                {person.map(|href| view! { <a href=href>{t!(lang, rides.card.person)}</a> })}
                                <CancelRide id=card.id echo=echo.clone() back=routes::COVERAGE />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </Loaded>
    }
}

#[component]
fn CancelRide(id: i64, echo: FormEcho, #[prop(into)] back: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <PostForm action=routes::ride_action(id, "cancel") echo class="inline">
            <Hidden name="back" value=back />
            <SubmitButton label=t!(lang, rides.person.cancel) class="secondary small" />
        </PostForm>
    }
}

/// A person's rides and the form to add one, or to open the one they asked for by text
/// (coordinators, on the person's page).
#[component]
pub fn PersonRidesSection(person_id: i64, echo: Option<FormEcho>) -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(move || person_id, rides_of_person);
    let echo = echo.unwrap_or_default();
    view! {
        <section aria-labelledby="rides-h">
            <h2 id="rides-h">{t!(lang, rides.person.heading)}</h2>
            <p class="muted">{t!(lang, rides.person.explain)}</p>
            <Loaded data let:value>
                <PersonRidesList value person_id echo=echo.clone() />
            </Loaded>
        </section>
    }
}

#[component]
fn PersonRidesList(value: PersonRides, person_id: i64, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let draft = value
        .rides
        .iter()
        .find(|r| r.status == RideStatus::Draft)
        .cloned();
    let options: Vec<(String, String)> = value
        .options
        .iter()
        .map(|o| {
            let place = if o.to_court {
                t!(lang, rides.card.to_court, place = o.facility_name)
            } else {
                t!(lang, rides.card.from_jail, place = o.facility_name)
            };
            let when =
                dates::day_time(lang, o.when.starts_at, crate::time::zone(&o.when.time_zone));
            (o.key.clone(), format!("{place} — {when}"))
        })
        .collect();
    // A draft opens with its own facts; a new ride starts on the first choice.
    let (selected, time) = match &draft {
        Some(d) => (
            d.for_key.clone(),
            local_input(d.when.starts_at, &d.when.time_zone),
        ),
        None => (String::new(), String::new()),
    };
    let nothing = options.is_empty();
    view! {
        {value.rides.is_empty().then(|| view! { <p class="empty">{t!(lang, rides.person.none)}</p> })}
        <ul class="shifts">
            {value.rides.into_iter().map(|card| {
                let open = card.status != RideStatus::Cancelled;
                let id = card.id;
                view! {
                    <li class="shift" id=format!("ride-{id}")>
                        <RideFacts card />
                        {open.then(|| view! { <CancelRide id echo=echo.clone() back=routes::person(person_id) /> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {nothing.then(|| view! { <p class="muted">{t!(lang, rides.person.nothing_to_ride_to)}</p> })}
        {(!nothing).then(|| view! {
            <PostForm action=routes::person_rides(person_id) echo=echo.clone() ids="ride-">
                {draft.as_ref().map(|d| view! { <Hidden name="ride" value=d.id.to_string() /> })}
                <SelectField name="for" label=t!(lang, rides.person.ride_for) options=options.clone() selected=selected.clone() />
                <TextField name="time" label=t!(lang, rides.person.time) kind="datetime-local" value=time.clone() required=true />
                <TextField name="seats" label=t!(lang, rides.person.seats) kind="number" value="1" />
                <TextField name="drivers" label=t!(lang, rides.person.drivers) kind="number" value="1" />
                <TextField name="area" label=t!(lang, rides.person.area) hint=t!(lang, rides.person.area_hint) />
                <TextField name="pickup" label=t!(lang, rides.person.pickup) />
                <SubmitButton label=if draft.is_some() { t!(lang, rides.person.open) } else { t!(lang, rides.person.add) } />
            </PostForm>
        })}
    }
}

/// What a `datetime-local` input shows for `at` in the place's zone.
fn local_input(at: chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    at.with_timezone(&crate::time::zone(zone))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}
