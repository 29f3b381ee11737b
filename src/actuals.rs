//! Actuals: what finance and the ad platforms say was committed, spent and
//! achieved, as CSV (docs/tracking.md). Stage 1 for `mvplan track`: the
//! files → typed rows, every bad row a located finding (file:line:column),
//! all of them reported, none dropped silently.
//!
//! ```text
//! kind,item,period,committed,actual,currency
//! spend,paid-search,2027-01,0,74000,EUR
//! result,pipeline,2027-03-31,,4100000,
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Rule, Severity, Span, did_you_mean};
use crate::plan::Plan;
use crate::source::SourceFile;

/// Actuals files larger than this are refused (a year of daily rows for
/// hundreds of channels is a few MB).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Rows beyond this are refused: the bound on time and memory.
pub const MAX_ROWS: usize = 1_000_000;

pub const ACTUALS_INVALID: Rule = Rule {
    id: "actuals-invalid",
    severity: Severity::Error,
    family: "tracking",
    summary: "a row of an actuals file cannot be used",
    explanation: "Actuals files (docs/tracking.md) have the columns `kind,item,period,committed,\
actual,currency`. A row is refused when its kind is not `spend` or `result`, its item is not a \
channel or budget line (spend) or an objective (result) of the plan, its period is not a month \
(`2027-03`, spend) or a date (`2027-03-31`, results) inside the plan period, an amount is not a \
number of at least zero, its currency is not the plan's, or it repeats an earlier row. Every bad \
row is reported with its line and column; the others are still used.",
    configurable: false,
};

pub const RULES: &[&Rule] = &[&ACTUALS_INVALID];

/// Spend on a channel or budget line in one month.
#[derive(Debug, Clone)]
pub struct SpendRow {
    pub item: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub committed: Decimal,
    pub actual: Decimal,
    pub file: usize,
    pub span: Span,
}

/// An objective's metric as measured on a date.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub objective: String,
    pub date: NaiveDate,
    pub value: Decimal,
    pub file: usize,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Actuals {
    pub sources: Vec<SourceFile>,
    pub spend: Vec<SpendRow>,
    pub results: Vec<ResultRow>,
    /// Per source file, the findings about its rows.
    pub findings: Vec<Vec<Finding>>,
}

/// Reads a CSV file the user named.
pub fn read(path: &Path) -> Result<SourceFile, String> {
    let bytes = crate::source::read_limited(path, MAX_FILE_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("cannot read `{}`: no such file", path.display()),
        std::io::ErrorKind::FileTooLarge => format!(
            "`{}` is larger than {} MiB, the limit for actuals",
            path.display(),
            MAX_FILE_BYTES / 1024 / 1024
        ),
        _ => format!("cannot read `{}`: {e}", path.display()),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "`{}` is not UTF-8 text (save it as CSV UTF-8)",
            path.display()
        )
    })?;
    Ok(SourceFile::new(path, text))
}

const COLUMNS: [&str; 6] = ["kind", "item", "period", "committed", "actual", "currency"];

