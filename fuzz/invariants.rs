//! What each fuzz target asserts, shared with `tests/it/corpus.rs`, which
//! replays the committed corpus on every `cargo test`.

use mvplan::check::Settings;
use mvplan::render::{html, markdown, pdf};
use mvplan::source::SourceFile;
use mvplan::theme::Theme;

/// Plan loading, checking and reporting: never a panic, whatever the bytes.
pub fn plan(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (report, _) =
        mvplan::check_source(SourceFile::new("fuzz.toml", text), &Settings::default());
    let _ = mvplan::report::human::file_report(&report, false);
    let _ = mvplan::report::json::render(&[report]);
}

/// Policy loading: never a panic, whatever the bytes.
pub fn policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = mvplan::policy::parse(&SourceFile::new("policy.toml", text));
}

/// Markdown deck → PDF: never a panic, and no text off the page.
pub fn deck_pdf(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let theme = Theme::builtin("default").expect("built-in theme");
    let deck = markdown::parse(text);
    let out = pdf::render(&deck, &theme, &pdf::PdfOptions::default()).expect("renders");
    for page in &out.pages {
        for &(x, y, w, h) in &page.text_boxes {
            assert!(
                x >= 0.0 && y >= 0.0 && x + w <= out.width + 0.01 && y + h <= out.height + 0.01,
                "text box ({x}, {y}, {w}, {h}) outside the {} × {} page",
                out.width,
                out.height
            );
        }
    }
}

/// Markdown deck → HTML: never a panic, one script element, no live
/// `javascript:` link.
pub fn deck_html(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let theme = Theme::builtin("default").expect("built-in theme");
    // The only refusal is a deck too large to write, which no fuzz input
    // (a few KB) can produce.
    let out = html::render(
        &markdown::parse(text),
        &theme,
        &html::HtmlOptions::default(),
    )
    .expect("a small deck renders");
    assert_eq!(out.html.matches("<script").count(), 1);
    assert!(!out.html.to_ascii_lowercase().contains("href=\"javascript:"));
}

/// A theme font file → a deck set in it: the font is used or refused with
/// an error naming it, never a panic (the font parser is contained), and
/// a deck that renders keeps its text on the page.
pub fn theme_font(data: &[u8]) {
    use mvplan::render::assets::{Assets, FontFile};
    let theme = Theme::builtin("default").expect("built-in theme");
    let mut assets = Assets::default();
    assets.fonts[0] = Some(FontFile {
        name: "fuzz.otf".into(),
        bytes: std::sync::Arc::new(data.to_vec()),
    });
    let deck = markdown::parse("# Hello\n\nHello? Ünïcödé €1,234 — “quoted”.\n");
    match pdf::render_with(&deck, &theme, &assets, &pdf::PdfOptions::default()) {
        Ok(out) => {
            for page in &out.pages {
                for &(x, y, w, h) in &page.text_boxes {
                    assert!(
                        x >= -0.5
                            && y >= -0.5
                            && x + w <= out.width + 0.5
                            && y + h <= out.height + 0.5
                    );
                }
            }
        }
        Err(e) => assert!(
            e.to_string().contains("fuzz.otf") || e.to_string().contains("font"),
            "{e}"
        ),
    }
}

/// An MMM tool's exported model (`mvplan curves import`): never a panic,
/// and every curve it accepts is usable (positive, finite parameters) and
/// prints as a `[channels.response]` table a plan loads.
pub fn mmm_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(import) = mvplan::curves::pymc_marketing(text, 52.0) else {
        return;
    };
    for c in &import.channels {
        assert!(c.half_saturation > 0.0 && c.half_saturation.is_finite());
        assert!(c.slope > 0.0 && c.slope.is_finite());
        assert!(c.max_outcome > 0.0 && c.max_outcome.is_finite());
        let table = mvplan::curves::to_toml(c, "o", &import.version);
        assert!(table.parse::<toml::Table>().is_ok(), "{table}");
    }
}

