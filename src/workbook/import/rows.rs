//! The rows of an item or pairs sheet → items (or their owners' tables).

use std::collections::{BTreeMap, HashMap};

use super::cells::{field_value, number_text, scalar};
use super::header::{header_row, roles};
use super::{Role, Scalar, Table, Val, bad, warning};
use crate::diagnostic::{Finding, did_you_mean};
use crate::plan::rules;
use crate::schema::Kind;
use crate::workbook::layout::{Column, Sheet, SheetKind};
use crate::workbook::read::{Grid, Value, cell_ref, column_name};

/// The rows of an item or pairs sheet: items into `items[index]` (or into
/// their owners' tables), ids into `ids[index]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn rows(
    g: &Grid,
    sheet: &Sheet,
    index: usize,
    sheets: &[Sheet],
    ids: &mut [HashMap<String, usize>],
    items: &mut [Vec<Table>],
    findings: &mut Vec<Finding>,
) {
    let headers = sheet.headers();
    let Some(header) = header_row(g, &headers) else {
        if !g.cells.is_empty() {
            findings.push(no_header(g, &headers));
        }
        return;
    };
    above_header(g, header, findings);
    let roles = roles(g, sheet, header, findings);
    unnamed_columns(g, header, &headers, findings);
    for (&r, values) in g.cells.range(header + 1..) {
        let cells: Vec<(u32, &Role, &Value)> = values
            .iter()
            .filter_map(|(c, v)| roles.get(c).map(|role| (*c, role, v)))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let row = Row {
            g,
            r,
            values,
            cells,
            first: cell_ref(&g.name, r, 0),
        };
        // The owner of a row of an inner sheet.
        let owner = match &sheet.parent {
            None => None,
            Some((p, h)) => match owner(&row, *p, h, sheets, ids, findings) {
                Some(owner) => Some(owner),
                None => continue,
            },
        };
        if sheet.kind == SheetKind::Pairs {
            pair(&row, sheet, owner, items, findings);
            continue;
        }
        let Some(mut item) = item(&row, sheet, &roles, findings) else {
            continue;
        };
        if let Some(Val::One(Scalar::Str(id), _)) = item
            .entries
            .iter()
            .find(|(_, k, _, _)| k == "id")
            .map(|(_, _, _, v)| v)
        {
            ids[index]
                .entry(id.trim().to_string())
                .or_insert(items[index].len());
        }
        item.comment = Some(format!("{} row {}", g.name, r + 1));
        match owner {
            None => items[index].push(item),
            Some((p, i)) => {
                let order = sheet.order;
                items[p][i].push_item(&sheet.inner, order, item);
            }
        }
    }
}

/// One row under a sheet's header.
struct Row<'g> {
    g: &'g Grid,
    r: u32,
    /// Every cell of the row, by column.
    values: &'g BTreeMap<u32, Value>,
    /// The cells under a header mvplan knows, with what the header names.
    cells: Vec<(u32, &'g Role, &'g Value)>,
    /// The row's first cell, where a finding about the whole row points.
    first: String,
}

impl Row<'_> {
    /// The text of the first cell whose header names `role`, and its cell.
    fn text_of(&self, role: fn(&Role) -> bool) -> Option<(String, String)> {
        self.cells
            .iter()
            .find(|(_, ro, _)| role(ro))
            .map(|(c, _, v)| {
                let t = match v {
                    Value::Text(t) => t.trim().to_string(),
                    Value::Number(x) => number_text(*x),
                    other => format!("{other:?}"),
                };
                (t, cell_ref(&self.g.name, self.r, *c))
            })
    }
}

/// A sheet with cells but no header row: none of it is read.
fn no_header(g: &Grid, headers: &[String]) -> Finding {
    let (r, c) = g
        .cells
        .iter()
        .next()
        .map(|(r, row)| (*r, row.keys().next().copied().unwrap_or(0)))
        .unwrap_or_default();
    bad(
        &rules::MISSING_FIELD,
        cell_ref(&g.name, r, c),
        format!(
            "sheet `{}` has no header row; none of its rows are read",
            g.name
        ),
        format!("the first row names the columns: {}", headers.join(", ")),
    )
}

