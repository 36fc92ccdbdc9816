//! Watch pages: the coordinators' list and new-watch form, and a watch's page with its
//! shifts, the release log (live while on shift: the one island here) and the tools.
use super::*;
use crate::kernel::Label;
use crate::routes;

#[component]
pub fn WatchList() -> impl IntoView {
    let lang = use_lang();
    let watches = Resource::new(|| (), |_| list_watches());
    let facilities = Resource::new(|| (), |_| list_facilities());
    view! {
        <Title text=t!(lang, watches.list.title) />
        <h1>{t!(lang, watches.list.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <p class="actions"><a class="button secondary" href=routes::COVERAGE>{t!(lang, watches.list.coverage_board)}</a>
                   " " <a class="button secondary" href=routes::FACILITIES>{t!(lang, watches.list.facilities)}</a></p>
                <Loaded data=watches let:value>
                    {
                        match value {
                            list if list.is_empty() => view! { <p class="empty">{t!(lang, watches.list.empty)}</p> }.into_any(),
                            list => view! {
                                <ul class="people">{list.into_iter().map(|w| view! { <WatchRow w /> }).collect_view()}</ul>
                            }.into_any(),
                        }
                    }
                </Loaded>
                <section class="card" aria-labelledby="new-watch-h">
                    <h2 id="new-watch-h">{t!(lang, watches.list.start_heading)}</h2>
                    <Suspense fallback=move || view! { <p class="loading">{t!(lang, common.loading)}</p> }>
                        {move || {
                            let echo = echo.clone();
                            Suspend::new(async move {
                                let facilities = facilities.await.unwrap_or_default();
                                if facilities.is_empty() {
                                    return view! {
                                        <p>{t!(lang, watches.list.no_facility_before)} <a href=routes::FACILITIES>{t!(lang, watches.list.no_facility_link)}</a> {t!(lang, watches.list.no_facility_after)}</p>
                                    }.into_any();
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

/// A watch's time in words: "Tue 24 Nov, 20:00 – closed Wed 25 Nov, 06:10", or until its
/// end, or "until the last person is out" when it has none.
pub(super) fn watch_when(lang: Lang, w: &WatchSummary) -> String {
    let tz = crate::time::zone(&w.when.time_zone);
    let end = match (w.when.ends_at, w.closed_at) {
        (_, Some(closed)) => t!(
            lang,
            watches.when.closed,
            at = dates::day_time(lang, closed, tz)
        ),
        (Some(end), None) => dates::day_time(lang, end, tz),
        (None, None) => t!(lang, watches.when.open_ended).to_string(),
    };
    t!(
        lang,
        watches.when.span,
        start = dates::day_time(lang, w.when.starts_at, tz),
        end = end
    )
}

#[component]
pub(super) fn WatchRow(w: WatchSummary) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="person" class:inactive=w.closed>
            <div>
                <a href=routes::watch(w.id)><strong>{w.facility_name.clone()}</strong></a>
                " " <span class="tag">{w.kind.label(lang)}</span>
                <div class="muted">{watch_when(lang, &w)}</div>
            </div>
        </li>
    }
}

#[component]
pub(super) fn NewWatchForm(options: Vec<(String, String)>, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let kinds = [WatchKind::Standing, WatchKind::Surge]
        .into_iter()
        .map(|k| (k.key().to_string(), k.label(lang).to_string()))
        .collect();
    view! {
        <PostForm action=routes::WATCHES echo>
            <SelectField name="facility_id" label=t!(lang, watches.new_watch.facility) options />
            <SelectField name="kind" label=t!(lang, watches.new_watch.kind) options=kinds hint=t!(lang, watches.new_watch.kind_hint) />
            <TextField name="starts_at" label=t!(lang, watches.new_watch.starts) kind="datetime-local" required=true hint=t!(lang, watches.new_watch.starts_hint) />
            <TextField name="ends_at" label=t!(lang, watches.new_watch.ends) kind="datetime-local" hint=t!(lang, watches.new_watch.ends_hint) />
            <TextField name="slot_hours" label=t!(lang, watches.new_watch.slot_hours) kind="number" value="4" hint=t!(lang, watches.new_watch.slot_hours_hint) />
            <TextField name="min_volunteers" label=t!(lang, watches.new_watch.min_volunteers) kind="number" value="2" />
            <TextField name="max_volunteers" label=t!(lang, watches.new_watch.max_volunteers) kind="number" value="4" />
            <CheckBox name="needs_lead" value="on" label=t!(lang, watches.new_watch.needs_lead) checked=true />
            <SubmitButton label=t!(lang, watches.new_watch.submit) />
        </PostForm>
    }
}

#[component]
pub fn WatchPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let watch = Resource::new(id, get_watch);
    view! {
        <Title text=t!(lang, watches.watch.title) />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=watch heading=t!(lang, watches.watch.heading) let:detail>
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
    let lang = use_lang();
    let w = detail.watch.clone();
    let id = w.id;
    let words = LogWords::new(lang);
    view! {
        <h1>{w.facility_name.clone()} " — " {w.kind.label(lang)}</h1>
        <p class="when-big">{watch_when(lang, &w)} {w.closed.then(|| view! { " " <span class="tag">{t!(lang, watches.watch.closed)}</span> })}</p>
        {(!detail.facility_address.is_empty()).then(|| view! { <p>{detail.facility_address.clone()}</p> })}
        {(!detail.facility_notes.is_empty()).then(|| view! {
            <details class="card"><summary>{t!(lang, watches.watch.notes)}</summary><p class="pre">{detail.facility_notes.clone()}</p></details>
        })}
        {(!detail.expected.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="expected-h">
                <h2 id="expected-h">{t!(lang, watches.watch.expected_heading)}</h2>
                <p class="muted">{t!(lang, watches.watch.expected_note)}</p>
                <ul class="plain">{detail.expected.iter().map(|e| view! {
                    <li>{e.alias.clone()} {e.released.then(|| view! { " " <span class="tag tag-on">{t!(lang, watches.watch.met)}</span> })}</li>
                }).collect_view()}</ul>
            </section>
        })}
        {detail.log.clone().map(|log| view! {
            <section aria-labelledby="log-h">
                <h2 id="log-h">{t!(lang, watches.watch.log_heading)}</h2>
                {detail.can_log.then(|| view! { <ReleaseForm detail=detail.clone() echo=echo.clone() /> })}
                <LiveLog watch_id=id initial=log_lines(lang, &log) words=words.clone() />
            </section>
        })}
        <section aria-labelledby="shifts-h">
            <h2 id="shifts-h">{t!(lang, watches.watch.shifts_heading)}</h2>
            {if detail.shifts.is_empty() {
                view! { <p class="empty">{t!(lang, watches.watch.no_shifts)}</p> }.into_any()
            } else {
                view! { <ShiftList list=detail.shifts.clone() echo=echo.clone() /> }.into_any()
            }}
        </section>
        {(detail.coordinator && !w.closed).then(|| view! { <CoordinatorTools detail=detail.clone() echo=echo.clone() /> })}
    }
}

#[component]
pub(super) fn ReleaseForm(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let action = routes::watch_action(detail.watch.id, "log");
    let expected: Vec<(String, String)> = std::iter::once((
        String::new(),
        t!(lang, watches.release.not_listed).to_string(),
    ))
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
            <h3>{t!(lang, watches.release.heading)}</h3>
            <TextField name="released_at" label=t!(lang, watches.release.time) kind="datetime-local" value=detail.now_local.clone() />
            <TextField name="label" label=t!(lang, watches.release.label) hint=t!(lang, watches.release.label_hint) />
            {has_expected.then(|| view! { <SelectField name="person_id" label=t!(lang, watches.release.expected) options=expected /> })}
            <fieldset>
                <legend>{t!(lang, watches.release.needs)}</legend>
                <GroupError name="needs" />
                {Need::ALL.into_iter().map(|n| view! { <CheckBox name="needs" value=n.key() label=n.label(lang) /> }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(lang, watches.release.still_needs)}</legend>
                <GroupError name="still_needs" />
                {Need::ALL.into_iter().map(|n| view! { <CheckBox name="still_needs" value=n.key() label=n.label(lang) /> }).collect_view()}
            </fieldset>
            <TextArea name="handoff_note" label=t!(lang, watches.release.handoff) rows=3
                hint=t!(lang, watches.release.handoff_hint) />
            <SubmitButton label=t!(lang, watches.release.submit) />
        </PostForm>
    }
}

/// The live log's fixed words, filled on the server (the browser bundle has no catalogue).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogWords {
    /// "No releases logged yet."
    pub empty: String,
    /// "Logged by ", before the name.
    pub logged_by: String,
}

impl LogWords {
    pub fn new(lang: Lang) -> Self {
        LogWords {
            empty: t!(lang, watches.log.empty).to_string(),
            logged_by: t!(lang, watches.log.logged_by).to_string(),
        }
    }
}

/// The log; with JavaScript on it refreshes itself every 15 seconds. An island: the log is
/// already on the page, so it adds nothing to what the page shows. Its lines come worded
/// from the server (`LogLine`), its fixed words in `words`.
#[island]
pub(super) fn LiveLog(watch_id: i64, initial: Vec<LogLine>, words: LogWords) -> impl IntoView {
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
                    view! { <li class="empty">{words.empty.clone()}</li> }.into_any()
                } else {
                    list.into_iter().map(|line| view! { <ReleaseRow line logged_by=words.logged_by.clone() /> }).collect_view().into_any()
                }
            }}
        </ol>
    }
}

/// One line of the log (inside the island: its words come in `line` and `logged_by`).
#[component]
pub(super) fn ReleaseRow(line: LogLine, logged_by: String) -> impl IntoView {
    let needs = line.needs.join(", ");
    view! {
        <li class="release">
            <div><strong>{line.time.clone()}</strong> " · " {line.label.clone()}
                {(!needs.is_empty()).then(|| view! { " · " <span class="muted">{needs.clone()}</span> })}
                {(!line.still_needs.is_empty()).then(|| view! { " · " <span class="flag flag-cant">{line.still_needs.clone()}</span> })}</div>
            {(!line.handoff_note.is_empty()).then(|| view! { <p class="handoff pre">{line.handoff_note.clone()}</p> })}
            <div class="muted small">{logged_by} {line.logged_by.clone()}</div>
        </li>
    }
}

#[component]
pub(super) fn CoordinatorTools(detail: WatchDetail, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let id = detail.watch.id;
    let upcoming: Vec<(String, String)> = detail
        .shifts
        .iter()
        .filter(|s| s.time != ShiftTime::Past)
        .map(|s| (s.id.to_string(), dates::span(lang, &s.when)))
        .collect();
    let people: Vec<(String, String)> = detail
        .people_options
        .iter()
        .map(|(id, alias)| (id.to_string(), alias.clone()))
        .collect();
    view! {
        <section class="card" aria-labelledby="callout-h">
            <h2 id="callout-h">{t!(lang, watches.tools.call_out_heading)}</h2>
            <p class="muted">{t!(lang, watches.tools.call_out_note)}</p>
            <PostForm action=routes::watch_action(id, "call-out") echo=echo.clone()>
                <SelectField name="shift_id" label=t!(lang, watches.tools.shift) options=upcoming.clone() />
                <TextField name="needed" label=t!(lang, watches.tools.needed) kind="number" value="2" />
                <SubmitButton label=t!(lang, watches.tools.call_out_submit) />
            </PostForm>
        </section>
        <section class="card" aria-labelledby="add-shift-h">
            <h2 id="add-shift-h">{t!(lang, watches.tools.add_shift_heading)}</h2>
            <PostForm action=routes::watch_action(id, "shifts") echo=echo.clone()>
                <TextField name="shift_start" label=t!(lang, watches.tools.starts) kind="datetime-local" />
                <TextField name="shift_end" label=t!(lang, watches.tools.ends) kind="datetime-local" />
                <TextField name="min_volunteers" label=t!(lang, watches.tools.at_least) kind="number" value=detail.watch.min_volunteers.to_string() />
                <TextField name="max_volunteers" label=t!(lang, watches.tools.at_most) kind="number" value=detail.watch.max_volunteers.to_string() />
                <CheckBox name="needs_lead" value="on" label=t!(lang, watches.tools.needs_lead) checked=detail.watch.needs_lead />
                <SubmitButton label=t!(lang, watches.tools.add_shift_submit) />
            </PostForm>
        </section>
        {(!people.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="expect-h">
                <h2 id="expect-h">{t!(lang, watches.tools.expected_heading)}</h2>
                <p class="muted">{t!(lang, watches.tools.expected_note)}</p>
                <PostForm action=routes::watch_action(id, "expected") echo=echo.clone()>
                    <SelectField name="person_id" label=t!(lang, watches.tools.person) options=people />
                    <SubmitButton label=t!(lang, watches.tools.expected_submit) class="secondary" />
                </PostForm>
            </section>
        })}
        <section class="card" aria-labelledby="close-h">
            <h2 id="close-h">{t!(lang, watches.tools.close_heading)}</h2>
            <p class="muted">{t!(lang, watches.tools.close_note)}</p>
            <PostForm action=routes::watch_action(id, "close") echo>
                <SubmitButton label=t!(lang, watches.tools.close_submit) class="secondary" />
            </PostForm>
        </section>
    }
}
