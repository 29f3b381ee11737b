//! Reading XLSX: the workbook's sheet → raw rows, each cell located as
//! `sheet!cell`, the package checked before it is opened.

use std::collections::BTreeMap;
use std::io::Read;

use crate::diagnostic::Finding;
use crate::plan::Plan;

use super::rows::{
    Locate, RawRow, RowJudge, bad, header_width, no_header, passed_over, too_many_rows,
};
use super::{
    Actuals, COLUMNS, HEADER_SEARCH_ROWS, Loc, MAX_CELL_CHARS, MAX_PART_BYTES, MAX_PARTS, MAX_ROWS,
    MAX_TOTAL_BYTES, clip, excerpt,
};

/// `A`, `B`, … `Z`, `AA`: a 0-based column's letters.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference, the sheet quoted when it needs it (`'Q1 final'!A1`).
pub(super) fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    let plain = sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let sheet = if plain {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    };
    format!("{sheet}!{}{}", column_name(col), row + 1)
}

/// Checks a workbook's parts inflate within bounds before a reader builds
/// anything from them (shared strings are read whole).
pub(super) fn check_package(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "it has {} parts; workbooks have far fewer",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| format!("a part cannot be read ({e})"))?;
        let n = std::io::copy(
            &mut (&mut part).take(MAX_PART_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("a part cannot be read ({e})"))?;
        if n > MAX_PART_BYTES {
            return Err(format!(
                "a part inflates to more than {} MiB",
                MAX_PART_BYTES / 1024 / 1024
            ));
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "it inflates to more than {} MiB",
                MAX_TOTAL_BYTES / 1024 / 1024
            ));
        }
    }
    Ok(())
}

/// A cell's value as the text a CSV would hold: numbers in their shortest
/// exact form, dates as `YYYY-MM-DD`, errors as Excel shows them; long
/// text clipped (only the first characters of any column can be used).
pub(super) fn cell_text(v: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as D;
    match v {
        D::Empty => String::new(),
        D::String(s) => clip_str(s),
        D::SharedString(s) => clip_str(s),
        D::Int(i) => i.to_string(),
        D::Float(f) => f.to_string(),
        D::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        D::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.as_f64().to_string(), |d| d.date().to_string()),
        D::DateTimeIso(s) | D::DurationIso(s) => clip_str(s),
        D::Error(e) => e.to_string(),
    }
}

/// The first characters of a long text, without copying the rest.
pub(super) fn clip_str(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// The columns a workbook row keeps: the actuals columns and the note.
pub(super) const KEPT_COLUMNS: u32 = COLUMNS.len() as u32 + 1;

/// The cells of a row that hold something, up to the note column, and the
/// first column past it that holds something.
#[derive(Default)]
pub(super) struct SheetRow {
    cells: BTreeMap<u32, (String, Option<String>)>,
    beyond: Option<u32>,
}

/// Reads the cells of a sheet that hold something, by row: only the cells
/// that exist, and of those only the columns actuals have, so a sheet
/// claiming a million columns or repeating a megabyte of text costs what
/// its cells cost.
pub(super) fn sheet_rows(
    book: &mut calamine::Xlsx<std::io::Cursor<&[u8]>>,
    sheet: &str,
    findings: &mut Vec<Finding>,
) -> Result<BTreeMap<u32, SheetRow>, String> {
    let mut rows: BTreeMap<u32, SheetRow> = BTreeMap::new();
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| format!("sheet `{sheet}` cannot be read ({e})"))?;
    let mut count = 0usize;
    while let Some(c) = reader
        .next_cell_with_formula()
        .map_err(|e| format!("sheet `{sheet}` cannot be read ({e})"))?
    {
        let empty = matches!(c.value, calamine::DataRef::Empty)
            || matches!(&c.value, calamine::DataRef::String(s) if s.is_empty())
            || matches!(&c.value, calamine::DataRef::SharedString(s) if s.is_empty());
        if empty && c.formula.is_none() {
            continue;
        }
        count += 1;
        if rows.len() > MAX_ROWS || count > MAX_ROWS * 8 {
            findings.push(too_many_rows(&Loc::Cell(cell_ref(sheet, c.pos.0, 0))));
            break;
        }
        let row = rows.entry(c.pos.0).or_default();
        if c.pos.1 >= KEPT_COLUMNS {
            row.beyond = Some(row.beyond.map_or(c.pos.1, |b| b.min(c.pos.1)));
            continue;
        }
        let formula = c.formula.map(|f| clip(f, MAX_CELL_CHARS));
        row.cells.insert(c.pos.1, (cell_text(&c.value), formula));
    }
    Ok(rows)
}

