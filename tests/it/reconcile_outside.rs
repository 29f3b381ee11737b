//! #31 classes 2 and 3 on the decks of the plans written outside the
//! project (tests/fixtures/outside/): one figure per scenario outcome, a
//! cut that buys more found and never stated as fact, the contingent ask
//! buying its scenario's change, shares that round one way and add to 100,
//! per-channel results that read the same on every slide, and a value
//! bridge that counts money once and above today's level.
//!
//! Every expected figure comes from `reconcile_outside.py`, which reads the
//! plan files with tomllib alone; each test's comment gives the arithmetic.

use crate::common::table_row as row;
use crate::common::*;

use std::collections::HashMap;
use std::path::PathBuf;

fn plan(name: &str) -> PathBuf {
    outside_plan(name)
}

fn expected() -> HashMap<String, String> {
    python_figures("reconcile_outside.py")
}

fn pitch(name: &str) -> String {
    let o = mvplan(&["render", plan(name).to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The Markdown escapes `$`; a reader sees it plain.
    stdout(&o).replace('\\', "")
}

/// The slide whose title starts with `head`.
fn slide<'a>(md: &'a str, head: &str) -> &'a str {
    md.split("\n---\n")
        .find(|s| s.lines().any(|l| l.starts_with(&format!("# {head}"))))
        .unwrap_or_else(|| panic!("no slide titled {head}…:\n{md}"))
}

/// A scenario below the plan's budget whose typed outcome beats the plan's
/// own forecast is a warning at the outcome's line, and the deck neither
/// states it as fact nor leaves the plan outside its own range.
///
/// Industrial: `hold` ($3,352,000 < $3,741,500) types 1,015 SQOs; the
/// channels forecast 265 + 170 + 310 + 95 + 120 = 960. Nonprofit:
/// `no-grant` (€152,000 < €187,450) types 1,120 donors against
/// 520 + 310 + 190 = 1,020 (Ad Grants has no budget).
#[test]
fn a_cut_that_buys_more_is_found_and_not_stated_as_fact() {
    let e = expected();
    for (name, scenario, objective, typed, forecast, line) in [
        (
            "industrial-b2b",
            "hold",
            "sqos",
            &e["ind_hold_sqos"],
            &e["ind_plan_sqos"],
            &e["ind_hold_line"],
        ),
        (
            "nonprofit-or-public",
            "no-grant",
            "regular-givers",
            &e["npo_nogrant_donors"],
            &e["npo_plan_donors"],
            &e["npo_nogrant_line"],
        ),
    ] {
        let o = mvplan(&["check", plan(name).to_str().unwrap()]);
        // `check` reports on stdout (stderr for the summary line).
        let err = format!("{}{}", stdout(&o), stderr(&o));
        let finding = err
            .split("\n\n")
            .find(|b| b.contains("scenario-cut-buys-more") && b.contains(&format!("`{scenario}`")))
            .unwrap_or_else(|| panic!("{name}: no cut-buys-more finding:\n{err}"));
        assert!(
            finding.contains(&format!("expects {} ", group(typed)))
                // By id, or by its metric where that names the unit
                // ("expects 1,120 new regular (monthly) donors").
                && (finding.contains(&format!("`{objective}`"))
                    || finding.contains(&format!("expects {} new regular", group(typed))))
                && finding.contains(&format!("forecast of {}", group(forecast))),
            "{name}: {finding}"
        );
        assert!(
            finding.contains(&format!("plan.toml:{line}:")),
            "{name}: not at line {line}: {finding}"
        );
    }

    // The nonprofit deck: the title states no doubted figure (both of its
    // donor scenarios are doubted — the cut's and the corporate match's,
    // `scenario-increase-buys-too-much` — so it ranges over campaign
    // income instead), the doubted figure's cell states an estimate at the
    // plan's own cost (‡), never the typed figure, and its value is not
    // computed from it.
    let md = pitch("nonprofit-or-public");
    let s = md
        .split("\n---\n")
        .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
        .unwrap();
    let title = s.lines().find(|l| l.starts_with("# ")).unwrap();
    assert!(title.contains(" ranges from "), "{title}");
    assert!(!title.contains(&group(&e["npo_nogrant_donors"])), "{title}");
    assert!(!title.contains(" donors"), "{title}");
    // The row states the estimate (no curve gives one); the typed figure
    // itself is in the notes, with the rule that doubts it.
    let cells = row(s, "HSE grant not renewed");
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("≈ ") && c.ends_with(" donors‡")),
        "{cells:?}"
    );
    let donors = format!("{} donors", group(&e["npo_nogrant_donors"]));
    assert!(!cells.iter().any(|c| c.contains(&donors)), "{cells:?}");
    let notes = s
        .lines()
        .find(|l| l.starts_with("<!-- Typed figures"))
        .unwrap_or("");
    assert!(
        notes.contains(&donors) && notes.contains("scenario-cut-buys-more"),
        "{s}"
    );
    // Value columns: no value built on a doubted figure. Revenue is
    // campaign income's, on its typed outcome: €372k − €344k today = €28k,
    // ÷ €152k = 0.18×; the donors' €162 has no basis and gets no column.
    // Scenario | Budget (vs plan) | 3 outcomes | Value (revenue) | Return.
    assert_eq!(cells[5], "€28k", "{cells:?}");
    assert_eq!(cells[6], "0.18×", "{cells:?}");
    assert_eq!(cells.len(), 7, "{cells:?}");
    assert!(s.contains("more for less money"), "{s}");
}

