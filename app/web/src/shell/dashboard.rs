//! The home page: one section per role the account holds, each saying what to do next.
use super::WithPage;
use crate::accounts::{Account, Role};
use crate::kernel::PageContext;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Home · Vigil" />
        <WithPage render=|ctx: PageContext| ctx.account.map(|account| view! { <Sections account /> }) />
    }
}

#[component]
fn Sections(account: Account) -> impl IntoView {
    let greeting = format!("Hello, {}", account.name());
    view! {
        <h1>{greeting}</h1>
        {account.has_role(Role::Coordinator).then(|| view! {
            <section class="card" aria-labelledby="coord-h">
                <h2 id="coord-h">"Coordinating"</h2>
                <p>"Build your team: invite volunteers and accompaniers by email. They sign in with a link, no password."</p>
                <p><a class="button" href=routes::TEAM>"Invite people"</a></p>
                <p>"Keep track of the people the group supports: only what is needed, encrypted, and forgotten on schedule."</p>
                <p><a class="button secondary" href=routes::PEOPLE>"People"</a></p>
                <p>"Plan release watches and see which shifts need people."</p>
                <p><a class="button" href=routes::WATCHES>"Watches"</a> " " <a class="button secondary" href=routes::COVERAGE>"Coverage board"</a></p>
                <p>"Court dates: add hearings by hand or from a docket CSV, and move them when the court does."</p>
                <p><a class="button" href=routes::HEARINGS>"Hearings"</a> " " <a class="button secondary" href=routes::HEARINGS_IMPORT>"Import a docket"</a></p>
                <p class="muted"><a href=routes::MAIL_PROBLEMS>"Mail that could not be sent"</a></p>
            </section>
        })}
        {account.has_role(Role::Volunteer).then(|| view! {
            <section class="card" aria-labelledby="vol-h">
                <h2 id="vol-h">"Release watch"</h2>
                <p>"Wait outside the jail for people being released, with a team, in shifts."</p>
                <p><a class="button" href=routes::SHIFTS>"Find an open shift"</a> " " <a class="button secondary" href=routes::MY_SHIFTS>"My shifts"</a></p>
            </section>
        })}
        {account.has_role(Role::Accompanier).then(|| view! {
            <section class="card" aria-labelledby="acc-h">
                <h2 id="acc-h">"Court accompaniment"</h2>
                <p>"Go with people to their court hearings. If a hearing moves, you hear at once."</p>
                <p><a class="button" href=routes::HEARINGS>"Hearings needing people"</a> " " <a class="button secondary" href=routes::MY_HEARINGS>"My hearings"</a></p>
            </section>
        })}
        {account.languages.is_empty().then(|| view! {
            <section class="card">
                <p>"Add the languages you speak to your " <a href=routes::PROFILE>"profile"</a>
                   ": someone who speaks a person's language makes a real difference."</p>
            </section>
        })}
    }
}
