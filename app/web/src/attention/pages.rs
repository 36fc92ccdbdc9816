//! The "Needs attention" list on a coordinator's home page: one part per kind of problem,
//! each saying plainly when there is nothing to do. Plain links and one plain form
//! ("Sorted"): no JavaScript needed.
use super::api::needs_attention;
use super::{Attention, CallOutAlert, HearingAlert, ReleaseAlert, RideAlert, ShiftAlert};
use crate::forms::{ActionButton, FormEcho};
use crate::i18n::{dates, use_lang, Lang};
use crate::kernel::Label;
use crate::routes;
use crate::shell::Loaded;
use crate::watches::pages::Flags;
use leptos::prelude::*;
use vigil_domain::supplies::StockLine;

/// The notices after the list's one form.
pub fn done_message(lang: Lang, code: &str) -> Option<String> {
    (code == "sorted").then(|| t!(lang, attention.done.sorted).to_string())
}

#[component]
pub fn NeedsAttention(echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| needs_attention());
    view! {
        <section class="attention" aria-labelledby="attention-h">
            <h2 id="attention-h">{t!(lang, attention.heading)}</h2>
            <Loaded data let:list>
                <List list echo=echo.clone() />
            </Loaded>
        </section>
    }
}

#[component]
fn List(list: Attention, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let clear = list.is_clear();
    let Attention {
        shifts,
        call_outs,
        releases,
        rides,
        hearings,
        supplies,
        failed_deliveries,
        forgetting_soon,
    } = list;
    view! {
        {clear.then(|| view! { <p class="notice" role="status">{t!(lang, attention.all_clear)}</p> })}
        <Part heading=t!(lang, attention.shifts.heading) none=t!(lang, attention.shifts.none) empty=shifts.is_empty() kind="shifts">
            {shifts.into_iter().map(|s| view! { <ShiftLine s /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.call_outs.heading) none=t!(lang, attention.call_outs.none) empty=call_outs.is_empty() kind="call-outs">
            {call_outs.into_iter().map(|c| view! { <CallOutLine c /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.releases.heading) none=t!(lang, attention.releases.none) empty=releases.is_empty() kind="releases">
            {releases.into_iter().map(|r| view! { <ReleaseLine r echo=echo.clone() /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.rides.heading) none=t!(lang, attention.rides.none) empty=rides.is_empty() kind="rides">
            {rides.into_iter().map(|r| view! { <RideLine r /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.hearings.heading) none=t!(lang, attention.hearings.none) empty=hearings.is_empty() kind="hearings">
            {hearings.into_iter().map(|h| view! { <HearingLine h /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.supplies.heading) none=t!(lang, attention.supplies.none) empty=supplies.is_empty() kind="supplies">
            {supplies.into_iter().map(|line| view! { <StockAlert line /> }).collect_view()}
        </Part>
        <Part heading=t!(lang, attention.deliveries.heading) none=t!(lang, attention.deliveries.none) empty=failed_deliveries == 0 kind="deliveries">
            <li><a href=routes::MAIL_PROBLEMS>{tn!(lang, attention.deliveries.failed, failed_deliveries)}</a></li>
        </Part>
        <Part heading=t!(lang, attention.forgetting.heading) none=t!(lang, attention.forgetting.none) empty=forgetting_soon == 0 kind="forgetting">
            <li><a href=routes::PEOPLE>{tn!(lang, attention.forgetting.due, forgetting_soon)}</a></li>
        </Part>
    }
}

/// One kind of problem: its lines, or the plain words for "nothing to do".
#[component]
fn Part(
    #[prop(into)] heading: String,
    #[prop(into)] none: String,
    empty: bool,
    kind: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card attention-part" data-part=kind>
            <h3>{heading}</h3>
            {if empty {
                view! { <p class="empty">{none}</p> }.into_any()
            } else {
                view! { <ul class="plain attention-list">{children()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ShiftLine(s: ShiftAlert) -> impl IntoView {
    let lang = use_lang();
    // The coverage board is where people are put on a shift.
    let href = format!("{}#shift-{}", routes::COVERAGE, s.shift_id);
    view! {
        <li>
            <a href=href><strong>{s.facility}</strong></a> " " <span class="when">{dates::span(lang, &s.when)}</span>
            " · " {t!(lang, attention.shifts.staffing, signed = s.signed_up, min = s.min_volunteers)}
            " " <Flags flags=s.flags />
        </li>
    }
}

#[component]
fn CallOutLine(c: CallOutAlert) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li>
            <a href=routes::call_out(c.call_out_id)><strong>{c.facility}</strong></a> " " <span class="when">{dates::span(lang, &c.when)}</span>
            " · " {t!(lang, attention.call_outs.answered, accepted = c.accepted, needed = c.needed)}
        </li>
    }
}

#[component]
fn ReleaseLine(r: ReleaseAlert, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let needs: Vec<&str> = r.still_needs.iter().map(|n| n.label(lang)).collect();
    let needs = needs.join(", ");
    view! {
        <li>
            <a href=routes::watch(r.watch_id)><strong>{r.facility}</strong></a> " " <span class="when">{dates::span(lang, &r.at)}</span>
            " · " <span class="flag flag-cant">{t!(lang, attention.releases.still, needs = needs)}</span>
            " " <ActionButton action=routes::release_sorted(r.release_id) label=t!(lang, attention.releases.sorted) echo secondary=true />
        </li>
    }
}

#[component]
fn RideLine(r: RideAlert) -> impl IntoView {
    let lang = use_lang();
    let href = format!("{}#ride-{}", routes::COVERAGE, r.ride_id);
    let what = if r.draft {
        t!(lang, attention.rides.draft)
    } else {
        t!(lang, attention.rides.driverless)
    };
    view! {
        <li>
            <a href=href><strong>{r.place}</strong></a> " " <span class="when">{dates::span(lang, &r.when)}</span>
            " · " {what}
        </li>
    }
}

#[component]
fn HearingLine(h: HearingAlert) -> impl IntoView {
    let lang = use_lang();
    let short = h.short();
    view! {
        <li>
            <a href=routes::hearing(h.hearing_id)><strong>{h.kind.label(lang)}</strong> " · " {h.court.clone()}</a>
            " " <span class="when">{dates::span(lang, &h.when)}</span>
            {short.then(|| view! { " · " {t!(lang, attention.hearings.short, signed = h.signed_up, wanted = h.wanted)} })}
            {(h.unconfirmed > 0).then(|| view! { " · " <span class="flag flag-cant">{tn!(lang, attention.hearings.unconfirmed, h.unconfirmed)}</span> })}
        </li>
    }
}

#[component]
fn StockAlert(line: StockLine) -> impl IntoView {
    let lang = use_lang();
    let low = line.is_low().then(|| {
        t!(
            lang,
            attention.supplies.low,
            on_hand = line.on_hand,
            unit = line.unit.clone(),
            low = line.low_below.unwrap_or_default()
        )
    });
    view! {
        <li>
            <a href=routes::SUPPLIES_STOCK><strong>{line.location.clone()}</strong> " · " {line.item.clone()}</a>
            {low.map(|low| view! { " · " {low} })}
            {line.needs_count.then(|| view! { " · " <span class="flag flag-cant">{t!(lang, attention.supplies.count)}</span> })}
        </li>
    }
}
