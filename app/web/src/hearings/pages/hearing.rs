//! A hearing's page: when and where, the seat buttons, and for those who may see them the
//! courtroom and the person.
use super::*;

pub(super) fn names(lang: Lang, list: &[String]) -> String {
    if list.is_empty() {
        t!(lang, hearings.nobody_yet).into()
    } else {
        list.join(", ")
    }
}

/// "Meet at 08:30" or "Meet at 08:30: front steps", at the court's clock.
pub(super) fn meet(lang: Lang, card: &HearingCard) -> String {
    let time = dates::clock(card.meet_at, crate::time::zone(&card.when.time_zone));
    if card.meeting_point.is_empty() {
        t!(lang, hearings.meet_at, time = time)
    } else {
        t!(
            lang,
            hearings.meet_at_place,
            time = time,
            place = card.meeting_point
        )
    }
}

/// What the viewer can do about their place.
#[component]
pub(super) fn SeatActions(
    card: HearingCard,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let id = card.id;
    if card.status == HearingStatus::Cancelled {
        return view! { <p class="notice">{t!(lang, hearings.seat.cancelled)}</p> }.into_any();
    }
    if card.status == HearingStatus::Completed {
        return view! { <p class="muted">{t!(lang, hearings.seat.over)}</p> }.into_any();
    }
    match card.my_status {
        Some(SeatStatus::SignedUp) => view! {
            {card.needs_reply.then(|| view! {
                <section class="card moved" aria-labelledby=format!("moved-{id}")>
                    <h2 id=format!("moved-{id}")>{t!(lang, hearings.seat.moved_to, when = dates::span(lang, &card.when))}</h2>
                    <p>{t!(lang, hearings.seat.can_still_come)}</p>
                    <div class="actions">
                        <ActionButton action=routes::hearing_action(id, "still-coming") label=t!(lang, hearings.seat.still_coming) echo=echo.clone() back />
                        <ActionButton action=routes::hearing_action(id, "cant-make-it") label=t!(lang, hearings.seat.cant_make_it) echo=echo.clone() back secondary=true />
                    </div>
                </section>
            })}
            <div class="actions">
                {(!card.past && card.before_cutoff && !card.needs_reply).then(|| view! { <ActionButton action=routes::hearing_action(id, "drop") label=t!(lang, hearings.seat.drop) echo=echo.clone() back secondary=true /> })}
                {(!card.past && !card.before_cutoff && !card.my_cant_come).then(|| view! {
                    <ActionButton action=routes::hearing_action(id, "cant-come") label=t!(lang, hearings.seat.cant_come) echo=echo.clone() back secondary=true />
                })}
                {card.my_cant_come.then(|| view! { <p class="muted">{t!(lang, hearings.seat.coordinators_know)}</p> })}
            </div>
        }.into_any(),
        Some(SeatStatus::Waitlisted) => view! {
            <p>{t!(lang, hearings.seat.waitlist_place, place = card.my_waitlist_place.unwrap_or(1))}</p>
            <ActionButton action=routes::hearing_action(id, "drop") label=t!(lang, hearings.seat.leave_waitlist) echo back secondary=true />
        }.into_any(),
        Some(SeatStatus::Removed) => view! { <p class="muted">{t!(lang, hearings.seat.removed)}</p> }.into_any(),
        _ if card.past => view! { <p class="muted">{t!(lang, hearings.seat.started)}</p> }.into_any(),
        _ => {
            let full = card.free_seats() == 0;
            view! { <ActionButton action=routes::hearing_action(id, "sign-up") label=if full { t!(lang, hearings.join_waitlist) } else { t!(lang, hearings.sign_up) } echo /> }.into_any()
        }
    }
}

