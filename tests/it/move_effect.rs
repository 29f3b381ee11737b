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

fn slide_titled<'d>(deck: &'d str, start: &str) -> &'d str {
    let at = deck
        .find(&format!("\n# {start}"))
        .unwrap_or_else(|| panic!("no slide titled {start:?}"))
        + 1;
    let end = deck[at..].find("\n---\n").map_or(deck.len(), |e| at + e);
    &deck[at..end]
}

/// saas-plg: the move that maximises sign-ups takes money from paid search,
/// which also forecasts activations, upgrades and enterprise pipeline. The
/// allocation slide gives each of them (the channel's other results in
/// proportion to its curve's) and the change in each kind of money; its
/// title names the loss, and the summary and the risk slide's trade-off
/// say the trade.
#[test]
fn the_recommended_move_shows_every_objective_its_channels_serve() {
    let deck = outside_deck("saas-plg");
    let slide = slide_titled(&deck, "Moving \\$688k");
    let title = slide.lines().next().unwrap();
    assert!(
        title.ends_with(
            "adds 9,560 self-serve sign-ups (+4.0%) but loses ≈ \\$207k of enterprise pipeline"
        ),
        "{title}"
    );
    let effect = line_with(slide, "**What else it moves:**");
    for part in [
        "≈ +4,640 activated workspaces",
        "≈ +308 paid upgrades",
        "≈ −\\$207k of enterprise pipeline",
        "**In money:** first-year ARR +\\$355k, revenue −\\$49.7k (each kind apart)",
    ] {
        assert!(effect.contains(part), "{part:?} in {effect}");
    }
    assert!(
        slide.contains("*Each moved channel's other results move with its self-serve sign-ups"),
        "{slide}"
    );
    let alternative = line_with(&deck, "- **Alternatives considered:**");
    assert!(
        alternative.contains("(+4.0%) and lose ≈ \\$207k of enterprise pipeline: recommended"),
        "{alternative}"
    );
    let trade = line_with(&deck, "- **Trade-off:**");
    assert!(
        trade.contains("but loses ≈ \\$207k of enterprise pipeline (in money: first-year ARR +\\$355k, revenue −\\$49.7k)"),
        "{trade}"
    );
}

/// The same plan without a value for upgrades: the move's only money is
/// the pipeline revenue it loses. The deck does not recommend it — not on
/// the allocation slide, the summary or the budget ask — whatever it adds
/// to the sign-ups the curves maximise.
#[test]
fn a_move_that_loses_the_plans_money_is_not_recommended() {
    let text = std::fs::read_to_string(outside_plan("saas-plg")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("value_per_unit = 1_150"))
        .expect("the upgrades' value");
    let deck = deck_of(&text.replacen(line, "", 1));
    let slide = slide_titled(&deck, "Moving \\$688k");
    let title = slide.lines().next().unwrap();
    assert!(
        title.ends_with("but loses ≈ \\$207k of enterprise pipeline, revenue −\\$49.7k: not recommended as it stands"),
        "{title}"
    );
    let alternative = line_with(&deck, "- **Alternatives considered:**");
    assert!(!alternative.contains("\\$688k"), "{alternative}");
    let ask = line_with(&deck, "- **We ask for:**");
    assert!(!ask.contains("\\$688k"), "{ask}");
}

/// power-tools: ask 4 (€350k for a fifth demo van) and the recommended move
/// (which takes the demo-van tour to its €1.25M cap with €350k from co-op
/// funds) buy the same van. The summary and the ask slide say plainly that
/// the board approves one of them, and which ask; a plan whose move funds
/// no ask's channel (saas) says nothing of the kind.
#[test]
fn the_board_approves_the_move_or_the_ask_that_funds_the_same_channel() {
    let deck = outside_deck("power-tools");
    let ask = line_with(&deck, "- **We ask for:**");
    assert!(
        ask.contains(
            "or moving €417k (+€930k of dealer lead pipeline); approve the move or ask 4, not both"
        ),
        "{ask}"
    );
    let row = line_with(&deck, "| 4 | **Release €350k for a fifth demo van");
    assert!(
        row.contains("Approve the recommended move or this ask, not both: the move puts €350k on Demo-van tour from inside the budget"),
        "{row}"
    );
    assert!(!row.contains("covers it"), "{row}");
    let saas = outside_deck("saas-plg");
    assert!(!saas.contains("not both"));
}

/// The allocation slide's title says a long metric label in its short form
/// (`shown::title_metric`), the gain's and the loss's alike; the risk
/// slide's trade-off line keeps the whole label. Main put both whole labels
/// in the title ("… adds 9,560 self-serve sign-ups (Amplitude, deduplicated
/// weekly) (+4.0%) but loses ≈ $207k of enterprise pipeline (Salesforce
/// opportunity stage 2+)").
#[test]
fn the_allocation_title_says_long_labels_short() {
    let text = std::fs::read_to_string(outside_plan("saas-plg"))
        .unwrap()
        .replace(
            "metric = \"Self-serve sign-ups\"",
            "metric = \"Self-serve sign-ups (Amplitude, deduplicated weekly)\"",
        )
        .replace(
            "metric = \"Enterprise pipeline\"",
            "metric = \"Enterprise pipeline (Salesforce opportunity stage 2+)\"",
        );
    let deck = deck_of(&text).replace("\\$", "$");
    let title = line_with(&deck, "# Moving $688k");
    assert!(
        title.contains("adds 9,560 self-serve sign-ups (+"),
        "{title}"
    );
    assert!(
        title.ends_with("but loses ≈ $207k of enterprise pipeline"),
        "{title}"
    );
    let trade = line_with(&deck, "- **Trade-off:**");
    assert!(
        trade.contains("(Salesforce opportunity stage 2+)"),
        "{trade}"
    );
}
