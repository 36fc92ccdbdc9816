//! The coordinators' report: stock, handouts by week and by need, as tables and charts.
use super::*;
use crate::kernel::Label;

#[component]
pub fn SuppliesReport() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let from = move || query.with(|q| q.get("from")).unwrap_or_default();
    let to = move || query.with(|q| q.get("to")).unwrap_or_default();
    let report = Resource::new(move || (from(), to()), |(f, t)| load_report(f, t));
    view! {
        <Title text=t!(lang, supplies.report.title) />
        <h1>{t!(lang, supplies.report.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, _ctx: PageContext| view! {
            <p class="actions"><a class="button secondary" href=routes::SUPPLIES_STOCK>{t!(lang, supplies.report.stock_link)}</a></p>
            <Loaded data=report let:report>
                {match report {
                    Err(echo) => view! { <RangeForm from=from() to=to() echo=Some(echo) /> }.into_any(),
                    Ok(report) => view! { <ReportView report /> }.into_any(),
                }}
            </Loaded>
        } />
    }
}

/// The date range (a GET form: the report's address can be bookmarked and shared).
#[component]
pub(super) fn RangeForm(from: String, to: String, echo: Option<FormEcho>) -> impl IntoView {
    let lang = use_lang();
    let error = |name: &str| echo.as_ref().and_then(|e| e.field_error(name));
    let (from_error, to_error) = (error("from"), error("to"));
    view! {
        <form method="get" action=routes::SUPPLIES class="filters">
            {(from_error.is_some() || to_error.is_some()).then(|| view! { <p class="form-error" role="alert">{t!(lang, supplies.report.check_dates)}</p> })}
            <div class="field" class:has-error=from_error.is_some()>
                <label for="f-from">{t!(lang, supplies.report.from)}</label>
                {from_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="f-from" name="from" type="date" value=from />
            </div>
            <div class="field" class:has-error=to_error.is_some()>
                <label for="f-to">{t!(lang, supplies.report.to)}</label>
                {to_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input id="f-to" name="to" type="date" value=to />
            </div>
            <button type="submit" class="button secondary">{t!(lang, supplies.report.show)}</button>
        </form>
    }
}

pub(super) fn stock_rows(lang: Lang, lines: Vec<StockLine>) -> impl IntoView {
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
                        {low.then(|| view! { <span class="flag flag-understaffed">{t!(lang, supplies.table.low)}</span> " " })}
                        {s.needs_count.then(|| view! { <span class="flag flag-alone">{t!(lang, supplies.table.count_needed)}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub(super) fn StockTable(lines: Vec<StockLine>, caption: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-wrap">
            <table class="data">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{t!(lang, supplies.table.place)}</th><th scope="col">{t!(lang, supplies.table.item)}</th>
                    <th scope="col" class="num">{t!(lang, supplies.table.on_hand)}</th>
                    <th scope="col" class="num">{t!(lang, supplies.table.low_below)}</th><th scope="col">""</th></tr></thead>
                <tbody>{stock_rows(lang, lines)}</tbody>
            </table>
        </div>
    }
}

#[component]
pub(super) fn BarTable(
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
pub(super) fn WeekTable(
    rows: Vec<(String, Vec<i64>)>,
    weeks: Vec<String>,
    caption: &'static str,
    first: &'static str,
    chart: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-wrap">
            <table class="data" data-chart=(!chart.is_empty()).then_some(chart)>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th>
                    {weeks.into_iter().map(|w| view! { <th scope="col" class="num">{w}</th> }).collect_view()}
                    <th scope="col" class="num">{t!(lang, supplies.table.total)}</th></tr></thead>
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
pub(super) fn ReportView(report: SupplyReport) -> impl IntoView {
    let lang = use_lang();
    // Weekly bars are labelled by the week's Monday (`YYYY-MM-DD`): put it in words.
    let by_week = |bars: &[Bar]| -> Vec<Bar> {
        bars.iter()
            .map(|b| Bar {
                label: dates::day_of(lang, &b.label),
                value: b.value,
            })
            .collect()
    };
    let (weekly_totals, spend) = (by_week(&report.weekly_totals), by_week(&report.spend));
    let export = format!("/supplies/export.csv?from={}&to={}", report.from, report.to);
    let total: i64 = report.item_totals.iter().map(|b| b.value).sum();
    let spent: i64 = report.spend.iter().map(|b| b.value).sum();
    let weeks = report.weeks.clone();
    view! {
        <RangeForm from=report.from.clone() to=report.to.clone() echo=None />
        <p class="actions"><a class="button secondary" href=export rel="nofollow" download="">{t!(lang, supplies.report.download)}</a></p>
        {view! { <section class="card" aria-labelledby="low-h">
            <h2 id="low-h">{t!(lang, supplies.report.low_heading)}</h2>
            {if report.low.is_empty() {
                view! { <p class="empty">{t!(lang, supplies.report.low_empty)}</p> }.into_any()
            } else {
                view! { <StockTable lines=report.low.clone() caption=t!(lang, supplies.report.low_caption) /> }.into_any()
            }}
        </section> }.into_any()}
        {view! { <section aria-labelledby="handouts-h">
            <h2 id="handouts-h">{t!(lang, supplies.report.handouts_heading, from = report.from, to = report.to)}</h2>
            <p>{t!(lang, supplies.report.items_handed_out, n = total)}</p>
            {(total > 0).then(|| view! {
                <ColumnChart title=t!(lang, supplies.report.per_week) bars=weekly_totals.clone() />
                <BarTable bars=weekly_totals.clone() caption=t!(lang, supplies.report.per_week) first=t!(lang, supplies.table.week_of)
                    second=t!(lang, supplies.table.handed_out) />
                <RowChart title=t!(lang, supplies.report.per_item) bars=report.item_totals.clone() />
                <WeekTable rows=report.items.iter().cloned().zip(report.handouts.iter().cloned()).collect() weeks=weeks.clone()
                    caption=t!(lang, supplies.report.per_item_week) first=t!(lang, supplies.table.item) chart=t!(lang, supplies.report.per_item) />
                <WeekTable rows=report.site_weeks.clone() weeks=weeks.clone() caption=t!(lang, supplies.report.per_site_week)
                    first=t!(lang, supplies.table.site) chart="" />
                <div class="table-wrap" id="by-occasion">
                    <table class="data">
                        <caption>{t!(lang, supplies.report.occasion_caption)}</caption>
                        <thead><tr><th scope="col">{t!(lang, supplies.report.occasion_heading)}</th><th scope="col">{t!(lang, supplies.table.item)}</th>
                            <th scope="col" class="num">{t!(lang, supplies.table.handed_out)}</th></tr></thead>
                        <tbody>{report.by_occasion.iter().map(|(occasion, item, n)| view! {
                            <tr><td>{occasion.label(lang)}</td><td>{item.clone()}</td><td class="num">{*n}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
                <div class="table-wrap">
                    <table class="data">
                        <caption>{t!(lang, supplies.report.per_site_item)}</caption>
                        <thead><tr><th scope="col">{t!(lang, supplies.table.site)}</th><th scope="col">{t!(lang, supplies.table.item)}</th>
                            <th scope="col" class="num">{t!(lang, supplies.table.handed_out)}</th></tr></thead>
                        <tbody>{report.by_site.iter().map(|(site, item, n)| view! {
                            <tr><td>{site.clone()}</td><td>{item.clone()}</td><td class="num">{*n}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
        </section> }.into_any()}
        {view! { <section aria-labelledby="spend-h">
            <h2 id="spend-h">{t!(lang, supplies.report.spend_heading)}</h2>
            <p>{t!(lang, supplies.report.spent, amount = money(spent))}</p>
            {(spent > 0).then(|| view! {
                <ColumnChart title=t!(lang, supplies.report.spend_per_week) bars=spend.clone() money=true />
                <BarTable bars=spend.clone() caption=t!(lang, supplies.report.spend_per_week) first=t!(lang, supplies.table.week_of)
                    second=t!(lang, supplies.table.spent) as_money=true />
            })}
        </section> }.into_any()}
        {view! { <section aria-labelledby="stock-h">
            <h2 id="stock-h">{t!(lang, supplies.report.stock_heading)}</h2>
            {if report.stock.is_empty() {
                view! { <p class="empty">{t!(lang, supplies.report.nothing_recorded)} " "
                    <a href=routes::SUPPLIES_STOCK>{t!(lang, supplies.report.record_restock)}</a> " " {t!(lang, supplies.report.to_start)}</p> }.into_any()
            } else {
                view! { <StockTable lines=report.stock.clone() caption=t!(lang, supplies.table.stock_caption) /> }.into_any()
            }}
        </section> }.into_any()}
    }
}
