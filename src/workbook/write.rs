//! The plan workbook: a sheet per section made from the layout, filled
//! from a plan or left blank for a unit planner, with the format's
//! documentation as header notes, drop-down lists from the format and the
//! policy, number formats for money and dates, totals as formulas and an
//! instructions sheet.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
};

use super::layout::{self, Column, Sheet, SheetKind};
use super::tree::V;
use crate::export::ExportError;
use crate::policy::Policy;
use crate::schema::Kind;

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

/// One row of an item or pairs sheet: the owner's id, the key, the item.
struct Row<'a> {
    owner: Option<&'a str>,
    key: Option<&'a str>,
    value: &'a V,
}

fn rows_of<'a>(sheet: &Sheet, root: &'a V, items: &[Vec<&'a V>]) -> Vec<Row<'a>> {
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

#[allow(clippy::too_many_arguments)]
fn items_sheet<'a>(
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
fn spend(sheet: &Sheet, col: &Column) -> bool {
    let fields: &[&str] = match sheet.path.join(".").as_str() {
        "channels" => &["budget", "quarterly", "monthly"],
        "budget.lines" => &["amount", "quarterly", "monthly"],
        "team" => &["cost"],
        "agencies" => &["fee"],
        _ => &[],
    };
    col.path.len() == 1 && fields.contains(&col.path[0])
}

/// A sheet name as a formula names it.
pub fn quoted(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

fn ids_list(sheet: &str, style: DataValidationErrorStyle) -> Result<DataValidation, ExportError> {
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "{}!$A$2:$A${}",
            quoted(sheet),
            ROWS * 4
        )))
        .set_error_style(style)
        .set_error_title("Not an id of the plan")?
        .set_error_message(format!(
            "Pick an id from the `{sheet}` sheet's first column."
        ))?;
    Ok(dv)
}

/// The drop-down (or number rule) of a column, if it has one.
fn validation(sheet: &Sheet, col: &Column, policy: Option<&Policy>) -> Option<DataValidation> {
    let list = |options: &[&str], style| -> Option<DataValidation> {
        let text: usize = options.iter().map(|o| o.len() + 1).sum();
        if options.is_empty() || text > MAX_LIST_CHARS {
            return None;
        }
        DataValidation::new()
            .allow_list_strings(options)
            .ok()
            .map(|d| d.set_error_style(style))
    };
    if col.header == "category"
        && sheet.path == ["channels"]
        && let Some(p) = policy.filter(|p| !p.categories.is_empty())
    {
        let names: Vec<&str> = p.categories.iter().map(|c| c.value.as_str()).collect();
        return list(&names, DataValidationErrorStyle::Stop);
    }
    match &col.kind {
        Kind::Choice(options) => list(options, DataValidationErrorStyle::Stop),
        Kind::Bool => list(&["TRUE", "FALSE"], DataValidationErrorStyle::Stop),
        Kind::Amount | Kind::Amounts => Some(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_style(DataValidationErrorStyle::Warning),
        ),
        Kind::Ref | Kind::Refs => {
            let target = layout::target(&sheet.path, &col.header)?;
            let style = if matches!(col.kind, Kind::Ref) {
                DataValidationErrorStyle::Warning
            } else {
                // A list of ids ("a, b") is not one of the drop-down's values.
                DataValidationErrorStyle::Information
            };
            ids_list(&layout::sheet_name(target), style).ok()
        }
        _ => None,
    }
}

/// An exact decimal of a number or amount value, if it has one.
fn number(v: &V) -> Option<Decimal> {
    match v {
        V::Num(n) => crate::plan::money::parse_decimal(n).ok(),
        V::Str(s) => crate::plan::money::parse_amount(s)
            .ok()
            .filter(|a| a.currency.is_none())
            .map(|a| a.value),
        _ => None,
    }
}

/// The double that holds `d` exactly enough to read back as `d`, if any.
fn exact_f64(d: Decimal) -> Option<f64> {
    let x: f64 = d.try_into().ok()?;
    let back = crate::plan::money::parse_decimal(&format!("{x}")).ok()?;
    (back.normalize() == d.normalize()).then_some(x)
}

