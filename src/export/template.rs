//! The actuals template finance fills in and hands back to `mvplan track`.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::plan::Plan;

use super::{ExportError, header, months, properties, styles};

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
