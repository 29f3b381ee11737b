//! Tables on a slide: column widths from content, a header row repeated on
//! continuation slides, numbers right-aligned, rows taller than a page
//! split between lines.

use std::rc::Rc;

use super::fonts::Face;
use super::layout::{Ctx, LINE_HEIGHT, Line, Piece, Prim, TextStyle, line_prims};
use crate::render::markdown::{Align, Span, plain};

/// Cell padding, in em of the table's type.
const PAD: f32 = 0.45;

/// The smallest type a table shrinks to so that its words fit whole
/// (points; 60% of the theme's table size when that is larger).
const MIN_TABLE_PT: f32 = 9.0;

impl Ctx<'_> {
    /// A table: a header piece, then one piece per row (rows taller than the
    /// body are split between lines), each row knowing its header.
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        body_height: f32,
    ) -> Vec<Piece> {
        let ncols = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let size = self.fitted_size(head, rows, ncols, width);
        let pad = size * PAD;
        let header_style = TextStyle {
            size,
            color: self.palette.header_text,
            bold: true,
            italic: false,
        };
        let body_style = self.style(size);
        let widths = self.column_widths(head, rows, ncols, width - 2.0 * pad * ncols as f32, size);
        let columns = Some(Rc::new(
            widths.iter().map(|w| w + 2.0 * pad).collect::<Vec<f32>>(),
        ));
        let aligns: Vec<Align> = (0..ncols)
            .map(|c| match aligns.get(c) {
                Some(Align::Left) | None if numeric_column(rows, c) => Align::Right,
                Some(a) => *a,
                None => Align::Left,
            })
            .collect();

        let lay_row =
            |ctx: &mut Ctx<'_>, cells: &[Vec<Span>], style: TextStyle| -> Vec<Vec<Line>> {
                (0..ncols)
                    .map(|c| {
                        let spans = cells.get(c).map_or(&[][..], Vec::as_slice);
                        if spans.is_empty() {
                            vec![Line {
                                height: style.size * LINE_HEIGHT,
                                baseline: style.size,
                                ..Line::default()
                            }]
                        } else {
                            ctx.wrap(spans, widths[c], style)
                        }
                    })
                    .collect()
            };

        let header_cells = lay_row(self, head, header_style);
        let header_h = row_height(&header_cells) + 2.0 * pad;
        // A header taller than a third of the body is not repeated on
        // continuation slides: repeated, it would leave each a sliver for
        // the rows (a header of long unbreakable words made hundreds of
        // slides). It is laid out, and split, like a row.
        let repeat = header_h <= body_height / 3.0;
        let header_bg = self.palette.header_bg;
        let header_piece = |cells: &[Vec<Line>], h: f32, next: bool| {
            let mut prims = vec![Prim::Rect {
                x,
                y: 0.0,
                w: width,
                h,
                color: header_bg,
            }];
            prims.extend(cell_prims(cells, &widths, &aligns, x, pad));
            Piece {
                space_before: 0.0,
                height: h,
                prims,
                keep_with_next: next,
                header: None,
                origin: (0, 0),
                columns: columns.clone(),
                joined: false,
            }
        };
        let mut out = Vec::new();
        let header = if repeat {
            let piece = Rc::new(header_piece(&header_cells, header_h, true));
            out.push((*piece).clone());
            Some(piece)
        } else {
            for chunk in split_row(header_cells, body_height - 1.0 - 2.0 * pad) {
                let h = row_height(&chunk) + 2.0 * pad;
                out.push(header_piece(&chunk, h, false));
            }
            None
        };
        // A row may take at most the body minus the repeated header.
        let max_row = (body_height - if repeat { header_h } else { 0.0 } - 1.0).max(size * 3.0);
        for (r, row) in rows.iter().enumerate() {
            let cells = lay_row(self, row, body_style);
            for chunk in split_row(cells, max_row - 2.0 * pad) {
                let h = row_height(&chunk) + 2.0 * pad;
                let mut prims = Vec::new();
                if r % 2 == 1 {
                    prims.push(Prim::Rect {
                        x,
                        y: 0.0,
                        w: width,
                        h,
                        color: self.palette.surface,
                    });
                }
                prims.extend(cell_prims(&chunk, &widths, &aligns, x, pad));
                prims.push(Prim::Rule {
                    x1: x,
                    x2: x + width,
                    y: h,
                    color: self.palette.rule,
                    thickness: 0.5,
                });
                out.push(Piece {
                    space_before: 0.0,
                    height: h,
                    prims,
                    keep_with_next: false,
                    header: header.clone(),
                    origin: (0, r + 1),
                    columns: columns.clone(),
                    joined: false,
                });
            }
        }
        out
    }

    /// The table's type size: the theme's, or smaller so that every
    /// column is as wide as its longest word (a header such as "Likelihood"
    /// is never broken inside), down to [`MIN_TABLE_PT`] or 60% of the
    /// theme's size. Below that floor the wrapper breaks the word with a
    /// visible hyphen.
    fn fitted_size(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        ncols: usize,
        width: f32,
    ) -> f32 {
        let full = self.sizes.table;
        let floor = (full * 0.6).max(MIN_TABLE_PT).min(full);
        let mut size = full;
        // Words scale with the size, so one step lands on the fit; a word
        // capped as too long to fit (a URL) can take a second step.
        for _ in 0..3 {
            let padding = 2.0 * size * PAD * ncols as f32;
            let (_, minimum) = self.measure(head, rows, ncols, width - padding, size);
            let needed = minimum.iter().sum::<f32>() + padding;
            if needed <= width || size <= floor {
                break;
            }
            size = (size * width / needed * 0.999).max(floor);
        }
        size
    }

    /// Each column's natural width (its longest cell on one line) and its
    /// minimum (its longest word, capped for a word too long for any table).
    fn measure(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        ncols: usize,
        width: f32,
        size: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        let mut natural = vec![size; ncols];
        let mut minimum = vec![size; ncols];
        let cells = head.iter().enumerate().map(|(c, s)| (c, s, true)).chain(
            rows.iter()
                .flat_map(|r| r.iter().enumerate().map(|(c, s)| (c, s, false))),
        );
        for (c, spans, header) in cells {
            if c >= ncols {
                continue;
            }
            // Measure each span in its own face: a bold word is wider.
            let mut full = 0.0_f32;
            let mut longest = 0.0_f32;
            for span in spans {
                let face = Face::of(header || span.style.bold, span.style.italic);
                full += self.fonts.width(face, size, &span.text);
                for word in span.text.split([' ', '\n']) {
                    longest = longest.max(self.fonts.width(face, size, word));
                }
            }
            natural[c] = natural[c].max(full);
            // A very long word (a URL) may break rather than take the table.
            minimum[c] = minimum[c].max(longest.min(width / ncols as f32 * 1.5));
        }
        (natural, minimum)
    }

    /// Column widths from content: each column gets at least its longest
    /// word, and the rest of the width in proportion to its text.
    fn column_widths(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        ncols: usize,
        width: f32,
        size: f32,
    ) -> Vec<f32> {
        let (natural, minimum) = self.measure(head, rows, ncols, width, size);
        let total_natural: f32 = natural.iter().sum();
        if total_natural <= width {
            // Spread the spare room evenly: tables span the slide.
            let spare = (width - total_natural) / ncols as f32;
            return natural.iter().map(|n| n + spare).collect();
        }
        let total_min: f32 = minimum.iter().sum();
        if total_min >= width {
            return minimum.iter().map(|m| m / total_min * width).collect();
        }
        // Columns narrower than a fair share of what is left get their full
        // width (short numbers and dates stay on one line); the others share
        // the rest in proportion to their text, never below their longest word.
        let mut out = vec![0.0_f32; ncols];
        let mut open: Vec<usize> = (0..ncols).collect();
        let mut room = width;
        loop {
            let fair = room / open.len().max(1) as f32;
            let (short, long): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&c| natural[c] <= fair);
            if short.is_empty() {
                break;
            }
            for c in short {
                out[c] = natural[c];
                room -= natural[c];
            }
            open = long;
            if open.is_empty() {
                return out;
            }
        }
        let open_min: f32 = open.iter().map(|&c| minimum[c]).sum();
        let flexible: f32 = open.iter().map(|&c| natural[c] - minimum[c]).sum();
        let spare = (room - open_min).max(0.0);
        for &c in &open {
            out[c] = minimum[c]
                + if flexible > 0.0 {
                    (natural[c] - minimum[c]) / flexible * spare
                } else {
                    0.0
                };
        }
        // The short columns may have left less room than the long ones'
        // minimums: then every column starts from its longest word and the
        // rest is shared in proportion to the text beyond it, so no word
        // is broken while all of them fit (Σ minimum ≤ width here).
        let total: f32 = out.iter().sum();
        if total > width {
            let total_min: f32 = minimum.iter().sum();
            let beyond: f32 = (0..ncols).map(|c| natural[c] - minimum[c]).sum();
            let spare = (width - total_min).max(0.0);
            for c in 0..ncols {
                out[c] = minimum[c]
                    + if beyond > 0.0 {
                        (natural[c] - minimum[c]) / beyond * spare
                    } else {
                        0.0
                    };
            }
        }
        out
    }
}

