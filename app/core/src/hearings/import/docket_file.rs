//! Reading a docket file: CSV with a header row, cut at `MAX_ROWS`, each row's line number
//! kept for the preview's messages.
use super::*;

/// The parsed file: header cells and each data row with its line number.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Where each line of a file starts, found once, so a record's line is a binary search
/// rather than a count from the top (which made a large docket quadratic to preview).
pub(super) struct LineIndex<'t> {
    bytes: &'t [u8],
    newlines: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        LineIndex {
            bytes,
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The line (as an editor counts it, blank lines included) of the record starting at
    /// `byte`. The csv crate skips blank lines without counting them, and a record's
    /// position can point at the blank lines before it.
    fn line_at(&self, byte: u64) -> u64 {
        let mut at = (byte as usize).min(self.bytes.len());
        while at < self.bytes.len() && (self.bytes[at] == b'\n' || self.bytes[at] == b'\r') {
            at += 1;
        }
        self.newlines.partition_point(|&n| n < at) as u64 + 1
    }
}

pub fn read_csv(text: &str) -> Result<Table, ImportProblem> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportProblem::EmptyFile);
    }
    // Dockets come with commas, semicolons or tabs: take the one the header line uses most.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| ImportProblem::NotCsv)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let lines = LineIndex::new(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => ImportProblem::BadLine {
                line: lines.line_at(p.byte()),
            },
            None => ImportProblem::NotCsv,
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The line as an editor counts it (the csv crate doesn't count skipped blank lines).
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        rows.push((line, record.iter().map(|c| c.trim().to_string()).collect()));
        if rows.len() > MAX_ROWS {
            return Err(ImportProblem::TooManyRows { max: MAX_ROWS });
        }
    }
    if rows.is_empty() {
        return Err(ImportProblem::NoRows);
    }
    Ok(Table { headers, rows })
}
