//! PDF decks: parsed back with lopdf (a dev-dependency, so `cargo test`
//! needs nothing installed) and checked for what a person would check.

use crate::common::*;

use std::process::Command;

use lopdf::{Document, Object};
use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::render::markdown::{self, Block, Deck};
use mvplan::render::pdf::{self, PdfOptions, PdfOutput};
use mvplan::theme::Theme;

fn example_markdown(name: &str, deck_name: &str) -> String {
    let (report, plan) = mvplan::check_path(
        &root().join(format!("examples/{name}.toml")),
        &Settings::default(),
    );
    let set = TemplateSet::load(None).unwrap();
    deck::render(
        &set,
        deck_name,
        &plan.unwrap(),
        report.figures.as_ref().unwrap(),
        &report.findings,
        report.source.as_ref().unwrap(),
    )
    .unwrap()
}

fn render(md: &str, opts: &PdfOptions) -> (Deck, PdfOutput) {
    let deck = markdown::parse(md);
    let out = pdf::render(&deck, &Theme::builtin("default").unwrap(), opts).unwrap();
    (deck, out)
}

/// A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding (ASCII here).
fn text_string(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every word of every text block of the deck appears on the pages made
/// from its slide: nothing is lost to overflow.
fn assert_text_complete(deck: &Deck, out: &PdfOutput, doc: &Document) {
    fn words(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Heading { spans, .. } | Block::Paragraph(spans) => out.extend(
                    markdown::plain(spans)
                        .split_whitespace()
                        .map(str::to_string),
                ),
                Block::List { items, .. } => items.iter().for_each(|i| words(i, out)),
                Block::Quote(inner) => words(inner, out),
                Block::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        out.extend(markdown::plain(cell).split_whitespace().map(str::to_string));
                    }
                }
                Block::Code { text, .. } => out.extend(text.split_whitespace().map(str::to_string)),
                Block::Chart(_) | Block::Image { .. } | Block::Rule => {}
            }
        }
    }
    for slide in &deck.slides {
        let pages: Vec<u32> = out
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.slide == slide.number && !p.notes)
            .map(|(i, _)| i as u32 + 1)
            .collect();
        assert!(!pages.is_empty(), "slide {} has no page", slide.number);
        let text = squash(&doc.extract_text(&pages).unwrap());
        // A word too long for its table column is broken with a hyphen
        // ("Col-" "umn0"): compared without hyphens, it is still all there.
        let unhyphenated = text.replace('-', "");
        let mut expected = Vec::new();
        words(&slide.blocks, &mut expected);
        for w in expected {
            assert!(
                text.contains(&squash(&w)) || unhyphenated.contains(&squash(&w).replace('-', "")),
                "slide {}: `{w}` is missing from the PDF text",
                slide.number
            );
        }
    }
}

fn assert_inside_pages(out: &PdfOutput) {
    for (i, page) in out.pages.iter().enumerate() {
        for &(x, y, w, h) in &page.text_boxes {
            assert!(
                x >= 0.0 && y >= 0.0 && x + w <= out.width + 0.01 && y + h <= out.height + 0.01,
                "page {}: text box {:?} is outside the {}×{} page",
                i + 1,
                (x, y, w, h),
                out.width,
                out.height
            );
        }
    }
}

fn page_size(doc: &Document, page: lopdf::ObjectId) -> Vec<f32> {
    let dict = doc.get_dictionary(page).unwrap();
    dict.get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            o.as_float()
                .or_else(|_| o.as_i64().map(|i| i as f32))
                .unwrap()
        })
        .collect()
}

#[test]
fn example_pitch_decks_render_completely() {
    for name in ["b2b-saas", "consumer-brand", "industrial-unit"] {
        let md = example_markdown(name, "pitch");
        let (deck, out) = render(&md, &PdfOptions::default());
        let doc = Document::load_mem(&out.bytes).unwrap();
        assert_eq!(doc.get_pages().len(), out.pages.len());
        assert!(out.pages.len() >= deck.slides.len(), "{name}");
        for (_, id) in doc.get_pages() {
            assert_eq!(page_size(&doc, id), vec![0.0, 0.0, 960.0, 540.0]);
        }
        assert_text_complete(&deck, &out, &doc);
        assert_inside_pages(&out);
        assert!(
            out.warnings().iter().all(|w| !w.contains("glyph")),
            "{name}: {:?}",
            out.warnings()
        );
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    let (_, out) = render(
        &example_markdown("consumer-brand", "pitch"),
        &PdfOptions::default(),
    );
    let doc = Document::load_mem(&out.bytes).unwrap();
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let (tag, _) = name
            .split_once('+')
            .expect("subset fonts are named TAG+Name");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(
            dict.has(b"FontFile3") || dict.has(b"FontFile2") || dict.has(b"FontFile"),
            "{name} is not embedded"
        );
    }
    assert!(fonts >= 2, "regular and bold at least");
    // Subset: far smaller than the ~1 MB of the four faces.
    assert!(out.bytes.len() < 200_000, "{} bytes", out.bytes.len());
}

