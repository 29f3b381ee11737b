//! Composition: a slide → pages of positioned primitives.
//!
//! Everything about where things go is decided here — the title band, the
//! fit loop (shrink to a legible floor), continuation slides, the header,
//! footer and page number, the logo — and nothing about how they are
//! drawn. The result ([`Page`]) is painted to PDF by `paint`, and carries
//! every text box so that "nothing outside the page" is checked before
//! anything is written.

use std::collections::BTreeSet;

use super::PageInfo;
use super::breaks::{is_note, note_text, paginate, split, stub, thin, total_height};
use super::chart::{self, ChartStyle};
use super::fonts::{Face, Fonts};
use super::layout::{self, Ctx, Palette, Piece, Prim, Sizes, TextStyle};
use crate::diagnostic::Finding;
use crate::render::assets::Assets;
use crate::render::markdown::{Align, Block, Slide, Span};
use crate::render::problems::{CHART_LINE_SKIPPED, SLIDE_CONTINUED, SLIDE_SHRUNK, problem};
use crate::theme::{Rgb, Theme};

/// The most pages one slide may take (itself and its continuations).
pub const MAX_SLIDE_PAGES: usize = 30;

/// Scales tried, largest first, before a slide continues on another page.
/// 0.7 is the floor: 14 pt body text on a 16:9 page.
const SCALES: [f32; 7] = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7];
/// Below the floor, only for a slide that overflows it by at most
/// [`NEAR_FIT`] of a page: 13 pt rather than a continuation of a line or two.
const NEAR_SCALES: [f32; 2] = [0.67, 0.65];
const NEAR_FIT: f32 = 1.12;
pub const MARGIN_X: f32 = 56.0;
pub const PAGE_H: f32 = 540.0;
pub(super) const FOOTER_SIZE: f32 = 10.0;
/// After the title of a continuation page.
const CONT_LABEL: &str = " (cont.)";

/// One page: primitives in page coordinates (top-left origin, points).
pub struct Page {
    pub prims: Vec<Prim>,
    pub info: PageInfo,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Normal,
    Title,
    Section,
    Lead,
}

/// Composes the slides of one deck.
pub struct Composer<'a> {
    pub theme: &'a Theme,
    pub fonts: &'a Fonts,
    pub assets: &'a Assets,
    pub width: f32,
    /// Characters some face had no glyph for (one problem for the deck).
    pub missing: BTreeSet<char>,
    pub problems: Vec<Finding>,
    /// Footers and headers fitted so far: (text, room, lines allowed) →
    /// (size, lines). Fitted once per deck, not once per page: a long
    /// footer on thousands of pages would otherwise cost pages × length.
    pub(super) fitted: std::collections::HashMap<(String, u32, usize), (f32, Vec<String>)>,
}

pub fn new_page(slide: usize, title: Option<String>, continuation: bool, notes: bool) -> Page {
    Page {
        prims: Vec::new(),
        info: PageInfo {
            slide,
            title,
            continuation,
            notes,
            text_boxes: Vec::new(),
            links: Vec::new(),
            origins: Vec::new(),
            boxes: Vec::new(),
            title_size: 30.0,
            scale: 1.0,
            title_band: false,
            tables: Vec::new(),
            moved_notes: Vec::new(),
            chart_text: Vec::new(),
        },
    }
}

impl<'a> Composer<'a> {
    pub fn new(theme: &'a Theme, fonts: &'a Fonts, assets: &'a Assets, width: f32) -> Self {
        Composer {
            theme,
            fonts,
            assets,
            width,
            missing: BTreeSet::new(),
            problems: Vec::new(),
            fitted: std::collections::HashMap::new(),
        }
    }

    fn fill(&self, page: &mut Page, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        page.prims.push(Prim::Rect { x, y, w, h, color });
    }

