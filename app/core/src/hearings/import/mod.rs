//! Importing hearings from a court docket export (CSV). Exports differ, so the coordinator
//! maps columns on a preview; every row is checked; nothing is imported until the preview is
//! accepted, and then only if every row is valid. Re-importing the same file adds nothing.
//!
//! The file holds case references: it is never stored or logged. The preview carries it back
//! to the browser in the form; messages name the line, never a cell's content.
use super::store;
use super::{check_languages, insert_on, short_text, HearingInput};
use super::{
    HearingKind, ImportColumn, ImportForm, ImportPreview, ImportProblem, ImportRow, ImportSummary,
};
use crate::accounts::Account;
use crate::facilities::{Facility, FacilityKind};
use crate::people::{self as people, Ctx};
use crate::time::{self, zone};
use crate::Failure;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

mod docket_file;
pub use docket_file::*;

/// The most rows one import takes (a docket export for a few weeks is far smaller).
pub const MAX_ROWS: usize = 2000;

/// Which column (by index) holds each target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping(pub Vec<(ImportColumn, Option<usize>)>);

impl Mapping {
    pub fn get(&self, column: ImportColumn) -> Option<usize> {
        self.0
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| *i)
    }

    /// A first guess from the header names.
    pub fn guess(headers: &[String]) -> Mapping {
        // The first header holding one of `words` and none of `not`.
        let find = |words: &[&str], not: &[&str]| {
            headers.iter().position(|h| {
                let h = h.to_lowercase();
                words.iter().any(|w| h.contains(w)) && !not.iter().any(|n| h.contains(n))
            })
        };
        Mapping(
            ImportColumn::ALL
                .into_iter()
                .map(|c| {
                    let index = match c {
                        ImportColumn::Person => find(
                            &[
                                "a-number", "a number", "anumber", "alien", "case ref", "case no",
                                "case num", "case #", "person", "file",
                            ],
                            &[],
                        )
                        .or_else(|| find(&["case"], &["type", "status"])),
                        ImportColumn::Date => find(&["date", "when"], &[]),
                        ImportColumn::Time => find(&["time"], &["date"]),
                        ImportColumn::Court => {
                            find(&["court", "location", "venue"], &["courtroom", "room"])
                        }
                        ImportColumn::Kind => find(&["type", "kind"], &[]),
                        ImportColumn::Courtroom => find(&["courtroom", "room", "judge"], &[]),
                        ImportColumn::Languages => find(&["language", "interpreter"], &[]),
                    };
                    (c, index)
                })
                .collect(),
        )
    }

    /// The coordinator's choices from the preview form (`map_date` = "2", or "" for none);
    /// a file seen for the first time gets the guess.
    pub fn from_form(form: &ImportForm, headers: &[String]) -> Mapping {
        if form.mapped != "1" {
            return Mapping::guess(headers);
        }
        Mapping(
            ImportColumn::ALL
                .into_iter()
                .map(|c| {
                    (
                        c,
                        form.column(c)
                            .parse::<usize>()
                            .ok()
                            .filter(|i| *i < headers.len()),
                    )
                })
                .collect(),
        )
    }
}

/// Settings for the whole file.
pub struct Defaults {
    pub court: Option<Facility>,
    pub wanted: i64,
    pub meeting_point: String,
}

/// A case reference compared the way dockets write it: "A-123-456-789" = "a123456789" =
/// "123456789".
pub fn normalize_case_ref(text: &str) -> String {
    let alnum: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    match alnum.strip_prefix('A') {
        Some(rest) if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) => {
            rest.to_string()
        }
        _ => alnum,
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y"]
        .into_iter()
        .find_map(|f| NaiveDate::parse_from_str(text.trim(), f).ok())
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim().to_uppercase().replace('.', "");
    ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"]
        .into_iter()
        .find_map(|f| NaiveTime::parse_from_str(&t, f).ok())
}

/// A date cell alone ("2026-12-01 09:00", "12/01/2026 9:00 AM") or with a time cell.
pub fn parse_when(date: &str, time_cell: Option<&str>) -> Option<NaiveDateTime> {
    let date = date.trim();
    if let Some(t) = time_cell.filter(|t| !t.trim().is_empty()) {
        return Some(parse_date(date)?.and_time(parse_time(t)?));
    }
    let (d, t) = date.split_once([' ', 'T'])?;
    Some(parse_date(d)?.and_time(parse_time(t)?))
}

