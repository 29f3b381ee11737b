//! The Markdown deck → a PDF, drawn natively with printpdf: no browser, no
//! LaTeX. One page per slide (16:9 or 4:3), embedded and subset fonts, vector
//! charts, clickable links, bookmarks, and overflow that is never silent:
//! text shrinks to a legible floor, then continues on "(cont.)" slides.

mod chart;
pub mod fonts;
mod layout;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use printpdf::{
    Actions, BorderArray, Color, LinePoint, LinkAnnotation, Op, PageAnnotId, PageAnnotation,
    PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, RawImage, Rect, TextItem, WindingOrder, XObject, XObjectId, XObjectTransform,
};

use self::fonts::{Face, Fonts};
use self::layout::{Ctx, Palette, Piece, Prim, Sizes, TextStyle};
use super::markdown::{Align, Block, Deck, SlideSize, Span, Style};
use crate::theme::{Rgb, Theme};

/// Scales tried, largest first, before a slide continues on another page.
/// 0.7 is the floor: 14 pt body text on a 16:9 page.
const SCALES: [f32; 7] = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7];
const MARGIN_X: f32 = 56.0;
const PAGE_H: f32 = 540.0;
const FOOTER_SIZE: f32 = 10.0;

#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Add a page of speaker notes after each slide that has notes.
    pub notes: bool,
    /// Where images named by the deck are looked up (the deck's directory).
    pub base_dir: Option<PathBuf>,
    /// Seconds since the epoch for the document's dates (`SOURCE_DATE_EPOCH`);
    /// without it the PDF carries no dates at all.
    pub source_date_epoch: Option<i64>,
    /// Let images come from outside `base_dir`.
    pub allow_outside_images: bool,
}

/// A rendered page, for tests and reports.
#[derive(Debug, Clone)]
pub struct PageInfo {
    /// 1-based number of the Markdown slide it shows.
    pub slide: usize,
    pub title: Option<String>,
    pub continuation: bool,
    pub notes: bool,
    /// Every text run's box (x, y, width, height), top-left origin, in pt.
    pub text_boxes: Vec<(f32, f32, f32, f32)>,
    pub links: Vec<String>,
}

#[derive(Debug)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: Vec<PageInfo>,
    pub width: f32,
    pub height: f32,
    /// Things a person should know: overflow, missing glyphs, skipped images.
    pub warnings: Vec<String>,
    /// Things worth knowing when asked (`--verbose`): slides whose text was
    /// shrunk to fit on one page.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] fonts::FontError),
    #[error("cannot write the PDF: {0}")]
    Write(String),
    #[error(
        "the deck would be more than {MAX_PAGES} pages; split it, or shorten the slides that overflow"
    )]
    TooManyPages,
}

/// No deck needs more pages (a 1,000-plan portfolio review is about 1,100);
/// the cap bounds what an 8 MiB paragraph, overflowing onto continuation
/// slides, could cost.
pub const MAX_PAGES: usize = 10_000;

struct PageOut {
    ops: Vec<Op>,
    info: PageInfo,
}

struct Renderer<'a> {
    theme: &'a Theme,
    fonts: &'a Fonts,
    opts: &'a PdfOptions,
    width: f32,
    used_faces: BTreeSet<Face>,
    images: Vec<(String, RawImage)>,
    missing: BTreeSet<char>,
    warnings: Vec<String>,
    notes: Vec<String>,
    /// The last footer fitted: (text, room) → (size, lines).
    footer_fit: Option<FooterFit>,
}

type FooterFit = ((String, u32), (f32, Vec<String>));

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: mode.map(|_| WindingOrder::NonZero),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Normal,
    Title,
    Section,
    Lead,
}

