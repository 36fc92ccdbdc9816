//! The coordinators' coverage board (flagged shifts first, assign and take off) and the
//! urgent call-out page.
use super::*;
use crate::routes;

#[component]
pub fn Coverage() -> impl IntoView {
    let lang = use_lang();
    let board = Resource::new(|| (), |_| load_coverage());
    view! {
        <Title text=t!(lang, watches.coverage.title) />
        <h1>{t!(lang, watches.coverage.heading)}</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <p class="actions"><a class="button secondary" href=routes::COVERAGE_NIGHT>{t!(lang, watches.print.night_link)}</a></p>
                <crate::rides::pages::BoardRides echo=echo.clone() />
                <Loaded data=board let:value>
                    {
                        let echo = echo.clone();
                        match value {
                                board if board.shifts.is_empty() => view! { <p class="empty">{t!(lang, watches.coverage.empty)} <a href=routes::WATCHES>{t!(lang, watches.coverage.start_watch)}</a></p> }.into_any(),
                                board => {
                                    let volunteers: Vec<(String, String)> = board.volunteers.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                                    view! {
                                        <ul class="shifts">
                                            {board.shifts.into_iter().map(|card| view! { <CoverageRow card volunteers=volunteers.clone() echo=echo.clone() /> }).collect_view()}
                                        </ul>
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
pub(super) fn CoverageRow(
    card: ShiftCard,
    volunteers: Vec<(String, String)>,
    echo: FormEcho,
) -> impl IntoView {
    let lang = use_lang();
    let id = card.id;
    let started = card.time != ShiftTime::Upcoming;
    view! {
        <li class="shift" id=format!("shift-{id}")>
            <div class="shift-head">
                <a href=card.path()><strong>{card.facility_name.clone()}</strong></a>
                <span class="when">{dates::span(lang, &card.when)}</span>
            </div>
            <div class="muted">{crate::kernel::labels::shift_staffing(lang, &card)} {(card.waitlisted > 0).then(|| tn!(lang, watches.shift.waiting, card.waitlisted))}</div>
            <Flags flags=card.flags.clone() />
            <ul class="plain">
                {card.signed_up.iter().map(|h| {
                    let account = h.account_id.to_string();
                    let account_for_no_show = account.clone();
                    view! {
                        <li>
                            {h.name.clone()}
                            {h.lead.then(|| view! { " " <span class="tag">{t!(lang, watches.shift.lead)}</span> })}
                            {h.checked_in.then(|| view! { " " <span class="tag tag-on">{t!(lang, watches.shift.here)}</span> })}
                            {h.cant_come.then(|| view! { " " <span class="flag flag-cant">{t!(lang, watches.coverage.cant_come)}</span> })}
                            {(h.confirmed && !h.cant_come).then(|| view! { " " <span class="tag tag-on">{t!(lang, watches.coverage.confirmed)}</span> })}
                            <PostForm action=routes::coverage_action(id, "remove") echo=echo.clone() class="inline">
                                <Hidden name="account_id" value=account />
                                <SubmitButton label=t!(lang, watches.coverage.remove) class="secondary small" />
                            </PostForm>
                            {started.then(|| view! {
                                <PostForm action=routes::coverage_action(id, "no-show") echo=echo.clone() class="inline">
                                    <Hidden name="account_id" value=account_for_no_show.clone() />
                                    <SubmitButton label=t!(lang, watches.coverage.no_show) class="secondary small" />
                                </PostForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PostForm action=routes::coverage_action(id, "assign") echo class="inline">
                <SelectField name="account_id" label=t!(lang, watches.coverage.assign_label) options=volunteers />
                <SubmitButton label=t!(lang, watches.coverage.assign) class="secondary small" />
            </PostForm>
        </li>
    }
}

#[component]
pub fn CallOutPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let callout = Resource::new(id, get_call_out);
    view! {
        <Title text=t!(lang, watches.call_out.title) />
        <h1>{t!(lang, watches.call_out.heading)}</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=callout let:c>
                    {
                        let echo = echo.clone();
                        {
                            let on_it = c.shift.my_status == Some(SeatStatus::SignedUp);
                            let filled = c.accepted >= c.needed;
                            view! {
                                <p class="when-big">{c.shift.facility_name.clone()} " · " {dates::span(lang, &c.shift.when)}</p>
                                <p>{t!(lang, watches.call_out.taken, accepted = c.accepted, needed = c.needed)}</p>
                                {if on_it {
                                    view! { <p><a class="button" href=c.shift.path()>{t!(lang, watches.call_out.on_it)}</a></p> }.into_any()
                                } else if filled {
                                    view! { <p class="notice">{t!(lang, watches.call_out.filled)}</p> }.into_any()
                                } else {
                                    view! {
                                        <PostForm action=routes::call_out_action(c.id, "accept") echo>
                                            <SubmitButton label=t!(lang, watches.call_out.accept) />
                                        </PostForm>
                                    }.into_any()
                                }}
                                {(!c.shift.facility_notes.is_empty()).then(|| view! { <p class="pre">{c.shift.facility_notes.clone()}</p> })}
                            }.into_any()
                        }
                    }
                </Loaded>
            }
        } />
    }
}
