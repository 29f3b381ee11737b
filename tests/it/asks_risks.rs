//! #31 criteria 2, 7, 8, 9 on the asks and risks of the plans written
//! outside the project: an ask whose own words state its amount is costed
//! and counted; no cell reads as text cut off ("…"); people's time is a
//! cost a board can weigh; a contingent ask is measured against its own
//! trigger; a risk delivery depends on is judged so beside the plan's
//! rating; a risk that names a part of the period is sized for that part.

use crate::common::*;
use mvplan::check::Settings;
use mvplan::source::SourceFile;

fn deck(name: &str) -> String {
    outside_deck(name)
}

fn ask_slide(md: &str) -> String {
    slide_with(md, "| # | Ask | Cost |")
}

fn risk_slide(md: &str) -> String {
    slide_with(md, "| Risk | Likelihood | Impact |")
}

/// The cells of the table row that contains `needle` anywhere.
fn row_with(slide: &str, needle: &str) -> Vec<String> {
    let line = slide
        .lines()
        .find(|l| l.starts_with('|') && l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle} in:\n{slide}"));
    line.trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().to_string())
        .collect()
}

fn ask_of<'t>(plan: &'t toml::Table, id: &str) -> &'t toml::Table {
    plan["asks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_table())
        .find(|a| a["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no ask {id}"))
}

/// "€350k" → 350000, read by hand from an ask's words: the symbol, digits,
/// and a k or m after them.
fn euros_in(text: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('€') {
        let rest = &text[i + '€'.len_utf8()..];
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let Ok(v) = digits.parse::<f64>() else {
            continue;
        };
        let scale = match rest[digits.len()..].chars().next() {
            Some('k') => 1e3,
            Some('m' | 'M') => 1e6,
            _ => 1.0,
        };
        out.push((v * scale).round() as i64);
    }
    out
}

/// power-tools' `bauma-commit` has no `amount`, but its words state
/// "€1.9m in 2028, €350k deposit in this budget". The €350k falls in this
/// plan's budget: it is the ask's cost, in the budget, and the summary's
/// "of it for asks inside the budget" counts it beside the hire's team row
/// (was: "no figure given" and €70k, a reader's budget/ask disagreement).
/// The expected total is worked out from the TOML: the team cost of each
/// open ask's `role`, plus the amount the bauma words put in this budget.
#[test]
fn an_amount_the_ask_states_is_its_cost_and_is_counted() {
    let plan = plan_toml("power-tools");
    let team = plan["team"].as_array().unwrap();
    let mut inside: i64 = 0;
    for a in plan["asks"].as_array().unwrap() {
        let Some(role) = a.get("role").and_then(|r| r.as_str()) else {
            continue;
        };
        let row = team
            .iter()
            .find(|t| t["id"].as_str() == Some(role))
            .unwrap();
        inside += row["cost"].as_integer().unwrap();
    }
    let bauma = ask_of(&plan, "bauma-commit");
    assert!(bauma.get("amount").is_none());
    let words = bauma["ask"].as_str().unwrap();
    let amounts = euros_in(words);
    assert_eq!(amounts, vec![1_900_000, 350_000], "{words}");
    inside += amounts[1];
    let inside_k = format!("€{}k", inside / 1000);
    assert_eq!(inside_k, "€420k");

    let md = deck("power-tools");
    assert!(
        md.contains(&format!("({inside_k} of it for asks inside the budget)")),
        "summary/ask totals leave the bauma deposit out"
    );
    let row = row_with(&ask_slide(&md), "bauma 2028");
    // The later commitment is a cost of its own, not a parenthesis; the
    // deposit is not said twice.
    assert_eq!(
        row[2], "€350k (in the budget); **commits €1.9M in 2028**, beyond this plan",
        "{row:?}"
    );
    // The checker names the figure it found.
    let f = check_findings(outside_plan("power-tools").to_str().unwrap());
    let undecidable = f
        .iter()
        .find(|f| f.0 == "ask-undecidable" && f.2.contains("bauma-commit"))
        .expect("ask-undecidable on bauma-commit");
    assert!(
        undecidable.3.contains("`amount = 350_000`"),
        "{undecidable:?}"
    );
}

