//! Laying out slide content: inline text is broken into lines by measured
//! glyph widths, blocks become a column of *pieces* — a line, a table row, a
//! chart — each atomic, so that pagination can move whole pieces to a
//! continuation slide and never cut one.

use std::collections::BTreeSet;
use std::rc::Rc;

pub use super::prim::{Line, Palette, Piece, Prim, Run, Sizes};

use super::fonts::{Face, Fonts};
use crate::render::assets::Assets;
use crate::render::chart::Chart;
use crate::render::markdown::{Align, Block, Span, Style};
use crate::theme::Rgb;

pub struct Ctx<'a> {
    pub fonts: &'a Fonts,
    /// The deck's images that could be read.
    pub assets: &'a Assets,
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

pub(super) const LINE_HEIGHT: f32 = 1.3;

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
                color: match (span.style.signal, &span.link) {
                    (Some(signal), _) => signal.rgb(),
                    (None, Some(_)) => self.palette.link,
                    (None, None) => base.color,
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
                        self.break_word(
                            &mut lines,
                            &mut line,
                            token,
                            (face, size),
                            base,
                            span,
                            width,
                        );
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

    /// Sets a word longer than the line (a URL, or a header word in a
    /// table that could not shrink further) over several lines. Between two
    /// letters or digits the break is shown by a hyphen, so a reader never
    /// sees "Budge t" as two words; a URL or path breaks bare, so that it
    /// can still be copied whole.
    #[allow(clippy::too_many_arguments)]
    fn break_word(
        &self,
        lines: &mut Vec<Line>,
        line: &mut Line,
        token: &str,
        (face, size): (Face, f32),
        base: TextStyle,
        span: &Span,
        width: f32,
    ) {
        let hyphenate = !token.contains(['/', '@', '\\']);
        let hyphen_w = self.fonts.width(face, size, "-");
        let mut rest_w = self.fonts.width(face, size, token);
        let mut chunk = String::new();
        let mut chunk_w = 0.0;
        let mut prev: Option<char> = None;
        for c in token.chars() {
            let cw = self.fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
            let joined =
                hyphenate && prev.is_some_and(char::is_alphanumeric) && c.is_alphanumeric();
            // Room for the hyphen a break after `c` would need.
            let reserve = if hyphenate && c.is_alphanumeric() {
                hyphen_w
            } else {
                0.0
            };
            // Break only when the rest of the word does not fit on this line.
            if !chunk.is_empty() && chunk_w + rest_w > width && chunk_w + cw + reserve > width {
                if joined {
                    chunk.push('-');
                    chunk_w += hyphen_w;
                }
                push_run(
                    line,
                    std::mem::take(&mut chunk),
                    face,
                    size,
                    base,
                    span,
                    chunk_w,
                );
                lines.push(finish(std::mem::take(line), base.size));
                chunk_w = 0.0;
            }
            chunk.push(c);
            chunk_w += cw;
            rest_w -= cw;
            prev = Some(c);
        }
        push_run(line, chunk, face, size, base, span, chunk_w);
    }

    pub(super) fn style(&self, size: f32) -> TextStyle {
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
            let start = out.len();
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
                Block::List { start, items } => self.list(
                    *start,
                    items,
                    (x, width, depth, body_height),
                    space,
                    &mut out,
                ),
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
                Block::Code { text, .. } => self.code(text, x, width, space, &mut out),
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
                Block::Image { src, alt } => {
                    self.image(src, alt, (x, width, body_height), space, &mut out)
                }
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
            // Where each piece comes from: lists and tables set their item
            // or row; everything else counts its lines.
            let keeps_part = matches!(block, Block::List { .. } | Block::Table { .. });
            for (k, p) in out[start..].iter_mut().enumerate() {
                p.origin = (i, if keeps_part { p.origin.1 } else { k });
                if !keeps_part && k > 0 {
                    p.joined = true;
                }
            }
        }
        out
    }

    /// A list's items, each laid out as blocks one level deeper, its marker
    /// (a number, or a bullet for the depth) on the first line's baseline.
    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        (x, width, depth, body_height): (f32, f32, usize, f32),
        space: f32,
        out: &mut Vec<Piece>,
    ) {
        let indent = self.sizes.body * 1.4;
        for (n, item) in items.iter().enumerate() {
            let marker = match start {
                Some(s) => format!("{}.", s + n as u64),
                None => ["•", "–", "◦"][depth.min(2)].to_string(),
            };
            let mut pieces = self.blocks(item, x + indent, width - indent, depth + 1, body_height);
            for (k, p) in pieces.iter_mut().enumerate() {
                p.origin.1 = n;
                p.joined = k > 0;
            }
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

    /// A code block: each line wrapped, on the surface colour.
    fn code(&mut self, text: &str, x: f32, width: f32, space: f32, out: &mut Vec<Piece>) {
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

    /// An image at its natural size (96 dpi), shrunk to fit, never
    /// enlarged; its alt text when it cannot be used.
    fn image(
        &mut self,
        src: &str,
        alt: &str,
        (x, width, body_height): (f32, f32, f32),
        space: f32,
        out: &mut Vec<Piece>,
    ) {
        match self.assets.image(src) {
            Some((image, data)) => {
                let (pw, ph) = (data.width.max(1) as f32, data.height.max(1) as f32);
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
                        image,
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
        }
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
        && last.color == base.color
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

pub(super) fn line_prims(line: &Line, x: f32, y: f32) -> Vec<Prim> {
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
        ChartKind::Line => title + 230.0,
    };
    (h * scale).max(80.0 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::Style;
    use crate::theme::Theme;

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
        let fonts = Fonts::builtin().unwrap();
        let assets = Assets::default();
        let mut ctx = Ctx {
            fonts: &fonts,
            assets: &assets,
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
