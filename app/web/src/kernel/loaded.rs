//! A page's data as the reader meets it: "Loading…" while it comes, a notice if it could not
//! be had (the edge where a failure of ours is logged), else the page. Every page that loads
//! data shows these three the same way.
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// `<Loaded data=resource let:value>…</Loaded>`: the children once `data` has loaded. If it
/// failed, its notice, under `heading` when the page's own heading comes with the data.
#[component]
pub fn Loaded<T, F, V>(
    data: Resource<Result<T, AppError>>,
    #[prop(optional, into)] heading: Option<String>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!(crate::i18n::use_lang(), common.loading)}</p> }>
            {move || {
                let children = children.clone();
                let heading = heading.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => view! {
                            {heading.map(|h| view! { <h1>{h}</h1> })}
                            <ErrorNotice error />
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    // A page's notice is where a failure of ours meets the reader: the edge that logs it.
    #[cfg(feature = "ssr")]
    error.log_at_edge();
    let sign_in = error == AppError::NotSignedIn;
    let lang = crate::i18n::use_lang();
    view! {
        <section class="notice notice-error" role="alert">
            <p>{error.say(lang)}</p>
            {sign_in.then(|| view! { <p><a href=routes::SIGN_IN>{t!(lang, common.sign_in)}</a></p> })}
        </section>
    }
}
