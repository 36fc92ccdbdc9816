//! Coordinators' pages for adding hearings: the form, and the CSV docket import with its
//! preview.
use super::*;
use crate::hearings::{ImportProblem, ImportSummary, Refusal};
use crate::kernel::labels::hearing_noun;
use crate::kernel::Label;

pub(super) fn kind_options(lang: Lang) -> Vec<(String, String)> {
    HearingKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label(lang).to_string()))
        .collect()
}

#[component]
pub fn HearingNew() -> impl IntoView {
    let lang = use_lang();
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text=t!(lang, hearings.new.title) />
        <h1>{t!(lang, hearings.new.heading)}</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=options let:value>
                    {
                        let echo = echo.clone();
                        match value {
                                o if o.courts.is_empty() => view! {
                                    <p class="empty">{t!(lang, hearings.new.no_courts_before)} " " <a href=routes::FACILITIES>{t!(lang, hearings.new.no_courts_link)}</a> " " {t!(lang, hearings.new.no_courts_after)}</p>
                                }.into_any(),
                                o => {
                                    let people: Vec<(String, String)> = std::iter::once((String::new(), t!(lang, hearings.new.choose).to_string()))
                                        .chain(o.people.iter().map(|(id, alias)| (id.to_string(), t!(lang, hearings.new.person_option, alias = alias, id = id))))
                                        .collect();
                                    let courts: Vec<(String, String)> = o.courts.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                                    view! {
                                        <PostForm action=routes::HEARINGS echo>
                                            <SelectField name="person_id" label=t!(lang, hearings.new.person) options=people hint=t!(lang, hearings.new.person_hint) />
                                            <SelectField name="court_id" label=t!(lang, hearings.new.court) options=courts />
                                            <TextField name="starts_at" label=t!(lang, hearings.new.starts_at) kind="datetime-local" required=true hint=t!(lang, hearings.new.starts_at_hint) />
                                            <SelectField name="kind" label=t!(lang, hearings.new.kind) options=kind_options(lang) selected="master" />
                                            <TextField name="courtroom" label=t!(lang, hearings.new.courtroom) hint=t!(lang, hearings.new.courtroom_hint) />
                                            <TextField name="languages" label=t!(lang, hearings.new.languages) hint=t!(lang, hearings.new.languages_hint) />
                                            <TextField name="wanted" label=t!(lang, hearings.new.wanted) kind="number" value="2" />
                                            <TextField name="meeting_point" label=t!(lang, hearings.new.meeting_point) hint=t!(lang, hearings.new.meeting_point_hint) />
                                            <TextField name="meet_minutes" label=t!(lang, hearings.new.meet_minutes) kind="number" value="30" />
                                            <SubmitButton label=t!(lang, hearings.new.submit) />
                                        </PostForm>
                                    }.into_any()
                                }
                            }
                    }
                </Loaded>
            }
        } />
    }
}

#[component]
pub fn HearingImport() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text=t!(lang, hearings.import.title) />
        <h1>{t!(lang, hearings.import.heading)}</h1>
        {move || query.with(|q| (q.get("done"), q.get("added"), q.get("skipped"))).0.filter(|d| d == "imported").map(|_| {
            let count = |name: &str| query.with(|q| q.get(name)).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
            let (added, skipped) = (count("added"), count("skipped"));
            let done = tn!(lang, hearings.import.imported, added, skipped = tn!(lang, hearings.import.already, skipped));
            view! { <p class="notice" role="status">{done} " " <a href=routes::HEARINGS>{t!(lang, hearings.import.see_hearings)}</a></p> }
        })}
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::HEARINGS_IMPORT).unwrap_or_default();
            let preview: Option<ImportPreview> = echo.value("preview").and_then(|json| serde_json::from_str(&json).ok());
            view! {
                {echo.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <form method="post" action=routes::HEARINGS_IMPORT enctype="multipart/form-data" class="card">
                    <p class="hint">{t!(lang, hearings.import.intro)}</p>
                    <div class="field">
                        <label for="f-file">{t!(lang, hearings.import.file)}</label>
                        <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true />
                    </div>
                    <button type="submit" class="button">{t!(lang, hearings.import.preview)}</button>
                </form>
                <Suspense fallback=|| ()>
                    {move || {
                        let echo = echo.clone();
                        let preview = preview.clone();
                        Suspend::new(async move {
                            let courts: Vec<(String, String)> = std::iter::once((String::new(), t!(lang, hearings.import.from_court_column).to_string()))
                                .chain(options.await.map(|o| o.courts).unwrap_or_default().into_iter().map(|(id, name)| (id.to_string(), name)))
                                .collect();
                            preview.map(|p| view! { <ImportPreviewForm preview=p echo courts /> })
                        })
                    }}
                </Suspense>
            }
        } />
    }
}