/// The budget ask's "if declined" and the summary's quote the scenario's
/// one figure (the scenarios slide's), not the plan's prose figure beside
/// it: the industrial plan writes "Hold scenario: pipeline ~$43M", while
/// the curves give the Hold budget less.
#[test]
fn if_declined_quotes_the_scenarios_slide_figure() {
    let e = expected();
    let md = pitch("industrial-b2b");
    let scenarios = slide(&md, "Marketing-sourced pipeline ranges");
    let hold = row(scenarios, "Hold at FY26 spend");
    // Scenario | Budget (vs plan) | the lead outcome.
    let figure = hold[2].trim_start_matches("≈ ").to_string();
    assert!(figure.starts_with('$'), "{hold:?}");
    let prose = e["ind_if_declined"].clone();
    let prose_figure = prose.split('~').nth(1).unwrap().split(',').next().unwrap();
    assert_ne!(figure, prose_figure);
    let summary = md.split("\n---\n").nth(2).unwrap();
    let declined = summary
        .lines()
        .find(|l| l.contains("If declined or late"))
        .unwrap();
    assert!(declined.contains(&figure), "{declined} / {figure}");
    assert!(!declined.contains(prose_figure), "{declined}");
    // The asks slide: the one with the asks table (its title is what to
    // approve, "Approve $3.7M by …").
    let asks = md
        .split("\n---\n")
        .find(|s| s.contains("| # | Ask | Cost |"))
        .expect("an asks slide");
    let ask = row(asks, "1");
    assert!(ask[4].contains(&figure), "{ask:?}");
    assert!(!ask[4].contains(prose_figure), "{ask:?}");
}

/// An ask for a scenario's extra money buys that scenario's change: the
/// Boots decision (£420k, the roll-out's £3,698,000 − £3,278,180 =
/// £419,820) buys retail £5.1M − £3.55M = +£1.55M, as the scenarios slide
/// shows, not the plan's "~£1.2M".
#[test]
fn the_contingent_ask_buys_its_scenarios_change() {
    let e = expected();
    let md = pitch("dtc-skincare");
    let asks = md
        .split("\n---\n")
        .find(|s| s.contains("| # | Ask |"))
        .unwrap();
    let boots = row(asks, "3");
    assert!(boots[1].contains("Boots"), "{boots:?}");
    let change = format!("+{}", e["dtc_boots_retail_change"]);
    assert!(boots[3].contains(&change), "{boots:?}");
    assert!(!boots[3].contains("1.2M"), "{boots:?}");
    assert_eq!(e["dtc_boots_extra"], "419820");
}

