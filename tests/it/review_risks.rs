//! The portfolio review's risks and asks as a board decides them (#31,
//! C7–C9): a risk register across the units, each ask with what it buys
//! and what a no costs, and one roll-up verdict that the asks'
//! recommendations agree with.

use crate::common::*;

fn review(dir: &std::path::Path, format: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join(format!("review.{format}"));
    let o = run_in(
        dir,
        &[
            "review",
            ".",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
            "--force",
            "-q",
        ],
    );
    std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", stderr(&o)))
}

fn services() -> String {
    review(&root().join("tests/fixtures/outside/services-group"), "md")
}

fn example() -> String {
    review(&root().join("examples/portfolio"), "md")
}

/// The row of a Markdown table on `slide` that contains `needle`.
fn row<'a>(slide: &'a str, needle: &str) -> &'a str {
    slide
        .lines()
        .find(|l| l.starts_with('|') && l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle}:\n{slide}"))
}

#[test]
fn the_review_has_a_risk_register_across_the_units() {
    let md = services();
    let slide = slide_with(&md, "| Unit | Risk | Likelihood |");
    // The title is the finding: how many, how many unowned, whose.
    assert!(
        slide.contains(
            "# 3 risks across the units; 2 have no owner (Northgate Consulting and Northgate Managed Services); none sized"
        ),
        "{slide}"
    );
    // Every unit's risk, with its likelihood, impact, mitigation and owner;
    // the summary's main risk first, with the mitigation the summary omits.
    let first = slide
        .lines()
        .find(|l| l.starts_with("| Group marketing |"))
        .unwrap();
    assert!(
        first.contains("| medium | high |")
            && first.contains("Quarterly review of the cascade")
            && first.ends_with("| Group CMO |"),
        "{first}"
    );
    let rows: Vec<&str> = slide
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Unit |"))
        .collect();
    assert_eq!(rows.len(), 3, "{slide}");
    assert!(rows[0].starts_with("| Group marketing |"), "{slide}");
    let consulting = row(&slide, "Framework tenders slip into 2028");
    assert!(
        consulting.contains("| medium | medium |")
            && consulting.contains("Shift bid content to private-sector references")
            && consulting.contains("*none named*; the board to name one by 1 Jan 2027"),
        "{consulting}"
    );
    let managed = row(&slide, "The service launch slips past February");
    assert!(
        managed.contains("| low | high |")
            && managed.contains("*none named*; to name before approving"),
        "{managed}"
    );
    // No unit has a case below its budget: said plainly.
    assert!(
        slide.contains("- **Downside:** *no unit's plan names a downside case*"),
        "{slide}"
    );
    // Where a unit has one, it is its own deck's scenario with its outcome.
    let md = example();
    let slide = slide_with(&md, "| Unit | Risk | Likelihood |");
    assert!(
        slide.contains(
            "- **Downside:** Industrial Sensors BU: Without SPS (€2.05M, −€350k): 6,300 qualified leads (−700)"
        ),
        "{slide}"
    );
    assert!(slide.contains("# 6 risks across the units"), "{slide}");
}

#[test]
fn each_budget_ask_says_what_it_buys_and_what_a_no_costs() {
    let md = services();
    let slide = slide_with(&md, "| # | Unit: ask |");
    assert!(
        slide.contains("| # | Unit: ask | Cost | What it buys | If no | By | Recommendation |"),
        "{slide}"
    );
    let consulting = row(&slide, "**Northgate Consulting**");
    // What it buys: its goals' share of the company targets and its return
    // in money, the unit page's figures.
    let page = titled_slides(&md)
        .into_iter()
        .find(|(t, _)| t.starts_with("Northgate Consulting:"))
        .unwrap()
        .1;
    assert!(
        page.contains("€25M of the €40M of services revenue of the units")
            && page.contains("€4.5M of revenue"),
        "{page}"
    );
    assert!(
        consulting.contains(
            "Its goals: €25M of the €40M of services revenue of the units; 1 framework place of the 2 public-sector framework places; in money, €4.5M of revenue (3.0×)"
        ),
        "{consulting}"
    );
    // What a no costs: the first quarter of its spend, the figure its own
    // deck's ask slide gives, and the company targets' share.
    let own = mvplan(&[
        "render",
        root()
            .join("tests/fixtures/outside/services-group/consulting.toml")
            .to_str()
            .unwrap(),
        "-o",
        "-",
        "-q",
    ]);
    assert!(
        stdout(&own).contains("Q1 2027's €338k of spend waits"),
        "{}",
        stdout(&own)
    );
    assert!(
        consulting.contains("| Q1 2027's €338k waits; the company targets lose its share |"),
        "{consulting}"
    );
    // A unit with no return in money says so; the group plan, with no
    // share of the units' targets, says what its own forecast buys.
    let managed = row(&slide, "**Northgate Managed Services**");
    assert!(managed.contains("; none in money |"), "{managed}");
    let group = row(&slide, "**Group marketing**");
    assert!(
        group.contains("Its forecast: 8 pts of prompted awareness among CIOs"),
        "{group}"
    );
}

