//! Decks a board can decide on (#31): the decision-first summary, one
//! figure per quantity across slides, one verdict per plan that its own
//! findings cannot contradict, asks with their recommendation, and the
//! plan's triggers judged at the as-of date.

use crate::common::*;

fn slides(md: &str) -> Vec<&str> {
    md.split("\n---\n").skip(1).collect()
}

fn slide<'a>(md: &'a str, title_starts: &str) -> &'a str {
    slides(md)
        .into_iter()
        .find(|s| {
            s.lines()
                .any(|l| l.starts_with(&format!("# {title_starts}")))
        })
        .unwrap_or_else(|| panic!("no slide `{title_starts}` in\n{md}"))
}

#[test]
fn the_summary_states_the_ask_return_risk_alternative_and_cost_of_no() {
    let md = stdout(&mvplan(&["render", "examples/b2b-saas.toml", "-o", "-"]));
    let s = slides(&md)[1];
    assert!(
        s.starts_with("\n# Approve €6M by 15 Dec 2026: it buys marketing-sourced pipeline of €18.3M against a €18M target\n"),
        "{s}"
    );
    for part in [
        // The asks' totals first, each part with its date (the ask
        // slide's table has them; its title says what they buy).
        // The recommended move is offered for approval beside the plan's
        // mix (31H): the deck never recommends a mix it does not ask for.
        "- **We ask for:** Approve €6M by 15 Dec 2026 and one hire by 31 Mar 2027; ask 2 not decidable yet: no cost given; €6M as planned, or moving €707k (+€1.21M of marketing-sourced pipeline) — 3 asks on the ask slide",
        // The plan's value and return first, as the value slide's title.
        "- **What it returns:** the plan adds €1.84M of revenue over today: 0.31× the €6M budget; Marketing-sourced pipeline €18.3M vs €18M target (105% of the gap closed)",
        "- **Main risk:** Sales cannot work the extra pipeline while two AE hires are pending (medium likelihood, high impact: €2.5M of marketing-sourced pipeline (€600k of revenue); exposure €180k); mitigation: SDR overflow team from Q2",
        // The better split is the recommended alternative, with its gain;
        // the ask and its return stay the plan as submitted.
        "- **Alternatives considered:** moving €707k, most of it from Trade shows and field events to Content and SEO, would add €1.21M of marketing-sourced pipeline to its €18.3M (+6.6%): recommended",
        "- **If declined or late:** at €5M (Conservative) marketing-sourced pipeline falls to €17.6M, €700k less\n",
        "- **Plan health:** Amber · 5 warnings; the value bridges reach 10% of the €13M the business goal needs: review before approval",
    ] {
        assert!(s.contains(part), "no `{part}` in\n{s}");
    }
    // The plan's return on the money, per basis, as the value slide's
    // title states it: penetration is valued in lifetime gross margin,
    // listings in gross margin a year, and the two are never added.
    let md = stdout(&mvplan(&[
        "render",
        "examples/consumer-brand.toml",
        "-o",
        "-",
    ]));
    let s = slides(&md)[1];
    assert!(
        s.contains(
            "**What it returns:** the plan adds £4.28M of lifetime gross margin and £1.2M of gross margin a year over today: 0.99× the £4.3M budget in lifetime gross margin, 0.28× in gross margin a year; Household penetration 9.51% vs 9.5% target (101% of the gap closed);"
        ),
        "{s}"
    );
    // A draft never reads as ready.
    assert!(
        s.contains("Amber · 3 warnings: a draft for approval"),
        "{s}"
    );
}

