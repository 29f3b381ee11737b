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

mod csv;
mod judge;
mod rows;
mod xlsx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::plan::Plan;
use crate::source::SourceFile;

pub use csv::parse;
pub use judge::judge;
pub use xlsx::{column_name, parse_xlsx};

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

/// A map keyed by ids of the plan (or by an id's index, a kind and a date
/// inside the plan period), looked up once per actuals row (a million
/// times): hashed with FxHash, a multiply and a rotate a word, instead of
/// SipHash. Its keys come from the plan, so a file's text cannot crowd its
/// buckets.
pub type IdMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// FxHash (rustc's hasher): fast on short keys, not keyed against floods.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i as u32));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Spend on a channel or budget line in one month.
#[derive(Debug, Clone)]
pub struct SpendRow {
    /// The channel's or line's id, one string shared by all its rows.
    pub item: std::sync::Arc<str>,
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