/// Rows above the header row are notes, not read: said once.
fn above_header(g: &Grid, header: u32, findings: &mut Vec<Finding>) {
    if let Some((&r, _)) = g.cells.range(..header).next() {
        findings.push(warning(bad(
            &rules::INVALID_VALUE,
            cell_ref(&g.name, r, 0),
            format!(
                "rows {} to {} of sheet `{}` are above its header row ({}) and are not read",
                r + 1,
                header,
                g.name,
                header + 1
            ),
            "the header is the first row; move the notes to the Instructions sheet".into(),
        )));
    }
}

/// Values in a column with no header: not read, said once per column.
fn unnamed_columns(g: &Grid, header: u32, headers: &[String], findings: &mut Vec<Finding>) {
    let mut unnamed: Vec<u32> = Vec::new();
    for (&r, row) in g.cells.range(header + 1..) {
        for &c in row.keys() {
            let header_cell = g.get(header, c);
            if header_cell.is_none() && !unnamed.contains(&c) {
                unnamed.push(c);
                findings.push(bad(
                    &rules::UNKNOWN_FIELD,
                    cell_ref(&g.name, r, c),
                    format!(
                        "column {} of sheet `{}` has values but no header; they are not read",
                        column_name(c),
                        g.name
                    ),
                    format!(
                        "name the column in row {} (the columns here are: {})",
                        header + 1,
                        headers.join(", ")
                    ),
                ));
            }
        }
    }
}

/// The owner of a row of an inner sheet (sheet `p`, named `h` in the
/// header): `(p, its index)`, or `None` (with a finding) when the row names
/// none or an unknown one and is not read.
fn owner(
    row: &Row,
    p: usize,
    h: &str,
    sheets: &[Sheet],
    ids: &[HashMap<String, usize>],
    findings: &mut Vec<Finding>,
) -> Option<(usize, usize)> {
    let (g, r) = (row.g, row.r);
    let Some((id, cell)) = row.text_of(|r| matches!(r, Role::Owner)) else {
        findings.push(bad(
            &rules::MISSING_FIELD,
            row.first.clone(),
            format!(
                "row {} of sheet `{}` names no {h}; it is not read",
                r + 1,
                g.name
            ),
            format!(
                "write the id of its {h} (sheet {}) in the `{h}` column",
                sheets[p].name
            ),
        ));
        return None;
    };
    if let Some(i) = ids[p].get(&id) {
        return Some((p, *i));
    }
    let known: Vec<&str> = ids[p].keys().map(String::as_str).collect();
    let rule = crate::check::catalogue()
        .into_iter()
        .find(|r| r.id == "unknown-ref")
        .unwrap_or(&rules::INVALID_VALUE);
    let mut f = Finding::new(
        rule,
        format!(
            "`{}` in row {} of sheet `{}` is not the id of a {h} (sheet {}); the row is not read",
            crate::report::human::safe(&id),
            r + 1,
            g.name,
            sheets[p].name
        ),
    )
    .in_cell(cell);
    if let Some(m) = did_you_mean(&id, known.iter().copied()) {
        f = f.help(format!("did you mean `{m}`?"));
    } else {
        f = f.help(format!("the ids in sheet {} are: {}", sheets[p].name, {
            let mut k = known.clone();
            k.sort_unstable();
            k.join(", ")
        }));
    }
    findings.push(f);
    None
}

/// A row of a pairs sheet: its key and number into its owner's table.
fn pair(
    row: &Row,
    sheet: &Sheet,
    owner: Option<(usize, usize)>,
    items: &mut [Vec<Table>],
    findings: &mut Vec<Finding>,
) {
    let (g, r, cells) = (row.g, row.r, &row.cells);
    let first = &row.first;
    let Some((key, key_cell)) = row.text_of(|r| matches!(r, Role::Key)) else {
        findings.push(bad(
            &rules::MISSING_FIELD,
            first.clone(),
            format!(
                "row {} of sheet `{}` has no {}; it is not read",
                r + 1,
                g.name,
                sheet.key_header
            ),
            format!("write the {} in its column", sheet.key_header),
        ));
        return;
    };
    let Some((c, _, v)) = cells
        .iter()
        .find(|(_, ro, _)| matches!(ro, Role::Field(..)))
    else {
        findings.push(bad(
            &rules::MISSING_FIELD,
            first.clone(),
            format!(
                "row {} of sheet `{}` has no number; it is not read",
                r + 1,
                g.name
            ),
            format!(
                "write the `{}` number, or delete the row",
                sheet.columns[0].header
            ),
        ));
        return;
    };
    let Some((p, i)) = owner else { return };
    let value_cell = cell_ref(&g.name, r, *c);
    let col = &sheet.columns[0];
    let owner_table = &mut items[p][i];
    let (last, parents) = match sheet.inner.split_last() {
        Some(x) => x,
        None => return,
    };
    let t = owner_table.table_at(parents, col.order, &key_cell);
    let pair = (
        key.clone(),
        key_cell.clone(),
        scalar(v, &Kind::IdNumbers),
        value_cell,
    );
    match t.entries.iter_mut().find(|(_, k, _, _)| k == last) {
        Some((_, _, _, Val::Pairs(pairs))) => {
            if pairs.iter().any(|(k, ..)| *k == key) {
                findings.push(bad(
                    &rules::INVALID_VALUE,
                    key_cell,
                    format!(
                        "`{key}` is given twice for the same {} in sheet `{}`",
                        sheet.parent.as_ref().map_or("item", |(_, h)| h.as_str()),
                        g.name
                    ),
                    "keep one of the two rows".into(),
                ));
            } else {
                pairs.push(pair);
            }
        }
        _ => t.entries.push((
            col.order,
            last.to_string(),
            key_cell,
            Val::Pairs(vec![pair]),
        )),
    }
}

