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
