//! Markdown tables → native PowerPoint tables: header row styled, numbers
//! aligned as the Markdown says, the PDF's column widths, and only the rows
//! of this page when a table continues.

use super::slide_kit::{Ids, Part, Rels, Sizes};
use super::text::runs_in;
use super::xml::{Paint, emu};
use crate::render::markdown::{Align, Span, Style, plain};
use crate::theme::{Rgb, Theme};

/// A line of table text, in text sizes (the viewer's line height), and
/// a row's top and bottom margins together, pt.
const LINE: f32 = 1.25;
const ROW_MARGINS: f32 = 3.5;

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

/// Rows as tall as their lines, and text no larger than the box (`height`
/// pt) allows for them: a viewer draws a row taller than planned when its
/// text does not fit, and the table then runs into what is below it.
/// Returns the text size and each row's height (EMU), header first.
fn row_heights(
    head: &[Vec<Span>],
    rows: &[&Vec<Vec<Span>>],
    col_pt: &[f32],
    height: f32,
    planned: f32,
) -> (f32, Vec<i64>) {
    let width: f32 = col_pt.iter().sum();
    let lines: Vec<f32> = std::iter::once(head)
        .chain(rows.iter().map(|r| r.as_slice()))
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, cell)| {
                    // Half an em a character, less the cell's padding.
                    let text = plain(cell).chars().count() as f32 * 0.5 * planned;
                    let room = (col_pt.get(i).copied().unwrap_or(width) - planned * 0.6).max(1.0);
                    (text / room).ceil().clamp(1.0, 6.0)
                })
                .fold(1.0, f32::max)
        })
        .collect();
    let total_lines: f32 = lines.iter().sum();
    let n_rows = lines.len() as f32;
    let size = planned
        .min((height - ROW_MARGINS * n_rows) / (LINE * total_lines))
        .max(planned * 0.6);
    let natural: Vec<f32> = lines
        .iter()
        .map(|l| l * LINE * size + ROW_MARGINS)
        .collect();
    let stretch = (height / natural.iter().sum::<f32>()).max(1.0);
    (size, natural.iter().map(|h| emu(h * stretch)).collect())
}

/// Estimated width of a character in em: wide enough for bold capitals
/// and digits in the template's font, which mvplan cannot measure here.
const CHAR_EM: f32 = 0.62;

/// The largest text size (pt) at which each column's longest word fits on
/// one line of its cell, padding included: a viewer breaks a word wider
/// than its cell inside it ("Likeliho / od"), so the table's text shrinks
/// first (down to the floor the caller sets).
fn word_fit(head: &[Vec<Span>], rows: &[&Vec<Vec<Span>>], col_pt: &[f32]) -> f32 {
    let mut fit = f32::INFINITY;
    for row in std::iter::once(head).chain(rows.iter().map(|r| r.as_slice())) {
        for (cell, width) in row.iter().zip(col_pt) {
            let text = plain(cell);
            let longest = text.split_whitespace().map(|w| w.chars().count()).max();
            if let Some(chars) = longest.filter(|n| *n > 0) {
                // The word, and the cell's padding (0.3 em each side).
                fit = fit.min(width / (chars as f32 * CHAR_EM + 0.6));
            }
        }
    }
    fit
}

