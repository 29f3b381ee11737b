//! Laying out slide content: inline text is broken into lines by measured
//! glyph widths, blocks become a column of *pieces* — a line, a table row, a
//! chart — each atomic, so that pagination can move whole pieces to a
//! continuation slide and never cut one.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::fonts::{Face, Fonts};
use crate::render::chart::Chart;
use crate::render::markdown::{Align, Block, Span, Style, plain};
use crate::theme::{Rgb, Theme};

/// A run of text in one face, size and colour, placed on a line.
#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    /// Offset from the line's left edge.
    pub x: f32,
    pub width: f32,
    pub link: Option<String>,
    pub strike: bool,
    pub code: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
    pub height: f32,
    /// Baseline below the line's top.
    pub baseline: f32,
}

/// Something to draw, placed relative to its piece's top-left corner.
#[derive(Debug, Clone)]
pub enum Prim {
    /// A run whose baseline is at (x, y).
    Text {
        x: f32,
        y: f32,
        run: Run,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        color: Rgb,
        thickness: f32,
    },
    Poly {
        points: Vec<(f32, f32)>,
        color: Rgb,
    },
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        chart: Rc<Chart>,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        src: String,
    },
}

/// An atomic vertical unit of a slide's body.
#[derive(Debug, Clone, Default)]
pub struct Piece {
    pub space_before: f32,
    pub height: f32,
    pub prims: Vec<Prim>,
    /// Headings stay with what follows them.
    pub keep_with_next: bool,
    /// For table rows: the header row to repeat on a continuation slide.
    pub header: Option<Rc<Piece>>,
}

/// Font sizes at the current scale.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Level-1 headings in the body (title and section slides).
    pub h1: f32,
    pub body: f32,
    pub h2: f32,
    pub h3: f32,
    pub table: f32,
    pub code: f32,
}

impl Sizes {
    /// Body text is 20 pt at scale 1; the legible floor is scale 0.7 (14 pt).
    pub fn at(scale: f32) -> Sizes {
        Sizes {
            h1: 40.0 * scale,
            body: 20.0 * scale,
            h2: 26.0 * scale,
            h3: 22.0 * scale,
            table: 17.0 * scale,
            code: 16.0 * scale,
        }
    }
}

/// Colours for text in the current context (normal slides or dark bands).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub text: Rgb,
    pub heading: Rgb,
    pub muted: Rgb,
    pub link: Rgb,
    pub accent: Rgb,
    pub surface: Rgb,
    pub header_bg: Rgb,
    pub header_text: Rgb,
    pub rule: Rgb,
}

impl Palette {
    pub fn normal(theme: &Theme) -> Palette {
        let c = &theme.colors;
        Palette {
            text: c.text,
            heading: c.primary,
            muted: c.muted,
            link: c.primary.mix(c.accent, 0.3),
            accent: c.accent,
            surface: c.surface,
            header_bg: c.primary,
            header_text: c.on_primary,
            rule: c.muted.mix(c.background, 0.6),
        }
    }

    /// Text on the primary colour (title and section slides).
    pub fn inverse(theme: &Theme) -> Palette {
        let c = &theme.colors;
        Palette {
            text: c.on_primary,
            heading: c.on_primary,
            muted: c.on_primary.mix(c.primary, 0.25),
            link: c.on_primary,
            accent: c.accent,
            surface: c.primary.mix(c.on_primary, 0.12),
            header_bg: c.accent,
            header_text: c.on_primary,
            rule: c.on_primary.mix(c.primary, 0.5),
        }
    }
}

pub struct Ctx<'a> {
    pub fonts: &'a Fonts,
    /// Pixel sizes of the images the slide uses that could be loaded.
    pub image_sizes: &'a std::collections::HashMap<String, (f32, f32)>,
    pub sizes: Sizes,
    pub palette: Palette,
    pub align: Align,
    /// Characters with no glyph, for a warning.
    pub missing: BTreeSet<char>,
    /// Chart lines that could not be read, for a warning.
    pub chart_problems: Vec<String>,
}

