//! Every figure with its basis and one precision (#31, rubric criteria 10
//! and 2), on the decks of the plans written outside the project: no money
//! built on a value per unit the plan gives without its basis, every money
//! cell of the risk table saying what it is money of, scenario and best-mix
//! figures at three significant figures with one precision per Return
//! column, the summary's move gain with its unit, a cost column holding
//! costs only, and `render -q` keeping the plan's warnings to `check`.
//!
//! Expectations come from the plan files (read with `toml`), never from
//! mvplan's own figures.

use crate::common::*;

/// The deck's slides without speaker notes, and without the appendix's
/// list of `mvplan check` findings (which names the plan's figures on
/// purpose: that is where the author is told what to fix).
fn visible(deck: &str) -> Vec<(String, String)> {
    titled_slides(deck)
        .into_iter()
        .map(|(t, body)| {
            let text: String = body
                .split("<!--")
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split_once("-->").map_or("", |(_, rest)| rest)
                    }
                })
                .collect::<Vec<_>>()
                .join("")
                .lines()
                .filter(|l| !l.starts_with("- **warning:**") && !l.starts_with("- **note:**"))
                .collect::<Vec<_>>()
                .join("\n");
            (t, text)
        })
        .collect()
}

fn metric(o: &toml::Table) -> String {
    o.get("metric")
        .and_then(|m| m.as_str())
        .or_else(|| o.get("statement").and_then(|s| s.as_str()))
        .unwrap_or_default()
        .to_string()
}

/// Whether the comment on an objective's `value_per_unit` line names money
/// (ARR, revenue, an ADR, margin): its basis, per docs/plan-format.md.
fn money_in_comment(name: &str, o: &toml::Table) -> bool {
    let text = std::fs::read_to_string(outside_plan(name)).unwrap();
    let id = o.get("id").and_then(|i| i.as_str()).unwrap_or_default();
    let block = text
        .split(&format!("id = \"{id}\""))
        .nth(1)
        .and_then(|b| b.split("[[").next())
        .unwrap_or_default();
    block
        .lines()
        .filter(|l| l.starts_with("value_per_unit"))
        .filter_map(|l| l.split_once('#'))
        .any(|(_, c)| {
            let c = c.to_lowercase();
            ["arr", "revenue", "adr", "margin"]
                .iter()
                .any(|w| c.split(|ch: char| !ch.is_alphanumeric()).any(|x| x == *w))
        })
}

