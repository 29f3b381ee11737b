//! The fonts of the PDF, written by us: each face's subset program, its
//! glyph widths (`/W`), its text-extraction map (`/ToUnicode`) and its
//! descriptor — the same objects, byte for byte, that printpdf 0.12.8
//! writes for an external font (`add_subset_font_to_pdf`), made from what
//! the deck already has.
//!
//! printpdf made them by parsing the subset font again and decoding the
//! outline of every glyph in it to read its advance (a fifth of a dense
//! deck's render, and the whole font touched). The advance is in the
//! `hmtx` table of the font we measure with, and the subset keeps it, so
//! the widths come from there. The subsetting itself is printpdf's own
//! (`printpdf::font::subset_font`, made with allsorts as printpdf makes it:
//! [`super::sfnt`]), as is the `/ToUnicode` CMap writer: the bytes
//! embedded are the ones printpdf would embed.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::ParsedFont;

use super::PdfError;
use super::fonts::{Face, FaceData};
use super::sfnt::{self, Subset};

/// printpdf's `/DW` (the width of a glyph `/W` does not list).
const DEFAULT_WIDTH: i64 = 1000;

/// One face, ready to be written into the document.
pub struct FontObjects {
    pub face: Face,
    /// Glyph id in the font we measure with → the code it has in the
    /// embedded font (what the content stream shows); 0 for a glyph not
    /// drawn, as printpdf encodes one.
    pub codes: Vec<u16>,
    /// The `/BaseFont` and `/FontName`: `MVPREG+Inter-Regular` when subset.
    face_name: String,
    /// `CIDFontType0` (CFF outlines) or `CIDFontType2` (TrueType).
    sub_type: &'static str,
    /// The font program and its key in the descriptor (`FontFile2` or
    /// `FontFile3`); none when the face had no bytes to embed.
    program: Option<(&'static str, Stream)>,
    to_unicode: Stream,
    widths: Vec<Object>,
    descriptor: Descriptor,
}

/// A font descriptor's metrics, in 1/1000 em.
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    bbox: [i64; 4],
}

impl FontObjects {
    /// The face's objects, for the glyphs drawn with it (glyph id → the
    /// character drawn with it). A font allsorts cannot subset is embedded
    /// whole, as printpdf does.
    pub fn new(face: Face, data: &FaceData, glyphs: &BTreeMap<u16, char>) -> FontObjects {
        let usage: BTreeMap<u16, String> =
            glyphs.iter().map(|(g, c)| (*g, c.to_string())).collect();
        let name = data.name.as_deref();
        match sfnt::subset(&data.parsed, &usage) {
            Ok(subset) => subset_objects(face, &data.parsed, name, subset),
            Err(_) => whole_objects(face, &data.parsed, name, &usage),
        }
    }

    /// The font's streams (its program and `/ToUnicode`), to deflate.
    pub fn streams_mut(&mut self) -> impl Iterator<Item = &mut Stream> {
        let program = self.program.as_mut().map(|(_, stream)| stream);
        program
            .into_iter()
            .chain(std::iter::once(&mut self.to_unicode))
    }

    /// The codes a built-in face's glyphs get in its subset: allsorts
    /// numbers the glyphs in the order asked for, `.notdef` first, then by
    /// glyph id (see `printpdf::font::subset_font`). Known before the font
    /// is made, so the pages need not wait for it.
    pub fn predicted_codes(glyphs: &BTreeMap<u16, char>) -> Vec<u16> {
        let mut codes = Vec::new();
        let mut next = 1;
        for gid in glyphs.keys() {
            if *gid == 0 {
                set(&mut codes, 0, 0);
            } else {
                set(&mut codes, *gid, next);
                next = next.saturating_add(1);
            }
        }
        codes
    }

    /// How many objects [`FontObjects::add`] writes.
    pub fn count(&self) -> u32 {
        3 + u32::from(self.program.is_some())
    }

