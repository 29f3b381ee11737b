//! #31 criterion 9: a capacity figure a main-story title states ("without
//! the hire, Q1 2027 is 0.8 FTE-months short of launch") is shown, with
//! its basis, in the body of a slide of the same deck. hotel-group's ask
//! slide title said it and no slide did (the row kept only the plan's own
//! words): a reader capped C9 on that one claim.

use crate::common::*;

/// The figures before " FTE" in `text`: "0.8" in "is 0.8 FTE-months short".
fn fte_figures(text: &str) -> Vec<String> {
    text.match_indices(" FTE")
        .filter_map(|(at, _)| {
            let before = &text[..at];
            let figure: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (!figure.is_empty()).then_some(figure)
        })
        .collect()
}

/// Every FTE figure in a title of the main story (the slides before the
/// first "Appendix:") appears as "N FTE…" in some slide's body — a line
/// that is not a title — or in the title of an appendix slide (the people
/// slide, whose chart draws it).
#[test]
fn every_fte_figure_in_a_main_story_title_is_on_a_slide() {
    for name in OUTSIDE {
        let md = outside_deck(name);
        let slides = titled_slides(&md);
        let bodies: Vec<String> = slides
            .iter()
            .map(|(_, s)| {
                s.lines()
                    .filter(|l| !l.starts_with("# ") && !l.starts_with("<!--"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        for (title, _) in slides
            .iter()
            .skip(1)
            .take_while(|(t, _)| !t.starts_with("Appendix:"))
        {
            for f in fte_figures(title) {
                let said = format!("{f} FTE");
                // An appendix slide about it (the people slide, whose
                // chart draws it) shows it in its title.
                let in_appendix = slides
                    .iter()
                    .any(|(t, _)| t.starts_with("Appendix:") && t.contains(&said));
                assert!(
                    in_appendix || bodies.iter().any(|b| b.contains(&said)),
                    "{name}: the title \"{title}\" states {said} and no slide's body does"
                );
            }
        }
    }
}

/// hotel-group: the people slide's line on the planned hire says the gap
/// the ask slide's title quotes, with the work and the capacity it is the
/// difference of (its title and chart are about another row).
#[test]
fn the_people_slide_states_the_hire_gap_the_ask_title_quotes() {
    let md = outside_deck("hotel-group");
    let ask = slide_with(&md, "| # | Ask |");
    assert!(ask.contains("0.8 FTE-months short of launch"), "{ask}");
    let people = slide_with(&md, "**Capacity counts the planned hire");
    assert!(
        people.contains(
            "Q1 2027 is 0.8 FTE-months short of launch (it needs 0.8 FTE-months, the team has none)"
        ),
        "{people}"
    );
}