/// The budget slide rounds each share once: the title's upstream share is
/// the table's, and each set of shares adds to 100 within the rounding of
/// its rows (each share to the nearest whole percent, never forced).
#[test]
fn budget_shares_round_one_way_and_add_to_100() {
    for name in ["industrial-b2b", "dtc-skincare", "nonprofit-or-public"] {
        let md = pitch(name);
        let s = md
            .split("\n---\n")
            .find(|s| s.contains("| Other budget lines |"))
            .unwrap();
        let title = s.lines().find(|l| l.starts_with("# ")).unwrap();
        let pc = |cells: Vec<&str>| -> i64 {
            cells[2]
                .trim_matches('*')
                .trim_end_matches('%')
                .parse()
                .unwrap_or_else(|_| panic!("{cells:?}"))
        };
        let parts: i64 = ["Channels", "Other budget lines", "Team", "Agencies"]
            .iter()
            .map(|r| pc(row(s, r)))
            .sum();
        assert!((99..=101).contains(&parts), "{name}: {s}");
        let up = pc(row(s, "of which upstream"));
        let down = pc(row(s, "of which downstream"));
        assert!((99..=101).contains(&(up + down)), "{name}: {s}");
        assert!(
            title.ends_with(&format!("; {up}% funds upstream work")),
            "{name}: {title} vs {up}%"
        );
    }
}

/// One figure per channel and objective: the channel slide's contribution
/// of a channel with a curve is the allocation slide's result.
#[test]
fn a_channels_result_reads_the_same_on_every_slide() {
    let md = pitch("industrial-b2b");
    let alloc = slide(&md, "Marketing-sourced pipeline: within");
    let channels = md
        .split("\n---\n")
        .find(|s| s.contains("| Forecast result |"))
        .unwrap();
    let mut seen = 0;
    for l in alloc
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("**"))
    {
        let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() < 6 || cells[0] == "Channel" {
            continue;
        }
        let result = cells[4];
        let contribution = row(channels, cells[0])[4];
        // "Marketing-sourced opportunity value created (SFDC): $10.4M", in
        // the column of levels.
        let first = contribution
            .split("; ")
            .find(|c| {
                c.to_lowercase()
                    .contains("marketing-sourced opportunity value")
            })
            .unwrap();
        assert!(
            first.ends_with(&format!(": {result}")),
            "{}: {result} vs {first}",
            cells[0]
        );
        seen += 1;
    }
    assert!(seen >= 3, "{alloc}");
    let e = mvplan(&["check", plan("industrial-b2b").to_str().unwrap()]);
    let all = format!("{}{}", stdout(&e), stderr(&e));
    assert!(all.contains("warning["), "{all}");
    assert!(!all.contains("result for"), "{all}");
}

/// The value bridge counts money once and above today's level.
///
/// Nonprofit: campaign income €231k + €48k + €118k = €397k against €344k
/// today: €53k more, 18% of the €290k the goal needs (€2.6M − €2.31M).
/// DTC: new customers' value is inside DTC revenue; what the values add
/// over today, (£9.22M − £7.9M) × 0.38 + (£3.55M − £2.24M) × 0.22 = £790k,
/// is stated in the title, with no return: none of them has a basis.
/// Industrial: the value per unit names its unit.
#[test]
fn the_value_bridge_counts_money_once_and_above_today() {
    let e = expected();
    let md = pitch("nonprofit-or-public");
    let v = slide(&md, "The plan adds");
    assert!(
        v.contains(&format!(
            "Adds {} (over today's {}): the money itself",
            e["npo_income_more"], e["npo_income_today"]
        )),
        "{v}"
    );
    assert!(
        v.contains(&format!(
            "(+{} needed): the bridges add {} over today ({}%)",
            e["npo_income_needed"], e["npo_income_more"], e["npo_income_share"]
        )),
        "{v}"
    );
    // The donors' €162 has no basis: said not valued, no figure.
    assert!(
        v.contains("Not valued — the plan gives a value per donor"),
        "{v}"
    );

    // dtc: no value has a basis, so no total of them (£790k) is said.
    let md = pitch("dtc-skincare");
    let v = slide(&md, "No return is shown");
    assert!(!md.contains(&e["dtc_value_added"]), "{md}");
    assert!(
        v.contains("Not valued — the plan gives a value per customer"),
        "{v}"
    );

    // Industrial: the pipeline's $0.19 has no basis, but an assumption
    // states the one win rate the plan gives for it: the bridge applies it
    // (`value_note`), so no "$0.19 per unit" and no $1.29M stand anywhere.
    let md = pitch("industrial-b2b");
    let v = slide(&md, "The plan adds");
    assert!(!v.contains("$0.19"), "{v}");
    assert!(
        v.contains("× 27% win rate (as an assumption states — not set on the objective)"),
        "{v}"
    );
}