/// The byte ranges of a line's fields (quotes included), for locating
/// findings in the file as it is written.
fn field_spans(line: &str, start: usize) -> Vec<Span> {
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

/// Parses one actuals source against the plan.
pub fn parse(source: &SourceFile, file: usize, plan: &Plan, into: &mut Actuals) -> Vec<Finding> {
    let mut findings = Vec::new();
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let offset = source.text.len() - text.len();
    let first_line = text.lines().next().unwrap_or("");
    let bad = |span: Span, message: String, help: String| {
        Finding::new(&ACTUALS_INVALID, message).at(span).help(help)
    };
    if first_line.contains(';') && !first_line.contains(',') {
        findings.push(bad(
            offset..offset + first_line.len(),
            "the file is separated by semicolons".into(),
            "export it as CSV with commas (in Excel: CSV UTF-8, comma delimited)".into(),
        ));
        return findings;
    }
    let header: Vec<String> = first_line
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_lowercase())
        .collect();
    if header != COLUMNS {
        findings.push(bad(
            offset..offset + first_line.len(),
            format!("the header is `{first_line}`, not the actuals columns"),
            format!("the first line must be `{}`", COLUMNS.join(",")),
        ));
        return findings;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let channels: Vec<&str> = plan
        .channels
        .iter()
        .map(|c| c.id.value.as_str())
        .chain(plan.budget.lines.iter().map(|l| l.id.value.as_str()))
        .collect();
    let objectives: Vec<&str> = plan
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let currency = plan.meta.currency.value.as_str();
    let mut seen: HashMap<(String, String, String), Span> = HashMap::new();
    let mut rows = 0usize;
    for record in reader.records() {
        rows += 1;
        if rows > MAX_ROWS {
            findings.push(bad(
                offset..offset,
                format!("the file has more than {MAX_ROWS} rows"),
                "split it, or aggregate daily rows into months".into(),
            ));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                findings.push(bad(
                    offset + at..offset + at,
                    format!("the row cannot be read as CSV ({e})"),
                    "check its quotes".into(),
                ));
                continue;
            }
        };
        let line_start = offset + record.position().map_or(0, |p| p.byte() as usize);
        let line = source.text[line_start.min(source.text.len())..]
            .lines()
            .next()
            .unwrap_or("");
        let spans = field_spans(line, line_start);
        let span_of = |i: usize| {
            spans
                .get(i)
                .cloned()
                .unwrap_or(line_start..line_start + line.len())
        };
        if record.len() != COLUMNS.len() {
            findings.push(bad(
                line_start..line_start + line.len(),
                format!("the row has {} fields, not {}", record.len(), COLUMNS.len()),
                format!(
                    "write `{}`; leave a field empty rather than out",
                    COLUMNS.join(",")
                ),
            ));
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let amount = |i: usize, findings: &mut Vec<Finding>| -> Option<Decimal> {
            let raw = field(i).replace('_', "");
            if raw.is_empty() {
                return Some(Decimal::ZERO);
            }
            match Decimal::from_str(&raw) {
                Ok(d)
                    if d >= Decimal::ZERO && d.abs() < Decimal::from(1_000_000_000_000_000u64) =>
                {
                    Some(d)
                }
                _ => {
                    findings.push(bad(
                        span_of(i),
                        format!("`{}` is not an amount", field(i)),
                        "write a plain number of at least zero, e.g. `74000` (no currency signs, no formulas)".into(),
                    ));
                    None
                }
            }
        };
        let kind = field(0).to_lowercase();
        let item = field(1).to_string();
        let known: &[&str] = match kind.as_str() {
            "spend" => &channels,
            "result" => &objectives,
            _ => {
                findings.push(bad(
                    span_of(0),
                    format!("`{}` is not a kind of row", field(0)),
                    "write `spend` (money by month) or `result` (an objective's metric on a date)"
                        .into(),
                ));
                continue;
            }
        };
        if !known.contains(&item.as_str()) {
            let what = if kind == "spend" {
                "channel or budget line"
            } else {
                "objective"
            };
            let help = match did_you_mean(&item, known.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use the id of a {what} of the plan"),
            };
            findings.push(bad(
                span_of(1),
                format!("the plan has no {what} `{item}`"),
                help,
            ));
            continue;
        }
        let cur = field(5);
        if !cur.is_empty() && !cur.eq_ignore_ascii_case(currency) {
            findings.push(bad(
                span_of(5),
                format!("the row is in {cur}; the plan is in {currency}"),
                format!("convert the amount to {currency}, or leave the currency empty"),
            ));
            continue;
        }
        let period = field(2);
        // Spend by month (`2027-03`) or by day (`2027-03-14`, counted in
        // its month); results on a date.
        let date = if kind == "spend" {
            NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
                .ok()
                .or_else(|| {
                    let d = NaiveDate::parse_from_str(period, "%Y-%m-%d").ok()?;
                    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
                })
        } else {
            NaiveDate::parse_from_str(period, "%Y-%m-%d").ok()
        };
        let Some(date) = date else {
            findings.push(bad(
                span_of(2),
                format!(
                    "`{period}` is not a {}",
                    if kind == "spend" { "month" } else { "date" }
                ),
                if kind == "spend" {
                    "write the month as `2027-03`".into()
                } else {
                    "write the date as `2027-03-31`".into()
                },
            ));
            continue;
        };
        let inside = if kind == "spend" {
            date <= end
                && NaiveDate::from_ymd_opt(start.year(), start.month(), 1)
                    .is_some_and(|m| date >= m)
        } else {
            date >= start && date <= end
        };
        if !inside {
            findings.push(bad(
                span_of(2),
                format!("`{period}` is outside the plan period ({start} to {end})"),
                "actuals belong to the plan whose period they fall in".into(),
            ));
            continue;
        }
        let key = (kind.clone(), item.clone(), period.to_string());
        if let Some(first) = seen.get(&key) {
            findings.push(
                bad(
                    line_start..line_start + line.len(),
                    format!("`{kind}` for `{item}` in {period} is given twice"),
                    "keep one row per item and period (add them up)".into(),
                )
                .also(first.clone(), "first given here"),
            );
            continue;
        }
        seen.insert(key, line_start..line_start + line.len());
        let (Some(committed), Some(actual)) = (amount(3, &mut findings), amount(4, &mut findings))
        else {
            continue;
        };
        let span = line_start..line_start + line.len();
        if kind == "spend" {
            into.spend.push(SpendRow {
                item,
                month: date,
                committed,
                actual,
                file,
                span,
            });
        } else {
            into.results.push(ResultRow {
                objective: item,
                date,
                value: actual,
                file,
                span,
            });
        }
    }
    findings
}

/// Reads and parses every file; sources and findings are kept per file.
pub fn load(paths: &[&Path], plan: &Plan) -> Result<Actuals, String> {
    let mut actuals = Actuals::default();
    for (i, p) in paths.iter().enumerate() {
        let source = read(p)?;
        let findings = parse(&source, i, plan, &mut actuals);
        actuals.sources.push(source);
        actuals.findings.push(findings);
    }
    Ok(actuals)
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
