//! A chart's embedded workbook: one sheet with its data, inline strings,
//! so PowerPoint's "Edit Data" opens what the chart shows.

use std::fmt::Write;

use super::xml::text;

/// A worksheet cell.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// A worksheet column's letters: A, B, …, Z, AA, …
pub fn col(i: usize) -> String {
    let mut n = i + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// A number as XML holds it (non-finite numbers as 0).
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "0".into()
    }
}

/// The embedded workbook: one sheet with the chart's data, inline strings.
pub fn workbook(sheet: &[Vec<Cell>], when: zip::DateTime) -> std::io::Result<Vec<u8>> {
    use super::package::{Package, Rel, content_types, ct, rel, rels};
    let mut rows = String::new();
    for (r, row) in sheet.iter().enumerate() {
        let _ = write!(rows, "<row r=\"{}\">", r + 1);
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", col(c), r + 1);
            match cell {
                Cell::Text(t) => {
                    let _ = write!(
                        rows,
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        text(t)
                    );
                }
                Cell::Number(v) => {
                    let _ = write!(rows, "<c r=\"{at}\"><v>{}</v></c>", num(*v));
                }
                Cell::Empty => {}
            }
        }
        rows.push_str("</row>");
    }
    let mut p = Package::default();
    p.add(
        "[Content_Types].xml",
        content_types(
            &[
                ("xl/workbook.xml".into(), ct::WORKBOOK),
                ("xl/worksheets/sheet1.xml".into(), ct::WORKSHEET),
            ],
            &[("rels", ct::RELS), ("xml", "application/xml")],
        ),
    );
    p.add(
        "_rels/.rels",
        rels(&[Rel::new("rId1", rel::OFFICE_DOCUMENT, "xl/workbook.xml")]),
    );
    p.add(
        "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    );
    p.add(
        "xl/_rels/workbook.xml.rels",
        rels(&[Rel::new("rId1", rel::WORKSHEET, "worksheets/sheet1.xml")]),
    );
    p.add(
        "xl/worksheets/sheet1.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>"
        ),
    );
    p.finish(when)
}