    /// Places `prim` at offset (dx, dy): charts become their drawing, and
    /// text records its box (and link) for the checks and the outline.
    pub(super) fn place(&mut self, prim: &Prim, dx: f32, dy: f32, page: &mut Page, scale: f32) {
        match prim {
            Prim::Text { x, y, run } => {
                let (x, baseline) = (x + dx, y + dy);
                if run.text.chars().all(char::is_control) {
                    return;
                }
                page.info
                    .text_boxes
                    .push((x, baseline - run.size, run.width, run.size * 1.3));
                if let Some(url) = &run.link
                    && is_web_link(url)
                {
                    page.info.links.push(url.clone());
                }
                page.prims.push(Prim::Text {
                    x,
                    y: baseline,
                    run: run.clone(),
                });
            }
            Prim::Rect { x, y, w, h, color } => page.prims.push(Prim::Rect {
                x: x + dx,
                y: y + dy,
                w: *w,
                h: *h,
                color: *color,
            }),
            Prim::Rule {
                x1,
                x2,
                y,
                color,
                thickness,
            } => page.prims.push(Prim::Rule {
                x1: x1 + dx,
                x2: x2 + dx,
                y: y + dy,
                color: *color,
                thickness: *thickness,
            }),
            Prim::Poly { points, color } => page.prims.push(Prim::Poly {
                points: points.iter().map(|(x, y)| (x + dx, y + dy)).collect(),
                color: *color,
            }),
            Prim::Line {
                points,
                color,
                thickness,
            } => page.prims.push(Prim::Line {
                points: points.iter().map(|(x, y)| (x + dx, y + dy)).collect(),
                color: *color,
                thickness: *thickness,
            }),
            Prim::Chart { x, y, w, h, chart } => {
                let style = ChartStyle {
                    fonts: self.fonts,
                    theme: self.theme,
                    text: self.theme.colors.text,
                    muted: self.theme.colors.muted,
                    scale,
                };
                for p in chart::draw(chart, x + dx, y + dy, *w, *h, &style) {
                    if let Prim::Text { run, .. } = &p {
                        page.info.chart_text.push(run.size);
                    }
                    self.place(&p, 0.0, 0.0, page, scale);
                }
            }
            Prim::Image { x, y, w, h, image } => page.prims.push(Prim::Image {
                x: x + dx,
                y: y + dy,
                w: *w,
                h: *h,
                image: *image,
            }),
        }
    }

    /// Lays out one slide into one or more pages: the layout its classes
    /// ask for, the title band, the scale its body fits at (or pages it
    /// continues on), then each page painted.
    pub fn slide(
        &mut self,
        slide: &Slide,
        first_page_number: usize,
        notes_page: bool,
    ) -> Vec<Page> {
        let layout = Layout::of(slide);
        let dark = matches!(layout, Layout::Title | Layout::Section);
        let palette = if dark {
            Palette::inverse(self.theme)
        } else {
            Palette::normal(self.theme)
        };
        let content_w = self.width - 2.0 * MARGIN_X;
        let title_text = slide.title();

        let mut ctx = Ctx {
            fonts: self.fonts,
            assets: self.assets,
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

        let logo_room = if self.theme.logo.is_some() {
            120.0
        } else {
            0.0
        };
        let header_room = if slide.header.is_some() { 14.0 } else { 0.0 };
        let title_top = 34.0 + header_room;
        let body_area = |band: &TitleBand<'_>| {
            let title_h: f32 = band.lines.iter().map(|l| l.height).sum();
            let body_top = if band.title.is_some() {
                title_top + title_h + 22.0
            } else {
                40.0 + header_room
            };
            (body_top, PAGE_H - 40.0 - body_top)
        };
        let mut band = self.title_band(&mut ctx, slide, layout, content_w - logo_room);
        let (mut body_top, mut body_h) = body_area(&band);
        let (mut scale, mut pieces, mut fitted) = fit(&mut ctx, band.body, content_w, body_h, &[]);
        // A continued slide says "(cont.)" after its title: when the
        // title's last line leaves no room for it, the title is wrapped
        // with that room kept (the label once sat above the title).
        let label = self.cont_label_width(&band);
        if !fitted && label > 0.0 {
            band = self.title_band(&mut ctx, slide, layout, content_w - logo_room - label);
            (body_top, body_h) = body_area(&band);
            (scale, pieces, fitted) = fit(&mut ctx, band.body, content_w, body_h, &[]);
        }
        // A continuation that would hold only a row or two besides the
        // slide's notes (its italic paragraphs): the notes go to the
        // speaker notes, and the slide fits one page (or its continuation
        // is no stub).
        let mut moved = Vec::new();
        let notes: Vec<bool> = band.body.iter().map(is_note).collect();
        if !fitted && notes.contains(&true) && stub(&split(pieces.clone(), body_h), &notes) {
            let (s, p, f) = fit(&mut ctx, band.body, content_w, body_h, &notes);
            if f || !stub(&paginate(p.clone(), body_h), &notes) {
                (scale, pieces, fitted) = (s, p, f);
                moved = band
                    .body
                    .iter()
                    .zip(&notes)
                    .filter(|(_, n)| **n)
                    .map(|(b, _)| note_text(b))
                    .collect();
            }
        }
        self.missing.extend(ctx.missing.iter().copied());
        self.chart_problems(slide, ctx.chart_problems.drain(..));
        let pages_of_pieces = self.pages_of(
            slide,
            &title_text,
            pieces,
            (scale, fitted),
            body_h,
            notes_page,
        );

        let frame = Frame {
            layout,
            dark,
            palette,
            content_w,
            logo_room,
            title_top,
            body_top,
            body_h,
            scale,
            band: &band,
            title_text: &title_text,
        };
        let mut pages: Vec<Page> = pages_of_pieces
            .iter()
            .enumerate()
            .map(|(n, pieces)| self.page(slide, &frame, n, pieces, first_page_number, notes_page))
            .collect();
        if let Some(first) = pages.first_mut() {
            first.info.moved_notes = moved;
        }
        pages
    }

