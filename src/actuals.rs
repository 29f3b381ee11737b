//! Actuals: what finance and the ad platforms say was committed, spent and
//! achieved, as CSV or as the same columns in an XLSX workbook
//! (docs/tracking.md). Stage 1 for `mvplan track`: the files → typed rows,
//! every bad row a located finding (file:line:column, or sheet!cell), all of
//! them reported, none dropped silently. Both formats become the same raw
//! rows first, so they give the same figures.
//!
//! ```text
//! kind,item,period,committed,actual,currency
//! spend,paid-search,2027-01,0,74000,EUR
//! result,pipeline,2027-03-31,,4100000,
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
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
/// Findings kept per file: a file of a million bad rows is reported by
/// its first thousand and a count, not a million messages.
pub const MAX_FINDINGS: usize = 1_000;
/// What the parts of a workbook may inflate to, one and all together: a
/// zip bomb is refused before any sheet is parsed.
const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
const MAX_PARTS: usize = 10_000;

pub const ACTUALS_INVALID: Rule = Rule {
    id: "actuals-invalid",
    severity: Severity::Error,
    family: "tracking",
    summary: "a row of an actuals file cannot be used",
    explanation: "Actuals files (docs/tracking.md) have the columns `kind,item,period,committed,\
actual,currency`. A row is refused when its kind is not `spend` or `result`, its item is not a \
channel or budget line (spend) or an objective or KPI id (result) of the plan, its period is not a \
month (`2027-03`, spend) or a date (`2027-03-31`, results) inside the plan period, an amount is \
not a number of at least zero, its currency is neither the plan's nor one the policy has a rate \
for (such rows are converted at that rate), or it repeats an earlier row. Every bad row is \
reported with its line and column (its sheet and cell in a workbook); the others are still used.",
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
    pub at: Loc,
}

/// An objective's metric as measured on a date.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub objective: String,
    pub date: NaiveDate,
    pub value: Decimal,
    pub file: usize,
    pub at: Loc,
}

/// Where a row or field is: a span of a CSV file's text, or a workbook's
/// sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loc {
    Span(Span),
    Cell(String),
}

impl Loc {
    fn on(&self, f: Finding) -> Finding {
        match self {
            Loc::Span(s) => f.at(s.clone()),
            Loc::Cell(c) => f.in_cell(c.clone()),
        }
    }
}

/// One actuals file as read: its text (CSV; a workbook has none to quote)
/// and the findings about its rows.
#[derive(Debug)]
pub struct ActualsFile {
    pub path: PathBuf,
    pub source: Option<SourceFile>,
    pub findings: Vec<Finding>,
}

impl ActualsFile {
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

#[derive(Debug, Default)]
pub struct Actuals {
    pub files: Vec<ActualsFile>,
    pub spend: Vec<SpendRow>,
    pub results: Vec<ResultRow>,
    /// Rates for rows in another currency than the plan's (the policy's
    /// `[rates]`); without them such rows are refused.
    pub rates: Option<Rates>,
}

/// Exchange rates: units of the review currency per unit of each currency
/// (a policy's `currency` and `[rates]`).
#[derive(Debug, Clone, Default)]
pub struct Rates {
    pub review: String,
    pub rates: BTreeMap<String, Decimal>,
}

impl Rates {
    pub fn of(policy: &crate::policy::Policy) -> Option<Rates> {
        let review = policy.currency.as_ref()?.value.clone();
        let rates = policy
            .rates
            .iter()
            .map(|(c, r)| (c.value.clone(), r.value))
            .collect();
        Some(Rates { review, rates })
    }

    fn rate(&self, currency: &str) -> Option<Decimal> {
        if currency.eq_ignore_ascii_case(&self.review) {
            return Some(Decimal::ONE);
        }
        self.rates
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(currency))
            .map(|(_, r)| *r)
            .filter(|r| *r > Decimal::ZERO)
    }

    /// What one unit of `from` is in `to`.
    fn factor(&self, from: &str, to: &str) -> Option<Decimal> {
        self.rate(from)?.checked_div(self.rate(to)?)
    }
}

