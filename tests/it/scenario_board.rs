//! #31 criteria 1, 2, 5 and 9 on the scenarios, over the plans written
//! outside the project: a same-money move nothing models is not shown as
//! computed; the summary's alternative and the risk slide's trade-off are
//! choices, never events; the per-€1 appendix slide appears only with
//! something to show; capacity per scenario names a skill that is short,
//! loads money from its release date and the channels a scenario changes;
//! a cut typed to buy more is said to be not credible; and a contingent
//! ask buys what the curves give for its money.

use crate::common::table_row as row;
use crate::common::*;

fn pitch_of(plan: &std::path::Path) -> String {
    let o = mvplan(&["render", plan.to_str().unwrap(), "-o", "-", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).replace('\\', "")
}

fn pitch(name: &str) -> String {
    pitch_of(&outside_plan(name))
}

/// The slide whose title starts with `title` (after "Appendix: ").
fn slide<'a>(md: &'a str, title: &str) -> Option<&'a str> {
    md.split("\n---\n").find(|s| {
        s.lines().any(|l| {
            l.strip_prefix("# ")
                .map(|t| t.trim_start_matches("Appendix: "))
                .is_some_and(|t| t.starts_with(title))
        })
    })
}

fn scenarios_slide(md: &str) -> &str {
    md.split("\n---\n")
        .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
        .unwrap_or_else(|| panic!("no scenarios slide:\n{md}"))
}

/// The line of a slide starting with `- **{label}:**`.
fn line<'a>(md: &'a str, label: &str) -> &'a str {
    let key = format!("- **{label}:**");
    md.lines()
        .find(|l| l.starts_with(&key))
        .unwrap_or_else(|| panic!("no {key} in:\n{md}"))
}

