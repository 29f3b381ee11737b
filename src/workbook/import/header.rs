//! Finding a sheet's header row and what each header names; the plan
//! sheet's fields, one per row.

use std::collections::HashMap;

use super::cells::field_value;
use super::{HEADER_SEARCH_ROWS, Role, Table, bad};
use crate::diagnostic::{Finding, did_you_mean};
use crate::plan::rules;
use crate::schema::Kind;
use crate::workbook::layout::{Sheet, SheetKind, normal};
use crate::workbook::read::{Grid, Value, cell_ref, column_name};

/// The `Plan` sheet: one row per field, its name in column A and its value
/// in column B.
pub(super) fn fields(g: &Grid, sheet: &Sheet, root: &mut Table, findings: &mut Vec<Finding>) {
    let known: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
    let mut seen: HashMap<usize, u32> = HashMap::new();
    for (&r, row) in &g.cells {
        let name = match row.get(&0) {
            Some(Value::Text(t)) => t.trim().to_string(),
            Some(other) => format!("{other:?}"),
            None => String::new(),
        };
        let value = row.get(&1);
        if r == 0 && normal(&name) == "field" {
            continue;
        }
        let extra = row.iter().find(|(c, _)| **c > 2);
        if let Some((c, _)) = extra {
            findings.push(bad(
                &rules::UNKNOWN_FIELD,
                cell_ref(&g.name, r, *c),
                format!(
                    "sheet `{}` has a value past its `about` column; it is not read",
                    g.name
                ),
                "the Plan sheet has three columns: field, value, about".into(),
            ));
        }
        let wanted = normal(&name);
        let Some(i) = sheet.columns.iter().position(|c| c.norm == wanted) else {
            if name.is_empty() {
                if value.is_some() {
                    findings.push(bad(
                        &rules::MISSING_FIELD,
                        cell_ref(&g.name, r, 1),
                        format!(
                            "a value in sheet `{}` has no field name beside it; it is not read",
                            g.name
                        ),
                        "write the field's name (e.g. `plan.title`) in column A".into(),
                    ));
                }
                continue;
            }
            let help = match did_you_mean(&name, known.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "the fields of this sheet are listed in column A of a blank workbook (`mvplan export --what plan-workbook`)".into(),
            };
            findings.push(
                Finding::new(
                    &rules::UNKNOWN_FIELD,
                    format!(
                        "unknown field `{}` in sheet `{}`",
                        crate::report::human::safe(&name),
                        g.name
                    ),
                )
                .in_cell(cell_ref(&g.name, r, 0))
                .label("its value is not read")
                .help(help),
            );
            continue;
        };
        let Some(v) = value else { continue };
        if let Some(first) = seen.insert(i, r) {
            findings.push(bad(
                &rules::INVALID_VALUE,
                cell_ref(&g.name, r, 0),
                format!(
                    "field `{}` is given twice (rows {} and {})",
                    name,
                    first + 1,
                    r + 1
                ),
                "keep one of the two rows".into(),
            ));
            continue;
        }
        let col = &sheet.columns[i];
        let key_cell = cell_ref(&g.name, r, 0);
        let value_cell = cell_ref(&g.name, r, 1);
        let (last, parents) = match col.path.split_last() {
            Some(x) => x,
            None => continue,
        };
        let t = root.table_at(parents, col.order, &key_cell);
        t.entries.push((
            col.order,
            last.to_string(),
            key_cell,
            field_value(v, &col.kind, &value_cell),
        ));
    }
}

/// The header row of an item sheet: the first of its first rows that
/// names one of its columns.
pub(super) fn header_row(g: &Grid, headers: &[String]) -> Option<u32> {
    let headers: Vec<String> = headers.iter().map(|h| normal(h)).collect();
    g.cells
        .range(..HEADER_SEARCH_ROWS)
        .find(|(_, row)| {
            row.values()
                .any(|v| matches!(v, Value::Text(t) if headers.contains(&normal(t))))
        })
        .map(|(r, _)| *r)
}

/// What each header cell of an item sheet names; findings for the others.
pub(super) fn roles(
    g: &Grid,
    sheet: &Sheet,
    header: u32,
    findings: &mut Vec<Finding>,
) -> HashMap<u32, Role> {
    let mut out: HashMap<u32, Role> = HashMap::new();
    let known = sheet.headers();
    let owner = sheet.parent.as_ref().map(|(_, h)| normal(h));
    let Some(row) = g.cells.get(&header) else {
        return out;
    };
    let mut taken: HashMap<String, u32> = HashMap::new();
    for (&c, v) in row {
        let text = match v {
            Value::Text(t) => t.trim().to_string(),
            other => format!("{other:?}"),
        };
        let n = normal(&text);
        let role = if Some(&n) == owner.as_ref() {
            Some(Role::Owner)
        } else if sheet.kind == SheetKind::Pairs && n == normal(sheet.key_header) {
            Some(Role::Key)
        } else {
            sheet.columns.iter().enumerate().find_map(|(i, col)| {
                if matches!(col.kind, Kind::Amounts) {
                    let index = n.strip_prefix(col.norm.as_str())?.parse::<usize>().ok()?;
                    (1..=240)
                        .contains(&index)
                        .then_some(Role::Field(i, Some(index - 1)))
                } else {
                    (col.norm == n).then_some(Role::Field(i, None))
                }
            })
        };
        match role {
            Some(role) => {
                if let Some(first) = taken.insert(n.clone(), c) {
                    findings.push(bad(
                        &rules::INVALID_VALUE,
                        cell_ref(&g.name, header, c),
                        format!(
                            "column `{text}` of sheet `{}` is there twice (columns {} and {}); the second is not read",
                            g.name,
                            column_name(first),
                            column_name(c)
                        ),
                        "delete one of the two columns".into(),
                    ));
                    taken.insert(n, first);
                    continue;
                }
                out.insert(c, role);
            }
            None => {
                let values = g
                    .cells
                    .range(header + 1..)
                    .filter(|(_, r)| r.contains_key(&c))
                    .count();
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                let help = match did_you_mean(&text, names.iter().copied()) {
                    Some(m) => {
                        format!("did you mean `{m}`? Name the column as the plan workbook does")
                    }
                    None => format!("the columns of this sheet are: {}", names.join(", ")),
                };
                findings.push(
                    Finding::new(
                        &rules::UNKNOWN_FIELD,
                        format!(
                            "unknown column `{}` in sheet `{}`; its {values} value(s) are not read",
                            crate::report::human::safe(&text),
                            g.name
                        ),
                    )
                    .in_cell(cell_ref(&g.name, header, c))
                    .help(help),
                );
            }
        }
    }
    out
}