    /// Writes the objects at ids `first`, `first + 1`, … in printpdf's order
    /// (program, `/ToUnicode`, descriptor, font) and returns the font's id.
    pub fn add(self, objects: &mut BTreeMap<ObjectId, Object>, first: u32) -> ObjectId {
        let mut next = first;
        let mut take = || {
            let id = (next, 0);
            next += 1;
            id
        };
        let program = self.program.map(|(key, stream)| {
            let id = take();
            objects.insert(id, Object::Stream(stream));
            (key, Object::Reference(id))
        });
        let to_unicode = take();
        objects.insert(to_unicode, Object::Stream(self.to_unicode));
        let d = &self.descriptor;
        let name = || Object::Name(self.face_name.clone().into_bytes());
        let descriptor = take();
        objects.insert(
            descriptor,
            Object::Dictionary(Dictionary::from_iter(
                [
                    ("Type", Object::Name(b"FontDescriptor".to_vec())),
                    ("FontName", name()),
                    ("Ascent", Object::Integer(d.ascent)),
                    ("Descent", Object::Integer(d.descent)),
                    ("CapHeight", Object::Integer(d.cap_height)),
                    ("ItalicAngle", Object::Integer(d.italic_angle)),
                    ("Flags", Object::Integer(d.flags)),
                    ("StemV", Object::Integer(d.stem_v)),
                    (
                        "FontBBox",
                        Object::Array(d.bbox.iter().map(|v| Object::Integer(*v)).collect()),
                    ),
                ]
                .into_iter()
                .chain(program),
            )),
        );
        let descendant = Dictionary::from_iter(
            [
                ("Type", Object::Name(b"Font".to_vec())),
                ("BaseFont", name()),
                ("Subtype", Object::Name(self.sub_type.as_bytes().to_vec())),
                (
                    "CIDSystemInfo",
                    Object::Dictionary(Dictionary::from_iter([
                        (
                            "Registry",
                            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                        ),
                        (
                            "Ordering",
                            Object::String(b"Identity".to_vec(), StringFormat::Literal),
                        ),
                        ("Supplement", Object::Integer(0)),
                    ])),
                ),
                ("W", Object::Array(self.widths)),
                ("DW", Object::Integer(DEFAULT_WIDTH)),
                ("FontDescriptor", Object::Reference(descriptor)),
            ]
            .into_iter()
            .chain(
                (self.sub_type == "CIDFontType2")
                    .then(|| ("CIDToGIDMap", Object::Name(b"Identity".to_vec()))),
            ),
        );
        let font = take();
        objects.insert(
            font,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"Type0".to_vec())),
                ("BaseFont", name()),
                ("Encoding", Object::Name(b"Identity-H".to_vec())),
                ("ToUnicode", Object::Reference(to_unicode)),
                (
                    "DescendantFonts",
                    Object::Array(vec![Object::Dictionary(descendant)]),
                ),
            ])),
        );
        font
    }
}

/// The objects of a subset face (printpdf's `create_subset_runtime_info`).
fn subset_objects(
    face: Face,
    font: &ParsedFont,
    name: Option<&str>,
    subset: Subset,
) -> FontObjects {
    // Identity-H codes are the subset's glyph ids, or for a CID-keyed CFF
    // the CIDs its charset gives them.
    let cids = printpdf::font::cff_charset_gid_to_cid_map(&subset.bytes, 0);
    let (coded, codes) = coded(
        subset
            .glyph_mapping
            .iter()
            .map(|(orig, (new, ch))| (*orig, *new, ch.as_str())),
        cids.as_ref(),
    );
    // The subset keeps each glyph's advance (allsorts copies its `hmtx`
    // record), so it is read from the font we measure with. printpdf
    // scales it as `advance * (1000 / upm)`, truncated.
    let scale = 1000.0 / f32::from(font.pdf_font_metrics.units_per_em);
    let widths = width_runs(coded.iter().map(|(code, orig, _)| {
        (
            *code,
            advance(font, *orig).map_or(0, |w| (f32::from(w) * scale) as i64),
        )
    }));
    let to_unicode = to_unicode(font, face, &coded);
    let face_name = format!("{}+{}", face.name(), name.unwrap_or(face.name()));
    let program = subset.bytes;
    objects(face, font, codes, face_name, program, to_unicode, widths)
}