#[test]
fn a_same_money_move_without_changes_is_not_modelled() {
    // Copies of two outside plans whose move states no amount (the plans
    // as written state one and are computed, `scenario_words`; the
    // fixtures are not edited): nothing says how much moves.
    for (plan, name, from, to) in [
        (
            "power-tools",
            "Vans instead of press",
            "move €250k from trade press",
            "move money from trade press",
        ),
        (
            "fintech-app",
            "Shift from paid social to referral",
            "name = \"Shift £400k from paid social to referral\"",
            "name = \"Shift from paid social to referral\"",
        ),
    ] {
        let text = std::fs::read_to_string(outside_plan(plan)).unwrap();
        assert!(text.contains(from), "{plan}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let help = "changes = {";
        let md = pitch_of(&path);
        let s = scenarios_slide(&md);
        // No row of dashes (a row with no figure read as a broken table):
        // one line under the table says why its outcomes are not sized.
        assert!(
            !s.lines().any(|l| l.starts_with(&format!("| **{name}**"))),
            "{plan}: {s}"
        );
        let under = line(s, name);
        assert!(
            under.contains("its outcomes are not sized"),
            "{plan}: {under}"
        );
        // The plan's own figures are on the plan's row, once.
        row(s, "Plan");
        let found = check_findings(path.to_str().unwrap());
        let f = found
            .iter()
            .find(|f| f.0 == "scenario-unmodelled")
            .unwrap_or_else(|| panic!("{plan}: no scenario-unmodelled in {found:?}"));
        assert!(f.1 > 0, "{plan}: no line: {f:?}");
        assert!(f.3.contains(help), "{plan}: {}", f.3);
        // Nothing else judges a figure the deck does not show.
        assert!(
            !found
                .iter()
                .any(|g| g.0 == "figures-disagree" && g.2.contains(name)),
            "{plan}: {found:?}"
        );
    }
    // A scenario that is the plan ("Plan", "As submitted") is not a move.
    for plan in ["hotel-group", "saas-plg", "industrial-b2b"] {
        let found = check_findings(outside_plan(plan).to_str().unwrap());
        assert!(
            !found.iter().any(|f| f.0 == "scenario-unmodelled"),
            "{plan}: {found:?}"
        );
    }
}

#[test]
fn the_alternative_and_the_trade_off_are_choices_not_events() {
    for (plan, event) in [
        ("hotel-group", "Porto opens 15 November"),
        ("nonprofit-or-public", "Corporate partner match"),
    ] {
        let md = pitch(plan);
        // An event is named only as what it is: weighed, not a choice.
        let alt = line(&md, "Alternatives considered");
        assert!(!alt.contains(event), "{plan}: {alt}");
        if let Some(trade) = md.lines().find(|l| l.starts_with("- **Trade-off:**")) {
            assert!(!trade.contains(event), "{plan}: {trade}");
        }
    }
    // The nonprofit plan puts no choice to the board: its summary names the
    // case it weighed (a partner match, an event), labelled so, with its
    // budget and outcome (its typed donors are not credible, 31x, so the
    // outcome it leads with is income), instead of "no alternative" beside a scenarios
    // slide that shows it.
    let md = pitch("nonprofit-or-public");
    let l = line(&md, "Alternatives considered");
    // An event is the risk slide's upside case, not an alternative (31H);
    // nor is an ask's own no (a reader read it as no alternative at all):
    // the smaller budget the plan spells out, as a level the board could
    // fund, with what it drops in the plan's words.
    assert!(
        !l.contains("Corporate partner match")
            && !l.contains(", or without it ")
            && l.contains(
                "fund €152k instead, as the plan's “HSE grant not renewed” case spends it: "
            )
            && l.contains("halve schools outreach"),
        "{l}"
    );
    assert!(
        md.contains("- **Upside case:** Corporate partner match (€213k"),
        "{md}"
    );
    assert!(!md.contains("puts no alternative use of the money"), "{l}");
}

#[test]
fn the_per_unit_appendix_slide_has_something_to_show() {
    for plan in OUTSIDE {
        let md = pitch(plan);
        // What the slide shows, not its speaker notes (where each extra
        // unit's return goes when the table has no room for it).
        let pointer = md.contains("What each extra") && md.contains("buys") && {
            let s = scenarios_slide(&md);
            s.split("<!--")
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split_once("-->").map_or("", |(_, r)| r)
                    }
                })
                .any(|visible| visible.contains("What each extra"))
        };
        let detail = md.split("\n---\n").find(|s| s.contains("| Each extra"));
        match detail {
            Some(d) => {
                // The column has at least one figure, and the title says it.
                let col = d
                    .lines()
                    .find(|l| l.starts_with("| Scenario"))
                    .map(|h| h.trim_matches('|').split('|').count() - 1)
                    .unwrap();
                let figures = d
                    .lines()
                    .filter(|l| l.starts_with("| **"))
                    .filter_map(|l| l.trim_matches('|').split('|').nth(col))
                    .filter(|c| c.trim() != "—")
                    .count();
                assert!(figures > 0, "{plan}: an empty per-unit column:\n{d}");
                assert!(d.contains("what each extra"), "{plan}:\n{d}");
            }
            None => {
                assert!(!pointer, "{plan}: the scenarios slide points to nothing");
                assert!(
                    !md.lines()
                        .any(|l| l.starts_with("# ") && l.contains("what each extra")),
                    "{plan}"
                );
            }
        }
    }
    // The industrial deck had a slide of dashes. Its pipeline is now
    // revenue at the one win rate its words state, so each extra $1 of
    // Hold and Stretch has a return, in the scenarios slide's notes, and
    // still no appendix slide of dashes.
    let plan = "industrial-b2b";
    let md = pitch(plan);
    assert!(
        slide(&md, "Scenarios: the other outcomes and what each").is_none(),
        "{plan}"
    );
    let s = scenarios_slide(&md);
    // Revenue is its one basis (the aftermarket value has none), so each
    // multiple is revenue's without naming it.
    assert!(
        s.contains("What each extra $1 buys against the plan")
            && s.contains("Hold at FY26 spend: 4.6×")
            && s.contains("Stretch (+$360k for second ABM tier): 3.4×"),
        "{plan}: {s}"
    );
}

/// The "At other budget levels" line of the resources slide.
fn levels(md: &str) -> &str {
    md.lines()
        .find(|l| l.starts_with("**At other budget levels:**"))
        .unwrap_or_else(|| panic!("no capacity per scenario"))
}

