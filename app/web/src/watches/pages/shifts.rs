//! Shift pages: open shifts by day, a shift's page with its seat buttons, my shifts.
use super::*;
use crate::kernel::Label;

#[component]
pub fn Flags(flags: Vec<ShiftFlag>) -> impl IntoView {
    let lang = use_lang();
    (!flags.is_empty()).then(|| view! {
        <span class="flags">{flags.into_iter().map(|f| view! { <span class=f.class()>{f.label(lang)}</span> " " }).collect_view()}</span>
    })
}

pub(super) fn names(lang: Lang, helpers: &[Helper]) -> String {
    if helpers.is_empty() {
        return t!(lang, watches.shift.nobody).into();
    }
    helpers
        .iter()
        .map(|h| {
            if h.lead {
                t!(lang, watches.shift.name_lead, name = h.name)
            } else {
                h.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A shift in a list, with the one action that matters most from here.
#[component]
pub(super) fn ShiftItem(card: ShiftCard, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let full = card.free_seats() == 0;
    let action = routes::shift_action(card.id, "sign-up");
    let status = match card.my_status {
        Some(SeatStatus::SignedUp) => Some(t!(lang, watches.shift.on_it).to_string()),
        Some(SeatStatus::Waitlisted) => Some(t!(
            lang,
            watches.shift.waitlist_place,
            place = card.my_waitlist_place.unwrap_or(1)
        )),
        _ => None,
    };
    let can_sign_up = status.is_none() && !card.cancelled && card.time != ShiftTime::Past;
    view! {
        <li class="shift" id=format!("shift-{}", card.id)>
            <div class="shift-head">
                <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                <span class="when">{dates::span(lang, &card.when)}</span>
            </div>
            <div class="muted">{crate::kernel::labels::shift_staffing(lang, &card)} {(card.waitlisted > 0).then(|| tn!(lang, watches.shift.waiting, card.waitlisted))}</div>
            <div class="muted">{t!(lang, watches.shift.with)} {names(lang, &card.signed_up)}</div>
            <Flags flags=card.flags.clone() />
            {status.map(|s| view! { <p class="tag tag-on">{s}</p> })}
            {can_sign_up.then(|| view! {
                <PostForm action=action echo class="inline">
                    <SubmitButton label=if full { t!(lang, watches.shift.join_waitlist) } else { t!(lang, watches.shift.sign_up) } />
                </PostForm>
            })}
        </li>
    }
}

#[component]
pub fn OpenShifts() -> impl IntoView {
    let lang = use_lang();
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
        <Title text=t!(lang, watches.open.title) />
        <h1>{t!(lang, watches.open.heading)}</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <form method="get" action=routes::SHIFTS class="filters">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let options: Vec<(String, String)> = std::iter::once((String::new(), t!(lang, watches.open.all_facilities).to_string()))
                                .chain(facilities.await.unwrap_or_default().into_iter().filter(|f| f.kind != crate::facilities::FacilityKind::Courthouse).map(|f| (f.id.to_string(), f.name)))
                                .collect();
                            view! { <SelectField name="facility" label=t!(lang, watches.open.facility) options selected=facility().map(|f| f.to_string()).unwrap_or_default() /> }
                        })}
                    </Suspense>
                    <TextField name="day" label=t!(lang, watches.open.day) kind="date" value=day().unwrap_or_default() />
                    <button type="submit" class="button secondary">{t!(lang, watches.open.show)}</button>
                </form>
                <Loaded data=shifts let:value>
                    {
                        let echo = echo.clone();
                        match value {
                                open if open.shifts.is_empty() => view! { <p class="empty">{t!(lang, watches.open.empty)}</p> }.into_any(),
                                open => {
                                    let link = move |p: usize| {
                                        let mut q = vec![format!("page={p}")];
                                        if let Some(f) = facility() { q.push(format!("facility={f}")); }
                                        if let Some(d) = day() { q.push(format!("day={d}")); }
                                        format!("{}?{}", routes::SHIFTS, q.join("&"))
                                    };
                                    let (page, pages) = (open.page, open.pages);
                                    view! {
                                        <p class="muted">{tn!(lang, watches.open.count, open.total)} {(pages > 1).then(|| t!(lang, watches.open.page_of, page = page, pages = pages))}</p>
                                        <ShiftList list=open.shifts echo />
                                        {(pages > 1).then(|| view! {
                                            <nav class="pager actions" aria-label=t!(lang, watches.open.more)>
                                                {(page > 1).then(|| view! { <a class="button secondary" href=link(page - 1)>{t!(lang, watches.open.sooner)}</a> })}
                                                {(page < pages).then(|| view! { <a class="button secondary" href=link(page + 1)>{t!(lang, watches.open.later)}</a> })}
                                            </nav>
                                        })}
                                    }.into_any()
                                }
                            }
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn ShiftList(list: Vec<ShiftCard>, echo: FormEcho) -> impl IntoView {
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

/// What the viewer can do about their seat.
#[component]
pub(super) fn SeatActions(
    card: ShiftCard,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let id = card.id;
    if card.cancelled {
        return view! { <p class="notice">{t!(lang, watches.seat.cancelled)}</p> }.into_any();
    }
    match card.my_status {
        Some(SeatStatus::SignedUp) => view! {
            <div class="actions">
                {(card.time == ShiftTime::Now && !card.my_checked_in).then(|| view! { <ActionButton action=routes::shift_action(id, "check-in") label=t!(lang, watches.seat.check_in) echo=echo.clone() back /> })}
                {(card.time == ShiftTime::Now && card.my_checked_in && !card.my_checked_out).then(|| view! { <ActionButton action=routes::shift_action(id, "check-out") label=t!(lang, watches.seat.check_out) echo=echo.clone() back /> })}
                {card.my_checked_out.then(|| view! { <p class="tag tag-on">{t!(lang, watches.seat.checked_out)}</p> })}
                {(card.time != ShiftTime::Past && card.before_cutoff).then(|| view! { <ActionButton action=routes::shift_action(id, "drop") label=t!(lang, watches.seat.drop) echo=echo.clone() back secondary=true /> })}
                {(card.time != ShiftTime::Past && !card.before_cutoff && !card.my_cant_come && !card.my_checked_in).then(|| view! {
                    <ActionButton action=routes::shift_action(id, "cant-come") label=t!(lang, watches.seat.cant_come) echo=echo.clone() back secondary=true />
                })}
                {card.my_cant_come.then(|| view! { <p class="muted">{t!(lang, watches.seat.coordinators_know)}</p> })}
            </div>
        }.into_any(),
        Some(SeatStatus::Waitlisted) => view! {
            <p>{t!(lang, watches.seat.waitlisted, place = card.my_waitlist_place.unwrap_or(1))}</p>
            <ActionButton action=routes::shift_action(id, "drop") label=t!(lang, watches.seat.leave_waitlist) echo back secondary=true />
        }.into_any(),
        Some(SeatStatus::Removed) => view! { <p class="muted">{t!(lang, watches.seat.removed)}</p> }.into_any(),
        _ if card.time == ShiftTime::Past => view! { <p class="muted">{t!(lang, watches.seat.over)}</p> }.into_any(),
        _ => {
            let action = routes::shift_action(id, "sign-up");
            let clash = echo.form == action && echo.field_error("overlap_ok").is_some();
            let full = card.free_seats() == 0;
            view! {
                <PostForm action echo>
                    {clash.then(|| view! {
                        <GroupError name="overlap_ok" />
                        <CheckBox name="overlap_ok" value="on" label=t!(lang, watches.seat.anyway) />
                    })}
                    <SubmitButton label=if full { t!(lang, watches.shift.join_waitlist) } else { t!(lang, watches.shift.sign_up) } />
                </PostForm>
            }.into_any()
        }
    }
}

#[component]
pub fn ShiftPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let shift = Resource::new(id, get_shift);
    view! {
        <Title text=t!(lang, watches.shift.title) />
        <crate::shell::offline::KeptOffline />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            let coordinator = ctx.account.as_ref().is_some_and(|a| a.has_role(Role::Coordinator));
            view! {
                <Loaded data=shift heading=t!(lang, watches.shift.heading) let:card>
                    {
                        let echo = echo.clone();
                        let sheet = format!("{}/print", card.path());
                        view! {
                            <ShiftDetail card echo />
                            {coordinator.then(|| view! { <p><a href=sheet>{t!(lang, watches.print.link)}</a></p> })}
                        }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn ShiftDetail(card: ShiftCard, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let on_it = card.my_status == Some(SeatStatus::SignedUp);
    let watch_link = routes::watch(card.watch_id);
    view! {
        <h1>{t!(lang, watches.shift.watch_at, place = card.facility_name)}</h1>
        <p class="when-big">{dates::span(lang, &card.when)}</p>
        {(!card.facility_address.is_empty()).then(|| view! { <p>{card.facility_address.clone()}</p> })}
        <p>{crate::kernel::labels::shift_staffing(lang, &card)} {(card.waitlisted > 0).then(|| tn!(lang, watches.shift.on_waitlist, card.waitlisted))}</p>
        <Flags flags=card.flags.clone() />
        <section class="card" aria-labelledby="who-h">
            <h2 id="who-h">{t!(lang, watches.shift.who)}</h2>
            {if card.signed_up.is_empty() {
                view! { <p class="empty">{t!(lang, watches.shift.nobody_yet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {card.signed_up.iter().map(|h| view! {
                            <li>{h.name.clone()}
                                {h.lead.then(|| view! { " " <span class="tag">{t!(lang, watches.shift.lead)}</span> })}
                                {h.checked_in.then(|| view! { " " <span class="tag tag-on">{t!(lang, watches.shift.here)}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <SeatActions card=card.clone() echo />
        {(!card.facility_notes.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="notes-h">
                <h2 id="notes-h">{t!(lang, watches.watch.notes)}</h2>
                <p class="pre">{card.facility_notes.clone()}</p>
            </section>
        })}
        {on_it.then(|| view! { <p><a class="button secondary" href=watch_link>{t!(lang, watches.shift.log_link)}</a></p> })}
        {(on_it && card.time == ShiftTime::Now).then(|| view! {
            <p><a class="button" href=routes::shift_action(card.id, "supplies")>{t!(lang, watches.shift.hand_out)}</a></p>
        })}
        <p class="muted"><a href=routes::shift_action(card.id, "calendar.ics") rel="nofollow">{t!(lang, watches.shift.calendar)}</a></p>
    }
}

#[component]
pub fn MyShifts() -> impl IntoView {
    let lang = use_lang();
    let mine = Resource::new(|| (), |_| my_shifts());
    view! {
        <Title text=t!(lang, watches.mine.title) />
        <h1>{t!(lang, watches.mine.heading)}</h1>
        <crate::shell::offline::KeptOffline />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=mine let:value>
                    {
                        let echo = echo.clone();
                        let (upcoming, past) = value;
                        view! {
                            {upcoming.is_empty().then(|| view! {
                                <p class="empty">{t!(lang, watches.mine.empty)} <a href=routes::SHIFTS>{t!(lang, watches.mine.find)}</a></p>
                            })}
                            <ul class="shifts">
                                {upcoming.into_iter().map(|card| {
                                    let echo = echo.clone();
                                    view! {
                                        <li class="shift">
                                            <div class="shift-head">
                                                <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                                                <span class="when">{dates::span(lang, &card.when)}</span>
                                            </div>
                                            <div class="muted">{t!(lang, watches.shift.with)} {names(lang, &card.signed_up)}</div>
                                            <SeatActions card echo back=routes::MY_SHIFTS />
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <crate::rides::pages::MyRides echo=echo.clone() />
                            {(!past.is_empty()).then(|| view! {
                                <h2>{t!(lang, watches.mine.past)}</h2>
                                <ul class="plain">
                                    {past.into_iter().map(|c| view! {
                                        <li>{c.facility_name.clone()} " · " {dates::span(lang, &c.when)}
                                            {(c.my_status == Some(SeatStatus::NoShow)).then_some(t!(lang, watches.mine.absent))}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}
