//! The calendar page (`/profile/calendars`): subscribe to my shifts and hearings, a
//! facility's or court's, or (coordinators) everything; see, regenerate and revoke feeds.
use super::api::list_feeds;
use super::{google_link, webcal, FeedsPage};
use crate::forms::{FormEcho, PostForm, SelectField, SubmitButton};
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{Loaded, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Copies `text` to the clipboard. Shown only once the page is interactive (without
/// JavaScript the address is selectable in its field instead). An island: the address is
/// already on the page, so passing it as a prop reveals nothing more.
#[island]
fn CopyButton(text: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let copied = RwSignal::new(false);
    // Effects run in the browser only: the button appears once hydrated.
    Effect::new(move |_| ready.set(true));
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::{JsCast, JsValue};
            let get = |object: &JsValue, key: &str| {
                js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()
            };
            let window: JsValue = leptos::prelude::window().into();
            let clipboard = get(&window, "navigator").and_then(|n| get(&n, "clipboard"));
            let write = clipboard
                .as_ref()
                .and_then(|c| get(c, "writeText"))
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let (Some(clipboard), Some(write)) = (clipboard, write) {
                copied.set(write.call1(&clipboard, &JsValue::from_str(&text)).is_ok());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    move || {
        ready.get().then(|| {
            let copy = copy.clone();
            view! {
                <button type="button" class="button secondary" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy the address" }}
                </button>
            }
        })
    }
}

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
            <CopyButton text=url.clone() />
            <p class="actions">
                <a class="button" href=webcal(&url)>"Subscribe (Apple, Outlook)"</a> " "
                <a class="button secondary" href=google_link(&url) rel="noreferrer">"Add to Google Calendar"</a>
            </p>
        </section>
    }
}

#[component]
fn FeedList(page: FeedsPage, echo: FormEcho) -> impl IntoView {
    let mut kinds = vec![
        ("personal".to_string(), "My shifts and hearings".to_string()),
        ("facility".to_string(), "One facility or court".to_string()),
    ];
    if page.coordinator {
        kinds.push((
            "coordinator".to_string(),
            "Everything (coordinators)".to_string(),
        ));
    }
    let facilities: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
        .chain(
            page.facilities
                .iter()
                .map(|f| (f.id.to_string(), crate::kernel::labels::feed_place(f))),
        )
        .collect();
    view! {
        {if page.feeds.is_empty() {
            view! { <p class="empty">"No calendar feeds yet."</p> }.into_any()
        } else {
            view! {
                <ul class="plain feeds">
                    {page.feeds.iter().map(|f| view! {
                        <li class="card">
                            <strong>{crate::kernel::labels::feed_title(f.kind, f.facility_name.as_deref())}</strong>
                            <div class="muted">"Made " {f.created.clone()} {f.last_used.clone().map(|t| format!(" · last fetched {t} UTC"))}</div>
                            <div class="actions">
                                <PostForm action=routes::calendar_action(f.id, "regenerate") echo=echo.clone() class="inline">
                                    <SubmitButton label="New address" class="secondary" />
                                </PostForm>
                                <PostForm action=routes::calendar_action(f.id, "revoke") echo=echo.clone() class="inline">
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
                <Loaded data=feeds let:page>
                    {
                        let echo = echo.clone();
                        view! { <FeedList page echo /> }.into_any()
                    }
                </Loaded>
            }
        } />
    }
}
