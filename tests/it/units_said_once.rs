//! Units on every figure, and nothing said twice (C10, C6): the channel
//! slide's "≈" cells carry their unit, a trigger's line names a scenario
//! once, and the risk slide does not repeat a release the ask slide
//! decides.

use crate::common::*;

/// The channel slide's "Adds over today" cells, per row, of a deck.
fn adds_cells(md: &str) -> Vec<String> {
    let mut cells = Vec::new();
    for (_, body) in titled_slides(md) {
        let Some(header) = body
            .lines()
            .find(|l| l.starts_with("| Channel |") && l.contains("| Adds over today |"))
        else {
            continue;
        };
        let at = header
            .split(" | ")
            .position(|c| c.trim_matches('|').trim() == "Adds over today")
            .expect("the column");
        for row in body
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Channel"))
        {
            if let Some(c) = row.split(" | ").nth(at) {
                cells.push(c.trim_matches('|').trim().to_string());
            }
        }
    }
    cells
}

/// A channel's "≈" share of its objective's change says what it counts:
/// "≈ +4,500" beside "Prompted consideration, UK freelancers: +1.5 pts"
/// was read as a number without a unit (fintech, hotel; C10). Every such
/// cell carries a unit after its figure, a currency before it, or the
/// objective's name, on every outside deck.
#[test]
fn a_channel_share_of_a_change_carries_its_unit() {
    let mut seen = 0;
    for name in OUTSIDE {
        for cell in adds_cells(&outside_deck(name)) {
            let Some(fig) = cell.split("≈ ").nth(1) else {
                continue;
            };
            seen += 1;
            let fig: String = fig.chars().filter(|c| *c != '\\').collect();
            let named = cell.contains(": ≈");
            let currency = fig
                .trim_start_matches(['+', '-', '−'])
                .starts_with(|c: char| !c.is_ascii_digit() && !c.is_alphabetic());
            let after = fig
                .trim_start_matches(['+', '-', '−'])
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
                .trim_start_matches(['k', 'M']);
            let worded = after.trim().starts_with(|c: char| c.is_alphabetic());
            assert!(
                named || currency || worded,
                "{name}: a bare figure in the Adds over today column: {cell:?}"
            );
        }
    }
    assert!(seen >= 5, "only {seen} '≈' cells on the outside decks");
}

/// The words of a text, lowered, without punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A trigger's action that already names its scenario is not followed by
/// "(switch to the … budget)": dtc read "Switch to the founders' downside
/// budget (switch to the Founders' downside (-15%) budget)". No three
/// words run twice in one trigger, on any outside deck's risk or trigger
/// slide.
#[test]
fn a_trigger_says_its_scenario_once() {
    let mut seen = 0;
    for name in OUTSIDE {
        let md = outside_deck(name);
        let lines = md
            .lines()
            .filter(|l| l.starts_with("- **Trigger"))
            .flat_map(|l| l.split("; ").map(str::to_string).collect::<Vec<_>>())
            .chain(
                titled_slides(&md)
                    .into_iter()
                    .filter(|(t, _)| t.starts_with("Triggers"))
                    .flat_map(|(_, b)| {
                        b.lines()
                            .filter(|l| l.starts_with("| ") && !l.starts_with("| When"))
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    }),
            );
        for line in lines {
            // The action and what follows it: the condition names the KPI,
            // which an action may name again on purpose.
            let action = line.rsplit(": ").next().unwrap_or(&line);
            let w = words(action);
            seen += 1;
            for i in 0..w.len().saturating_sub(2) {
                let three = &w[i..i + 3];
                let again = (i + 1..w.len().saturating_sub(2)).any(|j| &w[j..j + 3] == three);
                assert!(!again, "{name}: {:?} twice in {line:?}", three.join(" "));
            }
        }
    }
    assert!(seen >= 3, "only {seen} triggers read");
}

/// A trigger that releases the money of a scenario an ask pays for is the
/// ask slide's to decide: the risk slide's triggers line does not repeat
/// it (saas's risk slide ran onto a "(cont.)" holding only that line, the
/// downside and the trade-off, all said elsewhere; C6). The ask slide
/// still says the release and its condition.
#[test]
fn the_risk_slide_leaves_a_release_to_the_ask_slide() {
    let md = outside_deck("saas-plg");
    let slides = titled_slides(&md);
    let risks = slides
        .iter()
        .find(|(_, b)| b.contains("| Risk | Likelihood |"))
        .expect("a risk slide");
    assert!(
        !risks.1.contains("Release the stretch budget"),
        "the release is repeated on the risk slide: {}",
        risks.1
    );
    // The other trigger, which no ask pays for, is in a risk's row.
    assert!(risks.1.contains("Sign-ups from paid search below 28,000"));
    let asks = slides
        .iter()
        .find(|(_, b)| {
            b.lines()
                .any(|l| l.starts_with("| ") && l.contains("only if enterprise pipeline passes"))
        })
        .expect("the ask slide says the release and its condition");
    assert!(asks.1.contains("Stretch (+10%)"), "{}", asks.1);
}

/// A title says a long metric label by its short form: industrial's
/// "marketing-sourced opportunity value created (SFDC)" ran five titles
/// to three lines and one to six (C5). The titles use the plan's own
/// short words ("Generate $48.5M of marketing-sourced pipeline"); the
/// tables keep the whole label, which says what is counted.
#[test]
fn a_title_says_a_long_metric_by_its_short_form() {
    let md = outside_deck("industrial-b2b");
    let titles: Vec<String> = titled_slides(&md)
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| !t.starts_with("Appendix"))
        .collect();
    for t in &titles {
        assert!(!t.contains("(SFDC)"), "a long metric label in a title: {t}");
    }
    let short = titles
        .iter()
        .filter(|t| t.to_lowercase().contains("marketing-sourced pipeline"))
        .count();
    assert!(
        short >= 4,
        "only {short} titles name the short form: {titles:#?}"
    );
    // The tables still name what is counted.
    assert!(md.contains("Marketing-sourced opportunity value created (SFDC)"));
}
