//! Lists of hearings: the browse list with its language filter, and my hearings.
use super::*;

pub(super) fn status_tag(lang: Lang, card: &HearingCard) -> Option<AnyView> {
    match card.status {
        HearingStatus::Moved => Some(
            view! { <span class="flag flag-understaffed">{t!(lang, hearings.tag.moved)}</span> }
                .into_any(),
        ),
        HearingStatus::Cancelled => Some(
            view! { <span class="flag flag-alone">{t!(lang, hearings.tag.cancelled)}</span> }
                .into_any(),
        ),
        HearingStatus::Completed => {
            Some(view! { <span class="tag">{t!(lang, hearings.tag.completed)}</span> }.into_any())
        }
        HearingStatus::Scheduled => None,
    }
}

/// A hearing in a list, with its sign-up button.
#[component]
pub(super) fn HearingItem(card: HearingCard, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let id = card.id;
    let on = matches!(
        card.my_status,
        Some(SeatStatus::SignedUp | SeatStatus::Waitlisted)
    );
    let full = card.free_seats() == 0;
    view! {
        <li class="shift hearing" id=format!("hearing-{id}")>
            <div class="shift-head">
                <a href=card.path()><strong>{hearing_title(lang, &card)}</strong></a>
                <span class="when">{dates::span(lang, &card.when)}</span>
            </div>
            <div class="muted">{hearing_staffing(lang, &card)} {(card.waitlisted > 0).then(|| tn!(lang, hearings.item.waiting, card.waitlisted))}
                {(!card.languages.is_empty()).then(|| t!(lang, hearings.item.languages, languages = card.languages.join(", ")))}</div>
            <div class="muted">{t!(lang, hearings.with, names = names(lang, &card.signed_up))}</div>
            {status_tag(lang, &card)}
            {match card.my_status {
                Some(SeatStatus::SignedUp) => Some(view! { <p class="tag tag-on">{t!(lang, hearings.item.going)}</p> }.into_any()),
                Some(SeatStatus::Waitlisted) => Some(view! { <p class="tag">{t!(lang, hearings.item.waitlisted)}</p> }.into_any()),
                _ => None,
            }}
            {(!on && !card.past && card.status.is_open()).then(|| view! {
                <ActionButton action=routes::hearing_action(id, "sign-up") label=if full { t!(lang, hearings.join_waitlist) } else { t!(lang, hearings.sign_up) } echo />
            })}
        </li>
    }
}

#[component]
pub fn HearingList() -> impl IntoView {
    let lang = use_lang();
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
        <Title text=t!(lang, hearings.list.title) />
        <h1>{t!(lang, hearings.list.heading)}</h1>
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            let coordinator = ctx.account.as_ref().is_some_and(|a| a.has_role(Role::Coordinator));
            view! {
                {coordinator.then(|| view! {
                    <p class="actions"><a class="button" href=routes::HEARINGS_NEW>{t!(lang, hearings.list.new_hearing)}</a> " "
                    <a class="button secondary" href=routes::HEARINGS_IMPORT>{t!(lang, hearings.list.import)}</a></p>
                })}
                <Loaded data=browse let:b>
                    {
                        let echo = echo.clone();
                        {
                            let courts: Vec<(String, String)> = std::iter::once((String::new(), t!(lang, hearings.list.all_courts).to_string()))
                                .chain(b.courts.iter().map(|(id, name)| (id.to_string(), name.clone())))
                                .collect();
                            let languages: Vec<(String, String)> = std::iter::once((String::new(), t!(lang, hearings.list.any_language).to_string()))
                                .chain(b.languages.iter().map(|l| {
                                    let mine = b.my_languages.iter().any(|m| m.eq_ignore_ascii_case(l));
                                    (l.clone(), if mine { t!(lang, hearings.list.you_speak_it, language = l) } else { l.clone() })
                                }))
                                .collect();
                            view! {
                                <form method="get" action=routes::HEARINGS class="filters">
                                    <SelectField name="court" label=t!(lang, hearings.list.court) options=courts selected=court().map(|c| c.to_string()).unwrap_or_default() />
                                    <SelectField name="language" label=t!(lang, hearings.list.language_needed) options=languages selected=language().unwrap_or_default() />
                                    <button type="submit" class="button secondary">{t!(lang, hearings.list.show)}</button>
                                </form>
                                {if b.hearings.is_empty() {
                                    view! { <p class="empty">{t!(lang, hearings.list.empty)}</p> }.into_any()
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
    let lang = use_lang();
    let mine = Resource::new(|| (), |_| my_hearings());
    view! {
        <Title text=t!(lang, hearings.mine.title) />
        <h1>{t!(lang, hearings.mine.heading)}</h1>
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
                                <p class="empty">{t!(lang, hearings.mine.empty)} " " <a href=routes::HEARINGS>{t!(lang, hearings.mine.find_one)}</a></p>
                            })}
                            <ul class="shifts">
                                {upcoming.into_iter().map(|detail| {
                                    let card = detail.card.clone();
                                    let echo = echo.clone();
                                    let anchor = format!("hearing-{}", card.id);
                                    view! {
                                        <li class="shift hearing" id=anchor>
                                            <div class="shift-head">
                                                <a href=card.path()><strong>{hearing_title(lang, &card)}</strong></a>
                                                <span class="when">{dates::span(lang, &card.when)}</span>
                                            </div>
                                            {status_tag(lang, &card)}
                                            <p>{meet(lang, &card)}</p>
                                            <div class="muted">{t!(lang, hearings.going, names = names(lang, &card.signed_up))}</div>
                                            <Insider detail=detail.clone() />
                                            <SeatActions card echo back=routes::MY_HEARINGS />
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(!past.is_empty()).then(|| view! {
                                <h2>{t!(lang, hearings.mine.past)}</h2>
                                <ul class="plain">{past.into_iter().map(|card| view! {
                                    <li><a href=card.path()>{hearing_title(lang, &card)}</a> " · " {dates::span(lang, &card.when)} " " {status_tag(lang, &card)}</li>
                                }).collect_view()}</ul>
                            })}
                        }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}
