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
actual,currency` and, optionally, `note`. A row is refused when its kind is not `spend` or \
`result`, its item is not a channel or budget line (spend) or an objective or KPI id (result) of \
the plan, its period is not a month (`2027-03`, spend) or a date (`2027-03-31`, results) inside \
the plan period, an amount is not a number (spend may be negative: a credit note; a commitment \
may not) or is beyond a quadrillion once converted, its currency is neither the plan's nor one \
the policy has a rate for (such rows are converted at that rate), it repeats an earlier row, or a \
result is impossible for what its objective's `reading` declares (a period total below zero). \
Every bad row is reported with its line and column (its sheet and cell in a workbook); the others \
are still used.",
    configurable: false,
};

pub const HEADER_BELOW: Rule = Rule {
    id: "actuals-header-below",
    severity: Severity::Note,
    family: "tracking",
    summary: "rows above an actuals file's header were passed over",
    explanation: "Finance workbooks often carry a title banner (the company, the report, the date) \
above the column headers. mvplan looks for the header row `kind,item,period,committed,actual,\
currency` in the first 20 rows and says which rows above it it passed over, so nothing is skipped \
unseen. A file with no header row in its first 20 rows is refused as a whole: tracking on no rows \
would report every channel as unspent.",
    configurable: true,
};

pub const NET_SPEND_NEGATIVE: Rule = Rule {
    id: "net-spend-negative",
    severity: Severity::Warning,
    family: "tracking",
    summary: "a channel's or line's net spend to date goes below zero",
    explanation: "Negative `actual` amounts are credit notes and refunds, normal in a finance \
export: they are netted with the month's invoices. But more credited than ever spent on a channel \
or line means a credit note booked to the wrong line, or invoices missing from the export. The \
finding points at the row that takes the running total below zero.",
    configurable: true,
};

pub const READING_LOOKS_LIKE_TOTAL: Rule = Rule {
    id: "reading-looks-like-total",
    severity: Severity::Warning,
    family: "tracking",
    summary: "a result read as a level looks like a running total since the start",
    explanation: "An objective declared (or defaulted) `reading = \"level\"` is paced from its \
baseline to its target. A reading below half the baseline of an objective that is to grow is not \
a level that fell by half overnight: it is almost always a period total (revenue so far this \
year, customers won so far), which starts at zero. Declare `reading = \"period-total\"` on the \
objective (docs/tracking.md), or check the export.",
    configurable: true,
};

pub const ACTUALS_REPEATED: Rule = Rule {
    id: "actuals-repeated",
    severity: Severity::Warning,
    family: "tracking",
    summary: "the same actuals file is named twice",
    explanation: "Every actuals file counts once, however it is named: `a.csv` and `./a.csv`, a \
path and a symbolic link to it, or a file named on the command line and in the plan are one file \
(the same canonical path). The repeat is passed over and said, so no figure is silently doubled.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &ACTUALS_INVALID,
    &HEADER_BELOW,
    &NET_SPEND_NEGATIVE,
    &READING_LOOKS_LIKE_TOTAL,
    &ACTUALS_REPEATED,
];

/// Amounts are refused beyond this (before and after conversion), so no
/// sum of a million rows can overflow, whatever the rates.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000;
/// The rows searched for the header, past a title banner.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// What a workbook cell keeps of its text: ids, periods and amounts are
/// far shorter, and a note is a line, not a document (a 1 MB shared string
/// repeated a hundred thousand times must not be copied each time).
const MAX_CELL_CHARS: usize = 500;
/// What a finding quotes of a value.
const EXCERPT_CHARS: usize = 40;