/// The marketing-sourced pipeline forecast as each slide prints it.
#[test]
fn one_figure_per_quantity_on_every_slide() {
    let md = stdout(&mvplan(&["render", "examples/b2b-saas.toml", "-o", "-"]));
    let forecast = slide(&md, "The forecasts");
    let allocation = slide(&md, "Moving €707k");
    let scenarios = slide(&md, "Marketing-sourced pipeline ranges");
    let summary = slides(&md)[1];
    // The forecast from the curves, the same everywhere; coverage of the
    // change from today: (18.3 − 12.5) ÷ (18 − 12.5) = 105.45% → 105%.
    assert!(
        forecast.contains("| €12.5M → €18M | €18.3M ≈ | \\+€5.8M of +€5.5M | 105% |"),
        "{forecast}"
    );
    assert!(
        allocation.contains("| **€18.3M** | **\\+€1.21M** (+6.6%) |"),
        "{allocation}"
    );
    assert!(
        scenarios.contains("| **Base** | €6M (100%) | ≈ €18.3M |"),
        "{scenarios}"
    );
    assert!(summary.contains("€18.3M vs €18M target"), "{summary}");
    // Each scenario's budget and outcome on the scenarios slide (the typed
    // outcome, where it differs, is a finding, not a second
    // number); the best mix at its budget, only two rows, is a line under
    // it (no appendix slide repeating the planned mix).
    assert!(
        scenarios.contains("| **Conservative** | €5M (83%) | ≈ €17.6M |"),
        "{scenarios}"
    );
    assert!(
        scenarios.contains("- **The same budgets in the best mix:** Conservative (€5M): €18.1M, €500k more than in its own mix;"),
        "{scenarios}"
    );
    assert!(
        // (the finding that names it, `scenario-off-curve`, quotes it).
        !scenarios.contains("€15M"),
        "the typed scenario level is not shown"
    );
    // The board reads the curves' figure; a typed change the curves do not
    // give is for the author, in the notes with its line. The slide says it
    // of the curves, not of "the deck" (tool words, #31 criterion 5). The
    // example's own Conservative now types its words' cut; the industrial
    // plan written outside the project still overstates its Stretch.
    let industrial = stdout(&mvplan(&[
        "render",
        "tests/fixtures/outside/industrial-b2b/plan.toml",
        "-o",
        "-",
    ]));
    let health = slide(&industrial, "Appendix: plan health");
    assert!(
        health.contains("**warning:** scenario Stretch (+\\$360k for second ABM tier) overstates the effect of its budget of \\$4.1M on Marketing-sourced opportunity value created (SFDC); the response curves give \\$50.5M")
            && health.contains("scenario-change-off-curve (line "),
        "{health}"
    );
    let board_lines: String = health.lines().filter(|l| !l.starts_with("<!--")).collect();
    assert!(
        !board_lines.contains("scenario-change-off-curve"),
        "{health}"
    );
    // The total budget: summary, budget slide and ask agree.
    let budget = slide(&md, "€1.4M of the €5.7M spend");
    assert!(
        budget.contains("| **Total budget** | **€6M** | |"),
        "{budget}"
    );
    let asks = slide(
        &md,
        "€6M and one hire buy marketing-sourced pipeline of €18.3M",
    );
    assert!(
        // The author's "€6.0M" in the deck's money rule, as the cost cell.
        asks.contains("| 1 | **Approve the €6M budget, including a €300k contingency** | €6M |"),
        "{asks}"
    );
    // Units a board reads: points for a change of a percentage, cost per
    // result with its basis, no cents on large amounts, no ids as labels.
    assert!(
        forecast.contains("| 18% → 26% | 26% | +8 pts of +8 pts |")
            // Awareness's share of its channels: events (€800k) and
            // content (€400k) serve pipeline too, split evenly, with the
            // rest whole: €1.2M ÷ 8 points.
            && forecast.contains("€150k per point"),
        "{forecast}"
    );
    let channels = slide(&md, "Account-based marketing, tier 1 and Paid search");
    // A channel's cost per result is its own: a budget shared by several
    // objectives is not split evenly into a cost per result for each
    // (#31 A1: a £22 CAC read £7 that way). Each contribution names its
    // metric, then the figure with its unit once: the channel's part of a
    // level in one column, its part of an uplift (signed, in points) in
    // another, so that no column mixes the two (#31 criterion 10).
    assert!(
        channels.contains("| Forecast result | Adds over today | Cost per extra result, over today |")
            && channels.contains("| Content and SEO | €400k | 9% | Organic sessions: 420,000 | Marketing-sourced pipeline: €2.4M | Aided awareness, target account list: +3 pts | shared by 2 objectives |")
            && channels.contains("| LinkedIn video to target accounts | €600k | 14% | Target-account reach: 70% | — | Aided awareness, target account list: +3 pts | €200k per point |"),
        "{channels}"
    );
    assert!(!md.contains("66,666.67") && !md.contains("\\`"), "{md}");
    // The model's hash is for the analyst (speaker notes), not the slide.
    let curves = slide(&md, "Appendix: Content and SEO climbs steepest");
    let on_slide = curves.rsplit_once("<!--").unwrap().0;
    assert!(on_slide.contains("*Curves: Agency MMM; FY2025 actuals and the H1 2026 run-rate test; PyMC-Marketing 0.19.2.*"), "{curves}");
    assert!(!on_slide.contains("9e859b9216627681") && curves.contains("(model 9e859b9216627681)"));
}