impl Renderer<'_> {
    fn height(&self) -> f32 {
        PAGE_H
    }

    fn fill_rect(&self, ops: &mut Vec<Op>, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        ops.push(Op::SetFillColor { col: color(c) });
        ops.push(Op::DrawRectangle {
            rectangle: rect(x, self.height() - y - h, w, h, Some(PaintMode::Fill)),
        });
    }

    fn rule(&self, ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32, c: Rgb, thickness: f32) {
        let py = self.height() - y;
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(py),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(py),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// Emits a primitive at offset (dx, dy).
    fn draw(&mut self, prim: &Prim, dx: f32, dy: f32, page: &mut PageOut, scale: f32) {
        match prim {
            Prim::Text { x, y, run } => {
                let (x, baseline) = (x + dx, y + dy);
                let face = self.fonts.face(run.face);
                // A character the font lacks is drawn as `?` (and reported),
                // never as an empty box.
                let text: String = run
                    .text
                    .chars()
                    .map(|c| {
                        if c.is_control() || face.advance(c).is_some() {
                            c
                        } else {
                            '?'
                        }
                    })
                    .filter(|c| !c.is_control())
                    .collect();
                if text.is_empty() {
                    return;
                }
                if run.code {
                    let surface = self.theme.colors.surface;
                    self.fill_rect(
                        &mut page.ops,
                        x - 2.0,
                        baseline - run.size * 0.95,
                        run.width + 4.0,
                        run.size * 1.25,
                        surface,
                    );
                }
                self.used_faces.insert(run.face);
                page.ops.push(Op::StartTextSection);
                page.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(run.face.id()),
                    size: Pt(run.size),
                });
                page.ops.push(Op::SetFillColor {
                    col: color(run.color),
                });
                page.ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(self.height() - baseline),
                    },
                });
                page.ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
                page.ops.push(Op::EndTextSection);
                page.info
                    .text_boxes
                    .push((x, baseline - run.size, run.width, run.size * 1.3));
                if run.strike {
                    self.rule(
                        &mut page.ops,
                        x,
                        x + run.width,
                        baseline - run.size * 0.3,
                        run.color,
                        run.size / 16.0,
                    );
                }
                if let Some(url) = &run.link {
                    self.rule(
                        &mut page.ops,
                        x,
                        x + run.width,
                        baseline + run.size * 0.12,
                        run.color,
                        0.6,
                    );
                    if url.starts_with("http://")
                        || url.starts_with("https://")
                        || url.starts_with("mailto:")
                    {
                        page.ops.push(Op::LinkAnnotation {
                            link: LinkAnnotation::new(
                                rect(
                                    x,
                                    self.height() - baseline - run.size * 0.25,
                                    run.width,
                                    run.size * 1.2,
                                    None,
                                ),
                                Actions::Uri(url.clone()),
                                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                                None,
                                None,
                            ),
                        });
                        page.info.links.push(url.clone());
                    }
                }
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                color: c,
            } => self.fill_rect(&mut page.ops, x + dx, y + dy, *w, *h, *c),
            Prim::Rule {
                x1,
                x2,
                y,
                color: c,
                thickness,
            } => self.rule(&mut page.ops, x1 + dx, x2 + dx, y + dy, *c, *thickness),
            Prim::Poly { points, color: c } => {
                page.ops.push(Op::SetFillColor { col: color(*c) });
                page.ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: points
                                .iter()
                                .map(|(px, py)| LinePoint {
                                    p: Point {
                                        x: Pt(px + dx),
                                        y: Pt(self.height() - (py + dy)),
                                    },
                                    bezier: false,
                                })
                                .collect(),
                        }],
                        mode: PaintMode::Fill,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            }
            Prim::Chart { x, y, w, h, chart } => {
                let style = chart::ChartStyle {
                    fonts: self.fonts,
                    theme: self.theme,
                    text: self.theme.colors.text,
                    muted: self.theme.colors.muted,
                    scale,
                };
                for p in chart::draw(chart, x + dx, y + dy, *w, *h, &style) {
                    self.draw(&p, 0.0, 0.0, page, scale);
                }
            }
            Prim::Image { x, y, w, h, src } => self.image(src, x + dx, y + dy, *w, *h, page),
        }
    }

    /// Loads an image once; `None` (with a warning) if it can't be used.
    fn image_index(&mut self, src: &str) -> Option<usize> {
        if let Some(i) = self.images.iter().position(|(s, _)| s == src) {
            return Some(i);
        }
        if src.contains("://") {
            self.warnings.push(format!(
                "image `{src}` is not a local file; remote images are not fetched"
            ));
            return None;
        }
        let base = match &self.opts.base_dir {
            Some(b) if !b.as_os_str().is_empty() => b.clone(),
            _ => PathBuf::from("."),
        };
        let path = base.join(src);
        let inside = match (path.canonicalize(), base.canonicalize()) {
            (Ok(p), Ok(b)) => p.starts_with(&b),
            _ => false,
        };
        if !inside && !self.opts.allow_outside_images {
            self.warnings.push(format!(
                "image `{src}` is outside the deck's directory (or missing); it was left out"
            ));
            return None;
        }
        self.load_image(src, &path)
    }

    fn load_image(&mut self, key: &str, path: &Path) -> Option<usize> {
        let bytes = match crate::source::read_limited(path, crate::source::MAX_ASSET_BYTES) {
            Ok(b) => b,
            Err(e) => {
                self.warnings
                    .push(format!("cannot read image `{}`: {e}", path.display()));
                return None;
            }
        };
        let mut w = Vec::new();
        match RawImage::decode_from_bytes(&bytes, &mut w) {
            Ok(img) => {
                self.images.push((key.to_string(), img));
                Some(self.images.len() - 1)
            }
            Err(e) => {
                self.warnings.push(format!(
                    "`{}` is not a PNG or JPEG image mvplan can read: {e}",
                    path.display()
                ));
                None
            }
        }
    }

    /// Draws image `src` fitted inside (x, y, w, h), keeping its proportions.
    fn image(&mut self, src: &str, x: f32, y: f32, w: f32, h: f32, page: &mut PageOut) {
        let Some(i) = self.image_index(src) else {
            return;
        };
        self.place_image(i, x, y, w, h, page);
    }

    fn place_image(&mut self, i: usize, x: f32, y: f32, w: f32, h: f32, page: &mut PageOut) {
        let img = &self.images[i].1;
        let (iw, ih) = (img.width.max(1) as f32, img.height.max(1) as f32);
        let scale = (w / iw).min(h / ih);
        let dh = ih * scale;
        page.ops.push(Op::UseXobject {
            id: XObjectId(format!("IMG{i}")),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(self.height() - y - dh)),
                rotate: None,
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                no_auto_scale: false,
            },
        });
    }

    fn logo(&mut self, page: &mut PageOut, large: bool) {
        let Some(path) = &self.theme.logo else { return };
        let path = self.theme.resolve(path);
        let key = format!("logo:{}", path.display());
        let index = match self.images.iter().position(|(s, _)| *s == key) {
            Some(i) => Some(i),
            None => self.load_image(&key, &path.clone()),
        };
        if let Some(i) = index {
            let h = if large { 56.0 } else { 26.0 };
            let w = h * 4.0;
            self.place_image(i, self.width - MARGIN_X - w, 20.0, w, h, page);
        }
    }

    fn text_line(
        &mut self,
        page: &mut PageOut,
        text: &str,
        (x, baseline): (f32, f32),
        size: f32,
        face: Face,
        c: Rgb,
    ) {
        let run = layout::Run {
            text: text.to_string(),
            face,
            size,
            color: c,
            x: 0.0,
            width: self.fonts.width(face, size, text),
            link: None,
            strike: false,
            code: false,
        };
        for ch in self.fonts.missing(face, text) {
            self.missing.insert(ch);
        }
        self.draw(
            &Prim::Text {
                x,
                y: baseline,
                run,
            },
            0.0,
            0.0,
            page,
            1.0,
        );
    }

    /// Footer text (shrunk to fit, down to 7 pt) and the page number.
    fn footer(&mut self, page: &mut PageOut, text: Option<&str>, number: Option<usize>, c: Rgb) {
        let baseline = self.height() - 18.0;
        let mut room = self.width - 2.0 * MARGIN_X;
        if let Some(n) = number {
            let label = n.to_string();
            let w = self.fonts.width(Face::Regular, FOOTER_SIZE, &label);
            self.text_line(
                page,
                &label,
                (self.width - MARGIN_X - w, baseline),
                FOOTER_SIZE,
                Face::Regular,
                c,
            );
            // The same room on every page, whatever the number's width, so
            // that a footer is fitted (and warned about) once.
            let widest = self.fonts.width(Face::Regular, FOOTER_SIZE, "8888");
            room -= w.max(widest) + 24.0;
        }
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            // Fitted once per footer text and room, not once per page: a
            // long footer on thousands of pages would otherwise cost
            // pages × length.
            let key = (text.to_string(), room.to_bits());
            if self.footer_fit.as_ref().is_none_or(|(k, _)| *k != key) {
                let fit = self.fit_footer(text, room);
                self.footer_fit = Some((key, fit));
            }
            let Some((_, (size, lines))) = &self.footer_fit else {
                return;
            };
            let (size, lines) = (*size, lines.clone());
            let top = baseline - size * 1.2 * (lines.len() as f32 - 1.0);
            for (i, line) in lines.iter().enumerate() {
                let y = top + size * 1.2 * i as f32;
                self.text_line(page, line, (MARGIN_X, y), size, Face::Regular, c);
            }
        }
    }

    /// The footer's size and lines: shrunk down to 7 pt, then on two lines,
    /// and what still doesn't fit is cut with "…" (with a warning, once).
    fn fit_footer(&mut self, text: &str, room: f32) -> (f32, Vec<String>) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut size = FOOTER_SIZE;
        while size > 7.0 && self.fonts.width(Face::Regular, size, &text) > room {
            size -= 0.5;
        }
        if self.fonts.width(Face::Regular, size, &text) <= room {
            return (size, vec![text]);
        }
        let first = self.fitting_prefix(&text, size, room, false);
        let rest = text[first.len()..].trim_start();
        let second = self.fitting_prefix(rest, size, room, true);
        let shown = if second.len() < rest.len() {
            "it is cut short"
        } else {
            "it is drawn on two"
        };
        let preview: String = text.chars().take(60).collect();
        self.warnings.push(format!(
            "the footer `{preview}…` is too long for one line at 7 pt; {shown}"
        ));
        let mut lines = vec![first.trim_end().to_string()];
        if second.len() < rest.len() {
            lines.push(format!("{}…", second.trim_end()));
        } else if !second.is_empty() {
            lines.push(second.to_string());
        }
        (size, lines)
    }

    /// The longest start of `text` (ending at a space when there is one)
    /// that fits `room`, leaving space for "…" if `ellipsis`.
    fn fitting_prefix<'t>(&self, text: &'t str, size: f32, room: f32, ellipsis: bool) -> &'t str {
        let room = if ellipsis {
            room - self.fonts.width(Face::Regular, size, "…")
        } else {
            room
        };
        let mut end = 0;
        let mut width = 0.0;
        for (i, ch) in text.char_indices() {
            let mut buf = [0u8; 4];
            width += self
                .fonts
                .width(Face::Regular, size, ch.encode_utf8(&mut buf));
            if width > room {
                break;
            }
            end = i + ch.len_utf8();
        }
        if end >= text.len() {
            return text;
        }
        match text[..end].rfind(' ') {
            Some(space) if space > 0 => &text[..space],
            _ => &text[..end],
        }
    }

    fn new_page(slide: usize, title: Option<String>, continuation: bool, notes: bool) -> PageOut {
        PageOut {
            ops: Vec::new(),
            info: PageInfo {
                slide,
                title,
                continuation,
                notes,
                text_boxes: Vec::new(),
                links: Vec::new(),
            },
        }
    }

    /// Lays out one slide into one or more pages.
    fn slide(
        &mut self,
        slide: &super::markdown::Slide,
        first_page_number: usize,
        notes_page: bool,
    ) -> Vec<PageOut> {
        let layout = if slide.has_class("title") {
            Layout::Title
        } else if slide.has_class("section") || slide.has_class("divider") {
            Layout::Section
        } else if slide.has_class("lead") {
            Layout::Lead
        } else {
            Layout::Normal
        };
        let c = &self.theme.colors;
        let dark = matches!(layout, Layout::Title | Layout::Section);
        let palette = if dark {
            Palette::inverse(self.theme)
        } else {
            Palette::normal(self.theme)
        };
        let content_w = self.width - 2.0 * MARGIN_X;

        // Normal slides take their first heading as the title band.
        let (title, body): (Option<&Vec<Span>>, &[Block]) = match (layout, slide.blocks.first()) {
            (
                Layout::Normal,
                Some(Block::Heading {
                    level: 1 | 2,
                    spans,
                }),
            ) => (Some(spans), &slide.blocks[1..]),
            _ => (None, &slide.blocks[..]),
        };
        let title_text = slide.title();

        // Load the slide's images first: layout needs their proportions.
        let mut sources = Vec::new();
        image_sources(&slide.blocks, &mut sources);
        let mut image_sizes = std::collections::HashMap::new();
        for src in sources {
            if let Some(i) = self.image_index(&src) {
                let img = &self.images[i].1;
                image_sizes.insert(src, (img.width.max(1) as f32, img.height.max(1) as f32));
            }
        }
        let mut ctx = Ctx {
            fonts: self.fonts,
            image_sizes: &image_sizes,
            sizes: Sizes::at(1.0),
            palette,
            align: if matches!(layout, Layout::Lead | Layout::Section) {
                Align::Center
            } else {
                Align::Left
            },
            missing: BTreeSet::new(),
            chart_problems: Vec::new(),
        };

        // The title band.
        let logo_room = if self.theme.logo.is_some() {
            120.0
        } else {
            0.0
        };
        let header_room = if slide.header.is_some() { 14.0 } else { 0.0 };
        let mut title_lines = Vec::new();
        if let Some(spans) = title {
            for size in [30.0, 26.0, 22.0] {
                let style = TextStyle {
                    size,
                    color: c.primary,
                    bold: true,
                    italic: false,
                };
                title_lines = ctx.wrap(spans, content_w - logo_room, style);
                if title_lines.len() <= 2 {
                    break;
                }
            }
        }
        let title_top = 34.0 + header_room;
        let title_h: f32 = title_lines.iter().map(|l| l.height).sum();
        let body_top = if title.is_some() {
            title_top + title_h + 22.0
        } else {
            40.0 + header_room
        };
        let body_bottom = self.height() - 40.0;
        let body_h = body_bottom - body_top;

        // Fit: the largest scale at which everything fits on one page.
        let mut chosen = None;
        for scale in SCALES {
            ctx.sizes = Sizes::at(scale);
            ctx.chart_problems.clear();
            let pieces = ctx.blocks(body, MARGIN_X, content_w, 0, body_h);
            if total_height(&pieces) <= body_h {
                chosen = Some((scale, pieces));
                break;
            }
        }
        let fitted = chosen.is_some();
        let (scale, pieces) = match chosen {
            Some(c) => c,
            None => {
                let scale = SCALES[SCALES.len() - 1];
                ctx.sizes = Sizes::at(scale);
                ctx.chart_problems.clear();
                (scale, ctx.blocks(body, MARGIN_X, content_w, 0, body_h))
            }
        };
        self.missing.extend(ctx.missing.iter().copied());
        for problem in ctx.chart_problems.drain(..) {
            self.warnings.push(format!(
                "slide {}: chart line not understood, skipped: `{problem}`",
                slide.number
            ));
        }
        let name = title_text
            .clone()
            .unwrap_or_else(|| format!("slide {}", slide.number));
        if scale < 1.0 && fitted && !notes_page {
            self.notes.push(format!(
                "slide {} “{name}” was too full: its text was shrunk to {:.0} pt to fit",
                slide.number,
                Sizes::at(scale).body
            ));
        }
        let pages_of_pieces = if fitted {
            vec![pieces]
        } else {
            paginate(pieces, body_h)
        };
        if pages_of_pieces.len() > 1 {
            self.warnings.push(format!(
                "slide {} “{name}” did not fit even at 14 pt: it continues on {} more slide{}",
                slide.number,
                pages_of_pieces.len() - 1,
                if pages_of_pieces.len() == 2 { "" } else { "s" }
            ));
        }

        let mut out = Vec::new();
        for (n, pieces) in pages_of_pieces.iter().enumerate() {
            let mut page = Renderer::new_page(slide.number, title_text.clone(), n > 0, notes_page);
            if dark {
                self.fill_rect(
                    &mut page.ops,
                    0.0,
                    0.0,
                    self.width,
                    self.height(),
                    c.primary,
                );
            } else if c.background != Rgb(255, 255, 255) {
                self.fill_rect(
                    &mut page.ops,
                    0.0,
                    0.0,
                    self.width,
                    self.height(),
                    c.background,
                );
            }
            self.logo(&mut page, layout == Layout::Title);
            if let Some(h) = &slide.header {
                self.text_line(
                    &mut page,
                    h,
                    (MARGIN_X, 24.0),
                    FOOTER_SIZE,
                    Face::Regular,
                    palette.muted,
                );
            }
            // Title band, "(cont.)" on continuations.
            let mut y = title_top;
            for (i, line) in title_lines.iter().enumerate() {
                for prim in layout_line_prims(line) {
                    self.draw(&prim, MARGIN_X, y, &mut page, scale);
                }
                if n > 0 && i == title_lines.len() - 1 {
                    let size = line.runs.first().map_or(26.0, |r| r.size) * 0.7;
                    let label = " (cont.)";
                    let w = self.fonts.width(Face::Regular, size, label);
                    let right = self.width - MARGIN_X;
                    // After the title; or, when the title's last line fills
                    // the width, small in the corner above it (found by
                    // fuzzing: it used to run off the page).
                    let (at, size) = if MARGIN_X + line.width + w <= right {
                        ((MARGIN_X + line.width, y + line.baseline), size)
                    } else {
                        let size = FOOTER_SIZE;
                        let w = self.fonts.width(Face::Regular, size, label);
                        ((right - w, title_top - 6.0), size)
                    };
                    self.text_line(&mut page, label, at, size, Face::Regular, c.muted);
                }
                y += line.height;
            }
            if title.is_some() {
                self.fill_rect(&mut page.ops, MARGIN_X, y + 8.0, 56.0, 3.0, c.accent);
            }
            // Body: top-aligned, or centred for title, section and lead slides.
            let used = total_height(pieces);
            let mut y = if layout == Layout::Normal {
                body_top
            } else {
                body_top + (body_h - used).max(0.0) / 2.0
            };
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    y += piece.space_before;
                }
                for prim in &piece.prims {
                    self.draw(prim, 0.0, y, &mut page, scale);
                }
                y += piece.height;
            }
            let footer = slide.footer.clone().or_else(|| self.theme.footer.clone());
            let number = slide.paginate.then_some(first_page_number + n);
            self.footer(&mut page, footer.as_deref(), number, palette.muted);
            out.push(page);
        }
        out
    }
}