/// A value as a finding quotes it: at most a few dozen characters.
pub fn excerpt(s: &str) -> String {
    match s.char_indices().nth(EXCERPT_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

fn clip(mut s: String, max: usize) -> String {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
        s.push('…');
    }
    s
}

/// Spend on a channel or budget line in one month.
#[derive(Debug, Clone)]
pub struct SpendRow {
    pub item: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub committed: Decimal,
    /// Net of credit notes: may be below zero.
    pub actual: Decimal,
    /// The row's free text (`note`), kept as text.
    pub note: String,
    pub file: usize,
    pub at: Loc,
}

/// An objective's metric as measured on a date.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub objective: String,
    pub date: NaiveDate,
    pub value: Decimal,
    pub note: String,
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

    /// The status date the actuals speak for, the one default of every
    /// command (`track`, `render --deck status`, `export`, `review`): the
    /// end of the last month with actual spend, or the newest result
    /// reading if that is later. A month with only commitments (a
    /// purchase order for the autumn) is not a month that has happened.
    pub fn newest(&self) -> Option<NaiveDate> {
        self.spend
            .iter()
            .filter(|r| !r.actual.is_zero())
            .map(|r| month_end(r.month))
            .chain(self.results.iter().map(|r| r.date))
            .max()
    }

    /// The as-of date when none is given: [`Actuals::newest`], else the
    /// plan's start (no actuals yet: nothing has happened).
    pub fn status_date(&self, plan: &Plan) -> NaiveDate {
        self.newest().unwrap_or(plan.meta.start.value)
    }
}

/// The last day of `month`'s month.
pub fn month_end(month: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.year(), month.month(), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month)
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
/// The optional seventh column: free text (`note`, or `description` as
/// finance systems call it).
pub const NOTE_COLUMNS: [&str; 2] = ["note", "description"];

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
/// where the whole row is; `beyond`, a value past the last column (a
/// workbook's far-away cell, named without building the cells between).
struct RawRow {
    fields: Vec<String>,
    locs: Vec<Loc>,
    whole: Loc,
    beyond: Option<Loc>,
}

fn bad(at: &Loc, message: String, help: impl Into<String>) -> Finding {
    at.on(Finding::new(&ACTUALS_INVALID, message)).help(help)
}

/// The columns a header row declares: `Some(width)` (6, or 7 with a note
/// column) when the row is the actuals header. Empty cells after it are
/// allowed (a spreadsheet's trailing separators).
fn header_width(cells: &[String]) -> Option<usize> {
    let norm = |h: &String| h.trim().trim_matches('"').to_ascii_lowercase();
    let mut cells: Vec<String> = cells.iter().map(norm).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    let head = cells.len() >= COLUMNS.len() && cells.iter().zip(COLUMNS).all(|(h, c)| h == c);
    match cells.len() {
        6 if head => Some(6),
        7 if head && NOTE_COLUMNS.contains(&cells[6].as_str()) => Some(7),
        _ => None,
    }
}

/// Why a file has no usable header: the error that stops tracking.
fn no_header(rows_seen: &[Vec<String>]) -> String {
    let semicolons = rows_seen.iter().any(|r| {
        let joined = r.join(",");
        let parts: Vec<String> = joined.split(';').map(str::to_string).collect();
        header_width(&parts).is_some()
    });
    if semicolons {
        return "the file is separated by semicolons; export it as CSV with commas (in Excel: CSV UTF-8, comma delimited)".into();
    }
    format!(
        "no row of its first {HEADER_SEARCH_ROWS} is the header `{}` (optionally `,note`), so nothing in it can be tracked; \
         put the header above the rows (a title banner above it is fine)",
        COLUMNS.join(",")
    )
}

/// The note finding for the rows above the header.
fn passed_over(first: &Loc, rows: &[usize], header_row: usize) -> Finding {
    let which = match rows {
        [one] => format!("row {one} is"),
        [a, .., b] => format!("rows {a} to {b} are"),
        [] => String::new(),
    };
    first
        .on(Finding::new(
            &HEADER_BELOW,
            format!("{which} passed over: the header is row {header_row}"),
        ))
        .help("a title banner above the header is fine; data rows above it are not read")
}

fn too_many_rows(at: &Loc) -> Finding {
    bad(
        at,
        format!("the file has more than {MAX_ROWS} rows"),
        "split it, or aggregate daily rows into months",
    )
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
            locs: field_spans(line, line_start)
                .into_iter()
                .map(Loc::Span)
                .collect(),
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
    findings.extend(parse_rows(rows, width, file, plan, into));
    Ok(findings)
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
/// exact form, dates as `YYYY-MM-DD`, errors as Excel shows them; long
/// text clipped (only the first characters of any column can be used).
fn cell_text(v: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as D;
    match v {
        D::Empty => String::new(),
        D::String(s) => clip_str(s),
        D::SharedString(s) => clip_str(s),
        D::Int(i) => i.to_string(),
        D::Float(f) => f.to_string(),
        D::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        D::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.as_f64().to_string(), |d| d.date().to_string()),
        D::DateTimeIso(s) | D::DurationIso(s) => clip_str(s),
        D::Error(e) => e.to_string(),
    }
}