    /// Normal slides take their first heading as the title band, wrapped
    /// at the largest of three sizes that keeps it to two lines.
    fn title_band<'s>(
        &self,
        ctx: &mut Ctx<'_>,
        slide: &'s Slide,
        layout: Layout,
        width: f32,
    ) -> TitleBand<'s> {
        let (mut title, mut body): (Option<&Vec<Span>>, &[Block]) =
            match (layout, slide.blocks.first()) {
                (
                    Layout::Normal,
                    Some(Block::Heading {
                        level: 1 | 2,
                        spans,
                    }),
                ) => (Some(spans), &slide.blocks[1..]),
                _ => (None, &slide.blocks[..]),
            };
        let mut lines = Vec::new();
        if let Some(spans) = title {
            for size in [30.0, 26.0, 22.0] {
                let style = TextStyle {
                    size,
                    color: self.theme.colors.primary,
                    bold: true,
                    italic: false,
                };
                lines = ctx.wrap(spans, width, style);
                if lines.len() <= 2 {
                    break;
                }
            }
            // A title of a paragraph's length would push the body off the
            // page: it becomes the body's first heading instead, which
            // wraps and continues like any other text.
            if lines.len() > 3 {
                title = None;
                body = &slide.blocks[..];
                lines.clear();
            }
        }
        TitleBand { title, body, lines }
    }

    /// Chart lines the chart language did not understand, said per slide.
    fn chart_problems(&mut self, slide: &Slide, lines: impl Iterator<Item = String>) {
        for line in lines {
            self.problems.push(
                problem(
                    &CHART_LINE_SKIPPED,
                    Some(slide.number),
                    format!(
                        "slide {}: chart line not understood, skipped: `{line}`",
                        slide.number
                    ),
                )
                .help("see `mvplan docs charts` for the chart language"),
            );
        }
    }

    /// The body's pieces on one page (shrunk, and said, if need be) or
    /// continued over several, at most [`MAX_SLIDE_PAGES`], the rest left
    /// out and said.
    fn pages_of(
        &mut self,
        slide: &Slide,
        title_text: &Option<String>,
        pieces: Vec<Piece>,
        (scale, fitted): (f32, bool),
        body_h: f32,
        notes_page: bool,
    ) -> Vec<Vec<Piece>> {
        let name = title_text
            .clone()
            .unwrap_or_else(|| format!("slide {}", slide.number));
        if scale < 1.0 && fitted && !notes_page {
            self.problems.push(problem(
                &SLIDE_SHRUNK,
                Some(slide.number),
                format!(
                    "slide {} “{name}” was too full: its text was shrunk to {:.0} pt to fit",
                    slide.number,
                    Sizes::at(scale).body
                ),
            ));
        }
        let mut pages_of_pieces = if fitted {
            vec![pieces]
        } else {
            paginate(pieces, body_h)
        };
        // However much a slide holds, it takes at most this many pages:
        // the rest is left out, and said.
        let left_out = pages_of_pieces.len().saturating_sub(MAX_SLIDE_PAGES);
        pages_of_pieces.truncate(MAX_SLIDE_PAGES);
        if pages_of_pieces.len() > 1 {
            self.problems.push(
                problem(
                    &SLIDE_CONTINUED,
                    Some(slide.number),
                    format!(
                        "slide {} “{name}” did not fit even at 14 pt: it continues on {} more slide{}{}",
                        slide.number,
                        pages_of_pieces.len() - 1,
                        if pages_of_pieces.len() == 2 { "" } else { "s" },
                        if left_out > 0 {
                            format!(
                                "; the rest ({left_out} more) is left out: a slide takes at most {MAX_SLIDE_PAGES} pages"
                            )
                        } else {
                            String::new()
                        }
                    ),
                )
                .help("split the slide with `---`, or move detail to the speaker notes"),
            );
        }
        pages_of_pieces
    }

    /// Page `n` of a slide: background, logo, header, the title band
    /// ("(cont.)" on continuations), the body's pieces, the footer.
    fn page(
        &mut self,
        slide: &Slide,
        f: &Frame<'_>,
        n: usize,
        pieces: &[Piece],
        first_page_number: usize,
        notes_page: bool,
    ) -> Page {
        let c = &self.theme.colors;
        let mut page = new_page(slide.number, f.title_text.clone(), n > 0, notes_page);
        page.info.origins = pieces.iter().map(|p| p.origin).collect();
        for p in pieces.iter() {
            if let Some(c) = &p.columns
                && !page.info.tables.iter().any(|(b, _)| *b == p.origin.0)
            {
                page.info.tables.push((p.origin.0, c.to_vec()));
            }
        }
        page.info.scale = f.scale;
        page.info.title_band = f.band.title.is_some();
        page.info.title_size = f
            .band
            .lines
            .first()
            .and_then(|l| l.runs.first())
            .map_or(30.0, |r| r.size);
        if f.dark {
            self.fill(&mut page, 0.0, 0.0, self.width, PAGE_H, c.primary);
        } else if c.background != Rgb(255, 255, 255) {
            self.fill(&mut page, 0.0, 0.0, self.width, PAGE_H, c.background);
        }
        self.logo(&mut page, f.layout == Layout::Title);
        if let Some(h) = &slide.header {
            // Beside the logo, on one line: shrunk, then cut with "…".
            let (size, lines) = self.fit_line(h, f.content_w - f.logo_room, 1, "header");
            for line in lines {
                self.text_line(
                    &mut page,
                    &line,
                    (MARGIN_X, 24.0),
                    size,
                    Face::Regular,
                    f.palette.muted,
                );
            }
        }
        let y = self.title_lines(&mut page, f, n > 0);
        if f.band.title.is_some() {
            self.fill(&mut page, MARGIN_X, y + 8.0, 56.0, 3.0, c.accent);
        }
        // Body: top-aligned, or centred for title, section and lead slides.
        let used = total_height(pieces);
        let mut y = if f.layout == Layout::Normal {
            f.body_top
        } else {
            f.body_top + (f.body_h - used).max(0.0) / 2.0
        };
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                y += piece.space_before;
            }
            page.info.boxes.push((y, piece.height));
            for prim in &piece.prims {
                self.place(prim, 0.0, y, &mut page, f.scale);
            }
            y += piece.height;
        }
        let footer = slide.footer.clone().or_else(|| self.theme.footer.clone());
        let number = slide.paginate.then_some(first_page_number + n);
        self.footer(&mut page, footer.as_deref(), number, f.palette.muted);
        page
    }

    /// The width the "(cont.)" label needs beyond the title's last line
    /// (0 when it fits there).
    fn cont_label_width(&self, band: &TitleBand<'_>) -> f32 {
        let Some(line) = band.lines.last() else {
            return 0.0;
        };
        let size = line.runs.first().map_or(26.0, |r| r.size) * 0.7;
        let w = self.fonts.width(Face::Regular, size, CONT_LABEL);
        if MARGIN_X + line.width + w <= self.width - MARGIN_X {
            0.0
        } else {
            w
        }
    }

    /// The title band's lines, with "(cont.)" after the last on a
    /// continuation; returns where the band ends.
    fn title_lines(&mut self, page: &mut Page, f: &Frame<'_>, continued: bool) -> f32 {
        let muted = self.theme.colors.muted;
        let mut y = f.title_top;
        for (i, line) in f.band.lines.iter().enumerate() {
            for prim in layout_line_prims(line) {
                self.place(&prim, MARGIN_X, y, page, f.scale);
            }
            if continued && i == f.band.lines.len() - 1 {
                let size = line.runs.first().map_or(26.0, |r| r.size) * 0.7;
                let label = CONT_LABEL;
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
                    ((right - w, f.title_top - 6.0), size)
                };
                self.text_line(page, label, at, size, Face::Regular, muted);
            }
            y += line.height;
        }
        y
    }
}

