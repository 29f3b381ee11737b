//! The four faces a deck is set in, their glyph advances for measuring, and
//! detection of characters a face can't draw (reported, never an empty box).

use std::sync::{Arc, OnceLock};

use printpdf::{FontId, ParsedFont};

use crate::render::assets::FontFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub fn of(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// PDF subset tags are the first six characters of the font id; six
    /// upper-case letters make readers recognise the font as subset, and
    /// fixed ids keep the output byte-identical between runs.
    pub fn id(self) -> FontId {
        FontId(self.name().to_string())
    }

    /// The font's resource name (see [`Face::id`]).
    pub fn name(self) -> &'static str {
        match self {
            Face::Regular => "MVPREG",
            Face::Bold => "MVPBLD",
            Face::Italic => "MVPITA",
            Face::BoldItalic => "MVPBIT",
        }
    }

    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];
}

/// Inter 4.0, subset to the scripts and symbols decks use (Latin,
/// Greek, Cyrillic, punctuation, currency, arrows, maths, shapes); see
/// assets/fonts/README.md for how. Smaller fonts parse faster at start-up.
const INTER: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/Inter-Regular.otf"),
    include_bytes!("../../../assets/fonts/Inter-Bold.otf"),
    include_bytes!("../../../assets/fonts/Inter-Italic.otf"),
    include_bytes!("../../../assets/fonts/Inter-BoldItalic.otf"),
];

/// The widest glyph a font may have, in em.
const MAX_ADVANCE_EM: f32 = 3.0;

/// One parsed face with a quick table of advances for Latin-1.
pub struct FaceData {
    pub parsed: ParsedFont,
    /// The face's PostScript name, the font name a PDF reader shows.
    pub name: Option<String>,
    /// Advance in em for code points 0..256 (`None`: no glyph).
    latin: Vec<Option<f32>>,
    /// Glyph ids of code points 0..256, looked up once: the painter needs
    /// one for every character it draws.
    latin_gid: Vec<Option<u16>>,
    upm: f32,
}

impl FaceData {
    fn new(parsed: ParsedFont) -> FaceData {
        let upm = f32::from(parsed.units_per_em.max(1));
        let name = super::sfnt::postscript_name(&parsed.original_bytes, parsed.font_index as usize);
        let mut data = FaceData {
            parsed,
            name,
            latin: Vec::new(),
            latin_gid: Vec::new(),
            upm,
        };
        // One cmap lookup per code point serves both tables.
        data.latin_gid = (0u32..256)
            .map(|c| data.parsed.lookup_glyph_index(c))
            .collect();
        data.latin = data
            .latin_gid
            .iter()
            .map(|gid| gid.and_then(|gid| data.gid_advance(gid)))
            .collect();
        data
    }

    /// The font's glyph id for `c`, as the PDF library looks it up.
    pub fn glyph(&self, c: char) -> Option<u16> {
        match self.latin_gid.get(c as usize) {
            Some(g) => *g,
            None => self.parsed.lookup_glyph_index(c as u32),
        }
    }

    /// The advance of `c` in em. A glyph wider than [`MAX_ADVANCE_EM`] is
    /// treated as missing (drawn as `?`): no real glyph is, and a malformed
    /// font's metrics would otherwise put text past the page (found by
    /// fuzzing theme fonts).
    fn lookup(&self, c: char) -> Option<f32> {
        self.gid_advance(self.parsed.lookup_glyph_index(c as u32)?)
    }

    /// The advance of glyph `gid` in em (see [`FaceData::lookup`]).
    fn gid_advance(&self, gid: u16) -> Option<f32> {
        let advance = f32::from(self.parsed.get_glyph_width(gid).unwrap_or(0)) / self.upm;
        (advance.is_finite() && advance <= MAX_ADVANCE_EM).then_some(advance)
    }

    /// The advance of `c` in em, or `None` when the face has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        match self.latin.get(c as usize) {
            Some(a) => *a,
            None => self.lookup(c),
        }
    }
}

