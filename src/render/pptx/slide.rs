//! One page of a Markdown slide → a PowerPoint slide: the title in the
//! title placeholder, text in the body placeholder as real paragraphs (bullet
//! levels, bold, italic, code, links), tables as tables, charts as charts,
//! pictures as pictures — placed where the PDF's composition put them,
//! inside the layout's body box.

use std::collections::BTreeMap;

use super::layouts::{Rect, Slots};
use super::master::{HEAD, LayoutKind, NS, slide_number_field, xfrm};
use super::package::{Rel, rel};
pub use super::slide_kit::{Ids, Part, Rels, Sizes};
use super::text::{block_paras, runs};
use super::xml::{attr, emu, text};
use crate::render::markdown::{Block, Slide, Span, Style};
use crate::render::pdf::PageInfo;
use crate::theme::{Rgb, Theme};

/// What a slide needs besides its XML: relationships to add and parts.
pub struct Built {
    pub xml: String,
    pub rels: Vec<Rel>,
    /// Charts on the slide: (relationship id, the chart, its frame's
    /// width and height, pt).
    pub charts: Vec<(String, crate::render::chart::Chart, (f32, f32))>,
    pub layout: LayoutKind,
}

pub struct Context<'a> {
    pub theme: &'a Theme,
    pub assets: &'a crate::render::assets::Assets,
    /// The content layout's body box (x, y, w, h), pt: where the composed
    /// pages were placed.
    pub body: Rect,
    /// Per kind of slide: its layout part and the placeholders it offers.
    pub kinds: &'a [(LayoutKind, String, Slots)],
    /// Whether to colour text and tables with the mvplan theme (not over a
    /// company template's own colours).
    pub own_colors: bool,
    /// The typeface of body text (the theme's minor font).
    pub body_font: &'a str,
}

impl Context<'_> {
    fn slots(&self, kind: LayoutKind) -> Slots {
        self.kinds
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, s)| s.clone())
            .unwrap_or_default()
    }
}

/// Which page of the slide, its number in the deck, its footer, and its
/// notes page's relationship target.
pub struct At<'a> {
    pub page: usize,
    pub number: usize,
    pub footer: Option<&'a str>,
    pub notes: Option<String>,
}

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

/// Classes Marp users give cover slides (`lead` is Marp's own) and section
/// dividers.
const COVER: &[&str] = &["title", "lead", "cover"];
const SECTION: &[&str] = &["section", "divider", "chapter"];

/// Which layout a page takes. A `lead` slide is a cover when it reads as
/// one: a heading, then a few lines of text (Marp users write it so); a
/// `lead` slide with a list, table or chart stays a content slide.
pub fn layout_of(slide: &Slide, page: &PageInfo) -> LayoutKind {
    let cover_like = matches!(slide.blocks.first(), Some(Block::Heading { .. }))
        && slide.blocks.len() <= 4
        && slide
            .blocks
            .iter()
            .all(|b| matches!(b, Block::Heading { .. } | Block::Paragraph(_)));
    if slide.has_class("title") || (COVER.iter().any(|c| slide.has_class(c)) && cover_like) {
        LayoutKind::Title
    } else if SECTION.iter().any(|c| slide.has_class(c)) {
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

fn is_object(b: &Block) -> bool {
    matches!(
        b,
        Block::Table { .. } | Block::Chart(_) | Block::Image { .. }
    )
}

/// The page's body, in page order: runs of text blocks and objects, each
/// with the part of it on this page and where the composition put it.
fn regions<'s>(body: &'s [Block], pages: &[PageInfo], page: &PageInfo) -> Vec<Region<'s>> {
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
    regions
}

/// A slide being written: its shapes, ids and relationships.
struct Shapes {
    xml: String,
    ids: Ids,
    rels: Rels,
    charts: Vec<(String, crate::render::chart::Chart, (f32, f32))>,
}