/// One basis for every figure of value (#31 class 3): what the plan's money
/// adds over today. A count valued per unit with a baseline is valued above
/// it, in words, on the bridge slide and in the summary; the scenarios
/// slide's plan value is the title's.
///
/// Nonprofit: 1,020 new regular donors (520 + 310 + 190) against 980 today
/// would add 40 × €162 = €6.48k (the old deck valued all 1,020: €165k),
/// but €162 has no basis: not valued, no amount on any slide. DTC: no value
/// has a basis, so the scenarios slide has no value column.
#[test]
fn every_figure_of_value_is_on_one_basis() {
    let e = expected();
    let md = pitch("nonprofit-or-public");
    let v = slide(&md, "The plan adds");
    // The donors' €162 has no basis: not valued, and its €6.48k nowhere.
    let adds = "Not valued — the plan gives a value per donor but not whether it is revenue, margin or lifetime value";
    assert!(!md.contains(&e["npo_givers_value"]), "{md}");
    assert!(
        v.contains(adds),
        "{adds}
{v}"
    );
    // The summary never states it.
    let summary = md.split("\n---\n").nth(2).unwrap();
    assert!(!summary.contains(&e["npo_givers_value"]), "{summary}");

    // DTC: no value has a basis; the scenarios slide shows no value.
    let md = pitch("dtc-skincare");
    let scenarios = slide(&md, "New DTC customers ranges");
    let plan_row = row(scenarios, "Plan");
    assert!(
        !plan_row.contains(&e["dtc_value_added"].as_str()),
        "{plan_row:?}"
    );
    assert!(!scenarios.contains("| Value"), "{scenarios}");
    assert!(!scenarios.contains("| Return"), "{scenarios}");
}

