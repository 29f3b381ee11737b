//! Document assembly: the painted pages, fonts and images → PDF bytes.
//!
//! Determinism lives here: fixed font and image ids, a document id made
//! from the content, and no dates unless `SOURCE_DATE_EPOCH` gives them.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Op, PageAnnotId, PageAnnotation, PdfDocument, PdfPage, PdfSaveOptions, RawImage, XObject,
};

use super::compose::PAGE_H;
use super::deflate;
use super::embed::{FontObjects, add_fonts};
use super::fonts::{Face, Fonts};
use super::paint::{PagePaint, image_id, rect};
use super::{PageInfo, PdfError};
use crate::render::markdown::Deck;

/// What the pages use, to embed.
pub struct Used<'a> {
    pub fonts: &'a Fonts,
    pub faces: &'a BTreeSet<Face>,
    /// Per face: glyph id → the character drawn with it.
    pub glyphs: &'a [BTreeMap<u16, char>; 4],
    pub images: &'a BTreeMap<usize, RawImage>,
}

/// Builds and saves the document: metadata, the fonts and images used,
/// bookmarks (one per slide, not per continuation), the pages.
pub fn assemble(
    deck: &Deck,
    mut pages: Vec<(PageInfo, PagePaint)>,
    used: Used<'_>,
    width: f32,
    source_date_epoch: Option<i64>,
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
    if let Some(ts) = source_date_epoch
        && let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(ts)
    {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    // Fixed ids everywhere: the same deck gives the same bytes, even twice in
    // one process.
    for (i, img) in used.images {
        doc.resources
            .xobjects
            .map
            .insert(image_id(*i), XObject::Image(img.clone()));
    }
    let mut bookmark = 0;
    for (i, (info, _)) in pages.iter().enumerate() {
        if !info.continuation && !info.notes {
            bookmark += 1;
            let name = info
                .title
                .clone()
                .unwrap_or_else(|| format!("Slide {}", info.slide));
            doc.bookmarks.map.insert(
                PageAnnotId(format!("BM{bookmark:05}")),
                PageAnnotation { name, page: i + 1 },
            );
        }
    }
    // The pages as the PDF library sees them: their links. Their content
    // streams are replaced below.
    let size = rect(0.0, 0.0, width, PAGE_H, None);
    doc.pages = pages
        .iter_mut()
        .map(|(_, paint)| {
            let ops: Vec<Op> = std::mem::take(&mut paint.links)
                .into_iter()
                .map(|link| Op::LinkAnnotation { link })
                .collect();
            PdfPage {
                media_box: size.clone(),
                trim_box: size.clone(),
                crop_box: size.clone(),
                ops,
            }
        })
        .collect();
    let save = PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&save, &mut Vec::new());
    // The fonts are made on a second thread while the pages' content streams
    // are deflated here. A built-in face's glyph codes are known before its
    // font is made; a theme's face is waited for.
    let predicted = embedded_faces(&used)
        .iter()
        .all(|f| used.fonts.is_builtin(*f))
        .then(|| used.glyphs.each_ref().map(FontObjects::predicted_codes));
    let paints = pages.into_iter().map(|(_, paint)| paint).collect();
    // Subsetting parses the fonts again; a theme font that parsed but
    // breaks the subsetter is contained like any foreign parser.
    let embed = || crate::foreign::contain(|| embedded_fonts(&used)).map_err(PdfError::Embed);
    let (fonts, contents) = deflate::embed_and_deflate(embed, paints, predicted)?;
    for (page_id, (content, deflated)) in lo.get_pages().into_values().zip(contents) {
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        let stream = lo
            .get_object_mut(contents)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        if deflated {
            stream.dict.set("Filter", "FlateDecode");
        }
        stream.set_content(content);
    }
    add_fonts(&mut lo, fonts)?;
    // The document id comes from the content: the deck's text and the page size.
    let id = format!(
        "{:016x}",
        crate::render::markdown::fnv1a(format!("{:016x}{width}", deck.fingerprint).as_bytes())
    );
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
        if source_date_epoch.is_none() {
            info.remove(b"CreationDate");
            info.remove(b"ModDate");
        }
    }
    deflate::compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// The faces drawn with, as printpdf orders them (by resource name).
fn embedded_faces(used: &Used<'_>) -> Vec<Face> {
    let mut faces: Vec<Face> = used
        .faces
        .iter()
        .copied()
        .filter(|f| !used.glyphs[f.index()].is_empty())
        .collect();
    faces.sort_by_key(|f| f.name());
    faces
}

/// The fonts of the faces drawn with (see [`embedded_faces`]).
fn embedded_fonts(used: &Used<'_>) -> Vec<FontObjects> {
    embedded_faces(used)
        .into_iter()
        .map(|f| FontObjects::new(f, used.fonts.face(f), &used.glyphs[f.index()]))
        .collect()
}
