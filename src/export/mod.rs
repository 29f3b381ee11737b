//! Spreadsheets for finance (`mvplan export`): the plan's budget as a
//! workbook whose totals are formulas over its rows, and an actuals
//! template pre-filled with the plan's ids and months for finance to fill
//! in and hand back to `mvplan track`.
//!
//! Amounts are written as numbers (Excel has no other kind); they come from
//! exact decimals and are whole or two-place amounts, which doubles hold
//! exactly enough to sum back to the same figure. The formulas' cached
//! results are mvplan's own totals, so a reader that does not recalculate
//! still shows them, and one that does gets the same numbers. Bytes are
//! fixed: the document's dates come from `SOURCE_DATE_EPOCH` (else a fixed
//! date), the zip's timestamps are constant.

mod budget;
mod template;
mod variance;

use chrono::{Datelike, Months, NaiveDate, Timelike};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Worksheet};

use crate::plan::{PhasingAt, Plan, Work};

/// What went wrong writing a workbook (the writer's own errors only: every
/// value comes from a checked plan).
#[derive(Debug, thiserror::Error)]
#[error("the workbook cannot be written: {0}")]
pub struct ExportError(String);

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError(e.to_string())
    }
}

fn f64_of(d: Decimal) -> f64 {
    d.try_into().unwrap_or(0.0)
}

/// `A`..`Z`, `AA`.. for a 0-based column.
fn col(c: u16) -> String {
    crate::actuals::column_name(u32::from(c))
}

/// A cell reference, 0-based row and column (`D7`).
fn cell(row: u32, c: u16) -> String {
    format!("{}{}", col(c), row + 1)
}

/// The months of the plan period, first days.
pub fn months(plan: &Plan) -> Vec<NaiveDate> {
    let start = plan.meta.start.value;
    let end = plan.meta.end.value;
    let mut out = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    // A plan period is at most a few years; the bound keeps an absurd one
    // from making an absurd sheet.
    while m <= end && out.len() < 120 {
        out.push(m);
        match m.checked_add_months(Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

/// One row of the budget: a channel, budget line, team role or agency.
struct Row<'p> {
    id: &'p str,
    name: &'p str,
    kind: &'static str,
    work: Work,
    amount: Decimal,
    phasing: Option<&'p PhasingAt>,
}

fn rows(plan: &Plan) -> Vec<Row<'_>> {
    let mut out: Vec<Row<'_>> = plan
        .channels
        .iter()
        .map(|c| Row {
            id: &c.id.value,
            name: &c.name,
            kind: "channel",
            work: c.work,
            amount: c.budget.value,
            phasing: c.phasing.as_ref(),
        })
        .collect();
    out.extend(plan.budget.lines.iter().map(|l| Row {
        id: &l.id.value,
        name: &l.name,
        kind: "budget line",
        work: l.work,
        amount: l.amount.value,
        phasing: l.phasing.as_ref(),
    }));
    out.extend(plan.team.iter().filter_map(|r| {
        Some(Row {
            id: &r.id.value,
            name: &r.role,
            kind: "team",
            work: r.work,
            amount: r.cost.as_ref()?.value,
            phasing: None,
        })
    }));
    out.extend(plan.agencies.iter().map(|a| Row {
        id: &a.id.value,
        name: &a.name,
        kind: "agency",
        work: a.work,
        amount: a.fee.value,
        phasing: None,
    }));
    out
}

/// A row's money month by month: its phasing, days within a period pro
/// rata (the same rule `mvplan track` plans to date by), in whole units,
/// the last month taking what rounding left so the months add up to the
/// amount exactly.
fn monthly(plan: &Plan, row: &Row<'_>, months: &[NaiveDate]) -> Vec<Decimal> {
    let mut out = Vec::with_capacity(months.len());
    let mut before = Decimal::ZERO;
    for (i, m) in months.iter().enumerate() {
        let last_day = m
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(*m);
        let to_date = if i + 1 == months.len() {
            row.amount
        } else {
            crate::track::planned_to_date(plan, row.amount, row.phasing, last_day)
        };
        out.push(to_date - before);
        before = to_date;
    }
    out
}

fn work_name(w: Work) -> &'static str {
    match w {
        Work::Upstream => "upstream",
        Work::Downstream => "downstream",
    }
}

struct Styles {
    header: Format,
    money: Format,
    total: Format,
    total_money: Format,
    percent: Format,
    title: Format,
    note: Format,
}

fn styles() -> Styles {
    let money = "#,##0;-#,##0";
    Styles {
        header: Format::new()
            .set_bold()
            .set_background_color("1F3A5F")
            .set_font_color("FFFFFF"),
        money: Format::new().set_num_format(money),
        total: Format::new()
            .set_bold()
            .set_border_top(rust_xlsxwriter::FormatBorder::Thin),
        total_money: Format::new()
            .set_bold()
            .set_num_format(money)
            .set_border_top(rust_xlsxwriter::FormatBorder::Thin),
        percent: Format::new().set_num_format("0.0%"),
        title: Format::new().set_bold().set_font_size(14),
        note: Format::new().set_italic().set_font_color("666666"),
    }
}

fn header(ws: &mut Worksheet, s: &Styles, names: &[&str]) -> Result<(), ExportError> {
    for (i, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *n, &s.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A month-by-month sheet's header: `first` columns, a column per month
/// (`2027-01`), and `total`.
fn month_header(
    ws: &mut Worksheet,
    s: &Styles,
    first: &[&str],
    months: &[NaiveDate],
) -> Result<(), ExportError> {
    let months: Vec<String> = months
        .iter()
        .map(|m| m.format("%Y-%m").to_string())
        .collect();
    let names: Vec<&str> = first
        .iter()
        .copied()
        .chain(months.iter().map(String::as_str))
        .chain(["total"])
        .collect();
    header(ws, s, &names)
}

/// A formula with mvplan's own figure as its cached result.
fn formula(text: String, result: Decimal) -> Formula {
    Formula::new(text).set_result(result.normalize().to_string())
}

/// A workbook's document date: SOURCE_DATE_EPOCH, else a fixed one, never
/// the clock, so the same plan gives the same bytes.
pub(crate) fn document_date(source_date_epoch: Option<i64>) -> Option<ExcelDateTime> {
    source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.naive_utc())
        .and_then(|d| {
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                .ok()?
                .and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)
                .ok()
        })
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok())
}

fn properties(plan: &Plan, title: &str, source_date_epoch: Option<i64>) -> DocProperties {
    let when = document_date(source_date_epoch);
    let mut p = DocProperties::new()
        .set_title(title)
        .set_author(&plan.meta.owner)
        .set_company(&plan.meta.organisation)
        .set_comment(format!(
            "Written by mvplan {} from the plan; edit the plan, not this file.",
            env!("CARGO_PKG_VERSION")
        ));
    if let Some(w) = when {
        p = p.set_creation_datetime(&w);
    }
    p
}

pub use budget::budget_workbook;
pub use template::{actuals_template, actuals_template_csv};
pub use variance::variance_workbook;
