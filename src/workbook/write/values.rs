//! One value into its cell, in the number format of its kind; and the
//! drop-down lists that keep a column's values to the format's choices or
//! the ids of another sheet.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Formula, Worksheet,
};

use super::{Formats, MAX_LIST_CHARS, ROWS};
use crate::export::ExportError;
use crate::policy::Policy;
use crate::schema::Kind;
use crate::workbook::layout::{self, Column, Sheet};
use crate::workbook::tree::V;

/// A sheet name as a formula names it.
pub fn quoted(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

pub(super) fn ids_list(
    sheet: &str,
    style: DataValidationErrorStyle,
) -> Result<DataValidation, ExportError> {
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
pub(super) fn validation(
    sheet: &Sheet,
    col: &Column,
    policy: Option<&Policy>,
) -> Option<DataValidation> {
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
pub(super) fn number(v: &V) -> Option<Decimal> {
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
pub(super) fn exact_f64(d: Decimal) -> Option<f64> {
    let x: f64 = d.try_into().ok()?;
    let back = crate::plan::money::parse_decimal(&format!("{x}")).ok()?;
    (back.normalize() == d.normalize()).then_some(x)
}

/// Writes one value in the form its field has.
pub(super) fn cell(
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
