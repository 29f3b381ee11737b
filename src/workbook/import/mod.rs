//! A filled plan workbook → the TOML plan it holds, every part of the text
//! tied to the cell it came from, and the workbook's own problems (a sheet
//! or column mvplan does not know, merged cells, a row naming an item that
//! does not exist) as located findings.
//!
//! Values are not judged here: a text in an amount cell becomes a TOML
//! string, and the plan loader reports it at its cell with the rule id and
//! help a TOML plan gets. Nothing in a sheet mvplan reads is dropped
//! without a finding.

mod cells;
mod emit;
mod header;
mod rows;

use std::collections::HashMap;

use super::layout::{self, Sheet, SheetKind, normal};
use super::read::{Grid, cell_ref, column_name};
use crate::diagnostic::{Finding, Severity, Span, did_you_mean};
use crate::plan::rules;
use emit::Emitter;
use header::fields;
use rows::rows;

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
