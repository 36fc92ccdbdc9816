//! Lists of hearings: the browse list with its language filter, and my hearings.
use super::*;

pub(super) fn status_tag(card: &HearingCard) -> Option<AnyView> {
    match card.status {
        HearingStatus::Moved => {
            Some(view! { <span class="flag flag-understaffed">"moved"</span> }.into_any())
        }
        HearingStatus::Cancelled => {
            Some(view! { <span class="flag flag-alone">"cancelled"</span> }.into_any())
        }
        HearingStatus::Completed => Some(view! { <span class="tag">"completed"</span> }.into_any()),
        HearingStatus::Scheduled => None,
    }
}

/// A hearing in a list, with its sign-up button.
#[component]
pub(super) fn HearingItem(card: HearingCard, echo: FormEcho) -> impl IntoView {
    let id = card.id;
    let on = matches!(
        card.my_status,
        Some(SeatStatus::SignedUp | SeatStatus::Waitlisted)
    );
    let full = card.free_seats() == 0;
    view! {
        <li class="shift hearing" id=format!("hearing-{id}")>
            <div class="shift-head">
                <a href=card.path()><strong>{crate::kernel::labels::hearing_title(&card)}</strong></a>
                <span class="when">{card.when.clone()}</span>
            </div>
            <div class="muted">{crate::kernel::labels::hearing_staffing(&card)} {(card.waitlisted > 0).then(|| format!(" · {} waiting", card.waitlisted))}
                {(!card.languages.is_empty()).then(|| format!(" · Languages: {}", card.languages.join(", ")))}</div>
            <div class="muted">"With: " {names(&card.signed_up)}</div>
            {status_tag(&card)}
            {match card.my_status {
                Some(SeatStatus::SignedUp) => Some(view! { <p class="tag tag-on">"You're going"</p> }.into_any()),
                Some(SeatStatus::Waitlisted) => Some(view! { <p class="tag">"On the waitlist"</p> }.into_any()),
                _ => None,
            }}
            {(!on && !card.past && card.status.is_open()).then(|| view! {
                <ActionButton action=routes::hearing_action(id, "sign-up") label=if full { "Join the waitlist" } else { "Sign up" } echo />
            })}
        </li>
    }
}

#[component]
pub fn HearingList() -> impl IntoView {
    let query = use_query_map();
    let court = move || {
        query
            .with(|q| q.get("court"))
            .and_then(|f| f.parse::<i64>().ok())
    };
    let language = move || query.with(|q| q.get("language")).filter(|l| !l.is_empty());
    let browse = Resource::new(
        move || (court(), language()),
        |(c, l)| browse_hearings(c, l),
    );
    view! {
        <Title text="Hearings · Vigil" />
        <h1>"Hearings needing accompaniers"</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            let coordinator = ctx.account.as_ref().is_some_and(|a| a.has_role(Role::Coordinator));
            view! {
                {coordinator.then(|| view! {
                    <p class="actions"><a class="button" href=routes::HEARINGS_NEW>"New hearing"</a> " "
                    <a class="button secondary" href=routes::HEARINGS_IMPORT>"Import from a CSV docket"</a></p>
                })}
                <Loaded data=browse let:b>
                    {
                        let echo = echo.clone();
                        {
                            let courts: Vec<(String, String)> = std::iter::once((String::new(), "All courts".to_string()))
                                .chain(b.courts.iter().map(|(id, name)| (id.to_string(), name.clone())))
                                .collect();
                            let languages: Vec<(String, String)> = std::iter::once((String::new(), "Any language".to_string()))
                                .chain(b.languages.iter().map(|l| {
                                    let mine = b.my_languages.iter().any(|m| m.eq_ignore_ascii_case(l));
                                    (l.clone(), if mine { format!("{l} (you speak it)") } else { l.clone() })
                                }))
                                .collect();
                            view! {
                                <form method="get" action=routes::HEARINGS class="filters">
                                    <SelectField name="court" label="Court" options=courts selected=court().map(|c| c.to_string()).unwrap_or_default() />
                                    <SelectField name="language" label="Language needed" options=languages selected=language().unwrap_or_default() />
                                    <button type="submit" class="button secondary">"Show"</button>
                                </form>
                                {if b.hearings.is_empty() {
                                    view! { <p class="empty">"No hearings need accompaniers here right now."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="shifts">
                                            {b.hearings.into_iter().map(|card| view! { <HearingItem card echo=echo.clone() /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
pub fn MyHearings() -> impl IntoView {
    let mine = Resource::new(|| (), |_| my_hearings());
    view! {
        <Title text="My hearings · Vigil" />
        <h1>"My hearings"</h1>
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
                                <p class="empty">"No upcoming hearings. " <a href=routes::HEARINGS>"Find one that needs people"</a></p>
                            })}
                            <ul class="shifts">
                                {upcoming.into_iter().map(|detail| {
                                    let card = detail.card.clone();
                                    let echo = echo.clone();
                                    let anchor = format!("hearing-{}", card.id);
                                    view! {
                                        <li class="shift hearing" id=anchor>
                                            <div class="shift-head">
                                                <a href=card.path()><strong>{crate::kernel::labels::hearing_title(&card)}</strong></a>
                                                <span class="when">{card.when.clone()}</span>
                                            </div>
                                            {status_tag(&card)}
                                            <p>{card.meet.clone()}</p>
                                            <div class="muted">"Going: " {names(&card.signed_up)}</div>
                                            <Insider detail=detail.clone() />
                                            <SeatActions card echo back=routes::MY_HEARINGS />
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(!past.is_empty()).then(|| view! {
                                <h2>"Past"</h2>
                                <ul class="plain">{past.into_iter().map(|card| view! {
                                    <li><a href=card.path()>{crate::kernel::labels::hearing_title(&card)}</a> " · " {card.when.clone()} " " {status_tag(&card)}</li>
                                }).collect_view()}</ul>
                            })}
                        }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}