/// The first characters of a long text, without copying the rest.
fn clip_str(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// The columns a workbook row keeps: the actuals columns and the note.
const KEPT_COLUMNS: u32 = COLUMNS.len() as u32 + 1;

/// The cells of a row that hold something, up to the note column, and the
/// first column past it that holds something.
#[derive(Default)]
struct SheetRow {
    cells: BTreeMap<u32, (String, Option<String>)>,
    beyond: Option<u32>,
}

/// Reads the cells of a sheet that hold something, by row: only the cells
/// that exist, and of those only the columns actuals have, so a sheet
/// claiming a million columns or repeating a megabyte of text costs what
/// its cells cost.
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
        let empty = matches!(c.value, calamine::DataRef::Empty)
            || matches!(&c.value, calamine::DataRef::String(s) if s.is_empty())
            || matches!(&c.value, calamine::DataRef::SharedString(s) if s.is_empty());
        if empty && c.formula.is_none() {
            continue;
        }
        count += 1;
        if rows.len() > MAX_ROWS || count > MAX_ROWS * 8 {
            findings.push(too_many_rows(&Loc::Cell(cell_ref(sheet, c.pos.0, 0))));
            break;
        }
        let row = rows.entry(c.pos.0).or_default();
        if c.pos.1 >= KEPT_COLUMNS {
            row.beyond = Some(row.beyond.map_or(c.pos.1, |b| b.min(c.pos.1)));
            continue;
        }
        let formula = c.formula.map(|f| clip(f, MAX_CELL_CHARS));
        row.cells.insert(c.pos.1, (cell_text(&c.value), formula));
    }
    Ok(rows)
}

/// Rows covered by merged blocks, as sorted disjoint ranges: a row is
/// looked up by binary search, so a hundred thousand blocks cost their
/// sorting, not a scan per row.
struct MergedRows(Vec<(u32, u32)>);

impl MergedRows {
    fn new(mut ranges: Vec<(u32, u32)>) -> Self {
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        MergedRows(out)
    }

    fn contains(&self, r: u32) -> bool {
        let i = self.0.partition_point(|(a, _)| *a <= r);
        i > 0 && self.0[i - 1].1 >= r
    }
}

/// Merged blocks listed one by one before the rest are counted.
const MAX_MERGED_LISTED: usize = 20;

