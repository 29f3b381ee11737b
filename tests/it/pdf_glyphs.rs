//! The PDF's text at the level of glyph codes: the renderer writes its
//! pages' content streams itself, with the font's glyph ids, and puts the
//! subset fonts' codes in afterwards. These tests read the PDF back with
//! lopdf (nothing of mvplan's) and check that every code a page shows is
//! one its embedded font defines — a width in /W and a character in
//! /ToUnicode — and that the characters read back are the deck's, in the
//! face the Markdown asks for.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
use mvplan::render::markdown;
use mvplan::render::pdf::{self, PdfOptions};
use mvplan::theme::Theme;

/// All four faces, accents and three scripts, signs, a code span, a
/// strike, a link, a character no face has (the emoji: drawn as `?`), and
/// a table with styled cells.
const DECK: &str = "---
title: Faces and glyphs
---

# Every face

Regular, **bold**, *italic*, ***bold italic***, `code`, ~~struck~~ and a [link](https://example.com).

Greek αβγ, Cyrillic жзи, currency € £ ¥ ₹, quotes “a” ‘b’ — dash… and an emoji 😀 missing.

Ligature-prone words: office, affluent, fjord; digits 0123456789 and 1,234.56%.

---

# A table

| Channel | Budget | Share |
|---|---:|---:|
| Search | €120,000 | 40% |
| *Social* | **€90,000** | 30% |
| Events | €90,000 | 30% |
";

/// A stream's bytes, inflated when they are compressed.
fn stream_bytes(doc: &Document, o: &Object) -> Vec<u8> {
    let id = o.as_reference().unwrap();
    let s = doc.get_object(id).unwrap().as_stream().unwrap();
    s.decompressed_content()
        .unwrap_or_else(|_| s.content.clone())
}

fn hex_u16s(hex: &str) -> Vec<u16> {
    hex.as_bytes()
        .chunks(4)
        .map(|d| u16::from_str_radix(std::str::from_utf8(d).unwrap(), 16).unwrap())
        .collect()
}

/// A font's /ToUnicode map (bfchar and bfrange entries): code → text.
fn to_unicode(doc: &Document, font: &Dictionary) -> BTreeMap<u16, String> {
    let cmap = String::from_utf8(stream_bytes(doc, font.get(b"ToUnicode").unwrap())).unwrap();
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in cmap.lines().map(str::trim) {
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let hexes: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        match (section, hexes.as_slice()) {
            ("char", [code, text]) => {
                map.insert(
                    hex_u16s(code)[0],
                    String::from_utf16(&hex_u16s(text)).unwrap(),
                );
            }
            ("range", [lo, hi, text]) => {
                let (lo, hi) = (hex_u16s(lo)[0], hex_u16s(hi)[0]);
                let first = hex_u16s(text);
                for (i, code) in (lo..=hi).enumerate() {
                    let mut units = first.clone();
                    *units.last_mut().unwrap() += i as u16;
                    map.insert(code, String::from_utf16(&units).unwrap());
                }
            }
            _ => {}
        }
    }
    map
}

/// The codes a Type0 font gives a width in its descendant's /W.
fn widths(doc: &Document, font: &Dictionary) -> BTreeSet<u16> {
    let descendants = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
    let cid = match &descendants[0] {
        Object::Dictionary(d) => d,
        o => doc.get_dictionary(o.as_reference().unwrap()).unwrap(),
    };
    let w = cid.get(b"W").unwrap().as_array().unwrap();
    let mut codes = BTreeSet::new();
    let mut i = 0;
    while i < w.len() {
        let first = w[i].as_i64().unwrap();
        match &w[i + 1] {
            Object::Array(ws) => {
                codes.extend((0..ws.len() as i64).map(|k| (first + k) as u16));
                i += 2;
            }
            last => {
                codes.extend((first..=last.as_i64().unwrap()).map(|c| c as u16));
                i += 3;
            }
        }
    }
    codes
}

struct Shown {
    /// Per page, the text shown, whitespace dropped.
    pages: Vec<String>,
    /// Per font (its /BaseFont), the text shown in it.
    by_font: BTreeMap<String, String>,
    /// Per font, the codes shown.
    codes: BTreeMap<String, BTreeSet<u16>>,
    /// Per font, the codes /ToUnicode maps.
    mapped: BTreeMap<String, BTreeSet<u16>>,
}

/// Reads every page's content stream: each code shown must have a width
/// and a character in the font selected by the last `Tf`.
fn shown(doc: &Document) -> Shown {
    let mut out = Shown {
        pages: Vec::new(),
        by_font: BTreeMap::new(),
        codes: BTreeMap::new(),
        mapped: BTreeMap::new(),
    };
    for (n, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap();
        let mut tables = BTreeMap::new();
        for (name, font) in &fonts {
            let base =
                String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec())
                    .unwrap();
            let map = to_unicode(doc, font);
            out.mapped
                .insert(base.clone(), map.keys().copied().collect());
            tables.insert(name.clone(), (base, map, widths(doc, font)));
        }
        let ops = Content::decode(&doc.get_page_content(page))
            .unwrap()
            .operations;
        let mut current = None;
        let mut text = String::new();
        for op in ops {
            match op.operator.as_str() {
                "Tf" => current = Some(op.operands[0].as_name().unwrap().to_vec()),
                "Tj" => {
                    let font = current.as_ref().expect("text shown before a Tf");
                    let (base, map, widths) = &tables[font];
                    let bytes = op.operands[0].as_str().unwrap();
                    for pair in bytes.chunks(2) {
                        let code = u16::from_be_bytes([pair[0], pair[1]]);
                        assert!(
                            widths.contains(&code),
                            "page {n}: {base} has no width for code {code}"
                        );
                        let ch = map.get(&code).unwrap_or_else(|| {
                            panic!("page {n}: {base} maps no text to code {code}")
                        });
                        text.push_str(ch);
                        out.by_font.entry(base.clone()).or_default().push_str(ch);
                        out.codes.entry(base.clone()).or_default().insert(code);
                    }
                }
                "TJ" => panic!("page {n}: unexpected TJ"),
                _ => {}
            }
        }
        out.pages
            .push(text.chars().filter(|c| !c.is_whitespace()).collect());
    }
    out
}

