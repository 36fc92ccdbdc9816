//! The home page: one section per role the account holds, each saying what to do next. A
//! coordinator's starts with "Needs attention" (`crate::attention`), from live data.
use super::{DoneNotice, WithPage};
use crate::accounts::{Account, Role};
use crate::kernel::PageContext;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Dashboard() -> impl IntoView {
    let lang = crate::i18n::use_lang();
    view! {
        <Title text=t!(lang, dashboard.title) />
        <DoneNotice messages=crate::attention::pages::done_message />
        <WithPage render=|ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            ctx.account.map(|account| view! { <Sections account echo /> })
        } />
    }
}

#[component]
fn Sections(account: Account, echo: crate::forms::FormEcho) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let greeting = t!(lang, dashboard.hello, name = account.name());
    view! {
        <h1>{greeting}</h1>
        {account.has_role(Role::Coordinator).then(|| view! { <crate::attention::pages::NeedsAttention echo /> })}
        {account.has_role(Role::Coordinator).then(|| view! {
            <section class="card" aria-labelledby="coord-h">
                <h2 id="coord-h">{t!(lang, dashboard.coordinating.heading)}</h2>
                <p>{t!(lang, dashboard.coordinating.team_text)}</p>
                <p><a class="button" href=routes::TEAM>{t!(lang, dashboard.coordinating.invite)}</a></p>
                <p>{t!(lang, dashboard.coordinating.people_text)}</p>
                <p><a class="button secondary" href=routes::PEOPLE>{t!(lang, dashboard.coordinating.people)}</a></p>
                <p>{t!(lang, dashboard.coordinating.watches_text)}</p>
                <p><a class="button" href=routes::WATCHES>{t!(lang, dashboard.coordinating.watches)}</a> " " <a class="button secondary" href=routes::COVERAGE>{t!(lang, dashboard.coordinating.coverage)}</a></p>
                <p>{t!(lang, dashboard.coordinating.hearings_text)}</p>
                <p><a class="button" href=routes::HEARINGS>{t!(lang, dashboard.coordinating.hearings)}</a> " " <a class="button secondary" href=routes::HEARINGS_IMPORT>{t!(lang, dashboard.coordinating.import_docket)}</a></p>
                <p class="muted"><a href=routes::MAIL_PROBLEMS>{t!(lang, dashboard.coordinating.mail_problems)}</a></p>
            </section>
        })}
        {account.has_role(Role::Volunteer).then(|| view! {
            <section class="card" aria-labelledby="vol-h">
                <h2 id="vol-h">{t!(lang, dashboard.volunteer.heading)}</h2>
                <p>{t!(lang, dashboard.volunteer.text)}</p>
                <p><a class="button" href=routes::SHIFTS>{t!(lang, dashboard.volunteer.find_shift)}</a> " " <a class="button secondary" href=routes::MY_SHIFTS>{t!(lang, dashboard.volunteer.my_shifts)}</a></p>
            </section>
        })}
        {account.has_role(Role::Accompanier).then(|| view! {
            <section class="card" aria-labelledby="acc-h">
                <h2 id="acc-h">{t!(lang, dashboard.accompanier.heading)}</h2>
                <p>{t!(lang, dashboard.accompanier.text)}</p>
                <p><a class="button" href=routes::HEARINGS>{t!(lang, dashboard.accompanier.hearings)}</a> " " <a class="button secondary" href=routes::MY_HEARINGS>{t!(lang, dashboard.accompanier.my_hearings)}</a></p>
            </section>
        })}
        {account.languages.is_empty().then(|| view! {
            <section class="card">
                <p>{t!(lang, dashboard.languages.before)} <a href=routes::PROFILE>{t!(lang, dashboard.languages.link)}</a>
                   {t!(lang, dashboard.languages.after)}</p>
            </section>
        })}
    }
}