impl Shapes {
    /// A text shape: in a placeholder (`ph`, with its box or the layout's
    /// when `None`), or a text box at `rect`.
    fn text(&mut self, name: &str, ph: Option<&str>, rect: Option<Rect>, paras: &str) {
        let id = self.ids.next();
        let sp = rect.map_or_else(
            || "<p:spPr/>".to_string(),
            |r| format!("<p:spPr>{}</p:spPr>", xfrm(r)),
        );
        match ph {
            Some(ph) => self.xml.push_str(&format!(
                "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name} {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp}<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>"
            )),
            None => self.xml.push_str(&format!(
                "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name} {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap=\"square\" lIns=\"0\" rIns=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>",
                xfrm(rect.unwrap_or((0.0, 0.0, 100.0, 20.0)))
            )),
        }
    }
}

pub fn build(cx: &Context<'_>, slide: &Slide, pages: &[PageInfo], at: At<'_>) -> Built {
    let page = &pages[at.page];
    let layout = layout_of(slide, page);
    let slots = cx.slots(layout);
    let cover = matches!(layout, LayoutKind::Title | LayoutKind::Section);
    // A template's cover and section slides take its placeholders' styles.
    let sz = crate::render::pdf::sizes_at(page.scale);
    let own = !cover || cx.own_colors;
    let sizes = Sizes {
        h: [sz[0], sz[2], sz[3]].map(|s| own.then_some(s)),
        body: own.then_some(sz[1]),
        table: Some(sz[4]),
        code: Some(sz[5]),
    };
    let mut out = Shapes {
        xml: String::new(),
        ids: Ids(1),
        rels: Rels {
            list: Vec::new(),
            body_font: cx.body_font.to_string(),
            own_bullets: cx.own_colors,
        },
        charts: Vec::new(),
    };
    let (title, body) = body_blocks(slide, page);
    let regions = regions(body, pages, page);
    let body_rect = title_shape(cx, slide, page, at.page, layout, &slots, title, &mut out);

    // The accent rule under the title band, above the body (the PDF's).
    if page.title_band
        && cx.own_colors
        && let Some((top, _)) = page.boxes.first()
    {
        let id = out.ids.next();
        out.xml.push_str(&format!(
            "<p:cxnSp><p:nvCxnSpPr><p:cNvPr id=\"{id}\" name=\"Title rule {id}\"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>{}<a:prstGeom prst=\"line\"><a:avLst/></a:prstGeom><a:ln w=\"38100\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:ln></p:spPr></p:cxnSp>",
            xfrm((cx.body.0, (top - 12.0).max(40.0), 40.0, 0.0)),
            hex(cx.theme.colors.accent)
        ));
    }
    body_shapes(
        cx, slide, layout, &slots, body_rect, &regions, &sizes, &mut out,
    );
    furniture(cx, slide, &slots, &at, &mut out);
    if let Some(n) = at.notes {
        out.rels.add(rel::NOTES_SLIDE, n, false);
    }
    let xml = format!(
        "{HEAD}<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        out.xml
    );
    Built {
        xml,
        rels: out.rels.list,
        charts: out.charts,
        layout,
    }
}

/// The title: in the layout's title placeholder, in the layout's style on
/// a company template (mvplan's band style on its own masters). A layout
/// without a title placeholder gets a title box in its free area above the
/// body, or at the body's top (the body then starts below it). Returns the
/// body's box on this slide.
#[allow(clippy::too_many_arguments)]
fn title_shape(
    cx: &Context<'_>,
    slide: &Slide,
    page: &PageInfo,
    page_index: usize,
    layout: LayoutKind,
    slots: &Slots,
    band_title: Option<&Vec<Span>>,
    out: &mut Shapes,
) -> Rect {
    let body = slots.body.and_then(|b| b.rect).unwrap_or(cx.body);
    let cover = matches!(layout, LayoutKind::Title | LayoutKind::Section);
    let spans = band_title.or(match cover {
        true => slide.blocks.first().and_then(|b| match b {
            Block::Heading { spans, .. } => Some(spans),
            _ => None,
        }),
        false => None,
    });
    let Some(spans) = spans else { return body };
    let mut t = String::new();
    // Band titles as the PDF sets them on mvplan's masters: bold, in the
    // primary colour, a size that fits two lines.
    let band = matches!(layout, LayoutKind::Content | LayoutKind::TitleOnly) && cx.own_colors;
    let (size, color) = match band {
        true => (Some(page.title_size), Some(cx.theme.colors.primary)),
        false => (None, None),
    };
    let bold = band.then_some(Style {
        bold: true,
        ..Style::default()
    });
    runs(&mut t, spans, size, color, &mut out.rels, bold);
    if page_index > 0 {
        let attrs = if cx.own_colors {
            " sz=\"1800\" b=\"0\""
        } else {
            ""
        };
        t.push_str(&format!(
            "<a:r><a:rPr lang=\"en-US\"{attrs}/><a:t> (cont.)</a:t></a:r>"
        ));
    }
    let paras = format!("<a:p>{t}</a:p>");
    match &slots.title {
        Some(ph) => {
            let rect = ph.rect.filter(|_| slots.explicit);
            out.text("Title", Some(&ph.ph.xml()), rect, &paras);
            body
        }
        None => {
            let (x, y, w, h) = body;
            if y >= 56.0 {
                let top = (y - 64.0).max(8.0);
                out.text("Title", None, Some((x, top, w, y - 8.0 - top)), &paras);
                body
            } else {
                out.text("Title", None, Some((x, y, w, 48.0)), &paras);
                (x, y + 52.0, w, (h - 52.0).max(20.0))
            }
        }
    }
}

