//! The calendar page (`/profile/calendars`): subscribe to my shifts and hearings, a
//! facility's or court's, or (coordinators) everything; see, regenerate and revoke feeds.
use super::api::list_feeds;
use super::{google_link, webcal, FeedsPage};
use crate::accounts::api::PageContext;
use crate::forms::{FormEcho, PostForm, SelectField, SubmitButton};
use crate::routes;
use crate::shell::{ErrorNotice, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
fn NewFeedNotice(url: String) -> impl IntoView {
    view! {
        <section class="card moved" aria-labelledby="new-feed-h">
            <h2 id="new-feed-h">"Your new calendar address"</h2>
            <p>"Copy it now: for your safety Vigil keeps no copy and can't show it again. Anyone with it can see this calendar (never anyone's personal details)."</p>
            <div class="field">
                <label for="f-feed-url">"Calendar address"</label>
                <input id="f-feed-url" class="feed-url" readonly=true value=url.clone() />
            </div>
            <p class="actions">
                <a class="button" href=webcal(&url)>"Subscribe (Apple, Outlook)"</a> " "
                <a class="button secondary" href=google_link(&url) rel="noreferrer">"Add to Google Calendar"</a>
            </p>
        </section>
    }
}

#[component]
fn FeedList(page: FeedsPage, echo: FormEcho) -> impl IntoView {
    let mut kinds = vec![("personal".to_string(), "My shifts and hearings".to_string()), ("facility".to_string(), "One facility or court".to_string())];
    if page.coordinator {
        kinds.push(("coordinator".to_string(), "Everything (coordinators)".to_string()));
    }
    let facilities: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string())).chain(page.facilities.iter().map(|(id, n)| (id.to_string(), n.clone()))).collect();
    view! {
        {if page.feeds.is_empty() {
            view! { <p class="empty">"No calendar feeds yet."</p> }.into_any()
        } else {
            view! {
                <ul class="plain feeds">
                    {page.feeds.iter().map(|f| view! {
                        <li class="card">
                            <strong>{f.title.clone()}</strong>
                            <div class="muted">"Made " {f.created.clone()} {f.last_used.clone().map(|t| format!(" · last fetched {t}"))}</div>
                            <div class="actions">
                                <PostForm action=format!("/profile/calendars/{}/regenerate", f.id) echo=echo.clone() class="inline">
                                    <SubmitButton label="New address" class="secondary" />
                                </PostForm>
                                <PostForm action=format!("/profile/calendars/{}/revoke", f.id) echo=echo.clone() class="inline">
                                    <SubmitButton label="Revoke" class="secondary" />
                                </PostForm>
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <section class="card" aria-labelledby="add-feed-h">
            <h2 id="add-feed-h">"Add a calendar"</h2>
            <PostForm action=routes::CALENDARS echo>
                <SelectField name="kind" label="Which events" options=kinds />
                <SelectField name="facility_id" label="Facility or court (for one facility)" options=facilities />
                <SubmitButton label="Make a calendar address" />
            </PostForm>
        </section>
    }
}

#[component]
pub fn Calendars() -> impl IntoView {
    let query = use_query_map();
    let feeds = Resource::new(|| (), |_| list_feeds());
    view! {
        <Title text="Calendars · Vigil" />
        <h1>"Calendars"</h1>
        <p>"Subscribe in Google, Apple or Outlook calendar: changes (a hearing that moves, a shift you drop) show up by themselves. Calendars show the kind of event, the place and how many people are going — never anything about the people we support."</p>
        {move || query.with(|q| q.get("done")).filter(|d| d == "revoked").map(|_| view! { <p class="notice" role="status">"Revoked: that address no longer works."</p> })}
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            let new_feed = echo.value("new_feed");
            view! {
                {new_feed.map(|url| view! { <NewFeedNotice url /> })}
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match feeds.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(page) => view! { <FeedList page echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}
