//! The language switch on every page: a plain form (no JavaScript) with a button per other
//! language, each named in its own language. Choosing one remembers it in a cookie (for
//! visitors not signed in) and on the account (for members: their mail and feeds follow),
//! then goes back to the page it was on.
use super::{use_lang, Lang};
use leptos::prelude::*;

/// The path the switch posts to.
pub const PATH: &str = crate::routes::LANGUAGE;

/// The switch, for the page header.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    // Back to this page, without a link's own `lang` (it would outweigh the new choice).
    let back = move || {
        let query: Vec<String> = location
            .search
            .get()
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
            .map(str::to_string)
            .collect();
        if query.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), query.join("&"))
        }
    };
    view! {
        <form method="post" action=PATH class="lang-switch" aria-label=t!(lang, common.language_switch)>
            <input type="hidden" name="back" value=back />
            {Lang::ALL
                .into_iter()
                .filter(|other| *other != lang)
                .map(|other| view! {
                    <button type="submit" name="lang" value=other.code() lang=other.code() class="link">
                        {t!(other, language.name)}
                    </button>
                })
                .collect_view()}
        </form>
    }
}

#[cfg(feature = "ssr")]
pub use handler::*;

#[cfg(feature = "ssr")]
mod handler {
    use super::super::{Lang, COOKIE};
    use crate::forms::Posted;
    use crate::kernel::account_of;
    use crate::state::AppState;
    use axum::extract::State;
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::post;
    use axum::Router;
    use chrono::Utc;
    use http::header::SET_COOKIE;

    pub fn routes() -> Router<AppState> {
        Router::new().route(super::PATH, post(switch))
    }

    /// A page of this site to go back to: a path, never another site (`//host`).
    fn local(back: &str) -> &str {
        if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
            back
        } else {
            "/"
        }
    }

    async fn switch(State(state): State<AppState>, Posted(parts, form): Posted) -> Response {
        let back = local(form.get("back")).to_string();
        let Some(lang) = Lang::from_code(form.get("lang")) else {
            return Redirect::to(&back).into_response();
        };
        if let Some(account) = account_of(&parts) {
            if let Err(err) =
                crate::accounts::service::set_language(&state.db, &account, lang.code(), Utc::now())
                    .await
            {
                crate::error::AppError::from(err).log_at_edge();
            }
        }
        let secure = if state.config.is_https() {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
            lang.code()
        );
        let mut res = Redirect::to(&back).into_response();
        if let Ok(value) = cookie.parse() {
            res.headers_mut().insert(SET_COOKIE, value);
        }
        res
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_switch_goes_back_only_to_this_site() {
            assert_eq!(super::local("/shifts?day=2"), "/shifts?day=2");
            assert_eq!(super::local("//evil.example/"), "/");
            assert_eq!(super::local("https://evil.example/"), "/");
            assert_eq!(super::local("/\\evil.example"), "/");
            assert_eq!(super::local(""), "/");
        }
    }
}
