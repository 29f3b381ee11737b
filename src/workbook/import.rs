//! A filled plan workbook → the TOML plan it holds, every part of the text
//! tied to the cell it came from, and the workbook's own problems (a sheet
//! or column mvplan does not know, merged cells, a row naming an item that
//! does not exist) as located findings.
//!
//! Values are not judged here: a text in an amount cell becomes a TOML
//! string, and the plan loader reports it at its cell with the rule id and
//! help a TOML plan gets. Nothing in a sheet mvplan reads is dropped
//! without a finding.

use std::collections::HashMap;

use super::layout::{self, Column, Sheet, SheetKind, normal};
use super::read::{Grid, Value, cell_ref, column_name};
use crate::diagnostic::{Finding, Severity, Span, did_you_mean};
use crate::plan::rules;
use crate::schema::Kind;

/// The TOML text made of a workbook, the cell each part of it came from,
/// and the workbook's own findings.
#[derive(Debug, Default)]
pub struct Imported {
    pub text: String,
    pub cells: Vec<(Span, String)>,
    pub findings: Vec<Finding>,
}

/// Rows above a header that are looked at to find it.
const HEADER_SEARCH_ROWS: u32 = 20;

#[derive(Debug, Clone)]
enum Scalar {
    Str(String),
    /// A number's text, valid TOML.
    Num(String),
    Bool(bool),
    Date(chrono::NaiveDate),
}

#[derive(Debug, Clone)]
enum Val {
    One(Scalar, String),
    List(Vec<(Scalar, String)>),
    /// A table from keys to numbers: key, key cell, value, value cell.
    Pairs(Vec<(String, String, Scalar, String)>),
}

#[derive(Debug, Default)]
struct Table {
    /// The cell a table is pointed at by (its row's first cell).
    cell: String,
    comment: Option<String>,
    entries: Vec<(usize, String, String, Val)>,
    children: Vec<(usize, &'static str, Child)>,
}

#[derive(Debug)]
enum Child {
    Table(Table),
    Array(Vec<Table>),
}

impl Table {
    fn new(cell: String) -> Self {
        Table {
            cell,
            ..Table::default()
        }
    }

