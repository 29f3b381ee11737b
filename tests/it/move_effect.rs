//! Pitch decks on plans written outside the project: the recommended move
//! between channels with its whole effect (every objective the moved
//! channels forecast, and the value), the move or an ask that funds the
//! same channel said plainly, and one kind of money per sum.

use crate::common::*;

/// The deck of `text` (a plan's TOML), rendered to standard output.
fn deck_of(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    let o = mvplan(&["render", path.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn line_with<'d>(deck: &'d str, start: &str) -> &'d str {
    deck.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?}"))
}

/// saas-plg: the ARR goal was met by "the bridges add $2.5M — paid upgrades
/// adds $1.61M [first-year ARR], enterprise pipeline adds $886k [revenue]",
/// two kinds of money in one sum. Only the goal's kind is added; the other
/// is named apart. Where the goal counts revenue, the same pipeline counts.
#[test]
fn a_goal_line_adds_only_money_of_the_goal_s_kind() {
    let deck = outside_deck("saas-plg");
    let line = line_with(&deck, "**Against the business goals:**");
    assert!(
        line.contains("the bridges add \\$1.61M over today (8%)"),
        "{line}"
    );
    assert!(!line.contains("\\$2.5M"), "{line}");
    assert!(
        line.contains(
            "apart, in other money: enterprise pipeline adds \\$1.32M of revenue — not ARR"
        ),
        "{line}"
    );
    let health = line_with(&deck, "- **Plan health:**");
    assert!(
        health.contains("the value bridges reach 8% of the \\$20M"),
        "{health}"
    );

    // The same plan with a goal of revenue: pipeline won is that money.
    let text = std::fs::read_to_string(outside_plan("saas-plg")).unwrap();
    let revenue = text.replacen("metric = \"ARR\"", "metric = \"Net-new revenue\"", 1);
    assert_ne!(revenue, text);
    let deck = deck_of(&revenue);
    let line = line_with(&deck, "**Against the business goals:**");
    assert!(line.contains("enterprise pipeline adds \\$886k"), "{line}");
    assert!(!line.contains("in other money"), "{line}");
}