/// The test deck as a PDF in the default theme, read back.
fn default_pdf() -> Document {
    let deck = markdown::parse(DECK);
    let out = pdf::render(
        &deck,
        &Theme::builtin("default").unwrap(),
        &PdfOptions::default(),
    )
    .unwrap();
    Document::load_mem(&out.bytes).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_code_shown_is_defined_by_its_font_and_reads_back_as_the_deck() {
    let doc = default_pdf();
    let shown = shown(&doc);
    assert_eq!(shown.pages.len(), 2);

    // The text of the Markdown, as written above (the emoji, which no face
    // has, is drawn as `?`).
    for expected in [
        "Everyface",
        "Regular,bold,italic,bolditalic,code,struckandalink.",
        "Greekαβγ,Cyrillicжзи,currency€£¥₹,quotes“a”‘b’—dash…andanemoji?missing.",
        "Ligature-pronewords:office,affluent,fjord;digits0123456789and1,234.56%.",
    ] {
        assert!(
            shown.pages[0].contains(&squash(expected)),
            "page 1 lacks `{expected}`: {}",
            shown.pages[0]
        );
    }
    for expected in [
        "Atable",
        "ChannelBudgetShare",
        "Search€120,00040%",
        "Social€90,00030%",
    ] {
        assert!(
            shown.pages[1].contains(expected),
            "page 2 lacks `{expected}`: {}",
            shown.pages[1]
        );
    }

    // Each face draws what the Markdown sets in it.
    let face = |name: &str| {
        shown
            .by_font
            .iter()
            .find(|(base, _)| base.ends_with(&format!("+Inter-{name}")))
            .map(|(_, text)| squash(text))
            .unwrap_or_else(|| panic!("no Inter-{name} in {:?}", shown.by_font.keys()))
    };
    assert!(face("BoldItalic").contains("bolditalic"));
    assert!(face("Italic").contains("italic") && face("Italic").contains("Social"));
    assert!(face("Bold").contains("bold") && face("Bold").contains("€90,000"));
    assert!(!face("Regular").contains("bolditalic"));

    // The subset holds exactly the glyphs shown: every code its
    // /ToUnicode maps is shown somewhere, none is left out.
    for (base, codes) in &shown.codes {
        assert_eq!(codes, &shown.mapped[base], "{base}");
    }
}

#[test]
fn a_glyph_shared_by_pages_and_faces_keeps_one_code_per_font() {
    // The same words on many pages and in two faces: each font's codes are
    // the same on every page (one subset per font for the whole document).
    let mut md = String::new();
    for i in 1..=6 {
        md.push_str(&format!(
            "# Slide {i}\n\nThe same words, **the same words**, page {i}.\n\n---\n\n"
        ));
    }
    let deck = markdown::parse(&md);
    let out = pdf::render(
        &deck,
        &Theme::builtin("default").unwrap(),
        &PdfOptions::default(),
    )
    .unwrap();
    let doc = Document::load_mem(&out.bytes).unwrap();
    let shown = shown(&doc);
    assert_eq!(shown.pages.len(), 6);
    for (i, page) in shown.pages.iter().enumerate() {
        let expected = format!("Slide{n}Thesamewords,thesamewords,page{n}.", n = i + 1);
        assert!(page.contains(&expected), "page {}: {page}", i + 1);
    }
    for (base, codes) in &shown.codes {
        assert_eq!(codes, &shown.mapped[base], "{base}");
    }
}

/// A table of an sfnt font program, by tag.
fn sfnt_table<'a>(program: &'a [u8], tag: &[u8; 4]) -> &'a [u8] {
    let u16_at = |b: &[u8], i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |b: &[u8], i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let tables = usize::from(u16_at(program, 4));
    for i in 0..tables {
        let record = 12 + 16 * i;
        if &program[record..record + 4] == tag {
            let offset = u32_at(program, record + 8) as usize;
            let length = u32_at(program, record + 12) as usize;
            return &program[offset..offset + length];
        }
    }
    panic!("no {} table", String::from_utf8_lossy(tag));
}