/// The objects of a face embedded whole, when allsorts cannot subset it
/// (printpdf's `create_full_font_runtime_info`).
fn whole_objects(
    face: Face,
    font: &ParsedFont,
    name: Option<&str>,
    usage: &BTreeMap<u16, String>,
) -> FontObjects {
    let bytes = font.original_bytes.clone();
    let bytes = if bytes.get(..4) == Some(b"ttcf".as_slice()) {
        printpdf::font::extract_collection_face(&bytes, font.font_index as usize).unwrap_or(bytes)
    } else {
        bytes
    };
    let cids = printpdf::font::cff_charset_gid_to_cid_map(&bytes, 0);
    let (coded, codes) = coded(
        usage.iter().map(|(gid, ch)| (*gid, *gid, ch.as_str())),
        cids.as_ref(),
    );
    // printpdf scales a whole font's advances as `advance * 1000 / upm`.
    let upm = f32::from(font.pdf_font_metrics.units_per_em);
    let widths = width_runs(coded.iter().map(|(code, gid, _)| {
        (
            *code,
            advance(font, *gid).map_or(0, |w| (f32::from(w) * 1000.0 / upm) as i64),
        )
    }));
    let to_unicode = to_unicode(font, face, &coded);
    let face_name = name.unwrap_or(face.name()).to_string();
    objects(face, font, codes, face_name, bytes, to_unicode, widths)
}

/// Each drawn glyph's Identity-H code, from (glyph id in the face we
/// measure with, glyph id in the embedded program, character): the program's
/// glyph id, or for a CID-keyed CFF the CID its charset gives it. Returns
/// the (code, glyph id, character) rows in code order, for `/W` and
/// `/ToUnicode`, and the glyph id → code table the pages are written with.
/// One place for both the subset and the whole-font embedding.
fn coded<'a>(
    glyphs: impl Iterator<Item = (u16, u16, &'a str)>,
    cids: Option<&BTreeMap<u16, u16>>,
) -> (Vec<(u16, u16, &'a str)>, Vec<u16>) {
    let mut coded: Vec<(u16, u16, &str)> = glyphs
        .map(|(gid, in_program, ch)| {
            let code = cids
                .and_then(|m| m.get(&in_program).copied())
                .unwrap_or(in_program);
            (code, gid, ch)
        })
        .collect();
    coded.sort_by_key(|(code, ..)| *code);
    let mut codes = Vec::new();
    for (code, gid, _) in &coded {
        set(&mut codes, *gid, *code);
    }
    (coded, codes)
}

/// `codes[gid] = code`, growing the table.
fn set(codes: &mut Vec<u16>, gid: u16, code: u16) {
    let i = usize::from(gid);
    if codes.len() <= i {
        codes.resize(i + 1, 0);
    }
    codes[i] = code;
}

/// A glyph's advance in font units, as printpdf reads it (`None` past the
/// font's glyphs).
fn advance(font: &ParsedFont, gid: u16) -> Option<u16> {
    font.get_glyph_width(gid)
}

/// The `/W` array: runs of consecutive codes, `first [w w …]`, from widths
/// by ascending code.
fn width_runs(widths: impl Iterator<Item = (u16, i64)>) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let (mut low, mut high) = (0u16, 0u16);
    for (code, width) in widths {
        if !run.is_empty() && u32::from(code) == u32::from(high) + 1 {
            high = code;
        } else {
            if !run.is_empty() {
                out.push(Object::Integer(i64::from(low)));
                out.push(Object::Array(std::mem::take(&mut run)));
            }
            (low, high) = (code, code);
        }
        run.push(Object::Integer(width));
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(low)));
        out.push(Object::Array(run));
    }
    out
}

/// The `/ToUnicode` CMap, by printpdf's own writer.
fn to_unicode(font: &ParsedFont, face: Face, coded: &[(u16, u16, &str)]) -> Vec<u8> {
    let pairs: Vec<(u16, String)> = coded
        .iter()
        .map(|(code, _, ch)| (*code, (*ch).to_string()))
        .collect();
    printpdf::font::generate_cmap_string(font, &face.id(), &pairs).into_bytes()
}

