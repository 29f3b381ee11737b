//! "Can deliver" that a board cannot undercut from the deck's own slides
//! (issue #31, criterion 9), and people charts that draw what their titles
//! name (criterion 5): the outside plans, figures read from their TOML.

use crate::common::*;

fn plan_of(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(outside_plan(name)).expect("the plan");
    toml::from_str(&text).expect("a plan")
}

fn people(name: &str) -> (String, String) {
    titled_slides(&outside_deck(name))
        .into_iter()
        .find(|(t, _)| t.contains("People:"))
        .unwrap_or_else(|| panic!("{name}: no people slide"))
}

/// The number (its place in the plan, as the ask slide numbers it) of the
/// ask whose words contain `words`.
fn ask_number(plan: &toml::Table, words: &str) -> usize {
    plan["asks"]
        .as_array()
        .expect("asks")
        .iter()
        .position(|a| a["ask"].as_str().is_some_and(|t| t.contains(words)))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no ask with {words:?}"))
}

/// hotel counts 1.8 FTE of front-desk time that ask 4 has not secured and
/// that a 60%-likely risk with no owner takes away, time its stated work
/// needs. On main the title said "the team can deliver the plan" with no
/// condition. (saas' SDRs, whose skill no stated work uses, condition
/// nothing: `an_ask_no_stated_work_needs_never_conditions_delivery`.)
#[test]
fn capacity_resting_on_an_open_ask_is_conditional_in_the_title() {
    let cases: &[(&str, &str)] = &[("hotel-group", "front-desk shifts")];
    for &(name, words) in cases {
        let plan = plan_of(name);
        let n = ask_number(&plan, words);
        let (title, body) = people(name);
        // The title names the condition its chart draws and counts the
        // others, whose words are on the "Not yet secured" line.
        let secured = body
            .lines()
            .find(|l| l.starts_with("**Not yet secured, counted in capacity:**"))
            .unwrap_or_else(|| panic!("{name}: {body}"));
        assert!(
            title.contains(&format!("only if ask {n} is agreed by "))
                || (title.contains("more condition")
                    && secured.contains(&format!("only if ask {n} "))),
            "{name}: {title}\n{secured}"
        );
        // The summary's health line says the same.
        let deck = outside_deck(name);
        let health = deck
            .lines()
            .find(|l| l.contains("**Plan health:**"))
            .expect("a health line");
        assert!(
            health.contains(&format!("the team delivers only if ask {n} is agreed")),
            "{name}: {health}"
        );
    }
    // hotel: the risk with no owner is the second condition.
    let (title, body) = people("hotel-group");
    assert!(
        title.contains("survives a high-likelihood risk nobody owns"),
        "{title}"
    );
    assert!(
        body.contains("“Summer staff shortages leave no front-desk time for enrolment” (high likelihood, no owner named)"),
        "{body}"
    );
}