    /// The table at `keys` below this one, made on the way.
    fn table_at(&mut self, keys: &[&'static str], order: usize, cell: &str) -> &mut Table {
        let Some((first, rest)) = keys.split_first() else {
            return self;
        };
        let i = match self.children.iter().position(|(_, k, _)| k == first) {
            Some(i) => i,
            None => {
                self.children
                    .push((order, first, Child::Table(Table::new(cell.to_string()))));
                self.children.len() - 1
            }
        };
        match &mut self.children[i].2 {
            Child::Table(t) => t.table_at(rest, order, cell),
            // Arrays hold the last item's tables (`[[a]]` then `[a.b]`).
            Child::Array(items) => {
                if items.is_empty() {
                    items.push(Table::new(cell.to_string()));
                }
                let last = items.len() - 1;
                items[last].table_at(rest, order, cell)
            }
        }
    }

    /// Appends an item to the array at `keys` (the last key the array).
    fn push_item(&mut self, keys: &[&'static str], order: usize, item: Table) {
        let Some((last, parents)) = keys.split_last() else {
            return;
        };
        let cell = item.cell.clone();
        let t = self.table_at(parents, order, &cell);
        match t.children.iter_mut().find(|(_, k, _)| k == last) {
            Some((_, _, Child::Array(items))) => items.push(item),
            Some(_) => {}
            None => t.children.push((order, last, Child::Array(vec![item]))),
        }
    }
}

/// What a header cell names.
#[derive(Clone)]
enum Role {
    Owner,
    Key,
    /// A column of the layout, and for a list of amounts the element.
    Field(usize, Option<usize>),
}

fn bad(rule: &crate::diagnostic::Rule, cell: String, message: String, help: String) -> Finding {
    Finding::new(rule, message).in_cell(cell).help(help)
}

fn warning(mut f: Finding) -> Finding {
    f.severity = Severity::Warning;
    f
}

/// Reads a workbook's sheets into a TOML plan.
pub fn import(grids: &[Grid]) -> Imported {
    // The layout is the same for every workbook: made once (a review reads
    // a thousand).
    static LAYOUT: std::sync::OnceLock<Vec<Sheet>> = std::sync::OnceLock::new();
    let sheets = LAYOUT.get_or_init(|| layout::layout(&|_, _| 1));
    let mut out = Imported::default();
    let mut root = Table::new(format!("{}!A1", layout::PLAN));
    // The sheet of the layout each workbook sheet is, if any.
    let mut found: Vec<Option<&Grid>> = vec![None; sheets.len()];
    let expected: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    for g in grids {
        let name = normal(&g.name);
        if layout::IGNORED.iter().any(|i| normal(i) == name) {
            continue;
        }
        match sheets.iter().position(|s| normal(&s.name) == name) {
            Some(i) if found[i].is_none() => found[i] = Some(g),
            _ => {
                let rows = g.cells.len();
                let missing: Vec<&str> = expected
                    .iter()
                    .zip(&found)
                    .filter(|(_, f)| f.is_none())
                    .map(|(n, _)| *n)
                    .collect();
                let help = match did_you_mean(&g.name, missing.iter().copied()) {
                    Some(m) => {
                        format!("did you mean `{m}`? Name the sheet as the plan workbook does")
                    }
                    None => format!(
                        "the sheets mvplan reads are: {}; move the rows to one of them",
                        expected.join(", ")
                    ),
                };
                out.findings.push(
                    Finding::new(
                        &rules::UNKNOWN_FIELD,
                        format!(
                            "sheet `{}` is not a sheet of the plan workbook; its {rows} row(s) are not read",
                            crate::report::human::safe(&g.name)
                        ),
                    )
                    .in_cell(cell_ref(&g.name, 0, 0))
                    .help(help),
                );
            }
        }
    }
    for g in grids {
        structure(g, &mut out.findings);
    }
    // Items of each item sheet by id, for the sheets inside them: the path
    // from the root to the item (sheet, index).
    let mut ids: Vec<HashMap<String, usize>> = vec![HashMap::new(); sheets.len()];
    let mut items: Vec<Vec<Table>> = (0..sheets.len()).map(|_| Vec::new()).collect();
    for (i, sheet) in sheets.iter().enumerate() {
        let Some(grid) = found[i] else { continue };
        match sheet.kind {
            SheetKind::Fields => fields(grid, sheet, &mut root, &mut out.findings),
            SheetKind::Items | SheetKind::Pairs => {
                rows(
                    grid,
                    sheet,
                    i,
                    sheets,
                    &mut ids,
                    &mut items,
                    &mut out.findings,
                );
            }
        }
    }
    // Items into their owners, the deepest sheets first so that an item
    // carries its own inner items when it moves.
    for i in (0..sheets.len()).rev() {
        let sheet = &sheets[i];
        let list = std::mem::take(&mut items[i]);
        match &sheet.parent {
            None => {
                for item in list {
                    root.push_item(&sheet.path, sheet.order, item);
                }
            }
            Some(_) => items[i] = list,
        }
    }
    // `items` of nested sheets were attached to their owners in `rows`.
    let mut doc = Emitter::default();
    doc.text
        .push_str("# A marketing plan, imported from a plan workbook by `mvplan import`.\n");
    doc.text.push_str("# Each part names the sheet and row it came from; `mvplan docs plan-format` describes the fields.\n");
    doc.cells
        .push((0..doc.text.len(), format!("{}!A1", layout::PLAN)));
    doc.table("", &mut root, false);
    out.text = doc.text;
    out.cells = doc.cells;
    out
}

/// Findings about a sheet as a whole: merged cells, cells too far right,
/// cells left unread.
fn structure(g: &Grid, findings: &mut Vec<Finding>) {
    for ((r0, c0), (r1, c1)) in g.merged.iter().take(20) {
        findings.push(bad(
            &rules::INVALID_VALUE,
            format!("{}:{}{}", cell_ref(&g.name, *r0, *c0), column_name(*c1), r1 + 1),
            format!(
                "cells {}{}:{}{} of sheet `{}` are merged; a merged block keeps only its first cell's value",
                column_name(*c0),
                r0 + 1,
                column_name(*c1),
                r1 + 1,
                crate::report::human::safe(&g.name)
            ),
            "unmerge the cells and fill in each one (a header in each column, a value in each row)".into(),
        ));
    }
    if g.merged.len() > 20 {
        findings.push(bad(
            &rules::INVALID_VALUE,
            cell_ref(&g.name, 0, 0),
            format!(
                "… and {} more merged blocks in sheet `{}`",
                g.merged.len() - 20,
                g.name
            ),
            "unmerge every cell of the sheet (select all, Unmerge)".into(),
        ));
    }
    if let Some((r, c)) = g.too_wide {
        findings.push(bad(
            &rules::UNKNOWN_FIELD,
            cell_ref(&g.name, r, c),
            format!(
                "sheet `{}` has cells past column {}; they are not read",
                g.name,
                column_name(super::read::MAX_COLUMNS - 1)
            ),
            "a plan sheet has a few dozen columns; delete the ones far to the right".into(),
        ));
    }
    if g.truncated {
        findings.push(bad(
            &rules::READ_FILE,
            cell_ref(&g.name, 0, 0),
            format!(
                "the workbook has more than {} cells; the rest from sheet `{}` on are not read",
                super::read::MAX_CELLS,
                g.name
            ),
            "a plan workbook has a few thousand cells; delete what is not the plan".into(),
        ));
    }
}

/// A cell's value as the scalar of a field of `kind`. Text stays text for
/// the loader to judge; numbers and dates are typed.
fn scalar(v: &Value, kind: &Kind) -> Scalar {
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
fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn number(x: f64) -> Scalar {
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
fn list(v: &Value, kind: &Kind) -> Option<Vec<String>> {
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
fn field_value(v: &Value, kind: &Kind, cell: &str) -> Val {
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

/// The `Plan` sheet: one row per field, its name in column A and its value
/// in column B.
fn fields(g: &Grid, sheet: &Sheet, root: &mut Table, findings: &mut Vec<Finding>) {
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
fn header_row(g: &Grid, headers: &[String]) -> Option<u32> {
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
fn roles(g: &Grid, sheet: &Sheet, header: u32, findings: &mut Vec<Finding>) -> HashMap<u32, Role> {
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

/// The rows of an item or pairs sheet: items into `items[index]` (or into
/// their owners' tables), ids into `ids[index]`.
#[allow(clippy::too_many_arguments)]
fn rows(
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
            let (r, c) = g
                .cells
                .iter()
                .next()
                .map(|(r, row)| (*r, row.keys().next().copied().unwrap_or(0)))
                .unwrap_or_default();
            findings.push(bad(
                &rules::MISSING_FIELD,
                cell_ref(&g.name, r, c),
                format!(
                    "sheet `{}` has no header row; none of its rows are read",
                    g.name
                ),
                format!("the first row names the columns: {}", headers.join(", ")),
            ));
        }
        return;
    };
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
    let roles = roles(g, sheet, header, findings);
    // Values under no header.
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
    for (&r, row) in g.cells.range(header + 1..) {
        let cells: Vec<(u32, &Role, &Value)> = row
            .iter()
            .filter_map(|(c, v)| roles.get(c).map(|role| (*c, role, v)))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let first = cell_ref(&g.name, r, 0);
        let text_of = |role: fn(&Role) -> bool| {
            cells.iter().find(|(_, ro, _)| role(ro)).map(|(c, _, v)| {
                let t = match v {
                    Value::Text(t) => t.trim().to_string(),
                    Value::Number(x) => number_text(*x),
                    other => format!("{other:?}"),
                };
                (t, cell_ref(&g.name, r, *c))
            })
        };
        // The owner of a row of an inner sheet.
        let owner = match &sheet.parent {
            None => None,
            Some((p, h)) => match text_of(|r| matches!(r, Role::Owner)) {
                None => {
                    findings.push(bad(
                        &rules::MISSING_FIELD,
                        first.clone(),
                        format!(
                            "row {} of sheet `{}` names no {h}; it is not read",
                            r + 1,
                            g.name
                        ),
                        format!(
                            "write the id of its {h} (sheet {}) in the `{h}` column",
                            sheets[*p].name
                        ),
                    ));
                    continue;
                }
                Some((id, cell)) => match ids[*p].get(&id) {
                    Some(i) => Some((*p, *i)),
                    None => {
                        let known: Vec<&str> = ids[*p].keys().map(String::as_str).collect();
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
                                sheets[*p].name
                            ),
                        )
                        .in_cell(cell);
                        if let Some(m) = did_you_mean(&id, known.iter().copied()) {
                            f = f.help(format!("did you mean `{m}`?"));
                        } else {
                            f = f.help(format!("the ids in sheet {} are: {}", sheets[*p].name, {
                                let mut k = known.clone();
                                k.sort_unstable();
                                k.join(", ")
                            }));
                        }
                        findings.push(f);
                        continue;
                    }
                },
            },
        };
        if sheet.kind == SheetKind::Pairs {
            let Some((key, key_cell)) = text_of(|r| matches!(r, Role::Key)) else {
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
                continue;
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
                continue;
            };
            let Some((p, i)) = owner else { continue };
            let value_cell = cell_ref(&g.name, r, *c);
            let col = &sheet.columns[0];
            let owner_table = &mut items[p][i];
            let (last, parents) = match sheet.inner.split_last() {
                Some(x) => x,
                None => continue,
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
            continue;
        }
        // An item.
        let mut item = Table::new(first.clone());
        let mut amounts: HashMap<usize, Vec<(usize, u32)>> = HashMap::new();
        for (c, role, v) in &cells {
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
        for (i, mut at) in amounts {
            let col = &sheet.columns[i];
            at.sort_unstable();
            let len = at.last().map_or(0, |(n, _)| n + 1);
            let mut list = Vec::with_capacity(len);
            for n in 0..len {
                match at.iter().find(|(k, _)| *k == n) {
                    Some((_, c)) => {
                        let v = row.get(c).cloned().unwrap_or(Value::Text(String::new()));
                        list.push((scalar(&v, &col.kind), cell_ref(&g.name, r, *c)));
                    }
                    None => {
                        let header = format!("{}.{}", col.path.join("."), n + 1);
                        let column = roles.iter().find(|(_, ro)| matches!(ro, Role::Field(j, Some(k)) if *j == i && *k == n)).map(|(c, _)| *c);
                        let cell = match column {
                            Some(c) => cell_ref(&g.name, r, c),
                            None => first.clone(),
                        };
                        findings.push(bad(
                            &rules::INVALID_VALUE,
                            cell.clone(),
                            format!("`{header}` is empty between phasing values in row {} of sheet `{}`", r + 1, g.name),
                            format!("write 0 in `{header}` if nothing is spent then"),
                        ));
                        list.push((Scalar::Num("0".into()), cell));
                    }
                }
            }
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
        if item.entries.is_empty() && item.children.is_empty() {
            continue;
        }
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

/// Writes TOML text, recording which cell each part came from.
#[derive(Default)]
struct Emitter {
    text: String,
    cells: Vec<(Span, String)>,
}

impl Emitter {
    fn mark(&mut self, start: usize, cell: &str) {
        let end = self.text.len();
        self.cells.push((start..end, cell.to_string()));
    }

    fn scalar(&mut self, s: &Scalar, cell: &str) {
        let start = self.text.len();
        match s {
            Scalar::Str(s) => self
                .text
                .push_str(&toml_edit::Value::from(s.as_str()).to_string()),
            Scalar::Num(n) => self.text.push_str(n),
            Scalar::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            Scalar::Date(d) => self.text.push_str(&d.format("%Y-%m-%d").to_string()),
        }
        self.mark(start, cell);
    }

    fn key(&mut self, k: &str, cell: &str) {
        let start = self.text.len();
        self.text.push_str(&toml_edit::Key::new(k).to_string());
        self.mark(start, cell);
    }

    fn table(&mut self, path: &str, t: &mut Table, array: bool) {
        if !path.is_empty() {
            if !self.text.ends_with("\n\n") {
                self.text.push('\n');
            }
            if let Some(c) = &t.comment {
                self.text.push_str(&format!("# {c}\n"));
            }
            let start = self.text.len();
            if array {
                self.text.push_str(&format!("[[{path}]]"));
            } else {
                self.text.push_str(&format!("[{path}]"));
            }
            self.mark(start, &t.cell);
            self.text.push('\n');
        }
        t.entries.sort_by_key(|e| e.0);
        for (_, key, key_cell, value) in &t.entries {
            self.key(key, key_cell);
            self.text.push_str(" = ");
            match value {
                Val::One(s, cell) => self.scalar(s, cell),
                Val::List(items) => {
                    self.text.push('[');
                    for (i, (s, cell)) in items.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        self.scalar(s, cell);
                    }
                    self.text.push(']');
                }
                Val::Pairs(pairs) => {
                    self.text.push_str("{ ");
                    for (i, (k, key_cell, s, cell)) in pairs.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        self.key(k, key_cell);
                        self.text.push_str(" = ");
                        self.scalar(s, cell);
                    }
                    self.text.push_str(" }");
                }
            }
            self.text.push('\n');
        }
        t.children.sort_by_key(|c| c.0);
        for (_, key, child) in &mut t.children {
            let sub = if path.is_empty() {
                toml_edit::Key::new(*key).to_string()
            } else {
                format!("{path}.{}", toml_edit::Key::new(*key))
            };
            match child {
                Child::Table(t) => self.table(&sub, t, false),
                Child::Array(items) => {
                    for item in items {
                        self.table(&sub, item, true);
                    }
                }
            }
        }
    }
}
