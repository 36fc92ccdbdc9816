//! Watch pages: open shifts, a shift, my shifts, the watch page with its live release log,
//! the coordinators' watch list and coverage board, and the call-out answer page. Every
//! button is a plain form, so all of it works with JavaScript off.
use super::api::{
    get_call_out, get_shift, get_watch, list_watches, load_coverage, my_shifts, open_shifts,
    release_log,
};
use super::{
    Helper, Need, ReleaseEntry, ShiftCard, ShiftFlag, ShiftTime, WatchDetail, WatchKind,
    WatchSummary,
};
use crate::accounts::api::PageContext;
use crate::accounts::{Account, Role};
use crate::facilities::api::list_facilities;
use crate::forms::{
    CheckBox, FormEcho, GroupError, Hidden, PostForm, SelectField, SubmitButton, TextArea,
    TextField,
};
use crate::routes;
use crate::shell::{DoneNotice, ErrorNotice, RequireRole, WithPage};
use crate::signups::SeatStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "signed-up" => "You're signed up. We'll remind you before the shift.",
        "waitlisted" => "The shift is full: you're on the waitlist. If a seat frees, you get it and we'll email you.",
        "dropped" => "Done: you're off this shift. Thank you for letting us know in time.",
        "cant-come" => "The coordinators know you can't come. They'll find cover.",
        "checked-in" => "Checked in. Thank you for being there.",
        "checked-out" => "Checked out. Get home safe.",
        "created" => "Watch created.",
        "shift-added" => "Shift added.",
        "closed" => "Watch closed. Shifts that hadn't started are cancelled and their volunteers told.",
        "logged" => "Release logged.",
        "expected-added" => "Added to the expected list.",
        "called-out" => "Call-out sent to everyone who opted in.",
        "assigned" => "Volunteer assigned and told.",
        "removed" => "Taken off the shift and told; the waitlist moved up.",
        "no-show" => "Marked as a no-show.",
        "seat" => "You're on it. Thank you — details below.",
        "filled" => "It's already filled. Thank you for answering.",
        _ => return None,
    })
}

#[component]
fn Flags(flags: Vec<ShiftFlag>) -> impl IntoView {
    (!flags.is_empty()).then(|| view! {
        <span class="flags">{flags.into_iter().map(|f| view! { <span class=f.class()>{f.label()}</span> " " }).collect_view()}</span>
    })
}