/// Rows covered by merged blocks, as sorted disjoint ranges: a row is
/// looked up by binary search, so a hundred thousand blocks cost their
/// sorting, not a scan per row.
pub(super) struct MergedRows(Vec<(u32, u32)>);

impl MergedRows {
    fn new(mut ranges: Vec<(u32, u32)>) -> Self {
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        MergedRows(out)
    }

    fn contains(&self, r: u32) -> bool {
        let i = self.0.partition_point(|(a, _)| *a <= r);
        i > 0 && self.0[i - 1].1 >= r
    }
}

/// Merged blocks listed one by one before the rest are counted.
pub(super) const MAX_MERGED_LISTED: usize = 20;

/// Parses an XLSX workbook's actuals: the sheet named `Actuals`, else the
/// first. `Err` when the file is not a workbook that can be read at all,
/// or has no header row.
pub fn parse_xlsx(
    bytes: &[u8],
    file: usize,
    plan: &Plan,
    into: &mut Actuals,
) -> Result<Vec<Finding>, String> {
    use calamine::Reader;
    check_package(bytes)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("actuals"))
        .or(names.first())
        .cloned()
        .ok_or("it has no sheets")?;
    let merged = book.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
    let mut findings = Vec::new();
    let cells = sheet_rows(&mut book, &sheet, &mut findings)?;
    let Some((header_row, width)) = find_header(&cells, &sheet, &mut findings)? else {
        return Ok(findings);
    };
    let skipped = merged_blocks(&merged, header_row, &sheet, &mut findings);
    let rows = data_rows(&cells, &sheet, header_row, width, &skipped, &mut findings);
    judge_rows(&rows, plan, width, file, into, &mut findings);
    Ok(findings)
}

/// The header: the first row of the first 20 that is the actuals columns,
/// as (row, width). `Ok(None)` for an empty sheet (reported); `Err` when no
/// row of the first 20 is a header.
fn find_header(
    cells: &BTreeMap<u32, SheetRow>,
    sheet: &str,
    findings: &mut Vec<Finding>,
) -> Result<Option<(u32, usize)>, String> {
    let row_cells = |row: &SheetRow| -> Vec<String> {
        (0..row.cells.keys().max().map_or(0, |m| m + 1))
            .map(|c| row.cells.get(&c).map(|v| v.0.clone()).unwrap_or_default())
            .collect()
    };
    let mut header = None;
    let mut seen = Vec::new();
    for (r, row) in cells.range(..HEADER_SEARCH_ROWS as u32) {
        let texts = row_cells(row);
        match header_width(&texts) {
            Some(w) if row.beyond.is_none() => {
                header = Some((*r, w));
                break;
            }
            _ => seen.push((*r, texts)),
        }
    }
    let Some((header_row, width)) = header else {
        if cells.is_empty() {
            findings.push(bad(
                &Loc::Cell(cell_ref(sheet, 0, 0)),
                format!("sheet `{}` is empty", excerpt(sheet)),
                format!("the first row must be `{}`", COLUMNS.join(",")),
            ));
            return Ok(None);
        }
        let texts: Vec<Vec<String>> = seen.into_iter().map(|(_, t)| t).collect();
        return Err(format!("sheet `{}`: {}", excerpt(sheet), no_header(&texts)));
    };
    if !seen.is_empty() {
        let numbers: Vec<usize> = seen.iter().map(|(r, _)| *r as usize + 1).collect();
        findings.push(passed_over(
            &Loc::Cell(cell_ref(sheet, seen[0].0, 0)),
            &numbers,
            header_row as usize + 1,
        ));
    }
    Ok(Some((header_row, width)))
}