/// Writes one value in the form its field has.
fn cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &V,
    col: &Column,
    f: &Formats,
) -> Result<(), ExportError> {
    let numeric = matches!(
        col.kind,
        Kind::Amount | Kind::Amounts | Kind::Number | Kind::Percent | Kind::Whole(_)
    );
    let money = matches!(col.kind, Kind::Amount | Kind::Amounts);
    match v {
        V::Num(_) | V::Str(_) if numeric => match number(v).and_then(exact_f64) {
            Some(x) if money => ws.write_number_with_format(r, c, x, &f.money)?,
            Some(x) => ws.write_number(r, c, x)?,
            // Not a plain number (a currency, too many digits): as written.
            None => match v {
                V::Num(n) => ws.write_string(r, c, n)?,
                V::Str(s) => ws.write_string(r, c, s)?,
                _ => ws,
            },
        },
        V::Date(d) | V::Str(d) if matches!(col.kind, Kind::Date) => {
            match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .and_then(|d| {
                    use chrono::Datelike;
                    ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).ok()?,
                        d.month() as u8,
                        d.day() as u8,
                    )
                    .ok()
                }) {
                Some(x) => ws.write_date_with_format(r, c, &x, &f.date)?,
                None => ws.write_string(r, c, d)?,
            }
        }
        V::Str(s) => ws.write_string(r, c, s)?,
        V::Num(n) => ws.write_string(r, c, n)?,
        V::Date(d) => ws.write_string(r, c, d)?,
        V::Bool(b) => ws.write_boolean(r, c, *b)?,
        V::Arr(a) => {
            let sep = if matches!(col.kind, Kind::Texts) {
                "\n"
            } else {
                ", "
            };
            let parts: Vec<String> = a
                .iter()
                .map(|v| match v {
                    V::Str(s) | V::Num(s) | V::Date(s) => s.clone(),
                    V::Bool(b) => b.to_string(),
                    _ => String::new(),
                })
                .collect();
            ws.write_string_with_format(r, c, parts.join(sep), &f.wrap)?
        }
        V::Tab(_) => ws,
    };
    Ok(())
}

/// Totals of the spend columns as formulas over the sheets (their cached
/// values are the plan's own sums, for readers that don't recalculate).
fn totals(
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

/// The Instructions sheet: how to fill the workbook in, what each sheet
/// holds, and what the policy asks of every plan.
fn instructions(
    ws: &mut Worksheet,
    sheets: &[Sheet],
    policy: Option<&Policy>,
    filled: bool,
    f: &Formats,
) -> Result<(), ExportError> {
    ws.set_name(layout::INSTRUCTIONS)?;
    let mut lines: Vec<(String, String)> = vec![
        ("Marketing plan workbook".into(), String::new()),
        (
            if filled {
                "This workbook holds a whole marketing plan, one sheet per section.".into()
            } else {
                "Fill in your unit's marketing plan: one sheet per section, one row per item.".into()
            },
            String::new(),
        ),
        (String::new(), String::new()),
        ("How to fill it in".into(), String::new()),
        ("• One row per item; the first column of a sheet is the item's id (a-z, 0-9, -, _).".into(), String::new()),
        ("• Hover a column header for what the field means. Orange headers are required.".into(), String::new()),
        ("• Several ids in one cell are separated by commas; several texts by line breaks (Alt+Enter).".into(), String::new()),
        ("• Amounts are numbers in the plan's currency; dates are dates (YYYY-MM-DD).".into(), String::new()),
        ("• Phasing: quarterly.1 … quarterly.4 are the quarters of the period; add monthly.1 … columns to phase by month instead.".into(), String::new()),
        ("• Don't rename sheets or headers, or merge cells: mvplan reads them by name.".into(), String::new()),
        ("• The Totals sheet and this one are not read back.".into(), String::new()),
        (String::new(), String::new()),
        ("Check it: mvplan check plan.xlsx — every finding names its sheet and cell.".into(), String::new()),
        ("Turn it into a TOML plan: mvplan import plan.xlsx -o plan.toml".into(), String::new()),
        (String::new(), String::new()),
        ("Sheets".into(), String::new()),
    ];
    for s in sheets {
        lines.push((s.name.clone(), s.doc.to_string()));
    }
    if let Some(p) = policy {
        lines.push((String::new(), String::new()));
        lines.push((
            format!(
                "The policy{}",
                p.name.as_ref().map_or(String::new(), |n| format!(" ({n})"))
            ),
            String::new(),
        ));
        if let Some(c) = &p.currency {
            lines.push(("Currency of the roll-up".into(), c.value.clone()));
        }
        let join = |v: &[crate::plan::Located<String>]| {
            v.iter()
                .map(|l| l.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !p.require_sections.is_empty() {
            lines.push((
                "Sections every plan must have".into(),
                join(&p.require_sections),
            ));
        }
        if !p.require_fields.is_empty() {
            lines.push((
                "Fields every item must fill in".into(),
                join(&p.require_fields),
            ));
        }
        if !p.categories.is_empty() {
            lines.push(("Channel categories allowed".into(), join(&p.categories)));
        }
        for (category, kpis) in &p.kpis {
            lines.push((
                format!("KPIs every `{}` channel must have", category.value),
                join(kpis),
            ));
        }
        if let Some(m) = &p.max_channel_share {
            lines.push((
                "Largest share of spend one channel may take".into(),
                format!("{}%", m.value),
            ));
        }
    }
    for (i, (a, b)) in lines.iter().enumerate() {
        let r = i as u32;
        let bold = matches!(
            a.as_str(),
            "Marketing plan workbook" | "How to fill it in" | "Sheets"
        ) || a.starts_with("The policy");
        if bold {
            ws.write_string_with_format(r, 0, a, &f.title)?;
        } else if !a.is_empty() {
            ws.write_string(r, 0, a)?;
        }
        if !b.is_empty() {
            ws.write_string(r, 1, b)?;
        }
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 90)?;
    Ok(())
}
