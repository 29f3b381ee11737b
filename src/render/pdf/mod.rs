//! The Markdown deck → a PDF, drawn natively with printpdf: no browser, no
//! LaTeX. One page per slide (16:9 or 4:3), embedded and subset fonts, vector
//! charts, clickable links, bookmarks, and overflow that is never silent:
//! text shrinks to a legible floor, then continues on "(cont.)" slides.
//!
//! Four steps, one module each: `layout` (+ `table`, `chart`) turns blocks
//! into pieces; `compose` fits pieces onto pages as positioned primitives;
//! `paint` turns primitives into PDF operators; `assemble` writes the document.

mod assemble;
mod breaks;
mod chart;
mod chart_text;
mod compose;
mod deflate;
mod embed;
pub mod fonts;
mod furniture;
mod layout;
mod paint;
mod prim;
mod sfnt;
mod stream;
mod table;

use std::collections::BTreeMap;

use self::compose::{Composer, PAGE_H, Page, new_page};
use self::fonts::Fonts;
use self::paint::Painter;
use super::assets::Assets;
use super::markdown::{Block, Deck, SlideSize, Span, Style};
use super::problems::{MISSING_GLYPH, SLIDE_OVERFLOW, UNSUPPORTED_DIRECTIVE, problem};
use crate::diagnostic::Finding;
use crate::theme::Theme;

pub use super::RenderOptions as PdfOptions;
pub use compose::{MARGIN_X, is_web_link};

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
    /// What of the slide's body is on this page: (top-level block, part)
    /// of each piece — a line, a list item, a table row (0 is the header).
    /// The PowerPoint renderer makes the same slides from it.
    pub origins: Vec<(usize, usize)>,
    /// Where each of those pieces is on the page: (top, height), in pt.
    pub boxes: Vec<(f32, f32)>,
    /// The title band's text size, pt (30, 26 or 22: what fits two lines).
    pub title_size: f32,
    /// The text scale the slide was fitted at (1.0 = full size).
    pub scale: f32,
    /// Whether the slide's first heading is the title band (else it is in
    /// the body: title slides, sections, and titles too long for a band).
    pub title_band: bool,
    /// Each table's column widths (padding included), pt, by block.
    pub tables: Vec<(usize, Vec<f32>)>,
    /// On a slide's first page: its closing notes (italic paragraphs)
    /// taken off the slide into the speaker notes, where they would have
    /// made a continuation of a row or two (`breaks::stub`).
    pub moved_notes: Vec<String>,
    /// The text size of every label its charts draw, pt: a chart keeps
    /// its text at least as large as the smallest table text however far
    /// the slide is scaled (a board read 5 px axis ticks at 60 dpi).
    pub chart_text: Vec<f32>,
}

#[derive(Debug)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: Vec<PageInfo>,
    pub width: f32,
    pub height: f32,
    /// Overflow, missing glyphs, refused images, … (see [`super::problems`]).
    pub problems: Vec<Finding>,
}

impl PdfOutput {
    /// The messages of the problems a person should see (warnings).
    pub fn warnings(&self) -> Vec<&str> {
        super::problems::warnings(&self.problems)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] fonts::FontError),
    #[error("cannot write the PDF: {0}")]
    Write(String),
    /// The font library failed while subsetting a font (contained).
    #[error("cannot write the PDF: a font could not be embedded ({0})")]
    Embed(String),
    #[error(
        "the deck would be more than {MAX_PAGES} pages; split it, or shorten the slides that overflow"
    )]
    TooManyPages,
}

/// No deck needs more pages (a 1,000-plan portfolio review is about 1,100);
/// the cap bounds what an 8 MiB paragraph, overflowing onto continuation
/// slides, could cost.
pub const MAX_PAGES: usize = 10_000;

/// Renders a parsed deck to PDF, reading its images and the theme's files
/// as `opts` allows (see [`super::render`] for the whole pipeline).
pub fn render(deck: &Deck, theme: &Theme, opts: &PdfOptions) -> Result<PdfOutput, PdfError> {
    let assets = Assets::gather(deck, theme, &opts.deck_files()).map_err(|e| {
        PdfError::Font(fonts::FontError::Read {
            path: e.name.clone(),
            message: e.reason.clone(),
        })
    })?;
    render_with(deck, theme, &assets, opts)
}

