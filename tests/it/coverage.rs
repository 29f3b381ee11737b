//! #31 class 2 item 1: coverage on one basis everywhere. Every slide that
//! states how far a forecast takes an objective states the share of the
//! change from today to the target it delivers — (level − today) ÷
//! (target − today) — never the level's share of the target, and a
//! forecast that falls is said to move away, never a positive percentage.
//!
//! The expected figures come from `coverage.py` (the plan files read with
//! tomllib alone), for every objective of the five outside plans that no
//! response curve covers. By hand, industrial SQOs: 265 + 170 + 310 + 95 +
//! 120 = 960 forecast, 910 today, 1,140 target → +50 of +230 = 21.7% → 22%
//! (the level basis would read 960 ÷ 1,140 = 84%); nonprofit volunteers:
//! 210 + 160 = 370 forecast, 512 today, 640 target → −142 against +128:
//! moves away (the level basis would read 58%).

use crate::common::*;

/// The deck's slides without speaker notes (the board reads the slides).
fn slides_of(md: &str) -> Vec<String> {
    md.replace('\\', "")
        .split("\n---\n")
        .map(|s| {
            s.lines()
                .filter(|l| !l.trim_start().starts_with("<!--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

#[test]
fn every_slide_states_the_share_of_the_gap_closed() {
    let fig = python_figures("coverage.py");
    let mut checked = 0;
    for &name in OUTSIDE {
        let o = mvplan(&["render", outside_plan(name).to_str().unwrap(), "-o", "-"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let slides = slides_of(&stdout(&o));
        let summary = slides
            .iter()
            .find(|s| s.contains("- **What it returns:**"))
            .unwrap_or_else(|| panic!("{name}: no summary"));
        let returns = summary
            .lines()
            .find(|l| l.starts_with("- **What it returns:**"))
            .unwrap_or_else(|| panic!("{name}: {summary}"));
        let forecast = slides
            .iter()
            .find(|s| s.contains("| Change vs needed | Gap closed |"))
            .unwrap_or_else(|| panic!("{name}: no forecast slide"));
        let health = slides
            .iter()
            .find(|s| s.contains("# Appendix: plan health"))
            .unwrap_or_else(|| panic!("{name}: no health slide"));
        let mut ids: Vec<&str> = fig
            .keys()
            .filter_map(|k| k.strip_prefix(&format!("{name}."))?.strip_suffix(".gap"))
            .collect();
        ids.sort();
        for id in ids {
            let get = |f: &str| fig[&format!("{name}.{id}.{f}")].clone();
            let (gap, level, metric) = (get("gap"), get("level"), get("metric"));
            let statement = get("statement");
            let (cell, words) = if gap == "moves away" {
                (
                    "moves away".to_string(),
                    "it moves away from the target".to_string(),
                )
            } else {
                (format!("{gap}%"), format!("{gap}% of the gap closed"))
            };
            // The forecast slide: the objective's row, "Gap closed" column.
            let row = forecast
                .lines()
                .find(|l| l.starts_with(&format!("| {statement} |")))
                .unwrap_or_else(|| panic!("{name}/{id}: no row in {forecast}"));
            let cells: Vec<&str> = row.split(" | ").collect();
            assert!(cells[4].starts_with(&cell), "{name}/{id}: {row}");
            // The summary: the objective's part of "What it returns".
            // It names the first three objectives and says how many more
            // the objectives slide holds.
            let part = returns
                .split("; ")
                // "1,020 new regular (monthly) donors vs …": the metric may
                // follow its figure, lower-cased (`format::of_metric`).
                .find(|p| {
                    p.contains(&format!("{metric} "))
                        || p.to_lowercase()
                            .contains(&format!("{} ", metric.to_lowercase()))
                });
            match part {
                Some(part) => {
                    assert!(part.contains(&words), "{name}/{id}: {part}");
                    if level != gap {
                        assert!(!part.contains(&format!("({level}%")), "{name}/{id}: {part}");
                    }
                }
                None => assert!(
                    returns.contains(" on the objectives slide"),
                    "{name}/{id}: {returns}"
                ),
            }
            // The health slide's shortfall finding, when it is short.
            if let Some(finding) = health
                .lines()
                .find(|l| l.contains(&format!("forecasts for {metric} reach")))
            {
                assert!(finding.contains(&words), "{name}/{id}: {finding}");
            }
            // The verdict names the weakest objective on the same basis.
            for line in [summary, health] {
                if let Some(v) = line
                    .lines()
                    .find(|l| l.contains(&format!("the {} target", metric.to_lowercase())))
                {
                    let same = if gap == "moves away" {
                        v.contains("forecast moves away from the")
                    } else {
                        v.contains(&format!("forecast closes {gap}% of the gap"))
                    };
                    assert!(same, "{name}/{id}: {v}");
                }
            }
            checked += 1;
        }
    }
    // Every plan has objectives without curves; the script found them all.
    assert!(checked >= 15, "{checked}");
}

/// The SQO line everywhere, and the level basis nowhere: industrial's SQOs
/// read 22% (+50 SQOs of +230 SQOs) on the summary, the forecast slide, the
/// health verdict and its finding — the 84% of 960 ÷ 1,140 on none.
#[test]
fn the_industrial_sqos_read_one_figure_on_every_slide() {
    let o = mvplan(&[
        "render",
        outside_plan("industrial-b2b").to_str().unwrap(),
        "-o",
        "-",
    ]);
    let slides = slides_of(&stdout(&o));
    let deck = slides.join("\n---\n");
    assert!(
        deck.contains("| 910 SQOs → 1,140 SQOs | 960 SQOs | +50 SQOs of +230 SQOs | 22% ⚠ |"),
        "{deck}"
    );
    assert_eq!(
        deck.matches("+50 SQOs of +230 SQOs needed: 22% of the gap closed")
            .count(),
        1,
        "health finding: {deck}"
    );
    // The summary states the share alone (its changes are on the
    // objectives slide, one row above in a board's reading).
    assert!(
        deck.contains("960 SQOs vs the 1,140 target (22% of the gap closed)"),
        "{deck}"
    );
    assert!(deck.contains(
        "forecast closes 22% of the gap to the sales-qualified opportunities (stage 2+) target"
    ));
    assert!(!deck.contains("84%"), "{deck}");
}

/// The portfolio review states the same share as the plan's own deck.
#[test]
fn the_portfolio_review_states_the_same_share() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        outside_plan("nonprofit-or-public"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    let o = run_in(dir.path(), &["review", ".", "-o", "-"]);
    let review = stdout(&o).replace('\\', "");
    // Donors: 520 + 310 + 190 = 1,020 against 980 today and 1,350: +40 of
    // +370 = 10.8% → 11%, each column a change with its level; volunteers fall (370 against 512 today).
    assert!(
        review.contains(
            "| Recruit 1,350 new monthly donors | +370 to 1,350 donors | +40 to 1,020 donors | 11% |"
        ),
        "{review}"
    );
    assert!(
        review.contains("forecast moves away from the volunteer applications target"),
        "{review}"
    );
}

/// #31 class 2 item 2: every scenario table compares against the plan on
/// one line. dtc and nonprofit have no scenario at the plan's budget: the
/// table gets a Plan row with the forecast slide's levels and the value
/// slide's value, what the plan adds over today (dtc: none of its values
/// has a basis, so no value column and a fourth outcome; nonprofit: campaign
/// income €397k − €344k = €53k of revenue, the donors' €162 having no
/// basis; saas: enterprise pipeline +$5.5M × 24% = $1.32M of revenue, and
/// the upgrades' +1,400 × $1,150 = $1.61M of first-year ARR, the basis its
/// author's comment gives, in a column of its own). saas types a Plan scenario with
/// two outcomes: its other cells are the plan's own figures (84,000
/// workspaces = 19,000 + 9,500 + 25,500 + 18,500 + 7,500 + 4,000; 7,500
/// upgrades = 1,300 + 500 + 1,650 + 900 + 250 + 2,900), never "—". What no
/// figure fills is said once in words under the table.
#[test]
fn every_scenario_table_has_a_filled_plan_row() {
    let cases = [
        (
            "dtc-skincare",
            // No value column: every value the plan gives lacks its basis.
            "| **Plan** | £3.28M (100%) | 106,000 customers | £9.22M | £3.55M | 13.2% |",
        ),
        (
            "nonprofit-or-public",
            "| **Plan** | €187k (100%) | 1,020 donors | €397k | 24% | €53k | 0.28× |",
        ),
        (
            "saas-plg",
            "| **Plan** | $12.3M (100%) | ≈ 240,000 sign-ups | 84,000 workspaces | 7,500 upgrades | $1.61M (0.13×) | $1.32M (0.11×) |",
        ),
    ];
    for (name, plan_row) in cases {
        let o = mvplan(&["render", outside_plan(name).to_str().unwrap(), "-o", "-"]);
        let deck = stdout(&o).replace('\\', "");
        let table = deck
            .split("\n---\n")
            .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
            .unwrap_or_else(|| panic!("{name}: no scenarios slide"));
        assert!(table.contains(plan_row), "{name}: {table}");
        assert_eq!(table.matches("| **Plan** |").count(), 1, "{table}");
    }
    let o = mvplan(&[
        "render",
        outside_plan("dtc-skincare").to_str().unwrap(),
        "-o",
        "-",
    ]);
    // Boots types no DTC revenue and its money goes to the retail
    // channel, which does not serve it: the plan's forecast, unchanged,
    // is a figure, not a gap (`figures::scenario_aim`).
    assert!(
        // Founders' downside cuts the channels its words name: their typed
        // forecasts of prompted awareness move pro rata, a figure, not a
        // gap (`figures::scenario_words`).
        stdout(&o).contains("| **Founders' downside (-15%)** | £2.79M (85%) | ≈ 93,600 customers | £8.85M | £3.3M | ≈ 12.6% |"),
        "{}",
        stdout(&o)
    );
}

/// #31 class 2 item 4: "already the best split" only where the optimiser
/// moves nothing. Where it moves money for less than the gain the deck
/// claims, the sentence gives the figures, and the allocation table never
/// shows "+0.0%" for a gain (industrial: $19k moved, +$22k, 0.05%).
#[test]
fn near_best_mixes_are_said_with_their_figures() {
    for name in ["industrial-b2b", "dtc-skincare", "hotel-group"] {
        let o = mvplan(&["render", outside_plan(name).to_str().unwrap(), "-o", "-"]);
        let deck = stdout(&o).replace('\\', "");
        assert!(!deck.contains("already the best split"), "{name}");
        assert!(!deck.contains("(+0.0%)"), "{name}");
        assert!(
            deck.contains("within ")
                && deck.contains("% of the best split of the ")
                && deck.contains("channels with curves (")
                && deck.contains("% of channel money): moving "),
            "{name}"
        );
    }
    let o = mvplan(&[
        "render",
        outside_plan("industrial-b2b").to_str().unwrap(),
        "-o",
        "-",
    ]);
    let deck = stdout(&o).replace('\\', "");
    // Two significant figures of the level the reader sets it against:
    // $22k of $46M is 0.048% (`shown::gain_of_level`).
    assert!(
        deck.contains("# Marketing-sourced pipeline: within 0.048% of the best split of the $828k on the 3 channels with curves (35% of channel money): moving $19k adds $22k"),
        "{deck}"
    );
    // One percentage on the slide: the title's, in the table's total too
    // (it read "0.048%" in the title and "+0.05%" in the table).
    assert!(deck.contains("(+0.048%) |"), "{deck}");
    assert!(!deck.contains("(+0.05%)"), "{deck}");
}

/// #31 class 3 item 5: the value slide says how much of a money goal the
/// valued objectives reach, on one basis (the revenue each bridge counts
/// inside the plan's period), and what stays unexplained. saas: enterprise
/// pipeline $16M × 24% win rate = $3.84M, of which (365 − 120) ÷ 365 of a
/// year closes in FY2028 = $2.58M ≈ $2.6M; of the +$20M ARR goal that is
/// 12.9% → 13%, and $17.4M is unexplained. Since the upgrades' $1,150 is
/// first-year ARR (its author's comment), their +1,400 × $1,150 = $1.61M
/// is net-new ARR. Pipeline won is revenue, not ARR (#31, session 15: a
/// reader found "$2.5M" adding the two kinds of money): the goal counts the
/// $1.61M of $20M (8%), $18.4M unexplained, and names the revenue apart.
#[test]
fn the_value_slide_closes_the_money_goal_or_says_what_is_missing() {
    let o = mvplan(&[
        "render",
        outside_plan("saas-plg").to_str().unwrap(),
        "-o",
        "-",
    ]);
    let deck = stdout(&o).replace('\\', "");
    assert!(
        deck.contains("(+$20M needed): the bridges add $1.61M over today (8%) — paid upgrades adds $1.61M; $18.4M is not explained by a valued objective; apart, in other money: enterprise pipeline adds $1.32M of revenue — not ARR, so not counted in it."),
        "{deck}"
    );
}