fn image_sources(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Image { src, .. } => out.push(src.clone()),
            Block::List { items, .. } => items.iter().for_each(|i| image_sources(i, out)),
            Block::Quote(inner) => image_sources(inner, out),
            _ => {}
        }
    }
}

fn layout_line_prims(line: &layout::Line) -> Vec<Prim> {
    line.runs
        .iter()
        .map(|r| Prim::Text {
            x: r.x,
            y: line.baseline,
            run: r.clone(),
        })
        .collect()
}

fn total_height(pieces: &[Piece]) -> f32 {
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| p.height + if i == 0 { 0.0 } else { p.space_before })
        .sum()
}

/// Splits pieces into pages of at most `body_h`: between pieces only,
/// headings kept with what follows, table headers repeated.
fn paginate(pieces: Vec<Piece>, body_h: f32) -> Vec<Vec<Piece>> {
    let mut pages: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut used = 0.0;
    for piece in pieces {
        let page = pages.last().map_or(0, Vec::len);
        let need = piece.height + if page == 0 { 0.0 } else { piece.space_before };
        if page > 0 && used + need > body_h {
            // Carry trailing headings over with the piece they introduce.
            let mut carried = Vec::new();
            if let Some(last) = pages.last_mut() {
                while last.len() > 1 && last.last().is_some_and(|p| p.keep_with_next) {
                    carried.insert(0, last.pop().unwrap_or_default());
                }
            }
            let mut next = Vec::new();
            if let Some(header) = &piece.header
                && carried.is_empty()
            {
                next.push((**header).clone());
            }
            next.extend(carried);
            used = total_height(&next);
            pages.push(next);
        }
        let page = pages.last().map_or(0, Vec::len);
        used += piece.height + if page == 0 { 0.0 } else { piece.space_before };
        if let Some(last) = pages.last_mut() {
            last.push(piece);
        }
    }
    pages.retain(|p| !p.is_empty());
    pages
}