fn row_height(cells: &[Vec<Line>]) -> f32 {
    cells
        .iter()
        .map(|lines| lines.iter().map(|l| l.height).sum::<f32>())
        .fold(0.0, f32::max)
}

/// Splits a row whose cells are taller than `max` into several rows.
fn split_row(cells: Vec<Vec<Line>>, max: f32) -> Vec<Vec<Vec<Line>>> {
    if row_height(&cells) <= max {
        return vec![cells];
    }
    let mut chunks: Vec<Vec<Vec<Line>>> = Vec::new();
    let mut iters: Vec<std::vec::IntoIter<Line>> = cells.into_iter().map(Vec::into_iter).collect();
    loop {
        let mut chunk = Vec::new();
        let mut any = false;
        for it in iters.iter_mut() {
            let mut lines = Vec::new();
            let mut h = 0.0;
            while let Some(l) = it.as_slice().first() {
                if h + l.height > max && !lines.is_empty() {
                    break;
                }
                h += l.height;
                lines.extend(it.next());
            }
            any |= !lines.is_empty();
            chunk.push(lines);
        }
        if !any {
            break;
        }
        chunks.push(chunk);
    }
    chunks
}

fn cell_prims(
    cells: &[Vec<Line>],
    widths: &[f32],
    aligns: &[Align],
    x: f32,
    pad: f32,
) -> Vec<Prim> {
    let mut prims = Vec::new();
    let mut cx = x + pad;
    for (c, lines) in cells.iter().enumerate() {
        let w = widths.get(c).copied().unwrap_or(0.0);
        let mut y = pad;
        for line in lines {
            let dx = match aligns.get(c) {
                Some(Align::Right) => (w - line.width).max(0.0),
                Some(Align::Center) => (w - line.width).max(0.0) / 2.0,
                _ => 0.0,
            };
            prims.extend(line_prims(line, cx + dx, y));
            y += line.height;
        }
        cx += w + 2.0 * pad;
    }
    prims
}

/// Whether every non-empty body cell of column `c` reads as a number or an amount.
fn numeric_column(rows: &[Vec<Vec<Span>>], c: usize) -> bool {
    let mut any = false;
    for row in rows {
        let text = row.get(c).map(|s| plain(s)).unwrap_or_default();
        let t = text.trim();
        if t.is_empty() || t == "—" {
            continue;
        }
        // Starts like a number or an amount (`12`, `-3%`, `€1.2M`, `$5`), and
        // has few letters after (`k`, `M`, `pts`): not a label like `Q2 2027`.
        let body = t.trim_start_matches(['-', '+', '€', '$', '£', '¥', '₹', '~', '≈', '(']);
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if !body.starts_with(|c: char| c.is_ascii_digit()) || letters > 3 {
            return false;
        }
        any = true;
    }
    any
}