impl Actuals {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| &f.findings)
    }

    /// The newest date the actuals speak for: the end of the latest spend
    /// month, or the latest result's date.
    pub fn newest(&self) -> Option<NaiveDate> {
        self.spend
            .iter()
            .map(|r| {
                r.month
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(r.month)
            })
            .chain(self.results.iter().map(|r| r.date))
            .max()
    }
}

fn read_err(path: &Path, e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("cannot read `{}`: no such file", path.display()),
        std::io::ErrorKind::FileTooLarge => format!(
            "`{}` is larger than {} MiB, the limit for actuals",
            path.display(),
            MAX_FILE_BYTES / 1024 / 1024
        ),
        _ => format!("cannot read `{}`: {e}", path.display()),
    }
}

/// Reads a CSV file the user named.
pub fn read(path: &Path) -> Result<SourceFile, String> {
    let bytes = crate::source::read_limited(path, MAX_FILE_BYTES).map_err(|e| read_err(path, e))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(format!(
            "`{}` is a workbook, not CSV text (name it `.xlsx`)",
            path.display()
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "`{}` is not UTF-8 text (save it as CSV UTF-8)",
            path.display()
        )
    })?;
    Ok(SourceFile::new(path, text))
}

/// The columns of an actuals file, CSV or workbook, in this order.
pub const COLUMNS: [&str; 6] = ["kind", "item", "period", "committed", "actual", "currency"];

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

/// A row as either format gives it: its fields as text, where each is, and
/// where the whole row is.
struct RawRow {
    fields: Vec<String>,
    locs: Vec<Loc>,
    whole: Loc,
}

fn bad(at: &Loc, message: String, help: impl Into<String>) -> Finding {
    at.on(Finding::new(&ACTUALS_INVALID, message)).help(help)
}

fn header_ok(cells: &[String]) -> bool {
    cells.len() == COLUMNS.len()
        && cells
            .iter()
            .zip(COLUMNS)
            .all(|(h, c)| h.trim().trim_matches('"').eq_ignore_ascii_case(c))
}

fn header_help() -> String {
    format!("the first row must be `{}`", COLUMNS.join(","))
}

fn too_many_rows(at: &Loc) -> Finding {
    bad(
        at,
        format!("the file has more than {MAX_ROWS} rows"),
        "split it, or aggregate daily rows into months",
    )
}

/// Parses one CSV actuals source against the plan.
pub fn parse(source: &SourceFile, file: usize, plan: &Plan, into: &mut Actuals) -> Vec<Finding> {
    let mut findings = Vec::new();
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let offset = source.text.len() - text.len();
    let first_line = text.lines().next().unwrap_or("");
    let first = Loc::Span(offset..offset + first_line.len());
    if first_line.contains(';') && !first_line.contains(',') {
        findings.push(bad(
            &first,
            "the file is separated by semicolons".into(),
            "export it as CSV with commas (in Excel: CSV UTF-8, comma delimited)",
        ));
        return findings;
    }
    let header: Vec<String> = first_line.split(',').map(str::to_string).collect();
    if !header_ok(&header) {
        findings.push(bad(
            &first,
            format!("the header is `{first_line}`, not the actuals columns"),
            header_help(),
        ));
        return findings;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
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
                    format!("the row cannot be read as CSV ({e})"),
                    "check its quotes",
                ));
                continue;
            }
        };
        let line_start = offset + record.position().map_or(0, |p| p.byte() as usize);
        let line = source.text[line_start.min(source.text.len())..]
            .lines()
            .next()
            .unwrap_or("");
        rows.push(RawRow {
            fields: record.iter().map(str::to_string).collect(),
            locs: field_spans(line, line_start)
                .into_iter()
                .map(Loc::Span)
                .collect(),
            whole: Loc::Span(line_start..line_start + line.len()),
        });
    }
    findings.extend(parse_rows(rows, file, plan, into));
    findings
}

/// `A`, `B`, … `Z`, `AA`: a 0-based column's letters.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference, the sheet quoted when it needs it (`'Q1 final'!A1`).
fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    let plain = sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let sheet = if plain {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    };
    format!("{sheet}!{}{}", column_name(col), row + 1)
}