/// The objectives each outside plan values per unit with no basis (and no
/// comment beside the value naming one).
fn unbased(name: &str) -> Vec<toml::Table> {
    let plan = plan_toml(name);
    plan.get("objectives")
        .and_then(|o| o.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|o| o.as_table())
                .filter(|o| o.contains_key("value_per_unit") && !o.contains_key("value_basis"))
                .filter(|o| !money_in_comment(name, o))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// A value per unit with no basis is not money on any slide: its bridge on
/// the value slide says it is not valued and carries no amount, no slide
/// says the plan's own figure or what the objective is "worth", and a goal
/// that puts money on it is said not bridged rather than set against money
/// built on it (hotel: the goal's €6M from Maris Porto, 6,000 room nights
/// × €165 = €990k on main).
#[test]
fn no_money_is_built_on_a_value_without_its_basis() {
    let mut seen = 0;
    for &name in OUTSIDE {
        let objectives = unbased(name);
        if objectives.is_empty() {
            continue;
        }
        let deck = outside_deck(name);
        let slides = visible(&deck);
        for o in &objectives {
            seen += 1;
            let m = metric(o);
            let value_slide = slides
                .iter()
                .find(|(_, b)| b.contains(&format!("**{m}**\n\n1. Forecast:")))
                .unwrap_or_else(|| panic!("{name}: no bridge for {m}"));
            let bridge: String = value_slide
                .1
                .split(&format!("**{m}**"))
                .nth(1)
                .unwrap_or_default()
                .split("\n\n")
                .nth(1)
                .unwrap_or_default()
                .to_string();
            // A rate its words state instead values it on a basis
            // (industrial: "an assumption's" win rate on its pipeline).
            if bridge.contains("win rate") {
                continue;
            }
            assert!(
                bridge.contains("Not valued — the plan gives a value per "),
                "{name}: {m}: {bridge}"
            );
            // "per $1 of aftermarket orders" names a unit, not an amount.
            let step2 = bridge.lines().nth(1).unwrap_or_default();
            let amounts = ["\\$1 ", "$1 ", "€1 ", "£1 "]
                .iter()
                .fold(step2.to_string(), |s, one| s.replace(one, ""));
            assert!(
                !amounts.contains(['€', '$', '£']),
                "{name}: {m}: money on an unbased value: {step2}"
            );
            for (t, body) in &slides {
                assert!(
                    !body.contains("the plan's own figure,")
                        && !body.contains("the plan's own figure ="),
                    "{name}: {t}: {body}"
                );
                let lower = m.to_lowercase();
                assert!(
                    !body.to_lowercase().contains(&format!("{lower} (worth ")),
                    "{name}: {t}: {m} given a worth"
                );
            }
        }
        // (Hotel's goal puts €6M on Maris Porto, whose room nights were
        // valued at €165 with no basis on main: the comment beside the value
        // names the ADR, so they are valued now — tests/it/value_basis.rs.)
        if name == "hotel-group" {
            let text: String = slides.iter().map(|(_, b)| b.as_str()).collect();
            assert!(!text.contains("€990k"), "hotel: €990k still shown");
            assert!(
                text.contains("the goal's €6M from Maris Porto is not bridged"),
                "hotel: Porto's part not said unbridged"
            );
        }
    }
    assert!(seen >= 4, "the outside plans value per unit with no basis");
    // dtc (3), nonprofit (1) and industrial (2) still do.
}

/// The risk table's "If it happens" money cells each say what they are
/// money of: the result (`impact_on`), revenue, a value basis, or, for
/// money the plan puts on a risk with nothing to say of what, "(basis not
/// given)". (The Exposure cell beside it is that money × the likelihood.)
#[test]
fn every_money_cell_of_the_risk_table_names_what_it_is() {
    let mut unbased_seen = 0;
    for &name in OUTSIDE {
        let plan = plan_toml(name);
        let deck = outside_deck(name);
        let slides = visible(&deck);
        let Some((_, risks)) = slides
            .iter()
            .find(|(_, b)| b.contains("| Risk | Likelihood | Impact | If it happens |"))
        else {
            continue;
        };
        let header: Vec<&str> = risks
            .lines()
            .find(|l| l.starts_with("| Risk |"))
            .unwrap()
            .split('|')
            .map(str::trim)
            .collect();
        let cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with("If it happens"))
            .map(|(i, _)| i)
            .collect();
        for row in risks
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Risk |"))
        {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            for &c in &cols {
                let cell = cells.get(c).copied().unwrap_or_default();
                if !cell.contains(['€', '$', '£']) {
                    continue;
                }
                assert!(
                    cell.contains(" of ") || cell.ends_with("(basis not given)"),
                    "{name}: a money cell says not what it is money of: {cell}"
                );
            }
        }
        // Risks with money and nothing to say of what: said so in the cell.
        let bare = plan
            .get("risks")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_table())
            .filter(|r| r.contains_key("impact_value") && !r.contains_key("impact_on"))
            .count();
        if bare > 0 && risks.contains("(basis not given)") {
            unbased_seen += 1;
        }
    }
    assert!(
        unbased_seen >= 3,
        "power-tools, saas and hotel put bare money on risks"
    );
}

/// Significant figures of a number as a cell writes it ("243,060" → 5).
fn significant(figure: &str) -> usize {
    let digits: String = figure.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    if figure.contains('.') {
        digits.len()
    } else {
        digits.trim_end_matches('0').len()
    }
}

/// The scenario table's levels are rounded as the curves they come from
/// (saas: "243,060", "84,942 workspaces", "7,606 upgrades" on main beside
/// "≈ 218,000"), and its Return column has one precision for every row
/// ("0.095×" under "0.11×" on main).
#[test]
fn scenario_figures_at_three_figures_and_one_return_precision() {
    for &name in OUTSIDE {
        let deck = outside_deck(name);
        for (title, body) in visible(&deck) {
            let Some(header) = body.lines().find(|l| l.starts_with("| Scenario |")) else {
                continue;
            };
            let header: Vec<&str> = header.split('|').map(str::trim).collect();
            let ret = header.iter().position(|h| *h == "Return");
            let rows: Vec<Vec<String>> = body
                .lines()
                .filter(|l| l.starts_with("| **"))
                .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
                .collect();
            for r in &rows {
                // Level columns: after the budget, before the value.
                for cell in r.iter().skip(3).take(3) {
                    let figure = cell.trim_start_matches("≈ ").split(' ').next().unwrap();
                    if figure.starts_with(['€', '$', '£', '\\']) || !figure.contains(',') {
                        continue;
                    }
                    assert!(
                        significant(figure) <= 3,
                        "{name}: {title}: {cell} has false precision"
                    );
                }
            }
            if let Some(ret) = ret {
                let places: Vec<usize> = rows
                    .iter()
                    .filter_map(|r| r.get(ret))
                    .filter(|c| c.ends_with('×'))
                    .map(|c| {
                        c.split_once('.')
                            .map_or(0, |(_, f)| f.len() - '×'.len_utf8())
                    })
                    .collect();
                // One precision, except where one would print a row at
                // more than two significant figures (`ratio::column_places`:
                // "1.0×" beside the plan's "0.99×", as every multiple):
                // then each row has its own two.
                let most = places.iter().copied().max().unwrap_or(0);
                let past_two = rows
                    .iter()
                    .filter_map(|r| r.get(ret))
                    .filter_map(|c| c.strip_suffix('×'))
                    .filter_map(|c| c.replace(',', "").parse::<f64>().ok())
                    .any(|v| (v >= 10.0 && most >= 1) || (v >= 1.0 && most >= 2));
                assert!(
                    places.windows(2).all(|w| w[0] == w[1]) || past_two,
                    "{name}: {title}: Return column mixes precisions {places:?}"
                );
            }
            assert!(
                !header.iter().any(|h| h.starts_with("Value (")),
                "{name}: the value column does not say it is over today"
            );
        }
    }
}