#[test]
fn the_roll_up_verdict_and_the_recommendations_agree() {
    let md = services();
    // After the title slide: the summary.
    let summary = &titled_slides(&md)[1].0;
    // One roll-up verdict: the worst unit's, counted, on the title slide
    // and in the summary's title.
    assert!(
        md.contains("**Amber: 3 plans need a look before approval**"),
        "{md}"
    );
    assert!(
        summary.ends_with("; Amber: 3 plans need a look before approval"),
        "{summary}"
    );
    let asks = slide_with(&md, "| # | Unit: ask |");
    // Amber: approve once what the verdict names is settled, naming it.
    assert!(
        row(&asks, "**Northgate Consulting**")
            .ends_with("| approve once “Framework tenders slip into 2028” has an owner |"),
        "{asks}"
    );
    assert!(!asks.contains("approve, watching"), "{asks}");
    assert!(!asks.contains("| approve: "), "{asks}");

    // Over every plan of both portfolios: no open ask is "approve" beside
    // a verdict that says "review before approval"; a Red plan's asks are
    // sent back or declined.
    for dir in [
        "tests/fixtures/outside/services-group",
        "examples/portfolio",
    ] {
        let v: serde_json::Value =
            serde_json::from_str(&review(&root().join(dir), "json")).unwrap();
        for p in v["plans"].as_array().unwrap() {
            let health = p["health"].as_str().unwrap();
            for a in p["asks"].as_array().unwrap() {
                let Some(rec) = a["recommendation"].as_str() else {
                    continue;
                };
                if health.ends_with("review before approval")
                    || health.ends_with("a draft for approval")
                {
                    assert!(
                        !rec.starts_with("approve:") && !rec.starts_with("approve,"),
                        "{dir}: {health} beside {rec}"
                    );
                }
                if p["attention"] == "red" {
                    assert!(
                        rec.starts_with("send back") || rec.starts_with("decline"),
                        "{dir}: {health} beside {rec}"
                    );
                }
            }
        }
    }
    let md = example();
    assert!(
        md.contains("**Red: 1 plan needs action before approval, 3 need a look before approval and 2 approved plans to watch**"),
        "{md}"
    );
}

/// The summary's main risk is the register's first row, whichever plans
/// the review holds: each outside plan alone (a unit's deck can put an
/// unmanaged critical risk above one sized in money, and the register once
/// re-sorted every row by money while the summary took each unit's own
/// first), and the services group and the bundled portfolio together.
#[test]
fn the_summary_s_main_risk_is_the_register_s_first_row() {
    let mut dirs = vec![
        root().join("tests/fixtures/outside/services-group"),
        root().join("examples/portfolio"),
    ];
    let scratch = tempfile::tempdir().unwrap();
    for name in OUTSIDE {
        let d = scratch.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(outside_plan(name), d.join("plan.toml")).unwrap();
        dirs.push(d);
    }
    let mut compared = 0;
    for dir in dirs {
        let md = review(&dir, "md");
        let Some(main) = md.lines().find(|l| l.starts_with("- **Main risk:**")) else {
            continue;
        };
        let Some(slide) = md.split("\n---\n").find(|s| s.contains("| Unit | Risk |")) else {
            continue;
        };
        let first = slide
            .lines()
            .find(|l| l.starts_with("| ") && !l.starts_with("| Unit |"))
            .unwrap_or_else(|| panic!("{}: no row:\n{slide}", dir.display()));
        let risk = first.split('|').nth(2).unwrap().trim();
        assert!(
            main.contains(risk),
            "{}: the summary's {main:?} is not the register's first row {risk:?}",
            dir.display()
        );
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} reviews had a main risk");
}
