//! Supplies pages: the tally screen of a shift (phone-sized; taps queue on the phone while
//! there is no signal), the coordinators' report with charts, and the stock page with the
//! restock, move, count and catalogue forms. Without JavaScript every form is a plain POST.
use super::api::{load_report, load_stock, load_tally};
use super::chart::{ColumnChart, RowChart};
use super::{money, Bar, ItemCategory, StockLine, StockPage, SupplyReport, Tally};
use crate::accounts::api::PageContext;
use crate::accounts::{Account, Role};
use crate::forms::{FormEcho, Hidden, PostForm, SelectField, SubmitButton, TextField};
use crate::routes;
use crate::shell::{DoneNotice, ErrorNotice, RequireRole, WithPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "Saved. Thank you.",
        "item-added" => "Item added.",
        "place-added" => "Storage place added.",
        "threshold-set" => "Low-stock alert saved.",
        "restocked" => "Restock recorded.",
        "moved" => "Move recorded.",
        "counted" => "Count recorded: the stock now matches it.",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// The tally screen

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
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match tally.await {
                                Err(err) => view! { <h1>"Hand out"</h1><ErrorNotice error=err /> }.into_any(),
                                Ok(tally) => view! { <TallyView tally echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn TallyView(tally: Tally, echo: FormEcho) -> impl IntoView {
    let shift_link = format!("/shifts/{}", tally.shift_id);
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
fn TallyScreen(tally: Tally, children: Children) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    view! {
        <div hidden=move || interactive.get()>{children()}</div>
        {move || interactive.get().then(|| view! { <TapScreen tally=tally.clone() /> })}
    }
}

fn release_options(tally: &Tally) -> Vec<(String, String)> {
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
fn QuantityForm(tally: Tally, echo: FormEcho) -> impl IntoView {
    let action = format!("/shifts/{}/supplies", tally.shift_id);
    let releases = release_options(&tally);
    let has_releases = releases.len() > 1;
    let value_of = {
        let echo = echo.clone();
        move |name: &str| {
            if echo.form == format!("/shifts/{}/supplies", tally.shift_id) {
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
enum SendState {
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
fn TapScreen(tally: Tally) -> impl IntoView {
    use super::Tap;
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
            let outcome = super::api::send_taps(shift_id, batch).await;
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
    use super::super::Tap;

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

// ---------------------------------------------------------------------------------------
// The coordinators' report

#[component]
pub fn SuppliesReport() -> impl IntoView {
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from")).unwrap_or_default();
    let to = move || query.with(|q| q.get("to")).unwrap_or_default();
    let report = Resource::new(move || (from(), to()), |(f, t)| load_report(f, t));
    view! {
        <Title text="Supplies · Vigil" />
        <h1>"Supplies"</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, _ctx: PageContext| view! {
            <p class="actions"><a class="button secondary" href=routes::SUPPLIES_STOCK>"Stock, restock and counts"</a></p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                        Ok(Err(echo)) => view! { <RangeForm from=from() to=to() echo=Some(echo) /> }.into_any(),
                        Ok(Ok(report)) => view! { <ReportView report /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

/// The date range (a GET form: the report's address can be bookmarked and shared).
#[component]
fn RangeForm(from: String, to: String, echo: Option<FormEcho>) -> impl IntoView {
    let error = |name: &str| echo.as_ref().and_then(|e| e.field_error(name));
    let (from_error, to_error) = (error("from"), error("to"));
    view! {
        <form method="get" action=routes::SUPPLIES class="filters">
            {(from_error.is_some() || to_error.is_some()).then(|| view! { <p class="form-error" role="alert">"Please check the dates marked below."</p> })}
            <div class="field" class:has-error=from_error.is_some()>
                <label for="f-from">"From"</label>
                {from_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="f-from" name="from" type="date" value=from />
            </div>
            <div class="field" class:has-error=to_error.is_some()>
                <label for="f-to">"To"</label>
                {to_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="f-to" name="to" type="date" value=to />
            </div>
            <button type="submit" class="button secondary">"Show"</button>
        </form>
    }
}

fn stock_rows(lines: Vec<StockLine>) -> impl IntoView {
    lines
        .into_iter()
        .map(|s| {
            let low = s.is_low();
            view! {
                <tr class:low=low>
                    <td>{s.location.clone()}</td>
                    <td>{s.item.clone()}</td>
                    <td class="num">{s.on_hand} " " <span class="muted small">{s.unit.clone()}</span></td>
                    <td class="num">{s.low_below.map(|l| l.to_string()).unwrap_or_default()}</td>
                    <td>
                        {low.then(|| view! { <span class="flag flag-understaffed">"low"</span> " " })}
                        {s.needs_count.then(|| view! { <span class="flag flag-alone">"count needed"</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
fn StockTable(lines: Vec<StockLine>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Place"</th><th scope="col">"Item"</th><th scope="col" class="num">"On hand"</th>
                    <th scope="col" class="num">"Low below"</th><th scope="col">""</th></tr></thead>
                <tbody>{stock_rows(lines)}</tbody>
            </table>
        </div>
    }
}

#[component]
fn BarTable(
    bars: Vec<Bar>,
    caption: &'static str,
    first: &'static str,
    second: &'static str,
    #[prop(optional)] as_money: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" data-chart=caption>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th><th scope="col" class="num">{second}</th></tr></thead>
                <tbody>
                    {bars.into_iter().map(|b| view! {
                        <tr><td>{b.label}</td><td class="num" data-value=b.value.to_string()>{if as_money { money(b.value) } else { b.value.to_string() }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Rows of weekly numbers with a total; `chart` names the chart its totals are drawn in.
#[component]
fn WeekTable(
    rows: Vec<(String, Vec<i64>)>,
    weeks: Vec<String>,
    caption: &'static str,
    first: &'static str,
    chart: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data" data-chart=(!chart.is_empty()).then_some(chart)>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th>
                    {weeks.into_iter().map(|w| view! { <th scope="col" class="num">{w}</th> }).collect_view()}
                    <th scope="col" class="num">"Total"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, counts)| {
                        let sum: i64 = counts.iter().sum();
                        view! {
                            <tr><td>{label}</td>
                                {counts.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                                <td class="num" data-value=sum.to_string()><strong>{sum}</strong></td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ReportView(report: SupplyReport) -> impl IntoView {
    let export = format!("/supplies/export.csv?from={}&to={}", report.from, report.to);
    let total: i64 = report.item_totals.iter().map(|b| b.value).sum();
    let spent: i64 = report.spend.iter().map(|b| b.value).sum();
    let weeks = report.weeks.clone();
    view! {
        <RangeForm from=report.from.clone() to=report.to.clone() echo=None />
        <p class="actions"><a class="button secondary" href=export rel="nofollow" download="">"Download the entries (CSV)"</a></p>
        {view! { <section class="card" aria-labelledby="low-h">
            <h2 id="low-h">"Running low"</h2>
            {if report.low.is_empty() {
                view! { <p class="empty">"Nothing is below its low-stock mark."</p> }.into_any()
            } else {
                view! { <StockTable lines=report.low.clone() caption="Below the low-stock mark" /> }.into_any()
            }}
        </section> }.into_any()}
        {view! { <section aria-labelledby="handouts-h">
            <h2 id="handouts-h">"Handed out, " {report.from.clone()} " to " {report.to.clone()}</h2>
            <p>{total} " items handed out."</p>
            {(total > 0).then(|| view! {
                <ColumnChart title="Handed out per week" bars=report.weekly_totals.clone() />
                <BarTable bars=report.weekly_totals.clone() caption="Handed out per week" first="Week of" second="Handed out" />
                <RowChart title="Handed out per item" bars=report.item_totals.clone() />
                <WeekTable rows=report.items.iter().cloned().zip(report.handouts.iter().cloned()).collect() weeks=weeks.clone()
                    caption="Handed out per item and week" first="Item" chart="Handed out per item" />
                <WeekTable rows=report.site_weeks.clone() weeks=weeks.clone() caption="Handed out per site and week" first="Site" chart="" />
                <div class="table-wrap">
                    <table class="data">
                        <caption>"Handed out per site and item"</caption>
                        <thead><tr><th scope="col">"Site"</th><th scope="col">"Item"</th><th scope="col" class="num">"Handed out"</th></tr></thead>
                        <tbody>{report.by_site.iter().map(|(site, item, n)| view! {
                            <tr><td>{site.clone()}</td><td>{item.clone()}</td><td class="num">{*n}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
        </section> }.into_any()}
        {view! { <section aria-labelledby="spend-h">
            <h2 id="spend-h">"Restock spend"</h2>
            <p>{money(spent)} " spent on supplies in this range."</p>
            {(spent > 0).then(|| view! {
                <ColumnChart title="Restock spend per week" bars=report.spend.clone() money=true />
                <BarTable bars=report.spend.clone() caption="Restock spend per week" first="Week of" second="Spent" as_money=true />
            })}
        </section> }.into_any()}
        {view! { <section aria-labelledby="stock-h">
            <h2 id="stock-h">"Stock on hand"</h2>
            {if report.stock.is_empty() {
                view! { <p class="empty">"Nothing recorded yet. " <a href=routes::SUPPLIES_STOCK>"Record a restock"</a> " to start."</p> }.into_any()
            } else {
                view! { <StockTable lines=report.stock.clone() caption="What each place holds, as recorded" /> }.into_any()
            }}
        </section> }.into_any()}
    }
}

// ---------------------------------------------------------------------------------------
// Stock: restock, move, count, catalogue

#[component]
pub fn SuppliesStock() -> impl IntoView {
    let stock = Resource::new(|| (), |_| load_stock());
    view! {
        <Title text="Stock · Vigil" />
        <h1>"Stock, restock and counts"</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <p class="actions"><a class="button secondary" href=routes::SUPPLIES>"Report"</a></p>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let echo = echo.clone();
                        Suspend::new(async move {
                            match stock.await {
                                Err(err) => view! { <ErrorNotice error=err /> }.into_any(),
                                Ok(page) => view! { <StockForms page echo /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
fn StockForms(page: StockPage, echo: FormEcho) -> impl IntoView {
    let items: Vec<(String, String)> = std::iter::once((String::new(), "— choose —".to_string()))
        .chain(
            page.items
                .iter()
                .map(|i| (i.id.to_string(), format!("{} ({})", i.name, i.unit))),
        )
        .collect();
    let places: Vec<(String, String)> = std::iter::once((String::new(), "— choose —".to_string()))
        .chain(
            page.locations
                .iter()
                .map(|l| (l.id.to_string(), l.name.clone())),
        )
        .chain(
            page.kitless_facilities
                .iter()
                .map(|(id, name)| (format!("f{id}"), format!("{name} kit (new)"))),
        )
        .collect();
    let categories: Vec<(String, String)> = ItemCategory::ALL
        .into_iter()
        .map(|c| (c.key().to_string(), c.label().to_string()))
        .collect();
    let sources = vec![
        ("donation".to_string(), "Donated".to_string()),
        ("purchase".to_string(), "Bought".to_string()),
    ];
    let has_items = !page.items.is_empty();
    // Each form's children own their options.
    let (items_restock, items_move, items_count, items_alert) =
        (items.clone(), items.clone(), items.clone(), items);
    let (places_restock, places_from, places_to, places_count, places_alert) = (
        places.clone(),
        places.clone(),
        places.clone(),
        places.clone(),
        places,
    );
    view! {
        <section aria-labelledby="on-hand-h">
            <h2 id="on-hand-h">"On hand"</h2>
            {if page.stock.is_empty() {
                view! { <p class="empty">"Nothing recorded yet."</p> }.into_any()
            } else {
                view! { <StockTable lines=page.stock.clone() caption="What each place holds, as recorded" /> }.into_any()
            }}
        </section>
        {has_items.then({
            let echo = echo.clone();
            move || view! {
            <section class="card" aria-labelledby="restock-h">
                <h2 id="restock-h">"Record a restock"</h2>
                <PostForm action="/supplies/stock/restock" echo=echo.clone() ids="restock">
                    <SelectField name="item_id" label="Item" options=items_restock />
                    <SelectField name="location" label="Where it went" options=places_restock />
                    <TextField name="quantity" label="How many" kind="number" />
                    <SelectField name="source" label="Donated or bought" options=sources />
                    <TextField name="cost" label="Cost (if bought)" hint="Optional, for the spend report. Like 24.50." />
                    <SubmitButton label="Record restock" />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="move-h">
                <h2 id="move-h">"Move between places"</h2>
                <PostForm action="/supplies/stock/transfer" echo=echo.clone() ids="transfer">
                    <SelectField name="item_id" label="Item" options=items_move />
                    <SelectField name="from" label="From" options=places_from />
                    <SelectField name="to" label="To" options=places_to />
                    <TextField name="quantity" label="How many" kind="number" />
                    <SubmitButton label="Record move" />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="count-h">
                <h2 id="count-h">"Count what's there"</h2>
                <p class="muted">"The count becomes the stock. Where it differs from the records, say why: that's the audit. Count an item that isn't listed at a place to add it."</p>
                <PostForm action="/supplies/stock/count" echo=echo.clone() ids="count">
                    <SelectField name="item_id" label="Item" options=items_count />
                    <SelectField name="location" label="Place" options=places_count />
                    <TextField name="counted" label="Counted" kind="number" />
                    <TextField name="reason" label="Why it differs (if it does)" />
                    <SubmitButton label="Record count" />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="threshold-h">
                <h2 id="threshold-h">"Low-stock alert"</h2>
                <p class="muted">"Coordinators get an email when a place's stock falls below this, and it's in the weekly digest. Leave empty to remove the alert."</p>
                <PostForm action="/supplies/stock/thresholds" echo=echo.clone() ids="thresholds">
                    <SelectField name="item_id" label="Item" options=items_alert />
                    <SelectField name="location" label="Place" options=places_alert />
                    <TextField name="low_below" label="Running low below" kind="number" />
                    <SubmitButton label="Save alert" />
                </PostForm>
            </section>
        }})}
        <section class="card" aria-labelledby="item-h">
            <h2 id="item-h">"Add an item"</h2>
            <PostForm action="/supplies/stock/items" echo=echo.clone() ids="items">
                <TextField name="name" label="Name" hint="Like “Transit card” or “Socks (pair)”." />
                <TextField name="unit" label="Unit" value="each" />
                <SelectField name="category" label="Category" options=categories />
                <SubmitButton label="Add item" />
            </PostForm>
        </section>
        <section class="card" aria-labelledby="place-h">
            <h2 id="place-h">"Add a storage place"</h2>
            <p class="muted">"Each facility's kit is made the first time you restock it."</p>
            <PostForm action="/supplies/stock/locations" echo=echo.clone() ids="locations">
                <TextField name="name" label="Name" hint="Like “Office closet”." />
                <SubmitButton label="Add place" />
            </PostForm>
        </section>
    }
}