/// Style of a run before measuring.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f32,
    pub color: Rgb,
    pub bold: bool,
    pub italic: bool,
}

const LINE_HEIGHT: f32 = 1.3;

impl Ctx<'_> {
    fn face(&self, base: TextStyle, style: Style) -> Face {
        Face::of(base.bold || style.bold, base.italic || style.italic)
    }

    fn note_missing(&mut self, face: Face, text: &str) {
        for c in self.fonts.missing(face, text) {
            self.missing.insert(c);
        }
    }

    /// Breaks spans into lines of at most `width` points.
    pub fn wrap(&mut self, spans: &[Span], width: f32, base: TextStyle) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut pending_space: Option<(Face, &Span)> = None;
        let width = width.max(base.size * 2.0);

        for span in spans {
            let face = self.face(base, span.style);
            let base = TextStyle {
                color: if span.link.is_some() {
                    self.palette.link
                } else {
                    base.color
                },
                ..base
            };
            let size = if span.style.code {
                base.size * 0.92
            } else {
                base.size
            };
            self.note_missing(face, &span.text);
            for (i, para) in span.text.split('\n').enumerate() {
                if i > 0 {
                    lines.push(finish(std::mem::take(&mut line), base.size));
                    pending_space = None;
                }
                let mut rest = para;
                while !rest.is_empty() {
                    // Next token: a run of spaces, or a word.
                    let is_space = rest.starts_with(' ');
                    let end = rest
                        .find(|c: char| (c == ' ') != is_space)
                        .unwrap_or(rest.len());
                    let token = &rest[..end];
                    rest = &rest[end..];
                    if is_space {
                        if !line.runs.is_empty() {
                            pending_space = Some((face, span));
                        }
                        continue;
                    }
                    let space_w =
                        pending_space.map_or(0.0, |(f, _)| self.fonts.width(f, size, " "));
                    let w = self.fonts.width(face, size, token);
                    if !line.runs.is_empty() && line.width + space_w + w > width {
                        lines.push(finish(std::mem::take(&mut line), base.size));
                        pending_space = None;
                    }
                    if line.runs.is_empty() && w > width {
                        // A word longer than the line (a URL): break it anywhere.
                        let mut chunk = String::new();
                        let mut chunk_w = 0.0;
                        for c in token.chars() {
                            let cw = self.fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
                            if chunk_w + cw > width && !chunk.is_empty() {
                                push_run(
                                    &mut line,
                                    std::mem::take(&mut chunk),
                                    face,
                                    size,
                                    base,
                                    span,
                                    chunk_w,
                                );
                                lines.push(finish(std::mem::take(&mut line), base.size));
                                chunk_w = 0.0;
                            }
                            chunk.push(c);
                            chunk_w += cw;
                        }
                        push_run(&mut line, chunk, face, size, base, span, chunk_w);
                        continue;
                    }
                    if pending_space.take().is_some() {
                        push_run(&mut line, " ".to_string(), face, size, base, span, space_w);
                    }
                    push_run(&mut line, token.to_string(), face, size, base, span, w);
                }
            }
        }
        if !line.runs.is_empty() || lines.is_empty() {
            lines.push(finish(line, base.size));
        }
        lines
    }

    fn style(&self, size: f32) -> TextStyle {
        TextStyle {
            size,
            color: self.palette.text,
            bold: false,
            italic: false,
        }
    }

    /// Lines as pieces, one per line, aligned within `width`.
    fn line_pieces(
        &self,
        lines: Vec<Line>,
        x: f32,
        width: f32,
        align: Align,
        space_before: f32,
    ) -> Vec<Piece> {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let dx = match align {
                    Align::Left => 0.0,
                    Align::Center => (width - line.width).max(0.0) / 2.0,
                    Align::Right => (width - line.width).max(0.0),
                };
                let prims = line_prims(&line, x + dx, 0.0);
                Piece {
                    space_before: if i == 0 { space_before } else { 0.0 },
                    height: line.height,
                    prims,
                    ..Piece::default()
                }
            })
            .collect()
    }

    /// Lays out blocks in a column `width` wide starting at `x`.
    pub fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        width: f32,
        depth: usize,
        body_height: f32,
    ) -> Vec<Piece> {
        let mut out = Vec::new();
        let gap = self.sizes.body * 0.55;
        for (i, block) in blocks.iter().enumerate() {
            let space = if i == 0 { 0.0 } else { gap };
            match block {
                Block::Heading { level, spans } => {
                    let size = match level {
                        1 => self.sizes.h1,
                        2 => self.sizes.h2,
                        3 => self.sizes.h3,
                        _ => self.sizes.body,
                    };
                    let style = TextStyle {
                        size,
                        color: self.palette.heading,
                        bold: true,
                        italic: false,
                    };
                    let lines = self.wrap(spans, width, style);
                    let mut pieces = self.line_pieces(
                        lines,
                        x,
                        width,
                        self.align,
                        if i == 0 { 0.0 } else { gap * 1.4 },
                    );
                    for p in &mut pieces {
                        p.keep_with_next = true;
                    }
                    out.extend(pieces);
                }
                Block::Paragraph(spans) => {
                    let style = self.style(self.sizes.body);
                    let lines = self.wrap(spans, width, style);
                    out.extend(self.line_pieces(lines, x, width, self.align, space));
                }
                Block::List { start, items } => {
                    let indent = self.sizes.body * 1.4;
                    for (n, item) in items.iter().enumerate() {
                        let marker = match start {
                            Some(s) => format!("{}.", s + n as u64),
                            None => ["•", "–", "◦"][depth.min(2)].to_string(),
                        };
                        let mut pieces =
                            self.blocks(item, x + indent, width - indent, depth + 1, body_height);
                        if let Some(first) = pieces.first_mut() {
                            let size = self.sizes.body;
                            let face = Face::Regular;
                            let w = self.fonts.width(face, size, &marker);
                            // The marker sits on the first line's baseline.
                            let baseline = first.prims.iter().find_map(|p| match p {
                                Prim::Text { y, .. } => Some(*y),
                                _ => None,
                            });
                            first.prims.push(Prim::Text {
                                x: x + indent - w - size * 0.4,
                                y: baseline.unwrap_or(size),
                                run: Run {
                                    text: marker,
                                    face,
                                    size,
                                    color: self.palette.accent,
                                    x: 0.0,
                                    width: w,
                                    link: None,
                                    strike: false,
                                    code: false,
                                },
                            });
                            first.space_before = if n == 0 {
                                space
                            } else {
                                self.sizes.body * 0.25
                            };
                        }
                        out.extend(pieces);
                    }
                }
                Block::Quote(inner) => {
                    let saved = self.palette.text;
                    self.palette.text = self.palette.muted;
                    let mut pieces = self.blocks(inner, x + 18.0, width - 18.0, depth, body_height);
                    self.palette.text = saved;
                    for (n, p) in pieces.iter_mut().enumerate() {
                        if n == 0 {
                            p.space_before = space;
                        }
                        p.prims.insert(
                            0,
                            Prim::Rect {
                                x,
                                y: -p.space_before.min(2.0),
                                w: 4.0,
                                h: p.height + p.space_before.min(2.0),
                                color: self.palette.accent,
                            },
                        );
                    }
                    out.extend(pieces);
                }
                Block::Code { text, .. } => {
                    let size = self.sizes.code;
                    let style = TextStyle {
                        size,
                        color: self.palette.text,
                        bold: false,
                        italic: false,
                    };
                    for (n, raw) in text.trim_end_matches('\n').split('\n').enumerate() {
                        let spans = [Span {
                            text: raw.to_string(),
                            style: Style {
                                code: false,
                                ..Style::default()
                            },
                            link: None,
                        }];
                        for (m, line) in self
                            .wrap(&spans, width - 16.0, style)
                            .into_iter()
                            .enumerate()
                        {
                            let mut prims = vec![Prim::Rect {
                                x,
                                y: 0.0,
                                w: width,
                                h: line.height,
                                color: self.palette.surface,
                            }];
                            prims.extend(line_prims(&line, x + 8.0, 0.0));
                            out.push(Piece {
                                space_before: if n == 0 && m == 0 { space } else { 0.0 },
                                height: line.height,
                                prims,
                                ..Piece::default()
                            });
                        }
                    }
                }
                Block::Table { aligns, head, rows } => {
                    let pieces = self.table(aligns, head, rows, x, width, body_height);
                    let mut first = true;
                    for mut p in pieces {
                        if first {
                            p.space_before = space;
                            first = false;
                        }
                        out.push(p);
                    }
                }
                Block::Chart(chart) => {
                    for problem in &chart.skipped {
                        self.chart_problems.push(problem.clone());
                    }
                    let h = chart_height(chart, self.sizes.body / 20.0).min(body_height);
                    out.push(Piece {
                        space_before: space,
                        height: h,
                        prims: vec![Prim::Chart {
                            x,
                            y: 0.0,
                            w: width,
                            h,
                            chart: Rc::new(chart.clone()),
                        }],
                        ..Piece::default()
                    });
                }
                Block::Image { src, alt } => match self.image_sizes.get(src) {
                    Some(&(pw, ph)) => {
                        // Natural size at 96 dpi, shrunk to fit, never enlarged.
                        let (w0, h0) = (pw * 0.75, ph * 0.75);
                        let k = (width / w0).min(body_height * 0.6 / h0).min(1.0);
                        let (w, h) = (w0 * k, h0 * k);
                        let dx = match self.align {
                            Align::Left => 0.0,
                            Align::Center => (width - w) / 2.0,
                            Align::Right => width - w,
                        };
                        out.push(Piece {
                            space_before: space,
                            height: h,
                            prims: vec![Prim::Image {
                                x: x + dx,
                                y: 0.0,
                                w,
                                h,
                                src: src.clone(),
                            }],
                            ..Piece::default()
                        });
                    }
                    None => {
                        // The image could not be used: its alt text stands in.
                        let style = TextStyle {
                            italic: true,
                            ..self.style(self.sizes.body)
                        };
                        let text = if alt.is_empty() {
                            format!("[image: {src}]")
                        } else {
                            format!("[image: {alt}]")
                        };
                        let spans = [Span {
                            text,
                            style: Style::default(),
                            link: None,
                        }];
                        let lines = self.wrap(&spans, width, style);
                        out.extend(self.line_pieces(lines, x, width, self.align, space));
                    }
                },
                Block::Rule => out.push(Piece {
                    space_before: space,
                    height: self.sizes.body * 0.6,
                    prims: vec![Prim::Rule {
                        x1: x,
                        x2: x + width,
                        y: self.sizes.body * 0.3,
                        color: self.palette.rule,
                        thickness: 1.0,
                    }],
                    ..Piece::default()
                }),
            }
        }
        out
    }

    /// A table: a header piece, then one piece per row (rows taller than the
    /// body are split between lines), each row knowing its header.
    fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        body_height: f32,
    ) -> Vec<Piece> {
        let size = self.sizes.table;
        let pad = size * 0.45;
        let ncols = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let header_style = TextStyle {
            size,
            color: self.palette.header_text,
            bold: true,
            italic: false,
        };
        let body_style = self.style(size);
        let widths = self.column_widths(head, rows, ncols, width - 2.0 * pad * ncols as f32, size);
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
        let mut header_prims = vec![Prim::Rect {
            x,
            y: 0.0,
            w: width,
            h: header_h,
            color: self.palette.header_bg,
        }];
        header_prims.extend(cell_prims(&header_cells, &widths, &aligns, x, pad));
        let header = Rc::new(Piece {
            space_before: 0.0,
            height: header_h,
            prims: header_prims,
            keep_with_next: true,
            header: None,
        });
        let mut out = vec![(*header).clone()];
        // A row may take at most the body minus the repeated header.
        let max_row = (body_height - header_h - 1.0).max(size * 3.0);
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
                    header: Some(header.clone()),
                });
            }
        }
        out
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
                for word in span.text.split(' ') {
                    longest = longest.max(self.fonts.width(face, size, word));
                }
            }
            natural[c] = natural[c].max(full);
            // A very long word (a URL) may break rather than take the table.
            minimum[c] = minimum[c].max(longest.min(width / ncols as f32 * 1.5));
        }
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
        out
    }
}

