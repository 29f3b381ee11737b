//! Plan vs actual for finance: the variance workbook.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::actuals::Actuals;
use crate::plan::Plan;
use crate::track::Tracking;

use super::Styles;
use super::{
    ExportError, cell, f64_of, formula, header, month_header, monthly, months, properties, rows,
    styles,
};

/// A row of the Notes sheet: kind, item, period, committed (spend only),
/// actual, note.
type NotedRow<'a> = (&'a str, &'a str, String, Option<Decimal>, Decimal, &'a str);

/// Plan vs actual for finance (`mvplan export --what variance`):
/// `Variance` (a row per channel and line: budget, plan to date, actual,
/// committed; remaining, variance and pacing as formulas; the re-forecast),
/// `Monthly` (plan and actual by month, variance as formulas) and
/// `Results` (objectives and KPIs against the pace their targets need at
/// each reading's date) and `Notes` (the actuals rows' notes, as text).
pub fn variance_workbook(
    plan: &Plan,
    t: &Tracking,
    actuals: &Actuals,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, ExportError> {
    let s = styles();
    let mut book = Workbook::new();
    book.set_properties(&properties(
        plan,
        &format!("{} — plan vs actual at {}", plan.meta.title, t.as_of),
        source_date_epoch,
    ));
    let ws = variance_sheet(t, &s)?;
    let mws = monthly_sheet(plan, t, actuals, &s)?;
    let rws = results_sheet(t, &s)?;
    let nws = notes_sheet(actuals, &s)?;
    book.push_worksheet(ws);
    book.push_worksheet(mws);
    book.push_worksheet(rws);
    book.push_worksheet(nws);
    Ok(book.save_to_buffer()?)
}

/// Variance, line by line: the tracked figures, with remaining, variance
/// and pacing as formulas, and a total row.
fn variance_sheet(t: &Tracking, s: &Styles) -> Result<Worksheet, ExportError> {
    let pct = &s.percent;
    let mut ws = Worksheet::new();
    ws.set_name("Variance")?;
    header(
        &mut ws,
        s,
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
            "As of {} ({}% of the plan period); newest actuals {}{}. Plan to date follows each line's phasing, days pro rata.",
            t.as_of,
            t.elapsed,
            t.latest.map_or("none".to_string(), |d| d.to_string()),
            if t.spend_to < t.as_of {
                format!("; spend measured to {}, where the spend booked ends", t.spend_to)
            } else {
                String::new()
            }
        ),
        &s.note,
    )?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 40)?;
    for c in 2..=10 {
        ws.set_column_width(c, 14)?;
    }
    Ok(ws)
}

/// Monthly: plan and actual for each line, the variance as formulas.
fn monthly_sheet(
    plan: &Plan,
    t: &Tracking,
    actuals: &Actuals,
    s: &Styles,
) -> Result<Worksheet, ExportError> {
    let months = months(plan);
    let elapsed: Vec<NaiveDate> = months
        .iter()
        .copied()
        .filter(|m| *m <= t.spend_to)
        .collect();
    let mut mws = Worksheet::new();
    mws.set_name("Monthly")?;
    month_header(&mut mws, s, &["id", "row"], &elapsed)?;
    let rows = rows(plan);
    let mut by: std::collections::HashMap<(&str, NaiveDate), Decimal> =
        std::collections::HashMap::new();
    for a in &actuals.spend {
        *by.entry((&*a.item, a.month)).or_default() += a.actual;
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
    Ok(mws)
}

/// Results against pace: each objective and KPI at its latest reading.
fn results_sheet(t: &Tracking, s: &Styles) -> Result<Worksheet, ExportError> {
    let mut rws = Worksheet::new();
    rws.set_name("Results")?;
    header(
        &mut rws,
        s,
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
    Ok(rws)
}

/// Notes: the rows finance described, their text as text (a note starting
/// with `=` is never a formula).
fn notes_sheet(actuals: &Actuals, s: &Styles) -> Result<Worksheet, ExportError> {
    let mut nws = Worksheet::new();
    nws.set_name("Notes")?;
    header(
        &mut nws,
        s,
        &["kind", "item", "period", "committed", "actual", "note"],
    )?;
    let mut noted: Vec<NotedRow<'_>> = actuals
        .spend
        .iter()
        .filter(|a| !a.note.is_empty())
        .map(|a| {
            (
                "spend",
                &*a.item,
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
    Ok(nws)
}
