//! A facility's board links, on its page (coordinators): make one for a screen at the base,
//! see when each was last used, revoke one (the screen then says the link is closed).
use crate::error::AppError;
use crate::forms::{FormEcho, PostForm, SubmitButton};
use crate::i18n::{dates, use_lang};
use crate::routes;
use crate::shell::Loaded;
use leptos::prelude::*;
use vigil_domain::facilities::board::BoardLink;

#[cfg(feature = "ssr")]
use {crate::error::or_fail, crate::kernel::require, crate::state::app_state};

#[server(prefix = "/api", endpoint = "facilities/boards")]
pub async fn board_links(facility_id: i64) -> Result<Vec<BoardLink>, AppError> {
    let by = require(Some(crate::accounts::Role::Coordinator))?;
    or_fail(
        super::service::board::links(&app_state()?.db, &by, facility_id, chrono::Utc::now()).await,
    )
}

#[component]
pub fn BoardLinks(facility_id: i64, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let links = Resource::new(move || facility_id, board_links);
    let made = echo.value("made");
    view! {
        <section class="card" aria-labelledby="boards-h">
            <h2 id="boards-h">{t!(lang, facilities.board.links_heading)}</h2>
            <p class="hint">{t!(lang, facilities.board.links_intro)}</p>
            {made.map(|link| view! {
                <p class="notice" role="status">{t!(lang, facilities.board.made_hint)}</p>
                <p><input id="board-link" type="text" readonly value=link aria-labelledby="boards-h" /></p>
            })}
            <Loaded data=links let:list>
                {if list.is_empty() {
                    view! { <p>{t!(lang, facilities.board.no_links)}</p> }.into_any()
                } else {
                    view! { <ul class="join-links">{list.into_iter().map(|l| view! { <LinkLine l facility_id /> }).collect_view()}</ul> }.into_any()
                }}
            </Loaded>
            <PostForm action=routes::board_links(facility_id) echo>
                <SubmitButton label=t!(lang, facilities.board.make) />
            </PostForm>
        </section>
    }
}

#[component]
fn LinkLine(l: BoardLink, facility_id: i64) -> impl IntoView {
    let lang = use_lang();
    let made = t!(
        lang,
        facilities.board.made_by,
        who = l.made_by,
        day = dates::day(lang, l.created_at.date_naive())
    );
    let used = match l.last_used_at {
        Some(at) => t!(
            lang,
            facilities.board.last_used,
            day = dates::day(lang, at.date_naive())
        )
        .to_string(),
        None => t!(lang, facilities.board.never_used).to_string(),
    };
    let open = l.revoked_at.is_none();
    view! {
        <li class="join-link">
            <strong>{if open { t!(lang, facilities.board.open) } else { t!(lang, facilities.board.revoked) }}</strong>
            " · " {made} " · " {used}
            {open.then(|| view! {
                <form method="post" action=routes::board_revoke(facility_id, l.id) class="inline">
                    <SubmitButton label=t!(lang, facilities.board.revoke) class="secondary" />
                </form>
            })}
        </li>
    }
}
