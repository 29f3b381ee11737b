//! A cell's value → the TOML value of its column's kind.

use super::{Scalar, Val};
use crate::schema::Kind;
use crate::workbook::read::Value;

/// A cell's value as the scalar of a field of `kind`. Text stays text for
/// the loader to judge; numbers and dates are typed.
pub(super) fn scalar(v: &Value, kind: &Kind) -> Scalar {
    let numeric = matches!(
        kind,
        Kind::Amount
            | Kind::Amounts
            | Kind::Number
            | Kind::Percent
            | Kind::Whole(_)
            | Kind::IdNumbers
    );
    match v {
        Value::Number(x) if numeric => number(*x),
        Value::Number(x) => Scalar::Str(number_text(*x)),
        Value::Text(s) if matches!(kind, Kind::Bool) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" => Scalar::Bool(true),
            "false" | "no" => Scalar::Bool(false),
            _ => Scalar::Str(s.clone()),
        },
        Value::Text(s) if matches!(kind, Kind::Date) => {
            match chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
                Ok(d) => Scalar::Date(d),
                Err(_) => Scalar::Str(s.clone()),
            }
        }
        Value::Text(s) if numeric => Scalar::Str(s.trim().to_string()),
        Value::Text(s) => Scalar::Str(s.clone()),
        Value::Bool(b) if matches!(kind, Kind::Bool) => Scalar::Bool(*b),
        Value::Bool(b) => Scalar::Str(if *b { "TRUE" } else { "FALSE" }.into()),
        Value::Date(d) if matches!(kind, Kind::Date) => Scalar::Date(*d),
        Value::Date(d) => Scalar::Str(d.to_string()),
        Value::DateTime(s) | Value::Error(s) => Scalar::Str(s.clone()),
        Value::Formula(f) => Scalar::Str(format!("={f}")),
    }
}

/// A double's shortest text, which reads back as the same double.
pub(super) fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub(super) fn number(x: f64) -> Scalar {
    let text = number_text(x);
    // TOML integers stop at 2^63 and mvplan reads numbers as plain digits:
    // anything else goes as text, for the loader to judge ("implausibly large").
    if x.is_finite() && x.abs() < 1e15 {
        Scalar::Num(text)
    } else {
        Scalar::Str(text)
    }
}

/// Splits a cell holding a list: ids by commas, semicolons or lines;
/// texts by lines.
pub(super) fn list(v: &Value, kind: &Kind) -> Option<Vec<String>> {
    let Value::Text(s) = v else { return None };
    let parts: Vec<String> = if matches!(kind, Kind::Texts) {
        s.lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    } else {
        s.split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    (parts.len() > 1).then_some(parts)
}

/// A cell's value for a field, as a whole TOML value.
pub(super) fn field_value(v: &Value, kind: &Kind, cell: &str) -> Val {
    if matches!(
        kind,
        Kind::Refs | Kind::Texts | Kind::Names(_) | Kind::RuleIds
    ) && let Some(parts) = list(v, kind)
    {
        return Val::List(
            parts
                .into_iter()
                .map(|p| (Scalar::Str(p), cell.to_string()))
                .collect(),
        );
    }
    if matches!(kind, Kind::Amounts) {
        return Val::List(vec![(scalar(v, kind), cell.to_string())]);
    }
    Val::One(scalar(v, kind), cell.to_string())
}
