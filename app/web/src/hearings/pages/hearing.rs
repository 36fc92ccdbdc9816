//! A hearing's page: when and where, the seat buttons, and for those who may see them the
//! courtroom and the person.
use super::*;

pub(super) fn names(list: &[String]) -> String {
    if list.is_empty() {
        "Nobody yet".into()
    } else {
        list.join(", ")
    }
}

/// What the viewer can do about their place.
#[component]
pub(super) fn SeatActions(
    card: HearingCard,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
) -> impl IntoView {
    let id = card.id;
    if card.status == HearingStatus::Cancelled {
        return view! { <p class="notice">"This hearing was cancelled."</p> }.into_any();
    }
    if card.status == HearingStatus::Completed {
        return view! { <p class="muted">"This hearing is over."</p> }.into_any();
    }
    match card.my_status {
        Some(SeatStatus::SignedUp) => view! {
            {card.needs_reply.then(|| view! {
                <section class="card moved" aria-labelledby=format!("moved-{id}")>
                    <h2 id=format!("moved-{id}")>"This hearing moved to " {card.when.clone()}</h2>
                    <p>"Can you still come?"</p>
                    <div class="actions">
                        <ActionButton action=routes::hearing_action(id, "still-coming") label="I can still come" echo=echo.clone() back />
                        <ActionButton action=routes::hearing_action(id, "cant-make-it") label="I can't make the new time" echo=echo.clone() back secondary=true />
                    </div>
                </section>
            })}
            <div class="actions">
                {(!card.past && card.before_cutoff && !card.needs_reply).then(|| view! { <ActionButton action=routes::hearing_action(id, "drop") label="Drop this hearing" echo=echo.clone() back secondary=true /> })}
                {(!card.past && !card.before_cutoff && !card.my_cant_come).then(|| view! {
                    <ActionButton action=routes::hearing_action(id, "cant-come") label="I can't come" echo=echo.clone() back secondary=true />
                })}
                {card.my_cant_come.then(|| view! { <p class="muted">"The coordinators know you can't come."</p> })}
            </div>
        }.into_any(),
        Some(SeatStatus::Waitlisted) => view! {
            <p>"You're #" {card.my_waitlist_place.unwrap_or(1)} " on the waitlist. If a place frees, it's yours and we'll email you."</p>
            <ActionButton action=routes::hearing_action(id, "drop") label="Leave the waitlist" echo back secondary=true />
        }.into_any(),
        Some(SeatStatus::Removed) => view! { <p class="muted">"A coordinator took you off this hearing."</p> }.into_any(),
        _ if card.past => view! { <p class="muted">"This hearing has started."</p> }.into_any(),
        _ => {
            let full = card.free_seats() == 0;
            view! { <ActionButton action=routes::hearing_action(id, "sign-up") label=if full { "Join the waitlist" } else { "Sign up" } echo /> }.into_any()
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
    view! {
        <Title text="Hearing · Vigil" />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=hearing heading="Hearing" let:detail>
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
    let person = detail.person.clone();
    let show = person.is_some() || detail.courtroom.is_some() || detail.outcome_note.is_some();
    show.then(|| view! {
        <section class="card private" aria-labelledby="private-h">
            <h2 id="private-h">"For the people going"</h2>
            <p class="muted">"Don't write these down or share them."</p>
            <dl>
                {person.map(|p| view! {
                    <dt>"Person"</dt>
                    <dd>{if detail.coordinator { view! { <a href=routes::person(p.id)>{p.alias.clone()}</a> }.into_any() } else { view! { {p.alias.clone()} }.into_any() }}</dd>
                    {(!p.languages.is_empty()).then(|| view! { <dt>"Their languages"</dt><dd>{p.languages.clone()}</dd> })}
                    {(!p.note.is_empty()).then(|| view! { <dt>"Logistics note"</dt><dd class="pre">{p.note.clone()}</dd> })}
                })}
                {detail.courtroom.clone().map(|c| view! { <dt>"Courtroom / judge"</dt><dd>{c}</dd> })}
                {detail.outcome_note.clone().map(|n| view! { <dt>"Outcome"</dt><dd class="pre">{n}</dd> })}
            </dl>
        </section>
    })
}

#[component]
pub(super) fn HearingView(detail: HearingDetail, echo: FormEcho) -> impl IntoView {
    let card = detail.card.clone();
    let id = card.id;
    view! {
        <h1>{crate::kernel::labels::hearing_title(&card)}</h1>
        <p class="when-big">{card.when.clone()} " " {status_tag(&card)}</p>
        {(!card.moved_from.is_empty()).then(|| view! { <p class="muted">"Moved from " {card.moved_from.join(", then from ")}</p> })}
        {(!card.court_address.is_empty()).then(|| view! { <p>{card.court_address.clone()}</p> })}
        <p><strong>{card.meet.clone()}</strong></p>
        <p>{crate::kernel::labels::hearing_staffing(&card)} {(card.waitlisted > 0).then(|| format!(" · {} on the waitlist", card.waitlisted))}</p>
        {(!card.languages.is_empty()).then(|| view! { <p>"Languages needed: " {card.languages.join(", ")}</p> })}
        <p class="muted">"Going: " {names(&card.signed_up)}</p>
        <SeatActions card=card.clone() echo=echo.clone() />
        <Insider detail=detail.clone() />
        {detail.next_hearing_id.map(|next| view! { <p><a href=routes::hearing(next)>"Next hearing"</a></p> })}
        <p class="muted"><a href=routes::hearing_action(id, "calendar.ics") rel="nofollow">"Add this hearing to my calendar (.ics)"</a></p>
        {detail.can_record_outcome.then(|| view! {
            <section class="card" aria-labelledby="outcome-h">
                <h2 id="outcome-h">"After the hearing"</h2>
                <PostForm action=routes::hearing_action(id, "outcome") echo=echo.clone()>
                    <TextField name="next_date" label="Next hearing date (if one was set)" kind="datetime-local" hint="In the court's local time. Creates the next hearing with the same details." />
                    <TextArea name="outcome_note" label="Logistics note" hint="Logistics only (e.g. “bring ID next time”), never facts of the case. Stored encrypted." rows=3 />
                    <SubmitButton label="Record the outcome" />
                </PostForm>
            </section>
        })}
        {(detail.coordinator && card.status.is_open()).then(|| view! {
            <section class="card" aria-labelledby="manage-h">
                <h2 id="manage-h">"Coordinators"</h2>
                {(!detail.confirmations.is_empty() && card.status == HearingStatus::Moved).then(|| view! {
                    <ul class="plain">{detail.confirmations.iter().map(|(name, ok)| view! {
                        <li>{name.clone()} " " {if *ok { view! { <span class="tag tag-on">"still coming"</span> }.into_any() } else { view! { <span class="tag">"not answered"</span> }.into_any() }}</li>
                    }).collect_view()}</ul>
                })}
                <PostForm action=routes::hearing_action(id, "move") echo=echo.clone()>
                    <TextField name="starts_at" label="Move to" kind="datetime-local" value=detail.start_input.clone() hint="In the court's local time. Everyone signed up is told at once." />
                    <SubmitButton label="Move hearing" />
                </PostForm>
                <PostForm action=routes::hearing_action(id, "cancel") echo=echo.clone() class="inline">
                    <SubmitButton label="Cancel hearing" class="secondary" />
                </PostForm>
            </section>
        })}
    }
}
