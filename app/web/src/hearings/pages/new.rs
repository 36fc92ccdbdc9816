//! Coordinators' pages for adding hearings: the form, and the CSV docket import with its
//! preview.
use super::*;
use crate::hearings::{ImportProblem, ImportSummary, Refusal};
use crate::kernel::Label;

pub(super) fn kind_options() -> Vec<(String, String)> {
    HearingKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect()
}

#[component]
pub fn HearingNew() -> impl IntoView {
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text="New hearing · Vigil" />
        <h1>"New hearing"</h1>
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().unwrap_or_default();
            view! {
                <Loaded data=options let:value>
                    {
                        let echo = echo.clone();
                        match value {
                                o if o.courts.is_empty() => view! {
                                    <p class="empty">"Add the court first: a " <a href=routes::FACILITIES>"facility"</a> " of kind courthouse."</p>
                                }.into_any(),
                                o => {
                                    let people: Vec<(String, String)> = std::iter::once((String::new(), "Choose…".to_string()))
                                        .chain(o.people.iter().map(|(id, alias)| (id.to_string(), format!("{alias} (#{id})"))))
                                        .collect();
                                    let courts: Vec<(String, String)> = o.courts.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                                    view! {
                                        <PostForm action=routes::HEARINGS echo>
                                            <SelectField name="person_id" label="Person" options=people hint="Add them under People first if they're not here." />
                                            <SelectField name="court_id" label="Court" options=courts />
                                            <TextField name="starts_at" label="Date and time" kind="datetime-local" required=true hint="In the court's local time." />
                                            <SelectField name="kind" label="Hearing type" options=kind_options() selected="master" />
                                            <TextField name="courtroom" label="Courtroom or judge" hint="Shown only to coordinators and the accompaniers going. Stored encrypted." />
                                            <TextField name="languages" label="Languages needed" hint="e.g. Spanish, Mam. Accompaniers filter by these." />
                                            <TextField name="wanted" label="Accompaniers wanted" kind="number" value="2" />
                                            <TextField name="meeting_point" label="Meeting point" hint="Where accompaniers meet, e.g. “front steps”." />
                                            <TextField name="meet_minutes" label="Meet this many minutes before" kind="number" value="30" />
                                            <SubmitButton label="Add hearing" />
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
    let query = use_query_map();
    let options = Resource::new(|| (), |_| hearing_form_options());
    view! {
        <Title text="Import hearings · Vigil" />
        <h1>"Import hearings from a CSV docket"</h1>
        {move || query.with(|q| (q.get("done"), q.get("added"), q.get("skipped"))).0.filter(|d| d == "imported").map(|_| {
            let (added, skipped) = query.with(|q| (q.get("added").unwrap_or_default(), q.get("skipped").unwrap_or_default()));
            view! { <p class="notice" role="status">"Imported " {added} " hearings (" {skipped} " were already in Vigil). " <a href=routes::HEARINGS>"See hearings"</a></p> }
        })}
        <RequireRole role=Role::Coordinator render=move |_: Account, ctx: PageContext| {
            let echo = ctx.echo.clone().filter(|e| e.form == routes::HEARINGS_IMPORT).unwrap_or_default();
            let preview: Option<ImportPreview> = echo.value("preview").and_then(|json| serde_json::from_str(&json).ok());
            view! {
                {echo.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <form method="post" action=routes::HEARINGS_IMPORT enctype="multipart/form-data" class="card">
                    <p class="hint">"Export the docket as CSV. Next you'll match its columns and check every row; nothing is imported until you accept. Importing the same file again adds nothing twice."</p>
                    <div class="field">
                        <label for="f-file">"CSV file"</label>
                        <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true />
                    </div>
                    <button type="submit" class="button">"Preview"</button>
                </form>
                <Suspense fallback=|| ()>
                    {move || {
                        let echo = echo.clone();
                        let preview = preview.clone();
                        Suspend::new(async move {
                            let courts: Vec<(String, String)> = std::iter::once((String::new(), "From the court column".to_string()))
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
    let columns: Vec<(String, String)> =
        std::iter::once((String::new(), "(not in this file)".to_string()))
            .chain(preview.headers.iter().enumerate().map(|(i, h)| {
                (
                    i.to_string(),
                    if h.is_empty() {
                        format!("Column {}", i + 1)
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
            <h2 id="preview-h">"Preview"</h2>
            {preview.file_error.as_ref().map(|e| view! { <p class="form-error" role="alert">{import_problem(e)}</p> })}
            {(preview.file_error.is_none()).then(|| view! {
                <p role="status">{preview.new_rows} " new · " {preview.duplicates} " already in Vigil · " {preview.error_rows} " with problems"</p>
            })}
            {(preview.error_rows > 0).then(|| view! {
                <p class="form-error" role="alert">"Nothing will be imported until every row is right. Fix these lines in the file (or the column choices) and preview again."</p>
            })}
            <form method="post" action=routes::HEARINGS_IMPORT>
                <input type="hidden" name="csv" value=csv />
                <input type="hidden" name="mapped" value="1" />
                <fieldset>
                    <legend>"Columns"</legend>
                    {ImportColumn::ALL.into_iter().map(|c| {
                        let selected = chosen(c.key());
                        view! {
                            <div class="field">
                                <label for=format!("f-{}", c.key())>{c.label()}</label>
                                <select id=format!("f-{}", c.key()) name=c.key()>
                                    {columns.iter().map(|(value, text)| view! { <option value=value.clone() selected={*value == selected}>{text.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="f-court_id">"Court for every row"</label>
                    <select id="f-court_id" name="court_id">
                        {courts.into_iter().map(|(value, text)| {
                            let selected = court_chosen == value;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-wanted">"Accompaniers wanted per hearing"</label>
                    <input id="f-wanted" name="wanted" type="number" value={echo.value("wanted").unwrap_or_else(|| "2".into())} />
                </div>
                <div class="field">
                    <label for="f-meeting_point">"Meeting point"</label>
                    <input id="f-meeting_point" name="meeting_point" value=echo.value("meeting_point").unwrap_or_default() />
                </div>
                <table class="import-rows">
                    <thead><tr><th>"Line"</th><th>"Hearing"</th></tr></thead>
                    <tbody>
                        {preview.rows.iter().map(|row| view! {
                            <tr class:row-error={!row.errors.is_empty()}>
                                <td>{row.line}</td>
                                <td>{if row.errors.is_empty() {
                                    view! { {row.summary.as_ref().map(import_summary)} {row.duplicate.then(|| view! { " " <span class="tag">"already in Vigil"</span> })} }.into_any()
                                } else {
                                    view! { <span class="field-error">{format!("Line {}: {}", row.line, row.errors.iter().map(import_problem).collect::<Vec<_>>().join("; "))}</span> }.into_any()
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="submit" name="go" value="preview" class="button secondary">"Preview again"</button>
                    {importable.then(|| view! { <button type="submit" name="go" value="import" class="button">{format!("Import {} hearings", preview.new_rows)}</button> })}
                </div>
            </form>
        </section>
    }
}

/// "Bond hearing, Tue 1 Dec, 09:00 (EST) at Immigration Court": a row to be added.
fn import_summary(s: &ImportSummary) -> String {
    format!(
        "{} hearing, {} at {}",
        s.kind.label(),
        crate::time::moment(s.starts_at, crate::time::zone(&s.time_zone)),
        s.court
    )
}

/// What is wrong with the docket file or a row, as a sentence. Never a cell's content.
fn import_problem(problem: &ImportProblem) -> String {
    let text = |refusal: &Refusal| match refusal {
        Refusal::TextTooLong { max } => format!("keep this under {max} characters."),
        _ => "this has characters we can't store.".to_string(),
    };
    match problem {
        ImportProblem::EmptyFile => "The file is empty.".into(),
        ImportProblem::NotCsv => "This isn't a CSV file we can read.".into(),
        ImportProblem::BadLine { line } => {
            format!("Line {line}: this line isn't valid CSV (check its quotes).")
        }
        ImportProblem::TooManyRows { max } => {
            format!("The file has more than {max} rows: split it into smaller files.")
        }
        ImportProblem::NoRows => "The file has a header line but no rows.".into(),
        ImportProblem::ChooseColumns => "Choose the columns holding the person and the date.".into(),
        ImportProblem::WantedRange => "Accompaniers wanted: enter a number from 1 to 20.".into(),
        ImportProblem::MeetingPoint(r) => format!("Meeting point: {}", text(r)),
        ImportProblem::PersonMissing => "The person is missing".into(),
        ImportProblem::NoSuchPersonNumber => "No person in Vigil has this number".into(),
        ImportProblem::NoSuchCaseRef => {
            "No person in Vigil has this case reference (add them first)".into()
        }
        ImportProblem::NoSuchCourt => "No courthouse in Vigil has this name".into(),
        ImportProblem::CourtMissing => {
            "The court is missing (map a court column or choose one court for the file)".into()
        }
        ImportProblem::DateUnreadable => "The date and time can't be read (use 2026-12-01 09:00, or 12/01/2026 9:00 AM with the month first)".into(),
        ImportProblem::SkippedTime => {
            "That time doesn't exist in the court's time zone (the clocks go forward then)".into()
        }
        ImportProblem::InPast => "The hearing is in the past".into(),
        ImportProblem::TooFarAhead => "The date is more than two years ahead (check the year)".into(),
        ImportProblem::Courtroom(r) => format!("Courtroom: {}", text(r)),
        ImportProblem::Languages => "Languages: list up to six languages, separated by commas.".into(),
    }
}
