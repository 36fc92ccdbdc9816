//! Hearing pages: hearings needing people, a hearing, my hearings, a coordinator's new
//! hearing form and the CSV import. Every button is a plain form: all of it works with
//! JavaScript off.
use super::api::{browse_hearings, get_hearing, hearing_form_options, my_hearings};
use super::{HearingCard, HearingDetail, HearingKind, HearingStatus, ImportColumn, ImportPreview};
use crate::accounts::api::PageContext;
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextArea, TextField};
use crate::routes;
use crate::shell::{DoneNotice, ErrorNotice, RequireRole, WithPage};
use crate::signups::SeatStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "Hearing added. Accompaniers can find it now.",
        "signed-up" => "You're signed up. We'll remind you before the hearing, and tell you at once if it moves.",
        "waitlisted" => "It has all the accompaniers it wants: you're on the waitlist. If a place frees, it's yours and we'll email you.",
        "dropped" => "Done: you're off this hearing. Thank you for letting us know in time.",
        "cant-come" => "The coordinators know you can't come. They'll find someone.",
        "still-coming" => "Thank you: the coordinators see you're still coming at the new time.",
        "cant-make-it" => "Done: your place is open for someone else, and the coordinators know.",
        "moved" => "Hearing moved. Everyone signed up has been told and asked if they can still come.",
        "cancelled" => "Hearing cancelled. Everyone signed up has been told.",
        "outcome" => "Outcome recorded.",
        _ => return None,
    })
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "Nobody yet".into()
    } else {
        list.join(", ")
    }
}

fn status_tag(card: &HearingCard) -> Option<AnyView> {
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

/// One hearing button: a form to `/hearings/{id}/{action}`.
#[component]
fn HearingButton(
    id: i64,
    action: &'static str,
    label: &'static str,
    echo: FormEcho,
    #[prop(optional)] back: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <PostForm action=format!("/hearings/{id}/{action}") echo class="inline">
            {(!back.is_empty()).then(|| view! { <Hidden name="back" value=back /> })}
            <SubmitButton label class=if secondary { "secondary" } else { "" } />
        </PostForm>
    }
}

