//! The tally screen: a tap per item handed out, queued offline and sent when there is
//! signal (the island), with a plain number form for phones without JavaScript.
use super::*;

/// A shift's tally screen (`/shifts/{id}/supplies`).
#[component]
pub fn TallyPage() -> impl IntoView {
    tally_page(TallyAt::Shift)
}

/// A hearing's (`/hearings/{id}/supplies`): fare and food after it.
#[component]
pub fn HearingTallyPage() -> impl IntoView {
    tally_page(TallyAt::Hearing)
}

fn tally_page(at: fn(i64) -> TallyAt) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let tally = Resource::new(move || at(id()), load_tally_at);
    view! {
        <Title text=t!(lang, supplies.tally.title) />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=tally heading=t!(lang, supplies.tally.heading) let:tally>
                    <TallyView tally echo=echo.clone() />
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn TallyView(tally: Tally, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let back = tally.at.page();
    let back_words = match tally.at {
        TallyAt::Shift(_) => t!(lang, supplies.tally.back),
        TallyAt::Hearing(_) => t!(lang, supplies.tally.back_hearing),
    };
    let empty = tally.lines.is_empty();
    let when = t!(
        lang,
        supplies.tally.site_when,
        site = tally.site,
        when = dates::span(lang, &tally.when)
    );
    let words = tally_words(lang, &tally);
    view! {
        <h1>{t!(lang, supplies.tally.heading)}</h1>
        <p class="when-big">{when}</p>
        <p class="muted">{t!(lang, supplies.tally.intro)}</p>
        {if empty {
            view! { <p class="empty">{t!(lang, supplies.tally.empty)}</p> }.into_any()
        } else {
            view! { <TallyScreen at=tally.at lines=tally.lines.clone() words><QuantityForm tally=tally.clone() echo /></TallyScreen> }.into_any()
        }}
        <p><a href=back>{back_words}</a></p>
    }
}

/// Every word the tap screen shows, in the reader's language: the island gets them as props
/// (the browser bundle carries no catalogue). Texts with `{n}` (and `{why}`, `{name}`) are
/// filled in the island.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TallyWords {
    /// The reader's language, for which counts take the "one" form (`Lang::is_one`).
    pub lang: Lang,
    pub release_label: String,
    pub no_release: String,
    /// The releases to count against: `(id, "21:40 · R-14")`.
    pub releases: Vec<(i64, String)>,
    pub all_saved: String,
    pub sending: String,
    /// `{n}` taps kept on the phone until there is signal: the "one" and "other" forms.
    pub waiting: (String, String),
    /// `{n}` taps refused for good, and `{why}`: the "one" and "other" forms.
    pub refused: (String, String),
    /// Why, when the server's answer isn't already in words.
    pub not_signed_in: String,
    pub forbidden: String,
    pub not_found: String,
    pub unreadable: String,
    /// The − and + buttons' labels, with the item's `{name}`.
    pub one_less: String,
    pub hand_out_one: String,
    /// What the kit holds: `{n}`.
    pub kit: String,
}

impl TallyWords {
    /// The "one" or "other" form of `forms` for `n`, with `{n}` filled.
    fn count(&self, forms: &(String, String), n: usize) -> String {
        let form = if self.lang.is_one(n as i64) {
            &forms.0
        } else {
            &forms.1
        };
        form.replace("{n}", &n.to_string())
    }

    /// What to say for a refused batch: the server's words when it sent them (already in
    /// the reader's language), else ours for the kind of error.
    fn why(&self, err: &crate::error::AppError) -> String {
        use crate::error::AppError;
        match err {
            AppError::Told(words) => words.clone(),
            AppError::NotSignedIn => self.not_signed_in.clone(),
            AppError::Forbidden => self.forbidden.clone(),
            AppError::NotFound => self.not_found.clone(),
            _ => self.unreadable.clone(),
        }
    }
}

/// A plural's two forms as they are (with `{n}` unfilled), for the island to fill.
fn plural_forms(lang: Lang, key: crate::i18n::Plural) -> (String, String) {
    let (one, other) = lang.forms(key);
    (one.into(), other.into())
}