/// A native table: header row styled, numbers right-aligned (the Markdown's
/// alignment), rows of this page only when the table continues.
#[allow(clippy::too_many_arguments)]
pub fn table(
    ids: &mut Ids,
    b: (f32, f32, f32, f32),
    aligns: &[Align],
    head: &[Vec<Span>],
    rows: &[Vec<Vec<Span>>],
    columns: Option<&[f32]>,
    part: Option<&Part>,
    sizes: &Sizes,
    theme: &Theme,
    own_colors: bool,
    rels: &mut Rels,
) -> String {
    let cols = head
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    // The PDF's column widths (measured text), so cells wrap where they
    // wrap there; without them, widths by the longest text in each.
    let mut weight = vec![1.0_f32; cols];
    match columns.filter(|c| c.len() == cols && c.iter().all(|w| *w > 0.0)) {
        Some(c) => weight.copy_from_slice(c),
        None => {
            for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
                for (i, cell) in row.iter().enumerate().take(cols) {
                    let n = plain(cell).chars().count().min(60) as f32;
                    weight[i] = weight[i].max(n.sqrt() * 3.0 + 4.0);
                }
            }
        }
    }
    let total: f32 = weight.iter().sum();
    let widths: Vec<i64> = weight.iter().map(|w| emu(b.2 * w / total)).collect();
    let rows_here: Vec<&Vec<Vec<Span>>> = rows
        .iter()
        .enumerate()
        .filter(|(r, _)| part.is_none_or(|p| p.on_page.contains(&(r + 1))))
        .map(|(_, r)| r)
        .collect();
    let col_pt: Vec<f32> = weight.iter().map(|w| b.2 * w / total).collect();
    let planned = sizes.table.unwrap_or(14.0);
    let planned = planned
        .min(word_fit(head, &rows_here, &col_pt))
        .max(planned * 0.6);
    let (size, row_hs) = row_heights(head, &rows_here, &col_pt, b.3, planned);
    let sizes = &Sizes {
        table: Some(size),
        ..*sizes
    };
    let c = &theme.colors;
    // A little less than the PDF's cell padding (0.45 of the text size
    // each side): the columns are the PDF's widths, and the viewer's own
    // measuring must not wrap what just fitted there ("€480k").
    let pad = emu(size * 0.3);
    let cell = |spans: &[Span], align: Align, header: bool, rels: &mut Rels, odd: bool| {
        let mut t = String::new();
        let paint = match (own_colors, header) {
            (true, true) => Some(Paint::Rgb(c.on_primary)),
            (true, false) => Some(Paint::Rgb(c.text)),
            (false, true) => Some(Paint::Scheme("bg1")),
            (false, false) => None,
        };
        runs_in(
            &mut t,
            spans,
            sizes.table,
            paint,
            rels,
            header.then_some(Style {
                bold: true,
                ..Style::default()
            }),
        );
        let algn = match align {
            Align::Right => "r",
            Align::Center => "ctr",
            Align::Left => "l",
        };
        // A company template's own colours: its first accent and its
        // second background.
        let fill = match (header, odd, own_colors) {
            (true, _, true) => format!(
                "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                hex(c.primary)
            ),
            (true, _, false) => {
                "<a:solidFill><a:schemeClr val=\"accent1\"/></a:solidFill>".to_string()
            }
            (false, true, true) => format!(
                "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                hex(c.surface)
            ),
            (false, true, false) => {
                "<a:solidFill><a:schemeClr val=\"bg2\"/></a:solidFill>".to_string()
            }
            (false, false, _) => "<a:noFill/>".to_string(),
        };
        format!(
            "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr algn=\"{algn}\"/>{t}</a:p></a:txBody><a:tcPr marL=\"{pad}\" marR=\"{pad}\" marT=\"19050\" marB=\"19050\" anchor=\"ctr\">{fill}</a:tcPr></a:tc>"
        )
    };
    let mut grid = String::new();
    for w in &widths {
        grid.push_str(&format!("<a:gridCol w=\"{w}\"/>"));
    }
    let mut body = String::new();
    body.push_str(&format!("<a:tr h=\"{}\">", row_hs[0]));
    for i in 0..cols {
        let spans = head.get(i).cloned().unwrap_or_default();
        body.push_str(&cell(
            &spans,
            aligns.get(i).copied().unwrap_or(Align::Left),
            true,
            rels,
            false,
        ));
    }
    body.push_str("</a:tr>");
    for (r, row) in rows_here.iter().enumerate() {
        body.push_str(&format!("<a:tr h=\"{}\">", row_hs[r + 1]));
        for i in 0..cols {
            let spans = row.get(i).cloned().unwrap_or_default();
            body.push_str(&cell(
                &spans,
                aligns.get(i).copied().unwrap_or(Align::Left),
                false,
                rels,
                r % 2 == 1,
            ));
        }
        body.push_str("</a:tr>");
    }
    let id = ids.next();
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Table {id}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\" bandRow=\"1\"/><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        emu(b.0),
        emu(b.1),
        widths.iter().sum::<i64>(),
        row_hs.iter().sum::<i64>()
    )
}