#[component]
pub fn HearingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let hearing = Resource::new(id, get_hearing);
    let lang = use_lang();
    view! {
        <Title text=t!(lang, hearings.page.title) />
        <crate::shell::offline::KeptOffline />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=hearing heading=t!(lang, hearings.page.heading) let:detail>
                    {
                        let echo = echo.clone();
                        view! { <HearingView detail echo /> }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}

/// The person, the courtroom and the outcome: only what this viewer may see.
#[component]
pub(super) fn Insider(detail: HearingDetail) -> impl IntoView {
    let lang = use_lang();
    let person = detail.person.clone();
    let show = person.is_some() || detail.courtroom.is_some() || detail.outcome_note.is_some();
    // The person and the courtroom are cut out of the copy a phone keeps offline.
    show.then(|| view! {
        <crate::shell::offline::NeverKept>
        <section class="card private" aria-labelledby="private-h">
            <h2 id="private-h">{t!(lang, hearings.insider.heading)}</h2>
            <p class="muted">{t!(lang, hearings.insider.keep_private)}</p>
            <dl>
                {person.map(|p| view! {
                    <dt>{t!(lang, hearings.insider.person)}</dt>
                    <dd>{if detail.coordinator { view! { <a href=routes::person(p.id)>{p.alias.clone()}</a> }.into_any() } else { view! { {p.alias.clone()} }.into_any() }}</dd>
                    {(!p.languages.is_empty()).then(|| view! { <dt>{t!(lang, hearings.insider.their_languages)}</dt><dd>{p.languages.clone()}</dd> })}
                    {(!p.note.is_empty()).then(|| view! { <dt>{t!(lang, hearings.insider.logistics_note)}</dt><dd class="pre">{p.note.clone()}</dd> })}
                })}
                {detail.courtroom.clone().map(|c| view! { <dt>{t!(lang, hearings.insider.courtroom)}</dt><dd>{c}</dd> })}
                {detail.outcome_note.clone().map(|n| view! { <dt>{t!(lang, hearings.insider.outcome)}</dt><dd class="pre">{n}</dd> })}
            </dl>
        </section>
        </crate::shell::offline::NeverKept>
    })
}

#[component]
pub(super) fn HearingView(detail: HearingDetail, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let card = detail.card.clone();
    let id = card.id;
    let tz = crate::time::zone(&card.when.time_zone);
    let moved_from = card
        .moved_from
        .iter()
        .map(|at| dates::moment(lang, *at, tz))
        .collect::<Vec<_>>()
        .join(t!(lang, hearings.view.moved_from_then));
    view! {
        <h1>{hearing_title(lang, &card)}</h1>
        <p class="when-big">{dates::span(lang, &card.when)} " " {status_tag(lang, &card)}</p>
        {(!card.moved_from.is_empty()).then(|| view! { <p class="muted">{t!(lang, hearings.view.moved_from, times = moved_from)}</p> })}
        {(!card.court_address.is_empty()).then(|| view! { <p>{card.court_address.clone()}</p> })}
        <p><strong>{meet(lang, &card)}</strong></p>
        <p>{hearing_staffing(lang, &card)} {(card.waitlisted > 0).then(|| tn!(lang, hearings.view.on_waitlist, card.waitlisted))}</p>
        {(!card.languages.is_empty()).then(|| view! { <p>{t!(lang, hearings.view.languages_needed, languages = card.languages.join(", "))}</p> })}
        <p class="muted">{t!(lang, hearings.going, names = names(lang, &card.signed_up))}</p>
        {(!card.confirmed.is_empty()).then(|| view! { <p class="muted">{t!(lang, hearings.confirmed_by_text, names = names(lang, &card.confirmed))}</p> })}
        <SeatActions card=card.clone() echo=echo.clone() />
        {((detail.coordinator || card.my_status == Some(SeatStatus::SignedUp)) && card.status != HearingStatus::Cancelled)
            .then(|| view! { <crate::supplies::pages::HearingHandoutsLink hearing_id=id /> })}
        <Insider detail=detail.clone() />
        {detail.next_hearing_id.map(|next| view! { <p><a href=routes::hearing(next)>{t!(lang, hearings.view.next_hearing)}</a></p> })}
        <p class="muted"><a href=routes::hearing_action(id, "calendar.ics") rel="nofollow">{t!(lang, hearings.view.add_to_calendar)}</a></p>
        {detail.can_record_outcome.then(|| view! {
            <section class="card" aria-labelledby="outcome-h">
                <h2 id="outcome-h">{t!(lang, hearings.view.after)}</h2>
                <PostForm action=routes::hearing_action(id, "outcome") echo=echo.clone()>
                    <TextField name="next_date" label=t!(lang, hearings.view.next_date) kind="datetime-local" hint=t!(lang, hearings.view.next_date_hint) />
                    <TextArea name="outcome_note" label=t!(lang, hearings.view.outcome_note) hint=t!(lang, hearings.view.outcome_note_hint) rows=3 />
                    <SubmitButton label=t!(lang, hearings.view.record_outcome) />
                </PostForm>
            </section>
        })}
        {(detail.coordinator && card.status.is_open()).then(|| view! {
            <section class="card" aria-labelledby="manage-h">
                <h2 id="manage-h">{t!(lang, hearings.view.coordinators)}</h2>
                {(!detail.confirmations.is_empty() && card.status == HearingStatus::Moved).then(|| view! {
                    <ul class="plain">{detail.confirmations.iter().map(|(name, ok)| view! {
                        <li>{name.clone()} " " {if *ok { view! { <span class="tag tag-on">{t!(lang, hearings.tag.still_coming)}</span> }.into_any() } else { view! { <span class="tag">{t!(lang, hearings.tag.not_answered)}</span> }.into_any() }}</li>
                    }).collect_view()}</ul>
                })}
                <PostForm action=routes::hearing_action(id, "move") echo=echo.clone()>
                    <TextField name="starts_at" label=t!(lang, hearings.view.move_to) kind="datetime-local" value=detail.start_input.clone() hint=t!(lang, hearings.view.move_hint) />
                    <SubmitButton label=t!(lang, hearings.view.move_button) />
                </PostForm>
                <PostForm action=routes::hearing_action(id, "cancel") echo=echo.clone() class="inline">
                    <SubmitButton label=t!(lang, hearings.view.cancel_button) class="secondary" />
                </PostForm>
                <crate::supplies::pages::HearingSourceForm hearing_id=id echo=echo.clone() />
            </section>
        })}
    }
}