/// A channel serving several objectives is split evenly between them on
/// every bridge (the same split as `check`'s cost per result), so the costs
/// the bridges show add up to no more than the budget (#31 class 2).
///
/// Nonprofit: campaign income carries €32.4k of its shared channels and
/// the new donors €37.9k (the old deck charged every channel whole). Each
/// bridge's return on its share is a footnote that says what it divides,
/// with two bridges or more; the title's return on the whole budget is the
/// slide's one return (fintech read "0.46×" and "0.91×" for one £4.37M).
#[test]
fn the_bridges_costs_split_shared_channels_and_stay_within_the_budget() {
    // Nonprofit: the donors' €162 has no basis, so campaign income is its
    // one bridge with a return: the title's, no footnote.
    let md = pitch("nonprofit-or-public");
    let v = slide(&md, "The plan adds");
    assert!(!v.contains("*Returns:"), "{v}");
    // Hotel (three: its Porto room nights valued at the ADR its author's
    // comment names) and power-tools (two): bridges with a basis each, a
    // footnote of their returns, whose costs add to no more than the budget.
    for (name, bridges) in [("hotel-group", 3), ("power-tools", 2)] {
        let md = pitch(name);
        let v = slide(&md, "The plan adds");
        assert!(!v.contains("Return on "), "{name}: {v}");
        let note = v
            .lines()
            .find(|l| l.starts_with("*Returns: per objective, on its share of its channels' cost, not the whole budget: "))
            .unwrap_or_else(|| panic!("{name}: no returns footnote in {v}"));
        let costs: Vec<f64> = note
            .split(" ÷ ")
            .skip(1)
            .filter_map(|r| r.split(" = ").next())
            .map(money_value)
            .collect();
        assert_eq!(costs.len(), bridges, "{name}: {note}");
        let title = v.lines().find(|l| l.starts_with("# ")).unwrap();
        let budget = title
            .split(" the ")
            .last()
            .and_then(|r| r.strip_suffix(" budget"))
            .map(money_value)
            .unwrap_or_else(|| panic!("{name}: {title}"));
        assert!(costs.iter().sum::<f64>() <= budget, "{name}: {note}");
        // The split is said once, with the costs' total against the budget.
        assert!(
            v.contains("*Costs: shared channels split evenly, as the cost per result: "),
            "{v}"
        );
    }
    // One valued objective: no return but the title's.
    let md = pitch("fintech-app");
    let v = slide(&md, "The plan adds");
    // A return is a multiple ("0.46×"), not the sign of a product ("× £235").
    let returns = v
        .match_indices('×')
        .filter(|(i, _)| v[..*i].ends_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(returns, 1, "{v}");
}

/// "£822k", "€6.48k", "$1.2M" as a number (the deck's compact money).
fn money_value(s: &str) -> f64 {
    let body = s.trim_start_matches(|c: char| !c.is_ascii_digit());
    let (num, scale) = match body.chars().last() {
        Some('k') => (&body[..body.len() - 1], 1e3),
        Some('M') => (&body[..body.len() - 1], 1e6),
        _ => (body, 1.0),
    };
    num.replace(',', "").parse::<f64>().unwrap() * scale
}

/// "Each extra €1" is a return on extra money only for a budget decision:
/// the hotel's "Porto opens 15 November" is an opening that slips, its €180k
/// held back with it, and the old deck said each €1 of it returned 7.37×.
/// It shows no return per €1 but its change of value, in words so that the
/// column holds no signed change beside the multiples ("€650k less revenue
/// than the plan's †", never a bare "-€650k"); the
/// budget cut (−10%) keeps its return per extra €1.
#[test]
fn a_scenario_that_is_not_a_budget_decision_shows_its_change_of_value() {
    let md = pitch("hotel-group");
    // The main table keeps seven columns, so each extra €1 is in the
    // scenarios slide's notes (an appendix slide of the same rows and
    // budgets to add it repeated the scenarios slide).
    let s = md
        .split("\n---\n")
        .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
        .unwrap_or_else(|| panic!("no scenarios slide:\n{md}"));
    let notes = s
        .split("<!-- What each extra €1 buys against the plan")
        .nth(1)
        .and_then(|n| n.split("-->").next())
        .unwrap_or_else(|| panic!("no notes of each extra €1:\n{s}"));
    // "Porto opens 15 November: — (€1.33M less value than the plan's) †".
    let slip = notes
        .split("Porto opens 15 November:")
        .nth(1)
        .and_then(|r| r.split('†').next())
        .unwrap_or_else(|| panic!("{notes}"));
    // Revenue, the one basis (the Porto nights' €165 has none): its
    // change, in words.
    assert!(
        slip.starts_with(" — (€") && slip.ends_with(" less value than the plan's) "),
        "{slip}"
    );
    assert!(!slip.contains('×'), "{slip}");
    let cut = notes
        .split("Budget cut (−10%): ")
        .nth(1)
        .and_then(|r| r.split(" · ").next())
        .map(|c| c.trim_end_matches([' ', '.']))
        .unwrap_or_else(|| panic!("{notes}"));
    // One basis, one multiple: "4.2×".
    assert!(cut.ends_with('×') && !cut.contains(';'), "{cut}");
    assert!(
        !md.contains("# Appendix: Scenarios: the other outcomes and what each extra"),
        "{md}"
    );
}

/// Cost per result on the value bridge's basis (#31 criterion 10): the
/// objective's money ÷ what its forecast adds over today, computed from the
/// plan by `reconcile_outside.py`, in a column that says so; `mvplan check`
/// prints the same basis. Nonprofit: €37.9k ÷ +40 donors = €948 per extra
/// donor (the old deck divided by the whole 1,020: €37); campaign income
/// €53k ÷ €32.4k: "€1 buys €1.63 more" (the old: €12.24, of the level).
#[test]
fn cost_per_result_is_per_extra_result_over_today() {
    let e = expected();
    let md = pitch("nonprofit-or-public");
    let forecast = md
        .split("\n---\n")
        .find(|s| s.contains("| Gap closed |"))
        .unwrap();
    assert!(
        forecast.contains("| Cost per extra result, over today |"),
        "{forecast}"
    );
    // Counts in the cost column, money objectives in a column of their own
    // ("What each €1 buys, over today"), the last.
    assert!(
        forecast.contains("| What each €1 buys, over today |"),
        "{forecast}"
    );
    let givers = row(forecast, "Recruit 1,350 new monthly donors");
    assert!(
        givers.contains(&format!("{} per extra donor", e["npo_cost_per_extra_giver"]).as_str()),
        "{givers:?}"
    );
    let income = row(forecast, "Raise €410k");
    assert_eq!(
        income.last().copied(),
        // What each €1 buys names its result (criterion 10).
        Some(
            format!(
                "€{} of campaign income (appeals + Walk)",
                e["npo_income_per_euro"]
            )
            .as_str()
        ),
        "{income:?}"
    );
    // The channel slide's cost column is on the same basis, said in its
    // header; no "Cost per result" column is left without one.
    assert!(!md.contains("| Cost per result |"), "{md}");
    let o = mvplan(&["check", plan("nonprofit-or-public").to_str().unwrap()]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("cost per extra result"), "{all}");
    assert!(!all.contains(", cost per result "), "{all}");
}

/// The value slide of a deck: titled with the plan's value ("The plan adds",
/// "The forecasts are worth") or with the finding that no value has a basis.
fn value_slide(md: &str) -> Option<usize> {
    titled_slides(md).iter().position(|(t, _)| {
        t.starts_with("The plan adds")
            || t.starts_with("The forecasts are worth")
            || t.starts_with("No return is shown")
    })
}

/// A value per unit with no basis is shown on the value slide's bridge
/// only (#31 criterion 10: readers counted "stated value (no basis given)"
/// as a number without a basis on each of the summary, value, scenarios
/// and health slides it reached — dtc s2/s6/s10, nonprofit s2/s6/s10).
/// `reconcile_outside.py` finds these objectives in the plan files (a
/// `value_per_unit` with no `value_basis` and no win rate) and what each
/// would add over today; the bridge line says it is not valued (no amount:
/// readers scored "the plan's own figure = €990k" a number without a basis
/// even under a footnote), and that amount stands on no slide: no title,
/// summary, goal share or scenario return is built on it. Where no
/// value has a basis (dtc), the title and the summary say no return is
/// shown, once each. Industrial's pipeline is the exception: its words
/// state one win rate, which the bridge applies instead.
#[test]
fn a_value_with_no_basis_is_shown_on_its_bridge_only() {
    let e = expected();
    let mut seen = 0;
    for name in OUTSIDE {
        let md = pitch(name);
        assert!(!md.contains("stated value"), "{name}");
        let slides = titled_slides(&md);
        let unbased: Vec<(&str, &str)> = e
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("unbased.{name}.")))
            .filter_map(|(_, v)| v.split_once('|'))
            .collect();
        if unbased.is_empty() {
            continue;
        }
        let at = value_slide(&md).unwrap_or_else(|| panic!("{name}: no value slide"));
        let (title, body) = &slides[at];
        let mut counted = 0;
        for (metric, worth) in unbased {
            let from = body
                .find(&format!("**{metric}**"))
                .unwrap_or_else(|| panic!("{name}: no bridge for {metric} in\n{body}"));
            let block = &body[from..];
            let block = &block[..block.find("\n\n*").unwrap_or(block.len())];
            let block = &block[..block[2..].find("\n**").map_or(block.len(), |i| i + 2)];
            if block.contains("win rate (as an assumption states") {
                continue;
            }
            seen += 1;
            counted += 1;
            // Not valued: the bridge says so and carries no amount; what
            // it would add over today (the plan's arithmetic) stands on no
            // slide at all.
            assert!(
                block.contains("Not valued — the plan gives a value per "),
                "{name}: {metric}: {block}"
            );
            assert!(!block.contains("the plan's own figure"), "{name}: {block}");
            assert!(!title.contains(worth), "{name}: {title}");
            // Its amount on the value slide alone (speaker notes aside).
            for (i, (t, b)) in slides.iter().enumerate() {
                // A goal's named money part is compared in the goal's own
                // money ("€990k of the goal's €6M from Maris Porto"): that
                // coverage is the one use outside the bridge, and it names
                // what it is measured against.
                let shown = b.split("<!--").next().unwrap_or_default();
                let shown = shown.replace(&format!("{worth} of the goal's"), "");
                let _ = (i, at);
                assert!(
                    !shown.contains(worth),
                    "{name}: {worth} of {metric} on {t:?}"
                );
            }
        }
        let _ = counted;
    }
    // dtc 3, nonprofit 1, industrial 1 (its pipeline takes an assumption's
    // win rate); saas's and hotel's comments beside their values name a
    // basis (tests/it/value_basis.rs).
    assert!(seen >= 5, "{seen}");
    // dtc: none of its three values has a basis: no return anywhere, said
    // once on the value slide's title and once in the summary.
    let md = pitch("dtc-skincare");
    let slides = titled_slides(&md);
    let no_return = "no return is shown: the plan gives no basis (revenue, margin or lifetime value) for any of its 3 values per unit";
    assert_eq!(md.matches(no_return).count(), 1, "{md}");
    assert!(
        slides
            .iter()
            .any(|(t, _)| t == &format!("N{}", &no_return[1..])),
        "{md}"
    );
    let summary = &slides[1].1;
    assert!(
        summary.contains(&format!("**What it returns:** {no_return};")),
        "{summary}"
    );
    assert!(!summary.contains('×'), "{summary}");
}