#[component]
pub(super) fn ImportPreviewForm(
    preview: ImportPreview,
    echo: FormEcho,
    courts: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let columns: Vec<(String, String)> = std::iter::once((
        String::new(),
        t!(lang, hearings.import.not_in_file).to_string(),
    ))
    .chain(preview.headers.iter().enumerate().map(|(i, h)| {
        (
            i.to_string(),
            if h.is_empty() {
                t!(lang, hearings.import.column, number = i + 1)
            } else {
                h.clone()
            },
        )
    }))
    .collect();
    let chosen = |key: &str| {
        preview
            .mapping
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, i)| *i)
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    let csv = echo.value("csv").unwrap_or_default();
    // With no court column and a single court, that court (as the server assumes).
    let court_chosen = echo
        .value("court_id")
        .filter(|v| !v.is_empty())
        .or_else(|| {
            (courts.len() == 2 && chosen(ImportColumn::Court.key()).is_empty())
                .then(|| courts[1].0.clone())
        })
        .unwrap_or_default();
    let importable = preview.importable();
    view! {
        <section class="card" aria-labelledby="preview-h">
            <h2 id="preview-h">{t!(lang, hearings.import.preview)}</h2>
            {preview.file_error.as_ref().map(|e| view! { <p class="form-error" role="alert">{import_problem(lang, e)}</p> })}
            {(preview.file_error.is_none()).then(|| view! {
                <p role="status">{t!(lang, hearings.import.counts, new = preview.new_rows, duplicates = preview.duplicates, errors = preview.error_rows)}</p>
            })}
            {(preview.error_rows > 0).then(|| view! {
                <p class="form-error" role="alert">{t!(lang, hearings.import.fix_rows)}</p>
            })}
            <form method="post" action=routes::HEARINGS_IMPORT>
                <input type="hidden" name="csv" value=csv />
                <input type="hidden" name="mapped" value="1" />
                <fieldset>
                    <legend>{t!(lang, hearings.import.columns)}</legend>
                    {ImportColumn::ALL.into_iter().map(|c| {
                        let selected = chosen(c.key());
                        view! {
                            <div class="field">
                                <label for=format!("f-{}", c.key())>{c.label(lang)}</label>
                                <select id=format!("f-{}", c.key()) name=c.key()>
                                    {columns.iter().map(|(value, text)| view! { <option value=value.clone() selected={*value == selected}>{text.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="f-court_id">{t!(lang, hearings.import.court_for_all)}</label>
                    <select id="f-court_id" name="court_id">
                        {courts.into_iter().map(|(value, text)| {
                            let selected = court_chosen == value;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-wanted">{t!(lang, hearings.import.wanted)}</label>
                    <input id="f-wanted" name="wanted" type="number" value={echo.value("wanted").unwrap_or_else(|| "2".into())} />
                </div>
                <div class="field">
                    <label for="f-meeting_point">{t!(lang, hearings.import.meeting_point)}</label>
                    <input id="f-meeting_point" name="meeting_point" value=echo.value("meeting_point").unwrap_or_default() />
                </div>
                <table class="import-rows">
                    <thead><tr><th>{t!(lang, hearings.import.line)}</th><th>{t!(lang, hearings.import.hearing)}</th></tr></thead>
                    <tbody>
                        {preview.rows.iter().map(|row| view! {
                            <tr class:row-error={!row.errors.is_empty()}>
                                <td>{row.line}</td>
                                <td>{if row.errors.is_empty() {
                                    view! { {row.summary.as_ref().map(|s| import_summary(lang, s))} {row.duplicate.then(|| view! { " " <span class="tag">{t!(lang, hearings.tag.already_in_vigil)}</span> })} }.into_any()
                                } else {
                                    view! { <span class="field-error">{t!(lang, hearings.import.line_problems, line = row.line, problems = row.errors.iter().map(|p| import_problem(lang, p)).collect::<Vec<_>>().join("; "))}</span> }.into_any()
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="submit" name="go" value="preview" class="button secondary">{t!(lang, hearings.import.preview_again)}</button>
                    {importable.then(|| view! { <button type="submit" name="go" value="import" class="button">{tn!(lang, hearings.import.import_button, preview.new_rows)}</button> })}
                </div>
            </form>
        </section>
    }
}

/// "Bond hearing, Tue 1 Dec, 09:00 EST at Immigration Court": a row to be added.
fn import_summary(lang: Lang, s: &ImportSummary) -> String {
    t!(
        lang,
        hearings.import.summary,
        hearing = hearing_noun(lang, s.kind),
        when = dates::moment(lang, s.starts_at, crate::time::zone(&s.time_zone)),
        court = s.court
    )
}

/// What is wrong with the docket file or a row, as a sentence. Never a cell's content.
fn import_problem(lang: Lang, problem: &ImportProblem) -> String {
    let text = |refusal: &Refusal| match refusal {
        Refusal::TextTooLong { max } => t!(lang, hearings.problem.text_too_long, max = max),
        _ => t!(lang, hearings.problem.text_unstorable).to_string(),
    };
    match problem {
        ImportProblem::EmptyFile => t!(lang, hearings.problem.empty_file).into(),
        ImportProblem::NotCsv => t!(lang, hearings.problem.not_csv).into(),
        ImportProblem::BadLine { line } => t!(lang, hearings.problem.bad_line, line = line),
        ImportProblem::TooManyRows { max } => t!(lang, hearings.problem.too_many_rows, max = max),
        ImportProblem::NoRows => t!(lang, hearings.problem.no_rows).into(),
        ImportProblem::ChooseColumns => t!(lang, hearings.problem.choose_columns).into(),
        ImportProblem::WantedRange => t!(lang, hearings.problem.wanted_range).into(),
        ImportProblem::MeetingPoint(r) => {
            t!(lang, hearings.problem.meeting_point, problem = text(r))
        }
        ImportProblem::PersonMissing => t!(lang, hearings.problem.person_missing).into(),
        ImportProblem::NoSuchPersonNumber => {
            t!(lang, hearings.problem.no_such_person_number).into()
        }
        ImportProblem::NoSuchCaseRef => t!(lang, hearings.problem.no_such_case_ref).into(),
        ImportProblem::NoSuchCourt => t!(lang, hearings.problem.no_such_court).into(),
        ImportProblem::CourtMissing => t!(lang, hearings.problem.court_missing).into(),
        ImportProblem::DateUnreadable => t!(lang, hearings.problem.date_unreadable).into(),
        ImportProblem::SkippedTime => t!(lang, hearings.problem.skipped_time).into(),
        ImportProblem::InPast => t!(lang, hearings.problem.in_past).into(),
        ImportProblem::TooFarAhead => t!(lang, hearings.problem.too_far_ahead).into(),
        ImportProblem::Courtroom(r) => t!(lang, hearings.problem.courtroom, problem = text(r)),
        ImportProblem::Languages => t!(lang, hearings.problem.languages).into(),
    }
}
