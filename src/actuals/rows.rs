//! Judging rows: the raw rows of either format → typed spend and result
//! rows, every bad cell a located finding.

use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::diagnostic::{Finding, did_you_mean};
use crate::plan::Plan;

use super::{
    ACTUALS_INVALID, Actuals, COLUMNS, HEADER_BELOW, HEADER_SEARCH_ROWS, IdMap, Loc, MAX_AMOUNT,
    MAX_CELL_CHARS, MAX_FINDINGS, MAX_ROWS, NOTE_COLUMNS, ResultRow, SpendRow, clip, excerpt,
};

/// A row as either format gives it: its fields as text, where each is
/// (a workbook's cells; a CSV row's are found from its line when a finding
/// needs them), where the whole row is, and `handle`, a number its reader
/// turns back into `whole` (the first of two repeated rows is named by it,
/// not kept as a location for every row); `beyond`, a value past the last
/// column (a workbook's far-away cell, named without building the cells
/// between).
pub(super) struct RawRow<'a> {
    pub(super) fields: Vec<&'a str>,
    pub(super) locs: &'a [Loc],
    pub(super) whole: Loc,
    pub(super) handle: usize,
    pub(super) beyond: Option<Loc>,
}

/// How a reader finds a field of a row, and a row again by its handle.
pub(super) struct Locate<'a> {
    pub(super) field: &'a dyn Fn(&RawRow<'_>, usize) -> Option<Loc>,
    pub(super) row: &'a dyn Fn(usize) -> Loc,
}

pub(super) fn bad(at: &Loc, message: String, help: impl Into<String>) -> Finding {
    at.on(Finding::new(&ACTUALS_INVALID, message)).help(help)
}

