//! The tally screen: a tap per item handed out, queued offline and sent when there is
//! signal (the island), with a plain number form for phones without JavaScript.
use super::*;
use crate::routes;

#[component]
pub fn TallyPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let tally = Resource::new(id, load_tally);
    view! {
        <Title text="Hand out · Vigil" />
        <DoneNotice messages=done_message />
        <WithPage render=move |ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=tally heading="Hand out" let:tally>
                    <TallyView tally echo=echo.clone() />
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn TallyView(tally: Tally, echo: FormEcho) -> impl IntoView {
    let shift_link = routes::shift(tally.shift_id);
    let empty = tally.lines.is_empty();
    view! {
        <h1>"Hand out"</h1>
        <p class="when-big">{tally.site.clone()} " kit · " {tally.when.clone()}</p>
        <p class="muted">"Count what you hand out, never who gets it. Everyone on this shift adds to the same count."</p>
        {if empty {
            view! { <p class="empty">"No supplies are listed yet. A coordinator adds them under Supplies."</p> }.into_any()
        } else {
            view! { <TallyScreen tally=tally.clone()><QuantityForm tally=tally.clone() echo /></TallyScreen> }.into_any()
        }}
        <p><a href=shift_link>"Back to the shift"</a></p>
    }
}

/// The page's one island: it arrives as the plain number form (`children`, rendered on the
/// server only, which works without JavaScript); once the wasm runs, the form is hidden and
/// the tap screen shown. What the tap screen needs comes in its props: an island sees no
/// context from the server components around it.
#[island]
pub(super) fn TallyScreen(tally: Tally, children: Children) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    view! {
        <div hidden=move || interactive.get()>{children()}</div>
        {move || interactive.get().then(|| view! { <TapScreen tally=tally.clone() /> })}
    }
}

pub(super) fn release_options(tally: &Tally) -> Vec<(String, String)> {
    std::iter::once((String::new(), "— no particular release —".to_string()))
        .chain(
            tally
                .releases
                .iter()
                .map(|(id, label)| (id.to_string(), label.clone())),
        )
        .collect()
}

/// Without JavaScript: one number per item, sent together.
#[component]
pub(super) fn QuantityForm(tally: Tally, echo: FormEcho) -> impl IntoView {
    let action = routes::shift_action(tally.shift_id, "supplies");
    let releases = release_options(&tally);
    let has_releases = releases.len() > 1;
    let value_of = {
        let echo = echo.clone();
        move |name: &str| {
            if echo.form == routes::shift_action(tally.shift_id, "supplies") {
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
            {has_releases.then(|| view! { <SelectField name="release_id" label="For a release in the log (optional)" options=releases.clone() /> })}
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
                                <span class="muted">" · this shift " {line.this_shift} " · kit " {line.on_hand}</span>
                            </label>
                            {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                            <input id=id name=name type="number" inputmode="numeric" min="-500" max="500" step="1" value=value
                                placeholder="0" aria-invalid=error.is_some().then_some("true") />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="hint">"How many you handed out since you last saved. A minus number takes back a mistake."</p>
            <SubmitButton label="Save handouts" />
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
    /// Refused for good (e.g. the shift ended): these taps were not saved.
    Refused(usize, String),
}

/// With JavaScript: big + and − per item. Each tap is kept on the phone (localStorage)
/// until the server has it, sent at once when there is signal and retried when there isn't.
#[component]
pub(super) fn TapScreen(tally: Tally) -> impl IntoView {
    use crate::supplies::Tap;
    let shift_id = tally.shift_id;
    let lines = RwSignal::new(tally.lines.clone());
    let queue: RwSignal<Vec<Tap>> = RwSignal::new(tap_queue::load(shift_id));
    let state = RwSignal::new(SendState::Saved);
    let release = RwSignal::new(None::<i64>);
    let releases = tally.releases.clone();

    let flush = move || {
        let batch = queue.get_untracked();
        if batch.is_empty() || state.get_untracked() == SendState::Sending {
            return;
        }
        state.set(SendState::Sending);
        leptos::task::spawn_local(async move {
            let sent: Vec<String> = batch.iter().map(|t| t.tap_id.clone()).collect();
            let outcome = crate::supplies::api::send_taps(shift_id, batch).await;
            let keep_only_unsent = |q: &mut Vec<Tap>| q.retain(|t| !sent.contains(&t.tap_id));
            match outcome {
                Ok(fresh) => {
                    queue.update(keep_only_unsent);
                    lines.set(fresh.lines);
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
                    state.set(SendState::Refused(count, err.to_string()));
                }
            }
            tap_queue::save(shift_id, &queue.get_untracked());
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
        tap_queue::save(shift_id, &queue.get_untracked());
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
    let status = move || {
        let waiting = queue.with(|q| q.len());
        match state.get() {
            SendState::Refused(n, why) => view! {
                <p class="form-error" role="alert">{format!("{n} tap{} NOT saved: {why}", if n == 1 { " was" } else { "s were" })}</p>
            }.into_any(),
            _ if waiting == 0 => view! { <p class="notice tally-status" role="status">"All saved."</p> }.into_any(),
            SendState::Waiting => view! {
                <p class="notice notice-error tally-status" role="status">
                    {format!("{waiting} tap{} not sent yet: no signal. They're kept on this phone and sent when the signal is back. Don't clear this browser's data.", if waiting == 1 { "" } else { "s" })}
                </p>
            }.into_any(),
            _ => view! { <p class="notice tally-status" role="status">"Sending…"</p> }.into_any(),
        }
    };
    view! {
        {(!releases.is_empty()).then(|| view! {
            <div class="field">
                <label for="f-release">"For a release in the log (optional)"</label>
                <select id="f-release" on:change=move |ev| release.set(event_target_value(&ev).parse().ok())>
                    <option value="">"— no particular release —"</option>
                    {releases.iter().map(|(id, label)| view! { <option value=id.to_string()>{label.clone()}</option> }).collect_view()}
                </select>
            </div>
        })}
        {status}
        <ul class="tally">
            {move || lines.get().into_iter().map(|line| {
                let id = line.item.id;
                let name = line.item.name.clone();
                let count = move || line.this_shift + pending(id);
                let kit = move || line.on_hand - pending(id);
                view! {
                    <li class="tally-line tap">
                        <button type="button" class="tap-button minus" aria-label=format!("One {name} less")
                            on:click=move |_| tap(id, -1) disabled=move || count() <= 0>"−"</button>
                        <div class="tap-count">
                            <strong>{name.clone()}</strong>
                            <span class="big" aria-live="polite">{count}</span>
                            <span class="muted small">"kit: " {kit}</span>
                        </div>
                        <button type="button" class="tap-button plus" aria-label=format!("Hand out one {name}")
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
    use crate::supplies::Tap;

    fn key(shift_id: i64) -> String {
        format!("vigil-taps-{shift_id}")
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

    pub fn load(shift_id: i64) -> Vec<Tap> {
        #[cfg(feature = "hydrate")]
        if let Some(text) = call("getItem", &[&key(shift_id)]).and_then(|v| v.as_string()) {
            return serde_json::from_str(&text).unwrap_or_default();
        }
        let _ = key(shift_id);
        Vec::new()
    }

    pub fn save(shift_id: i64, taps: &[Tap]) {
        #[cfg(feature = "hydrate")]
        {
            let _ = if taps.is_empty() {
                call("removeItem", &[&key(shift_id)])
            } else {
                serde_json::to_string(taps)
                    .ok()
                    .and_then(|json| call("setItem", &[&key(shift_id), &json]))
            };
        }
        let _ = (shift_id, taps);
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
