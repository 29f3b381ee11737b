//! #31 classes 6–9 on the pitch decks of the three plans written outside
//! the project (tests/fixtures/outside/): no thin slide (one or two rows
//! fold into their neighbour), no appendix slide repeating the main story,
//! asks with no holes, risks with their gaps named and a downside and a
//! trade-off beside them, and people and health lines that agree.
//!
//! The figures are worked out by hand from the plan files, in each test's
//! comment; the structural checks (rows per slide, rows repeated between
//! the main story and the appendix) read the Markdown, not mvplan's model.

use crate::common::*;

const PLANS: &[&str] = &["industrial-b2b", "dtc-skincare", "nonprofit-or-public"];

fn pitch(name: &str) -> String {
    let plan = root()
        .join("tests/fixtures/outside")
        .join(name)
        .join("plan.toml");
    let o = mvplan(&["render", plan.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn check_json(name: &str) -> serde_json::Value {
    let plan = root()
        .join("tests/fixtures/outside")
        .join(name)
        .join("plan.toml");
    let o = mvplan(&["check", "--format", "json", plan.to_str().unwrap()]);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).expect("check --format json prints JSON");
    v["files"][0].clone()
}

/// The slides after the front matter and the title slide, each with its
/// title.
fn slides(deck: &str) -> Vec<(String, String)> {
    titled_slides(deck).into_iter().skip(1).collect()
}

/// Rows of the slide's tables, cells trimmed, without header, rule and
/// total rows (a total is not a row of content).
fn rows(slide: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut in_table = 0;
    for line in slide.lines() {
        if !line.starts_with('|') {
            in_table = 0;
            continue;
        }
        in_table += 1;
        if in_table <= 2 {
            continue; // header and rule
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect();
        if matches!(cells[0].as_str(), "**Forecast**" | "**Total**") {
            continue;
        }
        out.push(cells);
    }
    out
}

fn slide<'d>(deck: &'d [(String, String)], title_has: &str) -> &'d str {
    &deck
        .iter()
        .find(|(t, _)| t.contains(title_has))
        .unwrap_or_else(|| panic!("no slide titled with {title_has:?}"))
        .1
}

/// Defect 1: a slide whose content is one or two rows (table rows and
/// bullets) and no chart is thin. The ask slide is exempt (the rubric's
/// rule), and so is the title slide (no table).
#[test]
fn no_slide_of_the_outside_decks_is_thin() {
    for p in PLANS {
        let deck = slides(&pitch(p));
        for (title, body) in &deck {
            let bullets = body.lines().filter(|l| l.starts_with("- ")).count();
            // The insights slide states its first insight as its title,
            // with the source under it: that is a row of content too.
            let sourced_title = body
                .lines()
                .skip_while(|l| !l.starts_with("# "))
                .nth(2)
                .is_some_and(|l| l.starts_with('*') && l.ends_with("confidence*"));
            let n = rows(body).len() + bullets + usize::from(sourced_title);
            let thin = (1..=2).contains(&n) && !body.contains("```chart");
            let asks = body.contains("| # | Ask |");
            assert!(!thin || asks, "{p}: slide {title:?} has {n} rows:\n{body}");
        }
    }
}

/// Defect 1, where the rows went: dtc has 2 goals, 2 triggers and 2
/// channels with curves (Meta, TikTok); the nonprofit 2 goals and 1
/// trigger. Each is now a line on its neighbour: the goals under the
/// forecast table, the triggers under the risks, the optimiser under the
/// scenarios — and no slide of their own.
#[test]
fn thin_slides_fold_into_their_neighbour() {
    for p in ["dtc-skincare", "nonprofit-or-public"] {
        let deck = slides(&pitch(p));
        assert!(
            !deck.iter().any(|(t, _)| t.contains("business goal")),
            "{p}: a goals slide of 2 rows is still there"
        );
        assert!(
            !deck.iter().any(|(t, _)| t.contains("Triggers")),
            "{p}: a triggers slide is still there"
        );
        let forecast = slide(&deck, "objectives are forecast short");
        assert!(
            forecast.contains("**The business goals they serve:**"),
            "{p}: the goals are not on the forecast slide:\n{forecast}"
        );
        // "The highest-exposure risk could cost …" where a risk has a money
        // exposure, "The top risk … by likelihood × impact" where not.
        let risks = deck
            .iter()
            .find(|(t, _)| t.starts_with("The top risk ") || t.starts_with("The highest-exposure "))
            .map(|d| d.1.as_str())
            .unwrap_or_else(|| panic!("{p}: no risk slide"));
        assert!(
            risks.contains("when we move money:**"),
            "{p}: the triggers are not on the risk slide:\n{risks}"
        );
    }
    // dtc's two goals: "Grow net revenue from £11.4M to £15.1M", served by
    // 4 objectives (customers, DTC revenue, retail, awareness), and the
    // margin goal by 2 (DTC revenue, repeat rate).
    let dtc = pitch("dtc-skincare");
    assert!(dtc.contains("Grow net revenue from £11.4M to £15.1M, by Dec 2027 (4 objectives)"));
    // The 2-channel optimiser is a line on the scenarios slide: its one
    // move (£60k from TikTok to Meta, 143 of 106,000 customers: 0.13%, to
    // two significant figures of the level) is below the deck's 0.5%
    // threshold, so the line says how close the mix is, with the figures
    // the optimiser's table moves — never "already the best split".
    let deck = slides(&dtc);
    assert!(
        !deck
            .iter()
            .any(|(t, _)| t.contains("the money is where the curves say"))
    );
    let scenarios = slide(&deck, "ranges from");
    assert!(
        scenarios.contains("- **New DTC customers:** within 0.13% of the best split of the £1.44M on the 2 channels with curves (56% of channel money): moving £60k adds 143 customers."),
        "{scenarios}"
    );
    assert!(!dtc.contains("already the best split"), "{dtc}");
    // The industrial plan has 3 goals: its goals slide stays.
    assert!(
        pitch("industrial-b2b").contains("# 4 marketing objectives serve all 3 business goals")
    );
}

/// Defect 2: no appendix table row repeats a main-story row — the same
/// first cell with a figure (a cell with a digit) the same. The alignment
/// map lists channels with their budgets as the detail behind the channel
/// slide, which the rubric puts in the appendix by name: it is left out.
#[test]
fn no_appendix_slide_repeats_the_main_story() {
    for p in PLANS {
        let deck = slides(&pitch(p));
        let (main, appendix): (Vec<_>, Vec<_>) =
            deck.iter().partition(|(t, _)| !t.starts_with("Appendix"));
        let main_rows: Vec<Vec<String>> = main.iter().flat_map(|(_, b)| rows(b)).collect();
        for (title, body) in appendix {
            if title.contains("Alignment map") {
                continue;
            }
            for row in rows(body) {
                let repeated = main_rows.iter().any(|m| {
                    m[0] == row[0]
                        && row[1..]
                            .iter()
                            .any(|c| c.chars().any(|ch| ch.is_ascii_digit()) && m[1..].contains(c))
                });
                assert!(!repeated, "{p}: {title:?} repeats {row:?}");
            }
        }
        assert!(
            !deck
                .iter()
                .any(|(t, _)| t == "Appendix: Marketing objectives"),
            "{p}"
        );
    }
}

/// Defect 3: every ask shows a cost in money, what it buys and what a no
/// costs — never "—" or "not stated" alone.
///
/// Worked out by hand from the plans:
/// - nonprofit ask 2 (0.2 FTE, no amount) names the "Digital officer
///   (fixed-term, part-time)" row: 0.6 FTE for €24,600, so €41,000 per FTE,
///   × 0.2 = €8,200 ≈ €8.2k;
/// - dtc ask 3 (+£420k) is the Boots roll-out scenario's extra money:
///   £3,698,000 − £3,278,180 = £419,820, within 1% of £420,000; a no keeps
///   the plan's £3,278,180 (£3.3M);
/// - dtc ask 2 fills `retail-mgr`, owner of the "Boots launch (310 doors)"
///   initiative: that is what it buys, not "1 FTE: …".
#[test]
fn every_ask_says_its_cost_what_it_buys_and_what_a_no_costs() {
    for p in PLANS {
        let deck = slides(&pitch(p));
        let asks = &deck
            .iter()
            .find(|(_, b)| b.contains("| # | Ask |"))
            .expect("an ask slide")
            .1;
        for row in rows(asks) {
            let (cost, buys, no) = (&row[2], &row[3], &row[4]);
            for cell in [cost, buys, no] {
                assert!(
                    !matches!(cell.as_str(), "—" | "not stated" | ""),
                    "{p}: a hole in {row:?}"
                );
            }
            assert!(
                cost.contains(['$', '£', '€']) || cost.starts_with("no money"),
                "{p}: no money cost in {row:?}"
            );
            assert!(
                !buys.contains("1 FTE:"),
                "{p}: an input, not an outcome: {row:?}"
            );
        }
    }
    let nonprofit = pitch("nonprofit-or-public");
    assert!(
        nonprofit.contains("≈ €8.2k (new money: 0.2 FTE at the Digital officer's €41k per FTE)"),
        "{nonprofit}"
    );
    let dtc = pitch("dtc-skincare");
    assert!(dtc.contains("The plan stays at £3.28M"), "{dtc}");
    assert!(dtc.contains("Runs Boots launch (310 doors)"), "{dtc}");
}

/// Defect 3, the checker: industrial (submitted) ask `sla` gives no `buys`,
/// but its words name the risk its mitigation answers (SLA): the ask slide
/// says what it protects, so `ask-undecidable` does not call what it buys
/// missing (the health slide said "does not say what it buys" beside "Protects
/// up to $10.4M"). An ask whose words name nothing of the plan is flagged
/// (`rules.rs`'s case).
#[test]
fn an_ask_whose_purpose_the_plan_s_words_give_is_not_flagged_for_buys() {
    let v = check_json("industrial-b2b");
    assert!(
        !v["findings"].as_array().expect("findings").iter().any(|f| {
            f["rule"] == "ask-undecidable" && f["message"].as_str().unwrap().contains("`sla`")
        }),
        "{v}"
    );
    let md = pitch("industrial-b2b");
    assert!(
        md.contains("| Protects up to "),
        "the ask slide words its purpose"
    );
    // The budget ask buys the forecast and the hire the capacity it adds:
    // neither is flagged for `buys`.
    for f in v["findings"].as_array().unwrap() {
        let m = f["message"].as_str().unwrap_or("");
        assert!(!(m.contains("`budget`") && m.contains("`buys`")), "{m}");
    }
}

/// Defect 4: a risk without an owner or a mitigation says so on the slide
/// (a policy's `[require] fields = ["risks.owner"]` makes it an error in
/// `mvplan check`). Industrial: "Tariffs on imported motors…" has no
/// mitigation, "Distributors claim co-op…" no owner. Nonprofit's
/// `volunteer-dropout` has neither. The risk slide also carries the
/// downside case (the lowest scenario) and a trade-off with its effect.
#[test]
fn risks_name_their_gaps_and_sit_beside_a_downside_and_a_trade_off() {
    for p in ["industrial-b2b", "nonprofit-or-public"] {
        let deck = slides(&pitch(p));
        // "The highest-exposure risk could cost …" where a risk has a money
        // exposure, "The top risk … by likelihood × impact" where not.
        let risks = deck
            .iter()
            .find(|(t, _)| t.starts_with("The top risk ") || t.starts_with("The highest-exposure "))
            .map(|d| d.1.as_str())
            .unwrap_or_else(|| panic!("{p}: no risk slide"));
        // On record, or (a high risk's, 31H) the board's decision first.
        assert!(
            risks.contains("*none named*; on record: ")
                || risks.contains("*none named*; to agree before approving"),
            "{p}:\n{risks}"
        );
        assert!(risks.contains("*none named*; "), "{p}:\n{risks}");
        for row in rows(risks) {
            assert!(!row.iter().any(|c| c == "—"), "{p}: {row:?}");
        }
        // Nonprofit's only cut ("HSE grant not renewed", €152k) types 1,120
        // donors, more than the plan's 1,020 at €187k: `scenario-cut-buys-more`
        // doubts it, so it is no downside case to quote (and is not quoted).
        if p == "nonprofit-or-public" {
            assert!(!risks.contains("1,120"), "{p}:\n{risks}");
        } else {
            assert!(risks.contains("**Downside case:**"), "{p}:\n{risks}");
        }
        // Nonprofit puts no scenario choice to the board: its trade-off is
        // an ask and what the plan says a no costs.
        assert!(risks.contains("**Trade-off:**"), "{p}:\n{risks}");
    }
}

/// Defect 5: the people slide's title, its chart and the summary's health
/// line agree.
///
/// dtc: the title names Q1 2027's CRM gap; the chart is CRM's need against
/// CRM's capacity, so Q1 shows work not covered (> 0), where the all-skills
/// chart showed 0. The CRM & retention manager is the only CRM row (1 FTE,
/// 3 FTE-months a quarter), so capacity 3 in every quarter. Q1's need, spread
/// by calendar month (effort is in FTE-months): the CRM channel's 11 a year,
/// 11 / 4 = 2.75, and the welcome-flow initiative's 2 over 15 Jan – 31 May
/// (17/31 + 4 months), 2 × (17/31 + 2) / (17/31 + 4) = 1.12: 3.87 → 3.9.
#[test]
fn the_people_slide_charts_what_its_title_claims() {
    let dtc = pitch("dtc-skincare");
    let deck = slides(&dtc);
    let people = slide(&deck, "People:");
    assert!(
        people.contains("# Appendix: People: Q1 2027 needs 3.9 FTE-months of CRM, the team has 3"),
        "{people}"
    );
    assert!(
        people.contains("# title: CRM work against the team's CRM capacity"),
        "{people}"
    );
    let q1 = people
        .lines()
        .find(|l| l.starts_with("Q1 2027: "))
        .expect("a Q1 row");
    let parts: Vec<f64> = q1["Q1 2027: ".len()..]
        .split(", ")
        .map(|x| x.parse().unwrap())
        .collect();
    // Covered 3 (all of CRM's capacity), not covered 3.9 − 3 = 0.9, spare 0.
    assert_eq!(parts, vec![3.0, 0.9, 0.0], "{q1}");
    // The summary's health line names the shortfall.
    let summary = &deck
        .iter()
        .find(|(_, b)| b.contains("**Plan health:**"))
        .expect("a summary")
        .1;
    // Every shortfall, in one phrase, not Q1's CRM alone. By hand from the
    // plan (year 2027; effort is in FTE-months, spread by calendar month, a
    // part month by its share of days):
    // - CRM: channel `crm` effort 11 over 12 months → 2.75 a quarter;
    //   initiative `subscribe` crm 2 over 15 Jan–31 May (17/31 + 4 = 4.548
    //   months) → Q1 2×2.548/4.548 = 1.12, Q2 2×2/4.548 = 0.88. Q1 3.87, Q2
    //   3.63 against 3: short 0.9 and 0.6 ("up to 0.9").
    // - retail: `boots-launch` retail 3 over 15 Mar–30 Jun (17/31 + 3 =
    //   3.548 months) → Q1 3×0.548/3.548 = 0.46; the only retail row starts
    //   1 Apr: short 0.5 in Q1; Q2 3×3/3.548 = 2.54 against 3, no gap.
    assert!(
        summary.contains("the team is short of CRM in Q1 2027 and Q2 2027 (up to 0.9 FTE-months) and of retail in Q1 2027 (0.5 FTE-months)"),
        "{summary}"
    );
}

/// The people slide's title names the busiest skill ("lifecycle is
/// busiest, at 95% in Q2"): the chart is that skill's work against that
/// skill's capacity, and no series is zero in every quarter (no "Work not
/// covered" of all zeros when the team covers everything). Checked on the
/// two outside plans whose titles name a busiest skill, by reading the
/// chart's data: each quarter's work ÷ (work + spare) is the utilisation,
/// and the titled quarter's is the titled percentage (±1 for the chart's
/// rounding to one decimal).
#[test]
fn a_busiest_skill_title_charts_that_skill() {
    // saas and hotel now title what "can deliver" rests on (an ask, a
    // hire) and chart that row (`people_terms::each_people_chart_draws_what_its_title_names`):
    // every outside deck whose people title names a busiest skill, at least
    // one (industrial, power-tools).
    let mut titled = 0;
    for &p in OUTSIDE {
        let deck = slides(&pitch(p));
        let people = slide(&deck, "People:");
        let title = people.lines().find(|l| l.starts_with("# ")).unwrap();
        let Some((skill, rest)) = title
            .split("; ")
            .skip(1)
            .find_map(|r| r.split_once(" is busiest, at "))
        else {
            continue;
        };
        titled += 1;
        let (pct, quarter) = rest.split_once("% in ").unwrap();
        let pct: f64 = pct.parse().unwrap();
        // A plan quarter dated in the title ("Q2 (May–Jul 2027)") is the
        // chart's "Q2".
        let quarter = quarter.split(", but").next().unwrap().trim();
        let quarter = quarter.split(" (").next().unwrap();
        let upper = {
            let mut c = skill.chars();
            c.next()
                .unwrap()
                .to_uppercase()
                .chain(c)
                .collect::<String>()
        };
        // Bars within 5% of each other are no chart but one line of the
        // skill's load by quarter (`people_chart::flat_line`): the titled
        // quarter's percentage is in it.
        let flat = format!("**{upper} work against the team's {skill} capacity:** ");
        if let Some(line) = people.lines().find(|l| l.starts_with(&flat)) {
            assert!(
                line.contains(&format!("{quarter} {pct}%"))
                    || line.contains(&format!("{pct}% in each quarter")),
                "{p}: {line} under {title}"
            );
            assert!(!people.contains("```chart"), "{p}: {people}");
            continue;
        }
        // Work against capacity in FTE-months; or, where those draw the
        // same every quarter, the skill's load as a share of its capacity.
        let share = people.contains(&format!(
            "# title: {upper} work as a share of the team's {skill} capacity"
        ));
        assert!(
            share
                || people.contains(&format!(
                    "# title: {upper} work against the team's {skill} capacity"
                )),
            "{p}: {people}"
        );
        assert!(
            people.contains(if share {
                "# series: Share of capacity\n"
            } else {
                "# series: Work the team covers, Spare capacity\n"
            }),
            "{p}: a series of zeros\n{people}"
        );
        let row = people
            .lines()
            .find(|l| l.starts_with(&format!("{quarter}: ")))
            .unwrap_or_else(|| panic!("{p}: no {quarter} row\n{people}"));
        let v: Vec<f64> = row[quarter.len() + 2..]
            .split(", ")
            .map(|x| x.parse().unwrap())
            .collect();
        let shown = if share {
            v[0]
        } else {
            100.0 * v[0] / (v[0] + v[1])
        };
        assert!(
            (shown - pct).abs() <= 1.5,
            "{p}: {row} is {shown}%, title {pct}%"
        );
    }
    assert!(titled >= 2, "{titled} people titles name a busiest skill");
}

/// Defect 5: nonprofit's "the team can deliver" counted the volunteer crew
/// (6 at 15%), which the `volunteer-dropout` risk rates high likelihood;
/// industrial's and nonprofit's hire asks sat beside "can deliver" and a
/// `hire-unjustified` warning. Now the title says the condition, and the ask
/// says the hire is not for capacity.
#[test]
fn can_deliver_says_its_condition_and_the_hire_ask_agrees() {
    let nonprofit = pitch("nonprofit-or-public");
    assert!(
        nonprofit.contains("People: the team can deliver the plan only if the volunteer comms \\& events crew stays: a high-likelihood risk"),
        "{nonprofit}"
    );
    assert!(
        nonprofit.contains("the team delivers the plan only if the volunteer comms \\& events crew stays (a high-likelihood risk)"),
        "the summary's health line does not say it"
    );
    let industrial = pitch("industrial-b2b");
    let deck = slides(&industrial);
    let people = slide(&deck, "People:");
    // The hire the team's hours do not need, with the plan work that
    // rests on it — never "even without the asked hire" beside an ask
    // whose no slips the plan's attribution initiative.
    assert!(
        people.contains("the team has the hours for the plan's work; ask 2 is not for hours: the plan's Multi-touch attribution in HubSpot + SFDC rests on it")
            && !people.contains("even without the asked hire"),
        "{people}"
    );
    let asks = &deck
        .iter()
        .find(|(_, b)| b.contains("| # | Ask |"))
        .expect("an ask slide")
        .1;
    // The plan's own reason (its `buys`) first, then that the team does
    // not need it for capacity; the people slide gives the same reason.
    assert!(
        asks.contains(
            "| Attribution live by March; MDF claims verified monthly (the plan's Multi-touch attribution in HubSpot + SFDC rests on it; not for hours) |"
        ),
        "{asks}"
    );
    assert!(
        people.contains("it is asked for attribution live by March; MDF claims verified monthly"),
        "{people}"
    );
}

/// Criterion 6: the executive summary is read in about a minute — the
/// ask, the return, the main risk, the alternative and the cost of no, one
/// line each. On main the outside summaries ran 294–460 words (every ask's
/// line, every objective's changes, every move and scenario); now each
/// line names the lead items and points to the slide with the rest, and
/// no summary passes 300 words while none of the five parts is lost (280
/// until the summary also carried the figures to settle, an undecidable
/// ask and the condition the team's capacity rests on: about 75 seconds'
/// reading).
#[test]
fn the_summary_is_one_line_per_part_and_short() {
    for &name in OUTSIDE {
        let deck = stdout(&mvplan(&[
            "render",
            outside_plan(name).to_str().unwrap(),
            "--force",
            "-o",
            "-",
        ]));
        let (_, summary) = &slides(&deck)[0];
        let body: String = summary.split("<!--").next().unwrap_or_default().to_string();
        let words = body.split_whitespace().count();
        assert!(words <= 300, "{name}: {words} words\n{body}");
        for part in [
            "- **We ask for:**",
            "- **What it returns:**",
            "- **Main risk:**",
            "- **Alternatives considered:**",
            "- **If declined or late:**",
        ] {
            assert_eq!(body.matches(part).count(), 1, "{name}: {part}\n{body}");
        }
    }
}