/// One row, checked. `Err` holds every problem with it.
pub struct Checked {
    pub input: HearingInput,
    pub import_key: String,
    pub summary: ImportSummary,
}

fn check_row(
    cells: &[String],
    mapping: &Mapping,
    defaults: &Defaults,
    courts: &[Facility],
    case_refs: &[(i64, String)],
    person_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Checked, Vec<ImportProblem>> {
    let cell = |c: ImportColumn| {
        mapping
            .get(c)
            .and_then(|i| cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    let mut errors = Vec::new();
    let person = cell(ImportColumn::Person);
    let person_id = if person.is_empty() {
        errors.push(ImportProblem::PersonMissing);
        None
    } else if let Some(number) = person.strip_prefix('#') {
        let id = number
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| person_ids.contains(id));
        if id.is_none() {
            errors.push(ImportProblem::NoSuchPersonNumber);
        }
        id
    } else {
        let wanted = normalize_case_ref(person);
        let found = case_refs
            .iter()
            .find(|(_, r)| normalize_case_ref(r) == wanted)
            .map(|(id, _)| *id);
        if found.is_none() {
            errors.push(ImportProblem::NoSuchCaseRef);
        }
        found
    };
    let court = match mapping
        .get(ImportColumn::Court)
        .map(|_| cell(ImportColumn::Court))
        .filter(|c| !c.is_empty())
    {
        Some(name) => {
            let found = courts
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()));
            if found.is_none() {
                errors.push(ImportProblem::NoSuchCourt);
            }
            found
        }
        None => {
            if defaults.court.is_none() {
                errors.push(ImportProblem::CourtMissing);
            }
            defaults.court.as_ref()
        }
    };
    let time_cell = mapping
        .get(ImportColumn::Time)
        .map(|_| cell(ImportColumn::Time));
    let starts_at = match parse_when(cell(ImportColumn::Date), time_cell) {
        None => {
            errors.push(ImportProblem::DateUnreadable);
            None
        }
        Some(naive) => {
            let tz = zone(court.map_or("UTC", |c| c.time_zone.as_str()));
            match time::from_wall_clock(naive, tz) {
                None => {
                    errors.push(ImportProblem::SkippedTime);
                    None
                }
                Some(t) if t <= now => {
                    errors.push(ImportProblem::InPast);
                    None
                }
                Some(t) if people::too_far_ahead(t, now).is_some() => {
                    errors.push(ImportProblem::TooFarAhead);
                    None
                }
                Some(t) => Some(t),
            }
        }
    };
    let kind_text = cell(ImportColumn::Kind);
    let kind = HearingKind::from_docket(kind_text).unwrap_or(HearingKind::Other);
    let courtroom = short_text(cell(ImportColumn::Courtroom), 80).unwrap_or_else(|e| {
        errors.push(ImportProblem::Courtroom(e));
        String::new()
    });
    let languages = check_languages(cell(ImportColumn::Languages)).unwrap_or_else(|_| {
        errors.push(ImportProblem::Languages);
        Vec::new()
    });
    match (person_id, court, starts_at) {
        (Some(person_id), Some(court), Some(starts_at)) if errors.is_empty() => {
            let summary = ImportSummary {
                kind,
                starts_at,
                time_zone: court.time_zone.clone(),
                court: court.name.clone(),
            };
            Ok(Checked {
                import_key: format!("{person_id}|{}|{}", court.id, starts_at.to_rfc3339()),
                input: HearingInput {
                    person_id,
                    court_id: court.id,
                    starts_at,
                    kind,
                    courtroom,
                    languages,
                    wanted: defaults.wanted,
                    meeting_point: defaults.meeting_point.clone(),
                    meet_minutes: 30,
                },
                summary,
            })
        }
        _ => Err(errors),
    }
}

