//! Watch pages: the coordinators' list and new-watch form, and a watch's page with its
//! shifts, the release log (live while on shift: the one island here) and the tools.
use super::*;
use crate::kernel::Label;
use crate::routes;

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
                <Loaded data=watches let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">"No watches yet."</p> }.into_any(),
                            list => view! {
                                <ul class="people">{list.into_iter().map(|w| view! { <WatchRow w /> }).collect_view()}</ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
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
pub(super) fn WatchRow(w: WatchSummary) -> impl IntoView {
    view! {
        <li class="person" class:inactive=w.closed>
            <div>
                <a href=routes::watch(w.id)><strong>{w.facility_name.clone()}</strong></a>
                " " <span class="tag">{w.kind.label()}</span>
                <div class="muted">{w.when.clone()}</div>
            </div>
        </li>
    }
}

#[component]
pub(super) fn NewWatchForm(options: Vec<(String, String)>, echo: FormEcho) -> impl IntoView {
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
                <Loaded data=watch heading="Watch" let:detail>
                    {
                        let echo = echo.clone();
                        view! { <WatchView detail echo /> }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn WatchView(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
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
pub(super) fn ReleaseForm(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let action = routes::watch_action(detail.watch.id, "log");
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
pub(super) fn LiveLog(watch_id: i64, initial: Vec<ReleaseEntry>) -> impl IntoView {
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
pub(super) fn ReleaseRow(entry: ReleaseEntry) -> impl IntoView {
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
pub(super) fn CoordinatorTools(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
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
            <PostForm action=routes::watch_action(id, "call-out") echo=echo.clone()>
                <SelectField name="shift_id" label="Shift" options=upcoming.clone() />
                <TextField name="needed" label="People needed" kind="number" value="2" />
                <SubmitButton label="Send call-out" />
            </PostForm>
        </section>
        <section class="card" aria-labelledby="add-shift-h">
            <h2 id="add-shift-h">"Add a shift"</h2>
            <PostForm action=routes::watch_action(id, "shifts") echo=echo.clone()>
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
                <PostForm action=routes::watch_action(id, "expected") echo=echo.clone()>
                    <SelectField name="person_id" label="Person" options=people />
                    <SubmitButton label="Add to expected" class="secondary" />
                </PostForm>
            </section>
        })}
        <section class="card" aria-labelledby="close-h">
            <h2 id="close-h">"Close the watch"</h2>
            <p class="muted">"When the last person is out. Shifts that haven't started are cancelled and their volunteers told."</p>
            <PostForm action=routes::watch_action(id, "close") echo>
                <SubmitButton label="Close watch" class="secondary" />
            </PostForm>
        </section>
    }
}