#[test]
fn the_penetration_curve_is_drawn_smooth_not_in_steps() {
    let md = stdout(&mvplan(&[
        "render",
        "examples/consumer-brand.toml",
        "-o",
        "-",
    ]));
    let curves = slide(&md, "Appendix: Household penetration: both curves");
    let values: Vec<f64> = curves
        .lines()
        .skip_while(|l| !l.starts_with("```chart line"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !l.starts_with('#') && l.contains(": "))
        .filter_map(|l| l.split(": ").nth(1))
        .flat_map(|v| {
            v.split(", ")
                .map(|x| x.parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(values.len() > 20, "{curves}");
    // Percentage-point results below 2 are not rounded to 0 and 1.
    assert!(
        values.iter().any(|v| v.fract() != 0.0),
        "a staircase of whole numbers: {values:?}"
    );
}

#[test]
fn the_review_verdict_never_calls_a_plan_ready_with_errors_or_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("examples/portfolio")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let o = run_in(dir.path(), &["review", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for p in v["plans"].as_array().unwrap() {
        let health = p["health"].as_str().unwrap();
        let errors = p["errors"].as_u64().unwrap();
        if errors > 0 || p["status"] == "draft" {
            assert!(
                !health.ends_with("ready for approval") || health.contains("not ready"),
                "{p}"
            );
        }
        if errors > 0 {
            assert_eq!(p["attention"], "red", "{p}");
            assert!(health.starts_with(&format!("{errors} error")), "{p}");
        }
        if p["status"] == "draft" {
            assert_ne!(p["attention"], "green", "{p}");
        }
    }
    let asks: Vec<(String, String)> = v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["recommendation"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let rec = |id: &str| asks.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(
        rec("group-budget"),
        "approve: the plan is already approved at this budget; record it"
    );
    assert_eq!(
        rec("eshop-budget"),
        "decline as asked: it exceeds the plan's budget by €110k"
    );
    assert_eq!(rec("mc-budget"), "review first: the plan is still a draft");
    assert!(rec("portal-decision").starts_with("discuss: blocking"));
}

#[test]
fn a_trigger_set_off_at_the_as_of_date_is_reported_and_leads_the_status_deck() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    std::fs::copy(
        root().join("examples/b2b-saas.actuals.csv"),
        dir.path().join("b2b-saas.actuals.csv"),
    )
    .unwrap();
    // As written, neither trigger is set off at mid-year.
    std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--deck", "status", "-o", "-"],
    );
    let md = stdout(&o);
    assert!(!md.contains("Trigger set off"), "{md}");
    assert!(
        md.contains("Marketing-sourced pipeline below €8M: not set off (€14.1M on 30 Jun)"),
        "{md}"
    );
    // Raise the mid-year floor above the €14.1M measured: it is set off.
    let raised = plan.replacen("below = 8_000_000", "below = 15_000_000", 1);
    assert_ne!(raised, plan);
    std::fs::write(dir.path().join("plan.toml"), &raised).unwrap();
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--deck", "status", "-o", "-"],
    );
    let md = stdout(&o);
    let summary = slides(&md)[1];
    assert!(
        summary.contains(": the plan's trigger says: pipeline behind pace at mid-year: fall back to the conservative budget\n"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "- **Trigger set off:** Marketing-sourced pipeline below €15M (€14.1M on 30 Jun)"
        ),
        "{summary}"
    );
    assert!(
        stderr(&o).contains("warning[trigger-fired]: trigger `pipeline-behind` is set off"),
        "{}",
        stderr(&o)
    );
}

/// A trigger the plan looks at on a date is judged on a reading from that
/// date on. The industrial plan written outside the project watches
/// engaged accounts at 31 Dec and pipeline at 31 Jan; its actuals end at
/// 30 Sep. Read at March, a September reading of a total that grows all
/// year is below a January floor by nature: not a reason to drop to Hold.
#[test]
fn a_dated_trigger_is_not_set_off_by_a_reading_from_before_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/outside/industrial-b2b");
    for f in ["plan.toml", "actuals-q1.csv"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "actuals-q1.csv",
            "--as-of",
            "2027-03-31",
            "-o",
            "-",
        ],
    );
    let md = stdout(&o);
    let summary = slides(&md)[1];
    assert!(!summary.contains("Trigger set off"), "{summary}");
    assert!(
        summary.contains(
            "Marketing-sourced opportunity value created (SFDC) below \\$22M: cannot be judged \
             (the newest reading, \\$10.4M on 30 Sep 2026, is before 31 Jan 2027)"
        ),
        "{summary}"
    );
    assert!(!stderr(&o).contains("trigger-fired"), "{}", stderr(&o));
    // Books and readings six months old: the decision is to get them.
    assert!(
        slides(&md)[1].contains(": get the spend booked since 30 Sep 2026 before moving money\n"),
        "{}",
        slides(&md)[1]
    );

    // At the status date (30 Sep), ABM has spent $217,150 (the CSV's rows)
    // against the $97k its phasing had spent: carried on, it ends past
    // its $388k. With nothing to move, the decision is to slow it, and
    // "no reallocation is needed" would contradict the over-budget
    // re-forecast beside it.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "actuals-q1.csv",
            "-o",
            "-",
        ],
    );
    let md = stdout(&o);
    assert!(
        slides(&md)[1].contains(
            ": slow the spend on ABM — 180 specifier \\& utility accounts: at this pace it ends at"
        ),
        "{}",
        slides(&md)[1]
    );
    assert!(!md.contains("No reallocation is needed"), "{md}");
    assert!(
        md.contains("(\\$217k spent of \\$97k planned by then;"),
        "{md}"
    );
}

