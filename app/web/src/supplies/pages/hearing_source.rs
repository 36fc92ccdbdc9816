//! On a hearing's page: the link to its tally screen (its accompaniers, after it), and for
//! coordinators where its handouts come from (the court's kit unless they name a place).
use super::*;
use crate::supplies::HearingSource;

#[server(prefix = "/api", endpoint = "supplies/hearing-source")]
pub async fn load_hearing_source(hearing_id: i64) -> Result<HearingSource, AppError> {
    let actor = crate::kernel::require(Some(Role::Coordinator))?;
    let db = &crate::state::app_state()?.db;
    crate::error::or_fail(crate::supplies::service::hearing_source(db, &actor, hearing_id).await)
}

/// "Log handouts (fare, food)": for those going, and coordinators.
#[component]
pub fn HearingHandoutsLink(hearing_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p><a class="button secondary" href=TallyAt::Hearing(hearing_id).tally_path()>{t!(lang, supplies.hearing.log_handouts)}</a></p>
    }
}

/// The coordinators' choice of where a hearing's handouts come from.
#[component]
pub fn HearingSourceForm(hearing_id: i64, echo: FormEcho) -> impl IntoView {
    let lang = use_lang();
    let source = Resource::new(move || hearing_id, load_hearing_source);
    view! {
        <Loaded data=source let:source>
            {
                let court_kit = t!(lang, supplies.hearing.court_kit, court = source.court);
                let options: Vec<(String, String)> = std::iter::once((format!("f{}", source.court_id), court_kit))
                    .chain(source.places.iter().map(|(id, name)| (id.to_string(), name.clone())))
                    .collect();
                let selected = source.chosen.map_or_else(|| format!("f{}", source.court_id), |id| id.to_string());
                view! {
                    <PostForm action=routes::hearing_action(hearing_id, "handouts-from") echo=echo.clone()>
                        <SelectField name="place" label=t!(lang, supplies.hearing.from_label) options selected
                            hint=t!(lang, supplies.hearing.from_hint) />
                        <SubmitButton label=t!(lang, supplies.hearing.save) class="secondary" />
                    </PostForm>
                }
            }
        </Loaded>
    }
}