fn names(helpers: &[Helper]) -> String {
    if helpers.is_empty() {
        return "Nobody yet".into();
    }
    helpers
        .iter()
        .map(|h| {
            if h.lead {
                format!("{} (lead)", h.name)
            } else {
                h.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A shift in a list, with the one action that matters most from here.
#[component]
fn ShiftItem(card: ShiftCard, echo: FormEcho) -> impl IntoView {
    let full = card.free_seats() == 0;
    let action = format!("/shifts/{}/sign-up", card.id);
    let status = match card.my_status {
        Some(SeatStatus::SignedUp) => Some("You're on this shift".to_string()),
        Some(SeatStatus::Waitlisted) => Some(format!(
            "On the waitlist (#{})",
            card.my_waitlist_place.unwrap_or(1)
        )),
        _ => None,
    };
    let can_sign_up = status.is_none() && !card.cancelled && card.time != ShiftTime::Past;
    view! {
        <li class="shift" id=format!("shift-{}", card.id)>
            <div class="shift-head">
                <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                <span class="when">{card.when.clone()}</span>
            </div>
            <div class="muted">{card.staffing()} {(card.waitlisted > 0).then(|| format!(" · {} waiting", card.waitlisted))}</div>
            <div class="muted">"With: " {names(&card.signed_up)}</div>
            <Flags flags=card.flags.clone() />
            {status.map(|s| view! { <p class="tag tag-on">{s}</p> })}
            {can_sign_up.then(|| view! {
                <PostForm action=action echo class="inline">
                    <SubmitButton label=if full { "Join the waitlist" } else { "Sign up" } />
                </PostForm>
            })}
        </li>
    }
}

#[component]
pub fn OpenShifts() -> impl IntoView {
    let query = use_query_map();
    let facility = move || {
        query
            .with(|q| q.get("facility"))
            .and_then(|f| f.parse::<i64>().ok())
    };
    let day = move || query.with(|q| q.get("day")).filter(|d| !d.is_empty());
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
    };
    // Made once per page, outside the render closures (which may run more than once).
    let shifts = Resource::new(
        move || (facility(), day(), page()),
        |(f, d, p)| open_shifts(f, d, p),
    );
    let facilities = Resource::new(|| (), |_| list_facilities());
    view! {
        <Title text="Open shifts · Vigil" />
        <h1>"Open shifts"</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <form method="get" action=routes::SHIFTS class="filters">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let options: Vec<(String, String)> = std::iter::once((String::new(), "All facilities".to_string()))
                                .chain(facilities.await.unwrap_or_default().into_iter().filter(|f| f.kind != crate::facilities::FacilityKind::Courthouse).map(|f| (f.id.to_string(), f.name)))
                                .collect();
                            view! { <SelectField name="facility" label="Facility" options selected=facility().map(|f| f.to_string()).unwrap_or_default() /> }
                        })}
                    </Suspense>
                    <TextField name="day" label="Day" kind="date" value=day().unwrap_or_default() />
                    <button type="submit" class="button secondary">"Show"</button>
                </form>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match shifts.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(open) if open.shifts.is_empty() => view! { <p class="empty">"No open shifts here. Check another day, or ask a coordinator."</p> }.into_any(),
                                Ok(open) => {
                                    let link = move |p: usize| {
                                        let mut q = vec![format!("page={p}")];
                                        if let Some(f) = facility() { q.push(format!("facility={f}")); }
                                        if let Some(d) = day() { q.push(format!("day={d}")); }
                                        format!("{}?{}", routes::SHIFTS, q.join("&"))
                                    };
                                    let (page, pages) = (open.page, open.pages);
                                    view! {
                                        <p class="muted">{open.total} " shifts" {(pages > 1).then(|| format!(" · page {page} of {pages}"))}</p>
                                        <ShiftList list=open.shifts echo />
                                        {(pages > 1).then(|| view! {
                                            <nav class="pager actions" aria-label="More shifts">
                                                {(page > 1).then(|| view! { <a class="button secondary" href=link(page - 1)>"Sooner shifts"</a> })}
                                                {(page < pages).then(|| view! { <a class="button secondary" href=link(page + 1)>"Later shifts"</a> })}
                                            </nav>
                                        })}
                                    }.into_any()
                                }
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn ShiftList(list: Vec<ShiftCard>, echo: FormEcho) -> impl IntoView {
    view! {
        <ul class="shifts">
            {list.into_iter().map(|card| view! { <ShiftItem card echo=echo.clone() /> }).collect_view()}
        </ul>
    }
}

/// The open-shifts list markup alone, for `make bench`.
#[cfg(feature = "ssr")]
pub fn render_shifts_for_bench(list: Vec<ShiftCard>) -> impl IntoView {
    view! { <ShiftList list echo=FormEcho::default() /> }
}

/// One shift button: a form to `/shifts/{id}/{action}`.
#[component]
fn ShiftButton(
    id: i64,
    action: &'static str,
    label: &'static str,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <PostForm action=format!("/shifts/{id}/{action}") echo class="inline">
            {(!back.is_empty()).then(|| view! { <Hidden name="back" value=back /> })}
            <SubmitButton label class=if secondary { "secondary" } else { "" } />
        </PostForm>
    }
}

/// What the viewer can do about their seat.
#[component]
fn SeatActions(
    card: ShiftCard,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
) -> impl IntoView {
    let id = card.id;
    if card.cancelled {
        return view! { <p class="notice">"This shift was cancelled."</p> }.into_any();
    }
    match card.my_status {
        Some(SeatStatus::SignedUp) => view! {
            <div class="actions">
                {(card.time == ShiftTime::Now && !card.my_checked_in).then(|| view! { <ShiftButton id action="check-in" label="Check in" echo=echo.clone() back /> })}
                {(card.time == ShiftTime::Now && card.my_checked_in && !card.my_checked_out).then(|| view! { <ShiftButton id action="check-out" label="Check out" echo=echo.clone() back /> })}
                {card.my_checked_out.then(|| view! { <p class="tag tag-on">"Checked out"</p> })}
                {(card.time != ShiftTime::Past && card.before_cutoff).then(|| view! { <ShiftButton id action="drop" label="Drop this shift" echo=echo.clone() back secondary=true /> })}
                {(card.time != ShiftTime::Past && !card.before_cutoff && !card.my_cant_come && !card.my_checked_in).then(|| view! {
                    <ShiftButton id action="cant-come" label="I can't come" echo=echo.clone() back secondary=true />
                })}
                {card.my_cant_come.then(|| view! { <p class="muted">"The coordinators know you can't come."</p> })}
            </div>
        }.into_any(),
        Some(SeatStatus::Waitlisted) => view! {
            <p>"You're #" {card.my_waitlist_place.unwrap_or(1)} " on the waitlist. If a seat frees, it's yours and we'll email you."</p>
            <ShiftButton id action="drop" label="Leave the waitlist" echo back secondary=true />
        }.into_any(),
        Some(SeatStatus::Removed) => view! { <p class="muted">"A coordinator took you off this shift."</p> }.into_any(),
        _ if card.time == ShiftTime::Past => view! { <p class="muted">"This shift is over."</p> }.into_any(),
        _ => {
            let action = format!("/shifts/{id}/sign-up");
            let clash = echo.form == action && echo.field_error("overlap_ok").is_some();
            let full = card.free_seats() == 0;
            view! {
                <PostForm action echo>
                    {clash.then(|| view! {
                        <GroupError name="overlap_ok" />
                        <CheckBox name="overlap_ok" value="on" label="Sign me up anyway" />
                    })}
                    <SubmitButton label=if full { "Join the waitlist" } else { "Sign up" } />
                </PostForm>
            }.into_any()
        }
    }
}

#[component]
pub fn ShiftPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let shift = Resource::new(id, get_shift);
    view! {
        <Title text="Shift · Vigil" />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match shift.await {
                                Err(err) => view! { <h1>"Shift"</h1><ErrorNotice error=err /> }.into_any(),
                                Ok(card) => view! { <ShiftDetail card echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn ShiftDetail(card: ShiftCard, echo: FormEcho) -> impl IntoView {
    let on_it = card.my_status == Some(SeatStatus::SignedUp);
    let watch_link = format!("/watches/{}", card.watch_id);
    view! {
        <h1>"Release watch at " {card.facility_name.clone()}</h1>
        <p class="when-big">{card.when.clone()}</p>
        {(!card.facility_address.is_empty()).then(|| view! { <p>{card.facility_address.clone()}</p> })}
        <p>{card.staffing()} {(card.waitlisted > 0).then(|| format!(" · {} on the waitlist", card.waitlisted))}</p>
        <Flags flags=card.flags.clone() />
        <section class="card" aria-labelledby="who-h">
            <h2 id="who-h">"Who's on"</h2>
            {if card.signed_up.is_empty() {
                view! { <p class="empty">"Nobody yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {card.signed_up.iter().map(|h| view! {
                            <li>{h.name.clone()}
                                {h.lead.then(|| view! { " " <span class="tag">"lead"</span> })}
                                {h.checked_in.then(|| view! { " " <span class="tag tag-on">"here"</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <SeatActions card=card.clone() echo />
        {(!card.facility_notes.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="notes-h">
                <h2 id="notes-h">"Notes for volunteers"</h2>
                <p class="pre">{card.facility_notes.clone()}</p>
            </section>
        })}
        {on_it.then(|| view! { <p><a class="button secondary" href=watch_link>"Release log and handoff notes"</a></p> })}
        {(on_it && card.time == ShiftTime::Now).then(|| view! {
            <p><a class="button" href=format!("/shifts/{}/supplies", card.id)>"Hand out supplies"</a></p>
        })}
        <p class="muted"><a href=format!("/shifts/{}/calendar.ics", card.id) rel="nofollow">"Add this shift to my calendar (.ics)"</a></p>
    }
}

#[component]
pub fn MyShifts() -> impl IntoView {
    let mine = Resource::new(|| (), |_| my_shifts());
    view! {
        <Title text="My shifts · Vigil" />
        <h1>"My shifts"</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match mine.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok((upcoming, past)) => view! {
                                    {upcoming.is_empty().then(|| view! {
                                        <p class="empty">"No upcoming shifts. " <a href=routes::SHIFTS>"Find an open shift"</a></p>
                                    })}
                                    <ul class="shifts">
                                        {upcoming.into_iter().map(|card| {
                                            let echo = echo.clone();
                                            view! {
                                                <li class="shift">
                                                    <div class="shift-head">
                                                        <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                                                        <span class="when">{card.when.clone()}</span>
                                                    </div>
                                                    <div class="muted">"With: " {names(&card.signed_up)}</div>
                                                    <SeatActions card echo back=routes::MY_SHIFTS />
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    {(!past.is_empty()).then(|| view! {
                                        <h2>"Past shifts"</h2>
                                        <ul class="plain">
                                            {past.into_iter().map(|c| view! {
                                                <li>{c.facility_name.clone()} " · " {c.when.clone()}
                                                    {(c.my_status == Some(SeatStatus::NoShow)).then_some(" · marked absent")}</li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

// ---- Watches -------------------------------------------------------------------------------

#[component]
pub fn WatchList() -> impl IntoView {
    let watches = Resource::new(|| (), |_| list_watches());
    let facilities = Resource::new(|| (), |_| list_facilities());
    view! {
        <Title text="Watches · Vigil" />
        <h1>"Release watches"</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <p class="actions"><a class="button secondary" href=routes::COVERAGE>"Coverage board"</a>
                   " " <a class="button secondary" href=routes::FACILITIES>"Facilities"</a></p>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match watches.await {
                            Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="empty">"No watches yet."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="people">{list.into_iter().map(|w| view! { <WatchRow w /> }).collect_view()}</ul>
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <section class="card" aria-labelledby="new-watch-h">
                    <h2 id="new-watch-h">"Start a watch"</h2>
                    <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                        {move || {
                            let echo = echo.clone();
                            Suspend::new(async move {
                                let facilities = facilities.await.unwrap_or_default();
                                if facilities.is_empty() {
                                    return view! { <p>"First " <a href=routes::FACILITIES>"add the facility"</a> " where the watch will be."</p> }.into_any();
                                }
                                let options = facilities.into_iter().map(|f| (f.id.to_string(), format!("{} ({})", f.name, f.time_zone))).collect();
                                view! { <NewWatchForm options echo /> }.into_any()
                            })
                        }}
                    </Suspense>
                </section>
            }
        } />
    }
}

#[component]
fn WatchRow(w: WatchSummary) -> impl IntoView {
    view! {
        <li class="person" class:inactive=w.closed>
            <div>
                <a href=format!("/watches/{}", w.id)><strong>{w.facility_name.clone()}</strong></a>
                " " <span class="tag">{w.kind.label()}</span>
                <div class="muted">{w.when.clone()}</div>
            </div>
        </li>
    }
}

#[component]
fn NewWatchForm(options: Vec<(String, String)>, echo: FormEcho) -> impl IntoView {
    let kinds = [WatchKind::Standing, WatchKind::Surge]
        .into_iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect();
    view! {
        <PostForm action=routes::WATCHES echo>
            <SelectField name="facility_id" label="Facility" options />
            <SelectField name="kind" label="Kind" options=kinds hint="Surge: after a mass arrest, open until the last person is out." />
            <TextField name="starts_at" label="Starts" kind="datetime-local" required=true hint="In the facility's local time." />
            <TextField name="ends_at" label="Ends" kind="datetime-local" hint="Leave empty for “until the last person is out”: shifts keep being added until you close the watch." />
            <TextField name="slot_hours" label="Shift length (hours)" kind="number" value="4" hint="Rolling shifts of this length. Leave empty to add shifts by hand." />
            <TextField name="min_volunteers" label="At least this many per shift" kind="number" value="2" />
            <TextField name="max_volunteers" label="At most this many per shift" kind="number" value="4" />
            <CheckBox name="needs_lead" value="on" label="Each shift needs a trained lead" checked=true />
            <SubmitButton label="Start watch" />
        </PostForm>
    }
}

#[component]
pub fn WatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let watch = Resource::new(id, get_watch);
    view! {
        <Title text="Watch · Vigil" />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match watch.await {
                                Err(err) => view! { <h1>"Watch"</h1><ErrorNotice error=err /> }.into_any(),
                                Ok(detail) => view! { <WatchView detail echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn WatchView(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let w = detail.watch.clone();
    let id = w.id;
    view! {
        <h1>{w.facility_name.clone()} " — " {w.kind.label()}</h1>
        <p class="when-big">{w.when.clone()} {w.closed.then(|| view! { " " <span class="tag">"closed"</span> })}</p>
        {(!detail.facility_address.is_empty()).then(|| view! { <p>{detail.facility_address.clone()}</p> })}
        {(!detail.facility_notes.is_empty()).then(|| view! {
            <details class="card"><summary>"Notes for volunteers"</summary><p class="pre">{detail.facility_notes.clone()}</p></details>
        })}
        {(!detail.expected.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="expected-h">
                <h2 id="expected-h">"Expected out"</h2>
                <p class="muted">"Only for the people on shift now. Don't write these down or share them."</p>
                <ul class="plain">{detail.expected.iter().map(|e| view! {
                    <li>{e.alias.clone()} {e.released.then(|| view! { " " <span class="tag tag-on">"met"</span> })}</li>
                }).collect_view()}</ul>
            </section>
        })}
        {detail.log.clone().map(|log| view! {
            <section aria-labelledby="log-h">
                <h2 id="log-h">"Release log"</h2>
                {detail.can_log.then(|| view! { <ReleaseForm detail=detail.clone() echo=echo.clone() /> })}
                <LiveLog watch_id=id initial=log />
            </section>
        })}
        <section aria-labelledby="shifts-h">
            <h2 id="shifts-h">"Shifts"</h2>
            {if detail.shifts.is_empty() {
                view! { <p class="empty">"No shifts in the coming week."</p> }.into_any()
            } else {
                view! { <ShiftList list=detail.shifts.clone() echo=echo.clone() /> }.into_any()
            }}
        </section>
        {(detail.coordinator && !w.closed).then(|| view! { <CoordinatorTools detail=detail.clone() echo=echo.clone() /> })}
    }
}

#[component]
fn ReleaseForm(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let action = format!("/watches/{}/log", detail.watch.id);
    let expected: Vec<(String, String)> =
        std::iter::once((String::new(), "— not on the list —".to_string()))
            .chain(
                detail
                    .expected
                    .iter()
                    .filter(|e| !e.released)
                    .map(|e| (e.person_id.to_string(), e.alias.clone())),
            )
            .collect();
    let has_expected = expected.len() > 1;
    view! {
        <PostForm action echo class="card">
            <h3>"Log a release"</h3>
            <TextField name="released_at" label="Time" kind="datetime-local" value=detail.now_local.clone() />
            <TextField name="label" label="Label (optional)" hint="A pseudonym like R-14. Never a name." />
            {has_expected.then(|| view! { <SelectField name="person_id" label="Or someone expected" options=expected /> })}
            <fieldset>
                <legend>"Needs met"</legend>
                <GroupError name="needs" />
                {Need::ALL.into_iter().map(|n| view! { <CheckBox name="needs" value=n.key() label=n.label() /> }).collect_view()}
            </fieldset>
            <TextArea name="handoff_note" label="Handoff note for the next shift (optional)" rows=3
                hint="Logistics only: supplies low, who is still expected, anything unsafe. Never facts about anyone's case. Wiped after 30 days." />
            <SubmitButton label="Log release" />
        </PostForm>
    }
}

/// The log; with JavaScript on it refreshes itself every 15 seconds. An island: the log is
/// already on the page, so it adds nothing to what the page shows.
#[island]
fn LiveLog(watch_id: i64, initial: Vec<ReleaseEntry>) -> impl IntoView {
    let entries = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(list) = release_log(watch_id).await {
                    entries.set(list);
                }
            })
        };
        if let Ok(handle) = leptos::leptos_dom::helpers::set_interval_with_handle(
            refresh,
            std::time::Duration::from_secs(15),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (watch_id, release_log);
    view! {
        <ol class="release-log" aria-live="polite">
            {move || {
                let list = entries.get();
                if list.is_empty() {
                    view! { <li class="empty">"No releases logged yet."</li> }.into_any()
                } else {
                    list.into_iter().map(|e| view! { <ReleaseRow entry=e /> }).collect_view().into_any()
                }
            }}
        </ol>
    }
}

#[component]
fn ReleaseRow(entry: ReleaseEntry) -> impl IntoView {
    let needs = entry
        .needs
        .iter()
        .map(|n| n.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="release">
            <div><strong>{entry.time.clone()}</strong> " · " {entry.label.clone()}
                {(!needs.is_empty()).then(|| view! { " · " <span class="muted">{needs.clone()}</span> })}</div>
            {(!entry.handoff_note.is_empty()).then(|| view! { <p class="handoff pre">{entry.handoff_note.clone()}</p> })}
            <div class="muted small">"Logged by " {entry.logged_by.clone()}</div>
        </li>
    }
}

#[component]
fn CoordinatorTools(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let id = detail.watch.id;
    let upcoming: Vec<(String, String)> = detail
        .shifts
        .iter()
        .filter(|s| s.time != ShiftTime::Past)
        .map(|s| (s.id.to_string(), s.when.clone()))
        .collect();
    let people: Vec<(String, String)> = detail
        .people_options
        .iter()
        .map(|(id, alias)| (id.to_string(), alias.clone()))
        .collect();
    view! {
        <section class="card" aria-labelledby="callout-h">
            <h2 id="callout-h">"Urgent call-out"</h2>
            <p class="muted">"Emails every volunteer who opted in to urgent call-outs, even in their quiet hours. The first to answer get the seats."</p>
            <PostForm action=format!("/watches/{id}/call-out") echo=echo.clone()>
                <SelectField name="shift_id" label="Shift" options=upcoming.clone() />
                <TextField name="needed" label="People needed" kind="number" value="2" />
                <SubmitButton label="Send call-out" />
            </PostForm>
        </section>
        <section class="card" aria-labelledby="add-shift-h">
            <h2 id="add-shift-h">"Add a shift"</h2>
            <PostForm action=format!("/watches/{id}/shifts") echo=echo.clone()>
                <TextField name="shift_start" label="Starts" kind="datetime-local" />
                <TextField name="shift_end" label="Ends" kind="datetime-local" />
                <TextField name="min_volunteers" label="At least" kind="number" value=detail.watch.min_volunteers.to_string() />
                <TextField name="max_volunteers" label="At most" kind="number" value=detail.watch.max_volunteers.to_string() />
                <CheckBox name="needs_lead" value="on" label="Needs a trained lead" checked=detail.watch.needs_lead />
                <SubmitButton label="Add shift" />
            </PostForm>
        </section>
        {(!people.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="expect-h">
                <h2 id="expect-h">"Expected releases"</h2>
                <p class="muted">"Volunteers on shift here see their alias while on shift, nothing else."</p>
                <PostForm action=format!("/watches/{id}/expected") echo=echo.clone()>
                    <SelectField name="person_id" label="Person" options=people />
                    <SubmitButton label="Add to expected" class="secondary" />
                </PostForm>
            </section>
        })}
        <section class="card" aria-labelledby="close-h">
            <h2 id="close-h">"Close the watch"</h2>
            <p class="muted">"When the last person is out. Shifts that haven't started are cancelled and their volunteers told."</p>
            <PostForm action=format!("/watches/{id}/close") echo>
                <SubmitButton label="Close watch" class="secondary" />
            </PostForm>
        </section>
    }
}

// ---- Coverage board ------------------------------------------------------------------------

#[component]
pub fn Coverage() -> impl IntoView {
    let board = Resource::new(|| (), |_| load_coverage());
    view! {
        <Title text="Coverage · Vigil" />
        <h1>"Coverage: the next 7 days"</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match board.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(board) if board.shifts.is_empty() => view! { <p class="empty">"No shifts in the next 7 days. " <a href=routes::WATCHES>"Start a watch"</a></p> }.into_any(),
                                Ok(board) => {
                                    let volunteers: Vec<(String, String)> = board.volunteers.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                                    view! {
                                        <ul class="shifts">
                                            {board.shifts.into_iter().map(|card| view! { <CoverageRow card volunteers=volunteers.clone() echo=echo.clone() /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn CoverageRow(
    card: ShiftCard,
    volunteers: Vec<(String, String)>,
    echo: FormEcho,
) -> impl IntoView {
    let id = card.id;
    let started = card.time != ShiftTime::Upcoming;
    view! {
        <li class="shift" id=format!("shift-{id}")>
            <div class="shift-head">
                <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                <span class="when">{card.when.clone()}</span>
            </div>
            <div class="muted">{card.staffing()} {(card.waitlisted > 0).then(|| format!(" · {} waiting", card.waitlisted))}</div>
            <Flags flags=card.flags.clone() />
            <ul class="plain">
                {card.signed_up.iter().map(|h| {
                    let account = h.account_id.to_string();
                    let account_for_no_show = account.clone();
                    view! {
                        <li>
                            {h.name.clone()}
                            {h.lead.then(|| view! { " " <span class="tag">"lead"</span> })}
                            {h.checked_in.then(|| view! { " " <span class="tag tag-on">"here"</span> })}
                            {h.cant_come.then(|| view! { " " <span class="flag flag-cant">"can't come"</span> })}
                            <PostForm action=format!("/coverage/{id}/remove") echo=echo.clone() class="inline">
                                <Hidden name="account_id" value=account />
                                <SubmitButton label="Remove" class="secondary small" />
                            </PostForm>
                            {started.then(|| view! {
                                <PostForm action=format!("/coverage/{id}/no-show") echo=echo.clone() class="inline">
                                    <Hidden name="account_id" value=account_for_no_show.clone() />
                                    <SubmitButton label="No-show" class="secondary small" />
                                </PostForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PostForm action=format!("/coverage/{id}/assign") echo class="inline">
                <SelectField name="account_id" label="Assign a volunteer" options=volunteers />
                <SubmitButton label="Assign" class="secondary small" />
            </PostForm>
        </li>
    }
}

// ---- Call-outs -----------------------------------------------------------------------------

#[component]
pub fn CallOutPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let callout = Resource::new(id, get_call_out);
    view! {
        <Title text="People needed · Vigil" />
        <h1>"People needed"</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match callout.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(c) => {
                                    let on_it = c.shift.my_status == Some(SeatStatus::SignedUp);
                                    let filled = c.accepted >= c.needed;
                                    view! {
                                        <p class="when-big">{c.shift.facility_name.clone()} " · " {c.shift.when.clone()}</p>
                                        <p>{c.accepted} " of " {c.needed} " places taken."</p>
                                        {if on_it {
                                            view! { <p><a class="button" href=c.shift.path()>"You're on it: see the shift"</a></p> }.into_any()
                                        } else if filled {
                                            view! { <p class="notice">"It's filled. Thank you for answering."</p> }.into_any()
                                        } else {
                                            view! {
                                                <PostForm action=format!("/call-outs/{}/accept", c.id) echo>
                                                    <SubmitButton label="I can come" />
                                                </PostForm>
                                            }.into_any()
                                        }}
                                        {(!c.shift.facility_notes.is_empty()).then(|| view! { <p class="pre">{c.shift.facility_notes.clone()}</p> })}
                                    }.into_any()
                                }
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}