/// Parses an XLSX workbook's actuals: the sheet named `Actuals`, else the
/// first. `Err` when the file is not a workbook that can be read at all,
/// or has no header row.
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
    let row_cells = |row: &SheetRow| -> Vec<String> {
        (0..row.cells.keys().max().map_or(0, |m| m + 1))
            .map(|c| row.cells.get(&c).map(|v| v.0.clone()).unwrap_or_default())
            .collect()
    };
    // The header: the first row of the first 20 that is the actuals columns.
    let mut header = None;
    let mut seen = Vec::new();
    for (r, row) in cells.range(..HEADER_SEARCH_ROWS as u32) {
        let texts = row_cells(row);
        match header_width(&texts) {
            Some(w) if row.beyond.is_none() => {
                header = Some((*r, w));
                break;
            }
            _ => seen.push((*r, texts)),
        }
    }
    let Some((header_row, width)) = header else {
        if cells.is_empty() {
            findings.push(bad(
                &Loc::Cell(cell_ref(&sheet, 0, 0)),
                format!("sheet `{}` is empty", excerpt(&sheet)),
                format!("the first row must be `{}`", COLUMNS.join(",")),
            ));
            return Ok(findings);
        }
        let texts: Vec<Vec<String>> = seen.into_iter().map(|(_, t)| t).collect();
        return Err(format!(
            "sheet `{}`: {}",
            excerpt(&sheet),
            no_header(&texts)
        ));
    };
    if !seen.is_empty() {
        let numbers: Vec<usize> = seen.iter().map(|(r, _)| *r as usize + 1).collect();
        findings.push(passed_over(
            &Loc::Cell(cell_ref(&sheet, seen[0].0, 0)),
            &numbers,
            header_row as usize + 1,
        ));
    }
    // A merged block hides all but its first cell's value: the rows it
    // covers are reported once, for the block, rather than one by one.
    let mut skipped = Vec::new();
    let mut unlisted = 0usize;
    for m in &merged {
        let (r0, c0) = m.start;
        let (r1, c1) = m.end;
        if r1 <= header_row || (r0 == r1 && c0 == c1) {
            continue;
        }
        skipped.push((r0, r1));
        if skipped.len() > MAX_MERGED_LISTED {
            unlisted += 1;
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
    }
    if unlisted > 0 {
        findings.push(bad(
            &Loc::Cell(cell_ref(&sheet, header_row, 0)),
            format!("… and {unlisted} more merged blocks, not listed; their rows cannot be read"),
            "unmerge every cell of the sheet (select all, Unmerge) and repeat the values",
        ));
    }
    let skipped = MergedRows::new(skipped);
    let mut rows = Vec::new();
    for (r, row) in cells.range(header_row + 1..) {
        let r = *r;
        if skipped.contains(r) {
            continue;
        }
        let used = row.cells.keys().max().map_or(0, |m| m + 1);
        let shown = (width as u32).max(used);
        let mut fields = Vec::new();
        let mut locs = Vec::new();
        let mut formula_only = None;
        for c in 0..shown {
            let (text, formula) = row.cells.get(&c).cloned().unwrap_or_default();
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
                format!(
                    "the cell holds the formula `={}` with no saved value",
                    excerpt(&f)
                ),
                "open and save the workbook in Excel or LibreOffice so the value is stored, or paste values",
            ));
            continue;
        }
        // A value past the columns is named by its cell; the empty cells
        // between are not built.
        let beyond = row
            .beyond
            .or_else(|| (used > width as u32).then(|| used - 1))
            .map(|c| Loc::Cell(cell_ref(&sheet, r, c)));
        fields.truncate(width);
        locs.truncate(width);
        rows.push(RawRow {
            fields,
            locs,
            whole: Loc::Cell(format!(
                "{}:{}{}",
                cell_ref(&sheet, r, 0),
                column_name(width as u32 - 1),
                r + 1
            )),
            beyond,
        });
    }
    findings.extend(parse_rows(rows, width, file, plan, into));
    Ok(findings)
}