/// Markdown deck → PowerPoint: never a panic, and every XML part of the
/// package is well-formed (plan text never breaks out of its element).
pub fn deck_pptx(data: &[u8]) {
    use std::io::Read;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let theme = Theme::builtin("default").expect("built-in theme");
    let deck = markdown::parse(text);
    let opts = mvplan::render::RenderOptions::default();
    let assets = mvplan::render::assets::Assets::gather(&deck, &theme, &opts.deck_files())
        .expect("the built-in theme's fonts");
    let Ok(out) = mvplan::render::pptx::render_with(&deck, &theme, &assets, &opts, None) else {
        return;
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out.bytes)).expect("a zip package");
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a part");
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).expect("UTF-8 XML");
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
    }
}

/// The b2b example plan, which actuals are read against.
fn actuals_plan() -> &'static (mvplan::plan::Plan, mvplan::figures::Figures) {
    static PLAN: std::sync::OnceLock<(mvplan::plan::Plan, mvplan::figures::Figures)> =
        std::sync::OnceLock::new();
    PLAN.get_or_init(|| {
        let source = SourceFile::new("b2b-saas.toml", include_str!("../examples/b2b-saas.toml"));
        let plan = mvplan::plan::parse(&source).expect("the example loads");
        let figures = mvplan::figures::compute(&plan);
        (plan, figures)
    })
}

/// What every actuals file must give, whatever its bytes: rows inside the
/// plan period, findings that say where, and tracking figures, flags, a
/// status view and a variance workbook made from them without a panic.
fn actuals_hold(actuals: &mvplan::actuals::Actuals, text_len: Option<usize>) {
    let (plan, figures) = actuals_plan();
    for r in &actuals.spend {
        assert!(r.month <= plan.meta.end.value, "{r:?}");
    }
    for r in &actuals.results {
        assert!(r.date >= plan.meta.start.value && r.date <= plan.meta.end.value);
    }
    for f in actuals.findings() {
        match (text_len, &f.span, &f.cell) {
            (Some(len), Some(span), None) => assert!(span.start <= span.end && span.end <= len),
            (None, None, Some(cell)) => assert!(cell.contains('!'), "{cell}"),
            _ => panic!("a finding with no place: {f:?}"),
        }
    }
    let at = actuals.status_date(plan);
    let (tracking, findings) = mvplan::check::tracking(plan, actuals, at, figures, None, None);
    let _ = mvplan::track::human(&tracking);
    let source = SourceFile::new("b2b-saas.toml", include_str!("../examples/b2b-saas.toml"));
    let _ = mvplan::deck::status::build(plan, &tracking, &findings, &source);
    let book = mvplan::export::variance_workbook(plan, &tracking, actuals, None);
    assert!(book.is_ok(), "{:?}", book.err());
}

/// An actuals CSV: never a panic, every finding located in the text.
pub fn actuals_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (plan, _) = actuals_plan();
    let source = SourceFile::new("actuals.csv", text);
    let mut actuals = mvplan::actuals::Actuals::default();
    let Ok(findings) = mvplan::actuals::parse(&source, 0, plan, &mut actuals) else {
        return;
    };
    actuals.files.push(mvplan::actuals::ActualsFile {
        path: "actuals.csv".into(),
        source: Some(source),
        findings,
    });
    actuals_hold(&actuals, Some(text.len()));
}

/// An actuals workbook: never a panic, every finding naming its cell.
pub fn actuals_xlsx(data: &[u8]) {
    let (plan, _) = actuals_plan();
    let mut actuals = mvplan::actuals::Actuals::default();
    let Ok(findings) = mvplan::actuals::parse_xlsx(data, 0, plan, &mut actuals) else {
        return;
    };
    actuals.files.push(mvplan::actuals::ActualsFile {
        path: "actuals.xlsx".into(),
        source: None,
        findings,
    });
    actuals_hold(&actuals, None);
}

/// The committed company template the `pptx_template` target mutates.
const BASE_TEMPLATE: &[u8] = include_bytes!("../tests/fixtures/pptx/acme-template.pptx");