/// Checks a workbook's parts inflate within bounds before a reader builds
/// anything from them (shared strings are read whole).
fn check_package(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "it has {} parts; workbooks have far fewer",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| format!("a part cannot be read ({e})"))?;
        let n = std::io::copy(
            &mut (&mut part).take(MAX_PART_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("a part cannot be read ({e})"))?;
        if n > MAX_PART_BYTES {
            return Err(format!(
                "a part inflates to more than {} MiB",
                MAX_PART_BYTES / 1024 / 1024
            ));
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "it inflates to more than {} MiB",
                MAX_TOTAL_BYTES / 1024 / 1024
            ));
        }
    }
    Ok(())
}

/// A cell's value as the text a CSV would hold: numbers in their shortest
/// exact form, dates as `YYYY-MM-DD`, errors as Excel shows them.
fn cell_text(v: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as D;
    match v {
        D::Empty => String::new(),
        D::String(s) => s.clone(),
        D::SharedString(s) => (*s).to_string(),
        D::Int(i) => i.to_string(),
        D::Float(f) => f.to_string(),
        D::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        D::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.as_f64().to_string(), |d| d.date().to_string()),
        D::DateTimeIso(s) | D::DurationIso(s) => s.clone(),
        D::Error(e) => e.to_string(),
    }
}

/// A cell's text and, when it holds one, its formula.
type SheetRow = BTreeMap<u32, (String, Option<String>)>;

/// Reads the cells of a sheet that hold something, by row: only the cells
/// that exist, so a sheet claiming a million columns costs nothing.
fn sheet_rows(
    book: &mut calamine::Xlsx<std::io::Cursor<&[u8]>>,
    sheet: &str,
    findings: &mut Vec<Finding>,
) -> Result<BTreeMap<u32, SheetRow>, String> {
    let mut rows: BTreeMap<u32, SheetRow> = BTreeMap::new();
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| format!("sheet `{sheet}` cannot be read ({e})"))?;
    let mut count = 0usize;
    while let Some(c) = reader
        .next_cell_with_formula()
        .map_err(|e| format!("sheet `{sheet}` cannot be read ({e})"))?
    {
        let text = cell_text(&c.value);
        if text.is_empty() && c.formula.is_none() {
            continue;
        }
        count += 1;
        if rows.len() > MAX_ROWS || count > MAX_ROWS * 8 {
            findings.push(too_many_rows(&Loc::Cell(cell_ref(sheet, c.pos.0, 0))));
            break;
        }
        rows.entry(c.pos.0)
            .or_default()
            .insert(c.pos.1, (text, c.formula));
    }
    Ok(rows)
}