/// What the embedded program itself says of its glyphs, read from its
/// `head`, `hhea` and `hmtx` tables by hand: units per em, ascender,
/// descender, and each glyph's advance.
fn program_metrics(program: &[u8]) -> (i64, i64, i64, Vec<i64>) {
    let u16_at = |b: &[u8], i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let upm = i64::from(u16_at(sfnt_table(program, b"head"), 18));
    let hhea = sfnt_table(program, b"hhea");
    let ascender = i64::from(u16_at(hhea, 4) as i16);
    let descender = i64::from(u16_at(hhea, 6) as i16);
    let metrics = usize::from(u16_at(hhea, 34));
    let hmtx = sfnt_table(program, b"hmtx");
    let glyphs = usize::from(u16_at(sfnt_table(program, b"maxp"), 4));
    let advances = (0..glyphs)
        .map(|g| i64::from(u16_at(hmtx, 4 * g.min(metrics - 1))))
        .collect();
    (upm, ascender, descender, advances)
}

/// Every font's /W gives each code the advance its embedded program gives
/// that glyph (code = glyph id: Identity-H, CIDToGIDMap or name-keyed
/// CFF), in 1/1000 em truncated as PDF writers do; the descriptor's
/// ascent and descent are the program's, rounded. Returns the fonts'
/// names.
fn assert_widths_are_the_programs(doc: &Document) -> Vec<String> {
    let mut names = Vec::new();
    for page in doc.get_pages().into_values().take(1) {
        for (_, font) in doc.get_page_fonts(page).unwrap() {
            let base =
                String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec())
                    .unwrap();
            let descendants = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
            let Object::Dictionary(cid) = &descendants[0] else {
                panic!("{base}: descendant not inline")
            };
            let descriptor = doc
                .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
                .unwrap();
            let file = descriptor
                .get(b"FontFile3")
                .or_else(|_| descriptor.get(b"FontFile2"))
                .unwrap();
            let program = stream_bytes(doc, file);
            let (upm, ascender, descender, advances) = program_metrics(&program);
            let w = cid.get(b"W").unwrap().as_array().unwrap();
            let mut checked = 0;
            for pair in w.chunks(2) {
                let first = pair[0].as_i64().unwrap();
                for (k, width) in pair[1].as_array().unwrap().iter().enumerate() {
                    let code = (first + k as i64) as usize;
                    let expected = advances[code] * 1000 / upm;
                    assert_eq!(width.as_i64().unwrap(), expected, "{base}: code {code}");
                    checked += 1;
                }
            }
            assert!(checked > 3, "{base}: {checked} widths");
            let round = |v: i64| (v as f64 * 1000.0 / upm as f64).round() as i64;
            assert_eq!(
                descriptor.get(b"Ascent").unwrap().as_i64().unwrap(),
                round(ascender)
            );
            assert_eq!(
                descriptor.get(b"Descent").unwrap().as_i64().unwrap(),
                round(descender)
            );
            names.push(base);
        }
    }
    names.sort();
    names
}

