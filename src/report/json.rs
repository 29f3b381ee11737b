//! `--format json`: every finding with its rule id, severity, message, file,
//! line and column, plus the figures `check` computed.

use serde::Serialize;

use super::FileReport;
use crate::diagnostic::{Finding, Tally};
use crate::figures::Figures;
use crate::source::SourceFile;

/// Bumped when the shape of the JSON changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<FileOut<'a>>,
    tally: Tally,
}

#[derive(Serialize)]
struct FileOut<'a> {
    file: &'a str,
    /// "plan", "policy" or "theme": what the file was checked as.
    kind: crate::source::FileKind,
    /// "ok" (no errors), "failed" (error findings) or "unusable" (did not load).
    status: &'static str,
    tally: Tally,
    findings: Vec<FindingOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<&'a Figures>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slide: Option<usize>,
    /// For a spreadsheet: the sheet and cell (`Channels!E5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

fn finding<'a>(f: &'a Finding, file: &'a str, source: Option<&SourceFile>) -> FindingOut<'a> {
    let pos = |offset: usize| source.map(|s| s.line_col(offset));
    let start = f.span.as_ref().and_then(|s| pos(s.start));
    let end = f.span.as_ref().and_then(|s| pos(s.end));
    FindingOut {
        rule: f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        file,
        line: start.map(|p| p.0),
        column: start.map(|p| p.1),
        end_line: end.map(|p| p.0),
        end_column: end.map(|p| p.1),
        slide: f.slide,
        cell: f.cell.as_deref(),
        label: f.label.as_deref(),
        help: f.help.as_deref(),
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let mut tally = Tally::default();
    let files = reports
        .iter()
        .map(|r| {
            let t = r.tally();
            tally.merge(t);
            FileOut {
                file: &r.path,
                kind: r.kind,
                status: if !r.loaded() {
                    "unusable"
                } else if t.errors > 0 {
                    "failed"
                } else {
                    "ok"
                },
                tally: t,
                findings: r
                    .findings
                    .iter()
                    .map(|f| finding(f, &r.path, r.source.as_ref()))
                    .collect(),
                figures: r.figures.as_ref(),
            }
        })
        .collect();
    let out = Output {
        version: SCHEMA_VERSION,
        files,
        tally,
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}
