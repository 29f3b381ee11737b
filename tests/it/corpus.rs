//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! fuzz targets' own assertions, so every `cargo test` re-runs the inputs
//! that found new paths (and any crash, kept as a regression input) without
//! needing cargo-fuzz or a sanitizer build.

#[path = "../../fuzz/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 2, "{} has no corpus", dir.display());
    for path in &entries {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
    }
}

#[test]
fn plan_corpus() {
    replay("plan", invariants::plan);
}

#[test]
fn policy_corpus() {
    replay("policy", invariants::policy);
}

#[test]
fn deck_pdf_corpus() {
    replay("deck_pdf", invariants::deck_pdf);
}

#[test]
fn deck_html_corpus() {
    replay("deck_html", invariants::deck_html);
}

#[test]
fn theme_font_corpus() {
    replay("theme_font", invariants::theme_font);
}

#[test]
fn mmm_import_corpus() {
    replay("mmm_import", invariants::mmm_import);
}

#[test]
fn deck_pptx_corpus() {
    replay("deck_pptx", invariants::deck_pptx);
}

#[test]
fn actuals_csv_corpus() {
    replay("actuals_csv", invariants::actuals_csv);
}

#[test]
fn actuals_xlsx_corpus() {
    replay("actuals_xlsx", invariants::actuals_xlsx);
}

#[test]
fn pptx_template_corpus() {
    replay("pptx_template", invariants::pptx_template);
}
