//! A shift on paper (`/shifts/{id}/print`), for the clipboard at the gate: when and where,
//! the facility's notes, who is on, and the release log as blank lines to fill in by hand;
//! and a night's coverage (`/coverage/night`): every shift that night, who is on each. The
//! expected list is printed only when the coordinator ticks it (aliases only, with "shred
//! after the shift" at the foot). The print stylesheet drops everything else.
use super::super::api::{night_sheet, shift_sheet};
use super::super::{NightSheet, ShiftSheet};
use super::*;
use crate::kernel::Label;

/// Blank lines on the release log: a long night's worth.
const LOG_LINES: usize = 14;

#[component]
pub fn ShiftPrint() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let expected = move || query.with(|q| q.get("expected").is_some_and(|v| v == "1"));
    let sheet = Resource::new(
        move || (id(), expected()),
        |(id, expected)| shift_sheet(id, expected),
    );
    view! {
        <Title text=t!(lang, watches.print.title) />
        <RequireRole role=Role::Coordinator render=move |_, _| view! {
            <form method="get" class="no-print card">
                <label><input type="checkbox" name="expected" value="1" checked=expected() />
                    " " {t!(lang, watches.print.include_expected)}</label>
                " " <button type="submit" class="button secondary">{t!(lang, watches.print.show)}</button>
                <p class="hint">{t!(lang, watches.print.how)}</p>
            </form>
            <Loaded data=sheet let:sheet>
                <Sheet sheet=sheet.clone() />
            </Loaded>
        } />
    }
}

