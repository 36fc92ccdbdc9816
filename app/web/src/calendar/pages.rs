//! The calendar page (`/profile/calendars`): subscribe to my shifts and hearings, a
//! facility's or court's, or (coordinators) everything; see, regenerate and revoke feeds.
use super::api::list_feeds;
use super::{google_link, webcal, FeedsPage};
use crate::forms::{FormEcho, PostForm, SelectField, SubmitButton};
use crate::i18n::use_lang;
use crate::kernel::PageContext;
use crate::routes;
use crate::shell::{Loaded, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The copy button's words, from the server-rendered page (the browser has no catalogue).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyWords {
    /// "Copy the address"
    pub copy: String,
    /// "Copied"
    pub copied: String,
}

/// Copies `text` to the clipboard. Shown only once the page is interactive (without
/// JavaScript the address is selectable in its field instead). An island: the address is
/// already on the page, so passing it as a prop reveals nothing more.
#[island]
fn CopyButton(text: String, words: CopyWords) -> impl IntoView {
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
            let words = words.clone();
            view! {
                <button type="button" class="button secondary" on:click=copy>
                    {move || if copied.get() { words.copied.clone() } else { words.copy.clone() }}
                </button>
            }
        })
    }
}

#[component]
fn NewFeedNotice(url: String) -> impl IntoView {
    let lang = use_lang();
    let words = CopyWords {
        copy: t!(lang, calendar.new_feed.copy).into(),
        copied: t!(lang, calendar.new_feed.copied).into(),
    };
    view! {
        <section class="card moved" aria-labelledby="new-feed-h">
            <h2 id="new-feed-h">{t!(lang, calendar.new_feed.heading)}</h2>
            <p>{t!(lang, calendar.new_feed.copy_now)}</p>
            <div class="field">
                <label for="f-feed-url">{t!(lang, calendar.new_feed.address)}</label>
                <input id="f-feed-url" class="feed-url" readonly=true value=url.clone() />
            </div>
            <CopyButton text=url.clone() words />
            <p class="actions">
                <a class="button" href=webcal(&url)>{t!(lang, calendar.new_feed.subscribe)}</a> " "
                <a class="button secondary" href=google_link(&url) rel="noreferrer">{t!(lang, calendar.new_feed.google)}</a>
            </p>
        </section>
    }
}

#[component]
fn FeedList(page: FeedsPage, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let mut kinds = vec![
        (
            "personal".to_string(),
            t!(lang, calendar.list.kind_personal).to_string(),
        ),
        (
            "facility".to_string(),
            t!(lang, calendar.list.kind_facility).to_string(),
        ),
    ];
    if page.coordinator {
        kinds.push((
            "coordinator".to_string(),
            t!(lang, calendar.list.kind_coordinator).to_string(),
        ));
    }
    let facilities: Vec<(String, String)> = std::iter::once((String::new(), "—".to_string()))
        .chain(
            page.facilities
                .iter()
                .map(|f| (f.id.to_string(), crate::kernel::labels::feed_place(lang, f))),
        )
        .collect();
    view! {
        {if page.feeds.is_empty() {
            view! { <p class="empty">{t!(lang, calendar.list.empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="plain feeds">
                    {page.feeds.iter().map(|f| view! {
                        <li class="card">
                            <strong>{crate::kernel::labels::feed_title(lang, f.kind, f.facility_name.as_deref())}</strong>
                            <div class="muted">
                                {t!(lang, calendar.list.made, day = f.created)}
                                {f.last_used.as_ref().map(|at| t!(lang, calendar.list.last_fetched, at = at))}
                            </div>
                            <div class="actions">
                                <PostForm action=routes::calendar_action(f.id, "regenerate") echo=echo.clone() class="inline">
                                    <SubmitButton label=t!(lang, calendar.list.regenerate) class="secondary" />
                                </PostForm>
                                <PostForm action=routes::calendar_action(f.id, "revoke") echo=echo.clone() class="inline">
                                    <SubmitButton label=t!(lang, calendar.list.revoke) class="secondary" />
                                </PostForm>
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <section class="card" aria-labelledby="add-feed-h">
            <h2 id="add-feed-h">{t!(lang, calendar.add.heading)}</h2>
            <PostForm action=routes::CALENDARS echo>
                <SelectField name="kind" label=t!(lang, calendar.add.kind) options=kinds />
                <SelectField name="facility_id" label=t!(lang, calendar.add.place) options=facilities />
                <SubmitButton label=t!(lang, calendar.add.make) />
            </PostForm>
        </section>
    }
}

#[component]
pub fn Calendars() -> impl IntoView {
    let query = use_query_map();
    let feeds = Resource::new(|| (), |_| list_feeds());
    let lang = use_lang();
    view! {
        <Title text=t!(lang, calendar.title) />
        <h1>{t!(lang, calendar.heading)}</h1>
        <p>{t!(lang, calendar.intro)}</p>
        {move || query.with(|q| q.get("done")).filter(|d| d == "revoked").map(|_| view! { <p class="notice" role="status">{t!(lang, calendar.revoked)}</p> })}
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