/// The columns a header row declares: `Some(width)` (6, or 7 with a note
/// column) when the row is the actuals header. Empty cells after it are
/// allowed (a spreadsheet's trailing separators).
pub(super) fn header_width(cells: &[String]) -> Option<usize> {
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
pub(super) fn no_header(rows_seen: &[Vec<String>]) -> String {
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
pub(super) fn passed_over(first: &Loc, rows: &[usize], header_row: usize) -> Finding {
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

pub(super) fn too_many_rows(at: &Loc) -> Finding {
    bad(
        at,
        format!("the file has more than {MAX_ROWS} rows"),
        "split it, or aggregate daily rows into months",
    )
}

/// The rows of either format against the plan, one at a time as they are
/// read (a million rows are never held as text): the one place rows are
/// judged, so CSV and XLSX give the same figures and the same findings.
pub(super) struct RowJudge<'p> {
    channels: Vec<&'p str>,
    objectives: Vec<&'p str>,
    channel_set: IdMap<&'p str, u32>,
    objective_set: IdMap<&'p str, u32>,
    /// Each channel's and line's id once, shared by all its spend rows.
    names: Vec<Arc<str>>,
    plan: &'p Plan,
    /// A row is a repeat when its kind, item and period (as written: a
    /// month or a day) were given before; the first such row's handle.
    /// Small keys and values, sized once: a million rows of owned strings
    /// and locations cost a kilobyte each and most of the time rehashing.
    seen: IdMap<(bool, u32, bool, NaiveDate), u32>,
    findings: Vec<Finding>,
    unlisted: usize,
    /// The header's columns (6, or 7 with a note).
    width: usize,
    file: usize,
}

impl<'p> RowJudge<'p> {
    /// `rows`: about how many rows are to come (to size the map once).
    pub(super) fn new(plan: &'p Plan, width: usize, file: usize, rows: usize) -> RowJudge<'p> {
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
        // Looked up once per row: maps to a number, not scans of the lists.
        let index = |ids: &[&'p str]| -> IdMap<&'p str, u32> {
            let mut m = IdMap::with_capacity_and_hasher(ids.len(), Default::default());
            for (i, id) in ids.iter().enumerate() {
                m.entry(*id).or_insert(i as u32);
            }
            m
        };
        let (channel_set, objective_set) = (index(&channels), index(&objectives));
        let names = channels.iter().map(|&c| Arc::from(c)).collect();
        RowJudge {
            channels,
            objectives,
            channel_set,
            objective_set,
            names,
            plan,
            seen: IdMap::with_capacity_and_hasher(rows.min(MAX_ROWS), Default::default()),
            findings: Vec::new(),
            unlisted: 0,
            width,
            file,
        }
    }

    /// Judges one row: a typed row into `into`, or a finding.
    pub(super) fn row(&mut self, row: RawRow<'_>, locate: &Locate<'_>, into: &mut Actuals) {
        let RowJudge {
            channels,
            objectives,
            channel_set,
            objective_set,
            names,
            plan,
            seen,
            findings,
            unlisted,
            width,
            file,
        } = self;
        let (width, file) = (*width, *file);
        let currency = plan.meta.currency.value.as_str();
        let (channels, objectives): (&[&str], &[&str]) = (channels, objectives);
        if findings.len() > MAX_FINDINGS {
            *unlisted += findings.len() - MAX_FINDINGS;
            findings.truncate(MAX_FINDINGS);
        }
        let loc_of = |i: usize| (locate.field)(&row, i).unwrap_or(row.whole.clone());
        if let Some(f) = misshapen(&row, width) {
            findings.push(f);
            return;
        }
        let field = |i: usize| row.fields.get(i).map_or("", |f| f.trim());
        let amount = |i: usize, signed: bool, findings: &mut Vec<Finding>| {
            read_amount(field(i), signed, || loc_of(i), findings)
        };
        // `Spend`, `SPEND`: compared without making a lower-case copy.
        let kind = ["spend", "result"]
            .into_iter()
            .find(|k| field(0).eq_ignore_ascii_case(k))
            .unwrap_or("");
        let item = field(1);
        let (known, known_set): (&[&str], _) = match kind {
            "spend" => (channels, &*channel_set),
            "result" => (objectives, &*objective_set),
            _ => {
                findings.push(bad(
                    &loc_of(0),
                    format!("`{}` is not a kind of row", excerpt(field(0))),
                    "write `spend` (money by month) or `result` (an objective's or KPI's metric on a date)",
                ));
                return;
            }
        };
        let Some(&item_index) = known_set.get(item) else {
            let what = if kind == "spend" {
                "channel or budget line"
            } else {
                "objective or KPI"
            };
            // No id is long: a long text is not a typo of one.
            let near = (item.len() <= 64)
                .then(|| did_you_mean(item, known.iter().copied()))
                .flatten();
            let help = match near {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use the id of a {what} of the plan"),
            };
            findings.push(bad(
                &loc_of(1),
                format!("the plan has no {what} `{}`", excerpt(item)),
                help,
            ));
            return;
        };
        let cur = field(5);
        // Another currency is converted at the policy's rates, or refused.
        let Some(factor) =
            read_currency(cur, currency, into.rates.as_ref(), || loc_of(5), findings)
        else {
            return;
        };
        let period = field(2);
        let Some((date, written, month)) = read_period(kind, period, plan, || loc_of(2), findings)
        else {
            return;
        };
        let key = (kind == "spend", item_index, month, written);
        if let Some(&first) = seen.get(&key) {
            let f = bad(
                &row.whole,
                format!("`{kind}` for `{item}` in {period} is given twice"),
                "keep one row per item and period (add them up)",
            );
            findings.push(match (locate.row)(first as usize) {
                Loc::Span(s) => f.also(s.clone(), "first given here"),
                Loc::Cell(c) => f.label(format!("first given in {c}")),
            });
            return;
        }
        seen.insert(key, u32::try_from(row.handle).unwrap_or(u32::MAX));
        let (Some(committed), Some(actual)) =
            (amount(3, false, findings), amount(4, true, findings))
        else {
            return;
        };
        // A row with no amounts is a template's placeholder (a month to
        // come, a result not yet measured), not a zero: counting it would
        // date the actuals to the end of the year.
        if field(3).is_empty() && field(4).is_empty() {
            return;
        }
        let Some((committed, actual)) = convert(
            (committed, actual),
            factor,
            cur,
            currency,
            || loc_of(4),
            findings,
        ) else {
            return;
        };
        // A note is text, kept as written (no formula, no markup is made of it).
        let note = row.fields.get(COLUMNS.len()).map_or(String::new(), |n| {
            clip(n.trim().to_string(), MAX_CELL_CHARS)
        });
        if kind == "spend" {
            into.spend.push(SpendRow {
                item: names
                    .get(item_index as usize)
                    .cloned()
                    .unwrap_or_else(|| Arc::from(item)),
                month: date,
                committed,
                actual,
                note,
                file,
                at: row.whole,
            });
        } else {
            into.results.push(ResultRow {
                objective: item.to_string(),
                date,
                value: actual,
                note,
                file,
                at: row.whole,
            });
        }
    }

    /// The findings about the rows, the first [`MAX_FINDINGS`] and a count.
    pub(super) fn finish(self) -> Vec<Finding> {
        let RowJudge {
            mut findings,
            mut unlisted,
            ..
        } = self;
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
}

/// Why a row has not the header's shape (a value beyond its columns, too
/// few or too many fields), if it has not.
fn misshapen(row: &RawRow<'_>, width: usize) -> Option<Finding> {
    // The header as the help writes it: "`kind,…,currency`,note".
    let columns = || {
        format!(
            "`{}`{}",
            COLUMNS.join(","),
            if width > COLUMNS.len() { ",note" } else { "" }
        )
    };
    if let Some(at) = &row.beyond {
        return Some(bad(
            at,
            format!("the row has a value beyond its {width} columns"),
            format!("write {}; nothing to the right of it", columns()),
        ));
    }
    // Without a note column a row has the six fields; with one, the
    // note may be left out.
    let fits =
        row.fields.len() == width || (width > COLUMNS.len() && row.fields.len() == COLUMNS.len());
    (!fits).then(|| {
        bad(
            &row.whole,
            format!("the row has {} fields, not {width}", row.fields.len()),
            format!("write {}; leave a field empty rather than out", columns()),
        )
    })
}

/// The rate a row's amounts are converted at: `Some(None)` in the plan's
/// currency, `Some(Some(rate))` at the policy's rate, `None` (and a
/// finding) in a currency with no rate.
fn read_currency(
    cur: &str,
    currency: &str,
    rates: Option<&super::Rates>,
    at: impl Fn() -> Loc,
    findings: &mut Vec<Finding>,
) -> Option<Option<Decimal>> {
    if cur.is_empty() || cur.eq_ignore_ascii_case(currency) {
        return Some(None);
    }
    if let Some(f) = rates.and_then(|r| r.factor(cur, currency)) {
        return Some(Some(f));
    }
    let cur = excerpt(cur);
    findings.push(bad(
        &at(),
        format!("the row is in {cur}; the plan is in {currency}"),
        format!(
            "convert the amount to {currency}, or give the policy a rate for {cur} under [rates]"
        ),
    ));
    None
}

/// A row's amounts in the plan's currency (at most a quadrillion once
/// converted), rounded to the cent when converted.
fn convert(
    (committed, actual): (Decimal, Decimal),
    factor: Option<Decimal>,
    cur: &str,
    currency: &str,
    at: impl Fn() -> Loc,
    findings: &mut Vec<Finding>,
) -> Option<(Decimal, Decimal)> {
    let Some(f) = factor else {
        return Some((committed, actual));
    };
    let max_amount = Decimal::from(MAX_AMOUNT);
    match (committed.checked_mul(f), actual.checked_mul(f)) {
        (Some(c), Some(a)) if c.abs() < max_amount && a.abs() < max_amount => {
            Some((c.round_dp(2), a.round_dp(2)))
        }
        _ => {
            findings.push(bad(
                &at(),
                format!(
                    "converted from {} at the policy's rate, the amount is beyond a quadrillion {currency}",
                    excerpt(cur)
                ),
                "check the amount and the policy's rate",
            ));
            None
        }
    }
}

/// An amount as written: spend may be negative (credit notes, refunds),
/// and so may a result (NPS; a period total below zero is judged against
/// its objective's reading); a commitment may not. An empty field is zero.
fn read_amount(
    text: &str,
    signed: bool,
    at: impl Fn() -> Loc,
    findings: &mut Vec<Finding>,
) -> Option<Decimal> {
    let max_amount = Decimal::from(MAX_AMOUNT);
    let raw: std::borrow::Cow<'_, str> = if text.contains('_') {
        text.replace('_', "").into()
    } else {
        text.into()
    };
    if raw.is_empty() {
        return Some(Decimal::ZERO);
    }
    // Most amounts are plain digits: read as an integer, the same number
    // `Decimal::from_str` gives, in a fraction of its time. Fifteen digits
    // at most: below a quadrillion, as checked below.
    if raw.len() <= 15 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let n = raw.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        return Some(Decimal::from(n));
    }
    match Decimal::from_str(&raw) {
        // `28.0` and `28` are one number, whichever tool wrote it.
        Ok(d) if (signed || d >= Decimal::ZERO) && d.abs() < max_amount => Some(d.normalize()),
        Ok(d) if d.abs() >= max_amount => {
            findings.push(bad(
                &at(),
                format!("`{}` is beyond a quadrillion", excerpt(text)),
                "check the amount: no budget is that large",
            ));
            None
        }
        _ => {
            findings.push(bad(
                &at(),
                format!("`{}` is not an amount", excerpt(text)),
                if signed {
                    "write a plain number, e.g. `74000`, or `-1200` for a credit note (no currency signs, no formulas)"
                } else {
                    "write a plain number of at least zero, e.g. `74000` (no currency signs, no formulas)"
                },
            ));
            None
        }
    }
}

/// A row's period inside the plan's: spend by month (`2027-03`) or by day
/// (`2027-03-14`, counted in its month), results on a date. Returns the
/// date the row counts on, the date as written, and whether it was
/// written as a month.
fn read_period(
    kind: &str,
    period: &str,
    plan: &Plan,
    at: impl Fn() -> Loc,
    findings: &mut Vec<Finding>,
) -> Option<(NaiveDate, NaiveDate, bool)> {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    // Spend by month (`2027-03`) or by day (`2027-03-14`, counted in
    // its month); results on a date.
    let month = if kind == "spend" {
        parse_month(period)
    } else {
        None
    };
    let written = month.or_else(|| parse_day(period));
    let date = if kind == "spend" {
        written.and_then(|d| NaiveDate::from_ymd_opt(d.year(), d.month(), 1))
    } else {
        written
    };
    let (Some(date), Some(written)) = (date, written) else {
        findings.push(bad(
            &at(),
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
        return None;
    };
    let inside = if kind == "spend" {
        date <= end
            && NaiveDate::from_ymd_opt(start.year(), start.month(), 1).is_some_and(|m| date >= m)
    } else {
        date >= start && date <= end
    };
    if !inside {
        findings.push(bad(
            &at(),
            format!("`{period}` is outside the plan period ({start} to {end})"),
            "actuals belong to the plan whose period they fall in",
        ));
        return None;
    }
    Some((date, written, month.is_some()))
}

/// `YYYY-MM-DD` exactly (a million rows parse faster than through a
/// format string).
pub(super) fn parse_day(s: &str) -> Option<NaiveDate> {
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
pub(super) fn parse_month(s: &str) -> Option<NaiveDate> {
    if s.len() != 7 {
        return None;
    }
    parse_day(&format!("{s}-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
