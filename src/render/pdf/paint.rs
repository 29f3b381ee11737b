//! Painting: composed pages (positioned primitives) → printpdf operations.
//!
//! Nothing is decided here about where things go; this module only turns
//! top-left-origin boxes into PDF's bottom-left coordinates and operators,
//! and remembers which faces were used (only those are embedded).

use std::collections::BTreeSet;

use printpdf::{
    Actions, BorderArray, Color, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, Point,
    Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder, XObjectId, XObjectTransform,
};

use super::compose::{PAGE_H, Page, is_web_link};
use super::fonts::{Face, Fonts};
use super::layout::{Prim, Run};
use crate::theme::{Rgb, Theme};

pub fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
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

pub struct Painter<'a> {
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    /// Faces drawn with, to embed.
    pub used_faces: BTreeSet<Face>,
    /// Images drawn, to embed.
    pub used_images: BTreeSet<usize>,
    /// Pixel sizes of the images that decoded; others are not drawn.
    pub image_sizes: std::collections::BTreeMap<usize, (f32, f32)>,
    /// The page's graphics state as last set: a face and size, a fill, a
    /// stroke and its width are set again only when they change (they
    /// persist across text objects). Most runs of a page share them, and
    /// every operator costs printpdf and lopdf a translation and a write.
    pub state: PaintState,
}

/// What the content stream last set, on this page (`None`: not yet).
#[derive(Debug, Default, Clone, Copy)]
pub struct PaintState {
    font: Option<(Face, u32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, u32)>,
}

impl Painter<'_> {
    pub fn page(&mut self, page: &Page) -> Vec<Op> {
        self.state = PaintState::default();
        let mut ops = Vec::with_capacity(page.prims.len() * 6);
        for prim in &page.prims {
            self.prim(prim, &mut ops);
        }
        ops
    }

    fn fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.state.fill != Some(c) {
            self.state.fill = Some(c);
            ops.push(Op::SetFillColor { col: color(c) });
        }
    }

    fn stroke(&mut self, ops: &mut Vec<Op>, c: Rgb, thickness: f32) {
        if self.state.stroke != Some((c, thickness.to_bits())) {
            self.state.stroke = Some((c, thickness.to_bits()));
            ops.push(Op::SetOutlineColor { col: color(c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        }
    }

    fn fill_rect(&mut self, ops: &mut Vec<Op>, (x, y, w, h): (f32, f32, f32, f32), c: Rgb) {
        self.fill(ops, c);
        ops.push(Op::DrawRectangle {
            rectangle: rect(x, PAGE_H - y - h, w, h, Some(PaintMode::Fill)),
        });
    }

    fn rule(&mut self, ops: &mut Vec<Op>, (x1, x2, y): (f32, f32, f32), c: Rgb, thickness: f32) {
        let py = PAGE_H - y;
        let point = |x: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(py),
            },
            bezier: false,
        };
        self.stroke(ops, c, thickness);
        ops.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![point(x1), point(x2)],
                is_closed: false,
            },
        });
    }

    /// A run of text at its baseline, with the code background, strike and
    /// link (rule and annotation) it carries.
    fn text(&mut self, x: f32, baseline: f32, run: &Run, ops: &mut Vec<Op>) {
        let face = self.fonts.face(run.face);
        // A character the font lacks is drawn as `?` (and reported),
        // never as an empty box; control characters take no room.
        let text: String = run
            .text
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| if face.advance(c).is_some() { c } else { '?' })
            .collect();
        if text.is_empty() {
            return;
        }
        if run.code {
            let surface = self.theme.colors.surface;
            self.fill_rect(
                ops,
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
        ops.push(Op::StartTextSection);
        if self.state.font != Some((run.face, run.size.to_bits())) {
            self.state.font = Some((run.face, run.size.to_bits()));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(run.face.id()),
                size: Pt(run.size),
            });
        }
        self.fill(ops, run.color);
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(x),
                y: Pt(PAGE_H - baseline),
            },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
        ops.push(Op::EndTextSection);
        if run.strike {
            let y = baseline - run.size * 0.3;
            self.rule(ops, (x, x + run.width, y), run.color, run.size / 16.0);
        }
        if let Some(url) = &run.link {
            let y = baseline + run.size * 0.12;
            self.rule(ops, (x, x + run.width, y), run.color, 0.6);
            if is_web_link(url) {
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
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
                    ),
                });
            }
        }
    }

    fn prim(&mut self, prim: &Prim, ops: &mut Vec<Op>) {
        match prim {
            Prim::Text {
                x,
                y: baseline,
                run,
            } => self.text(*x, *baseline, run, ops),
            Prim::Rect { x, y, w, h, color } => self.fill_rect(ops, (*x, *y, *w, *h), *color),
            Prim::Rule {
                x1,
                x2,
                y,
                color,
                thickness,
            } => self.rule(ops, (*x1, *x2, *y), *color, *thickness),
            Prim::Poly { points, color: c } => {
                self.fill(ops, *c);
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: points
                                .iter()
                                .map(|(px, py)| LinePoint {
                                    p: Point {
                                        x: Pt(*px),
                                        y: Pt(PAGE_H - py),
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
            Prim::Line {
                points,
                color: c,
                thickness,
            } => {
                if points.len() < 2 {
                    return;
                }
                self.stroke(ops, *c, *thickness);
                ops.push(Op::DrawLine {
                    line: printpdf::Line {
                        points: points
                            .iter()
                            .map(|(px, py)| LinePoint {
                                p: Point {
                                    x: Pt(*px),
                                    y: Pt(PAGE_H - py),
                                },
                                bezier: false,
                            })
                            .collect(),
                        is_closed: false,
                    },
                });
            }
            // Charts are drawn by composition; nothing is left of them here.
            Prim::Chart { .. } => {}
            Prim::Image { x, y, w, h, image } => {
                let Some((iw, ih)) = self.image_size(*image) else {
                    return;
                };
                self.used_images.insert(*image);
                ops.push(Op::UseXobject {
                    id: image_id(*image),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(PAGE_H - y - h)),
                        rotate: None,
                        scale_x: Some(w / iw),
                        scale_y: Some(h / ih),
                        dpi: Some(72.0),
                        no_auto_scale: false,
                    },
                });
            }
        }
    }

    /// Pixel size of an image as decoded (set by the document assembly).
    fn image_size(&self, image: usize) -> Option<(f32, f32)> {
        self.image_sizes.get(&image).copied()
    }
}