/// The bundled examples and the plans a first-time user wrote outside the
/// project (tests/fixtures/outside, #31's board reading).
const EXAMPLES: [&str; 4] = [
    "examples/b2b-saas.toml",
    "examples/consumer-brand.toml",
    "examples/industrial-unit.toml",
    "examples/flawed.toml",
];
const OUTSIDE: [&str; 3] = [
    "tests/fixtures/outside/industrial-b2b/plan.toml",
    "tests/fixtures/outside/dtc-skincare/plan.toml",
    "tests/fixtures/outside/nonprofit-or-public/plan.toml",
];

/// The pitch deck of a plan, rendered even with errors.
fn pitch(plan: &str) -> String {
    let o = mvplan(&["render", plan, "-o", "-", "--force"]);
    assert!(o.status.success(), "{plan}: {}", stderr(&o));
    stdout(&o)
}

/// (rule, line, message) of every finding `mvplan check` reports.
fn check_findings(plan: &str) -> Vec<(String, u64, String)> {
    crate::common::check_findings(plan)
        .into_iter()
        .map(|(rule, line, message, _)| (rule, line, message))
        .collect()
}

/// The main story: the slides before the appendix.
fn main_story(md: &str) -> Vec<&str> {
    slides(md)
        .into_iter()
        .take_while(|s| !s.contains("<!-- _class: appendix -->"))
        .collect()
}