/// power-tools' hire ask says "active members stall around 30,000" if
/// declined, against a 45,000 target: neither slide may call the hire
/// unneeded without it, nor the people title say "even without the asked
/// hire".
#[test]
fn a_hire_a_target_depends_on_is_never_just_not_needed() {
    let plan = plan_of("power-tools");
    let target = plan["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["unit"].as_str() == Some("members"))
        .and_then(|o| o["target"].as_integer())
        .expect("a members target");
    let said = format!("the plan's {} members target", group(&target.to_string()));
    let deck = outside_deck("power-tools");
    let (title, body) = people("power-tools");
    assert!(!title.contains("even without"), "{title}");
    assert!(title.contains(&said), "{title}");
    let line = body
        .lines()
        .find(|l| l.starts_with("**Asked for though the team has the hours:**"))
        .expect("the hire's line");
    assert!(line.contains(&said), "{line}");
    let asks = titled_slides(&deck)
        .into_iter()
        .find(|(_, b)| b.contains("| Ask | Cost |"))
        .expect("the ask slide")
        .1;
    let row = asks
        .lines()
        .find(|l| l.contains("Hire a CRM and loyalty app manager"))
        .expect("the hire's row");
    assert!(row.contains(&said), "{row}");
    // One reason on both slides: the stall figure in the ask's own words.
    assert!(
        row.contains("active members stall around 30,000")
            && line.contains("active members stall around 30,000"),
        "{row}\n{line}"
    );
}

/// industrial's Stretch adds "120 more plant accounts" to "ABM — 180
/// specifier & utility accounts": the ABM work scales by 300/180, from the
/// busiest-quarter load the people title states (68%) to ≈ 113%, over
/// capacity — on main the slide said "Stretch …: the team can deliver it".
#[test]
fn a_scenario_that_adds_accounts_loads_the_team_that_works_them() {
    let plan = plan_of("industrial-b2b");
    let abm = plan["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["name"].as_str().filter(|n| n.starts_with("ABM")))
        .expect("the ABM channel");
    let count = |text: &str, before: &str| -> f64 {
        let words: Vec<&str> = text.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[1].starts_with(before) && w[0].parse::<f64>().is_ok())
            .and_then(|w| w[0].parse().ok())
            .unwrap_or_else(|| panic!("no count before {before:?} in {text}"))
    };
    let base = count(abm, "specifier");
    let stretch = plan["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with("Stretch")))
        .expect("Stretch");
    let added = count(stretch["description"].as_str().unwrap(), "more");
    let (title, body) = people("industrial-b2b");
    let busiest: f64 = title
        .split(" is busiest, at ")
        .nth(1)
        .and_then(|r| r.split('%').next())
        .and_then(|p| p.parse().ok())
        .expect("the busiest load");
    let expected = busiest * (base + added) / base;
    let line = body
        .lines()
        .find(|l| l.starts_with("**At other budget levels:**"))
        .expect("the scenarios' line");
    let part = line
        .split("; ")
        .find(|p| p.starts_with("Stretch"))
        .expect("Stretch's verdict");
    // "(ABM needs 3.4 FTE-months, the team has 3)": the people slide's own
    // terms since #31 C10 (a percentage there was read beside the title's
    // "3.9 of 3" as another quantity), so the share is theirs, within the
    // rounding of one decimal each.
    let figure = |after: &str| -> f64 {
        part.split(after)
            .nth(1)
            .and_then(|r| r.split([' ', ')']).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("Stretch names no ABM load: {part}"))
    };
    let (needs, has) = (figure("ABM needs "), figure("the team has "));
    let got = needs / has * 100.0;
    assert!(
        (got - expected).abs() <= 1.0 + 0.05 / has * 100.0 * 2.0,
        "{part}: expected ≈ {expected:.0}%"
    );
    assert!(!part.contains("the team can deliver it"), "{part}");
}

/// Every people chart draws what its title names: a hire or row the title
/// conditions on ("only if the marketing science analyst starts …") is the
/// chart's row, a skill the title names ("short of analytics", "CRM is
/// busiest") is the chart's skill, and the legend lists no series that is
/// zero in every quarter (nonprofit's "Work the rest of the team covers").
/// On main fintech's title named the analyst over a CRM chart and
/// nonprofit's legend had a series with no bar.
#[test]
fn each_people_chart_draws_what_its_title_names() {
    for name in OUTSIDE {
        let (title, body) = people(name);
        // A chart of bars within 5% of each other is stated in one line
        // instead, of the skill the title names (`people_chart::flat_line`).
        if !body.contains("```chart ") {
            let line = body
                .lines()
                .find(|l| {
                    l.starts_with("**") && l.contains(" work") && l.contains(" in each quarter")
                })
                .unwrap_or_else(|| panic!("{name}: no chart nor its line on {title}"));
            let skill = line
                .trim_start_matches("**")
                .split(" work")
                .next()
                .unwrap_or_default();
            assert!(
                title.to_lowercase().contains(&skill.to_lowercase()),
                "{name}: {line} under {title}"
            );
            continue;
        }
        let chart = body
            .split("```chart ")
            .nth(1)
            .and_then(|c| c.split("```").next())
            .unwrap_or_else(|| panic!("{name}: no chart on {title}"));
        let chart_title = chart
            .lines()
            .find_map(|l| l.strip_prefix("# title: "))
            .expect("a chart title")
            .to_lowercase();
        let series: Vec<&str> = chart
            .lines()
            .find_map(|l| l.strip_prefix("# series: "))
            .expect("a legend")
            .split(", ")
            .collect();
        let rows: Vec<Vec<f64>> = chart
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(": "))
            .map(|l| {
                l.rsplit_once(": ")
                    .unwrap()
                    .1
                    .split(", ")
                    .map(|v| v.trim().parse().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        for (i, s) in series.iter().enumerate() {
            assert!(
                rows.iter().any(|r| r.get(i).is_some_and(|v| *v != 0.0)),
                "{name}: legend lists {s:?}, drawn in no quarter\n{chart}"
            );
        }
        let title_l = title.to_lowercase();
        // A hire the title conditions on: "if the X starts by" — the chart
        // is of the first condition that carries work, named in the title's
        // "without …" clause; where the title names only hires, the first.
        if title_l.contains("only if the ")
            && title_l.contains(" starts by ")
            && !title_l.contains("ask ")
        {
            let hire = title_l
                .split("only if the ")
                .nth(1)
                .and_then(|r| r.split(" starts by ").next())
                .unwrap();
            assert!(
                chart_title.contains(&format!("without the {hire}")),
                "{name}: title names {hire:?}, chart is {chart_title:?}"
            );
        }
        // A skill the title says is short or busiest.
        let named = title_l
            .split(" short of ")
            .nth(1)
            .map(|r| r.split(" in ").next().unwrap_or(r).to_string())
            .or_else(|| {
                title_l
                    .split("; ")
                    .find_map(|p| p.split_once(" is busiest").map(|(s, _)| s.to_string()))
            });
        if let Some(skill) = named {
            assert!(
                chart_title.starts_with(skill.trim()),
                "{name}: title names {skill:?}, chart is {chart_title:?}"
            );
        }
    }
}

/// dtc's Meta forecast buys customers at £23.62 where the plan's own lift
/// test says £31 (`forecast-beats-evidence`): the health line that states
/// how much of the gap the forecast closes states the share at the
/// evidence's cost beside it, lower — on main it gave the forecast's 54%
/// alone beside a slide that says the forecast beats its evidence.
#[test]
fn the_health_line_states_the_evidence_basis_where_the_forecast_beats_it() {
    let deck = outside_deck("dtc-skincare");
    assert!(
        deck.contains("the plan's own evidence says"),
        "the rule fires"
    );
    for line in deck
        .lines()
        .filter(|l| l.contains("Amber · forecast closes"))
    {
        let pct = |s: &str| -> f64 {
            s.rsplit(|c: char| !c.is_ascii_digit())
                .find(|p| !p.is_empty())
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("no figure in {s:?}"))
        };
        let (forecast, rest) = line
            .split_once("% of the gap")
            .unwrap_or_else(|| panic!("{line}"));
        let (evidence, _) = rest
            .split_once("% at the cost the plan's own evidence states")
            .unwrap_or_else(|| panic!("no evidence basis in {line}"));
        assert!(pct(evidence) < pct(forecast), "{line}");
    }
}

/// One answer to "is this ask needed for delivery" (`figures::gap_filled`, read by every slide that says it): saas
/// said "capacity counts this time, though no work the plan states needs
/// it" of ask 4's SDRs on the people slide and "the team delivers only if
/// ask 4 is agreed" in the summary. On every outside plan and example, an
/// ask the people slide says no stated work needs is never a condition of
/// delivery anywhere in the deck — and the saas SDR ask is one such (its
/// row's only skill, "sdr", is a skill no channel or initiative states).
#[test]
fn an_ask_no_stated_work_needs_never_conditions_delivery() {
    let examples = ["b2b-saas", "consumer-brand", "industrial-unit"].map(|e| {
        let path = root().join("examples").join(format!("{e}.toml"));
        let o = mvplan(&["render", path.to_str().unwrap(), "-o", "-"]);
        assert!(o.status.success(), "{e}: {}", stderr(&o));
        (e.to_string(), stdout(&o))
    });
    let outside = OUTSIDE.iter().map(|n| (n.to_string(), outside_deck(n)));
    let mut counted = Vec::new();
    for (name, deck) in outside.chain(examples) {
        for line in deck
            .lines()
            .filter(|l| l.contains("no work the plan states needs it"))
        {
            let Some(n) = line
                .split("ask ")
                .skip(1)
                .find_map(|w| w.split(|c: char| !c.is_ascii_digit()).next())
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            counted.push(format!("{name} {n}"));
            for cond in [format!("only if ask {n} "), format!("only if ask {n};")] {
                assert!(
                    !deck.contains(&cond),
                    "{name}: ask {n} is needed by no stated work ({line}) yet the deck says {cond:?}"
                );
            }
        }
    }
    // The saas SDRs: their skill is stated by no work.
    let plan = plan_of("saas-plg");
    let n = ask_number(&plan, "SDRs");
    assert!(counted.contains(&format!("saas-plg {n}")), "{counted:?}");
}