/// The body: text regions in the layout's body placeholder (the first) or
/// text boxes, objects where the composition put them; all inside the
/// body's box.
#[allow(clippy::too_many_arguments)]
fn body_shapes(
    cx: &Context<'_>,
    slide: &Slide,
    layout: LayoutKind,
    slots: &Slots,
    body_rect: Rect,
    regions: &[Region<'_>],
    sizes: &Sizes,
    out: &mut Shapes,
) {
    let cover = matches!(layout, LayoutKind::Title | LayoutKind::Section);
    let centred = slide.has_class("lead") && !cover;
    let text_color = match layout {
        _ if cover || !cx.own_colors => None,
        _ => Some(cx.theme.colors.text),
    };
    // On title and section slides the body below the heading goes in the
    // second placeholder, whatever the PDF's positions.
    let skip_first = cover && matches!(slide.blocks.first(), Some(Block::Heading { .. }));
    let (bx, by, bw, bh) = body_rect;
    // Inside the layout's box: a region's top and bottom, clamped.
    let inside = |top: f32, bottom: f32| -> Rect {
        let y0 = top.max(by).min(by + bh - 10.0);
        let y1 = bottom.min(by + bh).max(y0 + 10.0);
        (bx, y0, bw, y1 - y0)
    };
    let only_text = regions.len() == 1 && matches!(regions[0], Region::Text { .. });
    let mut placeholder_used = false;
    let tops: Vec<f32> = regions
        .iter()
        .map(|r| match r {
            Region::Text { top, .. } | Region::Object { top, .. } => *top,
        })
        .collect();
    for (k, region) in regions.iter().enumerate() {
        // Room below text to the next region (or the box's foot): a
        // viewer's font may set it a little taller, and must not shrink it.
        let next_top = tops.get(k + 1).copied().unwrap_or(by + bh) - 2.0;
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
                        sizes,
                        text_color,
                        centred,
                        &mut out.rels,
                    );
                }
                if paras.is_empty() {
                    continue;
                }
                let geometry = inside(
                    top - 2.0,
                    (bottom + 6.0 + (bottom - top) * 0.15)
                        .min(next_top)
                        .max(bottom + 2.0),
                );
                let ph = slots
                    .body
                    .filter(|_| {
                        !placeholder_used
                            && layout != LayoutKind::Blank
                            && layout != LayoutKind::TitleOnly
                    })
                    .map(|b| b.ph.xml());
                placeholder_used |= ph.is_some();
                // Alone on the slide, text keeps the layout's own box (so
                // "Reset slide" and re-branding keep working).
                let rect = match (&ph, cover || only_text, slots.explicit) {
                    (Some(_), true, false) => None,
                    (Some(_), _, true) if cover => Some(body_rect),
                    _ => Some(geometry),
                };
                let name = if ph.is_some() { "Content" } else { "Text" };
                out.text(name, ph.as_deref(), rect, &paras);
            }
            Region::Object {
                block,
                part,
                top,
                bottom,
                columns,
            } => object(
                cx,
                block,
                part.as_ref(),
                inside(*top, *bottom),
                columns.as_deref(),
                sizes,
                out,
            ),
        }
    }
}