/// A row of an item sheet → the item's table; `None` when it holds nothing.
fn item(
    row: &Row,
    sheet: &Sheet,
    roles: &HashMap<u32, Role>,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let (g, r, first) = (row.g, row.r, &row.first);
    let mut item = Table::new(first.clone());
    let mut amounts: HashMap<usize, Vec<(usize, u32)>> = HashMap::new();
    for (c, role, v) in &row.cells {
        let Role::Field(i, at) = role else { continue };
        let col: &Column = &sheet.columns[*i];
        if let Some(at) = at {
            amounts.entry(*i).or_default().push((*at, *c));
            continue;
        }
        let cell = cell_ref(&g.name, r, *c);
        let (last, parents) = match col.path.split_last() {
            Some(x) => x,
            None => continue,
        };
        let t = item.table_at(parents, col.order, &cell);
        t.entries.push((
            col.order,
            last.to_string(),
            cell.clone(),
            field_value(v, &col.kind, &cell),
        ));
    }
    for (i, at) in amounts {
        let col = &sheet.columns[i];
        let list = phasing(row, col, i, at, roles, findings);
        let (last, parents) = match col.path.split_last() {
            Some(x) => x,
            None => continue,
        };
        let key_cell = list
            .first()
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| first.clone());
        let t = item.table_at(parents, col.order, &key_cell);
        t.entries
            .push((col.order, last.to_string(), key_cell, Val::List(list)));
    }
    (!item.entries.is_empty() || !item.children.is_empty()).then_some(item)
}

/// The amounts of column `i` spread over numbered columns (`monthly.1`,
/// `monthly.2`…, found at `at`) → one list; a gap between two is a 0 and a
/// finding.
fn phasing(
    row: &Row,
    col: &Column,
    i: usize,
    mut at: Vec<(usize, u32)>,
    roles: &HashMap<u32, Role>,
    findings: &mut Vec<Finding>,
) -> Vec<(Scalar, String)> {
    let (g, r, first) = (row.g, row.r, &row.first);
    at.sort_unstable();
    let len = at.last().map_or(0, |(n, _)| n + 1);
    let mut list = Vec::with_capacity(len);
    for n in 0..len {
        match at.iter().find(|(k, _)| *k == n) {
            Some((_, c)) => {
                let v = row
                    .values
                    .get(c)
                    .cloned()
                    .unwrap_or(Value::Text(String::new()));
                list.push((scalar(&v, &col.kind), cell_ref(&g.name, r, *c)));
            }
            None => {
                let header = format!("{}.{}", col.path.join("."), n + 1);
                let column = roles
                    .iter()
                    .find(|(_, ro)| matches!(ro, Role::Field(j, Some(k)) if *j == i && *k == n))
                    .map(|(c, _)| *c);
                let cell = match column {
                    Some(c) => cell_ref(&g.name, r, c),
                    None => first.clone(),
                };
                findings.push(bad(
                    &rules::INVALID_VALUE,
                    cell.clone(),
                    format!(
                        "`{header}` is empty between phasing values in row {} of sheet `{}`",
                        r + 1,
                        g.name
                    ),
                    format!("write 0 in `{header}` if nothing is spent then"),
                ));
                list.push((Scalar::Num("0".into()), cell));
            }
        }
    }
    list
}