/// The pages each slide takes in the PDF — the fit-and-continue decisions,
/// and what of the slide is on each page — without drawing them: the
/// PowerPoint renderer makes the same slides. Problems (overflow, missing
/// glyphs) are the PDF's and come with them.
pub fn paginate(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
) -> Result<(Vec<Vec<PageInfo>>, Vec<crate::diagnostic::Finding>), PdfError> {
    let width = match deck.front.size {
        SlideSize::Wide => 960.0,
        SlideSize::Standard => 720.0,
    };
    paginate_at(deck, theme, assets, width)
}

/// [`paginate`] on a page `width` pt wide (540 high): a company template's
/// slides are composed at their own proportions, so text wraps for the
/// width it will have there.
pub fn paginate_at(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
    width: f32,
) -> Result<(Vec<Vec<PageInfo>>, Vec<crate::diagnostic::Finding>), PdfError> {
    let fonts = Fonts::for_theme(&assets.fonts)?;
    let mut composer = Composer::new(theme, &fonts, assets, width);
    let mut out = Vec::with_capacity(deck.slides.len());
    let mut pages = 0;
    for slide in &deck.slides {
        let slide_pages: Vec<PageInfo> = composer
            .slide(slide, pages + 1, false)
            .into_iter()
            .map(|p| p.info)
            .collect();
        pages += slide_pages.len();
        if pages > MAX_PAGES {
            return Err(PdfError::TooManyPages);
        }
        out.push(slide_pages);
    }
    Ok((out, composer.problems))
}

/// Text sizes at a fit scale: (h1, body, h2, h3, table, code), in pt.
pub fn sizes_at(scale: f32) -> [f32; 6] {
    let s = prim::Sizes::at(scale);
    [s.h1, s.body, s.h2, s.h3, s.table, s.code]
}