#[test]
fn figures_disagree_reports_a_typed_figure_the_deck_would_contradict() {
    // The outside industrial plan types its "Plan" scenario (at the plan's
    // own budget) with its targets: 1,140 SQOs and 27% awareness, where the
    // channels forecast 960 and 27.2%.
    let plan = OUTSIDE[0];
    let text = std::fs::read_to_string(root().join(plan)).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("outcomes = { pipeline = 48_500_000, sqos = 1_140"))
        .unwrap() as u64
        + 1;
    let found: Vec<_> = check_findings(plan)
        .into_iter()
        .filter(|f| f.0 == "figures-disagree")
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    for f in &found {
        assert_eq!(f.1, line, "{f:?}");
        assert!(f.2.contains("typed outcome of scenario `plan`"), "{f:?}");
    }
    assert!(
        found
            .iter()
            .any(|f| f.2.contains("960") && f.2.contains("1,140")),
        "{found:?}"
    );
    // The deck shows one figure: the forecast, on the scenario row too.
    let md = pitch(plan);
    assert!(
        md.contains("| **Plan** | \\$3.74M (100%) | ≈ \\$46M | 960 SQOs | 27.2% |"),
        "{md}"
    );
}

#[test]
fn the_bundled_examples_state_one_figure_per_quantity() {
    for plan in EXAMPLES[..3].iter().chain(&OUTSIDE[1..]) {
        let found: Vec<_> = check_findings(plan)
            .into_iter()
            .filter(|f| f.0 == "figures-disagree")
            .collect();
        assert_eq!(found, vec![], "{plan}");
    }
    // The flawed example's phasing does not add up to its budgets: its
    // quarterly table and its budget slide disagree, and that is said.
    let found: Vec<_> = check_findings(EXAMPLES[3])
        .into_iter()
        .filter(|f| f.0 == "figures-disagree")
        .map(|f| f.2)
        .collect();
    assert_eq!(
        found,
        ["the plan's spend reads €4.45M in the budget slide but €4.55M in the quarterly budget"]
    );
}

/// The reconciliation sheet a reader makes (tests/board/reconcile.py, which
/// reads the rendered Markdown, not mvplan's figures): every quantity reads
/// the same on every slide that states it — the health slide included (a
/// typed figure the deck replaced, or a second computation of a forecast,
/// is a second value), and each objective's share of the gap closed. On
/// the industrial deck before #31g the sheet found three: SQOs 960 vs the
/// typed 1,140, awareness 27.2% vs 27%, Hold's pipeline $38.8M vs $43.1M.
#[test]
fn a_readers_reconciliation_sheet_finds_no_disagreement() {
    let Some(python) = need("python3", Some("python3".into())) else {
        return;
    };
    let more = [
        "tests/fixtures/outside/saas-plg/plan.toml",
        "tests/fixtures/outside/hotel-group/plan.toml",
    ];
    for plan in EXAMPLES.iter().chain(&OUTSIDE).chain(&more) {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("deck.md");
        std::fs::write(&deck, pitch(plan)).unwrap();
        let o = std::process::Command::new(&python)
            .arg(root().join("tests/board/reconcile.py"))
            .arg(&deck)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        // The sheet was made: the budget twice, and each quantity's rows.
        let sheet = v["sheet"].as_object().unwrap();
        assert!(
            sheet["budget"].as_array().unwrap().len() >= 2,
            "{plan}: {v}"
        );
        let stated: usize = sheet.values().map(|r| r.as_array().unwrap().len()).sum();
        assert!(stated >= 6, "{plan}: {v}");
        // The gap closed is on the sheet, from two slides at least.
        if plan.contains("outside") {
            assert!(
                sheet
                    .iter()
                    .any(|(k, r)| k.starts_with("gap closed of ")
                        && r.as_array().unwrap().len() >= 2),
                "{plan}: {v}"
            );
        }
        assert_eq!(v["disagree"], serde_json::json!([]), "{plan}: {v}");
    }
}

