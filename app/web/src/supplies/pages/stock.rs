//! The stock page: restock, move, count and the catalogue of items and locations.
use super::*;
use crate::kernel::Label;

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
                <Loaded data=stock let:page>
                    <StockForms page echo=echo.clone() />
                </Loaded>
            }
        } />
    }
}

#[component]
pub(super) fn StockForms(page: StockPage, echo: FormEcho) -> impl IntoView {
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
