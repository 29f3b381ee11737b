//! The two things about a font file that printpdf's `text_layout` feature
//! gave us, read with allsorts (the font library printpdf itself parses
//! with): the face's PostScript name, and its subset for embedding.
//!
//! The feature pulled in azul's whole layout engine (azul-layout, -core,
//! -css and fontconfig: about four of the eight minutes a newcomer's clean
//! `cargo test` spent compiling) for these two calls; mvplan lays out its
//! own text. The subset is made exactly as printpdf 0.12.8 made it, so the
//! embedded bytes are the same.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::tag;
use printpdf::ParsedFont;

/// The face's PostScript name (the `name` table's id 6), which a PDF
/// reader shows as the font's name.
pub fn postscript_name(bytes: &[u8], index: usize) -> Option<String> {
    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(index).ok()?;
    let data = provider.table_data(tag::NAME).ok()??;
    let table = ReadScope::new(&data).read::<NameTable<'_>>().ok()?;
    table.string_for_id(NameTable::POSTSCRIPT_NAME)
}

/// A face cut down to the glyphs a deck draws.
pub struct Subset {
    /// The subset font program.
    pub bytes: Vec<u8>,
    /// Glyph id in the whole face → (glyph id in the subset, its text).
    pub glyph_mapping: BTreeMap<u16, (u16, String)>,
}

/// The subset of `font` holding `glyphs` (glyph id → the text it draws).
///
/// allsorts numbers the glyphs it is given by their place in the list
/// (composite glyphs' parts come after), and needs `.notdef` first and no
/// repeats — so the list is `.notdef`, then the glyph ids in order, and a
/// glyph's new id is its place in it (printpdf's `subset_font`).
pub fn subset(font: &ParsedFont, glyphs: &BTreeMap<u16, String>) -> Result<Subset, String> {
    let scope = ReadScope::new(font.original_bytes.as_slice());
    let file = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file
        .table_provider(font.font_index as usize)
        .map_err(|e| e.to_string())?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.keys().copied().filter(|gid| *gid != 0))
        .collect();
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let glyph_mapping = ids
        .iter()
        .enumerate()
        .filter_map(|(new, old)| {
            let text = glyphs.get(old)?;
            Some((*old, (u16::try_from(new).ok()?, text.clone())))
        })
        .collect();
    Ok(Subset {
        bytes,
        glyph_mapping,
    })
}

/// Parses a face as printpdf's `ParsedFont::from_bytes` does (the same
/// fields, the same values), but builds its glyph and width tables in one
/// sorted pass each rather than one insertion per character: printpdf's
/// way was an eighth of a short deck's whole render, on the main thread
/// before anything is laid out.
pub fn parse(bytes: &[u8], index: usize) -> Option<ParsedFont> {
    use allsorts::tables::cmap::Cmap;
    use allsorts::tables::os2::Os2;
    use allsorts::tables::{HeadTable, HheaTable, HmtxTable, MaxpTable};
    use printpdf::font::{FontMetrics, FontType, PdfFontMetricsStub};

    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(index).ok()?;
    let table = |tag| provider.read_table_data(tag).ok();
    let head = ReadScope::new(&table(tag::HEAD)?)
        .read::<HeadTable>()
        .ok()?;
    let maxp = ReadScope::new(&table(tag::MAXP)?)
        .read::<MaxpTable>()
        .ok()?;
    let hhea = ReadScope::new(&table(tag::HHEA)?)
        .read::<HheaTable>()
        .ok()?;

    // Character → glyph, in the cmap's own (ascending) order.
    let mut mappings: Vec<(u32, u16)> = Vec::new();
    if let Some(data) = table(tag::CMAP)
        && let Ok(cmap) = ReadScope::new(&data).read::<Cmap<'_>>()
        && let Ok(Some((_, subtable))) = allsorts::font::read_cmap_subtable(&cmap)
    {
        let _ = subtable.mappings_fn(|cp, gid| mappings.push((cp, gid)));
    }
    // A later mapping of the same character wins, as `insert` would.
    let codepoint_to_glyph = mappings.into_iter().collect();

    let mut widths: Vec<(u16, u16)> = Vec::with_capacity(usize::from(maxp.num_glyphs));
    if let Some(data) = table(tag::HMTX)
        && let Ok(hmtx) = ReadScope::new(&data).read_dep::<HmtxTable<'_>>((
            usize::from(maxp.num_glyphs),
            usize::from(hhea.num_h_metrics),
        ))
    {
        for gid in 0..maxp.num_glyphs {
            if let Ok(advance) = hmtx.horizontal_advance(gid) {
                widths.push((gid, advance));
            }
        }
    }
    let glyph_widths = widths.into_iter().collect();

    let font_type = if provider.has_table(tag::CFF) {
        FontType::OpenTypeCFF(())
    } else {
        FontType::TrueType
    };
    let us_weight_class = table(tag::OS_2)
        .and_then(|d| {
            ReadScope::new(&d)
                .read_dep::<Os2>(d.len())
                .ok()
                .map(|os2| os2.us_weight_class)
        })
        .unwrap_or(0);
    Some(ParsedFont {
        original_bytes: bytes.to_vec(),
        font_index: u32::try_from(index).ok()?,
        font_name: None,
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: head.units_per_em,
        font_metrics: FontMetrics {
            ascent: hhea.ascender,
            descent: hhea.descender,
        },
        font_type,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: head.units_per_em,
            x_min: head.x_min,
            y_min: head.y_min,
            x_max: head.x_max,
            y_max: head.y_max,
            caret_slope_rise: hhea.caret_slope_rise,
            caret_slope_run: hhea.caret_slope_run,
            us_weight_class,
        },
    })
}