#[test]
fn links_become_annotations_and_bookmarks_follow_titles() {
    let md = std::fs::read_to_string(root().join("tests/fixtures/marp-deck.md")).unwrap();
    let (_, out) = render(&md, &PdfOptions::default());
    let doc = Document::load_mem(&out.bytes).unwrap();
    let uris: Vec<String> = doc
        .get_pages()
        .values()
        .filter_map(|id| doc.get_dictionary(*id).ok())
        .filter_map(|page| page.get(b"Annots").and_then(Object::as_array).ok())
        .flatten()
        .filter_map(|a| match a {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            other => other.as_dict().ok(),
        })
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link".as_slice()))
        .filter_map(|d| d.get(b"A").and_then(Object::as_dict).ok())
        .filter_map(|a| a.get(b"URI").ok())
        .filter_map(|u| {
            u.as_str()
                .ok()
                .map(|s| String::from_utf8_lossy(s).into_owned())
        })
        .collect();
    assert_eq!(uris, ["https://example.com/docs/plan-format"]);
    let catalog = doc.catalog().unwrap();
    assert!(catalog.has(b"Outlines"), "bookmarks");
}

#[test]
fn marp_directives_are_honoured() {
    let md = std::fs::read_to_string(root().join("tests/fixtures/marp-deck.md")).unwrap();
    let (deck, out) = render(&md, &PdfOptions::default());
    assert_eq!(out.pages.len(), 4);
    let doc = Document::load_mem(&out.bytes).unwrap();
    let page = |n: u32| doc.extract_text(&[n]).unwrap();
    // `_paginate: false` on the title slide: no number; the others are numbered.
    let lines = |n: u32| {
        page(n)
            .lines()
            .map(|l| l.trim().to_string())
            .collect::<Vec<_>>()
    };
    assert!(!lines(1).contains(&"1".to_string()), "{:?}", lines(1));
    assert!(lines(2).contains(&"2".to_string()), "{:?}", lines(2));
    assert!(
        lines(2).contains(&"Hand-written · Marp deck".to_string()),
        "footer: {:?}",
        lines(2)
    );
    assert!(page(1).contains("Confidential"), "header directive");
    assert!(
        out.warnings().iter().any(|w| w.contains("custom CSS")),
        "{:?}",
        out.warnings()
    );
    assert_text_complete(&deck, &out, &doc);
    // Speaker notes become pages of their own with --notes.
    let (_, with_notes) = render(
        &md,
        &PdfOptions {
            notes: true,
            ..PdfOptions::default()
        },
    );
    assert_eq!(with_notes.pages.len(), 5);
    let doc = Document::load_mem(&with_notes.bytes).unwrap();
    assert!(
        doc.extract_text(&[3])
            .unwrap()
            .contains("three points, two minutes")
    );
}

#[test]
fn four_by_three_decks_get_four_by_three_pages() {
    let (_, out) = render(
        "---\nsize: 4:3\n---\n\n# Small\n\nText.\n",
        &PdfOptions::default(),
    );
    let doc = Document::load_mem(&out.bytes).unwrap();
    let (_, id) = doc.get_pages().into_iter().next().unwrap();
    assert_eq!(page_size(&doc, id), vec![0.0, 0.0, 720.0, 540.0]);
}

#[test]
fn overlong_slides_shrink_then_continue_and_nothing_leaves_the_page() {
    let md = overlong_deck();

    let (deck, out) = render(&md, &PdfOptions::default());
    assert_eq!(deck.slides.len(), 4);
    assert!(out.pages.len() > 6, "{} pages", out.pages.len());
    assert_inside_pages(&out);
    let doc = Document::load_mem(&out.bytes).unwrap();
    assert_text_complete(&deck, &out, &doc);
    for title in ["A 40-row table", "A 60-item list", "A 500-word paragraph"] {
        assert!(
            out.warnings()
                .iter()
                .any(|w| w.contains(title) && w.contains("continues")),
            "{title}: {:?}",
            out.warnings()
        );
    }
    // Continuation pages say so, and a table's header row comes with it.
    let table_pages: Vec<u32> = out
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.slide == 1)
        .map(|(i, _)| i as u32 + 1)
        .collect();
    assert!(table_pages.len() > 1);
    for n in &table_pages[1..] {
        let text = doc.extract_text(&[*n]).unwrap();
        assert!(
            text.contains("(cont.)") && text.contains("Channel") && text.contains("Budget"),
            "{text}"
        );
    }
}