/// The best-mix table's result changes have at most three significant
/// figures and add to the total (power-tools on main: "-€1.139M",
/// "+€1.852M" beside "€12M").
#[test]
fn best_mix_rows_at_three_figures_and_adding_up() {
    let deck = outside_deck("power-tools");
    let (_, body) = visible(&deck)
        .into_iter()
        .find(|(_, b)| {
            b.contains("| Channel | Budget | Optimal | Change | Result | Result change |")
        })
        .expect("power-tools has a best-mix table");
    let amount = |cell: &str| -> f64 {
        let c = cell.replace(['\\', '*', '+', '€'], "");
        let (c, neg) = match c.strip_prefix('-') {
            Some(rest) => (rest.to_string(), -1.0),
            None => (c, 1.0),
        };
        let c = c.split([' ', ';']).next().unwrap().to_string();
        let (n, scale) = if let Some(n) = c.strip_suffix('M') {
            (n, 1e6)
        } else if let Some(n) = c.strip_suffix('k') {
            (n, 1e3)
        } else {
            (c.as_str(), 1.0)
        };
        neg * n.parse::<f64>().unwrap() * scale
    };
    let mut sum = 0.0;
    let mut total = None;
    for l in body
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Channel"))
    {
        let cells: Vec<&str> = l.split('|').map(str::trim).collect();
        let change = cells[6];
        if cells[1].starts_with("**Forecast") {
            total = Some(amount(change));
            continue;
        }
        let figure = change.trim_start_matches(['\\', '+', '-']);
        assert!(
            significant(figure.trim_start_matches('€').trim_end_matches(['M', 'k'])) <= 3,
            "false precision: {change}"
        );
        sum += amount(change);
    }
    let total = total.expect("a total row");
    assert!(
        (sum - total).abs() < 1.0,
        "rows add to {sum}, total {total}"
    );
}

/// The summary's "or moving X (+Y)" says what Y is: a count with its unit,
/// money or points with the metric (power-tools on main: "(+€930k)").
#[test]
fn the_summary_move_gain_says_of_what() {
    let mut seen = 0;
    for &name in OUTSIDE {
        let deck = outside_deck(name);
        let Some(at) = deck.find(" as planned, or moving ") else {
            continue;
        };
        seen += 1;
        let rest = &deck[at..];
        let gain = rest
            .split_once("(+")
            .and_then(|(_, g)| g.split_once(')'))
            .map(|(g, _)| g)
            .unwrap();
        assert!(
            gain.contains(|c: char| c.is_alphabetic() && c != 'k' && c != 'M'),
            "{name}: the gain names no unit: (+{gain})"
        );
    }
    assert!(seen >= 2);
}

/// A "Cost per extra result" column holds costs: no cell reads "buys"
/// (saas on main: "$1 buys $2.4 of enterprise pipeline" there).
#[test]
fn a_cost_per_result_column_holds_costs_only() {
    for &name in OUTSIDE {
        let deck = outside_deck(name);
        for (title, body) in visible(&deck) {
            let Some(header) = body
                .lines()
                .find(|l| l.starts_with("| Channel |") && l.contains("Cost per extra result"))
            else {
                continue;
            };
            let col = header
                .split('|')
                .position(|h| h.trim().starts_with("Cost per extra result"))
                .unwrap();
            for l in body.lines().filter(|l| l.starts_with("| ")) {
                let cell = l.split('|').nth(col).unwrap_or_default();
                assert!(!cell.contains(" buys "), "{name}: {title}: {cell}");
            }
        }
    }
}

/// `render -q` prints only the plan's errors: a plan with warnings renders
/// with nothing on stderr (on main the whole check report went there).
#[test]
fn quiet_render_leaves_warnings_to_check() {
    let plan = outside_plan("hotel-group");
    let check = mvplan(&["check", plan.to_str().unwrap()]);
    assert!(stdout(&check).contains("warning"), "the plan has warnings");
    let o = mvplan(&["render", plan.to_str().unwrap(), "-q", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    // Without -q the report is there, as before.
    let o = mvplan(&["render", plan.to_str().unwrap(), "-o", "-"]);
    assert!(stderr(&o).contains("warning"), "{}", stderr(&o));
}
