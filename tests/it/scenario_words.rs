//! #31 C5: a scenario that types no `changes` but whose words name the
//! channels it cuts or moves is computed with those changes — the channels
//! its words name move, every other keeps the plan's budget — not spread
//! in the planned mix; where its words' items size only part of a cut, the
//! rest is cut pro rata from the channels they do not name; where that
//! cannot be it stays in the planned mix; both say so
//! (`scenario-words-unsized`). An ask whose channel the recommended move
//! already funds says so.
//!
//! The expected figures are computed here from the test plan's Hill curves
//! (max × q / (1 + q), q = budget / half saturation) and pro rata
//! forecasts, not by mvplan's functions.

use std::path::PathBuf;

use crate::common::table_row as row;
use crate::common::*;
use crate::words_figures::toml_of;

fn test_plan() -> PathBuf {
    root().join("tests/fixtures/scenario-words/plan.toml")
}

fn scenarios_slide() -> String {
    let o = mvplan(&[
        "render",
        test_plan().to_str().unwrap(),
        "-o",
        "-",
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o).replace('\\', "");
    md.split("\n---\n")
        .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
        .unwrap_or_else(|| panic!("no scenarios slide:\n{md}"))
        .to_string()
}

/// Paid search's curve (pipeline): max €5M, half saturation €350k.
fn search(budget: f64) -> f64 {
    let q = budget / 350_000.0;
    5_000_000.0 * q / (1.0 + q)
}

/// Paid social's curve (trial sign-ups): max 4,000, half saturation €600k.
fn social(budget: f64) -> f64 {
    let q = budget / 600_000.0;
    4_000.0 * q / (1.0 + q)
}

/// Events have no curve: their €1.6M of pipeline at €250k, pro rata.
fn events(budget: f64) -> f64 {
    1_600_000.0 * budget / 250_000.0
}

/// "≈ €4.27M" → 4,270,000; "≈ 800 sign-ups" → 800.
fn figure(cell: &str) -> f64 {
    let t = cell.trim_start_matches('≈').trim().trim_start_matches('€');
    let t = t.split(' ').next().unwrap_or_default();
    let (n, mul) = match t.chars().last() {
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('k') => (&t[..t.len() - 1], 1e3),
        _ => (t, 1.0),
    };
    n.replace(',', "")
        .parse::<f64>()
        .unwrap_or_else(|e| panic!("{cell}: {e}"))
        * mul
}

/// Within the deck's rounding (three significant figures).
fn near(shown: f64, want: f64) -> bool {
    (shown - want).abs() <= want.abs() * 0.006
}

#[test]
fn a_cut_moves_only_the_channels_its_words_name() {
    let slide = scenarios_slide();
    let plan = row(&slide, "**Plan**");
    let cut = row(&slide, "Social cut");
    // "Paid social halved": €300k → €150k on its curve.
    let want = social(150_000.0);
    let got = figure(cut[3]);
    assert!(near(got, want), "sign-ups {got}, want {want}\n{slide}");
    // Pipeline is served by paid search and events, which its words keep
    // whole: the plan's figure, not a planned-mix share of the cut.
    assert!(
        near(figure(cut[2]), figure(plan[2])),
        "pipeline moved though no pipeline channel is cut:\n{slide}"
    );
    assert!(
        slide.contains("computed as described: Paid social -€150k"),
        "{slide}"
    );
}

#[test]
fn a_named_channel_without_a_size_takes_the_rest() {
    let slide = scenarios_slide();
    // "Cut €100k: paid search −€40k, events trimmed": events take the €60k
    // the sized change leaves.
    let trim = row(&slide, "**Trim**");
    let want = search(360_000.0) + events(190_000.0);
    let got = figure(trim[2]);
    assert!(near(got, want), "pipeline {got}, want {want}\n{slide}");
    assert!(slide.contains("Paid search -€40k, Events -€60k"), "{slide}");
}

#[test]
fn a_partly_itemised_cut_cuts_the_rest_pro_rata_and_says_so() {
    let slide = scenarios_slide();
    // −€60k itemised of a −€100k budget, nothing unsized: the items are
    // cut as said and the other €40k comes from events, the one funded
    // channel the words leave alone.
    let loose = row(&slide, "Two trims");
    let want = search(360_000.0) + events(210_000.0);
    let got = figure(loose[2]);
    assert!(near(got, want), "pipeline {got}, want {want}\n{slide}");
    assert!(near(figure(loose[3]), social(280_000.0)), "{slide}");
    assert!(
        slide.contains(
            "€60k of the €100k cut is itemised: Paid search -€40k, Paid social -€20k; the other €40k is cut pro rata from the other channels"
        ),
        "{slide}"
    );
    // Board words, not the tool's ("its words", "items", "placed").
    let line = slide
        .lines()
        .find(|l| l.contains("**Two trims:**"))
        .unwrap_or_else(|| panic!("no line:\n{slide}"));
    for w in ["its words", "its items", "placed"] {
        assert!(!line.contains(w), "{w}: {line}");
    }
    let found = check_findings(test_plan().to_str().unwrap());
    assert!(
        found
            .iter()
            .any(|(rule, _, m, h)| rule == "scenario-words-unsized"
                && m.contains("`loose`")
                && m.contains("the other 40,000 EUR is cut pro rata")
                && h.contains("paid-search = -40_000, paid-social = -20_000, events = -40_000")),
        "{found:?}"
    );
}

#[test]
fn words_that_cut_more_than_the_budget_stay_in_the_planned_mix_and_say_so() {
    let slide = scenarios_slide();
    // −€150k named of a −€100k budget: no channel grows in a cut, so the
    // €100k is spread over the two curve channels by budget (€400k : €300k).
    let over = row(&slide, "Overcut");
    let want = search(400_000.0 - 100_000.0 * 4.0 / 7.0) + events(250_000.0);
    let got = figure(over[2]);
    assert!(near(got, want), "pipeline {got}, want {want}\n{slide}");
    assert!(
        slide.contains("computed in the planned mix: its words size only €150k of its"),
        "{slide}"
    );
    let found = check_findings(test_plan().to_str().unwrap());
    assert!(
        found
            .iter()
            .any(|(rule, _, m, _)| rule == "scenario-words-unsized" && m.contains("`overcut`")),
        "{found:?}"
    );
}

#[test]
fn an_outside_partly_itemised_cut_says_what_is_itemised_in_board_words() {
    // power-tools' Group cut itemises €975k of its €1.2M.
    let md = outside_deck("power-tools").replace('\\', "");
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Group cut"))
        .unwrap_or_else(|| panic!("no row"));
    assert!(
        line.contains("€975k of the €1.2M cut is itemised")
            && line.contains("the other €225k is cut pro rata from the other channels"),
        "{line}"
    );
    for w in ["its words", "its items", "planned mix"] {
        assert!(!line.contains(w), "{w}: {line}");
    }
}

#[test]
fn an_outside_cut_reads_its_words() {
    // fintech: "Cut paid social by £800k and app-store ads by £400k;
    // referral, SEO and podcasts kept whole."
    let md = outside_deck("fintech-app").replace('\\', "");
    assert!(
        md.contains("Paid social -£800k, App-store ads -£400k)"),
        "fintech cut"
    );
}

#[test]
fn a_title_that_says_a_scenario_adds_none_names_its_objective() {
    // dtc: Boots' money buys retail sell-through, not DTC customers; the
    // table beside the title shows retail sell-through rising.
    let md = outside_deck("dtc-skincare");
    let title = md
        .lines()
        .find(|l| l.starts_with("# ") && l.contains("adds no"))
        .unwrap_or_else(|| panic!("no 'adds no' title"));
    assert!(title.ends_with("adds no new DTC customers"), "{title}");
}

#[test]
fn an_ask_the_recommended_move_already_funds_says_approve_one_of_them() {
    // power-tools: ask 4 releases money for a fifth demo van; the deck's
    // recommended move puts as much on the demo-van tour (to its cap, five
    // vans). The ask's row says the move covers it and values the ask on
    // its own: the tour at its budget plus the ask's money.
    let t = toml_of("power-tools");
    let ask = t["asks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["ask"].as_str().unwrap().contains("fifth demo van"))
        .unwrap();
    let price = ask["amount"].as_integer().unwrap();
    let budget = t["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_str() == Some("demo-van"))
        .unwrap()["budget"]
        .as_integer()
        .unwrap();
    let md = outside_deck("power-tools").replace('\\', "");
    // The move's money into the tour, as the allocation slide states it.
    let moves = md
        .lines()
        .find(|l| l.starts_with("**Moves:**"))
        .unwrap_or_else(|| panic!("no moves line"));
    let into = moves
        .split("; ")
        .find(|m| m.contains("to Demo-van tour"))
        .and_then(|m| m.split('€').nth(1))
        .and_then(|m| m.split('k').next())
        .and_then(|k| k.parse::<i64>().ok())
        .map(|k| k * 1000)
        .unwrap_or_else(|| panic!("{moves}"));
    let row = md
        .lines()
        .find(|l| l.starts_with("| 4 |") && l.contains("fifth demo van"))
        .unwrap_or_else(|| panic!("no ask 4 row"));
    assert!(
        row.contains(&format!(
            "Approve the recommended move or this ask, not both: the move puts €{}k on Demo-van tour",
            into / 1000
        )),
        "{row}"
    );
    assert!(into >= price, "{moves}");
    assert!(!row.contains("covers it"), "{row}");
    let at = budget + price;
    let at = format!("€{}M", at as f64 / 1e6);
    assert!(
        row.contains(&format!(
            "Demo-van tour (4 vans, DE/AT) at {at} on its curve"
        )),
        "{at}: {row}"
    );
}

/// The rest of a partly itemised cut never comes from a channel the
/// words keep whole: "Paid search −€40k, paid social −€20k. Events kept
/// whole." leaves €40k no channel may give, so the row stays in the
/// planned mix and says so — it does not cut events.
#[test]
fn the_rest_of_a_cut_never_comes_from_a_channel_kept_whole() {
    let slide = scenarios_slide();
    let line = slide
        .lines()
        .find(|l| l.contains("**Trims, events kept:**"))
        .unwrap_or_else(|| panic!("no line:\n{slide}"));
    assert!(!line.contains("cut pro rata"), "{line}");
    assert!(line.contains("planned mix"), "{line}");
    let found = check_findings(test_plan().to_str().unwrap());
    let kept = found
        .iter()
        .find(|(rule, _, m, _)| rule == "scenario-words-unsized" && m.contains("`kept`"))
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        !kept.2.contains("cut pro rata") && kept.2.contains("planned mix"),
        "{kept:?}"
    );
}

#[test]
fn a_same_money_move_is_computed_as_its_words_move_the_money() {
    let slide = scenarios_slide();
    // "move €100k from paid search to paid social": search €300k, social
    // €400k on their curves, events whole.
    let r = row(&slide, "Search to social");
    let want = search(300_000.0) + events(250_000.0);
    assert!(near(figure(r[2]), want), "pipeline, want {want}\n{slide}");
    assert!(near(figure(r[3]), social(400_000.0)), "{slide}");
    assert!(
        slide.contains("computed as described: Paid search -€100k, Paid social +€100k"),
        "{slide}"
    );
    let found = check_findings(test_plan().to_str().unwrap());
    assert!(
        !found
            .iter()
            .any(|(rule, _, m, _)| rule == "scenario-unmodelled" && m.contains("search-to-social")),
        "{found:?}"
    );
}

#[test]
fn an_outside_move_is_computed_at_the_deck_s_one_price() {
    // power-tools: "move €250k from trade press to a fifth demo van"; the
    // ask that types the van's money prices it (the deck's one price,
    // `words_settle`): the row moves that price, not the words' €250k.
    let t = toml_of("power-tools");
    let ask = t["asks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["ask"].as_str().unwrap().contains("fifth demo van"))
        .unwrap();
    let price = ask["amount"].as_integer().unwrap();
    let k = format!("€{}k", price / 1000);
    let md = outside_deck("power-tools").replace('\\', "");
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Vans instead of press:**"))
        .unwrap_or_else(|| panic!("no row"));
    assert!(
        line.contains(&format!("Trade press -{k}, Demo-van tour +{k}")),
        "{line}"
    );
    assert!(!line.contains("not in the table"), "{line}");
    // The row is in the table, at the plan's budget.
    assert!(
        md.lines()
            .any(|l| l.starts_with("| **Vans instead of press** | €10.6M (100%) | ≈ ")),
        "no vans row"
    );
    // fintech: "Shift £400k from paid social to referral".
    let md = outside_deck("fintech-app").replace('\\', "");
    assert!(
        md.contains("computed as described: Paid social -£400k, Referral programme +£400k"),
        "fintech shift"
    );
    assert!(
        md.lines()
            .any(|l| l
                .starts_with("| **Shift £400k from paid social to referral** | £9.5M (100%) | ≈ ")),
        "no shift row"
    );
}

#[test]
fn a_settled_price_moves_only_the_move_that_names_its_thing() {
    // Two moves of €250k in one scenario, one to the fifth demo van that
    // an ask prices at €350k: the van's move is computed at €350k, the
    // other (LinkedIn to paid search) at its own €250k.
    let text = std::fs::read_to_string(outside_plan("power-tools")).unwrap();
    let said = "Same money: move €250k from trade press to a fifth demo van from May.";
    assert!(text.contains(said));
    let text = text.replace(
        said,
        "Same money: move €250k from trade press to a fifth demo van from May; \
         move €250k from LinkedIn to paid search.",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    let o = mvplan(&["render", path.to_str().unwrap(), "-o", "-", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o).replace('\\', "");
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Vans instead of press:**"))
        .unwrap_or_else(|| panic!("no row"));
    assert!(line.contains("Trade press -€350k"), "{line}");
    assert!(line.contains("Demo-van tour +€350k"), "{line}");
    assert!(line.contains("-€250k") && line.contains("+€250k"), "{line}");
    assert!(
        !line.contains("LinkedIn to contractor procurement -€350k"),
        "{line}"
    );
}
