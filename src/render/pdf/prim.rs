//! What layout produces and painting consumes: runs of text, lines, drawing
//! primitives and the atomic pieces a slide's body is made of; the type
//! sizes at a scale and the colours of a context.

use std::rc::Rc;

use super::fonts::Face;
use crate::render::chart::Chart;
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
    /// An open stroked line through the points.
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        thickness: f32,
    },
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        chart: Rc<Chart>,
    },
    /// An image of [`Assets`], drawn at exactly (x, y, w, h).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
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
    /// Where it comes from: (top-level block of the slide body, part of it
    /// — a line, a list item, or a table row with 0 for the header).
    pub origin: (usize, usize),
    /// For table pieces: the columns' widths, padding included, in pt (the
    /// PowerPoint renderer gives its tables the same).
    pub columns: Option<Rc<Vec<f32>>>,
    /// A later line of the same paragraph or list item: a page break
    /// before it splits a sentence (`compose::balance_last_page`).
    pub joined: bool,
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