/// Parses an XLSX workbook's actuals: the sheet named `Actuals`, else the
/// first. `Err` when the file is not a workbook that can be read at all.
pub fn parse_xlsx(
    bytes: &[u8],
    file: usize,
    plan: &Plan,
    into: &mut Actuals,
) -> Result<Vec<Finding>, String> {
    use calamine::Reader;
    check_package(bytes)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("actuals"))
        .or(names.first())
        .cloned()
        .ok_or("it has no sheets")?;
    let merged = book.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
    let mut findings = Vec::new();
    let cells = sheet_rows(&mut book, &sheet, &mut findings)?;
    let mut rows_iter = cells.into_iter();
    let Some((header_row, header)) = rows_iter.next() else {
        findings.push(bad(
            &Loc::Cell(cell_ref(&sheet, 0, 0)),
            format!("sheet `{sheet}` is empty"),
            header_help(),
        ));
        return Ok(findings);
    };
    let header_cells: Vec<String> = (0..header.keys().max().map_or(0, |m| m + 1))
        .map(|c| header.get(&c).map(|v| v.0.clone()).unwrap_or_default())
        .collect();
    if !header_ok(&header_cells) {
        findings.push(bad(
            &Loc::Cell(cell_ref(&sheet, header_row, 0)),
            format!(
                "the header is `{}`, not the actuals columns",
                header_cells.join(",")
            ),
            header_help(),
        ));
        return Ok(findings);
    }
    // A merged block hides all but its first cell's value: the rows it
    // covers are reported once, for the block, rather than one by one.
    let mut skipped = Vec::new();
    for m in &merged {
        let (r0, c0) = m.start;
        let (r1, c1) = m.end;
        if r1 <= header_row || (r0 == r1 && c0 == c1) {
            continue;
        }
        findings.push(bad(
            &Loc::Cell(format!(
                "{}:{}{}",
                cell_ref(&sheet, r0, c0),
                column_name(c1),
                r1 + 1
            )),
            format!(
                "cells are merged over rows {} to {}; those rows cannot be read",
                r0 + 1,
                r1 + 1
            ),
            "unmerge the cells and repeat the value in every row",
        ));
        skipped.push((r0, r1));
    }
    let mut rows = Vec::new();
    for (r, row) in rows_iter {
        if skipped.iter().any(|(a, b)| (*a..=*b).contains(&r)) {
            continue;
        }
        let width = row
            .keys()
            .max()
            .map_or(0, |m| m + 1)
            .max(COLUMNS.len() as u32);
        let mut fields = Vec::new();
        let mut locs = Vec::new();
        let mut formula_only = None;
        for c in 0..width {
            let (text, formula) = row.get(&c).cloned().unwrap_or_default();
            if text.is_empty()
                && let Some(f) = formula
            {
                formula_only.get_or_insert((c, f));
            }
            fields.push(text);
            locs.push(Loc::Cell(cell_ref(&sheet, r, c)));
        }
        if let Some((c, f)) = formula_only {
            findings.push(bad(
                &Loc::Cell(cell_ref(&sheet, r, c)),
                format!("the cell holds the formula `={f}` with no saved value"),
                "open and save the workbook in Excel or LibreOffice so the value is stored, or paste values",
            ));
            continue;
        }
        rows.push(RawRow {
            fields,
            locs,
            whole: Loc::Cell(format!(
                "{}:{}{}",
                cell_ref(&sheet, r, 0),
                column_name(width - 1),
                r + 1
            )),
        });
    }
    findings.extend(parse_rows(rows, file, plan, into));
    Ok(findings)
}

