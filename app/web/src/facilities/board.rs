//! The "who is on now" board (`/board/{token}`): a facility's page for a screen at the base,
//! opened by a link without signing in. Refreshes itself every 30 seconds: a meta refresh
//! without JavaScript, an island asking the server with it (no reload, no flicker). Shows
//! display names, times, needs and stock only; nothing about a supported person.
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
pub use vigil_domain::facilities::board::BOARD_REFRESH_SECONDS;

/// The board as worded for the reader (the browser bundle has no catalogue, so the island
/// gets its words from the server, as the live release log does).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub facility: String,
    /// "Updated 21:40"
    pub updated: String,
    pub sections: Vec<BoardSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardSection {
    /// For the page's ids and tests: `on-now`, `next`, `releases`, `kit`.
    pub key: String,
    pub heading: String,
    /// What the section says when it has no lines.
    pub empty: String,
    pub lines: Vec<BoardLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardLine {
    pub main: String,
    pub detail: String,
    /// Something to see to: a shift short of people, a need not met, stock running low.
    pub flag: Option<String>,
}

/// The board a link opens, worded; `None` when the link is revoked or unknown.
#[server(prefix = "/api", endpoint = "board", input = leptos::server_fn::codec::Json)]
pub async fn load_board(token: String) -> Result<Option<BoardView>, AppError> {
    let lang = use_lang();
    let db = &crate::state::app_state()?.db;
    let board =
        crate::error::or_fail(super::service::board::board(db, &token, chrono::Utc::now()).await)?;
    Ok(board.map(|b| super::board_words::board_view(lang, &b)))
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .with_untracked(|p| p.get("token"))
        .unwrap_or_default();
    let board = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        load_board,
    );
    view! {
        <Title text=t!(lang, facilities.board.title) />
        // A screen's address is a credential: no search engine, no referrer.
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <crate::shell::Loaded data=board let:found>
            {match found {
                Some(view) => {
                    let token = token.clone();
                    view! {
                        // Without JavaScript the page reloads itself; with it, `LiveBoard` asks
                        // for the board instead (a `noscript` meta is not seen when scripts run).
                        <noscript><meta http-equiv="refresh" content=BOARD_REFRESH_SECONDS.to_string() /></noscript>
                        <LiveBoard token initial=view />
                    }.into_any()
                }
                None => {
                    #[cfg(feature = "ssr")]
                    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                        res.set_status(http::StatusCode::NOT_FOUND);
                    }
                    view! {
                        <h1>{t!(lang, facilities.board.closed_heading)}</h1>
                        <p class="notice" role="status" id="board-closed">{t!(lang, facilities.board.closed)}</p>
                    }.into_any()
                }
            }}
        </crate::shell::Loaded>
    }
}

/// The board, refreshed every 30 seconds while the page is open with JavaScript on. A
/// revoked link keeps showing what it last had only until the next page load.
#[island]
fn LiveBoard(token: String, initial: BoardView) -> impl IntoView {
    let board = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let token = token.clone();
        let refresh = move || {
            let token = token.clone();
            leptos::task::spawn_local(async move {
                match load_board(token).await {
                    Ok(Some(view)) => board.set(view),
                    // Revoked: load the page, which says so.
                    Ok(None) => {
                        let _ = window().location().reload();
                    }
                    Err(_) => {}
                }
            })
        };
        if let Ok(handle) = leptos::leptos_dom::helpers::set_interval_with_handle(
            refresh,
            std::time::Duration::from_secs(BOARD_REFRESH_SECONDS.into()),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = token;
    move || {
        let view = board.get();
        view! {
            <div class="board">
                <h1>{view.facility.clone()}</h1>
                <p class="muted" aria-live="polite">{view.updated.clone()}</p>
                <div class="board-grid">
                    {view.sections.into_iter().map(|s| view! { <Section s /> }).collect_view()}
                </div>
            </div>
        }
    }
}

#[component]
fn Section(s: BoardSection) -> impl IntoView {
    let heading_id = format!("board-{}-h", s.key);
    let section_id = format!("board-{}", s.key);
    let labelled_by = heading_id.clone();
    view! {
        <section class="card" id=section_id aria-labelledby=labelled_by>
            <h2 id=heading_id>{s.heading}</h2>
            {if s.lines.is_empty() {
                view! { <p class="empty">{s.empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="board-lines">
                        {s.lines.into_iter().map(|l| view! {
                            <li>
                                <strong>{l.main}</strong>
                                {(!l.detail.is_empty()).then(|| view! { " " <span>{l.detail}</span> })}
                                {l.flag.map(|f| view! { " " <span class="flag flag-cant">{f}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