/// The program's wrapper and the descriptor (printpdf's
/// `add_subset_font_to_pdf`, whose comments say why each is so).
fn objects(
    face: Face,
    font: &ParsedFont,
    codes: Vec<u16>,
    face_name: String,
    program: Vec<u8>,
    to_unicode: Vec<u8>,
    widths: Vec<Object>,
) -> FontObjects {
    let stream = |dict: Dictionary, bytes: Vec<u8>| Stream::new(dict, bytes).with_compression(true);
    let subtype = |name: &str| Dictionary::from_iter([("Subtype", Object::Name(name.into()))]);
    let cid_keyed = printpdf::font::extract_cid_keyed_cff(&program, 0);
    let present = !program.is_empty();
    let (sub_type, program) = if let Some(cff) = cid_keyed {
        let s = present.then(|| ("FontFile3", stream(subtype("CIDFontType0C"), cff)));
        ("CIDFontType0", s)
    } else if program.starts_with(b"OTTO") {
        let s = present.then(|| ("FontFile3", stream(subtype("OpenType"), program)));
        ("CIDFontType0", s)
    } else {
        let s = present.then(|| {
            let length = i64::try_from(program.len()).unwrap_or(i64::MAX);
            let dict = Dictionary::from_iter([("Length1", Object::Integer(length))]);
            ("FontFile2", stream(dict, program))
        });
        ("CIDFontType2", s)
    };
    FontObjects {
        face,
        codes,
        face_name,
        sub_type,
        program,
        to_unicode: Stream::new(Dictionary::new(), to_unicode),
        widths,
        descriptor: descriptor(font),
    }
}

/// The descriptor's metrics, scaled to 1/1000 em as printpdf does.
fn descriptor(font: &ParsedFont) -> Descriptor {
    let m = &font.pdf_font_metrics;
    let scale = if m.units_per_em == 0 {
        1.0
    } else {
        1000.0 / f32::from(m.units_per_em)
    };
    // printpdf takes the ascent and descent of the subset font, whose
    // `hhea` is this font's.
    let ascent = (font.font_metrics.ascent as i64 as f32 * scale).round() as i64;
    let descent = (font.font_metrics.descent as i64 as f32 * scale).round() as i64;
    // printpdf's cap height is the ascent: its parser reads no OS/2 cap height.
    let cap_height = ascent;
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    let flags = (1 << 5) | if italic_angle != 0 { 1 << 6 } else { 0 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };
    let s = |v: i16| (f32::from(v) * scale).round() as i64;
    Descriptor {
        ascent,
        descent,
        cap_height,
        italic_angle,
        flags,
        stem_v,
        bbox: [s(m.x_min), s(m.y_min), s(m.x_max), s(m.y_max)],
    }
}

/// Writes `fonts` into a document printpdf built without any, where
/// printpdf writes them: the objects right after the page tree's, which
/// every later object moves up to make room for, named in the font
/// resources every page shares. Returns each face's codes (by
/// [`Face::index`]) for the content streams.
pub fn add_fonts(
    doc: &mut lopdf::Document,
    fonts: Vec<FontObjects>,
) -> Result<[Vec<u16>; 4], PdfError> {
    let unreadable = |e: lopdf::Error| PdfError::Write(e.to_string());
    let pages = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(unreadable)?;
    let first_page = doc.get_pages().into_values().next();
    let resources = match first_page {
        Some(page) => {
            let resources = doc
                .get_dictionary(page)
                .and_then(|p| p.get(b"Resources"))
                .and_then(Object::as_reference)
                .and_then(|r| doc.get_dictionary(r))
                .and_then(|r| r.get(b"Font"))
                .and_then(Object::as_reference)
                .map_err(unreadable)?;
            Some(resources)
        }
        None => None,
    };
    let room: u32 = fonts.iter().map(FontObjects::count).sum();
    shift_ids(doc, pages.0, room);
    let mut codes: [Vec<u16>; 4] = Default::default();
    let mut next = pages.0 + 1;
    let mut names = Vec::with_capacity(fonts.len());
    for mut font in fonts {
        let count = font.count();
        codes[font.face.index()] = std::mem::take(&mut font.codes);
        let face = font.face;
        let id = font.add(&mut doc.objects, next);
        names.push((face.name(), id));
        next += count;
    }
    if let Some(dict) = resources {
        let dict = doc
            .get_object_mut((dict.0 + room, dict.1))
            .and_then(Object::as_dict_mut)
            .map_err(unreadable)?;
        for (name, id) in names {
            dict.set(name, Object::Reference(id));
        }
    }
    Ok(codes)
}

