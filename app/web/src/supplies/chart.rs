//! Bar charts drawn as SVG on the server: readable without JavaScript, scale to a phone's
//! width, and each bar carries its value (`data-value`, a tooltip and a label) so the chart
//! says the same as the table beside it.
use super::Bar;
use leptos::prelude::*;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 170.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 24.0;

fn shown(value: i64, money: bool) -> String {
    if money {
        super::money(value)
    } else {
        value.to_string()
    }
}

/// Vertical bars, one per label (weeks, oldest first).
#[component]
pub fn ColumnChart(
    title: &'static str,
    bars: Vec<Bar>,
    #[prop(optional)] money: bool,
) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / bars.len().max(1) as f64;
    let plot = HEIGHT - TOP - BOTTOM;
    let columns = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = (bar.value.max(0) as f64 / max * plot).round();
            let x = i as f64 * slot + slot * 0.15;
            let y = TOP + plot - h;
            let mid = x + slot * 0.35;
            let value = shown(bar.value, money);
            view! {
                <g class="bar">
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}")
                        data-label=bar.label.clone() data-value=bar.value.to_string()>
                        <title>{t!(lang, supplies.chart.bar, label = bar.label, value = value)}</title>
                    </rect>
                    <text x=format!("{mid:.1}") y=format!("{:.1}", y - 3.0) text-anchor="middle" class="value">{value.clone()}</text>
                    <text x=format!("{mid:.1}") y=format!("{:.1}", HEIGHT - 8.0) text-anchor="middle" class="label">{bar.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title class="bars">
                <line x1="0" x2=WIDTH.to_string() y1=format!("{:.1}", HEIGHT - BOTTOM) y2=format!("{:.1}", HEIGHT - BOTTOM) class="axis" />
                {columns}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}

/// Horizontal bars, one per row (items, most first).
#[component]
pub fn RowChart(title: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let row = 22.0;
    let label_width = 110.0;
    let plot = WIDTH - label_width - 36.0;
    let height = (bars.len().max(1) as f64 * row + 4.0).round();
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let w = (bar.value.max(0) as f64 / max * plot).round();
            let y = i as f64 * row + 4.0;
            let short: String = if bar.label.chars().count() > 16 { bar.label.chars().take(15).chain(['…']).collect() } else { bar.label.clone() };
            view! {
                <g class="bar">
                    <text x=format!("{:.1}", label_width - 6.0) y=format!("{:.1}", y + 13.0) text-anchor="end" class="label">{short}</text>
                    <rect x=format!("{label_width:.1}") y=format!("{y:.1}") width=format!("{w:.1}") height="16"
                        data-label=bar.label.clone() data-value=bar.value.to_string()>
                        <title>{t!(lang, supplies.chart.bar, label = bar.label, value = bar.value)}</title>
                    </rect>
                    <text x=format!("{:.1}", label_width + w + 4.0) y=format!("{:.1}", y + 13.0) class="value">{bar.value.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title class="bars">{rows}</svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}