/// The rows of either format against the plan: the one place rows are
/// judged, so CSV and XLSX give the same figures and the same findings.
/// `width`: the header's columns (6, or 7 with a note).
fn parse_rows(
    rows: Vec<RawRow>,
    width: usize,
    file: usize,
    plan: &Plan,
    into: &mut Actuals,
) -> Vec<Finding> {
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
    let max_amount = Decimal::from(MAX_AMOUNT);
    for row in rows {
        if findings.len() > MAX_FINDINGS {
            unlisted += findings.len() - MAX_FINDINGS;
            findings.truncate(MAX_FINDINGS);
        }
        let loc_of = |i: usize| row.locs.get(i).cloned().unwrap_or(row.whole.clone());
        if let Some(at) = &row.beyond {
            findings.push(bad(
                at,
                format!("the row has a value beyond its {width} columns"),
                format!(
                    "write `{}`{}; nothing to the right of it",
                    COLUMNS.join(","),
                    if width > COLUMNS.len() { ",note" } else { "" }
                ),
            ));
            continue;
        }
        // Without a note column a row has the six fields; with one, the
        // note may be left out.
        let fits = row.fields.len() == width
            || (width > COLUMNS.len() && row.fields.len() == COLUMNS.len());
        if !fits {
            findings.push(bad(
                &row.whole,
                format!("the row has {} fields, not {width}", row.fields.len()),
                format!(
                    "write `{}`{}; leave a field empty rather than out",
                    COLUMNS.join(","),
                    if width > COLUMNS.len() { ",note" } else { "" }
                ),
            ));
            continue;
        }
        let field = |i: usize| row.fields.get(i).map_or("", |f| f.trim());
        // Spend may be negative (credit notes, refunds), and so may a
        // result (NPS; a period total below zero is judged against its
        // objective's reading); a commitment may not.
        let amount = |i: usize, signed: bool, findings: &mut Vec<Finding>| -> Option<Decimal> {
            let raw: std::borrow::Cow<'_, str> = if field(i).contains('_') {
                field(i).replace('_', "").into()
            } else {
                field(i).into()
            };
            if raw.is_empty() {
                return Some(Decimal::ZERO);
            }
            match Decimal::from_str(&raw) {
                // `28.0` and `28` are one number, whichever tool wrote it.
                Ok(d) if (signed || d >= Decimal::ZERO) && d.abs() < max_amount => {
                    Some(d.normalize())
                }
                Ok(d) if d.abs() >= max_amount => {
                    findings.push(bad(
                        &loc_of(i),
                        format!("`{}` is beyond a quadrillion", excerpt(field(i))),
                        "check the amount: no budget is that large",
                    ));
                    None
                }
                _ => {
                    findings.push(bad(
                        &loc_of(i),
                        format!("`{}` is not an amount", excerpt(field(i))),
                        if signed {
                            "write a plain number, e.g. `74000`, or `-1200` for a credit note (no currency signs, no formulas)"
                        } else {
                            "write a plain number of at least zero, e.g. `74000` (no currency signs, no formulas)"
                        },
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
                    format!("`{}` is not a kind of row", excerpt(field(0))),
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
            // No id is long: a long text is not a typo of one.
            let near = (item.len() <= 64)
                .then(|| did_you_mean(&item, known.iter().copied()))
                .flatten();
            let help = match near {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use the id of a {what} of the plan"),
            };
            findings.push(bad(
                &loc_of(1),
                format!("the plan has no {what} `{}`", excerpt(&item)),
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
                    let cur = excerpt(cur);
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
                    "`{}` is not a {}",
                    excerpt(period),
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
        let (Some(committed), Some(actual)) = (
            amount(3, false, &mut findings),
            amount(4, true, &mut findings),
        ) else {
            continue;
        };
        // A row with no amounts is a template's placeholder (a month to
        // come, a result not yet measured), not a zero: counting it would
        // date the actuals to the end of the year.
        if field(3).is_empty() && field(4).is_empty() {
            continue;
        }
        let (committed, actual) = match factor {
            Some(f) => match (committed.checked_mul(f), actual.checked_mul(f)) {
                (Some(c), Some(a)) if c.abs() < max_amount && a.abs() < max_amount => {
                    (c.round_dp(2), a.round_dp(2))
                }
                _ => {
                    findings.push(bad(
                        &loc_of(4),
                        format!(
                            "converted from {} at the policy's rate, the amount is beyond a quadrillion {currency}",
                            excerpt(cur)
                        ),
                        "check the amount and the policy's rate",
                    ));
                    continue;
                }
            },
            None => (committed, actual),
        };
        // A note is text, kept as written (no formula, no markup is made of it).
        let note = row.fields.get(COLUMNS.len()).map_or(String::new(), |n| {
            clip(n.trim().to_string(), MAX_CELL_CHARS)
        });
        if kind == "spend" {
            into.spend.push(SpendRow {
                item,
                month: date,
                committed,
                actual,
                note,
                file,
                at: row.whole,
            });
        } else {
            into.results.push(ResultRow {
                objective: item,
                date,
                value: actual,
                note,
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
/// are kept per file. One file counts once: files are told apart by their
/// canonical path (`a.csv`, `./a.csv` and a link to it are one file), and a
/// repeat is passed over with a finding.
pub fn load(paths: &[&Path], plan: &Plan, rates: Option<Rates>) -> Result<Actuals, String> {
    let mut actuals = Actuals {
        rates,
        ..Actuals::default()
    };
    let mut canonical: Vec<(PathBuf, usize)> = Vec::new();
    for p in paths {
        let i = actuals.files.len();
        let real = std::fs::canonicalize(p).map_err(|e| read_err(p, e))?;
        if let Some((_, first)) = canonical.iter().find(|(c, _)| *c == real) {
            let first = actuals.files[*first].name();
            actuals.files.push(ActualsFile {
                path: p.to_path_buf(),
                source: None,
                findings: vec![
                    Finding::new(
                        &ACTUALS_REPEATED,
                        format!(
                            "`{}` is `{first}` again (the same file); it counts once",
                            p.display()
                        ),
                    )
                    .help("name each actuals file once"),
                ],
            });
            continue;
        }
        canonical.push((real, i));
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
            let findings = parse(&source, i, plan, &mut actuals)
                .map_err(|why| format!("cannot read `{}`: {why}", p.display()))?;
            actuals.files.push(ActualsFile {
                path: p.to_path_buf(),
                source: Some(source),
                findings,
            });
        }
    }
    judge(plan, &mut actuals);
    Ok(actuals)
}

/// What only all the rows together show, said at the row that shows it:
/// a line's net spend going below zero, and results impossible for what
/// their objective's `reading` declares. Impossible results are dropped.
pub fn judge(plan: &Plan, actuals: &mut Actuals) {
    let mut said: Vec<(usize, Finding)> = Vec::new();
    // Without a credit note no line can net below zero: the common case
    // costs one pass.
    let credited = actuals.spend.iter().any(|r| r.actual < Decimal::ZERO);
    // Net spend by item, month by month: the month's rows net first (an
    // invoice and its credit note in one month are no alarm).
    let mut by_item: BTreeMap<(&str, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, r) in actuals.spend.iter().enumerate().filter(|_| credited) {
        by_item
            .entry((r.item.as_str(), r.month))
            .or_default()
            .push(i);
    }
    let mut running: Option<(&str, Decimal)> = None;
    let mut flagged: std::collections::HashSet<&str> = Default::default();
    for ((item, month), rows) in &by_item {
        let total = match running {
            Some((it, t)) if it == *item => t,
            _ => Decimal::ZERO,
        };
        let net: Decimal = rows.iter().map(|&i| actuals.spend[i].actual).sum();
        let now = total.saturating_add(net);
        running = Some((item, now));
        if now < Decimal::ZERO && flagged.insert(item) {
            // The month's most negative row: the credit note.
            let Some(&worst) = rows.iter().min_by_key(|&&i| actuals.spend[i].actual) else {
                continue;
            };
            let r = &actuals.spend[worst];
            said.push((
                r.file,
                r.at.on(Finding::new(
                    &NET_SPEND_NEGATIVE,
                    format!(
                        "`{item}`'s net spend is {} by the end of {}: more credited than spent",
                        crate::format::group(now.round_dp(0)),
                        month.format("%b %Y")
                    ),
                ))
                .help("book the credit note to the line it belongs to, or add the invoices the export is missing"),
            ));
        }
    }
    // Results against the kind of reading their objective declares.
    let kinds: HashMap<&str, (crate::plan::Reading, Option<Decimal>, Option<Decimal>)> = plan
        .objectives
        .iter()
        .map(|o| {
            (
                o.id.value.as_str(),
                (
                    o.reading,
                    o.measure.baseline.as_ref().map(|b| b.value),
                    o.measure.target.as_ref().map(|t| t.value),
                ),
            )
        })
        .chain(plan.channels.iter().flat_map(|c| {
            c.kpis.iter().filter_map(|k| {
                let id = k.id.as_ref()?;
                Some((
                    id.value.as_str(),
                    (k.reading, None, k.target.as_ref().map(|t| t.value)),
                ))
            })
        }))
        .collect();
    let mut looks_total: std::collections::HashSet<String> = Default::default();
    let mut keep = Vec::with_capacity(actuals.results.len());
    for r in std::mem::take(&mut actuals.results) {
        let Some((reading, baseline, target)) = kinds.get(r.objective.as_str()).copied() else {
            keep.push(r);
            continue;
        };
        match reading {
            crate::plan::Reading::PeriodTotal if r.value < Decimal::ZERO => {
                said.push((
                    r.file,
                    r.at.on(Finding::new(
                        &ACTUALS_INVALID,
                        format!(
                            "`{}` is a period total (counted from zero), so {} on {} is impossible",
                            r.objective, r.value, r.date
                        ),
                    ))
                    .help("a period total is what has been achieved since the start: check the export, or declare `reading = \"level\"`"),
                ));
                continue;
            }
            crate::plan::Reading::Level => {
                if let (Some(b), Some(t)) = (baseline, target)
                    && b > Decimal::ZERO
                    && t > b
                    && r.value * Decimal::TWO < b
                    && looks_total.insert(r.objective.clone())
                {
                    said.push((
                        r.file,
                        r.at.on(Finding::new(
                            &READING_LOOKS_LIKE_TOTAL,
                            format!(
                                "`{}` read {} on {}, below half its baseline of {}: that looks like a total since the start, not a level",
                                r.objective, r.value, r.date, b
                            ),
                        ))
                        .help(format!(
                            "if it counts from zero each period, declare `reading = \"period-total\"` on `{}`",
                            r.objective
                        )),
                    ));
                }
            }
            _ => {}
        }
        keep.push(r);
    }
    actuals.results = keep;
    for (file, f) in said {
        if let Some(file) = actuals.files.get_mut(file) {
            file.findings.push(f);
        }
    }
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
