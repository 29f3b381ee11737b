//! Document assembly: the painted pages, fonts and images → PDF bytes.
//!
//! Determinism lives here: fixed font and image ids, a document id made
//! from the content, and no dates unless `SOURCE_DATE_EPOCH` gives them.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Op, PageAnnotId, PageAnnotation, PdfDocument, PdfPage, PdfSaveOptions, RawImage, XObject,
};

use super::compose::PAGE_H;
use super::embed::{FontObjects, add_fonts};
use super::fonts::{Face, Fonts};
use super::paint::{PagePaint, image_id, rect};
use super::stream::{hex4, parse_hex4};
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
    // Subsetting parses the fonts again; a theme font that parsed but
    // breaks the subsetter is contained like any foreign parser.
    let fonts = crate::foreign::contain(|| embedded_fonts(&used)).map_err(PdfError::Embed)?;
    let codes = add_fonts(&mut lo, fonts)?;
    // Our content streams, with the codes the embedded fonts give the glyphs.
    for (page_id, (_, paint)) in lo.get_pages().into_values().zip(pages) {
        let PagePaint {
            mut content, shows, ..
        } = paint;
        for (start, count, face) in shows {
            let table = &codes[face.index()];
            let Some(run) = content.get_mut(start..start + 4 * count) else {
                continue;
            };
            for digits in run.chunks_exact_mut(4) {
                let gid = parse_hex4(digits).unwrap_or(0);
                let code = table.get(usize::from(gid)).copied().unwrap_or(0);
                digits.copy_from_slice(&hex4(code));
            }
        }
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        lo.get_object_mut(contents)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|e| PdfError::Write(e.to_string()))?
            .set_content(content);
    }
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
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// Deflate level for the PDF's streams. lopdf's own `compress` uses level 9
/// (with miniz), which took about 40% of a one-slide render: font subsets
/// are most of the bytes. zlib-rs at level 2 (its fast strategy) costs
/// about 3% in size against level 3 (the dense bench deck: 75 KB against
/// 73 KB) for 4% fewer instructions in the whole render.
const DEFLATE_LEVEL: u32 = 2;

/// Compresses every stream that is not compressed yet (as lopdf's
/// `compress` does, at [`DEFLATE_LEVEL`]). One compressor serves every
/// stream, reset between them: setting one up zeroes its windows and
/// tables (about 300 KB), which for the dense bench deck's forty-odd
/// streams cost more than the compressing.
fn compress(doc: &mut lopdf::Document) {
    let mut z = flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true);
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        z.reset();
        let Some(compressed) = deflate(&mut z, &stream.content) else {
            continue;
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// `input` as one zlib stream, by a compressor just reset.
fn deflate(z: &mut flate2::Compress, input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(z.total_in()).ok()?;
        let rest = input.get(consumed..)?;
        match z.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => return Some(out),
            // The output is full: room for more.
            Ok(_) => out.reserve(out.capacity().max(1024)),
            Err(_) => return None,
        }
    }
}

/// The faces drawn with, as printpdf orders them (by resource name).
fn embedded_fonts(used: &Used<'_>) -> Vec<FontObjects> {
    let mut faces: Vec<Face> = used
        .faces
        .iter()
        .copied()
        .filter(|f| !used.glyphs[f.index()].is_empty())
        .collect();
    faces.sort_by_key(|f| f.name());
    faces
        .into_iter()
        .map(|f| FontObjects::new(f, &used.fonts.face(f).parsed, &used.glyphs[f.index()]))
        .collect()
}
