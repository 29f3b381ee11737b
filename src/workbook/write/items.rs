//! An item sheet (goals, channels, budget lines…): one row per item, with
//! the totals of its money columns as formulas.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidationErrorStyle, Formula, Worksheet};

use super::values::{cell, ids_list, number, quoted, validation};
use super::{Formats, ROWS, column_note, header, policy_requires};
use crate::export::ExportError;
use crate::policy::Policy;
use crate::schema::Kind;
use crate::workbook::layout::{self, Column, Sheet, SheetKind};
use crate::workbook::tree::V;

/// One row of an item or pairs sheet: the owner's id, the key, the item.
pub(super) struct Row<'a> {
    owner: Option<&'a str>,
    key: Option<&'a str>,
    value: &'a V,
}

pub(super) fn rows_of<'a>(sheet: &Sheet, root: &'a V, items: &[Vec<&'a V>]) -> Vec<Row<'a>> {
    let Some((parent, _)) = &sheet.parent else {
        return root
            .items(&sheet.path)
            .into_iter()
            .map(|value| Row {
                owner: None,
                key: None,
                value,
            })
            .collect();
    };
    let mut out = Vec::new();
    for owner in items.get(*parent).map(Vec::as_slice).unwrap_or_default() {
        let id = owner.get("id").and_then(V::as_str);
        match sheet.kind {
            SheetKind::Pairs => {
                if let Some(V::Tab(pairs)) = owner.at(&sheet.inner) {
                    out.extend(pairs.iter().map(|(k, v)| Row {
                        owner: id,
                        key: Some(k.as_str()),
                        value: v,
                    }));
                }
            }
            _ => out.extend(owner.items(&sheet.inner).into_iter().map(|value| Row {
                owner: id,
                key: None,
                value,
            })),
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn items_sheet<'a>(
    ws: &mut Worksheet,
    sheet: &Sheet,
    sheets: &[Sheet],
    rows: &[Row<'a>],
    policy: Option<&Policy>,
    f: &Formats,
    sums: &mut Vec<(String, String, Decimal)>,
) -> Result<Vec<&'a V>, ExportError> {
    let last = (rows.len() as u32).max(ROWS);
    let offset = sheet.offset() as u16;
    let mut c = 0u16;
    if let Some((parent, h)) = &sheet.parent {
        let owner = &sheets[*parent];
        header(
            ws,
            c,
            h,
            &format!(
                "The id of the {h} (sheet {}) this row belongs to. Required.",
                owner.name
            ),
            true,
            f,
        )?;
        ws.add_data_validation(
            1,
            c,
            last,
            c,
            &ids_list(&owner.name, DataValidationErrorStyle::Stop)?,
        )?;
        c += 1;
    }
    if sheet.kind == SheetKind::Pairs {
        header(
            ws,
            c,
            sheet.key_header,
            &format!("The {} the number is for.", sheet.key_header),
            true,
            f,
        )?;
        if sheet.key_header == "objective" {
            ws.add_data_validation(
                1,
                c,
                last,
                c,
                &ids_list("Objectives", DataValidationErrorStyle::Warning)?,
            )?;
        }
        c += 1;
    }
    for (i, col) in sheet.columns.iter().enumerate() {
        let at = offset + i as u16;
        let required = col.required || policy_requires(policy, sheet, col);
        header(
            ws,
            at,
            &col.header,
            &column_note(col.doc, &col.kind, required),
            required,
            f,
        )?;
        match col.kind {
            Kind::Amount | Kind::Amounts => {
                ws.set_column_format(at, &f.money)?;
            }
            Kind::Date => {
                ws.set_column_format(at, &f.date)?;
            }
            _ => {}
        }
        if let Some(dv) = validation(sheet, col, policy) {
            ws.add_data_validation(1, at, last, at, &dv)?;
        }
        let width = match col.kind {
            Kind::Id | Kind::Ref | Kind::Refs => 18,
            Kind::Text | Kind::Texts => 36,
            Kind::Amount | Kind::Amounts => 13,
            _ => (col.header.len() as u16 + 3).clamp(10, 24),
        };
        ws.set_column_width(at, width)?;
    }
    let _ = c;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        if let Some(o) = row.owner {
            ws.write_string(r, 0, o)?;
        }
        match sheet.kind {
            SheetKind::Pairs => {
                if let Some(k) = row.key {
                    ws.write_string(r, 1, k)?;
                }
                cell(ws, r, 2, row.value, &sheet.columns[0], f)?;
            }
            _ => {
                for (j, col) in sheet.columns.iter().enumerate() {
                    let v = match row.value.at(&col.path) {
                        Some(V::Arr(a)) if col.index.is_some() => col.index.and_then(|i| a.get(i)),
                        Some(V::Arr(_)) if matches!(col.kind, Kind::Amounts) => None,
                        v => v,
                    };
                    if let Some(v) = v {
                        cell(ws, r, offset + j as u16, v, col, f)?;
                    }
                }
                out.push(row.value);
            }
        }
    }
    // Spend columns get a total on the Totals sheet.
    if sheet.parent.is_none() {
        for (j, col) in sheet.columns.iter().enumerate() {
            if !spend(sheet, col) {
                continue;
            }
            let total = rows
                .iter()
                .filter_map(|row| match row.value.at(&col.path) {
                    Some(V::Arr(a)) => col.index.and_then(|i| a.get(i)),
                    v => v,
                })
                .filter_map(number)
                .sum();
            sums.push((
                format!("{} {}", sheet.name, col.header),
                format!(
                    "SUM({}!{c}:{c})",
                    quoted(&sheet.name),
                    c = crate::actuals::column_name(u32::from(offset) + j as u32)
                ),
                total,
            ));
        }
    }
    ws.set_freeze_panes(1, offset)?;
    // Printed (or made a PDF of), a sheet is as wide as the page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(out)
}

/// Columns of money spent over the period, totalled on the Totals sheet.
pub(super) fn spend(sheet: &Sheet, col: &Column) -> bool {
    let fields: &[&str] = match sheet.path.join(".").as_str() {
        "channels" => &["budget", "quarterly", "monthly"],
        "budget.lines" => &["amount", "quarterly", "monthly"],
        "team" => &["cost"],
        "agencies" => &["fee"],
        _ => &[],
    };
    col.path.len() == 1 && fields.contains(&col.path[0])
}

/// Totals of the spend columns as formulas over the sheets (their cached
/// values are the plan's own sums, for readers that don't recalculate).
pub(super) fn totals(
    ws: &mut Worksheet,
    plan_rows: &[(String, u32)],
    root: &V,
    sums: &[(String, String, Decimal)],
    f: &Formats,
) -> Result<(), ExportError> {
    ws.set_name(layout::TOTALS)?;
    header(
        ws,
        0,
        "total",
        "Totals as formulas over the other sheets; this sheet is not read back.",
        false,
        f,
    )?;
    header(ws, 1, "amount", "", false, f)?;
    let mut r = 1u32;
    for key in ["budget.total", "budget.contingency"] {
        if let Some((_, row)) = plan_rows.iter().find(|(h, _)| h == key) {
            let value = root
                .at(&key.split('.').collect::<Vec<_>>())
                .and_then(number)
                .unwrap_or_default();
            ws.write_string(r, 0, format!("Plan {key}"))?;
            ws.write_formula_with_format(
                r,
                1,
                Formula::new(format!("Plan!B{}", row + 1))
                    .set_result(value.normalize().to_string()),
                &f.money,
            )?;
            r += 1;
        }
    }
    let mut spend_rows = Vec::new();
    for (name, formula, value) in sums {
        ws.write_string(r, 0, name)?;
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(formula.clone()).set_result(value.normalize().to_string()),
            &f.money,
        )?;
        if name.ends_with(" budget") || name.ends_with(" amount") {
            spend_rows.push((r, *value));
        }
        r += 1;
    }
    if !spend_rows.is_empty() {
        let cells: Vec<String> = spend_rows
            .iter()
            .map(|(row, _)| format!("B{}", row + 1))
            .collect();
        let value: Decimal = spend_rows.iter().map(|(_, v)| *v).sum();
        ws.write_string_with_format(r, 0, "Channels and budget lines", &f.title)?;
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(cells.join("+")).set_result(value.normalize().to_string()),
            &f.money,
        )?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 16)?;
    Ok(())
}