pub(super) fn tally_words(lang: Lang, tally: &Tally) -> TallyWords {
    use crate::error::AppError;
    TallyWords {
        lang,
        release_label: t!(lang, supplies.tally.release_label).into(),
        no_release: t!(lang, supplies.tally.no_release).into(),
        releases: release_choices(lang, tally),
        all_saved: t!(lang, supplies.tally.all_saved).into(),
        sending: t!(lang, supplies.tally.sending).into(),
        waiting: plural_forms(lang, crate::i18n::k::supplies::tally::waiting),
        refused: plural_forms(lang, crate::i18n::k::supplies::tally::refused),
        not_signed_in: AppError::NotSignedIn.say(lang),
        forbidden: AppError::Forbidden.say(lang),
        not_found: AppError::NotFound.say(lang),
        unreadable: AppError::Unreadable.say(lang),
        one_less: t!(lang, supplies.tally.one_less).into(),
        hand_out_one: t!(lang, supplies.tally.hand_out_one).into(),
        kit: t!(lang, supplies.tally.kit).into(),
    }
}

/// The page's one island: it arrives as the plain number form (`children`, rendered on the
/// server only, which works without JavaScript); once the wasm runs, the form is hidden and
/// the tap screen shown. What the tap screen needs comes in its props: an island sees no
/// context from the server components around it.
///
/// Its props are plain numbers and words: a time in them would bring chrono's parser into the
/// bundle (13.8 KB brotli, past the page-weight budget).
#[island]
pub(super) fn TallyScreen(
    at: TallyAt,
    lines: Vec<TallyLine>,
    words: TallyWords,
    children: Children,
) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    view! {
        <div hidden=move || interactive.get()>{children()}</div>
        {move || interactive.get().then(|| view! { <TapScreen at lines=lines.clone() words=words.clone() /> })}
    }
}

/// The releases logged on the shift's watch, as options: "21:40 · R-14", "21:40 · release"
/// for one without a label.
pub(super) fn release_choices(lang: Lang, tally: &Tally) -> Vec<(i64, String)> {
    let tz = crate::time::zone(&tally.when.time_zone);
    tally
        .releases
        .iter()
        .map(|(id, at, label)| {
            let label = if label.is_empty() {
                t!(lang, supplies.tally.release_unlabelled)
            } else {
                label.as_str()
            };
            (
                *id,
                t!(
                    lang,
                    supplies.tally.release_option,
                    time = dates::clock(*at, tz),
                    label = label
                ),
            )
        })
        .collect()
}

pub(super) fn release_options(lang: Lang, tally: &Tally) -> Vec<(String, String)> {
    std::iter::once((
        String::new(),
        t!(lang, supplies.tally.no_release).to_string(),
    ))
    .chain(
        release_choices(lang, tally)
            .into_iter()
            .map(|(id, text)| (id.to_string(), text)),
    )
    .collect()
}