/// The rows of either format against the plan: the one place rows are
/// judged, so CSV and XLSX give the same figures and the same findings.
fn parse_rows(rows: Vec<RawRow>, file: usize, plan: &Plan, into: &mut Actuals) -> Vec<Finding> {
    let mut findings = Vec::new();
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
        .chain(plan.kpi_ids())
        .collect();
    // Looked up once per row: sets, not scans of the lists.
    let channel_set: std::collections::HashSet<&str> = channels.iter().copied().collect();
    let objective_set: std::collections::HashSet<&str> = objectives.iter().copied().collect();
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let currency = plan.meta.currency.value.as_str();
    let mut seen: HashMap<(String, String, String), Loc> = HashMap::new();
    let mut unlisted = 0usize;
    for row in rows {
        if findings.len() > MAX_FINDINGS {
            unlisted += findings.len() - MAX_FINDINGS;
            findings.truncate(MAX_FINDINGS);
        }
        let loc_of = |i: usize| row.locs.get(i).cloned().unwrap_or(row.whole.clone());
        if row.fields.len() != COLUMNS.len() {
            findings.push(bad(
                &row.whole,
                format!(
                    "the row has {} fields, not {}",
                    row.fields.len(),
                    COLUMNS.len()
                ),
                format!(
                    "write `{}`; leave a field empty rather than out",
                    COLUMNS.join(",")
                ),
            ));
            continue;
        }
        let field = |i: usize| row.fields.get(i).map_or("", |f| f.trim());
        let amount = |i: usize, findings: &mut Vec<Finding>| -> Option<Decimal> {
            let raw: std::borrow::Cow<'_, str> = if field(i).contains('_') {
                field(i).replace('_', "").into()
            } else {
                field(i).into()
            };
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
                        &loc_of(i),
                        format!("`{}` is not an amount", field(i)),
                        "write a plain number of at least zero, e.g. `74000` (no currency signs, no formulas)",
                    ));
                    None
                }
            }
        };
        let kind = field(0).to_lowercase();
        let item = field(1).to_string();
        let (known, known_set): (&[&str], _) = match kind.as_str() {
            "spend" => (&channels, &channel_set),
            "result" => (&objectives, &objective_set),
            _ => {
                findings.push(bad(
                    &loc_of(0),
                    format!("`{}` is not a kind of row", field(0)),
                    "write `spend` (money by month) or `result` (an objective's or KPI's metric on a date)",
                ));
                continue;
            }
        };
        if !known_set.contains(item.as_str()) {
            let what = if kind == "spend" {
                "channel or budget line"
            } else {
                "objective or KPI"
            };
            let help = match did_you_mean(&item, known.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use the id of a {what} of the plan"),
            };
            findings.push(bad(
                &loc_of(1),
                format!("the plan has no {what} `{item}`"),
                help,
            ));
            continue;
        }
        let cur = field(5);
        // Another currency is converted at the policy's rates, or refused.
        let mut factor = None;
        if !cur.is_empty() && !cur.eq_ignore_ascii_case(currency) {
            match into.rates.as_ref().and_then(|r| r.factor(cur, currency)) {
                Some(f) => factor = Some(f),
                None => {
                    findings.push(bad(
                        &loc_of(5),
                        format!("the row is in {cur}; the plan is in {currency}"),
                        format!(
                            "convert the amount to {currency}, or give the policy a rate for {cur} under [rates]"
                        ),
                    ));
                    continue;
                }
            }
        }
        let period = field(2);
        // Spend by month (`2027-03`) or by day (`2027-03-14`, counted in
        // its month); results on a date.
        let date = if kind == "spend" {
            parse_month(period).or_else(|| {
                let d = parse_day(period)?;
                NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
            })
        } else {
            parse_day(period)
        };
        let Some(date) = date else {
            findings.push(bad(
                &loc_of(2),
                format!(
                    "`{period}` is not a {}",
                    if kind == "spend" { "month" } else { "date" }
                ),
                if kind == "spend" {
                    "write the month as `2027-03`"
                } else {
                    "write the date as `2027-03-31`"
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
                &loc_of(2),
                format!("`{period}` is outside the plan period ({start} to {end})"),
                "actuals belong to the plan whose period they fall in",
            ));
            continue;
        }
        let key = (kind.clone(), item.clone(), period.to_string());
        if let Some(first) = seen.get(&key) {
            let f = bad(
                &row.whole,
                format!("`{kind}` for `{item}` in {period} is given twice"),
                "keep one row per item and period (add them up)",
            );
            findings.push(match first {
                Loc::Span(s) => f.also(s.clone(), "first given here"),
                Loc::Cell(c) => f.label(format!("first given in {c}")),
            });
            continue;
        }
        seen.insert(key, row.whole.clone());
        let (Some(committed), Some(actual)) = (amount(3, &mut findings), amount(4, &mut findings))
        else {
            continue;
        };
        // A row with no amounts is a template's placeholder (a month to
        // come, a result not yet measured), not a zero: counting it would
        // date the actuals to the end of the year.
        if field(3).is_empty() && field(4).is_empty() {
            continue;
        }
        let (committed, actual) = match factor {
            Some(f) => (
                committed.checked_mul(f).unwrap_or(Decimal::MAX).round_dp(2),
                actual.checked_mul(f).unwrap_or(Decimal::MAX).round_dp(2),
            ),
            None => (committed, actual),
        };
        if kind == "spend" {
            into.spend.push(SpendRow {
                item,
                month: date,
                committed,
                actual,
                file,
                at: row.whole,
            });
        } else {
            into.results.push(ResultRow {
                objective: item,
                date,
                value: actual,
                file,
                at: row.whole,
            });
        }
    }
    if findings.len() > MAX_FINDINGS {
        unlisted += findings.len() - MAX_FINDINGS;
        findings.truncate(MAX_FINDINGS);
    }
    if unlisted > 0 {
        let at = findings
            .last()
            .map(|f| match (&f.span, &f.cell) {
                (Some(s), _) => Loc::Span(s.clone()),
                (_, Some(c)) => Loc::Cell(c.clone()),
                _ => Loc::Span(0..0),
            })
            .unwrap_or(Loc::Span(0..0));
        findings.push(bad(
            &at,
            format!("… and {unlisted} more problems in this file, not listed"),
            "fix the ones listed first: they are often the same mistake",
        ));
    }
    findings
}

