//! The cells of a workbook someone else wrote, bounded: the package is
//! measured before anything is built from it, each sheet is streamed cell
//! by cell and only cells that hold something are kept, up to a limit.

use std::collections::BTreeMap;
use std::io::Read;

use calamine::{DataRef, Reader};
use chrono::NaiveDate;

/// A plan has a few thousand cells; a workbook claiming more is refused.
pub const MAX_CELLS: usize = 500_000;
/// Columns a plan sheet can use; cells further right are reported, not kept.
pub const MAX_COLUMNS: u32 = 256;
/// Characters kept of one cell (the plan loader bounds texts further).
const MAX_CELL_CHARS: usize = 20_000;
/// Bounds of the package: parts, one part inflated, all parts inflated.
const MAX_PARTS: usize = 2_000;
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;
const MAX_SHEETS: usize = 200;

/// One cell's value, as the workbook holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// A date with a time of day, or one that is not a calendar date.
    DateTime(String),
    /// `#REF!`, `#DIV/0!`…
    Error(String),
    /// A formula whose result was never saved.
    Formula(String),
}

/// A sheet's cells that hold something, by row and column (0-based).
pub struct Grid {
    pub name: String,
    pub cells: BTreeMap<u32, BTreeMap<u32, Value>>,
    /// Merged blocks: first and last (row, column).
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// The first row holding a cell past `MAX_COLUMNS`.
    pub too_wide: Option<(u32, u32)>,
    /// Cells were left unread past `MAX_CELLS`.
    pub truncated: bool,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells.get(&row).and_then(|r| r.get(&col))
    }
}

/// Whether the reader inflates a part: the workbook, its relations, shared
/// strings, styles and sheets. Notes, drawings, themes and properties are
/// never read, so they are not inflated either.
fn read_by_calamine(name: &str) -> bool {
    !(name.starts_with("xl/drawings/")
        || name.starts_with("xl/comments")
        || name.starts_with("xl/theme/")
        || name.starts_with("xl/media/")
        || name.starts_with("xl/printerSettings/")
        || name.starts_with("docProps/"))
}

/// Measures the parts a reader will inflate before it inflates any of
/// them; says whether any sheet has merged cells (most have none, and
/// finding out costs a second pass over each sheet).
fn check_package(bytes: &[u8]) -> Result<bool, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "it has {} parts; a plan workbook has a few dozen",
            zip.len()
        ));
    }
    let mut total = 0u64;
    let mut merged = false;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| format!("a part cannot be read ({e})"))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if !read_by_calamine(&name) {
            continue;
        }
        let sheet = name.starts_with("xl/worksheets/sheet");
        // Declared sizes can lie: count what actually inflates.
        let mut n = 0u64;
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let got = part
                .read(&mut buf)
                .map_err(|e| format!("a part cannot be read ({e})"))?;
            if got == 0 {
                break;
            }
            n += got as u64;
            if n > MAX_PART_BYTES {
                return Err(format!(
                    "a part inflates to more than {} MiB",
                    MAX_PART_BYTES >> 20
                ));
            }
            if sheet && !merged {
                // The tag may straddle two reads: keep the end of the last.
                tail.extend_from_slice(&buf[..got]);
                merged = tail.windows(10).any(|w| w == b"<mergeCell");
                let keep = tail.len().saturating_sub(9);
                tail.drain(..keep);
            }
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "it inflates to more than {} MiB",
                MAX_TOTAL_BYTES >> 20
            ));
        }
    }
    Ok(merged)
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => s[..at].to_string(),
        None => s.to_string(),
    }
}

fn value(v: &DataRef<'_>) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s)
            if s.trim().is_empty() =>
        {
            return None;
        }
        DataRef::SharedString(s) if s.trim().is_empty() => return None,
        DataRef::String(s) => Value::Text(clip(s)),
        DataRef::SharedString(s) => Value::Text(clip(s)),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => Value::Date(dt.date()),
            Some(dt) => Value::DateTime(dt.to_string()),
            None => Value::DateTime(d.as_f64().to_string()),
        },
        DataRef::DateTimeIso(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Value::Date(d),
            Err(_) => Value::DateTime(clip(s)),
        },
        DataRef::DurationIso(s) => Value::Text(clip(s)),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

/// Every sheet of the workbook, in order.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let any_merged = check_package(bytes)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not an XLSX workbook ({e})"))?;
    let names = book.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(format!(
            "it has {} sheets; a plan workbook has about twenty",
            names.len()
        ));
    }
    let mut out = Vec::with_capacity(names.len());
    let mut count = 0usize;
    for name in names {
        // The sheets mvplan writes for people only are not read.
        if super::layout::IGNORED
            .iter()
            .any(|i| super::layout::normal(i) == super::layout::normal(&name))
        {
            continue;
        }
        let merged = if any_merged {
            book.merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start, d.end))
                .filter(|(a, b)| a != b)
                .collect()
        } else {
            Vec::new()
        };
        let mut grid = Grid {
            name: name.clone(),
            cells: BTreeMap::new(),
            merged,
            too_wide: None,
            truncated: false,
        };
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| format!("sheet `{name}` cannot be read ({e})"))?;
        while let Some(c) = reader
            .next_cell_with_formula()
            .map_err(|e| format!("sheet `{name}` cannot be read ({e})"))?
        {
            let (r, col) = c.pos;
            let v = match (value(&c.value), c.formula) {
                (Some(v), _) => v,
                (None, Some(f)) if !f.is_empty() => Value::Formula(clip(&f)),
                _ => continue,
            };
            if col >= MAX_COLUMNS {
                grid.too_wide.get_or_insert((r, col));
                continue;
            }
            count += 1;
            if count > MAX_CELLS {
                grid.truncated = true;
                break;
            }
            grid.cells.entry(r).or_default().insert(col, v);
        }
        let stop = grid.truncated;
        out.push(grid);
        if stop {
            break;
        }
    }
    Ok(out)
}

/// `A`, `B`, … `Z`, `AA`: a 0-based column's letters.
pub fn column_name(col: u32) -> String {
    crate::actuals::column_name(col)
}

/// A cell reference, the sheet quoted when it needs it (`'Budget lines'!A1`).
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!(
        "{}!{}{}",
        super::write::quoted(sheet),
        column_name(col),
        row + 1
    )
}

/// Whether the bytes are a ZIP package (an XLSX workbook) rather than text.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether the workbook at `bytes` is a plan workbook: it has a `Plan`
/// sheet (an actuals or budget workbook beside the plans has none).
pub fn is_plan_workbook(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.take(4 * 1024 * 1024).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains("name=\"Plan\"") || xml.contains("name='Plan'")
}