#[test]
fn a_missing_glyph_is_a_warning_naming_the_character() {
    let (_, out) = render(
        "# Emoji\n\nLaunch day 🚀 for everyone\n",
        &PdfOptions::default(),
    );
    assert!(
        out.warnings()
            .iter()
            .any(|w| w.contains("🚀") && w.contains("U+1F680")),
        "{:?}",
        out.warnings()
    );
}

#[test]
fn pdf_bytes_are_deterministic() {
    let md = example_markdown("b2b-saas", "pitch");
    let (_, a) = render(&md, &PdfOptions::default());
    let (_, b) = render(&md, &PdfOptions::default());
    assert!(a.bytes == b.bytes, "two renders in one process differ");
    let doc = Document::load_mem(&a.bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .unwrap();
    assert!(
        !info.has(b"CreationDate"),
        "no wall-clock date without SOURCE_DATE_EPOCH"
    );
    assert_eq!(
        text_string(info.get(b"Title").unwrap()),
        "FY2027 Growth Plan"
    );
    assert!(text_string(info.get(b"Creator").unwrap()).starts_with("mvplan "));

    let (_, dated) = render(
        &md,
        &PdfOptions {
            source_date_epoch: Some(1_800_000_000),
            ..PdfOptions::default()
        },
    );
    let doc = Document::load_mem(&dated.bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .unwrap();
    let date = text_string(info.get(b"CreationDate").unwrap());
    assert!(date.contains("2027"), "{date}");
}

#[test]
fn the_cli_renders_plans_and_decks_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck.pdf");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mvplan"))
            .args(args)
            .current_dir(root())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap()
    };
    let o = run(&[
        "render",
        "examples/industrial-unit.toml",
        "--format",
        "pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let first = std::fs::read(&out).unwrap();
    assert!(first.starts_with(b"%PDF"));
    // Its own output is overwritten; the bytes don't change.
    let o = run(&[
        "render",
        "examples/industrial-unit.toml",
        "--format",
        "pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), first);
    // A Markdown deck renders directly.
    let o = run(&[
        "render",
        "tests/fixtures/marp-deck.md",
        "--format",
        "pdf",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"%PDF"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning[unsupported-directive]: the deck uses custom CSS"),
        "{err}"
    );
    // Someone else's PDF is not overwritten.
    let foreign = dir.path().join("foreign.pdf");
    std::fs::write(&foreign, b"%PDF-1.4 not ours").unwrap();
    let o = run(&[
        "render",
        "examples/industrial-unit.toml",
        "--format",
        "pdf",
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&foreign).unwrap(), b"%PDF-1.4 not ours");
    // The dark theme and an unknown theme.
    let o = run(&[
        "render",
        "examples/industrial-unit.toml",
        "--format",
        "pdf",
        "--theme",
        "dark",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&[
        "render",
        "examples/industrial-unit.toml",
        "--format",
        "pdf",
        "--theme",
        "neon",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn logos_from_the_plan_and_images_outside_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/logo.png"),
        dir.path().join("logo.png"),
    )
    .unwrap();
    let plan = std::fs::read_to_string(root().join("examples/industrial-unit.toml"))
        .unwrap()
        .replace(
            "status = \"approved\"",
            "status = \"approved\"\nlogo = \"logo.png\"",
        );
    std::fs::write(dir.path().join("unit.toml"), plan).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(["render", "unit.toml", "--format", "pdf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc = Document::load(dir.path().join("unit.pdf")).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
        })
        .count();
    assert_eq!(images, 1, "the logo is embedded once");

    // An image outside the deck's directory is not read; its alt text stands in.
    let (_, out) = render(
        "# Slide\n\n![secret](../../etc/passwd.png)\n",
        &PdfOptions {
            base_dir: Some(dir.path().to_path_buf()),
            ..PdfOptions::default()
        },
    );
    assert!(
        out.warnings()
            .iter()
            .any(|w| w.contains("outside the deck's directory")),
        "{:?}",
        out.warnings()
    );
    let doc = Document::load_mem(&out.bytes).unwrap();
    assert!(doc.extract_text(&[1]).unwrap().contains("[image: secret]"));
}

#[test]
fn a_table_too_wide_for_the_page_stays_inside_it() {
    let cols = 40;
    let head: Vec<String> = (0..cols).map(|i| format!("Column{i}")).collect();
    let row: Vec<String> = (0..cols).map(|i| format!("value{i}")).collect();
    let md = format!(
        "# Wide\n\n| {} |\n|{}|\n| {} |\n",
        head.join(" | "),
        vec!["---"; cols].join("|"),
        row.join(" | ")
    );
    let (deck, out) = render(&md, &PdfOptions::default());
    assert_inside_pages(&out);
    let doc = Document::load_mem(&out.bytes).unwrap();
    assert_text_complete(&deck, &out, &doc);
}

#[test]
fn a_long_footer_is_fitted_once_and_cut_short() {
    // Hundreds of continuation pages (six slides of at most 30 pages
    // each), each with a 20,000-character footer: fitted once (not once per
    // page), cut with "…", one warning.
    let footer = "footer text ".repeat(1_700);
    let body: Vec<String> = (0..6)
        .map(|i| format!("# Long {i}\n\n{}\n", "word ".repeat(10_000)))
        .collect();
    let md = format!(
        "---\nmarp: true\npaginate: true\nfooter: \"{footer}\"\n---\n\n{}",
        body.join("\n---\n\n")
    );
    let started = std::time::Instant::now();
    let (_, out) = render(&md, &PdfOptions::default());
    assert!(out.pages.len() > 100, "{} pages", out.pages.len());
    assert_inside_pages(&out);
    let footer_warnings: Vec<_> = out
        .warnings()
        .into_iter()
        .filter(|w| w.contains("footer"))
        .collect();
    assert_eq!(footer_warnings.len(), 1, "{footer_warnings:?}");
    assert!(footer_warnings[0].contains("cut short"));
    assert!(
        footer_warnings[0].len() < 200,
        "the warning quotes the whole footer"
    );
    // Generous for a debug build; it took minutes when fitted per page.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn a_deck_beyond_the_page_cap_is_refused() {
    let md = "a\n\n---\n\n".repeat(pdf::MAX_PAGES + 1);
    let deck = markdown::parse(&md);
    let theme = Theme::builtin("default").unwrap();
    let Err(err) = pdf::render(&deck, &theme, &PdfOptions::default()) else {
        panic!("a deck of {} pages was rendered", pdf::MAX_PAGES + 1);
    };
    assert!(err.to_string().contains("more than 10000 pages"), "{err}");
}

#[test]
fn control_characters_take_no_room() {
    // Found by fuzzing (minimised input in the replayed corpus): control
    // characters, dropped when drawn, were measured as `?`, so a table
    // cell's word was wider on paper than the line breaker thought.
    let md = include_str!("../../fuzz/corpus/deck_pdf/regression-control-chars-in-table.md");
    assert!(md.contains('\u{18}'));
    let (_, out) = render(md, &PdfOptions::default());
    assert_inside_pages(&out);
}

/// A heading of a paragraph's length, and a header far wider than the
/// page: every word is on a page and every text box is inside it.
#[test]
fn overlong_titles_and_headers_stay_on_the_page() {
    let title = (0..120)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let header = "Confidential · ".repeat(40);
    let md = format!(
        "---\nheader: \"{header}\"\nfooter: \"AT\\\\&T · R\\\\&D\\\\_Ops\"\npaginate: true\n---\n\n# {title}\n\nBody text under the title.\n\n---\n\n## Short\n\n- one\n"
    );
    let (deck, out) = render(&md, &PdfOptions::default());
    assert_inside_pages(&out);
    let doc = Document::load_mem(&out.bytes).unwrap();
    assert_text_complete(&deck, &out, &doc);
    assert!(
        out.problems.iter().all(|p| p.rule != "slide-overflow"),
        "{:?}",
        out.warnings()
    );
    assert!(
        out.problems
            .iter()
            .any(|p| p.rule == "footer-cut" && p.message.contains("header")),
        "{:?}",
        out.warnings()
    );
    // The footer shows plan text, not its Markdown escapes.
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("AT&T · R&D_Ops"), "{text}");
}

/// The plan on a page is one page, for every example (its binding
/// constraint, assumptions and asks included).
#[test]
fn the_one_page_plan_is_one_page() {
    for name in ["b2b-saas", "consumer-brand", "industrial-unit"] {
        let md = example_markdown(name, "mvp");
        let (_, out) = render(&md, &PdfOptions::default());
        assert_eq!(out.pages.len(), 1, "{name}: {:?}", out.warnings());
        assert_inside_pages(&out);
    }
}