/// The faces of a deck: the theme's where it names them, the built-in
/// Inter for the others. Built-in faces are parsed when first used, once
/// per process: most decks never set a word in italic.
pub struct Fonts {
    custom: [Option<Arc<FaceData>>; 4],
    /// The built-in regular face, parsed when the deck starts; the
    /// fallback for a built-in face that would not parse (none does: the
    /// fonts are tested).
    regular: &'static FaceData,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read font `{path}`: {message}")]
    Read { path: String, message: String },
    #[error("`{0}` is not a TrueType or OpenType font mvplan can use")]
    Parse(String),
}

/// Parses a font file. The font library can panic on malformed files (a
/// theme's font may come from anyone); that is contained and reported as a
/// font mvplan can't use, naming it.
fn parse(bytes: &[u8], name: &str) -> Result<FaceData, FontError> {
    crate::foreign::contain(|| {
        let parsed = super::sfnt::parse(bytes, 0)?;
        // OpenType allows 16 to 16,384 units per em; anything else is a
        // broken font whose every measure would be wrong.
        if !(16..=16_384).contains(&parsed.units_per_em) {
            return None;
        }
        // Measuring looks glyphs up; a font whose tables only fail when
        // used fails here, not halfway through a deck.
        let data = FaceData::new(parsed);
        let _ = data.advance('?');
        Some(data)
    })
    .ok()
    .flatten()
    .ok_or_else(|| FontError::Parse(name.to_string()))
}

/// Built-in face `i`, parsed on first use.
fn builtin(i: usize) -> Option<&'static FaceData> {
    static INTER_FACES: [OnceLock<Option<FaceData>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    INTER_FACES
        .get(i)?
        .get_or_init(|| parse(INTER[i], "Inter").ok())
        .as_ref()
}

impl Fonts {
    /// The theme's font files where it names them (read by
    /// [`crate::render::assets`]), Inter for the other styles.
    pub fn for_theme(custom: &[Option<FontFile>; 4]) -> Result<Fonts, FontError> {
        let mut fonts = Fonts::builtin()?;
        for (slot, file) in fonts.custom.iter_mut().zip(custom) {
            if let Some(file) = file {
                *slot = Some(Arc::new(parse(&file.bytes, &file.name)?));
            }
        }
        Ok(fonts)
    }

    /// The built-in Inter faces alone.
    pub fn builtin() -> Result<Fonts, FontError> {
        let regular = builtin(Face::Regular.index())
            .ok_or_else(|| FontError::Parse("built-in Inter".into()))?;
        Ok(Fonts {
            custom: [None, None, None, None],
            regular,
        })
    }

    /// Whether `face` is the built-in Inter (the theme names no file for it).
    pub fn is_builtin(&self, face: Face) -> bool {
        self.custom[face.index()].is_none()
    }

    pub fn face(&self, face: Face) -> &FaceData {
        let i = face.index();
        match &self.custom[i] {
            Some(f) => f,
            None => builtin(i).unwrap_or(self.regular),
        }
    }

    /// Width of `text` in points; characters without a glyph count as `?`.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = self.face(face);
        let fallback = f.advance('?').unwrap_or(0.5);
        // As drawn: control characters are dropped, other missing glyphs
        // become `?`. (Counting controls as `?` made a word wider on paper
        // than in the line breaker; found by fuzzing.)
        text.chars()
            .filter(|c| !c.is_control())
            .map(|c| f.advance(c).unwrap_or(fallback))
            .sum::<f32>()
            * size
    }

    /// Characters of `text` the face can't draw (control characters aside).
    pub fn missing(&self, face: Face, text: &str) -> Vec<char> {
        let f = self.face(face);
        text.chars()
            .filter(|c| !c.is_control() && f.advance(*c).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_covers_latin_and_currency_signs() {
        let fonts = Fonts::builtin().unwrap();
        for face in Face::ALL {
            let sample = "AZaz09 ÀÿĀžŁő €£¥₹ “”‘’–—…•";
            assert_eq!(fonts.missing(face, sample), Vec::<char>::new(), "{face:?}");
        }
        assert_eq!(
            fonts.missing(Face::Regular, "a\u{1F600}b"),
            vec!['\u{1F600}']
        );
        let w = fonts.width(Face::Regular, 10.0, "mmmm");
        assert!(w > fonts.width(Face::Regular, 10.0, "iiii"));
        assert!(
            (fonts.width(Face::Bold, 20.0, "ab") - 2.0 * fonts.width(Face::Bold, 10.0, "ab")).abs()
                < 0.01
        );
    }
}
