//! One page of a Markdown slide → a PowerPoint slide: the title in the
//! title placeholder, text in the body placeholder as real paragraphs (bullet
//! levels, bold, italic, code, links), tables as tables, charts as charts,
//! pictures as pictures — placed where the PDF's composition put them.

use std::collections::BTreeMap;

use super::master::{HEAD, LayoutKind, NS, slide_number_field, xfrm};
use super::package::{Rel, rel};
use super::xml::{Paint, attr, emu, text};
use crate::render::markdown::{Align, Block, Slide, Span, Style, plain};
use crate::render::pdf::PageInfo;
use crate::theme::{Rgb, Theme};

/// What a slide needs besides its XML: relationships to add and parts.
pub struct Built {
    pub xml: String,
    pub rels: Vec<Rel>,
    /// Charts on the slide: (relationship id, the chart).
    pub charts: Vec<(String, crate::render::chart::Chart)>,
    pub layout: LayoutKind,
}

/// Text sizes at the page's fit scale (from the PDF's composition).
struct Sizes {
    h: [f32; 3],
    body: f32,
    table: f32,
    code: f32,
}

pub struct Context<'a> {
    pub theme: &'a Theme,
    pub assets: &'a crate::render::assets::Assets,
    /// The body placeholder's box on the layouts in use (x, y, w, h), pt.
    pub body: (f32, f32, f32, f32),
    /// Per layout kind: its title's and its body's `<p:ph/>`.
    pub placeholders: &'a [(LayoutKind, String, String)],
    /// Whether to colour text and tables with the mvplan theme (not over a
    /// company template's own colours).
    pub own_colors: bool,
    /// The typeface of body text (the theme's minor font).
    pub body_font: &'a str,
}

impl Context<'_> {
    fn ph(&self, kind: LayoutKind) -> (&str, &str) {
        self.placeholders
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map_or(
                ("<p:ph type=\"title\"/>", "<p:ph idx=\"1\"/>"),
                |(_, t, b)| (t.as_str(), b.as_str()),
            )
    }
}

/// Shape ids on a slide: unique, from 2 (1 is the tree).
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// Relationship ids on a slide (`rId1` is the layout), and what runs of
/// text need to know about the slide.
struct Rels {
    list: Vec<Rel>,
    /// The typeface of text runs that are not code: set on every run, as
    /// LibreOffice otherwise carries a code run's font on to the next.
    body_font: String,
}

impl Rels {
    fn add(&mut self, kind: &'static str, target: String, external: bool) -> String {
        if let Some(r) = self
            .list
            .iter()
            .find(|r| r.kind == kind && r.target == target)
        {
            return r.id.clone();
        }
        let id = format!("rId{}", self.list.len() + 2);
        self.list.push(Rel {
            id: id.clone(),
            kind,
            target,
            external,
        });
        id
    }
}

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

/// Which layout a page takes.
pub fn layout_of(slide: &Slide, page: &PageInfo) -> LayoutKind {
    if slide.has_class("title") {
        LayoutKind::Title
    } else if slide.has_class("section") || slide.has_class("divider") {
        LayoutKind::Section
    } else if page.origins.is_empty() && !page.title_band {
        LayoutKind::Blank
    } else if page.origins.is_empty() {
        LayoutKind::TitleOnly
    } else {
        LayoutKind::Content
    }
}

/// The body blocks of the slide (after the title band's heading).
fn body_blocks<'s>(slide: &'s Slide, page: &PageInfo) -> (Option<&'s Vec<Span>>, &'s [Block]) {
    match (page.title_band, slide.blocks.first()) {
        (true, Some(Block::Heading { spans, .. })) => (Some(spans), &slide.blocks[1..]),
        _ => (None, &slide.blocks[..]),
    }
}

/// A part of the page: consecutive text blocks, or one object.
enum Region<'s> {
    Text {
        blocks: Vec<(&'s Block, Option<Part>)>,
        top: f32,
        bottom: f32,
    },
    Object {
        block: &'s Block,
        part: Option<Part>,
        top: f32,
        bottom: f32,
        /// A table's column widths in the PDF, pt.
        columns: Option<Vec<f32>>,
    },
}