/// A table, chart or picture in its box.
fn object(
    cx: &Context<'_>,
    block: &Block,
    part: Option<&Part>,
    b: Rect,
    columns: Option<&[f32]>,
    sizes: &Sizes,
    out: &mut Shapes,
) {
    match block {
        Block::Table { aligns, head, rows } => {
            let xml = super::table::table(
                &mut out.ids,
                b,
                aligns,
                head,
                rows,
                columns,
                part,
                sizes,
                cx.theme,
                cx.own_colors,
                &mut out.rels,
            );
            out.xml.push_str(&xml);
        }
        Block::Chart(chart) => {
            let n = out.charts.len();
            let rid = out.rels.add(rel::CHART, format!("__chart{n}"), false);
            out.charts.push((rid.clone(), chart.clone(), (b.2, b.3)));
            let id = out.ids.next();
            out.xml.push_str(&format!(
                "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Chart {id}\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"{rid}\"/></a:graphicData></a:graphic></p:graphicFrame>",
                emu(b.0), emu(b.1), emu(b.2), emu(b.3)
            ));
        }
        Block::Image { src, alt } => {
            if let Some((index, image)) = cx.assets.image(src) {
                let rid = out.rels.add(rel::IMAGE, format!("__image{index}"), false);
                // Fit the box, keeping the aspect ratio.
                let (iw, ih) = (image.width.max(1) as f32, image.height.max(1) as f32);
                let k = (b.2 / iw).min(b.3 / ih);
                let (w, h) = (iw * k, ih * k);
                let id = out.ids.next();
                out.xml.push_str(&format!(
                    "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
                    attr(alt),
                    xfrm((b.0, b.1, w, h))
                ));
            }
        }
        _ => {}
    }
}

/// The header (Marp's `header:`, above the title), footer and slide
/// number: the footer and number in the layout's own placeholders, left
/// out where it has none.
fn furniture(cx: &Context<'_>, slide: &Slide, slots: &Slots, at: &At<'_>, out: &mut Shapes) {
    // mvplan's muted small text; on a template, a header in its body
    // font and the placeholders' own style.
    let muted = |placeholder: bool| -> String {
        match (cx.own_colors, placeholder) {
            (true, _) => format!(
                "<a:rPr lang=\"en-US\" sz=\"1000\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"Inter\"/></a:rPr>",
                hex(cx.theme.colors.muted)
            ),
            // (A size, as a template's footer style may have none.)
            (false, true) => "<a:rPr lang=\"en-US\" sz=\"1000\"/>".to_string(),
            (false, false) => format!(
                "<a:rPr lang=\"en-US\" sz=\"1000\">{}</a:rPr>",
                super::xml::tag("a:latin")
                    .attr("typeface", cx.body_font)
                    .empty()
            ),
        }
    };
    if let Some(h) = slide.header.as_deref().filter(|h| !h.trim().is_empty()) {
        let title_top = slots.title.and_then(|t| t.rect).map_or(30.0, |r| r.1);
        let (x, w) = (cx.body.0, cx.body.2);
        let y = (title_top - 20.0).max(2.0);
        out.text(
            "Header",
            None,
            Some((x, y, w, 16.0)),
            &format!(
                "<a:p><a:r>{}<a:t>{}</a:t></a:r></a:p>",
                muted(false),
                text(h)
            ),
        );
    }
    if let (Some(f), Some(ph)) = (at.footer.filter(|f| !f.trim().is_empty()), slots.footer) {
        out.text(
            "Footer",
            Some(&ph.xml()),
            None,
            &format!(
                "<a:p><a:r>{}<a:t>{}</a:t></a:r></a:p>",
                muted(true),
                text(f)
            ),
        );
    }
    if slide.paginate
        && let Some(ph) = slots.number
    {
        out.text(
            "Slide Number",
            Some(&ph.xml()),
            None,
            &format!(
                "<a:p><a:pPr algn=\"r\"/>{}</a:p>",
                slide_number_field(at.number)
            ),
        );
    }
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