/// The summary asks for the plan as submitted and says what it buys (the
/// forecast slide's figure); where the allocation slide claims a better
/// split, the summary and the ask slide give it as the recommended
/// alternative with its gain — never folded into what the ask buys — and
/// no slide says the money is left on the table.
#[test]
fn the_summary_recommends_the_move_the_allocation_slide_claims() {
    let mut claimed = 0;
    for plan in EXAMPLES.iter().chain(&OUTSIDE) {
        let md = pitch(plan);
        let story = main_story(&md);
        let summary = story[1];
        assert!(!md.contains("on the table"), "{plan}: {summary}");
        assert!(
            !summary.contains("moved between channels: it buys")
                && !summary.contains("with the recommended moves"),
            "{plan}: the ask buys the plan as submitted\n{summary}"
        );
        let Some(allocation) = story
            .iter()
            .find(|s| s.lines().any(|l| l.starts_with("# Moving ")))
        else {
            assert!(!summary.contains(": recommended"), "{plan}: {summary}");
            continue;
        };
        claimed += 1;
        let title = allocation
            .lines()
            .find(|l| l.starts_with("# Moving "))
            .unwrap();
        let moved = title["# Moving ".len()..].split([' ', ',']).next().unwrap();
        assert!(
            summary.contains(&format!("- **Alternatives considered:** moving {moved}, ")),
            "{plan}: {moved}\n{summary}"
        );
        assert!(summary.contains(": recommended"), "{plan}: {summary}");
        let asks = story.iter().find(|s| s.contains("| # | Ask |")).unwrap();
        assert!(
            asks.contains(&format!(
                "with the recommended {moved} move between channels"
            )),
            "{plan}: {asks}"
        );
    }
    assert!(claimed >= 1, "no deck claims a move");
}

/// What the outside plans' decks showed a first-time user (#31, the s3
/// reading): each is a mechanism's, pinned here on their decks.
#[test]
fn the_outside_decks_read_as_a_board_reads_them() {
    let industrial = pitch(OUTSIDE[0]);
    let skincare = pitch(OUTSIDE[1]);
    let charity = pitch(OUTSIDE[2]);
    for md in [&industrial, &skincare, &charity] {
        let story = main_story(md);
        // What the whole budget buys is the summary's figure on the ask
        // slide too (not the plan's words, which repeat its targets).
        let title = story[1].lines().find(|l| l.starts_with("# ")).unwrap();
        let bought = title.split_once(": it buys ").unwrap().1;
        let asks = story.iter().find(|s| s.contains("| # | Ask |")).unwrap();
        let first = asks.lines().find(|l| l.starts_with("| 1 |")).unwrap();
        assert!(first.contains(&format!("| {bought} |")), "{first}\n{title}");
        // A scenario's row names are not repeated on the levels slide.
        if let Some(levels) = slides(md)
            .into_iter()
            .find(|s| s.contains("| Level | Budget |"))
        {
            let mut names: Vec<&str> = levels
                .lines()
                .filter(|l| l.starts_with("| **"))
                .map(|l| l.split(" | ").next().unwrap())
                .collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{levels}");
        }
        // No cost per result made up by splitting a shared budget, none
        // of zero for a channel with no budget.
        assert!(!md.contains("€0 per") && !md.contains("£0 per"), "{md}");
    }
    // Names keep their capitals inside a sentence; ids read as words.
    assert!(
        industrial
            .contains("it buys marketing-sourced pipeline of \\$46M against a \\$48.5M target")
            && !industrial.contains("(sfdc)"),
        "{industrial}"
    );
    assert!(
        industrial.contains(
            "# Appendix: People: the team has the hours for the plan's work; ask 2 is not for hours: the plan's Multi-touch attribution in HubSpot + SFDC rests on it (without it, attribution slips to FY28"
        )
    );
    assert!(
        skincare.contains("it buys 106,000 new DTC customers against a 118,400 target")
            && !skincare.contains("dtc customers"),
        "{skincare}"
    );
    assert!(
        skincare
            .contains("# Appendix: People: Q1 2027 needs 3.9 FTE-months of CRM, the team has 3")
    );
    assert!(charity.contains(
        "the first milestone, Walk Till Morning (Dublin, Cork, Galway, Limerick), is due 8 May 2027"
    ));
    // Coverage is of the change from today ("24% vs 25% (86%)" read as
    // 96%): 18 → 25 needs +7, the forecast gives +6, 6 ÷ 7 = 85.7% → 86%.
    assert!(
        charity.contains("| 18% → 25% | 24% | +6 pts of +7 pts | 86% ⚠ |"),
        "{charity}"
    );
    // A channel with no budget is shown as not counted.
    assert!(charity.contains("(not counted: no budget)"), "{charity}");
    // The allocation slide proposes no move worth +0.0%.
    assert!(!industrial.contains("**Moves:**"), "{industrial}");
}

