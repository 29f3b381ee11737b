//! Painting: composed pages (positioned primitives) → content streams.
//!
//! Nothing is decided here about where things go; this module only turns
//! top-left-origin boxes into PDF's bottom-left coordinates and operators,
//! written as bytes (see [`super::stream`]), and remembers which faces,
//! glyphs and images were used (only those are embedded).
//!
//! Glyphs are written with the font's own glyph ids. Subsetting renumbers
//! them; [`PagePaint::shows`] says where they are, so the document
//! assembly puts the subset's codes in once it knows them.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, CurTransMat, LinkAnnotation, PaintMode, Pt, Px, Rect, WindingOrder,
    XObjectId, XObjectTransform,
};

use super::compose::{PAGE_H, Page, is_web_link};
use super::fonts::{Face, Fonts};
use super::layout::{Prim, Run};
use super::stream::Content;
use crate::theme::{Rgb, Theme};

/// A colour's operands, as the PDF library gave them (0–1 each).
fn color(c: Rgb) -> [f32; 3] {
    [
        f32::from(c.0) / 255.0,
        f32::from(c.1) / 255.0,
        f32::from(c.2) / 255.0,
    ]
}

pub fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: mode.map(|_| WindingOrder::NonZero),
    }
}

/// The XObject name of image `i` of the deck's assets.
pub fn image_id(i: usize) -> XObjectId {
    XObjectId(format!("IMG{i}"))
}

/// One page, painted.
#[derive(Debug, Default)]
pub struct PagePaint {
    /// The content stream, with glyphs as the font's own ids.
    pub content: Vec<u8>,
    /// Each text run's glyphs in `content`: where the first glyph's four
    /// hex digits start, how many glyphs follow, and their face.
    pub shows: Vec<(usize, usize, Face)>,
    /// The page's web links, as annotations.
    pub links: Vec<LinkAnnotation>,
}

pub struct Painter<'a> {
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    /// Faces drawn with, to embed.
    pub used_faces: BTreeSet<Face>,
    /// Glyphs drawn, per face (by [`Face::index`]), indexed by glyph id:
    /// the character drawn with it, the last one when several share a
    /// glyph (as the PDF library records them, for text extraction); `\0`
    /// for a glyph not drawn (control characters never are).
    pub used_glyphs: [Vec<char>; 4],
    /// Images drawn, to embed.
    pub used_images: BTreeSet<usize>,
    /// Pixel sizes of the images that decoded; others are not drawn.
    pub image_sizes: BTreeMap<usize, (usize, usize)>,
    /// The page's graphics state as last set: a face and size, a fill, a
    /// stroke and its width are set again only when they change (they
    /// persist across text objects). Most runs of a page share them.
    pub state: PaintState,
    /// The stream being written, one buffer for every page: it grows to
    /// the longest page once, and each page keeps an exact-size copy.
    pub content: Content,
}

/// What the content stream last set, on this page (`None`: not yet).
#[derive(Debug, Default, Clone, Copy)]
pub struct PaintState {
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, u32)>,
}

