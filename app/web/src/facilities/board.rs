//! The "who is on now" board (`/board/{token}`): a facility's page for a screen at the base,
//! opened by a link without signing in. Refreshes itself every 30 seconds: a meta refresh
//! without JavaScript, a small plain script with it (no reload, no flicker). Shows display
//! names, times, needs and stock only; nothing about a supported person.
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
pub use vigil_domain::facilities::board::BOARD_REFRESH_SECONDS;

/// The board as worded for the reader.
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
                Some(view) => view! {
                    // Without JavaScript the page reloads itself; with it, the board's script
                    // swaps in a fresh board instead (a `noscript` meta is not seen when
                    // scripts run).
                    <noscript><meta http-equiv="refresh" content=BOARD_REFRESH_SECONDS.to_string() /></noscript>
                    <BoardScreen view />
                }.into_any(),
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

/// The board as the server drew it. With JavaScript on, a few lines of plain script (no
/// wasm: the board is not an island, so the page loads no bundle) fetch the page again
/// every 30 seconds and swap the board in place; a revoked link's 404 reloads the page,
/// which then says so.
#[component]
fn BoardScreen(view: BoardView) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let script = LIVE.replace("{seconds}", &BOARD_REFRESH_SECONDS.to_string());
    view! {
        <div class="board">
            <h1>{view.facility.clone()}</h1>
            <p class="muted" aria-live="polite">{view.updated.clone()}</p>
            <div class="board-grid">
                {view.sections.into_iter().map(|s| view! { <Section s /> }).collect_view()}
            </div>
        </div>
        <script nonce=nonce>{script}</script>
    }
}

const LIVE: &str = "setInterval(async()=>{try{const r=await fetch(location.href);\
if(r.status===404)return location.reload();if(!r.ok)return;\
const b=new DOMParser().parseFromString(await r.text(),'text/html').querySelector('.board');\
if(b)document.querySelector('.board').replaceWith(b)}catch(e){}},{seconds}000)";

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