/// Checks a whole file. Returns the preview and, when every row is valid, the rows to add.
pub async fn check(
    ctx: &Ctx<'_>,
    actor: &Account,
    csv: &str,
    form: &ImportForm,
    now: DateTime<Utc>,
) -> Result<(ImportPreview, Vec<Checked>), Failure> {
    let mut preview = ImportPreview::default();
    let table = match read_csv(csv) {
        Ok(t) => t,
        Err(e) => {
            preview.file_error = Some(e);
            return Ok((preview, Vec::new()));
        }
    };
    let mapping = Mapping::from_form(form, &table.headers);
    preview.headers = table.headers.clone();
    preview.mapping = mapping
        .0
        .iter()
        .map(|(c, i)| (c.key().to_string(), *i))
        .collect();
    if mapping.get(ImportColumn::Person).is_none() || mapping.get(ImportColumn::Date).is_none() {
        preview.file_error = Some(ImportProblem::ChooseColumns);
        return Ok((preview, Vec::new()));
    }
    let courts: Vec<Facility> = crate::facilities::store::list(ctx.db)
        .await?
        .into_iter()
        .filter(|f| f.kind == FacilityKind::Courthouse)
        .collect();
    // The court chosen for the whole file; with no court column and one courthouse, that one.
    let court = match form.court_id.parse::<i64>() {
        Ok(id) => courts.iter().find(|c| c.id == id).cloned(),
        Err(_) if mapping.get(ImportColumn::Court).is_none() && courts.len() == 1 => {
            courts.first().cloned()
        }
        Err(_) => None,
    };
    let wanted = match form.wanted.trim() {
        "" => 2,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                preview.file_error = Some(ImportProblem::WantedRange);
                return Ok((preview, Vec::new()));
            }
        },
    };
    let meeting_point = match short_text(&form.meeting_point, 120) {
        Ok(m) => m,
        Err(e) => {
            preview.file_error = Some(ImportProblem::MeetingPoint(e));
            return Ok((preview, Vec::new()));
        }
    };
    let defaults = Defaults {
        court,
        wanted,
        meeting_point,
    };
    let case_refs = people::case_refs(ctx, actor, now).await?;
    let person_ids = crate::people::store::ids(ctx.db).await?;
    let mut keys_in_file: Vec<String> = Vec::new();
    let mut good = Vec::new();
    for (line, cells) in &table.rows {
        match check_row(
            cells,
            &mapping,
            &defaults,
            &courts,
            &case_refs,
            &person_ids,
            now,
        ) {
            Ok(checked) => {
                let duplicate = keys_in_file.contains(&checked.import_key)
                    || store::import_key_exists(ctx.db, &checked.import_key).await?;
                keys_in_file.push(checked.import_key.clone());
                if duplicate {
                    preview.duplicates += 1;
                } else {
                    preview.new_rows += 1;
                }
                preview.rows.push(ImportRow {
                    line: *line,
                    summary: Some(checked.summary.clone()),
                    errors: Vec::new(),
                    duplicate,
                });
                if !duplicate {
                    good.push(checked);
                }
            }
            Err(errors) => {
                preview.error_rows += 1;
                preview.rows.push(ImportRow {
                    line: *line,
                    summary: None,
                    errors,
                    duplicate: false,
                });
            }
        }
    }
    Ok((preview, good))
}

/// Imports an accepted preview: checks the file again (it came back from the browser) and
/// adds every new row in one transaction, or nothing if any row has a problem.
pub async fn import(
    ctx: &Ctx<'_>,
    actor: &Account,
    csv: &str,
    form: &ImportForm,
    now: DateTime<Utc>,
) -> Result<(ImportPreview, usize), Failure> {
    let (preview, rows) = check(ctx, actor, csv, form, now).await?;
    if preview.file_error.is_some() || preview.error_rows > 0 {
        return Ok((preview, 0));
    }
    let mut tx = crate::storage::begin_write(ctx.db).await?;
    let mut added = 0;
    for row in &rows {
        if insert_on(ctx, &mut tx, &row.input, Some(row.import_key.clone()), now)
            .await?
            .is_some()
        {
            added += 1;
        }
    }
    tx.commit().await?;
    tracing::info!(by = actor.id, added, "hearings imported");
    Ok((preview, added))
}

#[cfg(test)]
mod tests;