/// Renders a parsed deck to PDF with its files already gathered.
pub fn render_with(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
    opts: &PdfOptions,
) -> Result<PdfOutput, PdfError> {
    let fonts = Fonts::for_theme(&assets.fonts)?;
    let width = match deck.front.size {
        SlideSize::Wide => 960.0,
        SlideSize::Standard => 720.0,
    };
    let mut problems = assets.problems.clone();
    for what in &deck.unsupported {
        problems.push(problem(
            &UNSUPPORTED_DIRECTIVE,
            None,
            format!("the deck uses {what}, which the PDF renderer ignores"),
        ));
    }

    // 1. Compose every slide (and its notes page) into pages.
    let mut composer = Composer::new(theme, &fonts, assets, width);
    let mut pages: Vec<Page> = Vec::new();
    for slide in &deck.slides {
        let slide_pages = composer.slide(slide, pages.len() + 1, false);
        let moved = slide_pages
            .first()
            .map(|p| p.info.moved_notes.clone())
            .unwrap_or_default();
        pages.extend(slide_pages);
        if pages.len() > MAX_PAGES {
            return Err(PdfError::TooManyPages);
        }
        if opts.notes && !(slide.notes.is_empty() && moved.is_empty()) {
            let mut with_moved = slide.clone();
            with_moved.notes.extend(moved);
            let notes_slide = notes_slide(&with_moved);
            pages.extend(composer.slide(&notes_slide, pages.len() + 1, true));
        }
    }
    if pages.is_empty() {
        pages.push(new_page(1, None, false, false));
    }
    problems.append(&mut composer.problems);
    if !composer.missing.is_empty() {
        let list: Vec<String> = composer
            .missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        problems.push(
            problem(
                &MISSING_GLYPH,
                None,
                format!(
                    "the font has no glyph for {}; drawn as `?` (use a theme font that has them)",
                    list.join(", ")
                ),
            )
            .help("use a theme font that has them"),
        );
    }
    // Nothing may be drawn off the page.
    for (i, p) in pages.iter().enumerate() {
        if p.info.text_boxes.iter().any(|(x, y, w, h)| {
            *x < -0.5 || *y < -0.5 || x + w > width + 0.5 || y + h > PAGE_H + 0.5
        }) {
            problems.push(problem(
                &SLIDE_OVERFLOW,
                Some(p.info.slide),
                format!(
                    "page {} has text outside the page (a bug in mvplan; please report it)",
                    i + 1
                ),
            ));
        }
    }

    // 2. Decode the images the pages show, once each.
    let mut decoded = BTreeMap::new();
    for page in &pages {
        for prim in &page.prims {
            if let layout::Prim::Image { image, .. } = prim
                && !decoded.contains_key(image)
            {
                decoded.insert(*image, decode(assets, *image, &mut problems));
            }
        }
    }
    let decoded: BTreeMap<usize, printpdf::RawImage> = decoded
        .into_iter()
        .filter_map(|(i, img)| Some((i, img?)))
        .collect();

    // 3. Paint.
    let mut painter = Painter::new(&fonts, theme, &decoded);
    let mut painted = Vec::with_capacity(pages.len());
    let mut infos = Vec::with_capacity(pages.len());
    for page in pages {
        let paint = painter.page(&page);
        infos.push(page.info.clone());
        painted.push((page.info, paint));
    }

    // 4. Assemble.
    let used_images: BTreeMap<usize, printpdf::RawImage> = decoded
        .into_iter()
        .filter(|(i, _)| painter.used_images.contains(i))
        .collect();
    let bytes = assemble::assemble(
        deck,
        painted,
        assemble::Used {
            fonts: &fonts,
            faces: &painter.used_faces,
            glyphs: &painter.glyphs(),
            images: &used_images,
        },
        width,
        opts.source_date_epoch,
    )
    .map_err(|e| match e {
        // The built-in fonts are tested; a failure here is the theme's font.
        PdfError::Embed(detail) => {
            let names: Vec<&str> = assets
                .fonts
                .iter()
                .flatten()
                .map(|f| f.name.as_str())
                .collect();
            if names.is_empty() {
                PdfError::Embed(detail)
            } else {
                PdfError::Font(fonts::FontError::Parse(names.join("`, `")))
            }
        }
        other => other,
    })?;
    Ok(PdfOutput {
        bytes,
        pages: infos,
        width,
        height: PAGE_H,
        problems,
    })
}

/// Decodes one image; the decoder is a foreign parser, contained.
fn decode(assets: &Assets, i: usize, problems: &mut Vec<Finding>) -> Option<printpdf::RawImage> {
    let bytes = &assets.images[i].bytes;
    let result = crate::foreign::contain(|| {
        let mut w = Vec::new();
        printpdf::RawImage::decode_from_bytes(bytes, &mut w)
    });
    match result {
        Ok(Ok(img)) => Some(img),
        Ok(Err(e)) => {
            problems.push(problem(
                &super::problems::IMAGE_UNREADABLE,
                None,
                format!("an image could not be decoded and was left out: {e}"),
            ));
            None
        }
        Err(e) => {
            problems.push(problem(
                &super::problems::IMAGE_UNREADABLE,
                None,
                format!("an image is malformed and was left out ({e})"),
            ));
            None
        }
    }
}

/// The page of speaker notes that follows a slide with `--notes`.
fn notes_slide(slide: &super::markdown::Slide) -> super::markdown::Slide {
    let title = slide
        .title()
        .unwrap_or_else(|| format!("Slide {}", slide.number));
    let plain = |text: String| Span {
        text,
        style: Style::default(),
        link: None,
    };
    let mut blocks = vec![Block::Heading {
        level: 1,
        spans: vec![plain(format!("Speaker notes · {title}"))],
    }];
    blocks.extend(
        slide
            .notes
            .iter()
            .map(|n| Block::Paragraph(vec![plain(n.clone())])),
    );
    super::markdown::Slide {
        number: slide.number,
        classes: Vec::new(),
        paginate: false,
        header: None,
        footer: None,
        notes: Vec::new(),
        blocks,
    }
}