#[test]
fn capacity_per_scenario_names_a_skill_over_capacity() {
    for plan in OUTSIDE {
        let md = pitch(plan);
        let Some(l) = md
            .lines()
            .find(|l| l.starts_with("**At other budget levels:**"))
        else {
            continue;
        };
        // "short in Q1 2027 (CRM needs 3.9 FTE-months, the team has 3)":
        // in the people slide's own figures, not a percentage read beside
        // its "3.9 of 3" as another quantity (#31 C10, dtc "129%").
        for part in l.split("short in ").skip(1) {
            let figure = |after: &str| {
                part.split(after)
                    .nth(1)
                    .and_then(|p| p.split([' ', ')']).next())
                    .and_then(|p| p.replace(',', "").parse::<f64>().ok())
                    .unwrap_or_else(|| panic!("{plan}: {part}"))
            };
            let (needs, has) = (figure(" needs "), figure("the team has "));
            assert!(needs > has, "{plan}: short at {needs} of {has}: {l}");
        }
    }
}

#[test]
fn money_released_at_a_date_loads_only_the_months_after() {
    // The stretch is released only if enterprise pipeline passes $9M by
    // 31 October (a trigger on the scenario): no load in Q1.
    let md = pitch("saas-plg");
    let l = levels(&md);
    let stretch = l
        .split("; ")
        .find(|p| p.starts_with("Stretch"))
        .unwrap_or_else(|| panic!("{l}"));
    assert!(!stretch.contains("short in Q1"), "{stretch}");
}

#[test]
fn a_scenario_with_changes_loads_the_channels_it_changes() {
    // The fintech increase adds money to paid social and app-store ads
    // only: as `changes`, it does not load the CRM team the lifecycle
    // channel needs (scaling the whole plan did: "CRM team at 101%").
    let text = std::fs::read_to_string(outside_plan("fintech-app")).unwrap();
    let at = text.find("id = \"increase\"").unwrap();
    let (head, tail) = text.split_at(at);
    let tail = tail.replacen(
        "budget = 11_000_000",
        "changes = { paid-social = 900_000, app-store-ads = 600_000 }",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, format!("{head}{tail}")).unwrap();
    let md = pitch_of(&plan);
    let l = levels(&md);
    let increase = l
        .split("; ")
        .find(|p| p.contains("Budget increase"))
        .unwrap_or_else(|| panic!("{l}"));
    assert!(!increase.contains("CRM"), "{increase}");
}

#[test]
fn a_cut_typed_to_buy_more_is_not_credible() {
    for (plan, name) in [
        ("industrial-b2b", "Hold at FY26 spend"),
        ("nonprofit-or-public", "HSE grant not renewed"),
    ] {
        let md = pitch(plan);
        let s = scenarios_slide(&md);
        let cells = row(s, name);
        // An estimate at the plan's own cost, marked, not the typed figure
        // beside "not credible" (#31 C2).
        assert!(
            cells
                .iter()
                .any(|c| c.starts_with("≈ ") && c.ends_with('‡')),
            "{plan}: {cells:?}"
        );
        assert!(s.contains("more for less money"), "{plan}:\n{s}");
        let found = check_findings(outside_plan(plan).to_str().unwrap());
        let f = found
            .iter()
            .find(|f| f.0 == "scenario-cut-buys-more")
            .unwrap_or_else(|| panic!("{plan}: {found:?}"));
        assert!(f.2.contains("not credible"), "{plan}: {}", f.2);
    }
}

#[test]
fn a_contingent_ask_buys_what_the_curves_give() {
    let md = pitch("fintech-app");
    // # | Ask | Cost | What it buys | …
    let line = md
        .lines()
        .find(|l| l.starts_with('|') && l.contains("Release £600k more"))
        .unwrap_or_else(|| panic!("no ask row"));
    let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
    let buys = cells[3];
    // The plan's own 3,300 (5.5 per £1k) is more than the curves' marginal
    // return allows: not stated beside the computed figure.
    assert!(!buys.contains("3,300"), "{buys}");
    assert!(buys.contains("response curves"), "{buys}");
    assert!(buys.contains("pro rata"), "{buys}");
    let n: f64 = buys
        .split_whitespace()
        .find_map(|w| w.trim_start_matches('+').replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("{buys}"));
    // Concave curves: £600k buys at most 600 × the marginal 3.86 per £1k,
    // and a part of the year after its release buys less again.
    assert!(n > 0.0 && n < 600.0 * 3.86, "{buys}");
}