/// Moves every object numbered after `after` up by `by`, and every
/// reference to one with it.
fn shift_ids(doc: &mut lopdf::Document, after: u32, by: u32) {
    let shift = |id: &mut ObjectId| {
        if id.0 > after {
            id.0 += by;
        }
    };
    let objects = std::mem::take(&mut doc.objects);
    doc.objects = objects
        .into_iter()
        .map(|(mut id, mut object)| {
            shift(&mut id);
            shift_references(&mut object, &shift);
            (id, object)
        })
        .collect();
    for (_, value) in doc.trailer.iter_mut() {
        shift_references(value, &shift);
    }
    doc.max_id += by;
}

fn shift_references(object: &mut Object, shift: &impl Fn(&mut ObjectId)) {
    match object {
        Object::Reference(id) => shift(id),
        Object::Array(items) => {
            for item in items {
                shift_references(item, shift);
            }
        }
        Object::Dictionary(dict) => {
            for (_, value) in dict.iter_mut() {
                shift_references(value, shift);
            }
        }
        Object::Stream(stream) => {
            for (_, value) in stream.dict.iter_mut() {
                shift_references(value, shift);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Fonts;

    #[test]
    fn predicted_codes_are_the_subsetters() {
        // printpdf's subset_font (allsorts) says which code each glyph gets;
        // the prediction must agree, with and without .notdef drawn.
        let fonts = Fonts::builtin().unwrap();
        let face = fonts.face(Face::Bold);
        for text in ["Hello, world", "€120,000 — αβγ жзи", "zyxA"] {
            let mut glyphs: BTreeMap<u16, char> = text
                .chars()
                .filter_map(|c| Some((face.glyph(c)?, c)))
                .collect();
            for with_notdef in [false, true] {
                if with_notdef {
                    glyphs.insert(0, '?');
                }
                let usage = glyphs.iter().map(|(g, c)| (*g, c.to_string())).collect();
                let subset = sfnt::subset(&face.parsed, &usage).unwrap();
                let predicted = FontObjects::predicted_codes(&glyphs);
                for (orig, (new, _)) in &subset.glyph_mapping {
                    assert_eq!(predicted[usize::from(*orig)], *new, "{text}: glyph {orig}");
                }
                let made = FontObjects::new(Face::Bold, face, &glyphs);
                assert_eq!(made.codes, predicted, "{text}");
            }
        }
    }

    #[test]
    fn shifting_ids_moves_objects_and_every_reference_to_them() {
        let mut doc = lopdf::Document::with_version("1.3");
        let a = doc.add_object(Object::Integer(1));
        let b = doc.add_object(Object::Array(vec![Object::Reference(a)]));
        let c = doc.add_object(Dictionary::from_iter([
            ("A", Object::Reference(a)),
            ("B", Object::Reference(b)),
        ]));
        doc.add_object(Stream::new(
            Dictionary::from_iter([("C", Object::Reference(c))]),
            vec![],
        ));
        doc.trailer.set("Root", Object::Reference(c));
        shift_ids(&mut doc, a.0, 5);
        let ids: Vec<u32> = doc.objects.keys().map(|id| id.0).collect();
        assert_eq!(ids, [1, 7, 8, 9]);
        assert_eq!(doc.max_id, 9);
        let get = |id: u32| doc.objects[&(id, 0)].clone();
        assert_eq!(get(7), Object::Array(vec![Object::Reference((1, 0))]));
        let dict = get(8);
        let dict = dict.as_dict().unwrap();
        assert_eq!(dict.get(b"A").unwrap(), &Object::Reference((1, 0)));
        assert_eq!(dict.get(b"B").unwrap(), &Object::Reference((7, 0)));
        let stream = get(9);
        let stream = stream.as_stream().unwrap();
        assert_eq!(stream.dict.get(b"C").unwrap(), &Object::Reference((8, 0)));
        assert_eq!(
            doc.trailer.get(b"Root").unwrap(),
            &Object::Reference((8, 0))
        );
    }
}
