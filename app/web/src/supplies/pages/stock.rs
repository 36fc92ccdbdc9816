//! The stock page: restock, move, count, a coordinator's own handouts, and the catalogue of
//! items and locations.
use super::*;
use crate::kernel::Label;

#[component]
pub fn SuppliesStock() -> impl IntoView {
    let lang = use_lang();
    let stock = Resource::new(|| (), |_| load_stock());
    view! {
        <Title text=t!(lang, supplies.stock.title) />
        <h1>{t!(lang, supplies.stock.heading)}</h1>
        <DoneNotice messages=done_message />
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <p class="actions"><a class="button secondary" href=routes::SUPPLIES>{t!(lang, supplies.stock.report_link)}</a></p>
                <Loaded data=stock let:page>
                    <StockForms page echo=echo.clone() />
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn StockForms(page: StockPage, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let choose = t!(lang, supplies.stock.choose);
    let items: Vec<(String, String)> = std::iter::once((String::new(), choose.to_string()))
        .chain(
            page.items
                .iter()
                .map(|i| (i.id.to_string(), format!("{} ({})", i.name, i.unit))),
        )
        .collect();
    let places: Vec<(String, String)> = std::iter::once((String::new(), choose.to_string()))
        .chain(
            page.locations
                .iter()
                .map(|l| (l.id.to_string(), l.name.clone())),
        )
        .chain(page.kitless_facilities.iter().map(|(id, name)| {
            (
                format!("f{id}"),
                t!(lang, supplies.stock.new_kit, name = name),
            )
        }))
        .collect();
    let categories: Vec<(String, String)> = ItemCategory::ALL
        .into_iter()
        .map(|c| (c.key().to_string(), c.label(lang).to_string()))
        .collect();
    let sources = vec![
        (
            "donation".to_string(),
            t!(lang, supplies.stock.donated).to_string(),
        ),
        (
            "purchase".to_string(),
            t!(lang, supplies.stock.bought).to_string(),
        ),
    ];
    let has_items = !page.items.is_empty();
    // Each form's children own their options.
    let (items_restock, items_move, items_count, items_alert, items_handout) = (
        items.clone(),
        items.clone(),
        items.clone(),
        items.clone(),
        items,
    );
    let (places_restock, places_from, places_to, places_count, places_alert, places_handout) = (
        places.clone(),
        places.clone(),
        places.clone(),
        places.clone(),
        places.clone(),
        places,
    );
    view! {
        <section aria-labelledby="on-hand-h">
            <h2 id="on-hand-h">{t!(lang, supplies.stock.on_hand)}</h2>
            {if page.stock.is_empty() {
                view! { <p class="empty">{t!(lang, supplies.stock.nothing_recorded)}</p> }.into_any()
            } else {
                view! { <StockTable lines=page.stock.clone() caption=t!(lang, supplies.table.stock_caption) /> }.into_any()
            }}
        </section>
        {has_items.then({
            let echo = echo.clone();
            move || view! {
            <section class="card" aria-labelledby="restock-h">
                <h2 id="restock-h">{t!(lang, supplies.stock.restock_heading)}</h2>
                <PostForm action="/supplies/stock/restock" echo=echo.clone() ids="restock">
                    <SelectField name="item_id" label=t!(lang, supplies.stock.item) options=items_restock />
                    <SelectField name="location" label=t!(lang, supplies.stock.where_it_went) options=places_restock />
                    <TextField name="quantity" label=t!(lang, supplies.stock.how_many) kind="number" />
                    <SelectField name="source" label=t!(lang, supplies.stock.donated_or_bought) options=sources />
                    <TextField name="cost" label=t!(lang, supplies.stock.cost) hint=t!(lang, supplies.stock.cost_hint) />
                    <SubmitButton label=t!(lang, supplies.stock.record_restock) />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="move-h">
                <h2 id="move-h">{t!(lang, supplies.stock.move_heading)}</h2>
                <PostForm action="/supplies/stock/transfer" echo=echo.clone() ids="transfer">
                    <SelectField name="item_id" label=t!(lang, supplies.stock.item) options=items_move />
                    <SelectField name="from" label=t!(lang, supplies.stock.from) options=places_from />
                    <SelectField name="to" label=t!(lang, supplies.stock.to) options=places_to />
                    <TextField name="quantity" label=t!(lang, supplies.stock.how_many) kind="number" />
                    <SubmitButton label=t!(lang, supplies.stock.record_move) />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="count-h">
                <h2 id="count-h">{t!(lang, supplies.stock.count_heading)}</h2>
                <p class="muted">{t!(lang, supplies.stock.count_intro)}</p>
                <PostForm action="/supplies/stock/count" echo=echo.clone() ids="count">
                    <SelectField name="item_id" label=t!(lang, supplies.stock.item) options=items_count />
                    <SelectField name="location" label=t!(lang, supplies.stock.place) options=places_count />
                    <TextField name="counted" label=t!(lang, supplies.stock.counted) kind="number" />
                    <TextField name="reason" label=t!(lang, supplies.stock.reason) />
                    <SubmitButton label=t!(lang, supplies.stock.record_count) />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="handout-h">
                <h2 id="handout-h">{t!(lang, supplies.stock.handout_heading)}</h2>
                <p class="muted">{t!(lang, supplies.stock.handout_intro)}</p>
                <PostForm action="/supplies/stock/handout" echo=echo.clone() ids="handout">
                    <SelectField name="item_id" label=t!(lang, supplies.stock.item) options=items_handout />
                    <SelectField name="location" label=t!(lang, supplies.stock.from) options=places_handout />
                    <TextField name="quantity" label=t!(lang, supplies.stock.how_many) kind="number" />
                    <TextField name="purpose" label=t!(lang, supplies.stock.purpose) hint=t!(lang, supplies.stock.purpose_hint) />
                    <TextField name="date" label=t!(lang, supplies.stock.date) kind="date" hint=t!(lang, supplies.stock.date_hint) />
                    <SubmitButton label=t!(lang, supplies.stock.record_handout) />
                </PostForm>
            </section>
            <section class="card" aria-labelledby="threshold-h">
                <h2 id="threshold-h">{t!(lang, supplies.stock.alert_heading)}</h2>
                <p class="muted">{t!(lang, supplies.stock.alert_intro)}</p>
                <PostForm action="/supplies/stock/thresholds" echo=echo.clone() ids="thresholds">
                    <SelectField name="item_id" label=t!(lang, supplies.stock.item) options=items_alert />
                    <SelectField name="location" label=t!(lang, supplies.stock.place) options=places_alert />
                    <TextField name="low_below" label=t!(lang, supplies.stock.low_below) kind="number" />
                    <SubmitButton label=t!(lang, supplies.stock.save_alert) />
                </PostForm>
            </section>
        }})}
        <section class="card" aria-labelledby="item-h">
            <h2 id="item-h">{t!(lang, supplies.stock.item_heading)}</h2>
            <PostForm action="/supplies/stock/items" echo=echo.clone() ids="items">
                <TextField name="name" label=t!(lang, supplies.stock.name) hint=t!(lang, supplies.stock.item_name_hint) />
                <TextField name="unit" label=t!(lang, supplies.stock.unit) value=t!(lang, supplies.stock.unit_default) />
                <SelectField name="category" label=t!(lang, supplies.stock.category) options=categories />
                <SubmitButton label=t!(lang, supplies.stock.add_item) />
            </PostForm>
        </section>
        <section class="card" aria-labelledby="place-h">
            <h2 id="place-h">{t!(lang, supplies.stock.place_heading)}</h2>
            <p class="muted">{t!(lang, supplies.stock.place_intro)}</p>
            <PostForm action="/supplies/stock/locations" echo=echo.clone() ids="locations">
                <TextField name="name" label=t!(lang, supplies.stock.name) hint=t!(lang, supplies.stock.place_name_hint) />
                <SubmitButton label=t!(lang, supplies.stock.add_place) />
            </PostForm>
        </section>
    }
}
