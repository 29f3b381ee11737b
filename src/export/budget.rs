//! The budget workbook: totals as formulas over the rows of every sheet.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::figures::Figures;
use crate::plan::Plan;

use super::Styles;
use super::{
    ExportError, Row, cell, f64_of, formula, header, month_header, monthly, months, properties,
    rows, styles, work_name,
};

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
    let mut sheets: Vec<Worksheet> = Vec::new();
    // Where each kind's total sits: (sheet, total row, last item row).
    let mut totals: Vec<(&str, u32, u32)> = Vec::new();
    for (sheet, kind) in [
        ("Channels", "channel"),
        ("Lines", "budget line"),
        ("Team", "team"),
        ("Agencies", "agency"),
    ] {
        let (ws, r) = item_sheet(plan, fig, &s, &rows, &months, sheet, kind)?;
        totals.push((sheet, r, r.saturating_sub(1)));
        sheets.push(ws);
    }
    // Monthly first in the data, but written as the last sheet: the other
    // sheets' quarter columns are formulas over its cells.
    let monthly_ws = monthly_sheet(plan, fig, &s, &rows, &months)?;
    book.push_worksheet(summary_sheet(
        plan,
        fig,
        &s,
        &totals,
        rows.len(),
        months.len(),
    )?);
    for ws in sheets {
        book.push_worksheet(ws);
    }
    book.push_worksheet(monthly_ws);
    Ok(book.save_to_buffer()?)
}

/// The Monthly sheet's row of the `i`th budget row.
fn monthly_row(i: usize) -> u32 {
    i as u32 + 1
}

/// The Monthly sheet's first month column.
const FIRST_MONTH_COL: u16 = 4;

/// The sheet of one kind of row (`Channels`…): amount, quarters as formulas
/// over the Monthly sheet, phased and the difference, a total row; and the
/// row its total is on.
fn item_sheet(
    plan: &Plan,
    fig: &Figures,
    s: &Styles,
    rows: &[Row<'_>],
    months: &[NaiveDate],
    sheet: &str,
    kind: &str,
) -> Result<(Worksheet, u32), ExportError> {
    let quarters = &fig.quarters;
    let first_month_col = FIRST_MONTH_COL;
    let mut ws = Worksheet::new();
    ws.set_name(sheet)?;
    let mut names: Vec<String> = vec!["id".into(), "name".into(), "work".into(), "amount".into()];
    names.extend(quarters.iter().map(|q| q.label.clone()));
    names.push("phased".into());
    names.push("amount − phased".into());
    header(
        &mut ws,
        s,
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let mut r = 1u32;
    let mine: Vec<(usize, &Row<'_>)> = rows
        .iter()
        .enumerate()
        .filter(|(_, x)| x.kind == kind)
        .collect();
    for (i, row) in &mine {
        let m = monthly(plan, row, months);
        ws.write_string(r, 0, row.id)?;
        ws.write_string(r, 1, row.name)?;
        ws.write_string(r, 2, work_name(row.work))?;
        ws.write_number_with_format(r, 3, f64_of(row.amount), &s.money)?;
        // Each quarter: the sum of its months on the Monthly sheet.
        for (qi, q) in quarters.iter().enumerate() {
            let (a, b) = month_span(months, q.start, q.end);
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
            let (a, b) = month_span(months, q.start, q.end);
            mine.iter()
                .map(|(_, x)| monthly(plan, x, months)[a..=b].iter().sum::<Decimal>())
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
    Ok((ws, r))
}

/// Monthly: every row, every month, with its total.
fn monthly_sheet(
    plan: &Plan,
    fig: &Figures,
    s: &Styles,
    rows: &[Row<'_>],
    months: &[NaiveDate],
) -> Result<Worksheet, ExportError> {
    let first_month_col = FIRST_MONTH_COL;
    let n_months = months.len() as u16;
    let mut monthly_ws = Worksheet::new();
    monthly_ws.set_name("Monthly")?;
    month_header(&mut monthly_ws, s, &["id", "name", "kind", "work"], months)?;
    let mut month_totals = vec![Decimal::ZERO; months.len()];
    for (i, row) in rows.iter().enumerate() {
        let r = monthly_row(i);
        monthly_ws.write_string(r, 0, row.id)?;
        monthly_ws.write_string(r, 1, row.name)?;
        monthly_ws.write_string(r, 2, row.kind)?;
        monthly_ws.write_string(r, 3, work_name(row.work))?;
        for (mi, v) in monthly(plan, row, months).into_iter().enumerate() {
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
    Ok(monthly_ws)
}

/// Summary: the plan's totals as formulas over the sheets.
fn summary_sheet(
    plan: &Plan,
    fig: &Figures,
    s: &Styles,
    totals: &[(&str, u32, u32)],
    rows: usize,
    n_months: usize,
) -> Result<Worksheet, ExportError> {
    let mut summary = Worksheet::new();
    summary.set_name("Summary")?;
    let last = rows as u32;
    let n_months = n_months as u16;
    let first_month_col = FIRST_MONTH_COL;
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
    Ok(summary)
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
