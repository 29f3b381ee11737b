//! PowerPoint decks, read back by real readers: python-pptx (from PyPI)
//! checks what each slide holds against the Markdown, and LibreOffice
//! (Debian's `libreoffice-impress`, headless) converts every file to PDF, in
//! which every word must be on its page (poppler's `pdftotext -bbox`).
//!
//! `.ci/run` installs both (python-pptx pinned, in a venv it names with
//! `MVPLAN_PYTHON`). Without them a test is skipped locally, but fails
//! under CI (`CI` set), so CI can never pass it silently.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{mvplan, root, run_in, stderr, stdout};
use mvplan::render::chart::ChartKind;
use mvplan::render::markdown::{self, Block, plain};
use serde_json::Value;

/// A Python that has python-pptx.
fn python() -> Option<PathBuf> {
    crate::common::python_with("pptx", "python-pptx")
}

fn soffice() -> Option<PathBuf> {
    let found = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .filter(|_| Path::new("/usr/bin/pdftotext").exists());
    crate::common::need("LibreOffice (libreoffice-impress) and poppler-utils", found)
}

/// What python-pptx reads from a file.
fn read(python: &Path, pptx: &Path) -> Value {
    let o = Command::new(python)
        .arg(root().join("tests/pptx/read_pptx.py"))
        .arg(pptx)
        .output()
        .expect("run python");
    assert!(
        o.status.success(),
        "python-pptx cannot read {}: {}",
        pptx.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON from read_pptx.py")
}

/// Renders `input` (a plan or a deck) to `out` in `format`.
fn render(input: &str, format: &str, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "render",
        input,
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
        "--force",
        "-q",
    ];
    args.extend(extra);
    let o = mvplan(&args);
    assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
}

/// Paragraph texts a slide's Markdown says, as python-pptx will read them.
fn lines(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { spans, .. } | Block::Paragraph(spans) => out.push(plain(spans)),
            Block::List { items, .. } => {
                for item in items {
                    lines(item, out);
                }
            }
            Block::Quote(inner) => lines(inner, out),
            Block::Code { text, .. } => out.extend(text.trim_end().lines().map(str::to_string)),
            _ => {}
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every slide's title, text, tables, charts and notes equal the Markdown's.
fn assert_matches_markdown(md: &str, read: &Value) {
    let deck = markdown::parse(md);
    let slides = read["slides"].as_array().unwrap();
    assert_eq!(
        slides.len(),
        deck.slides.len(),
        "one PowerPoint slide per Markdown slide"
    );
    for (slide, got) in deck.slides.iter().zip(slides) {
        let n = slide.number;
        // The title is in a title placeholder.
        if let Some(title) = slide.title() {
            assert_eq!(
                got["title"].as_str().map(squash),
                Some(squash(&title)),
                "slide {n}"
            );
        }
        assert!(
            got["placeholders"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "TITLE" || p == "CENTER_TITLE"),
            "slide {n}: {got}"
        );
        // Every paragraph is a paragraph of some text frame.
        let have: Vec<String> = got["text"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                // Paragraphs are joined by newlines; a line break inside
                // one is a vertical tab.
                t.as_str()
                    .unwrap()
                    .split('\n')
                    .map(|l| squash(&l.replace('\u{b}', " ")))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut want = Vec::new();
        lines(&slide.blocks, &mut want);
        for line in want.iter().map(|l| squash(l)).filter(|l| !l.is_empty()) {
            assert!(have.contains(&line), "slide {n}: `{line}` not in {have:?}");
        }
        // Text in placeholders, not loose text boxes (unless an object
        // splits the slide's text in two).
        let objects = slide
            .blocks
            .iter()
            .filter(|b| {
                matches!(
                    b,
                    Block::Table { .. } | Block::Chart(_) | Block::Image { .. }
                )
            })
            .count();
        // (Marp's `header:` is a text box above the title, as in the PDF.)
        let boxes: Vec<&Value> = got["boxes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b.as_str() != slide.header.as_deref())
            .collect();
        if objects == 0 {
            assert!(boxes.is_empty(), "slide {n}: {got}");
        }
        // Tables are tables, cell for cell.
        let tables = got["tables"].as_array().unwrap();
        let mut t = 0;
        for b in &slide.blocks {
            if let Block::Table { head, rows, .. } = b {
                let want: Vec<Vec<String>> = std::iter::once(head)
                    .chain(rows)
                    .map(|r| r.iter().map(|c| squash(&plain(c))).collect())
                    .collect();
                let got_t: Vec<Vec<String>> = tables[t]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        r.as_array()
                            .unwrap()
                            .iter()
                            .map(|c| squash(c.as_str().unwrap()))
                            .collect()
                    })
                    .collect();
                assert_eq!(got_t, want, "slide {n}, table {t}");
                t += 1;
            }
        }
        // Charts are charts whose series carry the block's numbers.
        let charts = got["charts"].as_array().unwrap();
        let mut c = 0;
        for b in &slide.blocks {
            if let Block::Chart(chart) = b {
                let got_c = &charts[c];
                assert_eq!(
                    got_c["has_workbook"], true,
                    "slide {n}: the chart has its data"
                );
                let series = got_c["series"].as_array().unwrap();
                let numbers = |j: usize| -> Vec<f64> {
                    chart
                        .rows
                        .iter()
                        .map(|r| {
                            markdown_number(
                                mvplan::render::chart::Chart::numbers(r).get(j).copied(),
                            )
                        })
                        .collect()
                };
                let values = |s: &Value| -> Vec<f64> {
                    s["values"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_f64().unwrap_or(0.0))
                        .collect()
                };
                match chart.kind {
                    ChartKind::Bar | ChartKind::Donut => {
                        approx(&values(&series[0]), &numbers(0), n)
                    }
                    ChartKind::StackedBar | ChartKind::Line => {
                        for (j, s) in series.iter().enumerate().take(chart.series_names().len()) {
                            approx(&values(s), &numbers(j), n);
                        }
                    }
                    ChartKind::Timeline => assert_eq!(series.len(), 2, "slide {n}"),
                }
                c += 1;
            }
        }
        // Notes are in the notes pages.
        if !slide.notes.is_empty() {
            let notes = got["notes"].as_str().unwrap_or_default();
            for note in &slide.notes {
                assert!(
                    squash(notes).contains(&squash(note)),
                    "slide {n} notes: {notes}"
                );
            }
        }
    }
}

fn markdown_number(d: Option<rust_decimal::Decimal>) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.and_then(|d| d.to_f64()).unwrap_or(0.0)
}

