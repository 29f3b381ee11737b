//! Reading CSV: the file's lines → raw rows, each field located as written.

use crate::diagnostic::{Finding, Span};
use crate::plan::Plan;
use crate::source::SourceFile;

use super::rows::{RawRow, bad, header_width, no_header, parse_rows, passed_over, too_many_rows};
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
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let line_at = |start: usize| {
        source.text[start.min(source.text.len())..]
            .lines()
            .next()
            .unwrap_or("")
    };
    let mut width = None;
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut passed: Vec<(usize, Loc)> = Vec::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        if width.is_none() {
            if seen.len() >= HEADER_SEARCH_ROWS {
                break;
            }
            let Ok(record) = record else {
                seen.push(Vec::new());
                continue;
            };
            let start = offset + record.position().map_or(0, |p| p.byte() as usize);
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            if let Some(w) = header_width(&cells) {
                width = Some(w);
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
        }
        if rows.len() >= MAX_ROWS {
            findings.push(too_many_rows(&Loc::Span(offset..offset)));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
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
        };
        let line_start = offset + record.position().map_or(0, |p| p.byte() as usize);
        let line = line_at(line_start);
        rows.push(RawRow {
            fields: record.iter().map(str::to_string).collect(),
            // Located from the line when a finding needs them, not kept
            // for every row (a million rows).
            locs: Vec::new(),
            whole: Loc::Span(line_start..line_start + line.len()),
            beyond: None,
        });
    }
    let Some(width) = width else {
        if seen.is_empty() {
            return Ok(findings);
        }
        return Err(no_header(&seen));
    };
    let locate = |row: &RawRow, i: usize| match &row.whole {
        Loc::Span(line) => source
            .text
            .get(line.clone())
            .and_then(|l| field_spans(l, line.start).get(i).cloned())
            .map(Loc::Span),
        Loc::Cell(_) => None,
    };
    findings.extend(parse_rows(rows, &locate, width, file, plan, into));
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