/// The risk slide of a pitch deck: from its title to the next slide.
fn risk_slide(md: &str) -> &str {
    slides(md)
        .into_iter()
        .find(|s| s.contains("| Risk | Likelihood |"))
        .expect("a risk slide")
}

/// Rubric criterion 8: a risk with no owner or mitigation is still shown
/// ("*none named*", and by when the board should name one), and `risk-unmanaged` tells the author before a
/// board sees it: hotel-group's "Summer staff shortages" risk
/// (`desk-staffing`) names no owner.
#[test]
fn a_risk_without_owner_is_flagged_with_the_field_to_add() {
    let plan = outside_plan("hotel-group");
    let plan = plan.to_str().unwrap();
    let findings = check_findings(plan);
    let unmanaged: Vec<_> = findings
        .iter()
        .filter(|(rule, _, _)| rule == "risk-unmanaged")
        .collect();
    assert_eq!(unmanaged.len(), 1, "{findings:?}");
    assert!(unmanaged[0].2.contains("`desk-staffing`"), "{unmanaged:?}");
    assert!(unmanaged[0].2.contains("`owner`"), "{unmanaged:?}");
    let o = mvplan(&["check", plan]);
    assert!(stdout(&o).contains("add `owner = \"…\"`"), "{}", stdout(&o));
    // Still on the slide, as it is.
    // A likely risk: the board names one before it approves (31H).
    assert!(risk_slide(&pitch(plan)).contains("*none named*; to name before approving"));
}

/// Every outside deck's risk slide carries a downside case and a
/// trade-off line — worked out, or said plainly to be missing on the
/// summary (once, not again on the risk slide) — and where
/// the plan sizes any risk, the unsized ones say "not sized", never a bare
/// dash beside the figures.
#[test]
fn the_risk_slide_has_a_downside_a_trade_off_and_sized_impacts() {
    for name in crate::common::OUTSIDE {
        let md = pitch(outside_plan(name).to_str().unwrap());
        let risks = risk_slide(&md);
        assert!(risks.contains("- **Downside case:** "), "{name}: {risks}");
        // A trade-off, or — where the plan puts none to the board — the
        // summary says so once and the risk slide does not repeat it.
        let none = "the plan puts no alternative use of the money to the board";
        if md.contains(&format!("- **Alternatives considered:** {none}")) {
            assert!(!risks.contains(none), "{name}: {risks}");
        } else {
            assert!(risks.contains("- **Trade-off:** "), "{name}: {risks}");
        }
        // The "If it happens" column (the fourth) never a bare dash.
        if risks.contains("| If it happens |") {
            for row in risks
                .lines()
                .filter(|l| l.starts_with("| ") && !l.starts_with("| Risk"))
            {
                let cells: Vec<&str> = row.split(" | ").collect();
                assert!(cells.len() > 3 && cells[3] != "—", "{name}: {row}");
            }
        }
    }
    let saas = pitch(outside_plan("saas-plg").to_str().unwrap());
    let engineer = risk_slide(&saas)
        .lines()
        .find(|l| l.contains("lifecycle growth engineer"))
        .unwrap();
    // No channel sizes the late hire: the FTE-months it leaves short do,
    // as the people slide says them (31K; it was "not sized").
    assert!(
        engineer.contains("| 2.5 FTE-months of lifecycle short in Q2 (people slide) |"),
        "{engineer}"
    );
    // No scenario and no sized risk: said plainly.
    let subs = pitch("tests/fixtures/outside/subscription-brand.toml");
    let risks = risk_slide(&subs);
    assert!(
        risks.contains("- **Downside case:** *the plan gives none: no scenario below its budget"),
        "{risks}"
    );
    // Its summary weighs the curves' best split of the same money (too
    // little to move money for); the risk slide, with no trade-off of its
    // own, no longer says the plan puts no alternative to the board — which
    // contradicted the summary.
    assert!(
        subs.contains(
            "- **Alternatives considered:** the best split of the £1M on the 2 channels with curves"
        ) && !risks.contains("the plan puts no alternative use of the money"),
        "{risks}"
    );
}