/// Renders a parsed deck to PDF bytes.
pub fn render(deck: &Deck, theme: &Theme, opts: &PdfOptions) -> Result<PdfOutput, PdfError> {
    let fonts = Fonts::for_theme(theme)?;
    let width = match deck.front.size {
        SlideSize::Wide => 960.0,
        SlideSize::Standard => 720.0,
    };
    let mut r = Renderer {
        theme,
        fonts: &fonts,
        opts,
        width,
        used_faces: BTreeSet::new(),
        images: Vec::new(),
        missing: BTreeSet::new(),
        warnings: Vec::new(),
        notes: Vec::new(),
        footer_fit: None,
    };
    for what in &deck.unsupported {
        r.warnings.push(format!(
            "the deck uses {what}, which the PDF renderer ignores"
        ));
    }
    let mut pages: Vec<PageOut> = Vec::new();
    for slide in &deck.slides {
        let slide_pages = r.slide(slide, pages.len() + 1, false);
        pages.extend(slide_pages);
        if pages.len() > MAX_PAGES {
            return Err(PdfError::TooManyPages);
        }
        if opts.notes && !slide.notes.is_empty() {
            let title = slide
                .title()
                .unwrap_or_else(|| format!("Slide {}", slide.number));
            let mut blocks = vec![Block::Heading {
                level: 1,
                spans: vec![Span {
                    text: format!("Speaker notes · {title}"),
                    style: Style::default(),
                    link: None,
                }],
            }];
            blocks.extend(slide.notes.iter().map(|n| {
                Block::Paragraph(vec![Span {
                    text: n.clone(),
                    style: Style::default(),
                    link: None,
                }])
            }));
            let notes_slide = super::markdown::Slide {
                number: slide.number,
                classes: Vec::new(),
                paginate: false,
                header: None,
                footer: None,
                notes: Vec::new(),
                blocks,
            };
            pages.extend(r.slide(&notes_slide, pages.len() + 1, true));
        }
    }
    if pages.is_empty() {
        pages.push(Renderer::new_page(1, None, false, false));
    }
    if !r.missing.is_empty() {
        let list: Vec<String> = r
            .missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        r.warnings.push(format!(
            "the font has no glyph for {}; drawn as `?` (use a theme font that has them)",
            list.join(", ")
        ));
    }
    // Nothing may be drawn off the page.
    for (i, p) in pages.iter().enumerate() {
        if p.info.text_boxes.iter().any(|(x, y, w, h)| {
            *x < -0.5 || *y < -0.5 || x + w > width + 0.5 || y + h > PAGE_H + 0.5
        }) {
            r.warnings.push(format!(
                "page {} has text outside the page (a bug in mvplan; please report it)",
                i + 1
            ));
        }
    }
    let bytes = assemble(deck, &r, &pages, &fonts, opts)?;
    let warnings = std::mem::take(&mut r.warnings);
    let notes = std::mem::take(&mut r.notes);
    Ok(PdfOutput {
        bytes,
        pages: pages.into_iter().map(|p| p.info).collect(),
        width,
        height: PAGE_H,
        warnings,
        notes,
    })
}