/// Totals and returns are per basis (#31 criteria 3 and 10): the value
/// slide's title and the summary's return line state each amount "of" a
/// basis the plan gives — revenue (money earned or won) or one of its
/// `value_basis` texts, per `reconcile_outside.py` — each basis once, and
/// never "of value" (a sum of revenue and margin). The summary's return is
/// the title's, word for word: "0.46× the £9.5M budget" on both, never an
/// objective's "0.91× its share of its channels' cost" first.
#[test]
fn the_summary_quotes_the_value_slides_return_per_basis() {
    let e = expected();
    for name in OUTSIDE {
        let md = pitch(name);
        let slides = titled_slides(&md);
        let Some(at) = value_slide(&md) else { continue };
        let title = &slides[at].0;
        let bases: Vec<&str> = e[&format!("bases.{name}")].split('|').collect();
        assert!(!title.contains(" of value"), "{name}: {title}");
        let mut named = Vec::new();
        for (i, _) in title.match_indices(['£', '€', '$']) {
            let rest = &title[i..];
            let after = rest.trim_start_matches(|c: char| !c.is_whitespace());
            if let Some(of) = after.strip_prefix(" of ") {
                let basis = bases
                    .iter()
                    .find(|b| of.starts_with(**b))
                    .unwrap_or_else(|| panic!("{name}: `{of}` is no basis of {bases:?}"));
                assert!(!named.contains(basis), "{name}: {basis} twice in {title}");
                named.push(*basis);
            }
        }
        let summary = &slides[1].1;
        let returns = summary
            .lines()
            .find_map(|l| l.strip_prefix("- **What it returns:** "))
            .unwrap_or_else(|| panic!("{name}: no return line in {summary}"));
        if title.starts_with("No return is shown") {
            assert!(
                returns.starts_with("no return is shown"),
                "{name}: {returns}"
            );
            assert!(!returns.contains('×'), "{name}: {returns}");
        } else {
            let mut lower = title.clone();
            lower.replace_range(..1, &title[..1].to_lowercase());
            assert!(
                returns.starts_with(&format!("{lower};")),
                "{name}: summary `{returns}` against title `{title}`"
            );
        }
    }
}