/// Which of a block's parts are on this page, when not all are.
#[derive(Clone, Debug)]
struct Part {
    /// The part indices on this page (lines, list items, table rows).
    on_page: Vec<usize>,
    /// How many parts the block has on all pages.
    total: usize,
}

fn is_object(b: &Block) -> bool {
    matches!(
        b,
        Block::Table { .. } | Block::Chart(_) | Block::Image { .. }
    )
}

pub fn build(
    cx: &Context<'_>,
    slide: &Slide,
    pages: &[PageInfo],
    page_index: usize,
    number: usize,
    footer: Option<&str>,
    notes_rel: Option<String>,
) -> Built {
    let page = &pages[page_index];
    let layout = layout_of(slide, page);
    let sz = crate::render::pdf::sizes_at(page.scale);
    let sizes = Sizes {
        h: [sz[0], sz[2], sz[3]],
        body: sz[1],
        table: sz[4],
        code: sz[5],
    };
    let mut ids = Ids(1);
    let mut rels = Rels {
        list: Vec::new(),
        body_font: cx.body_font.to_string(),
    };
    let mut charts = Vec::new();
    let mut shapes = String::new();
    let (title, body) = body_blocks(slide, page);

    // Parts per block over all the slide's pages, for blocks split across pages.
    let mut totals: BTreeMap<usize, usize> = BTreeMap::new();
    for p in pages {
        for (b, part) in &p.origins {
            let t = totals.entry(*b).or_insert(0);
            *t = (*t).max(part + 1);
        }
    }
    let mut per_block: BTreeMap<usize, (Vec<usize>, f32, f32)> = BTreeMap::new();
    for ((b, part), (top, h)) in page.origins.iter().zip(&page.boxes) {
        let e = per_block.entry(*b).or_insert((Vec::new(), f32::MAX, 0.0));
        if !e.0.contains(part) {
            e.0.push(*part);
        }
        e.1 = e.1.min(*top);
        e.2 = e.2.max(top + h);
    }
    let split = |b: usize| -> Option<Part> {
        let (on_page, _, _) = per_block.get(&b)?;
        let total = *totals.get(&b)?;
        let whole = pages
            .iter()
            .filter(|p| p.origins.iter().any(|o| o.0 == b))
            .count()
            == 1;
        (!whole).then(|| Part {
            on_page: on_page.clone(),
            total,
        })
    };

    // Regions, in page order.
    let mut regions: Vec<Region<'_>> = Vec::new();
    for (&b, (_, top, bottom)) in &per_block {
        let Some(block) = body.get(b) else { continue };
        let part = split(b);
        if is_object(block) {
            regions.push(Region::Object {
                block,
                part,
                top: *top,
                bottom: *bottom,
                columns: page
                    .tables
                    .iter()
                    .find(|(t, _)| *t == b)
                    .map(|(_, c)| c.clone()),
            });
        } else if let Some(Region::Text {
            blocks, bottom: bt, ..
        }) = regions.last_mut()
        {
            blocks.push((block, part));
            *bt = *bottom;
        } else {
            regions.push(Region::Text {
                blocks: vec![(block, part)],
                top: *top,
                bottom: *bottom,
            });
        }
    }

    let centred = slide.has_class("lead");
    let text_color = match layout {
        LayoutKind::Title | LayoutKind::Section => None,
        _ if !cx.own_colors => None,
        _ => Some(cx.theme.colors.text),
    };
    // Title.
    if let Some(spans) = title.or(match layout {
        LayoutKind::Title | LayoutKind::Section => slide.blocks.first().and_then(|b| match b {
            Block::Heading { spans, .. } => Some(spans),
            _ => None,
        }),
        _ => None,
    }) {
        let mut t = String::new();
        // Band titles as the PDF sets them: bold, in the primary colour, a
        // size that fits two lines (a company template styles its own).
        let band = matches!(layout, LayoutKind::Content | LayoutKind::TitleOnly);
        let (size, color) = match (band, cx.own_colors) {
            (true, true) => (Some(page.title_size), Some(cx.theme.colors.primary)),
            _ => (None, None),
        };
        runs(
            &mut t,
            spans,
            size,
            color,
            &mut rels,
            band.then_some(Style {
                bold: true,
                ..Style::default()
            }),
        );
        if page_index > 0 {
            t.push_str("<a:r><a:rPr lang=\"en-US\" sz=\"1800\" b=\"0\"/><a:t> (cont.)</a:t></a:r>");
        }
        let ph = cx.ph(layout).0;
        let id = ids.next();
        shapes.push_str(&format!(
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Title {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p>{t}</a:p></p:txBody></p:sp>"
        ));
    }
    // The accent rule under the title band, above the body (the PDF's).
    if page.title_band
        && cx.own_colors
        && let Some((top, _)) = page.boxes.first()
    {
        let id = ids.next();
        shapes.push_str(&format!(
            "<p:cxnSp><p:nvCxnSpPr><p:cNvPr id=\"{id}\" name=\"Title rule {id}\"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>{}<a:prstGeom prst=\"line\"><a:avLst/></a:prstGeom><a:ln w=\"38100\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:ln></p:spPr></p:cxnSp>",
            xfrm((cx.body.0, (top - 12.0).max(40.0), 40.0, 0.0)),
            hex(cx.theme.colors.accent)
        ));
    }
    // On title and section slides the body below the heading goes in the
    // second placeholder, whatever the PDF's positions.
    let skip_first = matches!(layout, LayoutKind::Title | LayoutKind::Section)
        && matches!(slide.blocks.first(), Some(Block::Heading { .. }));

    let mut placeholder_used = false;
    for region in &regions {
        match region {
            Region::Text {
                blocks,
                top,
                bottom,
            } => {
                let mut paras = String::new();
                for (i, (block, part)) in blocks.iter().enumerate() {
                    if skip_first && i == 0 && std::ptr::eq(*block, &slide.blocks[0]) {
                        continue;
                    }
                    block_paras(
                        &mut paras,
                        block,
                        part.as_ref(),
                        0,
                        &sizes,
                        text_color,
                        centred,
                        &mut rels,
                    );
                }
                if paras.is_empty() {
                    continue;
                }
                let id = ids.next();
                let geometry = (
                    cx.body.0,
                    top - 2.0,
                    cx.body.2,
                    (bottom - top + 8.0).max(20.0),
                );
                if !placeholder_used
                    && layout != LayoutKind::Blank
                    && layout != LayoutKind::TitleOnly
                {
                    placeholder_used = true;
                    let ph = cx.ph(layout).1;
                    let sp = match layout {
                        LayoutKind::Title | LayoutKind::Section => "<p:spPr/>".to_string(),
                        _ => format!("<p:spPr>{}</p:spPr>", xfrm(geometry)),
                    };
                    shapes.push_str(&format!(
                        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Content {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp}<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>"
                    ));
                } else {
                    shapes.push_str(&format!(
                        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Text {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap=\"square\" lIns=\"0\" rIns=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>",
                        xfrm(geometry)
                    ));
                }
            }
            Region::Object {
                block,
                part,
                top,
                bottom,
                columns,
            } => {
                let b = (cx.body.0, *top, cx.body.2, (bottom - top).max(10.0));
                match block {
                    Block::Table { aligns, head, rows } => shapes.push_str(&table(
                        &mut ids,
                        b,
                        aligns,
                        head,
                        rows,
                        columns.as_deref(),
                        part.as_ref(),
                        &sizes,
                        cx.theme,
                        cx.own_colors,
                        &mut rels,
                    )),
                    Block::Chart(chart) => {
                        let n = charts.len();
                        let rid = rels.add(rel::CHART, format!("__chart{n}"), false);
                        charts.push((rid.clone(), chart.clone()));
                        let id = ids.next();
                        shapes.push_str(&format!(
                            "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Chart {id}\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"{rid}\"/></a:graphicData></a:graphic></p:graphicFrame>",
                            emu(b.0), emu(b.1), emu(b.2), emu(b.3)
                        ));
                    }
                    Block::Image { src, alt } => {
                        if let Some((index, image)) = cx.assets.image(src) {
                            let rid = rels.add(rel::IMAGE, format!("__image{index}"), false);
                            // Fit the box, keeping the aspect ratio.
                            let (iw, ih) = (image.width.max(1) as f32, image.height.max(1) as f32);
                            let k = (b.2 / iw).min(b.3 / ih);
                            let (w, h) = (iw * k, ih * k);
                            let id = ids.next();
                            shapes.push_str(&format!(
                                "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
                                attr(alt),
                                xfrm((b.0, b.1, w, h))
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    // Footer and slide number, as PowerPoint's own placeholders.
    if let Some(f) = footer.filter(|f| !f.trim().is_empty()) {
        let id = ids.next();
        shapes.push_str(&format!(
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Footer {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"ftr\" sz=\"quarter\" idx=\"11\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang=\"en-US\" sz=\"1000\">{}</a:rPr><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp>",
            if cx.own_colors {
                format!("<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"Inter\"/>", hex(cx.theme.colors.muted))
            } else {
                String::new()
            },
            text(f)
        ));
    }
    if slide.paginate {
        let id = ids.next();
        shapes.push_str(&format!(
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Slide Number {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldNum\" sz=\"quarter\" idx=\"12\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr algn=\"r\"/>{}</a:p></p:txBody></p:sp>",
            slide_number_field(number)
        ));
    }
    if let Some(n) = notes_rel {
        rels.add(rel::NOTES_SLIDE, n, false);
    }
    let xml = format!(
        "{HEAD}<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    );
    Built {
        xml,
        rels: rels.list,
        charts,
        layout,
    }
}

/// Runs of text, with a size (pt), a colour, and extra style.
fn runs(
    out: &mut String,
    spans: &[Span],
    size: Option<f32>,
    color: Option<Rgb>,
    rels: &mut Rels,
    force: Option<Style>,
) {
    runs_in(out, spans, size, color.map(Paint::Rgb), rels, force);
}

fn runs_in(
    out: &mut String,
    spans: &[Span],
    size: Option<f32>,
    color: Option<Paint>,
    rels: &mut Rels,
    force: Option<Style>,
) {
    for span in spans {
        let style = force.map_or(span.style, |f| Style {
            bold: span.style.bold || f.bold,
            italic: span.style.italic || f.italic,
            code: span.style.code || f.code,
            ..span.style
        });
        let mut attrs = String::from(" lang=\"en-US\"");
        if let Some(s) = size {
            attrs.push_str(&format!(" sz=\"{}\"", (s * 100.0).round() as i64));
        }
        if style.bold {
            attrs.push_str(" b=\"1\"");
        }
        if style.italic {
            attrs.push_str(" i=\"1\"");
        }
        if style.strike {
            attrs.push_str(" strike=\"sngStrike\"");
        }
        let link = span
            .link
            .as_deref()
            .filter(|u| crate::render::pdf::is_web_link(u))
            .map(|u| rels.add(rel::HYPERLINK, u.to_string(), true));
        let fill = match (style.signal, color) {
            (Some(sig), _) if span.text.starts_with('●') => {
                format!(
                    "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    hex(sig.rgb())
                )
            }
            (_, Some(c)) if link.is_none() => c.solid(),
            _ => String::new(),
        };
        let font = if style.code {
            "<a:latin typeface=\"Courier New\"/><a:cs typeface=\"Courier New\"/>".to_string()
        } else {
            super::xml::tag("a:latin")
                .attr("typeface", &rels.body_font)
                .empty()
        };
        let click = link.map_or_else(String::new, |rid| format!("<a:hlinkClick r:id=\"{rid}\"/>"));
        for (i, piece) in span.text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("<a:br/>");
            }
            if piece.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<a:r><a:rPr{attrs}>{fill}{font}{click}</a:rPr><a:t>{}</a:t></a:r>",
                text(piece)
            ));
        }
    }
}

/// The spans of a split paragraph that fall on this page: its characters
/// cut in proportion to the lines on the page, at word boundaries.
fn slice_spans(spans: &[Span], part: Option<&Part>) -> Vec<Span> {
    let Some(part) = part else {
        return spans.to_vec();
    };
    let total_chars: usize = spans.iter().map(|s| s.text.chars().count()).sum();
    let first = part.on_page.iter().copied().min().unwrap_or(0);
    let last = part.on_page.iter().copied().max().unwrap_or(0) + 1;
    let whole = plain(spans);
    let cut = |line: usize| -> usize {
        if line >= part.total {
            return total_chars;
        }
        let target = total_chars * line / part.total.max(1);
        // Forward to the next space, so no word is split.
        whole
            .chars()
            .enumerate()
            .skip(target)
            .find(|(_, c)| c.is_whitespace())
            .map_or(total_chars, |(i, _)| i)
    };
    let (from, to) = (if first == 0 { 0 } else { cut(first) }, cut(last));
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        let n = s.text.chars().count();
        let (a, b) = (from.max(at), to.min(at + n));
        if a < b {
            let t: String = s.text.chars().skip(a - at).take(b - a).collect();
            out.push(Span {
                text: if out.is_empty() {
                    t.trim_start().to_string()
                } else {
                    t
                },
                ..s.clone()
            });
        }
        at += n;
    }
    out
}

fn para_open(
    level: usize,
    bullet: Option<String>,
    align: Option<&str>,
    indent_only: bool,
) -> String {
    let algn = align.map_or_else(String::new, |a| format!(" algn=\"{a}\""));
    match bullet {
        Some(b) => format!("<a:pPr lvl=\"{level}\"{algn}>{b}</a:pPr>"),
        None => {
            let mar = if indent_only {
                342_900 * level as i64 + 285_750
            } else {
                0
            };
            format!("<a:pPr marL=\"{mar}\" lvl=\"0\" indent=\"0\"{algn}><a:buNone/></a:pPr>")
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn block_paras(
    out: &mut String,
    block: &Block,
    part: Option<&Part>,
    depth: usize,
    sizes: &Sizes,
    color: Option<Rgb>,
    centred: bool,
    rels: &mut Rels,
) {
    let align = centred.then_some("ctr");
    match block {
        Block::Heading { level, spans } => {
            let size = sizes.h[(*level as usize).clamp(1, 3) - 1];
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, align, depth > 0));
            runs(
                out,
                &slice_spans(spans, part),
                Some(size),
                color,
                rels,
                Some(Style {
                    bold: true,
                    ..Style::default()
                }),
            );
            out.push_str("</a:p>");
        }
        Block::Paragraph(spans) => {
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, align, depth > 0));
            runs(
                out,
                &slice_spans(spans, part),
                Some(sizes.body),
                color,
                rels,
                None,
            );
            out.push_str("</a:p>");
        }
        Block::List { start, items } => {
            for (n, item) in items.iter().enumerate() {
                if let Some(p) = part
                    && !p.on_page.contains(&n)
                {
                    continue;
                }
                for (k, inner) in item.iter().enumerate() {
                    match inner {
                        Block::Paragraph(spans) | Block::Heading { spans, .. } if k == 0 => {
                            let bullet = match start {
                                Some(s) => format!(
                                    "<a:buFont typeface=\"+mj-lt\"/><a:buAutoNum type=\"arabicPeriod\" startAt=\"{}\"/>",
                                    (s + n as u64).min(9999)
                                ),
                                None => {
                                    let ch = ["•", "–", "◦"][depth.min(2)];
                                    format!(
                                        "<a:buFont typeface=\"Arial\"/><a:buChar char=\"{ch}\"/>"
                                    )
                                }
                            };
                            out.push_str("<a:p>");
                            out.push_str(&para_open(depth.min(8), Some(bullet), None, false));
                            runs(out, spans, Some(sizes.body), color, rels, None);
                            out.push_str("</a:p>");
                        }
                        other => {
                            block_paras(out, other, None, depth + 1, sizes, color, centred, rels)
                        }
                    }
                }
            }
        }
        Block::Quote(inner) => {
            for b in inner {
                let mut s = String::new();
                block_paras(&mut s, b, None, depth + 1, sizes, color, centred, rels);
                // Quotes are italic: mark every run.
                out.push_str(&s.replace("<a:rPr lang=\"en-US\"", "<a:rPr lang=\"en-US\" i=\"1\""));
            }
        }
        Block::Code { text: code, .. } => {
            let lines: Vec<&str> = code.trim_end_matches('\n').split('\n').collect();
            let (from, to) = match part {
                Some(p) => {
                    let n = lines.len();
                    let first = p.on_page.iter().copied().min().unwrap_or(0);
                    let last = p.on_page.iter().copied().max().unwrap_or(0) + 1;
                    (
                        n * first / p.total.max(1),
                        (n * last / p.total.max(1))
                            .max(n * first / p.total.max(1) + 1)
                            .min(n),
                    )
                }
                None => (0, lines.len()),
            };
            for line in &lines[from..to] {
                out.push_str("<a:p>");
                out.push_str(&para_open(depth, None, None, depth > 0));
                runs(
                    out,
                    &[Span {
                        text: (*line).to_string(),
                        style: Style {
                            code: true,
                            ..Style::default()
                        },
                        link: None,
                    }],
                    Some(sizes.code),
                    color,
                    rels,
                    None,
                );
                out.push_str("</a:p>");
            }
        }
        // Objects inside lists or quotes: their text.
        Block::Table { head, rows, .. } => {
            for row in std::iter::once(head).chain(rows) {
                let cells: Vec<String> = row.iter().map(|c| plain(c)).collect();
                out.push_str("<a:p>");
                out.push_str(&para_open(depth, None, None, depth > 0));
                runs(
                    out,
                    &[Span {
                        text: cells.join(" · "),
                        style: Style::default(),
                        link: None,
                    }],
                    Some(sizes.table),
                    color,
                    rels,
                    None,
                );
                out.push_str("</a:p>");
            }
        }
        Block::Image { alt, .. } if !alt.is_empty() => {
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, None, depth > 0));
            runs(
                out,
                &[Span {
                    text: alt.clone(),
                    style: Style {
                        italic: true,
                        ..Style::default()
                    },
                    link: None,
                }],
                Some(sizes.body),
                color,
                rels,
                None,
            );
            out.push_str("</a:p>");
        }
        Block::Chart(c) => {
            if let Some(t) = &c.title {
                out.push_str("<a:p>");
                out.push_str(&para_open(depth, None, None, depth > 0));
                runs(
                    out,
                    &[Span {
                        text: t.clone(),
                        style: Style::default(),
                        link: None,
                    }],
                    Some(sizes.body),
                    color,
                    rels,
                    None,
                );
                out.push_str("</a:p>");
            }
        }
        Block::Image { .. } | Block::Rule => {}
    }
}

/// A native table: header row styled, numbers right-aligned (the Markdown's
/// alignment), rows of this page only when the table continues.
#[allow(clippy::too_many_arguments)]
fn table(
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
    let n_rows = rows_here.len() + 1;
    let row_h = emu((b.3 / n_rows as f32).max(12.0));
    let c = &theme.colors;
    // A little less than the PDF's cell padding (0.45 of the text size
    // each side): the columns are the PDF's widths, and the viewer's own
    // measuring must not wrap what just fitted there ("€480k").
    let pad = emu(sizes.table * 0.3);
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
            Some(sizes.table),
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
            "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr algn=\"{algn}\"/>{t}</a:p></a:txBody><a:tcPr marL=\"{pad}\" marR=\"{pad}\" marT=\"34290\" marB=\"34290\" anchor=\"ctr\">{fill}</a:tcPr></a:tc>"
        )
    };
    let mut grid = String::new();
    for w in &widths {
        grid.push_str(&format!("<a:gridCol w=\"{w}\"/>"));
    }
    let mut body = String::new();
    body.push_str(&format!("<a:tr h=\"{row_h}\">"));
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
        body.push_str(&format!("<a:tr h=\"{row_h}\">"));
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
        row_h * n_rows as i64
    )
}

/// The notes of a slide as paragraphs.
pub fn notes_paragraphs(notes: &[String]) -> String {
    let mut out = String::new();
    for n in notes {
        for line in n.split('\n') {
            out.push_str(&format!(
                "<a:p><a:r><a:rPr lang=\"en-US\"/><a:t>{}</a:t></a:r></a:p>",
                text(line)
            ));
        }
    }
    if out.is_empty() {
        out.push_str("<a:p><a:endParaRPr lang=\"en-US\"/></a:p>");
    }
    out
}
