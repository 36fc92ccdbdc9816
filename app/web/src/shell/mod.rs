//! The app shell: the HTML document, the router, the header and navigation by role, and the
//! per-role dashboard.
use crate::accounts::{pages as accounts_pages, Account, Role};
use crate::error::AppError;
use crate::facilities::pages as facility_pages;
use crate::hearings::pages as hearing_pages;
use crate::i18n::Lang;
use crate::kernel::{load_page, PageContext};
pub use crate::kernel::{ErrorNotice, Loaded};
use crate::notifications::pages as notification_pages;
use crate::people::pages as people_pages;
use crate::routes;
use crate::watches::pages as watch_pages;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

mod dashboard;
pub mod offline;
mod scripts;
pub use scripts::Assets;

/// The document around every page (rendered on the server only: the browser hydrates just
/// the islands in it).
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_security_policy();
    #[cfg(feature = "ssr")]
    let assets = use_context::<crate::state::AppState>()
        .map(|s| (*s.assets).clone())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let assets = Assets::default();
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::use_lang().code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                // No favicon request: nothing to fetch on a weak signal.
                <link rel="icon" href="data:," />
                <link rel="manifest" href=offline::MANIFEST />
                <scripts::PageAssets assets />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Content-Security-Policy with this response's nonce: only our own hydration script runs.
#[cfg(feature = "ssr")]
fn set_security_policy() {
    use http::{header, HeaderValue};
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
         manifest-src 'self'; form-action 'self'; \
         base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    );
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The page context (account, form echo), loaded once per page load and shared.
#[derive(Clone, Copy)]
pub struct PageResource(pub Resource<Result<PageContext, AppError>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let page = Resource::new(|| (), |_| load_page());
    provide_context(PageResource(page));
    view! {
        <Title text=t!(crate::i18n::use_lang(), common.vigil) />
        <Router>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=dashboard::Dashboard ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=accounts_pages::SignIn ssr=SsrMode::Async />
                    <Route path=path!("/sign-in/sent") view=accounts_pages::SignInSent ssr=SsrMode::Async />
                    <Route path=path!("/auth") view=accounts_pages::MagicLink ssr=SsrMode::Async />
                    <Route path=path!("/setup") view=accounts_pages::Setup ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=accounts_pages::Profile ssr=SsrMode::Async />
                    <Route path=path!("/team") view=accounts_pages::Team ssr=SsrMode::Async />
                    <Route path=path!("/team/invite-list") view=crate::accounts::invite_list::InviteList ssr=SsrMode::Async />
                    <Route path=path!("/team/join") view=crate::accounts::join_links::TeamJoin ssr=SsrMode::Async />
                    <Route path=path!("/join/:token") view=crate::accounts::join_links::JoinPage ssr=SsrMode::Async />
                    <Route path=path!("/joined") view=crate::accounts::join_links::Joined ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe") view=notification_pages::Unsubscribe ssr=SsrMode::Async />
                    <Route path=path!("/mail-problems") view=notification_pages::MailProblems ssr=SsrMode::Async />
                    <Route path=path!("/people") view=people_pages::PeopleList ssr=SsrMode::Async />
                    <Route path=path!("/people/new") view=people_pages::PersonNew ssr=SsrMode::Async />
                    <Route path=path!("/people/audit") view=people_pages::AuditLog ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view=people_pages::PersonDetail ssr=SsrMode::Async />
                    <Route path=path!("/facilities") view=facility_pages::FacilityList ssr=SsrMode::Async />
                    <Route path=path!("/facilities/:id") view=facility_pages::FacilityEdit ssr=SsrMode::Async />
                    <Route path=path!("/board/:token") view=crate::facilities::board::BoardPage ssr=SsrMode::Async />
                    <Route path=path!("/watches") view=watch_pages::WatchList ssr=SsrMode::Async />
                    <Route path=path!("/watches/:id") view=watch_pages::WatchPage ssr=SsrMode::Async />
                    <Route path=path!("/shifts") view=watch_pages::OpenShifts ssr=SsrMode::Async />
                    <Route path=path!("/shifts/:id") view=watch_pages::ShiftPage ssr=SsrMode::Async />
                    <Route path=path!("/shifts/:id/print") view=watch_pages::ShiftPrint ssr=SsrMode::Async />
                    <Route path=path!("/shifts/:id/supplies") view=crate::supplies::pages::TallyPage ssr=SsrMode::Async />
                    <Route path=path!("/my-shifts") view=watch_pages::MyShifts ssr=SsrMode::Async />
                    <Route path=path!("/coverage") view=watch_pages::Coverage ssr=SsrMode::Async />
                    <Route path=path!("/coverage/night") view=watch_pages::CoverageNight ssr=SsrMode::Async />
                    <Route path=path!("/call-outs/:id") view=watch_pages::CallOutPage ssr=SsrMode::Async />
                    <Route path=path!("/hearings") view=hearing_pages::HearingList ssr=SsrMode::Async />
                    <Route path=path!("/hearings/new") view=hearing_pages::HearingNew ssr=SsrMode::Async />
                    <Route path=path!("/hearings/import") view=hearing_pages::HearingImport ssr=SsrMode::Async />
                    <Route path=path!("/hearings/:id") view=hearing_pages::HearingPage ssr=SsrMode::Async />
                    <Route path=path!("/hearings/:id/supplies") view=crate::supplies::pages::HearingTallyPage ssr=SsrMode::Async />
                    <Route path=path!("/my-hearings") view=hearing_pages::MyHearings ssr=SsrMode::Async />
                    <Route path=path!("/rides") view=crate::rides::pages::RidesPage ssr=SsrMode::Async />
                    <Route path=path!("/profile/calendars") view=crate::calendar::pages::Calendars ssr=SsrMode::Async />
                    <Route path=path!("/supplies") view=crate::supplies::pages::SuppliesReport ssr=SsrMode::Async />
                    <Route path=path!("/supplies/stock") view=crate::supplies::pages::SuppliesStock ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

/// Renders `render` once the page context has loaded.
#[component]
pub fn WithPage<F, V>(render: F) -> impl IntoView
where
    F: Fn(PageContext) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let page = expect_context::<PageResource>().0;
    view! {
        <Loaded data=page let:ctx>
            {render(ctx)}
        </Loaded>
    }
}

/// Renders `render` for a signed-in account holding `role`; otherwise explains why not.
#[component]
pub fn RequireRole<F, V>(role: Role, render: F) -> impl IntoView
where
    F: Fn(Account, PageContext) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <WithPage render=move |ctx: PageContext| match ctx.account.clone() {
            Some(account) if account.has_role(role) => render(account, ctx).into_any(),
            Some(_) => view! { <ErrorNotice error=AppError::Forbidden /> }.into_any(),
            None => view! { <ErrorNotice error=AppError::NotSignedIn /> }.into_any(),
        } />
    }
}