/// `YYYY-MM-DD` exactly (a million rows parse faster than through a
/// format string).
fn parse_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// `YYYY-MM`, as the month's first day.
fn parse_month(s: &str) -> Option<NaiveDate> {
    if s.len() != 7 {
        return None;
    }
    parse_day(&format!("{s}-01"))
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// The actuals of a plan: the files named on the command line, else those
/// the plan's `actuals` names — inside the plan's directory, like every
/// file a plan names (it may come from someone else). `Ok(None)` when
/// there are none.
pub fn load_for(
    plan: &Plan,
    plan_path: &Path,
    named: &[PathBuf],
    policy: Option<&crate::policy::Policy>,
) -> Result<Option<Actuals>, String> {
    let rates = policy.and_then(Rates::of);
    if !named.is_empty() {
        let paths: Vec<&Path> = named.iter().map(PathBuf::as_path).collect();
        return load(&paths, plan, rates).map(Some);
    }
    if plan.meta.actuals.is_empty() {
        return Ok(None);
    }
    let dir = plan_path.parent().unwrap_or(Path::new(""));
    let sandbox = crate::sandbox::Sandbox::beside(dir);
    let mut paths = Vec::new();
    for name in &plan.meta.actuals {
        sandbox
            .resolve(&name.value)
            .map_err(|refusal| format!("the plan's actuals file cannot be read: {refusal}"))?;
        paths.push(sandbox.base().join(&name.value));
    }
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    load(&paths, plan, rates).map(Some)
}

/// Reads and parses every file (CSV, or XLSX by its extension); findings
/// are kept per file.
pub fn load(paths: &[&Path], plan: &Plan, rates: Option<Rates>) -> Result<Actuals, String> {
    let mut actuals = Actuals {
        rates,
        ..Actuals::default()
    };
    for (i, p) in paths.iter().enumerate() {
        if is_workbook(p) {
            let bytes =
                crate::source::read_limited(p, MAX_FILE_BYTES).map_err(|e| read_err(p, e))?;
            let findings = parse_xlsx(&bytes, i, plan, &mut actuals)
                .map_err(|why| format!("cannot read `{}`: {why}", p.display()))?;
            actuals.files.push(ActualsFile {
                path: p.to_path_buf(),
                source: None,
                findings,
            });
        } else {
            let source = read(p)?;
            let findings = parse(&source, i, plan, &mut actuals);
            actuals.files.push(ActualsFile {
                path: p.to_path_buf(),
                source: Some(source),
                findings,
            });
        }
    }
    Ok(actuals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_in_spreadsheets() {
        let names: Vec<String> = [0, 5, 25, 26, 27, 701, 702].map(column_name).to_vec();
        assert_eq!(names, ["A", "F", "Z", "AA", "AB", "ZZ", "AAA"]);
        assert_eq!(cell_ref("Actuals", 2, 3), "Actuals!D3");
        assert_eq!(cell_ref("Q1 final", 0, 0), "'Q1 final'!A1");
    }

    #[test]
    fn dates_and_months_parse_exactly() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_day("2027-03-31"), d(2027, 3, 31));
        assert_eq!(parse_month("2027-03"), d(2027, 3, 1));
        for bad in [
            "2027-02-30",
            "2027-3-31",
            "2027-03-31 ",
            "27-03-31",
            "2027/03/31",
            "２０２７-03-31",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        for bad in ["2027-13", "2027-3", "2027-03-01", "+027-03"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn fields_are_located_as_written() {
        let spans = field_spans("spend,\"a,b\",2027-01", 10);
        assert_eq!(spans, vec![10..15, 16..21, 22..29]);
    }
}
