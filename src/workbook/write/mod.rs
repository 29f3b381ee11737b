//! The plan workbook: a sheet per section made from the layout, filled
//! from a plan or left blank for a unit planner, with the format's
//! documentation as header notes, drop-down lists from the format and the
//! policy, number formats for money and dates, totals as formulas and an
//! instructions sheet.

mod instructions;
mod items;
mod values;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

use super::layout::{self, Column, Sheet, SheetKind};
use super::tree::V;
use crate::export::ExportError;
use crate::policy::Policy;
use crate::schema::Kind;
use instructions::instructions;
use items::{items_sheet, rows_of, totals};
pub use values::quoted;
use values::{cell, validation};

/// Rows a blank sheet's drop-downs and formats reach (a sheet with more
/// items gets them to its last row).
const ROWS: u32 = 500;

/// Excel refuses a drop-down list literal longer than this.
const MAX_LIST_CHARS: usize = 255;

struct Formats {
    header: Format,
    required: Format,
    money: Format,
    date: Format,
    wrap: Format,
    title: Format,
}

fn formats() -> Formats {
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDE4EE)
        .set_border_bottom(FormatBorder::Thin);
    Formats {
        required: header.clone().set_background_color(0xF6D8A8),
        header,
        money: Format::new().set_num_format("#,##0"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
    }
}