#[component]
fn Sheet(sheet: ShiftSheet) -> impl IntoView {
    let lang = use_lang();
    let ShiftSheet { card, expected } = sheet;
    let needs: Vec<&'static str> = Need::ALL.iter().map(|n| n.label(lang)).collect();
    let columns = needs.len() + 3;
    view! {
        <article class="sheet">
            <h1>{t!(lang, watches.shift.watch_at, place = card.facility_name.clone())}</h1>
            <p class="when-big">{dates::span(lang, &card.when)}</p>
            {(!card.facility_address.is_empty()).then(|| view! { <p>{card.facility_address.clone()}</p> })}
            {(!card.facility_notes.is_empty()).then(|| view! {
                <section><h2>{t!(lang, watches.print.notes)}</h2><p class="notes">{card.facility_notes.clone()}</p></section>
            })}
            <section>
                <h2>{t!(lang, watches.shift.who)}</h2>
                <table class="sheet-table">
                    <thead><tr>
                        <th scope="col">{t!(lang, watches.print.name)}</th>
                        <th scope="col">{t!(lang, watches.print.lead)}</th>
                        <th scope="col">{t!(lang, watches.print.arrived)}</th>
                        <th scope="col">{t!(lang, watches.print.left)}</th>
                    </tr></thead>
                    <tbody>
                        {card.signed_up.iter().map(|h| view! {
                            <tr><td>{h.name.clone()}</td><td>{h.lead.then_some("✓")}</td><td></td><td></td></tr>
                        }).collect_view()}
                        // Room for someone who turns up unplanned.
                        <tr><td></td><td></td><td></td><td></td></tr>
                        <tr><td></td><td></td><td></td><td></td></tr>
                    </tbody>
                </table>
            </section>
            <section>
                <h2>{t!(lang, watches.print.log)}</h2>
                <p class="hint">{t!(lang, watches.print.log_hint)}</p>
                <table class="sheet-table log-sheet">
                    <thead><tr>
                        <th scope="col">{t!(lang, watches.print.time)}</th>
                        {needs.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}
                        <th scope="col">{t!(lang, watches.print.still_needs)}</th>
                        <th scope="col">{t!(lang, watches.print.initials)}</th>
                    </tr></thead>
                    <tbody>
                        {(0..LOG_LINES).map(|_| view! {
                            <tr>{(0..columns).map(|_| view! { <td></td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            {expected.map(|aliases| view! {
                <section class="expected-sheet">
                    <h2>{t!(lang, watches.print.expected)}</h2>
                    {if aliases.is_empty() {
                        view! { <p>{t!(lang, watches.print.nobody_expected)}</p> }.into_any()
                    } else {
                        view! { <ul>{aliases.into_iter().map(|a| view! { <li>"☐ " {a}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <footer class="shred">{t!(lang, watches.print.shred)}</footer>
            })}
        </article>
    }
}

/// A night's coverage on paper.
#[component]
pub fn CoverageNight() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let night = move || query.with(|q| q.get("night").unwrap_or_default());
    let expected = move || query.with(|q| q.get("expected").is_some_and(|v| v == "1"));
    let sheet = Resource::new(
        move || (night(), expected()),
        |(night, expected)| night_sheet(night, expected),
    );
    view! {
        <Title text=t!(lang, watches.print.night_title) />
        <RequireRole role=Role::Coordinator render=move |_, _| view! {
            <Loaded data=sheet let:sheet>
                {
                    let (shown, echo) = match sheet {
                        Ok(sheet) => (Some(sheet), None),
                        Err(echo) => (None, Some(echo)),
                    };
                    let day = shown.as_ref().map_or_else(night, |s| s.night.clone());
                    let error = echo.as_ref().and_then(|e| e.field_error("night"));
                    view! {
                        <form method="get" class="no-print card filters">
                            <div class="field" class:has-error=error.is_some()>
                                <label for="f-night">{t!(lang, watches.print.night_label)}</label>
                                {error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                                <input id="f-night" name="night" type="date" value=day />
                            </div>
                            <label><input type="checkbox" name="expected" value="1" checked=expected() />
                                " " {t!(lang, watches.print.include_expected)}</label>
                            " " <button type="submit" class="button secondary">{t!(lang, watches.print.show)}</button>
                            <p class="hint">{t!(lang, watches.print.how)}</p>
                        </form>
                        {shown.map(|sheet| view! { <NightView sheet /> })}
                    }
                }
            </Loaded>
        } />
    }
}

#[component]
fn NightView(sheet: NightSheet) -> impl IntoView {
    let lang = use_lang();
    let NightSheet {
        night,
        shifts,
        expected,
    } = sheet;
    view! {
        <article class="sheet">
            <h1>{t!(lang, watches.print.night_heading, night = dates::day_of(lang, &night))}</h1>
            {if shifts.is_empty() {
                view! { <p>{t!(lang, watches.print.no_shifts)}</p> }.into_any()
            } else {
                view! {
                    <table class="sheet-table">
                        <thead><tr>
                            <th scope="col">{t!(lang, watches.print.time)}</th>
                            <th scope="col">{t!(lang, watches.print.place)}</th>
                            <th scope="col">{t!(lang, watches.print.who)}</th>
                            <th scope="col">{t!(lang, watches.print.staffing)}</th>
                        </tr></thead>
                        <tbody>
                            {shifts.into_iter().map(|card| {
                                let who = card.signed_up.iter()
                                    .map(|h| if h.lead { format!("{} ({})", h.name, t!(lang, watches.print.lead)) } else { h.name.clone() })
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                view! {
                                    <tr>
                                        <td>{dates::span(lang, &card.when)}</td>
                                        <td>{card.facility_name.clone()}</td>
                                        <td>{who}</td>
                                        <td>{crate::kernel::labels::shift_staffing(lang, &card)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {expected.map(|lists| view! {
                <section class="expected-sheet">
                    <h2>{t!(lang, watches.print.expected)}</h2>
                    {lists.into_iter().map(|(place, aliases)| view! {
                        <h3>{place}</h3>
                        {if aliases.is_empty() {
                            view! { <p>{t!(lang, watches.print.nobody_expected)}</p> }.into_any()
                        } else {
                            view! { <ul>{aliases.into_iter().map(|a| view! { <li>"☐ " {a}</li> }).collect_view()}</ul> }.into_any()
                        }}
                    }).collect_view()}
                </section>
                <footer class="shred">{t!(lang, watches.print.shred)}</footer>
            })}
        </article>
    }
}