#[test]
fn every_width_is_the_advance_the_embedded_font_gives_its_glyph() {
    // The widths are written from the advances mvplan measures with, not
    // read from the embedded subset; this checks them against the subset.
    let doc = default_pdf();
    let names = assert_widths_are_the_programs(&doc);
    assert_eq!(
        names,
        [
            "MVPBIT+Inter-BoldItalic",
            "MVPBLD+Inter-Bold",
            "MVPITA+Inter-Italic",
            "MVPREG+Inter-Regular"
        ]
    );
}

#[test]
fn a_theme_face_reads_back_like_a_built_in_one() {
    // A theme's bold face (a four-glyph font, `Helo`): its codes are not
    // known before its font is made, unlike the built-in regular face's
    // beside it. Both read back as the deck, with the program's widths.
    let d = tempfile::tempdir().unwrap();
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/theme_font/inter-hello.otf"
    );
    std::fs::copy(corpus, d.path().join("hello.otf")).unwrap();
    std::fs::write(
        d.path().join("theme.toml"),
        "name = \"acme\"\n[colors]\nprimary = \"#123456\"\naccent = \"#FF8800\"\ntext = \"#111111\"\nmuted = \"#666666\"\nbackground = \"#FFFFFF\"\nsurface = \"#EEEEEE\"\non_primary = \"#FFFFFF\"\nchart = [\"#123456\"]\n[fonts]\nbold = \"hello.otf\"\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("deck.md"),
        "# Hello\n\n**Hello**\n\nPlain words in the built-in face.\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .current_dir(d.path())
        .args([
            "render",
            "deck.md",
            "--theme",
            "theme.toml",
            "--format",
            "pdf",
        ])
        .args(["-o", "deck.pdf", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc = Document::load_mem(&std::fs::read(d.path().join("deck.pdf")).unwrap()).unwrap();
    let shown = shown(&doc);
    assert_eq!(shown.pages, ["HelloHelloPlainwordsinthebuilt-inface."]);
    assert_eq!(squash(&shown.by_font["MVPBLD+Inter-Regular"]), "HelloHello");
    for (base, codes) in &shown.codes {
        assert_eq!(codes, &shown.mapped[base], "{base}");
    }
    let names = assert_widths_are_the_programs(&doc);
    assert_eq!(names, ["MVPBLD+Inter-Regular", "MVPREG+Inter-Regular"]);
}
