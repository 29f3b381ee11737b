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

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::figures::Figures;
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

fn properties(plan: &Plan, title: &str, source_date_epoch: Option<i64>) -> DocProperties {
    // The document's date: SOURCE_DATE_EPOCH, else a fixed one, never the
    // clock, so the same plan gives the same bytes.
    let when = source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.naive_utc())
        .and_then(|d| {
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                .ok()?
                .and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)
                .ok()
        })
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok());
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

use chrono::Timelike;

/// The budget workbook: `Summary` (totals as formulas over the other
/// sheets), `Channels`, `Lines`, `Team`, `Agencies` (each with quarters and
/// a total row of formulas) and `Monthly` (every row's money by month).
pub fn budget_workbook(
    plan: &Plan,
    fig: &Figures,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, ExportError> {
    let s = styles();
    let months = months(plan);
    let rows = rows(plan);
    let mut book = Workbook::new();
    book.set_properties(&properties(
        plan,
        &format!("{} — budget", plan.meta.title),
        source_date_epoch,
    ));

    // Monthly first in the data, but written as the last sheet: the other
    // sheets' quarter columns are formulas over its cells.
    let n_months = months.len() as u16;
    let monthly_row = |i: usize| i as u32 + 1;
    let first_month_col: u16 = 4;
    let quarters = &fig.quarters;

    let mut summary = Worksheet::new();
    summary.set_name("Summary")?;
    let mut sheets: Vec<(&str, &str, Worksheet)> = Vec::new();
    // (sheet name, kind, rows in it) for the four item sheets.
    let kinds = [
        ("Channels", "channel"),
        ("Lines", "budget line"),
        ("Team", "team"),
        ("Agencies", "agency"),
    ];
    // Where each kind's total sits: (sheet, amount column, first row, last row).
    let mut totals: Vec<(&str, u32, u32)> = Vec::new();
    for (sheet, kind) in kinds {
        let mut ws = Worksheet::new();
        ws.set_name(sheet)?;
        let mut names: Vec<String> =
            vec!["id".into(), "name".into(), "work".into(), "amount".into()];
        names.extend(quarters.iter().map(|q| q.label.clone()));
        names.push("phased".into());
        names.push("amount − phased".into());
        header(
            &mut ws,
            &s,
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        let mut r = 1u32;
        let mine: Vec<(usize, &Row<'_>)> = rows
            .iter()
            .enumerate()
            .filter(|(_, x)| x.kind == kind)
            .collect();
        for (i, row) in &mine {
            let m = monthly(plan, row, &months);
            ws.write_string(r, 0, row.id)?;
            ws.write_string(r, 1, row.name)?;
            ws.write_string(r, 2, work_name(row.work))?;
            ws.write_number_with_format(r, 3, f64_of(row.amount), &s.money)?;
            // Each quarter: the sum of its months on the Monthly sheet.
            for (qi, q) in quarters.iter().enumerate() {
                let (a, b) = month_span(&months, q.start, q.end);
                let value: Decimal = m[a..=b].iter().sum();
                let f = format!(
                    "=SUM(Monthly!{}:{})",
                    cell(monthly_row(*i), first_month_col + a as u16),
                    cell(monthly_row(*i), first_month_col + b as u16)
                );
                ws.write_formula_with_format(r, 4 + qi as u16, formula(f, value), &s.money)?;
            }
            let qn = quarters.len() as u16;
            let phased = format!("=SUM({}:{})", cell(r, 4), cell(r, 3 + qn));
            ws.write_formula_with_format(r, 4 + qn, formula(phased, row.amount), &s.money)?;
            let check = format!("={}-{}", cell(r, 3), cell(r, 4 + qn));
            ws.write_formula_with_format(r, 5 + qn, formula(check, Decimal::ZERO), &s.money)?;
            r += 1;
        }
        // The total row: a formula per money column.
        let total: Decimal = mine.iter().map(|(_, x)| x.amount).sum();
        ws.write_string_with_format(r, 0, "Total", &s.total)?;
        ws.write_string_with_format(r, 1, "", &s.total)?;
        ws.write_string_with_format(r, 2, "", &s.total)?;
        let qn = quarters.len() as u16;
        for c in 3..=5 + qn {
            let result = if c == 5 + qn {
                Decimal::ZERO
            } else if c == 3 || c == 4 + qn {
                total
            } else {
                let qi = (c - 4) as usize;
                let q = &quarters[qi];
                let (a, b) = month_span(&months, q.start, q.end);
                mine.iter()
                    .map(|(_, x)| monthly(plan, x, &months)[a..=b].iter().sum::<Decimal>())
                    .sum()
            };
            let f = if r == 1 {
                "=0".to_string()
            } else {
                format!("=SUM({}:{})", cell(1, c), cell(r - 1, c))
            };
            ws.write_formula_with_format(r, c, formula(f, result), &s.total_money)?;
        }
        ws.set_column_width(0, 22)?;
        ws.set_column_width(1, 40)?;
        ws.set_column_width(2, 12)?;
        for c in 3..=5 + qn {
            ws.set_column_width(c, 14)?;
        }
        totals.push((sheet, r, r.saturating_sub(1)));
        sheets.push((sheet, kind, ws));
    }

    // Monthly: every row, every month, with its total.
    let mut monthly_ws = Worksheet::new();
    monthly_ws.set_name("Monthly")?;
    month_header(
        &mut monthly_ws,
        &s,
        &["id", "name", "kind", "work"],
        &months,
    )?;
    let mut month_totals = vec![Decimal::ZERO; months.len()];
    for (i, row) in rows.iter().enumerate() {
        let r = monthly_row(i);
        monthly_ws.write_string(r, 0, row.id)?;
        monthly_ws.write_string(r, 1, row.name)?;
        monthly_ws.write_string(r, 2, row.kind)?;
        monthly_ws.write_string(r, 3, work_name(row.work))?;
        for (mi, v) in monthly(plan, row, &months).into_iter().enumerate() {
            month_totals[mi] += v;
            monthly_ws.write_number_with_format(
                r,
                first_month_col + mi as u16,
                f64_of(v),
                &s.money,
            )?;
        }
        let f = format!(
            "=SUM({}:{})",
            cell(r, first_month_col),
            cell(r, first_month_col + n_months - 1)
        );
        monthly_ws.write_formula_with_format(
            r,
            first_month_col + n_months,
            formula(f, row.amount),
            &s.money,
        )?;
    }
    let last = rows.len() as u32;
    let r = last + 1;
    monthly_ws.write_string_with_format(r, 0, "Total", &s.total)?;
    for c in 1..first_month_col {
        monthly_ws.write_string_with_format(r, c, "", &s.total)?;
    }
    for c in first_month_col..=first_month_col + n_months {
        let result = if c == first_month_col + n_months {
            fig.spend
        } else {
            month_totals[(c - first_month_col) as usize]
        };
        let f = format!("=SUM({}:{})", cell(1, c), cell(last, c));
        monthly_ws.write_formula_with_format(r, c, formula(f, result), &s.total_money)?;
    }
    monthly_ws.set_column_width(0, 22)?;
    monthly_ws.set_column_width(1, 40)?;
    monthly_ws.set_freeze_panes(1, 2)?;

    // Summary: the plan's totals as formulas over the sheets.
    summary.write_string_with_format(0, 0, &plan.meta.title, &s.title)?;
    summary.write_string(
        1,
        0,
        format!(
            "{}{} · {} to {} · {}",
            plan.meta.organisation,
            plan.meta
                .unit
                .as_ref()
                .map(|u| format!(" · {u}"))
                .unwrap_or_default(),
            plan.meta.start.value,
            plan.meta.end.value,
            plan.meta.currency.value
        ),
    )?;
    summary.write_string_with_format(3, 0, "", &s.header)?;
    summary.write_string_with_format(3, 1, &plan.meta.currency.value, &s.header)?;
    let total_of = |sheet: &str| {
        let (_, r, _) = totals
            .iter()
            .find(|t| t.0 == sheet)
            .copied()
            .unwrap_or(("", 1, 0));
        format!("={sheet}!{}", cell(r, 3))
    };
    let sumif = |work: &str| {
        totals
            .iter()
            .map(|(sheet, r, _)| {
                if *r <= 1 {
                    "0".to_string()
                } else {
                    format!(
                        "SUMIF({sheet}!{}:{},\"{work}\",{sheet}!{}:{})",
                        cell(1, 2),
                        cell(r - 1, 2),
                        cell(1, 3),
                        cell(r - 1, 3)
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("+")
    };
    let contingency = fig.contingency;
    let entries: Vec<(&str, String, Decimal, bool)> = vec![
        ("Channels", total_of("Channels"), fig.channel_spend, false),
        (
            "Other budget lines",
            total_of("Lines"),
            fig.line_spend,
            false,
        ),
        ("Team", total_of("Team"), fig.team_cost, false),
        ("Agencies", total_of("Agencies"), fig.agency_fees, false),
        ("Planned spend", "=SUM(B5:B8)".into(), fig.spend, true),
        ("Contingency", String::new(), contingency, false),
        ("Budget", String::new(), plan.budget.total.value, false),
        (
            "Unallocated",
            "=B11-B9-B10".into(),
            plan.budget.total.value - fig.spend - contingency,
            true,
        ),
        (
            "Upstream",
            format!("={}", sumif("upstream")),
            fig.upstream_spend,
            false,
        ),
        (
            "Downstream",
            format!("={}", sumif("downstream")),
            fig.spend - fig.upstream_spend,
            false,
        ),
        (
            "Upstream share of spend",
            "=IF(B9=0,0,B13/B9)".into(),
            Decimal::ZERO,
            false,
        ),
        (
            "Spend by month (check)",
            format!("=Monthly!{}", cell(last + 1, first_month_col + n_months)),
            fig.spend,
            false,
        ),
    ];
    for (i, (label, f, value, bold)) in entries.into_iter().enumerate() {
        let r = 4 + i as u32;
        if bold {
            summary.write_string_with_format(r, 0, label, &s.total)?;
        } else {
            summary.write_string(r, 0, label)?;
        }
        let style = if label == "Upstream share of spend" {
            &s.percent
        } else if bold {
            &s.total_money
        } else {
            &s.money
        };
        if f.is_empty() {
            summary.write_number_with_format(r, 1, f64_of(value), style)?;
        } else if label == "Upstream share of spend" {
            let share = if fig.spend.is_zero() {
                Decimal::ZERO
            } else {
                fig.upstream_spend / fig.spend
            };
            summary.write_formula_with_format(r, 1, formula(f, share.round_dp(6)), style)?;
        } else {
            summary.write_formula_with_format(r, 1, formula(f, value), style)?;
        }
    }
    summary.write_string_with_format(
        17,
        0,
        "Totals are formulas over the sheets; edit the plan and export again rather than the numbers.",
        &s.note,
    )?;
    summary.set_column_width(0, 30)?;
    summary.set_column_width(1, 16)?;

    book.push_worksheet(summary);
    for (_, _, ws) in sheets {
        book.push_worksheet(ws);
    }
    book.push_worksheet(monthly_ws);
    Ok(book.save_to_buffer()?)
}

/// The months `[a, b]` (indices into `months`) a period covers.
fn month_span(months: &[NaiveDate], start: NaiveDate, end: NaiveDate) -> (usize, usize) {
    let first = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    let a = months.iter().position(|m| *m >= first).unwrap_or(0);
    let b = months
        .iter()
        .rposition(|m| *m <= end)
        .unwrap_or(months.len().saturating_sub(1))
        .max(a);
    (a, b)
}

/// The actuals template: the actuals columns (docs/tracking.md) with a row
/// per channel and budget line and month, committed and actual left for
/// finance, and a row per objective and tracked KPI for results; a second
/// sheet says how to fill it in.
pub fn actuals_template(
    plan: &Plan,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, ExportError> {
    let s = styles();
    let mut book = Workbook::new();
    book.set_properties(&properties(
        plan,
        &format!("{} — actuals", plan.meta.title),
        source_date_epoch,
    ));
    let mut ws = Worksheet::new();
    ws.set_name("Actuals")?;
    header(&mut ws, &s, &crate::actuals::COLUMNS)?;
    let text = Format::new().set_num_format("@");
    for (i, row) in template_rows(plan).iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, row.kind)?;
        ws.write_string(r, 1, row.item)?;
        // Text, so a spreadsheet does not turn the month into a date.
        ws.write_string_with_format(r, 2, &row.period, &text)?;
        if !row.currency.is_empty() {
            ws.write_string(r, 5, row.currency)?;
        }
    }
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 14)?;
    ws.set_column_width(5, 10)?;

    let mut help = Worksheet::new();
    help.set_name("How to fill in")?;
    let lines = [
        format!(
            "Actuals for {} ({} to {}), in {}.",
            plan.meta.title, plan.meta.start.value, plan.meta.end.value, plan.meta.currency.value
        ),
        String::new(),
        "spend rows: one per channel or budget line and month; `committed` is ordered but not yet invoiced, `actual` is spent.".into(),
        "result rows: the objective's or KPI's measured value in `actual`, on the date in `period` (change the date to when it was measured; add rows for more dates).".into(),
        "Amounts are plain numbers of at least zero, no currency signs. Leave a cell empty for zero; do not merge cells.".into(),
        "Keep the sheet name `Actuals` and the header row; rows may be in any order.".into(),
        "Then: mvplan track PLAN.toml THIS.xlsx --as-of YYYY-MM-DD".into(),
    ];
    for (i, l) in lines.iter().enumerate() {
        help.write_string(i as u32, 0, l)?;
    }
    help.set_column_width(0, 120)?;
    book.push_worksheet(ws);
    book.push_worksheet(help);
    Ok(book.save_to_buffer()?)
}

/// One row of the actuals template: what finance fills in is left empty.
struct TemplateRow<'p> {
    kind: &'static str,
    item: &'p str,
    period: String,
    currency: &'p str,
}

/// The template's rows: every channel and budget line by month (in the
/// plan's currency), then a result row per objective (on its due date) and
/// per KPI id (on the plan's end).
fn template_rows(plan: &Plan) -> Vec<TemplateRow<'_>> {
    let currency = plan.meta.currency.value.as_str();
    let end = plan.meta.end.value;
    let months = months(plan);
    let items = plan
        .channels
        .iter()
        .map(|c| c.id.value.as_str())
        .chain(plan.budget.lines.iter().map(|l| l.id.value.as_str()));
    let mut out = Vec::new();
    for item in items {
        for m in &months {
            out.push(TemplateRow {
                kind: "spend",
                item,
                period: m.format("%Y-%m").to_string(),
                currency,
            });
        }
    }
    let results = plan
        .objectives
        .iter()
        .map(|o| (o.id.value.as_str(), o.measure.due.as_ref().map(|d| d.value)))
        .chain(plan.kpi_ids().map(|k| (k, None)));
    for (item, due) in results {
        out.push(TemplateRow {
            kind: "result",
            item,
            period: due.unwrap_or(end).min(end).to_string(),
            currency: "",
        });
    }
    out
}

/// The actuals template as CSV: the same rows.
pub fn actuals_template_csv(plan: &Plan) -> String {
    let mut out = format!("{}\n", crate::actuals::COLUMNS.join(","));
    for r in template_rows(plan) {
        out.push_str(&format!(
            "{},{},{},,,{}\n",
            r.kind, r.item, r.period, r.currency
        ));
    }
    out
}

/// Plan vs actual for finance (`mvplan export --what variance`):
/// A row of the Notes sheet: kind, item, period, committed (spend only),
/// actual, note.
type NotedRow<'a> = (&'a str, &'a str, String, Option<Decimal>, Decimal, &'a str);

/// `Variance` (a row per channel and line: budget, plan to date, actual,
/// committed; remaining, variance and pacing as formulas; the re-forecast),
/// `Monthly` (plan and actual by month, variance as formulas) and
/// `Results` (objectives and KPIs against the pace their targets need at
/// each reading's date) and `Notes` (the actuals rows' notes, as text).
pub fn variance_workbook(
    plan: &Plan,
    t: &crate::track::Tracking,
    actuals: &crate::actuals::Actuals,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, ExportError> {
    let s = styles();
    let mut book = Workbook::new();
    book.set_properties(&properties(
        plan,
        &format!("{} — plan vs actual at {}", plan.meta.title, t.as_of),
        source_date_epoch,
    ));
    let pct = &s.percent;

    // Variance, line by line.
    let mut ws = Worksheet::new();
    ws.set_name("Variance")?;
    header(
        &mut ws,
        &s,
        &[
            "id",
            "name",
            "budget",
            "plan to date",
            "actual",
            "committed",
            "remaining",
            "variance",
            "pacing",
            "re-forecast at end",
            "over / under at end",
            "state",
        ],
    )?;
    let mut r = 1u32;
    for l in &t.lines {
        ws.write_string(r, 0, &l.id)?;
        ws.write_string(r, 1, &l.name)?;
        for (c, v) in [
            (2, l.budget),
            (3, l.planned_to_date),
            (4, l.actual),
            (5, l.committed),
            (9, l.run_rate_end),
        ] {
            ws.write_number_with_format(r, c, f64_of(v), &s.money)?;
        }
        let x = |c: u16| cell(r, c);
        ws.write_formula_with_format(
            r,
            6,
            formula(format!("={}-{}-{}", x(2), x(4), x(5)), l.remaining),
            &s.money,
        )?;
        ws.write_formula_with_format(
            r,
            7,
            formula(format!("={}-{}", x(4), x(3)), l.variance),
            &s.money,
        )?;
        let pacing = l
            .pacing
            .map_or(Decimal::ZERO, |p| (p / Decimal::ONE_HUNDRED).round_dp(6));
        ws.write_formula_with_format(
            r,
            8,
            formula(format!("=IF({0}=0,0,{1}/{0})", x(3), x(4)), pacing),
            pct,
        )?;
        ws.write_formula_with_format(
            r,
            10,
            formula(format!("={}-{}", x(9), x(2)), l.run_rate_end - l.budget),
            &s.money,
        )?;
        ws.write_string(r, 11, l.state)?;
        r += 1;
    }
    let sum = |f: fn(&crate::track::LineTrack) -> Decimal| t.lines.iter().map(f).sum::<Decimal>();
    ws.write_string_with_format(r, 0, "Total", &s.total)?;
    ws.write_blank(r, 1, &s.total)?;
    let totals = [
        (2, sum(|l| l.budget)),
        (3, sum(|l| l.planned_to_date)),
        (4, sum(|l| l.actual)),
        (5, sum(|l| l.committed)),
        (6, sum(|l| l.remaining)),
        (7, sum(|l| l.variance)),
        (9, sum(|l| l.run_rate_end)),
        (10, sum(|l| l.run_rate_end - l.budget)),
    ];
    for (c, v) in totals {
        let f = if r == 1 {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", cell(1, c), cell(r - 1, c))
        };
        ws.write_formula_with_format(r, c, formula(f, v), &s.total_money)?;
    }
    let (planned, actual) = (sum(|l| l.planned_to_date), sum(|l| l.actual));
    let total_pacing = crate::figures::percent(actual, planned)
        .map_or(Decimal::ZERO, |p| (p / Decimal::ONE_HUNDRED).round_dp(6));
    ws.write_formula_with_format(
        r,
        8,
        formula(
            format!("=IF({0}=0,0,{1}/{0})", cell(r, 3), cell(r, 4)),
            total_pacing,
        ),
        &s.total,
    )?;
    ws.write_string_with_format(
        r + 2,
        0,
        format!(
            "As of {} ({}% of the plan period); newest actuals {}. Plan to date follows each line's phasing, days pro rata.",
            t.as_of,
            t.elapsed,
            t.latest.map_or("none".to_string(), |d| d.to_string())
        ),
        &s.note,
    )?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 40)?;
    for c in 2..=10 {
        ws.set_column_width(c, 14)?;
    }

    // Monthly: plan and actual for each line, the variance as formulas.
    let months = months(plan);
    let elapsed: Vec<NaiveDate> = months.iter().copied().filter(|m| *m <= t.as_of).collect();
    let mut mws = Worksheet::new();
    mws.set_name("Monthly")?;
    month_header(&mut mws, &s, &["id", "row"], &elapsed)?;
    let rows = rows(plan);
    let mut by: std::collections::HashMap<(&str, NaiveDate), Decimal> =
        std::collections::HashMap::new();
    for a in &actuals.spend {
        *by.entry((a.item.as_str(), a.month)).or_default() += a.actual;
    }
    let n = elapsed.len() as u16;
    let mut r = 1u32;
    for row in rows
        .iter()
        .filter(|x| x.kind == "channel" || x.kind == "budget line")
    {
        let plan_m = monthly(plan, row, &months);
        let actual_m: Vec<Decimal> = elapsed
            .iter()
            .map(|m| by.get(&(row.id, *m)).copied().unwrap_or_default())
            .collect();
        for (k, label) in ["plan", "actual", "variance"].iter().enumerate() {
            let rr = r + k as u32;
            mws.write_string(rr, 0, row.id)?;
            mws.write_string(rr, 1, *label)?;
            for mi in 0..elapsed.len() {
                let c = 2 + mi as u16;
                match k {
                    0 => mws.write_number_with_format(rr, c, f64_of(plan_m[mi]), &s.money)?,
                    1 => mws.write_number_with_format(rr, c, f64_of(actual_m[mi]), &s.money)?,
                    _ => mws.write_formula_with_format(
                        rr,
                        c,
                        formula(
                            format!("={}-{}", cell(r + 1, c), cell(r, c)),
                            actual_m[mi] - plan_m[mi],
                        ),
                        &s.money,
                    )?,
                };
            }
            let total: Decimal = match k {
                0 => plan_m[..elapsed.len()].iter().sum(),
                1 => actual_m.iter().sum(),
                _ => {
                    actual_m.iter().sum::<Decimal>()
                        - plan_m[..elapsed.len()].iter().sum::<Decimal>()
                }
            };
            let f = if n == 0 {
                "=0".to_string()
            } else {
                format!("=SUM({}:{})", cell(rr, 2), cell(rr, 1 + n))
            };
            mws.write_formula_with_format(rr, 2 + n, formula(f, total), &s.money)?;
        }
        r += 3;
    }
    mws.set_column_width(0, 22)?;
    mws.set_freeze_panes(1, 2)?;

    // Results against pace.
    let mut rws = Worksheet::new();
    rws.set_name("Results")?;
    header(
        &mut rws,
        &s,
        &[
            "id",
            "kind",
            "name",
            "unit",
            "baseline",
            "target",
            "latest",
            "measured on",
            "pace then",
            "re-forecast",
            "behind pace",
            "reading",
        ],
    )?;
    for (i, o) in t.objectives.iter().enumerate() {
        let r = i as u32 + 1;
        rws.write_string(r, 0, &o.id)?;
        rws.write_string(r, 1, o.kind)?;
        rws.write_string(r, 2, &o.name)?;
        rws.write_string(r, 3, o.unit.as_deref().unwrap_or(""))?;
        for (c, v) in [
            (4, o.baseline),
            (5, o.target),
            (6, o.latest),
            (8, o.pace_at_reading),
            (9, o.reforecast),
        ] {
            if let Some(v) = v {
                rws.write_number(r, c, f64_of(v))?;
            }
        }
        if let Some(d) = o.latest_date {
            rws.write_string(r, 7, d.to_string())?;
        }
        rws.write_boolean(r, 10, o.behind)?;
        rws.write_string(
            r,
            11,
            match o.reading {
                crate::plan::Reading::Level => "level",
                crate::plan::Reading::PeriodTotal => "period total",
            },
        )?;
    }
    rws.set_column_width(0, 22)?;
    rws.set_column_width(2, 50)?;

    // Notes: the rows finance described, their text as text (a note
    // starting with `=` is never a formula).
    let mut nws = Worksheet::new();
    nws.set_name("Notes")?;
    header(
        &mut nws,
        &s,
        &["kind", "item", "period", "committed", "actual", "note"],
    )?;
    let mut noted: Vec<NotedRow<'_>> = actuals
        .spend
        .iter()
        .filter(|a| !a.note.is_empty())
        .map(|a| {
            (
                "spend",
                a.item.as_str(),
                a.month.format("%Y-%m").to_string(),
                Some(a.committed),
                a.actual,
                a.note.as_str(),
            )
        })
        .chain(
            actuals
                .results
                .iter()
                .filter(|a| !a.note.is_empty())
                .map(|a| {
                    (
                        "result",
                        a.objective.as_str(),
                        a.date.to_string(),
                        None,
                        a.value,
                        a.note.as_str(),
                    )
                }),
        )
        .collect();
    noted.sort_by(|a, b| (a.1, &a.2, a.0).cmp(&(b.1, &b.2, b.0)));
    for (r, (kind, item, period, committed, actual, note)) in (1u32..).zip(noted) {
        nws.write_string(r, 0, kind)?;
        nws.write_string(r, 1, item)?;
        nws.write_string(r, 2, period)?;
        if let Some(c) = committed {
            nws.write_number_with_format(r, 3, f64_of(c), &s.money)?;
        }
        nws.write_number(r, 4, f64_of(actual))?;
        nws.write_string(r, 5, note)?;
    }
    nws.set_column_width(1, 22)?;
    nws.set_column_width(5, 60)?;

    book.push_worksheet(ws);
    book.push_worksheet(mws);
    book.push_worksheet(rws);
    book.push_worksheet(nws);
    Ok(book.save_to_buffer()?)
}