/// A merged block hides all but its first cell's value: the rows it covers
/// below the header are reported once, for the block, rather than one by
/// one, and skipped.
fn merged_blocks(
    merged: &[calamine::Dimensions],
    header_row: u32,
    sheet: &str,
    findings: &mut Vec<Finding>,
) -> MergedRows {
    let mut skipped = Vec::new();
    let mut unlisted = 0usize;
    for m in merged {
        let (r0, c0) = m.start;
        let (r1, c1) = m.end;
        if r1 <= header_row || (r0 == r1 && c0 == c1) {
            continue;
        }
        skipped.push((r0, r1));
        if skipped.len() > MAX_MERGED_LISTED {
            unlisted += 1;
            continue;
        }
        findings.push(bad(
            &Loc::Cell(format!(
                "{}:{}{}",
                cell_ref(sheet, r0, c0),
                column_name(c1),
                r1 + 1
            )),
            format!(
                "cells are merged over rows {} to {}; those rows cannot be read",
                r0 + 1,
                r1 + 1
            ),
            "unmerge the cells and repeat the value in every row",
        ));
    }
    if unlisted > 0 {
        findings.push(bad(
            &Loc::Cell(cell_ref(sheet, header_row, 0)),
            format!("… and {unlisted} more merged blocks, not listed; their rows cannot be read"),
            "unmerge every cell of the sheet (select all, Unmerge) and repeat the values",
        ));
    }
    MergedRows::new(skipped)
}

/// The data rows below the header, each cell located; a row whose only
/// value is a formula with no saved value is reported and left out.
fn data_rows(
    cells: &BTreeMap<u32, SheetRow>,
    sheet: &str,
    header_row: u32,
    width: usize,
    skipped: &MergedRows,
    findings: &mut Vec<Finding>,
) -> Vec<DataRow> {
    let mut rows = Vec::new();
    for (r, row) in cells.range(header_row + 1..) {
        let r = *r;
        if skipped.contains(r) {
            continue;
        }
        let used = row.cells.keys().max().map_or(0, |m| m + 1);
        let shown = (width as u32).max(used);
        let mut fields = Vec::new();
        let mut locs = Vec::new();
        let mut formula_only = None;
        for c in 0..shown {
            let (text, formula) = row.cells.get(&c).cloned().unwrap_or_default();
            if text.is_empty()
                && let Some(f) = formula
            {
                formula_only.get_or_insert((c, f));
            }
            fields.push(text);
            locs.push(Loc::Cell(cell_ref(sheet, r, c)));
        }
        if let Some((c, f)) = formula_only {
            findings.push(bad(
                &Loc::Cell(cell_ref(sheet, r, c)),
                format!(
                    "the cell holds the formula `={}` with no saved value",
                    excerpt(&f)
                ),
                "open and save the workbook in Excel or LibreOffice so the value is stored, or paste values",
            ));
            continue;
        }
        // A value past the columns is named by its cell; the empty cells
        // between are not built.
        let beyond = row
            .beyond
            .or_else(|| (used > width as u32).then(|| used - 1))
            .map(|c| Loc::Cell(cell_ref(sheet, r, c)));
        fields.truncate(width);
        locs.truncate(width);
        rows.push(DataRow {
            fields,
            locs,
            whole: Loc::Cell(format!(
                "{}:{}{}",
                cell_ref(sheet, r, 0),
                column_name(width as u32 - 1),
                r + 1
            )),
            beyond,
        });
    }
    rows
}

/// Judges the rows as the CSV reader's rows are judged, into `into`.
fn judge_rows(
    rows: &[DataRow],
    plan: &Plan,
    width: usize,
    file: usize,
    into: &mut Actuals,
    findings: &mut Vec<Finding>,
) {
    let field_at = |row: &RawRow<'_>, i: usize| row.locs.get(i).cloned();
    let row_at = |i: usize| {
        rows.get(i)
            .map_or_else(|| Loc::Span(0..0), |row| row.whole.clone())
    };
    let locate = Locate {
        field: &field_at,
        row: &row_at,
    };
    let mut judge = RowJudge::new(plan, width, file, rows.len());
    for (handle, row) in rows.iter().enumerate() {
        let raw = RawRow {
            fields: row.fields.iter().map(String::as_str).collect(),
            locs: &row.locs,
            whole: row.whole.clone(),
            handle,
            beyond: row.beyond.clone(),
        };
        judge.row(raw, &locate, into);
    }
    findings.extend(judge.finish());
}

/// A data row of the sheet, read whole (a workbook's rows are bounded by
/// its size limits, and its cells come in no promised order).
struct DataRow {
    fields: Vec<String>,
    locs: Vec<Loc>,
    whole: Loc,
    beyond: Option<Loc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_in_spreadsheets() {
        let names: Vec<String> = [0, 5, 25, 26, 27, 701, 702].map(column_name).to_vec();
        assert_eq!(names, ["A", "F", "Z", "AA", "AB", "ZZ", "AAA"]);
        assert_eq!(cell_ref("Actuals", 2, 3), "Actuals!D3");
        assert_eq!(cell_ref("Q1 final", 0, 0), "'Q1 final'!A1");
    }
}
