//! One empty island: what every page with an island pays before Vigil adds anything.
use leptos::prelude::*;

#[island]
fn Empty() -> impl IntoView {}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