/// Without JavaScript: one number per item, sent together.
#[component]
pub(super) fn QuantityForm(tally: Tally, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let action = tally.at.tally_path();
    let releases = release_options(lang, &tally);
    let has_releases = releases.len() > 1;
    let value_of = {
        let echo = echo.clone();
        move |name: &str| {
            if echo.form == tally.at.tally_path() {
                echo.value(name)
            } else {
                None
            }
        }
    };
    // A rejected form keeps its id: sending it again after fixing counts it once.
    let form_id = value_of("form_id").unwrap_or_else(|| tally.form_id.clone());
    view! {
        <PostForm action echo=echo.clone() class="tally-form">
            <Hidden name="form_id" value=form_id />
            {has_releases.then(|| view! { <SelectField name="release_id" label=t!(lang, supplies.tally.release_label) options=releases.clone() /> })}
            <ul class="tally">
                {tally.lines.iter().map(|line| {
                    let name = format!("qty-{}", line.item.id);
                    let id = format!("f-{name}");
                    let error = echo.field_error(&name);
                    let value = value_of(&name).unwrap_or_default();
                    view! {
                        <li class="tally-line" class:has-error=error.is_some()>
                            <label for=id.clone()>
                                <strong>{line.item.name.clone()}</strong>
                                <span class="muted">" · " {t!(lang, supplies.tally.line_counts, this_shift = line.this_shift, kit = line.on_hand)}</span>
                            </label>
                            {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                            <input id=id name=name type="number" inputmode="numeric" min="-500" max="500" step="1" value=value
                                placeholder="0" aria-invalid=error.is_some().then_some("true") />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="hint">{t!(lang, supplies.tally.quantity_hint)}</p>
            <SubmitButton label=t!(lang, supplies.tally.save) />
        </PostForm>
    }
}

/// Where the queued taps stand.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum SendState {
    Saved,
    Sending,
    /// No answer (no signal): kept on the phone, sent when it's back.
    Waiting,
    /// Refused for good (e.g. the shift ended): these taps were not saved, and why.
    Refused(usize, crate::error::AppError),
}

/// With JavaScript: big + and − per item. Each tap is kept on the phone (localStorage)
/// until the server has it, sent at once when there is signal and retried when there isn't.
#[component]
pub(super) fn TapScreen(at: TallyAt, lines: Vec<TallyLine>, words: TallyWords) -> impl IntoView {
    use crate::supplies::Tap;
    let lines = RwSignal::new(lines);
    let queue: RwSignal<Vec<Tap>> = RwSignal::new(tap_queue::load(at));
    let state = RwSignal::new(SendState::Saved);
    let release = RwSignal::new(None::<i64>);
    let releases = words.releases.clone();
    let (release_label, no_release) = (words.release_label.clone(), words.no_release.clone());

    let flush = move || {
        let batch = queue.get_untracked();
        if batch.is_empty() || state.get_untracked() == SendState::Sending {
            return;
        }
        state.set(SendState::Sending);
        leptos::task::spawn_local(async move {
            let sent: Vec<String> = batch.iter().map(|t| t.tap_id.clone()).collect();
            let outcome = crate::supplies::api::send_taps_at(at, batch).await;
            let keep_only_unsent = |q: &mut Vec<Tap>| q.retain(|t| !sent.contains(&t.tap_id));
            match outcome {
                Ok(fresh) => {
                    queue.update(keep_only_unsent);
                    lines.set(fresh);
                    state.set(SendState::Saved);
                }
                // No signal, or the server had a moment: keep them and try again.
                Err(
                    crate::error::AppError::Network
                    | crate::error::AppError::Internal
                    | crate::error::AppError::Unexpected(_)
                    | crate::error::AppError::RateLimited,
                ) => {
                    state.set(SendState::Waiting);
                }
                Err(err) => {
                    let count = sent.len();
                    queue.update(keep_only_unsent);
                    state.set(SendState::Refused(count, err));
                }
            }
            tap_queue::save(at, &queue.get_untracked());
        });
    };
    let tap = move |item_id: i64, delta: i64| {
        queue.update(|q| {
            q.push(Tap {
                tap_id: tap_queue::new_id(),
                item_id,
                delta,
                release_id: release.get_untracked(),
                tapped_at_ms: tap_queue::now_ms(),
            })
        });
        tap_queue::save(at, &queue.get_untracked());
        flush();
    };

    // Taps left from a visit without signal go out now; then every 5 s while any wait,
    // and at once when the phone says it is back online.
    Effect::new(move |_| {
        flush();
        #[cfg(feature = "hydrate")]
        {
            let retry = move || {
                if !queue.get_untracked().is_empty() && state.get_untracked() != SendState::Sending
                {
                    flush();
                }
            };
            if let Ok(handle) = leptos::leptos_dom::helpers::set_interval_with_handle(
                retry,
                std::time::Duration::from_secs(5),
            ) {
                on_cleanup(move || handle.clear());
            }
            let online = window_event_listener(leptos::ev::online, move |_| flush());
            on_cleanup(move || online.remove());
            let leaving = window_event_listener(leptos::ev::beforeunload, move |ev| {
                if !queue.get_untracked().is_empty() {
                    ev.prevent_default();
                }
            });
            on_cleanup(move || leaving.remove());
        }
    });

    let pending = move |item_id: i64| {
        queue.with(|q| {
            q.iter()
                .filter(|t| t.item_id == item_id)
                .map(|t| t.delta)
                .sum::<i64>()
        })
    };
    let status = {
        let words = words.clone();
        move || {
            let waiting = queue.with(|q| q.len());
            match state.get() {
                SendState::Refused(n, err) => {
                    let text = words.count(&words.refused, n).replace("{why}", &words.why(&err));
                    view! { <p class="form-error" role="alert">{text}</p> }.into_any()
                }
                _ if waiting == 0 => view! { <p class="notice tally-status" role="status">{words.all_saved.clone()}</p> }.into_any(),
                SendState::Waiting => view! {
                    <p class="notice notice-error tally-status" role="status">{words.count(&words.waiting, waiting)}</p>
                }.into_any(),
                _ => view! { <p class="notice tally-status" role="status">{words.sending.clone()}</p> }.into_any(),
            }
        }
    };
    view! {
        {(!releases.is_empty()).then(|| view! {
            <div class="field">
                <label for="f-release">{release_label}</label>
                <select id="f-release" on:change=move |ev| release.set(event_target_value(&ev).parse().ok())>
                    <option value="">{no_release}</option>
                    {releases.iter().map(|(id, label)| view! { <option value=id.to_string()>{label.clone()}</option> }).collect_view()}
                </select>
            </div>
        })}
        {status}
        <ul class="tally">
            {move || lines.get().into_iter().map(|line| {
                let id = line.item.id;
                let name = line.item.name.clone();
                let one_less = words.one_less.replace("{name}", &name);
                let hand_out_one = words.hand_out_one.replace("{name}", &name);
                let kit_words = words.kit.clone();
                let count = move || line.this_shift + pending(id);
                let kit = move || line.on_hand - pending(id);
                view! {
                    <li class="tally-line tap">
                        <button type="button" class="tap-button minus" aria-label=one_less
                            on:click=move |_| tap(id, -1) disabled=move || count() <= 0>"−"</button>
                        <div class="tap-count">
                            <strong>{name.clone()}</strong>
                            <span class="big" aria-live="polite">{count}</span>
                            <span class="muted small">{move || kit_words.replace("{n}", &kit().to_string())}</span>
                        </div>
                        <button type="button" class="tap-button plus" aria-label=hand_out_one
                            on:click=move |_| tap(id, 1)>"+"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The phone's copy of taps not yet saved, in localStorage (reached through `js_sys`, no
/// extra web-sys features), so a reload or a closed tab loses nothing.
mod tap_queue {
    use crate::supplies::{TallyAt, Tap};

    fn key(at: TallyAt) -> String {
        at.storage_key()
    }

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<wasm_bindgen::JsValue> {
        let window: wasm_bindgen::JsValue = leptos::prelude::window().into();
        js_sys::Reflect::get(&window, &"localStorage".into())
            .ok()
            .filter(|s| !s.is_undefined() && !s.is_null())
    }

    #[cfg(feature = "hydrate")]
    fn call(name: &str, args: &[&str]) -> Option<wasm_bindgen::JsValue> {
        use wasm_bindgen::JsCast;
        let storage = storage()?;
        let f: js_sys::Function = js_sys::Reflect::get(&storage, &name.into())
            .ok()?
            .dyn_into()
            .ok()?;
        match args {
            [a] => f.call1(&storage, &(*a).into()).ok(),
            [a, b] => f.call2(&storage, &(*a).into(), &(*b).into()).ok(),
            _ => None,
        }
    }

    pub fn load(at: TallyAt) -> Vec<Tap> {
        #[cfg(feature = "hydrate")]
        if let Some(text) = call("getItem", &[&key(at)]).and_then(|v| v.as_string()) {
            return serde_json::from_str(&text).unwrap_or_default();
        }
        let _ = key(at);
        Vec::new()
    }

    pub fn save(at: TallyAt, taps: &[Tap]) {
        #[cfg(feature = "hydrate")]
        {
            let _ = if taps.is_empty() {
                call("removeItem", &[&key(at)])
            } else {
                serde_json::to_string(taps)
                    .ok()
                    .and_then(|json| call("setItem", &[&key(at), &json]))
            };
        }
        let _ = (at, taps);
    }

    /// The phone's clock, in milliseconds since 1970.
    pub fn now_ms() -> Option<i64> {
        #[cfg(feature = "hydrate")]
        {
            Some(js_sys::Date::now() as i64)
        }
        #[cfg(not(feature = "hydrate"))]
        None
    }

    /// Unique enough per phone: time and randomness, letters and digits only.
    pub fn new_id() -> String {
        #[cfg(feature = "hydrate")]
        {
            let now = js_sys::Date::now() as u64;
            let random = (js_sys::Math::random() * 1e15) as u64;
            format!("tap-{now:x}-{random:x}")
        }
        #[cfg(not(feature = "hydrate"))]
        String::new()
    }
}