/// Two amounts and no period: the deck cannot tell which is this plan's,
/// so the cell says "no figure given" with both, and the help lists them.
/// An amount in an ask's condition ("only if pipeline passes €20m") is a
/// threshold, not its cost.
#[test]
fn amounts_the_words_do_not_place_stay_unpriced_and_are_listed() {
    // A draft renders (a submitted starter's placeholders are errors); the
    // checker judges asks of a submitted plan.
    let text = include_str!("../../templates/new/starter.toml").replace(
            "amount = 1_000_000\n",
            "amount = 1_000_000\n\n[[asks]]\nid = \"stand\"\nask = \"Commit to a trade-fair stand (€1m stand, €200k deposit)\"\nkind = \"decision\"\nby = 2027-03-31\nbuys = \"Our stand position\"\nif_declined = \"We lose the position\"\n\n[[asks]]\nid = \"office\"\nask = \"Decide on a Vienna sales office only if pipeline passes €20m\"\nkind = \"decision\"\nby = 2027-03-31\nbuys = \"A sales presence in Austria\"\nif_declined = \"Austria stays served from Munich\"\n",
        );
    assert!(text.contains("id = \"stand\""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, &text).unwrap();
    let o = mvplan(&["render", path.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    // A threshold in the condition is no cost.
    let office = row_with(&ask_slide(&md), "Vienna sales office");
    assert_eq!(office[2], "no money (a decision)", "{office:?}");
    let row = row_with(&ask_slide(&md), "trade-fair stand");
    assert!(
        row[2].contains("cost not given: its words state €1M stand and €200k deposit"),
        "{row:?}"
    );
    let submitted = text.replace("status = \"draft\"", "status = \"submitted\"");
    let (report, _) = mvplan::check_source(
        SourceFile::new("plan.toml", &submitted),
        &Settings::default(),
    );
    let help = report
        .findings
        .iter()
        .find(|f| f.rule == "ask-undecidable" && f.message.contains("`stand`"))
        .and_then(|f| f.help.clone())
        .expect("ask-undecidable on the stand");
    assert!(help.contains("€1M stand and €200k deposit"), "{help}");
}

/// No ask or risk cell of the seven outside decks reads as text cut off:
/// "(“…budget…”)", "(“…10% below OTA parity…”)" were quoted fragments a
/// reader scored as a chart-fit defect.
#[test]
fn no_ask_or_risk_cell_reads_as_cut_off() {
    for name in OUTSIDE {
        let md = deck(name);
        for slide in [ask_slide(&md), risk_slide(&md)] {
            for row in slide.lines().filter(|l| l.starts_with("| ")) {
                assert!(!row.contains('…'), "{name}: {row}");
            }
        }
    }
    let hotel = ask_slide(&deck("hotel-group"));
    let rate = row_with(&hotel, "member rate 10% below");
    assert!(
        rate[2].contains("cost not given for the rate cut it commits to (10% below OTA parity)"),
        "{rate:?}"
    );
}

/// An ask that commits people's time and no money is a cost a board can
/// weigh ("no money from this budget: Sales' time (6 SDRs at 50%)"), and
/// the checker stops asking it for an `amount`.
#[test]
fn people_s_time_is_a_cost_not_a_missing_figure() {
    let saas = ask_slide(&deck("saas-plg"));
    let sdr = row_with(&saas, "6 SDRs");
    // Priced at the plan's own cost per FTE (risk_ask_board.rs checks
    // the figure), never from this budget.
    assert!(
        sdr[2].starts_with("≈ ")
            && sdr[2].contains(", not from this budget: 3 FTE of Sales' time for the year at ")
            && sdr[2].ends_with("; an estimate)"),
        "{sdr:?}"
    );
    let hotel = ask_slide(&deck("hotel-group"));
    let gm = row_with(&hotel, "front-desk shifts");
    assert!(
        gm[2].starts_with("≈ ")
            && gm[2]
                .contains(", not from this budget: 1.8 FTE of Hotel GMs' time for the year at "),
        "{gm:?}"
    );
    let f = check_findings(outside_plan("saas-plg").to_str().unwrap());
    for (rule, _, message, help) in &f {
        if rule == "ask-undecidable" && message.contains("sdr-commitment") {
            assert!(!message.contains("`amount`"), "{message}");
            assert!(!help.contains("amount ="), "{help}");
        }
    }
}

/// fintech ask 4: "Release £600k more … only if cost per funded account
/// stays under £125". The curves give the £600k (spread over the curve
/// channels in the planned mix, pro rata after its 29 Oct date) 903 more
/// accounts: £664 each, above the £125 the condition allows. The gain and
/// the cost per extra account are computed independently from the curve
/// parameters (tests/it/reconcile_outside.py). `ask-contingent-dear` says
/// so in `mvplan check`; an ask without a cost cap is not flagged.
#[test]
fn a_contingent_ask_is_measured_against_its_own_trigger() {
    let py = python_figures("reconcile_outside.py");
    let (gain, per) = (&py["fin_release_gain"], &py["fin_release_per_extra"]);
    let row = row_with(&ask_slide(&deck("fintech-app")), "Release £600k");
    assert!(
        row[3].contains(&format!("Adds {gain} new funded accounts")),
        "{row:?}"
    );
    assert!(
        row[3].contains(&format!(
            "⚠ recommend: decline as written ({per} per extra account on the curves, above its £125 condition)"
        )),
        "{row:?}"
    );
    let f = check_findings(outside_plan("fintech-app").to_str().unwrap());
    let dear: Vec<_> = f.iter().filter(|f| f.0 == "ask-contingent-dear").collect();
    assert_eq!(dear.len(), 1, "{f:#?}");
    assert!(dear[0].2.contains("`sa-release`"), "{dear:?}");
    assert!(
        dear[0].2.contains(&format!("{per} per extra account")),
        "{dear:?}"
    );
    for other in ["power-tools", "hotel-group", "saas-plg", "dtc-skincare"] {
        let f = check_findings(outside_plan(other).to_str().unwrap());
        assert!(
            !f.iter().any(|f| f.0 == "ask-contingent-dear"),
            "{other}: {f:#?}"
        );
    }
}

/// power-tools ask 4: €350k for a fifth demo van buys pipeline on the
/// demo-van curve; the plan gives
/// its win rate as data (`win_rate = 28`), so the row says what that
/// pipeline is worth in revenue and the return on the €350k, computed here
/// from the row's own pipeline figure and the TOML's win rate.
#[test]
fn a_contingent_ask_s_result_is_valued_on_the_plan_s_basis() {
    let plan = plan_toml("power-tools");
    let win = plan["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"].as_str() == Some("dealer-pipeline"))
        .and_then(|o| o["win_rate"].as_integer())
        .unwrap();
    let row = row_with(&ask_slide(&deck("power-tools")), "fifth demo van");
    let cell = &row[3];
    // The ask names its channel: the €350k goes on the demo-van curve
    // (€900k → €1.25M), not spread in the planned mix — €862k of pipeline
    // where the planned mix gave €397k; the figure computed independently
    // from the curve's two measured points (reconcile_outside.py).
    let py = python_figures("reconcile_outside.py");
    assert!(
        // "adds": after the words that the recommended move covers it
        // (`scenario_words::an_ask_the_recommended_move_already_funds…`).
        cell.contains(&format!(
            "the ask adds {} of dealer lead pipeline",
            py["pt_van_gain"]
        )) && cell.contains("Demo-van tour (4 vans, DE/AT) at €1.25M on its curve"),
        "{cell} (expected {})",
        py["pt_van_gain"]
    );
    let adds = cell
        .split("the ask adds ")
        .nth(1)
        .and_then(|s| euros_in(s).first().copied())
        .unwrap_or_else(|| panic!("{cell}"));
    let revenue = adds * win / 100;
    let revenue_k = format!("€{}k", (revenue as f64 / 1000.0).round());
    assert!(
        cell.contains(&format!(
            "≈ {revenue_k} of revenue at the plan's {win}% win rate"
        )),
        "{cell} (expected {revenue_k})"
    );
    let multiple = format!("{:.2}×", revenue as f64 / 350_000.0);
    assert!(cell.contains(&format!("{multiple} the €350k")), "{cell}");
}

/// nonprofit: the volunteer crew risk is rated low impact, but the team
/// can deliver the plan only if it does not happen. The row shows the
/// impact as the deck judges it with the plan's rating beside it (a reader
/// scored the bare "high · low" beside "delivery-critical" as a rating
/// the deck contradicts), the summary's main risk is that risk, and
/// `risk-impact-understated` still fires.
#[test]
fn a_risk_delivery_depends_on_is_judged_high_beside_the_plan_s_rating() {
    let md = deck("nonprofit-or-public");
    let row = row_with(&risk_slide(&md), "Volunteer comms crew");
    assert_eq!(row[1], "high", "{row:?}");
    assert_eq!(row[2], "high: delivery rests on it", "{row:?}");
    let main = md
        .lines()
        .find(|l| l.starts_with("- **Main risk:**"))
        .expect("a main risk line");
    assert!(main.contains("Volunteer comms crew drops out"), "{main}");
    assert!(
        main.contains("delivery rests on it") && !main.contains("the plan rates it"),
        "{main}"
    );
    let f = check_findings(outside_plan("nonprofit-or-public").to_str().unwrap());
    assert!(f.iter().any(|f| f.0 == "risk-impact-understated"), "{f:#?}");
}

/// A risk whose words name a part of the period is sized as the channel's
/// forecast for that part, by the channel's phasing: dtc's "Meta CPMs jump
/// \>20% in Q4" is Q4's share of Meta's forecast, the October–December
/// months of its `monthly` phasing (from the TOML) over the year. A risk
/// that names no time keeps the upper bound, said to be one.
#[test]
fn a_risk_that_names_a_part_of_the_period_is_sized_for_that_part() {
    let plan = plan_toml("dtc-skincare");
    assert_eq!(
        plan["plan"]["start"]
            .as_datetime()
            .map(|d| d.to_string())
            .as_deref(),
        Some("2027-01-01")
    );
    let meta = plan["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_str() == Some("meta"))
        .unwrap();
    let monthly: Vec<f64> = meta["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_integer().unwrap() as f64)
        .collect();
    let q4 = monthly[9..12].iter().sum::<f64>() / monthly.iter().sum::<f64>();

    let row = row_with(&risk_slide(&deck("dtc-skincare")), "Meta CPMs jump");
    let cell = &row[3];
    assert!(
        cell.contains("Q4's share of the forecast of Meta paid social (FB/IG)"),
        "{cell}"
    );
    assert!(cell.contains("by its phasing"), "{cell}");
    let number = |s: &str| -> f64 {
        s.chars()
            .filter(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let part = number(cell.split(" new DTC customers").next().unwrap());
    let total = number(
        cell.split("(FB/IG), ")
            .nth(1)
            .and_then(|s| s.split(" customers").next())
            .unwrap(),
    );
    let expected = total * q4;
    assert!(
        (part - expected).abs() <= expected * 0.01,
        "{cell}: expected about {expected:.0}"
    );
    let industrial = risk_slide(&deck("industrial-b2b"));
    let abm = row_with(&industrial, "Regional sales reps");
    assert!(
        abm[3].starts_with("up to ")
            && abm[3].contains("all of the forecast of ABM")
            && abm[3].ends_with("an upper bound"),
        "{abm:?}"
    );
}
