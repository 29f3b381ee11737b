//! Reading CSV: the file's lines → raw rows, each field located as written.

use crate::diagnostic::{Finding, Span};
use crate::plan::Plan;
use crate::source::SourceFile;

use super::rows::{
    Locate, RawRow, RowJudge, bad, header_width, no_header, passed_over, too_many_rows,
};
use super::{Actuals, HEADER_SEARCH_ROWS, Loc, MAX_ROWS, excerpt};

/// The byte ranges of a line's fields (quotes included), for locating
/// findings in the file as it is written.
pub(super) fn field_spans(line: &str, start: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut field_start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(start + field_start..start + i);
                field_start = i + 1;
            }
            _ => {}
        }
    }
    out.push(start + field_start..start + line.trim_end_matches(['\r', '\n']).len());
    out
}

/// Parses one CSV actuals source against the plan. `Err` when no header
/// row is found: a file that cannot be read is not a file of no spend.
pub fn parse(
    source: &SourceFile,
    file: usize,
    plan: &Plan,
    into: &mut Actuals,
) -> Result<Vec<Finding>, String> {
    let mut findings = Vec::new();
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let offset = source.text.len() - text.len();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let line_at = |start: usize| {
        source.text[start.min(source.text.len())..]
            .lines()
            .next()
            .unwrap_or("")
    };
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut passed: Vec<(usize, Loc)> = Vec::new();
    // Each field of a row is found from its line when a finding needs it,
    // and a row from its first byte: nothing is kept per row (a million).
    let row_at = |start: usize| Loc::Span(start..start + line_at(start).len());
    let field_at = |row: &RawRow<'_>, i: usize| match &row.whole {
        Loc::Span(line) => source
            .text
            .get(line.clone())
            .and_then(|l| field_spans(l, line.start).get(i).cloned())
            .map(Loc::Span),
        Loc::Cell(_) => None,
    };
    let locate = Locate {
        field: &field_at,
        row: &row_at,
    };
    // Rows are judged as they are read; what the reader finds (a row that
    // is not CSV, too many rows) is said before what the judge finds, as
    // when every row was read first.
    let mut judge: Option<RowJudge<'_>> = None;
    let mut count = 0usize;
    let mut record = ::csv::StringRecord::new();
    loop {
        let read = reader.read_record(&mut record);
        if matches!(read, Ok(false)) {
            break;
        }
        let Some(judge) = judge.as_mut() else {
            if seen.len() >= HEADER_SEARCH_ROWS {
                break;
            }
            if read.is_err() {
                seen.push(Vec::new());
                continue;
            }
            let start = offset + record.position().map_or(0, |p| p.byte() as usize);
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            if let Some(w) = header_width(&cells) {
                // About one row a line: the repeated-row map is sized once.
                let lines = text.bytes().filter(|b| *b == b'\n').count();
                judge = Some(RowJudge::new(plan, w, file, lines));
                if !passed.is_empty() {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    let numbers: Vec<usize> = passed.iter().map(|(n, _)| *n).collect();
                    findings.push(passed_over(&passed[0].1, &numbers, line));
                }
            } else {
                let line = record.position().map_or(0, |p| p.line() as usize);
                passed.push((line, Loc::Span(start..start + line_at(start).len())));
                seen.push(cells);
            }
            continue;
        };
        if count >= MAX_ROWS {
            findings.push(too_many_rows(&Loc::Span(offset..offset)));
            break;
        }
        if let Err(e) = read {
            let at = offset + e.position().map_or(0, |p| p.byte() as usize);
            findings.push(bad(
                &Loc::Span(at..at),
                format!(
                    "the row cannot be read as CSV ({})",
                    excerpt(&e.to_string())
                ),
                "check its quotes",
            ));
            continue;
        }
        let line_start = offset + record.position().map_or(0, |p| p.byte() as usize);
        count += 1;
        let row = RawRow {
            fields: record.iter().collect(),
            locs: &[],
            whole: row_at(line_start),
            handle: line_start,
            beyond: None,
        };
        judge.row(row, &locate, into);
    }
    let Some(judge) = judge else {
        if seen.is_empty() {
            return Ok(findings);
        }
        return Err(no_header(&seen));
    };
    findings.extend(judge.finish());
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_located_as_written() {
        let spans = field_spans("spend,\"a,b\",2027-01", 10);
        assert_eq!(spans, vec![10..15, 16..21, 22..29]);
    }
}