/// With no scenario below its budget, the downside case is the largest
/// sized risk applied to the forecast of the objective it hits: the
/// subscription plan given `impact_value = 5000` new subscriptions on its
/// one risk falls from the deck's 40,000 to 35,000.
#[test]
fn without_a_smaller_scenario_the_largest_sized_risk_is_the_downside() {
    let text = std::fs::read_to_string("tests/fixtures/outside/subscription-brand.toml").unwrap();
    let sized = text.replacen(
        "impact = \"high\"\nmitigation = \"Shift to search",
        "impact = \"high\"\nimpact_value = 5000\nimpact_on = \"new-subs\"\nmitigation = \"Shift to search",
        1,
    );
    assert_ne!(sized, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, sized).unwrap();
    let md = pitch(path.to_str().unwrap());
    let risks = risk_slide(&md);
    assert!(
        risks.contains(
            "- **Downside case:** If the largest sized risk happens (meta costs per trial rise faster than the MMM assumes), new subscriptions falls from 40,000 subscriptions to 35,000 subscriptions (risk table)."
        ),
        "{risks}"
    );
}

/// "All targets reached" is about the objectives; the business goal is a
/// separate figure, and where the value bridges reach part of it the
/// forecast title and the summary's health line say so, with the bridge
/// slide's share (b2b-saas: the bridges add €1.31M over today of the €13M
/// the ARR goal needs, 10%: in-year revenue above today's, the one basis).
#[test]
fn all_targets_reached_never_hides_a_goal_reached_in_part() {
    let md = pitch("examples/b2b-saas.toml");
    let forecast = slide(&md, "The forecasts");
    assert!(
        forecast.contains(
            "# The forecasts, on the response curves, reach all 3 objective targets; the value bridges reach 10% of the €13M the business goal needs"
        ),
        "{forecast}"
    );
    let bridge = slide(&md, "The plan adds");
    assert!(
        bridge.contains("the bridges add €1.31M over today (10%)"),
        "{bridge}"
    );
    let summary = slides(&md)[1];
    assert!(
        summary.contains("the value bridges reach 10% of the €13M the business goal needs"),
        "{summary}"
    );
    // Two targets are "both", never "all 2".
    let md = stdout(&mvplan(&[
        "render",
        "tests/fixtures/outside/subscription-brand.toml",
        "-o",
        "-",
    ]));
    assert!(!md.contains("all 2 "), "{md}");
    assert!(md.contains("reach both objective targets"), "{md}");
}

/// A funded channel that names objectives but forecasts nothing for them
/// (industrial-b2b's Pump School roadshow, $118.5k, no `forecasts` and no
/// `response`) is not "tied" spend, nor are team, agencies and budget
/// lines (`figures::tied`): of the $3,637,800 spend, the channels that
/// forecast a result hold $2,219,350, so 25 × 2,219,350 ÷ 3,637,800 = 15.3
/// points, and the $1,418,450 left is the budget slide's "tied to no
/// forecast".
#[test]
fn a_channel_that_forecasts_nothing_does_not_count_as_tied_spend() {
    let md = stdout(&mvplan(&[
        "render",
        outside_plan("industrial-b2b").to_str().unwrap(),
        "--force",
        "-o",
        "-",
    ]));
    let health = slide(&md, "Appendix: plan health");
    let row = health
        .lines()
        .find(|l| l.starts_with("| Spend tied to a forecast"))
        .unwrap_or_else(|| panic!("{health}"));
    assert!(
        row.contains("| \\$2.22M of \\$3.64M; \\$1.42M tied to no forecast | 15.3 / 25 |"),
        "{row}"
    );
    // 75, not 90: none of the 9 funded channels has a KPI that measures
    // every result it is forecast to bring (trade shows' booth meetings do
    // not measure aided awareness; paid search's "Online RFQs" and "Cost
    // per RFQ" in dollars do not measure opportunity value in dollars; the
    // roadshow, forecast for nothing, has no result to measure): 0 of the
    // KPI part's 15 points.
    assert!(health.contains("| Chain coverage: 75/100 |"), "{health}");
}