/// A company template → the template reader → a deck written with it.
///
/// The input is either a whole package (it starts with `PK`: zip-level
/// mutations), or one part of the committed template replaced: the first
/// byte picks the part, the rest is its new content (XML-level mutations
/// of a valid template, which a zip's checksums would otherwise stop).
///
/// Asserts: never a panic; a template the reader accepts gives a deck
/// whose every XML part is well-formed and has no DTD, every relationship
/// of what came from the template is internal and to a part that exists,
/// every part has a content type, and nothing is a macro, control or
/// embedded object.
pub fn pptx_template(data: &[u8]) {
    use std::io::{Read, Write};
    let package: Vec<u8> = if data.starts_with(b"PK") || data.is_empty() {
        data.to_vec()
    } else {
        let Ok(mut base) = zip::ZipArchive::new(std::io::Cursor::new(BASE_TEMPLATE)) else {
            return;
        };
        let pick = usize::from(data[0]) % base.len();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..base.len() {
            let mut f = base.by_index(i).expect("the committed template");
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("the committed template");
            let bytes = if i == pick { data[1..].to_vec() } else { bytes };
            out.start_file(name, stored).expect("a zip entry");
            out.write_all(&bytes).expect("a zip entry");
        }
        out.finish().expect("a zip").into_inner()
    };
    let Ok(template) = mvplan::render::pptx::Template::parse(&package) else {
        return;
    };
    let theme = Theme::builtin("default").expect("built-in theme");
    let deck = markdown::parse(
        "# Plan\n\nA subtitle\n\n---\n\n# Channels\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| x | 1 |\n\n---\n\n# Section\n",
    );
    let opts = mvplan::render::RenderOptions::default();
    let assets = mvplan::render::assets::Assets::gather(&deck, &theme, &opts.deck_files())
        .expect("the built-in theme's fonts");
    let out = mvplan::render::pptx::render_with(&deck, &theme, &assets, &opts, Some(&template))
        .expect("a template the reader accepts renders");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out.bytes)).expect("a zip package");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a part");
        let name = f.name().map(|n| n.to_string()).expect("a UTF-8 part name");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("a readable part");
        parts.push((name, bytes));
    }
    let names: std::collections::HashSet<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    let types = &parts
        .iter()
        .find(|(n, _)| n == "[Content_Types].xml")
        .expect("content types")
        .1;
    let types = String::from_utf8_lossy(types);
    for (name, bytes) in &parts {
        assert!(
            !bytes.starts_with(b"\xD0\xCF\x11\xE0"),
            "{name} is an OLE compound file"
        );
        assert!(
            !name.contains("..") && !name.contains('\\'),
            "{name} breaks the packaging rules"
        );
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(bytes).expect("UTF-8 XML");
            let mut reader = quick_xml::Reader::from_str(text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::DocType(_)) => panic!("{name} has a DTD"),
                    Ok(quick_xml::events::Event::GeneralRef(r)) => {
                        let r = r.as_ref().to_string();
                        assert!(
                            r.starts_with('#')
                                || ["amp", "lt", "gt", "quot", "apos"].contains(&r.as_str()),
                            "{name} refers to the entity {r}"
                        );
                    }
                    Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                        for a in e.attributes() {
                            a.unwrap_or_else(|e| panic!("{name}: {e}"));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => panic!("{name} is not well-formed: {e}"),
                }
            }
        }
        if name.ends_with(".rels") {
            // The parts mvplan writes for its slides may link the web; the
            // parts that came from the template never point outside.
            let from_slide = name.starts_with("ppt/slides/");
            let text = String::from_utf8_lossy(bytes);
            let dir = name
                .rsplit_once("_rels/")
                .map_or("", |(d, _)| d)
                .to_string();
            for rel in text.split("<Relationship ").skip(1) {
                if rel.contains("TargetMode=\"External\"") {
                    assert!(from_slide, "{name}: an external relationship");
                    continue;
                }
                let target = rel
                    .split("Target=\"")
                    .nth(1)
                    .and_then(|t| t.split('"').next())
                    .expect("a target");
                let mut path: Vec<&str> = dir
                    .trim_end_matches('/')
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .collect();
                for seg in target.split('/') {
                    if seg == ".." {
                        path.pop();
                    } else {
                        path.push(seg);
                    }
                }
                let resolved = path.join("/");
                assert!(
                    names.contains(resolved.as_str()),
                    "{name}: dangling {target}"
                );
            }
        } else if name != "[Content_Types].xml" {
            let ext = name.rsplit('.').next().unwrap_or("");
            assert!(
                types.contains(&format!("PartName=\"/{name}\""))
                    || types.contains(&format!("Extension=\"{ext}\"")),
                "{name} has no content type"
            );
        }
    }
    for bad in ["vbaProject", "activeX", "oleObject", "macroEnabled"] {
        assert!(!types.contains(bad), "a {bad} content type");
    }
}
