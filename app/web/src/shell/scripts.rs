//! The files a page loads: the stylesheet, and one small inline script (`page.js`) that fetches
//! the wasm bundle only on a page with an island. Leptos's `HydrationScripts` preloads the
//! bundle on every page, even with JavaScript off; on one bar of prepaid signal that is most
//! of what a page costs, so Vigil writes its own tags.
use leptos::prelude::*;
use serde::Deserialize;

/// The built files' names, content-hashed by the build (`.ci/assets.mjs` writes
/// `pkg/assets.json`): a name changes whenever its content does, so browsers may keep each
/// file for a year without asking again (see `accounts::session::gate`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl Default for Assets {
    /// The names before hashing (a development tree without `assets.json`).
    fn default() -> Self {
        Assets {
            css: "vigil.css".into(),
            js: "vigil.js".into(),
            wasm: "vigil_bg.wasm".into(),
        }
    }
}

impl Assets {
    pub const MANIFEST: &'static str = "assets.json";

    /// The names in `<site_root>/pkg/assets.json`, or the unhashed ones if there is none.
    #[cfg(feature = "ssr")]
    pub fn load(site_root: &str) -> Self {
        let path = std::path::Path::new(site_root)
            .join("pkg")
            .join(Self::MANIFEST);
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// True for a file under `/pkg/` whose name carries its content hash (`name.<hex>.ext`).
    pub fn is_content_hashed(path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or_default();
        name.split('.')
            .any(|part| part.len() == HASH_LEN && part.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// Hex digits of a content hash in a file name (64 bits: collisions are not a concern
/// across the releases of one deployment).
pub const HASH_LEN: usize = 16;

/// The stylesheet link and the page script, with this response's CSP nonce.
#[component]
pub fn PageAssets(assets: Assets) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let quoted = |name: &str| serde_json::to_string(&format!("/pkg/{name}")).unwrap_or_default();
    let script = format!(
        "{}({}, {});",
        include_str!("page.js").trim_end(),
        quoted(&assets.js),
        quoted(&assets.wasm)
    );
    view! {
        <link rel="stylesheet" href=format!("/pkg/{}", assets.css) />
        <script type="module" nonce=nonce>{script}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        assert!(Assets::is_content_hashed("/pkg/vigil.0123456789abcdef.css"));
        assert!(Assets::is_content_hashed(
            "/pkg/vigil_bg.0123456789abcdef.wasm.br"
        ));
        assert!(!Assets::is_content_hashed("/pkg/vigil.css"));
        assert!(!Assets::is_content_hashed("/pkg/vigil_bg.wasm"));
        assert!(!Assets::is_content_hashed("/pkg/deadbeef.css"));
    }
}