fn push_run(
    line: &mut Line,
    text: String,
    face: Face,
    size: f32,
    base: TextStyle,
    span: &Span,
    w: f32,
) {
    if let Some(last) = line.runs.last_mut()
        && last.face == face
        && last.size == size
        && last.link == span.link
        && last.strike == span.style.strike
        && last.code == span.style.code
    {
        last.text.push_str(&text);
        last.width += w;
        line.width += w;
        return;
    }
    line.runs.push(Run {
        text,
        face,
        size,
        color: base.color,
        x: line.width,
        width: w,
        link: span.link.clone(),
        strike: span.style.strike,
        code: span.style.code,
    });
    line.width += w;
}

fn finish(mut line: Line, size: f32) -> Line {
    // Trailing spaces don't count towards alignment.
    if let Some(last) = line.runs.last_mut()
        && last.text.ends_with(' ')
    {
        let trimmed = last.text.trim_end().len();
        let ratio = if last.text.is_empty() {
            1.0
        } else {
            trimmed as f32 / last.text.len() as f32
        };
        let new_w = last.width * ratio;
        line.width -= last.width - new_w;
        last.width = new_w;
        last.text.truncate(trimmed);
    }
    line.height = size * LINE_HEIGHT;
    line.baseline = size * 1.02;
    line
}