impl<'a> Painter<'a> {
    /// A painter for a deck's pages; `images` are those that decoded.
    pub fn new(
        fonts: &'a Fonts,
        theme: &'a Theme,
        images: &BTreeMap<usize, printpdf::RawImage>,
    ) -> Painter<'a> {
        Painter {
            fonts,
            theme,
            used_faces: BTreeSet::new(),
            used_glyphs: Default::default(),
            used_images: BTreeSet::new(),
            image_sizes: images
                .iter()
                .map(|(i, img)| (*i, (img.width, img.height)))
                .collect(),
            state: PaintState::default(),
            content: Content::default(),
        }
    }

    pub fn page(&mut self, page: &Page) -> PagePaint {
        self.state = PaintState::default();
        let mut out = PagePaint::default();
        let mut c = std::mem::take(&mut self.content);
        c.bytes.clear();
        for prim in &page.prims {
            self.prim(prim, &mut c, &mut out);
        }
        out.content = c.bytes.as_slice().to_vec();
        self.content = c;
        out
    }

    /// The glyphs drawn, per face: glyph id → character.
    pub fn glyphs(&self) -> [BTreeMap<u16, char>; 4] {
        self.used_glyphs.clone().map(|used| {
            used.into_iter()
                .enumerate()
                .filter(|(_, ch)| *ch != '\0')
                .filter_map(|(gid, ch)| Some((u16::try_from(gid).ok()?, ch)))
                .collect()
        })
    }

    fn fill(&mut self, c: &mut Content, rgb: Rgb) {
        if self.state.fill != Some(rgb) {
            self.state.fill = Some(rgb);
            c.op(&color(rgb), "rg");
        }
    }

    fn stroke(&mut self, c: &mut Content, rgb: Rgb, thickness: f32) {
        if self.state.stroke != Some((rgb, thickness.to_bits())) {
            self.state.stroke = Some((rgb, thickness.to_bits()));
            c.op(&color(rgb), "RG");
            c.op(&[thickness], "w");
        }
    }

    fn fill_rect(&mut self, c: &mut Content, (x, y, w, h): (f32, f32, f32, f32), rgb: Rgb) {
        self.fill(c, rgb);
        c.op(&[x, PAGE_H - y - h, w, h], "re");
        c.op(&[], "f");
    }

    fn rule(&mut self, c: &mut Content, (x1, x2, y): (f32, f32, f32), rgb: Rgb, thickness: f32) {
        let py = PAGE_H - y;
        self.stroke(c, rgb, thickness);
        c.op(&[x1, py], "m");
        c.op(&[x2, py], "l");
        c.op(&[], "S");
    }

    /// A run of text at its baseline, with the code background, strike and
    /// link (rule and annotation) it carries.
    fn text(&mut self, x: f32, baseline: f32, run: &Run, c: &mut Content, out: &mut PagePaint) {
        let face = self.fonts.face(run.face);
        // A character the font lacks is drawn as `?` (and reported),
        // never as an empty box; control characters take no room.
        let mut chars = run
            .text
            .chars()
            .filter(|ch| !ch.is_control())
            .map(|ch| if face.advance(ch).is_some() { ch } else { '?' })
            .peekable();
        if chars.peek().is_none() {
            return;
        }
        if run.code {
            let surface = self.theme.colors.surface;
            self.fill_rect(
                c,
                (
                    x - 2.0,
                    baseline - run.size * 0.95,
                    run.width + 4.0,
                    run.size * 1.25,
                ),
                surface,
            );
        }
        self.used_faces.insert(run.face);
        c.op(&[], "BT");
        if self.state.font != Some((run.face, run.size.to_bits())) {
            self.state.font = Some((run.face, run.size.to_bits()));
            c.named(run.face.name(), &[run.size], "Tf");
        }
        self.fill(c, run.color);
        c.op(&[x, PAGE_H - baseline], "Td");
        c.begin_show();
        let start = c.bytes.len();
        let mut count = 0;
        let used = &mut self.used_glyphs[run.face.index()];
        for ch in chars {
            // A character without a glyph is glyph 0, as the PDF library
            // encodes it; only glyphs found are recorded for embedding.
            let gid = match face.glyph(ch) {
                Some(gid) => {
                    let i = usize::from(gid);
                    if i >= used.len() {
                        used.resize(i + 1, '\0');
                    }
                    used[i] = ch;
                    gid
                }
                None => 0,
            };
            c.glyph(gid);
            count += 1;
        }
        c.end_show();
        out.shows.push((start, count, run.face));
        c.op(&[], "ET");
        if run.strike {
            let y = baseline - run.size * 0.3;
            self.rule(c, (x, x + run.width, y), run.color, run.size / 16.0);
        }
        if let Some(url) = &run.link {
            let y = baseline + run.size * 0.12;
            self.rule(c, (x, x + run.width, y), run.color, 0.6);
            if is_web_link(url) {
                out.links.push(LinkAnnotation::new(
                    rect(
                        x,
                        PAGE_H - baseline - run.size * 0.25,
                        run.width,
                        run.size * 1.2,
                        None,
                    ),
                    Actions::Uri(url.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ));
            }
        }
    }

    /// A path through `points` (top-left origin): moved to the first,
    /// lines to the others.
    fn path(c: &mut Content, points: &[(f32, f32)]) {
        for (i, (px, py)) in points.iter().enumerate() {
            c.op(&[*px, PAGE_H - py], if i == 0 { "m" } else { "l" });
        }
    }

    fn prim(&mut self, prim: &Prim, c: &mut Content, out: &mut PagePaint) {
        match prim {
            Prim::Text {
                x,
                y: baseline,
                run,
            } => self.text(*x, *baseline, run, c, out),
            Prim::Rect { x, y, w, h, color } => self.fill_rect(c, (*x, *y, *w, *h), *color),
            Prim::Rule {
                x1,
                x2,
                y,
                color,
                thickness,
            } => self.rule(c, (*x1, *x2, *y), *color, *thickness),
            Prim::Poly { points, color: rgb } => {
                self.fill(c, *rgb);
                Self::path(c, points);
                c.op(&[], "h");
                c.op(&[], "f");
            }
            Prim::Line {
                points,
                color: rgb,
                thickness,
            } => {
                if points.len() < 2 {
                    return;
                }
                self.stroke(c, *rgb, *thickness);
                Self::path(c, points);
                c.op(&[], "S");
            }
            // Charts are drawn by composition; nothing is left of them here.
            Prim::Chart { .. } => {}
            Prim::Image { x, y, w, h, image } => {
                let Some(&(pw, ph)) = self.image_sizes.get(image) else {
                    return;
                };
                self.used_images.insert(*image);
                let (iw, ih) = (pw.max(1) as f32, ph.max(1) as f32);
                let transform = XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(PAGE_H - y - h)),
                    rotate: None,
                    scale_x: Some(w / iw),
                    scale_y: Some(h / ih),
                    dpi: Some(72.0),
                    no_auto_scale: false,
                };
                // The placement matrix as the PDF library composes it: the
                // unit square to the image's size at 72 dpi, then the
                // scale, then the position.
                let mut t = CurTransMat::Identity;
                for q in transform.get_ctms(Some((Px(pw), Px(ph)))) {
                    t = CurTransMat::Raw(CurTransMat::combine_matrix(t.as_array(), q.as_array()));
                }
                c.op(&[], "q");
                c.op(&t.as_array(), "cm");
                c.named(&image_id(*image).0, &[], "Do");
                c.op(&[], "Q");
            }
        }
    }
}