fn approx(got: &[f64], want: &[f64], slide: usize) {
    assert_eq!(got.len(), want.len(), "slide {slide}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= 1e-6 * w.abs().max(1.0),
            "slide {slide}: {got:?} vs {want:?}"
        );
    }
}

#[test]
fn python_pptx_reads_every_deck_as_the_markdown_says() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (plan, deck) in [
        ("examples/b2b-saas.toml", "pitch"),
        ("examples/consumer-brand.toml", "pitch"),
        ("examples/industrial-unit.toml", "pitch"),
        ("examples/b2b-saas.toml", "mvp"),
        ("examples/b2b-saas.toml", "status"),
        ("examples/consumer-brand.toml", "status"),
    ] {
        let md = dir.path().join(format!("{deck}.md"));
        let pptx = dir.path().join(format!("{deck}.pptx"));
        render(plan, "md", &md, &["--deck", deck]);
        render(plan, "pptx", &pptx, &["--deck", deck]);
        let got = read(&py, &pptx);
        assert_matches_markdown(&std::fs::read_to_string(&md).unwrap(), &got);
        assert!(
            got["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{plan}: document title"
        );
        assert!(
            got["author"].as_str().is_some_and(|t| !t.is_empty()),
            "{plan}: author"
        );
    }
    // A hand-written Marp deck, and the portfolio review deck.
    let marp = dir.path().join("marp.pptx");
    render("tests/fixtures/marp-deck.md", "pptx", &marp, &[]);
    let got = read(&py, &marp);
    assert_matches_markdown(
        &std::fs::read_to_string(root().join("tests/fixtures/marp-deck.md")).unwrap(),
        &got,
    );
    let review = dir.path().join("review.pptx");
    let o = mvplan(&[
        "review",
        "examples/portfolio",
        "--format",
        "pptx",
        "-o",
        review.to_str().unwrap(),
        "--force",
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let got = read(&py, &review);
    assert!(got["slides"].as_array().unwrap().len() > 5);
}

/// A word of a PDF: its page (0-based), text and box.
type Word = (usize, String, [f32; 4]);

/// Words of a PDF with their boxes, and the page sizes (pdftotext -bbox).
fn pdf_words(pdf: &Path) -> (Vec<(f32, f32)>, Vec<Word>) {
    let o = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&o.stdout);
    let mut pages = Vec::new();
    let mut words = Vec::new();
    let num = |s: &str, key: &str| -> f32 {
        s.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    for line in html.lines() {
        let l = line.trim();
        if l.starts_with("<page ") {
            pages.push((num(l, "width"), num(l, "height")));
        } else if l.starts_with("<word ") {
            let text = l
                .split('>')
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or("")
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            words.push((
                pages.len() - 1,
                text,
                [
                    num(l, "xMin"),
                    num(l, "yMin"),
                    num(l, "xMax"),
                    num(l, "yMax"),
                ],
            ));
        }
    }
    (pages, words)
}

fn convert(soffice: &Path, pptx: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let o = Command::new(soffice)
        .args(["--headless", "--norestore"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(pptx)
        .output()
        .expect("run soffice");
    let pdf = dir.join(pptx.file_stem().unwrap()).with_extension("pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "LibreOffice could not convert {}: {}",
        pptx.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    pdf
}

/// No two words of a page drawn over each other (more than 30% of the
/// smaller one's box): text placed below a table that the viewer made
/// taller, say.
fn assert_no_words_overlap(pdf: &Path) {
    let overlapping = overlapping_words(pdf);
    assert!(
        overlapping.is_empty(),
        "{}: words drawn over each other: {overlapping:?}",
        pdf.display()
    );
}

fn overlapping_words(pdf: &Path) -> Vec<String> {
    let (_, words) = pdf_words(pdf);
    let area = |[x0, y0, x1, y1]: [f32; 4]| (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    let mut overlapping = Vec::new();
    for (i, (page, a, ba)) in words.iter().enumerate() {
        for (page_b, b, bb) in &words[i + 1..] {
            // Chart value labels are the viewer's own drawing (it splits
            // "400,000" into overlapping pieces): words only.
            let wordy = |t: &str| t.chars().any(char::is_alphabetic);
            if page_b != page || !(wordy(a) || wordy(b)) {
                continue;
            }
            let w = ba[2].min(bb[2]) - ba[0].max(bb[0]);
            let h = ba[3].min(bb[3]) - ba[1].max(bb[1]);
            let smaller = area(*ba).min(area(*bb));
            // Lines set at a template's 90% line spacing (PowerPoint's
            // default) have glyph boxes overlapping by a third: words one
            // line apart (centres most of a line apart) are not collisions.
            let centres = ((ba[1] + ba[3]) - (bb[1] + bb[3])).abs() / 2.0;
            let line = (ba[3] - ba[1]).min(bb[3] - bb[1]);
            if w > 0.0 && h > 0.0 && smaller > 0.0 && w * h / smaller > 0.3 && centres < 0.6 * line
            {
                overlapping.push(format!("page {}: `{a}` and `{b}`", page + 1));
            }
        }
    }
    overlapping
}

fn assert_words_on_their_pages(pdf: &Path, md: &str) {
    let problems = misplaced_words(pdf, md);
    assert!(problems.is_empty(), "{}: {problems:?}", pdf.display());
}

/// Words outside their page, and words of the deck's text that are not
/// in the PDF whole (a word broken in two is two other words).
fn misplaced_words(pdf: &Path, md: &str) -> Vec<String> {
    let (pages, words) = pdf_words(pdf);
    let mut problems = Vec::new();
    for (page, text, [x0, y0, x1, y1]) in &words {
        let (w, h) = pages[*page];
        if !(*x0 >= -0.5 && *y0 >= -0.5 && *x1 <= w + 0.5 && *y1 <= h + 0.5) {
            problems.push(format!(
                "`{text}` is outside page {} ({x0},{y0})–({x1},{y1}) of {w}×{h}",
                page + 1
            ));
        }
    }
    // Every word of the deck's text is there.
    // Typographic quotes as the PDF's text layer gives them are the same words.
    // A list's bullet is the viewer's glyph, not deck text: pdftotext glues
    // it to the first word when the two are set tight ("•warning").
    let norm = |w: &str| {
        w.trim_start_matches('•')
            .to_lowercase()
            .replace(['\u{2019}', '\u{2018}'], "'")
    };
    let mut have: std::collections::HashSet<String> = words.iter().map(|w| norm(&w.1)).collect();
    // A compound may wrap at its own hyphen ("single-" / "module"): its
    // parts on the page are the word on the page.
    for pair in words.windows(2) {
        let (a, b) = (norm(&pair[0].1), norm(&pair[1].1));
        if a.ends_with('-') && pair[0].0 == pair[1].0 {
            have.insert(format!("{a}{b}"));
        }
    }
    let deck = markdown::parse(md);
    let mut want = Vec::new();
    for s in &deck.slides {
        lines(&s.blocks, &mut want);
    }
    // A line may break after a word's own hyphen ("marketing-|ops"): that
    // is the word whole, hyphenated as written.
    let at_hyphens = |w: &str| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.len() > 1
            && parts.iter().enumerate().all(|(i, p)| {
                let piece = if i + 1 < parts.len() {
                    format!("{p}-")
                } else {
                    p.to_string()
                };
                p.is_empty() || have.contains(&piece)
            })
    };
    let missing: Vec<String> = want
        .iter()
        .flat_map(|l| l.split_whitespace().map(norm).collect::<Vec<_>>())
        .filter(|w| w.chars().any(char::is_alphanumeric) && !have.contains(w) && !at_hyphens(w))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("words missing or broken: {missing:?}"));
    }
    problems
}

#[test]
fn libreoffice_converts_every_deck_and_every_word_stays_on_its_page() {
    let (Some(lo), Some(_)) = (soffice(), python()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // (name, plan, the deck, PowerPoint-only options)
    let acme = ["--pptx-template", "tests/fixtures/pptx/acme-template.pptx"];
    for (name, plan, deck, extra) in [
        ("b2b", "examples/b2b-saas.toml", "pitch", &[][..]),
        ("consumer", "examples/consumer-brand.toml", "pitch", &[]),
        ("acme", "examples/b2b-saas.toml", "pitch", &acme),
        ("status", "examples/b2b-saas.toml", "status", &[]),
    ] {
        let md = dir.path().join(format!("{name}.md"));
        let pptx = dir.path().join(format!("{name}.pptx"));
        render(plan, "md", &md, &["--deck", deck]);
        render(
            plan,
            "pptx",
            &pptx,
            &[&["--deck", deck][..], extra].concat(),
        );
        let pdf = convert(&lo, &pptx, dir.path());
        assert_words_on_their_pages(&pdf, &std::fs::read_to_string(&md).unwrap());
        assert_no_words_overlap(&pdf);
    }
}

#[test]
fn overlong_slides_continue_on_the_same_slides_as_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("long.md");
    std::fs::write(&md, crate::common::overlong_deck()).unwrap();
    let pdf = dir.path().join("long.pdf");
    let pptx = dir.path().join("long.pptx");
    render(md.to_str().unwrap(), "pdf", &pdf, &[]);
    render(md.to_str().unwrap(), "pptx", &pptx, &[]);
    let pdf_pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
    // Counted without Python: the slide parts in the package.
    let zip = zip::ZipArchive::new(std::fs::File::open(&pptx).unwrap()).unwrap();
    let slides = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count();
    assert!(pdf_pages > 6);
    assert_eq!(slides, pdf_pages, "the same continuation slides as the PDF");
    let Some(py) = python() else { return };
    let got = read(&py, &pptx);
    // Continuations say so, and every row of the table is somewhere, once.
    let titles: Vec<&str> = got["slides"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert!(titles.iter().any(|t| t.contains("(cont.)")), "{titles:?}");
    let rows: Vec<String> = got["slides"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["tables"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|t| {
                    t.as_array()
                        .unwrap()
                        .iter()
                        .skip(1)
                        .map(|r| r[0].as_str().unwrap().to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(rows, (1..=40).map(|i| i.to_string()).collect::<Vec<_>>());
    let Some(lo) = soffice() else { return };
    let out = convert(&lo, &pptx, dir.path());
    let (pages, words) = pdf_words(&out);
    assert_eq!(pages.len(), pdf_pages);
    for (page, text, [x0, y0, x1, y1]) in &words {
        let (w, h) = pages[*page];
        assert!(
            *x0 >= -0.5 && *y0 >= -0.5 && *x1 <= w + 0.5 && *y1 <= h + 0.5,
            "`{text}` outside page {}",
            page + 1
        );
    }
}

#[test]
fn a_company_template_s_layouts_fonts_and_colours_are_used() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    for template in ["acme-template.pptx", "acme-template.potx"] {
        let out = dir.path().join(format!("{template}.pptx"));
        let t = format!("tests/fixtures/pptx/{template}");
        render(
            "examples/b2b-saas.toml",
            "pptx",
            &out,
            &["--pptx-template", &t],
        );
        let got = read(&py, &out);
        let slides = got["slides"].as_array().unwrap();
        assert!(
            slides
                .iter()
                .all(|s| s["layout"].as_str().unwrap().starts_with("Acme ")),
            "{template}"
        );
        assert_eq!(slides[0]["layout"], "Acme Title Slide");
        assert_eq!(slides[1]["layout"], "Acme Title and Content");
        // Titles take the layout's title style (a serif, not bold).
        assert!(
            slides.iter().all(|s| s["title_styled"] != true),
            "{template}"
        );
        assert_eq!(got["width"], 12192000);
        // The template's theme (fonts, colours) is the deck's theme.
        let zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        assert!(
            zip.file_names()
                .filter_map(Result::ok)
                .any(|n| n.starts_with("ppt/theme/"))
        );
        let mut zip = zip;
        let mut theme = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("ppt/theme/theme1.xml").unwrap(),
            &mut theme,
        )
        .unwrap();
        assert!(
            theme.contains("Acme Corporate")
                && theme.contains("DejaVu Serif")
                && theme.contains("7A0019")
        );
    }
    // `--verbose` says which layout each kind of slide took.
    let out = dir.path().join("v.pptx");
    let o = mvplan(&[
        "render",
        "examples/b2b-saas.toml",
        "--format",
        "pptx",
        "--pptx-template",
        "tests/fixtures/pptx/acme-template.pptx",
        "-o",
        out.to_str().unwrap(),
        "-v",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "note[template-layout]: content slides take the template's layout `Acme Title and Content`"
        ),
        "{}",
        stderr(&o)
    );
    // A file that is not a template is a clear error, and nothing is written.
    let out = dir.path().join("x.pptx");
    let o = mvplan(&[
        "render",
        "examples/b2b-saas.toml",
        "--format",
        "pptx",
        "--pptx-template",
        "examples/b2b-saas.toml",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a PowerPoint template"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn pptx_bytes_are_deterministic_and_dated_only_by_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pptx");
    let b = dir.path().join("b.pptx");
    render("examples/b2b-saas.toml", "pptx", &a, &[]);
    render("examples/b2b-saas.toml", "pptx", &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let core = |p: &Path| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    assert!(!core(&a).contains("dcterms:created"));
    let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(["render", "examples/b2b-saas.toml", "--format", "pptx", "-o"])
        .arg(&b)
        .args(["--force", "-q"])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1798761600")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(core(&b).contains("2027-01-01T00:00:00Z"), "{}", core(&b));
    // Under 150 KB without images (the 25-slide pitch deck, eight charts).
    assert!(std::fs::metadata(&a).unwrap().len() < 150_000);
}

#[test]
fn hostile_text_stays_text_and_dropped_characters_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("h.md");
    std::fs::write(
        &md,
        "# <a:t>x</a:t> & \"q\" </p:sld>\n\n- ]]><!-- <script>alert(1)</script>\n- bell\u{7} and escape\u{1b}[31m\n\n| <b> | & |\n|---|---|\n| </a:tbl> | <c:v>9</c:v> |\n",
    )
    .unwrap();
    let out = dir.path().join("h.pptx");
    let o = run_in(
        dir.path(),
        &["render", "h.md", "--format", "pptx", "-o", "h.pptx"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("character-dropped"), "{}", stderr(&o));
    let Some(py) = python() else { return };
    let got = read(&py, &out);
    let s = &got["slides"][0];
    assert_eq!(s["title"], "<a:t>x</a:t> & \"q\" </p:sld>");
    let text = s["text"].to_string();
    // (Raw HTML is not Markdown text: the parser leaves `<script>` out in
    // every format.)
    assert!(
        text.contains("]]><!-- alert(1)") && text.contains("bell and escape[31m"),
        "{text}"
    );
    assert_eq!(s["tables"][0][1][1], "<c:v>9</c:v>");
}

#[test]
fn pptx_output_is_guarded_like_every_other() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/b2b-saas.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    // Default name beside the plan; a second run overwrites its own file.
    for _ in 0..2 {
        let o = run_in(
            dir.path(),
            &["render", "plan.toml", "--format", "pptx", "-q"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(dir.path().join("plan.pptx").exists());
    // Not over someone else's presentation.
    std::fs::write(dir.path().join("theirs.pptx"), b"PK\x03\x04 someone's deck").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--format",
            "pptx",
            "-o",
            "theirs.pptx",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        std::fs::read(dir.path().join("theirs.pptx")).unwrap(),
        b"PK\x03\x04 someone's deck"
    );
}

#[test]
fn pictures_are_embedded_and_links_are_clickable() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/logo.png"),
        dir.path().join("logo.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("d.md"),
        "# Pictures\n\nSee [the plan](https://example.com/plan) first.\n\n![The logo](logo.png)\n\n<!-- Say hello. -->\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["render", "d.md", "--format", "pptx", "-o", "d.pptx"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = read(&py, &dir.path().join("d.pptx"));
    let s = &got["slides"][0];
    assert_eq!(s["pictures"], 1, "{s}");
    assert_eq!(s["notes"], "Say hello.");
    // The link is a hyperlink relationship of the slide.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("d.pptx")).unwrap()).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("ppt/slides/_rels/slide1.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(
        rels.contains("Target=\"https://example.com/plan\" TargetMode=\"External\""),
        "{rels}"
    );
    assert!(
        zip.file_names()
            .filter_map(Result::ok)
            .any(|n| n.starts_with("ppt/media/") && n.ends_with(".png"))
    );
}

/// Templates the project did not make (their sources and licences:
/// tests/fixtures/pptx/foreign/README.md).
const FOREIGN: &[&str] = &[
    "lo-midnightblue.pptx",
    "lo-vivid.potx",
    "python-pptx-default.pptx",
    "posit-template.potx",
    "posit-stocks-4x3.pptx",
    "mecanon-ufrj.potx",
    "keynote-style.pptx",
];

/// The decks of the matrix, as Markdown files in `dir`: the example decks
/// (pitch, mvp, status, the portfolio review) and Marp decks written by
/// hand (cover with `lead`, sections, multi-line notes, `header`).
fn matrix_decks(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut decks = Vec::new();
    for (name, plan, deck) in [
        ("pitch", "examples/b2b-saas.toml", "pitch"),
        ("mvp", "examples/b2b-saas.toml", "mvp"),
        ("status", "examples/consumer-brand.toml", "status"),
    ] {
        let md = dir.join(format!("{name}.md"));
        render(plan, "md", &md, &["--deck", deck]);
        decks.push((name.to_string(), md));
    }
    let review = dir.join("review.md");
    let o = mvplan(&[
        "review",
        "examples/portfolio",
        "--format",
        "md",
        "-o",
        review.to_str().unwrap(),
        "--force",
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    decks.push(("review".into(), review));
    for marp in ["marp-deck", "marp-cover"] {
        let md = dir.join(format!("{marp}.md"));
        std::fs::copy(root().join(format!("tests/fixtures/{marp}.md")), &md).unwrap();
        decks.push((marp.into(), md));
    }
    decks
}

/// What python-pptx finds wrong with a deck rendered on a template: titles
/// not in title placeholders or out of order, paragraphs or notes missing,
/// typefaces or fixed colours the template's theme does not have (chart
/// text included), shapes off the slide or drawn over each other.
fn template_problems(md: &str, got: &Value, has_notes_master: bool) -> Vec<String> {
    let deck = markdown::parse(md);
    let slides = got["slides"].as_array().unwrap();
    let mut problems = Vec::new();
    // Continuation slides join the slide they continue.
    let mut groups: Vec<Vec<&Value>> = Vec::new();
    for s in slides {
        let cont = s["title"].as_str().is_some_and(|t| t.ends_with("(cont.)"));
        match groups.last_mut() {
            Some(g) if cont => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    if groups.len() != deck.slides.len() {
        problems.push(format!(
            "{} slides for {} in the Markdown",
            groups.len(),
            deck.slides.len()
        ));
        return problems;
    }
    // mvplan's own notes master is named so; a template's is kept.
    if got["notes_master"]
        .as_array()
        .is_some_and(|n| n.iter().any(|s| s == "Notes Placeholder"))
        && has_notes_master
    {
        problems.push("the template's notes master was replaced".into());
    }
    let faces: Vec<&str> = got["theme_fonts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let signals: Vec<String> = [
        markdown::Signal::Red,
        markdown::Signal::Amber,
        markdown::Signal::Green,
    ]
    .iter()
    .map(|s| s.rgb().hex().trim_start_matches('#').to_uppercase())
    .collect();
    let (w, h) = (
        got["width"].as_f64().unwrap(),
        got["height"].as_f64().unwrap(),
    );
    for (slide, group) in deck.slides.iter().zip(&groups) {
        let n = slide.number;
        let first = group[0];
        if let Some(title) = slide.title()
            && first["title"].as_str().map(squash) != Some(squash(&title))
        {
            problems.push(format!(
                "slide {n}: title `{title}` not in a title placeholder ({})",
                first["title"]
            ));
        }
        let text: String = group
            .iter()
            .flat_map(|s| s["text"].as_array().unwrap())
            .chain(group.iter().flat_map(|s| {
                s["tables"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|t| t.as_array().unwrap())
                    .flat_map(|r| r.as_array().unwrap())
            }))
            .filter_map(Value::as_str)
            .map(|t| t.replace(['\n', '\u{b}'], " "))
            .collect::<Vec<_>>()
            .join(" ");
        let text = squash(&text);
        let mut want = Vec::new();
        lines(&slide.blocks, &mut want);
        for line in want.iter().map(|l| squash(l)).filter(|l| !l.is_empty()) {
            if !text.contains(&line) {
                problems.push(format!("slide {n}: `{line}` is not on the slide"));
            }
        }
        if first["title_styled"] == true {
            problems.push(format!(
                "slide {n}: the title overrides the layout's title style"
            ));
        }
        if let Some(h) = &slide.header
            && !text.contains(&squash(h))
        {
            problems.push(format!("slide {n}: header `{h}` missing"));
        }
        let notes = squash(first["notes"].as_str().unwrap_or_default());
        for note in &slide.notes {
            if !notes.contains(&squash(note)) {
                problems.push(format!("slide {n}: note `{note}` missing"));
            }
        }
        for s in group {
            for face in s["faces"]
                .as_array()
                .unwrap()
                .iter()
                .chain(s["chart_faces"].as_array().unwrap())
                .filter_map(Value::as_str)
            {
                // Code keeps a monospaced face; `+mn-lt` & co. are the
                // theme's own.
                if !faces.contains(&face) && face != "Courier New" && !face.starts_with('+') {
                    problems.push(format!("slide {n}: typeface `{face}` is not the theme's"));
                }
            }
            for c in s["colours"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
            {
                if !signals.iter().any(|s| s == c) {
                    problems.push(format!("slide {n}: fixed colour {c}"));
                }
            }
            for c in s["chart_colours"].as_array().unwrap() {
                problems.push(format!("slide {n}: fixed colour {c} in a chart"));
            }
            let boxes: Vec<(&str, [f64; 4])> = s["shapes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|sh| {
                    let b = sh["box"].as_array()?;
                    let v: Vec<f64> = b.iter().filter_map(Value::as_f64).collect();
                    (v.len() == 4)
                        .then(|| (sh["name"].as_str().unwrap_or(""), [v[0], v[1], v[2], v[3]]))
                })
                .collect();
            let tol = 12_700.0 * 2.0;
            for (name, [x, y, bw, bh]) in &boxes {
                if *x < -tol || *y < -tol || x + bw > w + tol || y + bh > h + tol {
                    problems.push(format!("slide {n}: `{name}` is off the slide"));
                }
            }
            // Title, body, tables, charts and pictures apart (footer and
            // slide number are the layout's own).
            let content: Vec<&(&str, [f64; 4])> = boxes
                .iter()
                .filter(|(name, _)| {
                    !name.starts_with("Footer") && !name.starts_with("Slide Number")
                })
                .collect();
            for (i, (a, ba)) in content.iter().enumerate() {
                for (b, bb) in &content[i + 1..] {
                    let ow = ba[0].max(bb[0]) < (ba[0] + ba[2]).min(bb[0] + bb[2]) - tol;
                    let oh = ba[1].max(bb[1]) < (ba[1] + ba[3]).min(bb[1] + bb[3]) - tol;
                    if ow && oh {
                        problems.push(format!("slide {n}: `{a}` and `{b}` overlap"));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn foreign_templates_pass_every_check() {
    let (Some(py), Some(lo)) = (python(), soffice()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let decks = matrix_decks(dir.path());
    let mut cases = Vec::new();
    for template in FOREIGN {
        let t = root().join("tests/fixtures/pptx/foreign").join(template);
        let notes_master = zip::ZipArchive::new(std::fs::File::open(&t).unwrap())
            .unwrap()
            .file_names()
            .filter_map(Result::ok)
            .any(|n| n.starts_with("ppt/notesMasters/"));
        for (deck, md) in &decks {
            let out = dir
                .path()
                .join(format!("{}-{deck}.pptx", template.replace('.', "_")));
            let o = mvplan(&[
                "render",
                md.to_str().unwrap(),
                "--format",
                "pptx",
                "--pptx-template",
                t.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--force",
                "-q",
            ]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{template} × {deck}: {}",
                stderr(&o)
            );
            cases.push((
                format!("{template} × {deck}"),
                md.clone(),
                out,
                notes_master,
            ));
        }
    }
    // One python-pptx start and one LibreOffice start for all of them.
    let o = Command::new(&py)
        .arg(root().join("tests/pptx/read_pptx.py"))
        .args(cases.iter().map(|c| &c.2))
        .output()
        .expect("run python");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let pdfs = dir.path().join("pdf");
    let o = Command::new(&lo)
        .args(["--headless", "--norestore"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("lo-profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&pdfs)
        .args(cases.iter().map(|c| &c.2))
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut failures = Vec::new();
    for ((case, md, pptx, notes_master), got) in cases.iter().zip(&read) {
        let md = std::fs::read_to_string(md).unwrap();
        let mut problems = template_problems(&md, got, *notes_master);
        let pdf = pdfs.join(pptx.file_stem().unwrap()).with_extension("pdf");
        if pdf.exists() {
            problems.extend(misplaced_words(&pdf, &md));
            problems.extend(overlapping_words(&pdf));
        } else {
            problems.push("LibreOffice could not convert it".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{case}: {}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A template whose layouts have no title placeholder, nor footer or slide
/// number: each slide's title is a text box in the layout's free area, on
/// the slide and seen; no footer or number placeholder is written.
#[test]
fn a_template_without_title_placeholders_still_shows_every_title() {
    let (Some(py), Some(lo)) = (python(), soffice()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("untitled.pptx");
    // python-pptx's default template with the title, footer and number
    // placeholders taken out of the master and every layout.
    let script = r#"
import sys
from pptx import Presentation
prs = Presentation()
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
def strip(el):
    tree = el.find(P + "cSld").find(P + "spTree")
    for sp in list(tree):
        ph = sp.find(".//" + P + "ph")
        if ph is not None and ph.get("type") in ("title", "ctrTitle", "ftr", "sldNum", "dt"):
            tree.remove(sp)
strip(prs.slide_masters[0]._element)
for layout in prs.slide_layouts:
    strip(layout._element)
prs.save(sys.argv[1])
"#;
    let o = Command::new(&py)
        .args(["-c", script])
        .arg(&template)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = root().join("tests/fixtures/marp-cover.md");
    let out = dir.path().join("untitled-deck.pptx");
    render(
        md.to_str().unwrap(),
        "pptx",
        &out,
        &["--pptx-template", template.to_str().unwrap()],
    );
    let got = read(&py, &out);
    let deck = markdown::parse(&std::fs::read_to_string(&md).unwrap());
    let (w, h) = (
        got["width"].as_f64().unwrap(),
        got["height"].as_f64().unwrap(),
    );
    for (slide, s) in deck.slides.iter().zip(got["slides"].as_array().unwrap()) {
        let title = slide.title().unwrap();
        let shape = s["shapes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|sh| sh["name"].as_str().is_some_and(|n| n.starts_with("Title")))
            .unwrap_or_else(|| panic!("slide {}: no title: {s}", slide.number));
        assert_eq!(shape["text"].as_str().map(squash), Some(squash(&title)));
        let b: Vec<f64> = shape["box"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            b[0] >= 0.0 && b[1] >= 0.0 && b[0] + b[2] <= w && b[1] + b[3] <= h,
            "slide {}: the title box {b:?} is off the slide",
            slide.number
        );
        assert!(
            !s["placeholders"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "FOOTER" || p == "SLIDE_NUMBER"),
            "slide {}: {s}",
            slide.number
        );
    }
    let pdf = convert(&lo, &out, dir.path());
    let md_text = std::fs::read_to_string(&md).unwrap();
    assert_words_on_their_pages(&pdf, &md_text);
    assert_no_words_overlap(&pdf);
    // Every title is on its page.
    let (_, words) = pdf_words(&pdf);
    for slide in &deck.slides {
        for word in slide.title().unwrap().split_whitespace() {
            assert!(
                words
                    .iter()
                    .any(|(p, t, _)| *p + 1 >= slide.number && t.eq_ignore_ascii_case(word)),
                "slide {}: `{word}` not drawn",
                slide.number
            );
        }
    }
}

/// Charts read as the PDF's when LibreOffice draws them: values in the
/// PDF's formats (`€1.2M`, `€650k`, not `1,200,000`), every category
/// labelled, bars from zero.
#[test]
fn charts_read_like_the_pdf() {
    let Some(lo) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let md = root().join("tests/fixtures/marp-cover.md");
    let out = dir.path().join("charts.pptx");
    render(md.to_str().unwrap(), "pptx", &out, &[]);
    let pdf = convert(&lo, &out, dir.path());
    let (_, words) = pdf_words(&pdf);
    let on = |page: usize| -> Vec<&str> {
        words
            .iter()
            .filter(|w| w.0 == page)
            .map(|w| w.1.as_str())
            .collect()
    };
    // The bar chart is on slide 4.
    let page = on(3);
    for label in ["€1.2M", "€800k", "€650k", "€420k", "€310k", "€150k"] {
        assert!(page.contains(&label), "`{label}` not among {page:?}");
    }
    for category in ["search", "Events", "Content", "ABM", "Partners", "Webinars"] {
        assert!(page.contains(&category), "`{category}` not among {page:?}");
    }
    assert!(!page.iter().any(|w| w.contains("1,200,000")), "{page:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("ppt/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(chart.contains("<c:min val=\"0\"/>"), "{chart}");
    assert!(chart.contains("<c:tickLblSkip val=\"1\"/>"), "{chart}");
}