/// Writes the plan workbook: `plan` (its TOML text) pre-filled, or blank
/// from `policy` when there is no plan.
pub fn workbook(
    plan: Option<&str>,
    policy: Option<&Policy>,
    source_date_epoch: Option<i64>,
) -> Result<Vec<u8>, ExportError> {
    let root = plan
        .and_then(super::tree::parse)
        .unwrap_or(V::Tab(Vec::new()));
    let width = |path: &[&'static str], key: &'static str| {
        let longest = root
            .items(path)
            .iter()
            .filter_map(|item| match item.get(key) {
                Some(V::Arr(a)) => Some(a.len()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        // A bound against a plan with an absurd list (the loader bounds
        // phasing by the period; this keeps a sheet usable either way).
        longest.max(layout::default_width(key)).min(240)
    };
    let sheets = layout::layout(&width);
    let f = formats();
    let mut book = Workbook::new();
    book.set_properties(&properties(&root, source_date_epoch));

    instructions(book.add_worksheet(), &sheets, policy, plan.is_some(), &f)?;
    // Items of each sheet, kept for the sheets inside them.
    let mut items: Vec<Vec<&V>> = Vec::with_capacity(sheets.len());
    let mut sums: Vec<(String, String, Decimal)> = Vec::new();
    let mut plan_rows: Vec<(String, u32)> = Vec::new();
    for sheet in &sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        match sheet.kind {
            SheetKind::Fields => {
                plan_rows = fields_sheet(ws, sheet, &root, policy, &f)?;
                items.push(Vec::new());
            }
            SheetKind::Items | SheetKind::Pairs => {
                let rows = rows_of(sheet, &root, &items);
                let mine = items_sheet(ws, sheet, &sheets, &rows, policy, &f, &mut sums)?;
                items.push(mine);
            }
        }
    }
    totals(book.add_worksheet(), &plan_rows, &root, &sums, &f)?;
    Ok(book.save_to_buffer()?)
}

fn properties(root: &V, source_date_epoch: Option<i64>) -> DocProperties {
    let when = crate::export::document_date(source_date_epoch);
    let text = |k: &str| root.at(&["plan", k]).and_then(V::as_str).unwrap_or("");
    let mut p = DocProperties::new()
        .set_title(if text("title").is_empty() {
            "Marketing plan"
        } else {
            text("title")
        })
        .set_author(text("owner"))
        .set_company(text("organisation"))
        .set_comment(format!(
            "Written by mvplan {}: a plan workbook; fill it in, then `mvplan check` or `mvplan import` it.",
            env!("CARGO_PKG_VERSION")
        ));
    if let Some(w) = when {
        p = p.set_creation_datetime(&w);
    }
    p
}

/// A header cell with the field's documentation as its note.
fn header(
    ws: &mut Worksheet,
    col: u16,
    text: &str,
    note: &str,
    required: bool,
    f: &Formats,
) -> Result<(), ExportError> {
    let format = if required { &f.required } else { &f.header };
    ws.write_string_with_format(0, col, text, format)?;
    if !note.is_empty() {
        ws.insert_note(
            0,
            col,
            &Note::new(note)
                .set_author("mvplan")
                .add_author_prefix(false)
                .set_width(320)
                .set_height(120),
        )?;
    }
    Ok(())
}

/// What a header's note says: the documentation, the kind of value, and
/// whether the field is required (by the format or by the policy).
fn column_note(doc: &str, kind: &Kind, required: bool) -> String {
    let what = match kind {
        Kind::Text => "Text.",
        Kind::Id => "A short id (a-z, 0-9, -, _), unique in the plan.",
        Kind::Ref => "The id of another item.",
        Kind::Refs => "Ids of other items, separated by commas.",
        Kind::Texts => "Text; several on separate lines (Alt+Enter).",
        Kind::Date => "A date.",
        Kind::Currency => "An ISO 4217 code (EUR, USD).",
        Kind::Number => "A number.",
        Kind::Amount => "An amount in the plan's currency.",
        Kind::Amounts => "An amount in the plan's currency.",
        Kind::Percent => "A percentage, 0 to 100.",
        Kind::Whole(_) => "A whole number.",
        Kind::Bool => "TRUE or FALSE.",
        Kind::Choice(_) => "One of the drop-down's values.",
        Kind::Names(_) | Kind::RuleIds => {
            "One or several of the listed names, separated by commas."
        }
        _ => "",
    };
    let mut out = doc.to_string();
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(what);
    if let Kind::Names(options) = kind {
        out.push_str(&format!(" ({})", options.join(", ")));
    }
    if required {
        out.push_str(" Required.");
    }
    out
}

fn policy_requires(policy: Option<&Policy>, sheet: &Sheet, col: &Column) -> bool {
    let Some(p) = policy else { return false };
    let name = format!("{}.{}", sheet.path.join("."), col.path.join("."));
    p.require_fields.iter().any(|r| r.value == name)
}

/// `field | value | about`, one row per field of the plan's single tables.
fn fields_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    root: &V,
    policy: Option<&Policy>,
    f: &Formats,
) -> Result<Vec<(String, u32)>, ExportError> {
    header(
        ws,
        0,
        "field",
        "The field, as named in docs/plan-format.md. Don't change this column.",
        false,
        f,
    )?;
    header(ws, 1, "value", "Fill in the values here.", false, f)?;
    header(ws, 2, "about", "What the field means.", false, f)?;
    let mut rows = Vec::new();
    for (i, col) in sheet.columns.iter().enumerate() {
        let r = i as u32 + 1;
        let format = if col.required { &f.required } else { &f.header };
        ws.write_string_with_format(r, 0, &col.header, format)?;
        ws.write_string_with_format(r, 2, column_note(col.doc, &col.kind, col.required), &f.wrap)?;
        let mut value = root.at(&col.path);
        // A blank template starts in the policy's currency.
        let fallback;
        if value.is_none()
            && col.header == "plan.currency"
            && let Some(c) = policy.and_then(|p| p.currency.as_ref())
        {
            fallback = V::Str(c.value.clone());
            value = Some(&fallback);
        }
        if let Some(v) = value {
            cell(ws, r, 1, v, col, f)?;
        } else {
            blank_format(ws, r, 1, &col.kind, f)?;
        }
        if let Some(dv) = validation(sheet, col, policy) {
            ws.add_data_validation(r, 1, r, 1, &dv)?;
        }
        rows.push((col.header.clone(), r));
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 80)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(rows)
}

fn blank_format(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    kind: &Kind,
    f: &Formats,
) -> Result<(), ExportError> {
    match kind {
        Kind::Amount | Kind::Amounts => ws.write_blank(r, c, &f.money)?,
        Kind::Date => ws.write_blank(r, c, &f.date)?,
        _ => ws,
    };
    Ok(())
}
