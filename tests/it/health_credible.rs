//! Figures a CFO cannot set against each other (issue #31, criteria 2 and
//! 9): one FTE total per deck, the plan's disagreements settled in one
//! place without markup, a health score's KPI count that holds against the
//! channel slides, and health lines that do not contradict the slide they
//! speak of. Each figure is recomputed here from the rendered Markdown or
//! the TOML, never read from mvplan's own sums.

use crate::common::{OUTSIDE, outside_deck};

/// The bold or italic figure in the FTE column of the resources slide's
/// total rows ("| **Total in this budget** | **12.5** |", "| *Whole team,
/// as capacity counts it* | *14.3* |").
fn resources_totals(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with("| **Total") || l.starts_with("| *Whole team"))
        .filter_map(|l| l.split('|').nth(2))
        .map(|c| c.trim().trim_matches('*').to_string())
        .collect()
}

/// The ask slide's average cost per FTE names the FTE it divides, and that
/// figure is a total the resources slide shows (hotel divided 13.5 FTE —
/// the interns' 2 heads, not their 1 FTE at 50% — against the slide's
/// 12.5).
#[test]
fn the_fte_an_average_cost_divides_is_a_total_the_resources_slide_shows() {
    let mut priced = 0;
    for name in OUTSIDE {
        let md = outside_deck(name);
        let totals = resources_totals(&md);
        for l in md
            .lines()
            .filter(|l| l.contains("average") && l.contains(" per FTE ("))
        {
            let basis = l.split(" per FTE (").nth(1).unwrap_or_default();
            let fte = basis
                .split(" FTE")
                .next()
                .and_then(|b| b.rsplit(' ').next())
                .unwrap_or_default();
            assert!(
                totals.iter().any(|t| t == fte),
                "{name}: the average divides {fte} FTE; the resources slide totals {totals:?}\n{l}"
            );
            assert!(basis.contains("resources slide"), "{name}: {basis}");
            priced += 1;
        }
    }
    assert!(
        priced >= 2,
        "saas and hotel price people's time at the average"
    );
}

/// The plan's own disagreements are settled in the summary's one line; a
/// slide that quotes the plan's words shows the deck's figure with a
/// footnote mark, never square-bracket markup in the board's text.
#[test]
fn no_deck_shows_bracketed_markup_to_settle() {
    for name in OUTSIDE {
        let md = outside_deck(name);
        for l in md.lines().filter(|l| !l.starts_with("<!--")) {
            assert!(!l.contains("\\[to settle"), "{name}: {l}");
            assert!(!l.contains("[to settle"), "{name}: {l}");
            assert!(!l.contains("not itemised)"), "{name}: {l}");
        }
    }
}