/// The message for a form that just succeeded (`?done=<code>`), from the page's own list,
/// in the reader's language.
#[component]
pub fn DoneNotice(messages: fn(Lang, &str) -> Option<String>) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let lang = crate::i18n::use_lang();
    move || {
        query
            .with(|q| q.get("done"))
            .and_then(|c| messages(lang, &c))
            .map(|m| view! { <p class="notice" role="status">{m}</p> })
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = crate::i18n::use_lang();
    view! {
        <header class="site-header">
            <a href="#main" class="skip">{t!(lang, common.skip)}</a>
            <A href="/" attr:class="brand">{t!(lang, common.vigil)}</A>
            <WithPage render=|ctx: PageContext| ctx.account.map(|account| view! { <Nav account /> }) />
            <crate::i18n::switch::LanguageSwitch />
        </header>
    }
}

#[component]
fn Nav(account: Account) -> impl IntoView {
    let coordinator = account.has_role(Role::Coordinator);
    let volunteer = account.has_role(Role::Volunteer);
    let accompanier = account.has_role(Role::Accompanier);
    let lang = crate::i18n::use_lang();
    view! {
        <nav aria-label=t!(lang, common.nav.label)>
            <ul>
                <li><A href="/">{t!(lang, common.nav.home)}</A></li>
                {volunteer.then(|| view! { <li><A href=routes::SHIFTS>{t!(lang, common.nav.shifts)}</A></li> })}
                {volunteer.then(|| view! { <li><A href=routes::MY_SHIFTS>{t!(lang, common.nav.my_shifts)}</A></li> })}
                {(accompanier || coordinator).then(|| view! { <li><A href=routes::HEARINGS>{t!(lang, common.nav.hearings)}</A></li> })}
                {accompanier.then(|| view! { <li><A href=routes::MY_HEARINGS>{t!(lang, common.nav.my_hearings)}</A></li> })}
                {(account.driver || coordinator).then(|| view! { <li><A href=routes::RIDES>{t!(lang, common.nav.rides)}</A></li> })}
                {coordinator.then(|| view! { <li><A href=routes::WATCHES>{t!(lang, common.nav.watches)}</A></li> })}
                {coordinator.then(|| view! { <li><A href=routes::COVERAGE>{t!(lang, common.nav.coverage)}</A></li> })}
                {coordinator.then(|| view! { <li><A href=routes::PEOPLE>{t!(lang, common.nav.people)}</A></li> })}
                {coordinator.then(|| view! { <li><A href=routes::SUPPLIES>{t!(lang, common.nav.supplies)}</A></li> })}
                {coordinator.then(|| view! { <li><A href=routes::TEAM>{t!(lang, common.nav.team)}</A></li> })}
                <li><A href=routes::PROFILE>{t!(lang, common.nav.profile)}</A></li>
            </ul>
        </nav>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t!(crate::i18n::use_lang(), common.not_found_title) />
        <ErrorNotice error=AppError::NotFound />
    }
}

/// Renders the page at `parts`' path with a rejected form's echo (see `crate::forms`).
#[cfg(feature = "ssr")]
pub async fn render_with_echo(
    state: &crate::state::AppState,
    parts: http::request::Parts,
    echo: crate::forms::FormEcho,
    status: http::StatusCode,
) -> axum::response::Response {
    let options = state.leptos_options.clone();
    let state = state.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(echo.clone());
        },
        move || shell(options.clone()),
    );
    let mut res = handler(crate::kernel::empty_request(parts)).await;
    *res.status_mut() = status;
    axum::response::IntoResponse::into_response(res)
}