/// A hearing in a list, with its sign-up button.
#[component]
fn HearingItem(card: HearingCard, echo: FormEcho) -> impl IntoView {
    let id = card.id;
    let on = matches!(
        card.my_status,
        Some(SeatStatus::SignedUp | SeatStatus::Waitlisted)
    );
    let full = card.free_seats() == 0;
    view! {
        <li class="shift hearing" id=format!("hearing-{id}")>
            <div class="shift-head">
                <a href=card.path()><strong>{card.title()}</strong></a>
                <span class="when">{card.when.clone()}</span>
            </div>
            <div class="muted">{card.staffing()} {(card.waitlisted > 0).then(|| format!(" · {} waiting", card.waitlisted))}
                {(!card.languages.is_empty()).then(|| format!(" · Languages: {}", card.languages.join(", ")))}</div>
            <div class="muted">"With: " {names(&card.signed_up)}</div>
            {status_tag(&card)}
            {match card.my_status {
                Some(SeatStatus::SignedUp) => Some(view! { <p class="tag tag-on">"You're going"</p> }.into_any()),
                Some(SeatStatus::Waitlisted) => Some(view! { <p class="tag">"On the waitlist"</p> }.into_any()),
                _ => None,
            }}
            {(!on && !card.past && card.status.is_open()).then(|| view! {
                <HearingButton id action="sign-up" label=if full { "Join the waitlist" } else { "Sign up" } echo />
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
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match browse.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(b) => {
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
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

/// What the viewer can do about their place.
#[component]
fn SeatActions(
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
                        <HearingButton id action="still-coming" label="I can still come" echo=echo.clone() back />
                        <HearingButton id action="cant-make-it" label="I can't make the new time" echo=echo.clone() back secondary=true />
                    </div>
                </section>
            })}
            <div class="actions">
                {(!card.past && card.before_cutoff && !card.needs_reply).then(|| view! { <HearingButton id action="drop" label="Drop this hearing" echo=echo.clone() back secondary=true /> })}
                {(!card.past && !card.before_cutoff && !card.my_cant_come).then(|| view! {
                    <HearingButton id action="cant-come" label="I can't come" echo=echo.clone() back secondary=true />
                })}
                {card.my_cant_come.then(|| view! { <p class="muted">"The coordinators know you can't come."</p> })}
            </div>
        }.into_any(),
        Some(SeatStatus::Waitlisted) => view! {
            <p>"You're #" {card.my_waitlist_place.unwrap_or(1)} " on the waitlist. If a place frees, it's yours and we'll email you."</p>
            <HearingButton id action="drop" label="Leave the waitlist" echo back secondary=true />
        }.into_any(),
        Some(SeatStatus::Removed) => view! { <p class="muted">"A coordinator took you off this hearing."</p> }.into_any(),
        _ if card.past => view! { <p class="muted">"This hearing has started."</p> }.into_any(),
        _ => {
            let full = card.free_seats() == 0;
            view! { <HearingButton id action="sign-up" label=if full { "Join the waitlist" } else { "Sign up" } echo /> }.into_any()
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
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match hearing.await {
                                Err(err) => view! { <h1>"Hearing"</h1><ErrorNotice error=err /> }.into_any(),
                                Ok(detail) => view! { <HearingView detail echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

/// The person, the courtroom and the outcome: only what this viewer may see.
#[component]
fn Insider(detail: HearingDetail) -> impl IntoView {
    let person = detail.person.clone();
    let show = person.is_some() || detail.courtroom.is_some() || detail.outcome_note.is_some();
    show.then(|| view! {
        <section class="card private" aria-labelledby="private-h">
            <h2 id="private-h">"For the people going"</h2>
            <p class="muted">"Don't write these down or share them."</p>
            <dl>
                {person.map(|p| view! {
                    <dt>"Person"</dt>
                    <dd>{if detail.coordinator { view! { <a href=format!("/people/{}", p.id)>{p.alias.clone()}</a> }.into_any() } else { view! { {p.alias.clone()} }.into_any() }}</dd>
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
fn HearingView(detail: HearingDetail, echo: FormEcho) -> impl IntoView {
    let card = detail.card.clone();
    let id = card.id;
    view! {
        <h1>{card.title()}</h1>
        <p class="when-big">{card.when.clone()} " " {status_tag(&card)}</p>
        {(!card.moved_from.is_empty()).then(|| view! { <p class="muted">"Moved from " {card.moved_from.join(", then from ")}</p> })}
        {(!card.court_address.is_empty()).then(|| view! { <p>{card.court_address.clone()}</p> })}
        <p><strong>{card.meet.clone()}</strong></p>
        <p>{card.staffing()} {(card.waitlisted > 0).then(|| format!(" · {} on the waitlist", card.waitlisted))}</p>
        {(!card.languages.is_empty()).then(|| view! { <p>"Languages needed: " {card.languages.join(", ")}</p> })}
        <p class="muted">"Going: " {names(&card.signed_up)}</p>
        <SeatActions card=card.clone() echo=echo.clone() />
        <Insider detail=detail.clone() />
        {detail.next_hearing_id.map(|next| view! { <p><a href=format!("/hearings/{next}")>"Next hearing"</a></p> })}
        <p class="muted"><a href=format!("/hearings/{id}/calendar.ics") rel="nofollow">"Add this hearing to my calendar (.ics)"</a></p>
        {detail.can_record_outcome.then(|| view! {
            <section class="card" aria-labelledby="outcome-h">
                <h2 id="outcome-h">"After the hearing"</h2>
                <PostForm action=format!("/hearings/{id}/outcome") echo=echo.clone()>
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
                <PostForm action=format!("/hearings/{id}/move") echo=echo.clone()>
                    <TextField name="starts_at" label="Move to" kind="datetime-local" value=detail.start_input.clone() hint="In the court's local time. Everyone signed up is told at once." />
                    <SubmitButton label="Move hearing" />
                </PostForm>
                <PostForm action=format!("/hearings/{id}/cancel") echo=echo.clone() class="inline">
                    <SubmitButton label="Cancel hearing" class="secondary" />
                </PostForm>
            </section>
        })}
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
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match mine.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok((upcoming, past)) => view! {
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
                                                        <a href=card.path()><strong>{card.title()}</strong></a>
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
                                            <li><a href=card.path()>{card.title()}</a> " · " {card.when.clone()} " " {status_tag(&card)}</li>
                                        }).collect_view()}</ul>
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

fn kind_options() -> Vec<(String, String)> {
    HearingKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect()
}

#[component]
pub fn HearingNew() -> impl IntoView {
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text="New hearing · Vigil" />
        <h1>"New hearing"</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match options.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(o) if o.courts.is_empty() => view! {
                                    <p class="empty">"Add the court first: a " <a href=routes::FACILITIES>"facility"</a> " of kind courthouse."</p>
                                }.into_any(),
                                Ok(o) => {
                                    let people: Vec<(String, String)> = std::iter::once((String::new(), "Choose…".to_string()))
                                        .chain(o.people.iter().map(|(id, alias)| (id.to_string(), format!("{alias} (#{id})"))))
                                        .collect();
                                    let courts: Vec<(String, String)> = o.courts.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                                    view! {
                                        <PostForm action=routes::HEARINGS echo>
                                            <SelectField name="person_id" label="Person" options=people hint="Add them under People first if they're not here." />
                                            <SelectField name="court_id" label="Court" options=courts />
                                            <TextField name="starts_at" label="Date and time" kind="datetime-local" required=true hint="In the court's local time." />
                                            <SelectField name="kind" label="Hearing type" options=kind_options() selected="master" />
                                            <TextField name="courtroom" label="Courtroom or judge" hint="Shown only to coordinators and the accompaniers going. Stored encrypted." />
                                            <TextField name="languages" label="Languages needed" hint="e.g. Spanish, Mam. Accompaniers filter by these." />
                                            <TextField name="wanted" label="Accompaniers wanted" kind="number" value="2" />
                                            <TextField name="meeting_point" label="Meeting point" hint="Where accompaniers meet, e.g. “front steps”." />
                                            <TextField name="meet_minutes" label="Meet this many minutes before" kind="number" value="30" />
                                            <SubmitButton label="Add hearing" />
                                        </PostForm>
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
pub fn HearingImport() -> impl IntoView {
    let query = use_query_map();
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text="Import hearings · Vigil" />
        <h1>"Import hearings from a CSV docket"</h1>
        {move || query.with(|q| (q.get("done"), q.get("added"), q.get("skipped"))).0.filter(|d| d == "imported").map(|_| {
            let (added, skipped) = query.with(|q| (q.get("added").unwrap_or_default(), q.get("skipped").unwrap_or_default()));
            view! { <p class="notice" role="status">"Imported " {added} " hearings (" {skipped} " were already in Vigil). " <a href=routes::HEARINGS>"See hearings"</a></p> }
        })}
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::HEARINGS_IMPORT).unwrap_or_default();
            let preview: Option<ImportPreview> = echo.value("preview").and_then(|json| serde_json::from_str(&json).ok());
            view! {
                {echo.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <form method="post" action=routes::HEARINGS_IMPORT enctype="multipart/form-data" class="card">
                    <p class="hint">"Export the docket as CSV. Next you'll match its columns and check every row; nothing is imported until you accept. Importing the same file again adds nothing twice."</p>
                    <div class="field">
                        <label for="f-file">"CSV file"</label>
                        <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true />
                    </div>
                    <button type="submit" class="button">"Preview"</button>
                </form>
                <Suspense fallback=|| ()>
                    {move || {
                        let echo = echo.clone();
                        let preview = preview.clone();
                        Suspend::new(async move {
                            let courts: Vec<(String, String)> = std::iter::once((String::new(), "From the court column".to_string()))
                                .chain(options.await.map(|o| o.courts).unwrap_or_default().into_iter().map(|(id, name)| (id.to_string(), name)))
                                .collect();
                            preview.map(|p| view! { <ImportPreviewForm preview=p echo courts /> })
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn ImportPreviewForm(
    preview: ImportPreview,
    echo: FormEcho,
    courts: Vec<(String, String)>,
) -> impl IntoView {
    let columns: Vec<(String, String)> =
        std::iter::once((String::new(), "(not in this file)".to_string()))
            .chain(preview.headers.iter().enumerate().map(|(i, h)| {
                (
                    i.to_string(),
                    if h.is_empty() {
                        format!("Column {}", i + 1)
                    } else {
                        h.clone()
                    },
                )
            }))
            .collect();
    let chosen = |key: &str| {
        preview
            .mapping
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, i)| *i)
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    let csv = echo.value("csv").unwrap_or_default();
    // With no court column and a single court, that court (as the server assumes).
    let court_chosen = echo
        .value("court_id")
        .filter(|v| !v.is_empty())
        .or_else(|| {
            (courts.len() == 2 && chosen(ImportColumn::Court.key()).is_empty())
                .then(|| courts[1].0.clone())
        })
        .unwrap_or_default();
    let importable = preview.importable();
    view! {
        <section class="card" aria-labelledby="preview-h">
            <h2 id="preview-h">"Preview"</h2>
            {preview.file_error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {(preview.file_error.is_none()).then(|| view! {
                <p role="status">{preview.new_rows} " new · " {preview.duplicates} " already in Vigil · " {preview.error_rows} " with problems"</p>
            })}
            {(preview.error_rows > 0).then(|| view! {
                <p class="form-error" role="alert">"Nothing will be imported until every row is right. Fix these lines in the file (or the column choices) and preview again."</p>
            })}
            <form method="post" action=routes::HEARINGS_IMPORT>
                <input type="hidden" name="csv" value=csv />
                <input type="hidden" name="mapped" value="1" />
                <fieldset>
                    <legend>"Columns"</legend>
                    {ImportColumn::ALL.into_iter().map(|c| {
                        let selected = chosen(c.key());
                        view! {
                            <div class="field">
                                <label for=format!("f-{}", c.key())>{c.label()}</label>
                                <select id=format!("f-{}", c.key()) name=c.key()>
                                    {columns.iter().map(|(value, text)| view! { <option value=value.clone() selected={*value == selected}>{text.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="f-court_id">"Court for every row"</label>
                    <select id="f-court_id" name="court_id">
                        {courts.into_iter().map(|(value, text)| {
                            let selected = court_chosen == value;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-wanted">"Accompaniers wanted per hearing"</label>
                    <input id="f-wanted" name="wanted" type="number" value={echo.value("wanted").unwrap_or_else(|| "2".into())} />
                </div>
                <div class="field">
                    <label for="f-meeting_point">"Meeting point"</label>
                    <input id="f-meeting_point" name="meeting_point" value=echo.value("meeting_point").unwrap_or_default() />
                </div>
                <table class="import-rows">
                    <thead><tr><th>"Line"</th><th>"Hearing"</th></tr></thead>
                    <tbody>
                        {preview.rows.iter().map(|row| view! {
                            <tr class:row-error={!row.errors.is_empty()}>
                                <td>{row.line}</td>
                                <td>{if row.errors.is_empty() {
                                    view! { {row.summary.clone()} {row.duplicate.then(|| view! { " " <span class="tag">"already in Vigil"</span> })} }.into_any()
                                } else {
                                    view! { <span class="field-error">{format!("Line {}: {}", row.line, row.errors.join("; "))}</span> }.into_any()
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="submit" name="go" value="preview" class="button secondary">"Preview again"</button>
                    {importable.then(|| view! { <button type="submit" name="go" value="import" class="button">{format!("Import {} hearings", preview.new_rows)}</button> })}
                </div>
            </form>
        </section>
    }
}
