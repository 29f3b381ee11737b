//! The Markdown deck → an editable PowerPoint file (Office Open XML),
//! written directly: text stays text in placeholders, tables are tables,
//! charts are charts with their data, notes are notes. Slides are the
//! PDF's: the same fit-and-continue decisions (`pdf::paginate`), so the
//! PPTX never relies on PowerPoint's autofit to hide text.
//!
//! The slide master and layouts are built from the mvplan theme
//! (`master`), or taken from the company's template (`template`).

mod builtin;
mod chart;
mod layouts;
mod master;
mod opc;
mod package;
mod parts;
mod placeholder;
mod slide;
mod slide_kit;
mod table;
pub mod template;
mod text;
mod workbook;
mod xml;
mod xml_copy;

use master::LayoutKind;

use crate::diagnostic::Finding;
use crate::render::RenderOptions;
use crate::render::assets::Assets;
use crate::render::markdown::Deck;
use crate::render::pdf::PageInfo;
use crate::render::problems::{CHARACTER_DROPPED, TEMPLATE_LAYOUT, problem};
use crate::theme::Theme;

pub use template::Template;

#[derive(Debug)]
pub struct PptxOutput {
    pub bytes: Vec<u8>,
    pub problems: Vec<Finding>,
    /// Slides written (continuations included).
    pub slides: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PptxError {
    #[error(transparent)]
    Layout(#[from] crate::render::pdf::PdfError),
    #[error("cannot write the PowerPoint file: {0}")]
    Io(#[from] std::io::Error),
}

/// The parts every master set provides: the master, a layout per kind,
/// the theme, and anything they reference.
pub struct Masters<'a> {
    /// Parts to copy in: (name, bytes, content type or `None` for a
    /// default extension). A template's are borrowed from it: its
    /// pictures are held once.
    pub parts: Vec<(String, std::borrow::Cow<'a, [u8]>, Option<String>)>,
    /// Master part names, in order (for `presentation.xml`).
    pub masters: Vec<String>,
    /// Per kind of slide: its layout part, and the placeholders it offers.
    pub kinds: Vec<(LayoutKind, String, layouts::Slots)>,
    /// A template's notes master (else mvplan writes its own).
    pub notes_master: Option<String>,
    pub width: f32,
    pub height: f32,
    /// The body placeholder of the content layout (x, y, w, h), pt.
    pub body: layouts::Rect,
    /// Whether text and tables take the mvplan theme's colours (a company
    /// template keeps its own).
    pub own_colors: bool,
    /// `<p:defaultTextStyle>` of the presentation (a template's own).
    pub default_text_style: String,
    /// The typeface of body text: the theme's minor (body) font.
    pub body_font: String,
}

impl Masters<'_> {
    fn layout(&self, kind: LayoutKind) -> &str {
        self.kinds
            .iter()
            .find(|(k, _, _)| *k == kind)
            .or_else(|| self.kinds.first())
            .map_or("ppt/slideLayouts/slideLayout1.xml", |(_, p, _)| p.as_str())
    }

    /// The width pages are composed at (their height is 540 pt): the
    /// deck's size on mvplan's masters; on a template, the proportions of
    /// its content layout's body, so text wraps there as it will on the
    /// slide and no word is set too large for its column.
    fn compose_width(&self, deck: &Deck) -> f32 {
        use crate::render::markdown::SlideSize;
        if self.own_colors {
            return match deck.front.size {
                SlideSize::Wide => 960.0,
                SlideSize::Standard => 720.0,
            };
        }
        let (_, _, w, h) = self.body;
        let margins = 2.0 * crate::render::pdf::MARGIN_X;
        (margins + BODY_HEIGHT * w / h.max(1.0)).clamp(540.0, 1600.0)
    }

    /// A composed page placed on these masters: on mvplan's own, as
    /// composed (scaled to the slide's height); on a template's, the body
    /// (from its top to the bottom margin) mapped into the layout's body
    /// box, text scaled alike so that it fits across and down.
    fn place(&self, page: &PageInfo, compose_width: f32) -> PageInfo {
        let mut p = page.clone();
        if self.own_colors {
            let ky = self.height / 540.0;
            for b in &mut p.boxes {
                *b = (b.0 * ky, b.1 * ky);
            }
        } else if let Some(&(top, _)) = p.boxes.first() {
            let (_, by, bw, bh) = self.body;
            // A little room below: viewers draw table rows taller than
            // planned when their text metrics differ.
            let down = bh * 0.94 / (540.0 - BOTTOM_MARGIN - top).max(1.0);
            // A little room across: the template's font is measured by
            // the viewer, not by mvplan (which composed in Inter).
            let across = bw * 0.94 / (compose_width - 2.0 * crate::render::pdf::MARGIN_X).max(1.0);
            let k = down.min(across).min(2.5);
            for b in &mut p.boxes {
                *b = (by + (b.0 - top) * k, b.1 * k);
            }
            p.scale *= k;
            p.title_size *= k;
        }
        p
    }
}

/// The PDF's body: from the title band to 40 pt above the page's foot.
const BOTTOM_MARGIN: f32 = 40.0;
/// The height of a composed page's body below a title band, roughly.
const BODY_HEIGHT: f32 = 390.0;

/// Renders a parsed deck to PPTX with its files gathered.
pub fn render_with(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
    opts: &RenderOptions,
    template: Option<&Template>,
) -> Result<PptxOutput, PptxError> {
    xml::take_dropped();
    let masters = match template {
        Some(t) => t.masters(),
        None => builtin::builtin(theme, assets, deck.front.size),
    };
    let width = masters.compose_width(deck);
    let (pages, mut problems) = crate::render::pdf::paginate_at(deck, theme, assets, width)?;
    if template.is_some() {
        problems.extend(layout_notes(&masters));
    }
    let cx = slide::Context {
        theme,
        assets,
        body: masters.body,
        kinds: &masters.kinds,
        own_colors: masters.own_colors,
        body_font: &masters.body_font,
    };
    let mut w = parts::Writer::new(opts.source_date_epoch, &masters);
    for (s, slide) in deck.slides.iter().enumerate() {
        let Some(slide_pages) = pages.get(s) else {
            continue;
        };
        let placed: Vec<PageInfo> = slide_pages
            .iter()
            .map(|p| masters.place(p, width))
            .collect();
        for i in 0..placed.len() {
            let footer = slide.footer.clone().or_else(|| theme.footer.clone());
            // The slide's notes, and its closing notes the paginator took
            // off the slide (`PageInfo::moved_notes`).
            let all_notes: Vec<String> = slide
                .notes
                .iter()
                .chain(slide_pages.first().map_or(&[][..], |p| &p.moved_notes[..]))
                .cloned()
                .collect();
            let notes = (i == 0 && !all_notes.is_empty()).then_some(all_notes.as_slice());
            let number = w.next_slide();
            let notes_target = notes.map(|_| w.notes_target());
            let built = slide::build(
                &cx,
                slide,
                &placed,
                slide::At {
                    page: i,
                    number,
                    footer: footer.as_deref(),
                    notes: notes_target.clone(),
                },
            );
            w.slide(built, &masters, theme, assets, notes)?;
        }
    }
    let dropped = xml::take_dropped();
    if dropped > 0 {
        problems.push(
            problem(
                &CHARACTER_DROPPED,
                None,
                format!(
                    "{dropped} character{} the PowerPoint format cannot hold (control characters) {} left out",
                    if dropped == 1 { "" } else { "s" },
                    if dropped == 1 { "was" } else { "were" }
                ),
            )
            .help("remove control characters from the plan or deck text"),
        );
    }
    w.media(assets);
    let (bytes, slides) = w.finish(deck, theme, &masters)?;
    Ok(PptxOutput {
        bytes,
        problems,
        slides,
    })
}

/// Which of the template's layouts each kind of slide takes (`--verbose`).
fn layout_notes(masters: &Masters<'_>) -> Vec<Finding> {
    masters
        .kinds
        .iter()
        .map(|(kind, _, slots)| {
            problem(
                &TEMPLATE_LAYOUT,
                None,
                format!(
                    "{} slides take the template's layout `{}`",
                    kind.describe(),
                    slots.layout_name
                ),
            )
        })
        .collect()
}
