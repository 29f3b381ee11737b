//! Where the main story ends: every slide after the first appendix slide is
//! labelled as the appendix (its class and `Appendix:` before its title),
//! including templates that draw one slide per objective.

use crate::common::*;

/// Slides of a Markdown deck (front matter dropped), split at `---` lines
/// outside code fences.
fn slides(deck: &str) -> Vec<String> {
    let body = deck
        .strip_prefix("---\n")
        .and_then(|r| r.find("\n---\n").map(|i| &r[i + 5..]))
        .unwrap_or(deck);
    let mut out = vec![String::new()];
    let mut fenced = false;
    for line in body.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line == "---" {
            out.push(String::new());
        } else {
            let last = out.last_mut().unwrap();
            last.push_str(line);
            last.push('\n');
        }
    }
    out
}

/// saas-plg (written outside the project) has two objectives with response
/// curves: the second objective's curve and marginal-return slides used to
/// come without the appendix class ("# Appendix: Response curves: Aided
/// awareness" under no `<!-- _class: appendix -->`). bundled examples too.
#[test]
fn every_slide_after_the_appendix_starts_is_labelled_appendix() {
    for plan in [
        "tests/fixtures/outside/saas-plg/plan.toml",
        "tests/fixtures/outside/hotel-group/plan.toml",
        "examples/b2b-saas.toml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deck.md");
        let o = mvplan(&["render", plan, "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let deck = std::fs::read_to_string(out).unwrap();
        let slides = slides(&deck);
        let first = slides
            .iter()
            .position(|s| s.contains("<!-- _class: appendix -->"))
            .unwrap_or_else(|| panic!("{plan}: no appendix"));
        let mut checked = 0;
        for s in &slides[first..] {
            let title = s.lines().find(|l| l.starts_with("# ")).unwrap_or("");
            assert!(s.contains("<!-- _class: appendix -->"), "{plan}: {title}");
            assert!(title.starts_with("# Appendix"), "{plan}: {title}");
            checked += 1;
        }
        assert!(checked >= 5, "{plan}: {checked}");
    }
}