fn line_prims(line: &Line, x: f32, y: f32) -> Vec<Prim> {
    line.runs
        .iter()
        .filter(|r| !r.text.is_empty())
        .map(|r| Prim::Text {
            x: x + r.x,
            y: y + line.baseline,
            run: r.clone(),
        })
        .collect()
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

/// The height a chart takes at `scale`.
pub fn chart_height(chart: &Chart, scale: f32) -> f32 {
    use crate::render::chart::ChartKind;
    let title = if chart.title.is_some() { 26.0 } else { 0.0 };
    let n = chart.rows.len().max(1) as f32;
    let h = match chart.kind {
        ChartKind::Bar => title + n * 24.0 + 8.0,
        ChartKind::StackedBar => title + 200.0,
        ChartKind::Donut => title + 190.0,
        ChartKind::Timeline => title + n * 20.0 + 30.0,
    };
    (h * scale).max(80.0 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::Style;

    fn span(t: &str) -> Span {
        Span {
            text: t.into(),
            style: Style::default(),
            link: None,
        }
    }

    #[test]
    fn wraps_by_measured_width_and_breaks_long_words() {
        let theme = Theme::builtin("default").unwrap();
        let fonts = Fonts::for_theme(&theme).unwrap();
        let sizes = std::collections::HashMap::new();
        let mut ctx = Ctx {
            fonts: &fonts,
            image_sizes: &sizes,
            sizes: Sizes::at(1.0),
            palette: Palette::normal(&theme),
            align: Align::Left,
            missing: BTreeSet::new(),
            chart_problems: Vec::new(),
        };
        let style = TextStyle {
            size: 20.0,
            color: theme.colors.text,
            bold: false,
            italic: false,
        };
        let text = "word ".repeat(100);
        let lines = ctx.wrap(&[span(&text)], 300.0, style);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.width <= 300.0 + 0.01));
        let words: usize = lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| r.text.split_whitespace().count())
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(words, 100, "no word lost");
        let url = format!("https://example.com/{}", "a".repeat(300));
        let lines = ctx.wrap(&[span(&url)], 300.0, style);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.width <= 300.0 + 0.01));
        let joined: String = lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|r| r.text.clone()))
            .collect();
        assert_eq!(joined, url);
    }
}
