//! Tables with many columns, as a board reads them in every format: a
//! header word is never broken inside ("Likelihoo d"), the table's type
//! shrinks first, and a word that still cannot fit is broken with a
//! visible hyphen. The words are read back by tools mvplan did not write:
//! poppler's `pdftotext` (PDF, and PowerPoint through LibreOffice) and
//! Chromium's layout (HTML).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Eight columns, headers and amounts of a real risk table (a Marp user's
/// deck; the headers broke as "Likelihoo d", "Budge t", "Shar e").
const EIGHT: &str = "---
marp: true
title: Wide tables
---

# Risks and their owners

| Risk | Likelihood | Impact | Budget | Share | Optimal | Mitigation | Owner |
|---|---|---|---|---|---|---|---|
| Paid search costs rise faster than planned | Medium | €120,000 | €1,200,000 | 24% | €1,050,000 | Shift to owned channels | Head of Demand Generation |
| Events underdeliver pipeline | High | €340,000 | €800,000 | 16% | €600,000 | Cap event budget, review quarterly | Field Marketing Lead |
| Content team capacity shortfall | Low | €60,000 | €400,000 | 8% | €450,000 | Contract writers | Content Director |
";

/// Twelve columns of long words: the review's comparison at its widest.
const TWELVE: &str = "# Scenario comparison across every channel

| Channel | Likelihood | Budget | Share | Optimal | Mitigation | Contribution | Forecast | Coverage | Owner | Quarter | Variance |
|---|---|---|---|---|---|---|---|---|---|---|---|
| Paid search | Medium | €1,200,000 | 24% | €1,050,000 | Shift spend | €4,100,000 | €3,900,000 | 95% | Demand | Q2 | -5% |
";

/// The header words and amounts that must come out whole.
fn whole_words(md: &str) -> Vec<String> {
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    let mut words: Vec<String> = Vec::new();
    for (i, line) in table.iter().enumerate() {
        if i == 1 {
            continue; // the |---| line
        }
        for cell in line.split('|') {
            for w in cell.split_whitespace() {
                // Headers, and amounts (a number must never be split).
                if i == 0 || w.starts_with('€') {
                    words.push(w.to_string());
                }
            }
        }
    }
    words
}

fn pdftotext() -> Option<PathBuf> {
    need(
        "pdftotext (poppler-utils)",
        Some(PathBuf::from("/usr/bin/pdftotext")).filter(|p| p.exists()),
    )
}

/// The words of a PDF as poppler reads them.
fn pdf_words(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).split_whitespace().map(str::to_string).collect()
}

fn render(dir: &Path, md: &str, format: &str) -> PathBuf {
    let src = dir.join("deck.md");
    std::fs::write(&src, md).unwrap();
    let out = dir.join(format!("deck.{format}"));
    let o = run_in(
        dir,
        &[
            "render",
            "deck.md",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

fn assert_whole(md: &str, got: &[String], format: &str) {
    for w in whole_words(md) {
        assert!(
            got.contains(&w),
            "{format}: `{w}` is not one word in {got:?}"
        );
    }
}

#[test]
fn pdf_table_headers_and_amounts_are_never_broken_inside() {
    if pdftotext().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for md in [EIGHT, TWELVE] {
        let pdf = render(dir.path(), md, "pdf");
        assert_whole(md, &pdf_words(&pdf), "PDF");
    }
}

#[test]
fn a_word_too_long_for_any_column_breaks_with_a_visible_hyphen() {
    if pdftotext().is_none() {
        return;
    }
    // Forty columns of ten-letter words: even at the smallest type a
    // table shrinks to, a word is wider than its column.
    let head: Vec<String> = (0..40).map(|i| format!("Likelihood{}", i % 10)).collect();
    let md = format!(
        "# Forty columns\n\n| {} |\n|{}|\n| {} |\n",
        head.join(" | "),
        vec!["---"; 40].join("|"),
        vec!["x"; 40].join(" | ")
    );
    let dir = tempfile::tempdir().unwrap();
    let words = pdf_words(&render(dir.path(), &md, "pdf"));
    // Every piece of a broken header but its last (which ends in the
    // header's digit) ends in a hyphen, and is a piece of the word: no
    // header reads as a word and a stray fragment ("Likelihoo d").
    let mut marked = 0;
    for w in &words {
        if ["Forty", "columns", "x"].contains(&w.as_str()) {
            continue;
        }
        match w.strip_suffix('-') {
            Some(piece) => {
                assert!(
                    !piece.is_empty() && "Likelihood".contains(piece),
                    "{w} in {words:?}"
                );
                marked += 1;
            }
            None => assert!(
                w.ends_with(|c: char| c.is_ascii_digit()) && w.len() < "Likelihood0".len(),
                "`{w}` is a piece of a word with no hyphen: {words:?}"
            ),
        }
    }
    assert!(marked >= 40, "each header's break is marked: {words:?}");
}

#[test]
fn powerpoint_table_headers_are_never_broken_inside() {
    let found = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .filter(|_| Path::new("/usr/bin/pdftotext").exists());
    let Some(soffice) = need("LibreOffice (libreoffice-impress) and poppler-utils", found) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (i, md) in [EIGHT, TWELVE].iter().enumerate() {
        let pptx = render(dir.path(), md, "pptx");
        let named = dir.path().join(format!("deck{i}.pptx"));
        std::fs::rename(&pptx, &named).unwrap();
        // LibreOffice lays the table out with its own text engine.
        let o = Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("lo").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&named)
            .output()
            .expect("soffice runs");
        assert!(o.status.success(), "{}", stderr(&o));
        let words = pdf_words(&dir.path().join(format!("deck{i}.pdf")));
        assert_whole(md, &words, "PowerPoint");
    }
}

/// For every cell of the slide's table, the words that a browser laid out
/// on more than one line (a word broken inside), and whether the table
/// runs past the slide's content.
const BROKEN_WORDS: &str = "const s = document.querySelector('.slide');
     s.hidden = false;
     const broken = [];
     for (const cell of s.querySelectorAll('th, td')) {
       const text = cell.firstChild;
       if (!text || text.nodeType !== 3) continue;
       const re = /\\S+/g; let m;
       while ((m = re.exec(text.data)) !== null) {
         const r = document.createRange();
         r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
         const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
         if (tops.size > 1) broken.push(m[0]);
       }
     }
     const t = s.querySelector('table').getBoundingClientRect();
     const c = s.querySelector('.content').getBoundingClientRect();
     return [broken, t.right <= c.right + 1];";

#[test]
fn html_tables_break_between_words_and_stay_on_the_slide() {
    if !crate::browser::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for md in [EIGHT, TWELVE] {
        let html = render(dir.path(), md, "html");
        let driver = crate::browser::start(&dir.path().join("profile"));
        driver.post(
            "/url",
            serde_json::json!({"url": format!("file://{}", html.display())}),
        );
        let v = driver.script(BROKEN_WORDS);
        assert_eq!(v[0], serde_json::json!([]), "words broken inside: {v}");
        assert_eq!(v[1], true, "the table runs past the slide");
    }
}