/// FNV-1a: a stable fingerprint for the document id.
fn fingerprint(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn assemble(
    deck: &Deck,
    r: &Renderer<'_>,
    pages: &[PageOut],
    fonts: &Fonts,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let title = deck
        .front
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(|s| s.title()))
        .unwrap_or_else(|| "Deck".into());
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.document_title = title;
    doc.metadata.info.author = deck.front.author.clone().unwrap_or_default();
    doc.metadata.info.subject = deck.front.description.clone().unwrap_or_default();
    doc.metadata.info.creator = format!("mvplan {}", env!("CARGO_PKG_VERSION"));
    doc.metadata.info.producer = format!("mvplan {} (printpdf)", env!("CARGO_PKG_VERSION"));
    if let Some(ts) = opts.source_date_epoch
        && let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(ts)
    {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    // Fixed ids everywhere: the same deck gives the same bytes, even twice in
    // one process.
    for face in &r.used_faces {
        doc.resources
            .fonts
            .map
            .insert(face.id(), PdfFont::new(fonts.face(*face).parsed.clone()));
    }
    for (i, (_, img)) in r.images.iter().enumerate() {
        doc.resources
            .xobjects
            .map
            .insert(XObjectId(format!("IMG{i}")), XObject::Image(img.clone()));
    }
    let mut bookmark = 0;
    for (i, p) in pages.iter().enumerate() {
        if !p.info.continuation && !p.info.notes {
            bookmark += 1;
            let name = p
                .info
                .title
                .clone()
                .unwrap_or_else(|| format!("Slide {}", p.info.slide));
            doc.bookmarks.map.insert(
                PageAnnotId(format!("BM{bookmark:05}")),
                PageAnnotation { name, page: i + 1 },
            );
        }
    }
    let size = rect(0.0, 0.0, r.width, PAGE_H, None);
    doc.pages = pages
        .iter()
        .map(|p| PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size.clone(),
            ops: p.ops.clone(),
        })
        .collect();
    let save = PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    let id = fingerprint(format!("{:?}{}", deck.slides, r.width).as_bytes());
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal(id.clone()),
            lopdf::Object::string_literal(id),
        ]),
    );
    // No dates unless SOURCE_DATE_EPOCH gives them, and no empty PDF/X claim.
    if let Ok(info_ref) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(info) = lo
            .get_object_mut(info_ref)
            .and_then(lopdf::Object::as_dict_mut)
    {
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Trapped");
        if opts.source_date_epoch.is_none() {
            info.remove(b"CreationDate");
            info.remove(b"ModDate");
        }
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