impl Layout {
    fn of(slide: &Slide) -> Layout {
        if slide.has_class("title") {
            Layout::Title
        } else if slide.has_class("section") || slide.has_class("divider") {
            Layout::Section
        } else if slide.has_class("lead") {
            Layout::Lead
        } else {
            Layout::Normal
        }
    }
}

/// A normal slide's title band: its heading's spans and lines, and the
/// blocks left for the body.
struct TitleBand<'s> {
    title: Option<&'s Vec<Span>>,
    body: &'s [Block],
    lines: Vec<layout::Line>,
}

/// What every page of one slide shares.
struct Frame<'f> {
    layout: Layout,
    dark: bool,
    palette: Palette,
    content_w: f32,
    logo_room: f32,
    title_top: f32,
    body_top: f32,
    body_h: f32,
    scale: f32,
    band: &'f TitleBand<'f>,
    title_text: &'f Option<String>,
}

/// Fit: the largest scale at which everything fits on one page, its pieces,
/// and whether it fitted (else the pieces at the floor scale, to paginate).
/// Text takes room as the square of its scale; content several pages long
/// at full size cannot fit at the floor, and is not laid out at every scale
/// in between to find out.
/// `dropped[i]`: body block `i` is left off the page (notes moved to the
/// speaker notes); its pieces are laid out and removed, so every other
/// piece keeps its origin.
fn fit(
    ctx: &mut Ctx<'_>,
    body: &[Block],
    content_w: f32,
    body_h: f32,
    dropped: &[bool],
) -> (f32, Vec<Piece>, bool) {
    let lay = |ctx: &mut Ctx<'_>| {
        let mut pieces = ctx.blocks(body, MARGIN_X, content_w, 0, body_h);
        pieces.retain(|p| !dropped.get(p.origin.0).copied().unwrap_or(false));
        pieces
    };
    let floor = SCALES[SCALES.len() - 1];
    let mut at_floor = None;
    for scale in SCALES {
        ctx.sizes = Sizes::at(scale);
        ctx.chart_problems.clear();
        let pieces = lay(ctx);
        let height = total_height(&pieces);
        if height <= body_h {
            return (scale, pieces, true);
        }
        if scale == floor {
            at_floor = Some(height);
        }
        if height * floor * floor > body_h * 2.0 {
            break;
        }
    }
    // A slide a line or two too long at the floor would continue onto a
    // page of those lines (a board reads a "(cont.)" of one sentence as a
    // broken deck): a point smaller is the better of the two. So is a
    // slide whose continuation, balanced, would still hold only a row or
    // two (three long paragraphs over two pages).
    let near = at_floor.is_some_and(|h| h <= body_h * NEAR_FIT);
    let thin_end = at_floor.is_some() && !near && {
        ctx.sizes = Sizes::at(floor);
        let pieces = lay(ctx);
        thin(&split(pieces, body_h))
    };
    if near || thin_end {
        for scale in NEAR_SCALES {
            ctx.sizes = Sizes::at(scale);
            ctx.chart_problems.clear();
            let pieces = lay(ctx);
            if total_height(&pieces) <= body_h {
                return (scale, pieces, true);
            }
        }
    }
    let scale = SCALES[SCALES.len() - 1];
    ctx.sizes = Sizes::at(scale);
    ctx.chart_problems.clear();
    (scale, lay(ctx), false)
}

/// Links that become clickable: web and mail addresses only.
pub fn is_web_link(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:")
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
