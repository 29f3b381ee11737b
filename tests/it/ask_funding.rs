//! Where an ask's money stands against the budget, on plans written outside
//! the project (tests/fixtures/outside/): in the budget, new money or
//! contingent — said by the plan (`funding`), or inferred from what the plan
//! says, never from a coincidence of amounts.

use crate::common::*;

fn deck(plan: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck.md");
    let o = mvplan(&["render", plan, "-o", out.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(out).unwrap()
}

fn asks_slide(deck: &str) -> &str {
    // The asks slide is the one with the asks table; its title states
    // what to approve: "# Approve €4.7M and one hire by …".
    let table = deck.find("| # | Ask | Cost |").expect("an asks slide");
    let start = deck[..table].rfind("\n# ").expect("a title") + 1;
    let end = deck[start + 2..]
        .find("\n# ")
        .map_or(deck.len(), |e| start + 2 + e);
    &deck[start..end]
}

/// The ask slide's line of totals under its title ("**To decide:** Approve
/// €4.7M by 15 Dec 2026 and …"): the summary's phrase, with each part's
/// date and the contingent money; the title says what the asks buy.
fn totals_line(slide: &str) -> &str {
    slide
        .lines()
        .find(|l| l.starts_with("**To decide:** "))
        .unwrap_or_else(|| panic!("no totals line in\n{slide}"))
}

fn row<'d>(slide: &'d str, words: &str) -> &'d str {
    slide
        .lines()
        .find(|l| l.starts_with('|') && l.contains(words))
        .unwrap_or_else(|| panic!("no row with {words:?} in\n{slide}"))
}

/// hotel-group: the €150k Porto relaunch is asked "only if the opening slips
/// past 1 October". The plan also has a €150k martech line, which the ask does
/// not name; it used to be shown "(in the budget)" and counted in "€210k of it
/// already in the budget". Already in the budget is only the Porto manager's
/// hire, whose team row costs €60,000 (plan.toml, `[[team]] porto-manager`).
#[test]
fn a_conditional_ask_is_contingent_not_a_budget_line_of_the_same_amount() {
    let deck = deck("tests/fixtures/outside/hotel-group/plan.toml");
    let slide = asks_slide(&deck);
    let relaunch = row(slide, "Porto autumn relaunch");
    assert!(relaunch.contains("€150k (contingent)"), "{relaunch}");
    assert!(!slide.contains("€210k"), "{slide}");
    let title = totals_line(slide);
    // Inside the €4.7M budget being approved, the hire's €60k is part of
    // that figure; the hire is needed by its own date, not the budget's.
    assert!(
        title.contains("(€60k of it for asks inside the budget)"),
        "{title}"
    );
    assert!(
        title.contains("by 15 Dec 2026 and one hire by 31 Jan 2027"),
        "{title}"
    );
    // The condition is the ask's own words after "only if".
    assert!(
        title.contains("€150k more only if the opening slips past 1 October"),
        "{title}"
    );
}

/// saas-plg: the $1.25M stretch release "only if enterprise pipeline passes
/// $9M" used to be new money, added to the "to approve" total: $12.3M budget +
/// $1.25M = "$13.6M to approve". It is contingent: to approve is the budget
/// ($12,290,000 in plan.toml) and the contingent $1.25M stands apart.
#[test]
fn a_release_only_if_a_condition_is_met_is_not_added_to_what_is_approved() {
    let deck = deck("tests/fixtures/outside/saas-plg/plan.toml");
    let slide = asks_slide(&deck);
    let title = totals_line(slide);
    assert!(!title.contains("$13.6M"), "{title}");
    assert!(
        title.contains("$1.3M more only if enterprise pipeline passes \\$9M by October 31")
            || title.contains("$1.25M more only if enterprise pipeline passes \\$9M by October 31"),
        "{title}"
    );
    assert!(row(slide, "Release a further").contains("(contingent)"));
}

/// The plan's word wins: the same hotel plan with `funding = "in-budget"` on
/// the relaunch (say the board put it in the contingency line) shows it in
/// the budget, and with `funding = "new-money"` as new money.
#[test]
fn funding_said_by_the_plan_wins() {
    let plan = std::fs::read_to_string("tests/fixtures/outside/hotel-group/plan.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (said, shown) in [
        ("in-budget", "€150k (in the budget)"),
        ("new-money", "€150k (new money)"),
    ] {
        let edited = plan.replacen(
            "amount = 150_000\nby = 2027-08-15",
            &format!("amount = 150_000\nfunding = \"{said}\"\nby = 2027-08-15"),
            1,
        );
        assert_ne!(edited, plan);
        let path = dir.path().join(format!("{said}.toml"));
        std::fs::write(&path, edited).unwrap();
        let deck = deck(path.to_str().unwrap());
        assert!(
            row(asks_slide(&deck), "Porto autumn relaunch").contains(shown),
            "{said}"
        );
    }
    // A value that is none of the three is an error with the choices.
    let bad = plan.replacen(
        "amount = 150_000\nby = 2027-08-15",
        "amount = 150_000\nfunding = \"maybe\"\nby = 2027-08-15",
        1,
    );
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad).unwrap();
    let o = mvplan(&["check", path.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    let all = stdout(&o) + &stderr(&o);
    assert!(
        all.contains("in-budget") && all.contains("contingent"),
        "{all}"
    );
}

/// The slide's row of every open ask, with its cells: (ask, cost, buys, no, by).
fn ask_rows(slide: &str) -> Vec<Vec<String>> {
    slide
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | **"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .skip(1)
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Rubric criterion 7 on every plan written outside the project: each ask
/// on the slide has a date — before its money is first spent, said so, where
/// the plan gives none (subscription-brand's budget ask said "no date") — and
/// says plainly what it does not know: never a blank "no date", and a whole
/// budget's "no" is worked out from its phasing when the plan names no
/// smaller budget (it said "The plan does not say what a no costs").
#[test]
fn every_ask_has_a_date_and_a_cost_of_no() {
    let mut plans: Vec<String> = OUTSIDE
        .iter()
        .map(|p| outside_plan(p).to_str().unwrap().to_string())
        .collect();
    plans.push("tests/fixtures/outside/subscription-brand.toml".to_string());
    for plan in &plans {
        let deck = deck(plan);
        let slide = asks_slide(&deck);
        for cells in ask_rows(slide) {
            let by = cells.last().unwrap();
            assert!(by != "no date" && by.contains(" 20"), "{plan}: {cells:?}");
        }
    }
    let deck = deck("tests/fixtures/outside/subscription-brand.toml");
    let budget = row(asks_slide(&deck), "Approve the £2M budget");
    // [plan] start = 2027-01-01; the first quarter's phased spend waits,
    // and the decision comes before it (`deck::ask_due`).
    assert!(budget.contains("1 Jan 2027 (first spend)"), "{budget}");
    assert!(
        budget.contains("Nothing is committed: Q1 2027's £"),
        "{budget}"
    );
    assert!(!budget.contains("does not say what a no costs"), "{budget}");
    // The totals' date is the same implied one.
    let title = totals_line(asks_slide(&deck));
    assert!(title.contains("by 1 Jan 2027"), "{title}");
}

/// "No money (a decision)" only for a decision that commits none. The
/// hotel's "member rate 10% below OTA parity" gives up revenue and the
/// consumer brand's "Fund chiller branding … from the trade budget" spends:
/// both were shown as "no money (a decision)"; they are "no figure given
/// for" what their words commit, said in a sentence (never a quoted
/// fragment, which reads as text cut off), and `ask-undecidable` asks for
/// the amount on the submitted plan. A decision that commits nothing (the
/// SaaS plan's pricing-page ownership) stays "no money (a decision)".
#[test]
fn a_decision_whose_words_commit_money_is_not_shown_as_free() {
    let hotel = deck(outside_plan("hotel-group").to_str().unwrap());
    let rate = row(asks_slide(&hotel), "member rate 10% below");
    assert!(
        rate.contains("*cost not given for the rate cut it commits to (10% below OTA parity): decide after the owner sizes it*"),
        "{rate}"
    );
    let consumer = deck("examples/consumer-brand.toml");
    let chiller = row(asks_slide(&consumer), "Fund chiller branding");
    assert!(
        chiller.contains("*cost not given for what it funds: decide after the owner sizes it*"),
        "{chiller}"
    );
    let saas = deck(outside_plan("saas-plg").to_str().unwrap());
    let pricing = row(asks_slide(&saas), "ownership of the pricing page");
    assert!(pricing.contains("| no money (a decision) |"), "{pricing}");
    // "Sales commits 6 SDRs …" (kind = "other"): people's time, not this
    // budget's money; in FTE for the period, priced at the plan's average
    // cost per FTE (its SDR row states none).
    let sdr = row(asks_slide(&saas), "Sales commits 6 SDRs");
    assert!(
        sdr.contains(
            ", not from this budget: 3 FTE of Sales' time for the year at the plan's average "
        ),
        "{sdr}"
    );

    let o = mvplan(&[
        "check",
        "--format",
        "json",
        outside_plan("hotel-group").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let rate = findings
        .iter()
        .find(|f| {
            f["rule"] == "ask-undecidable"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("`member-rate-decision`")
        })
        .unwrap_or_else(|| panic!("no finding on the member rate: {findings:#?}"));
    assert!(rate["message"].as_str().unwrap().contains("what it costs"));
    assert!(rate["help"].as_str().unwrap().contains("`amount = "));
}

/// A contingent ask without `buys` or `if_declined` still says the case
/// its money is held for: the charity's "up to €12,500 from unrestricted
/// reserves if the Walk is cancelled by weather" said "The plan does not say
/// what it buys" and "The €12.5k is not spent"; then "the plan does not say
/// what it would pay for", though the ask names the Walk, a channel with a
/// forecast: the reserve bears on that forecast (the channel slide's figure).
#[test]
fn a_contingent_ask_says_the_case_its_money_is_held_for() {
    let deck = deck(outside_plan("nonprofit-or-public").to_str().unwrap());
    let reserves = row(asks_slide(&deck), "unrestricted reserves");
    assert!(
        reserves.contains(
            "A reserve for one case, if the Walk is cancelled by weather: the €118k of campaign income (appeals + Walk) forecast from 'Walk Till Morning' community fundraiser (4 cities) rests on it"
        ),
        "{reserves}"
    );
    assert!(
        reserves.contains("If the Walk is cancelled by weather, there is no €12.5k to draw on"),
        "{reserves}"
    );
}

/// A headcount ask whose team row has no cost says which field prices it:
/// the planted subscription plan's video producer (`role = "video-hire"`,
/// a row with no `cost`).
#[test]
fn an_unpriced_hire_is_told_which_field_prices_it() {
    let o = mvplan(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/outside/subscription-brand.planted.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let help: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ask-undecidable")
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert!(
        help.iter()
            .any(|h| h.contains("`cost` on team row `video-hire`")),
        "{help:?}"
    );
    let deck = deck("tests/fixtures/outside/subscription-brand.planted.toml");
    let hire = row(asks_slide(&deck), "video producer");
    assert!(
        hire.contains("| *1 FTE; cost not given: decide after the owner sizes it* |"),
        "{hire}"
    );
}

/// A decision that names a scenario above the budget but gives no amount
/// commits that scenario's extra money: dtc-skincare's "Decide by June on
/// the Boots national roll-out (+£420k)" without its `amount` showed "no
/// money (a decision)"; it costs the scenario's £3.7M less the plan's
/// £3.28M, said where the figure comes from, and stays contingent.
#[test]
fn a_decision_naming_a_scenario_costs_its_budget_difference() {
    let text = std::fs::read_to_string(outside_plan("dtc-skincare")).unwrap();
    let edited = text.replacen("amount = 420_000\n", "", 1);
    assert_ne!(edited, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, edited).unwrap();
    let deck = deck(path.to_str().unwrap());
    let boots = row(asks_slide(&deck), "Boots national roll-out (+£420k)");
    assert!(
        boots.contains("(contingent: the Boots national roll-out scenario's £3."),
        "{boots}"
    );
    assert!(!boots.contains("no money"), "{boots}");
}

/// A contingent ask the plan's contingency line covers is money the total
/// budget already holds: shown as part of the budget, never as more money
/// on top (#31 class 2). The hotel plan's relaunch, cut to €80k with
/// `funding = "contingent"`, sits inside its €90,000 contingency
/// (`[budget] contingency = 90_000`); the old deck said "€80k more only if
/// the opening slips".
#[test]
fn a_contingent_ask_inside_the_contingency_is_not_more_money() {
    let text = std::fs::read_to_string("tests/fixtures/outside/hotel-group/plan.toml").unwrap();
    let edited = text
        .replace(
            "ask = \"€150k for a Porto autumn relaunch",
            "ask = \"€80k for a Porto autumn relaunch",
        )
        .replace(
            "amount = 150_000\nby = 2027-08-15",
            "amount = 80_000\nfunding = \"contingent\"\nby = 2027-08-15",
        );
    assert_ne!(text, edited);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, edited).unwrap();
    let deck = deck(plan.to_str().unwrap());
    let slide = asks_slide(&deck);
    let title = totals_line(slide);
    assert!(!title.contains("more only if"), "{title}");
    assert!(
        title.contains(
            "€80k of the budget's €90k contingency drawn only if the opening slips past 1 October"
        ),
        "{title}"
    );
    let relaunch = row(slide, "Porto autumn relaunch");
    assert!(
        relaunch.contains("€80k (contingent, from the contingency)"),
        "{relaunch}"
    );
    // The summary states the same totals.
    let summary = deck.split("\n---\n").nth(2).unwrap();
    assert!(!summary.contains("€80k more"), "{summary}");
}

/// #31 criterion 7: an ask slide in a board's words. The cost cell said
/// "cost not stated (its words commit money: “budget”)"; an ask without
/// `buys` said "The plan does not say what it buys" though the plan gives
/// its reason elsewhere; a hire the team does not need for capacity said
/// "approve only to avoid what a no costs (next column)", which is the
/// next column again. Now: industrial's "5-day lead follow-up SLA" protects
/// what the risk whose mitigation is the "SLA in comp plan" puts at stake
/// (high × high); the $6.18M of pipeline the PQL channel saas's SDR
/// commitment names rests on it; the charity's digital-officer extension
/// leads with its only stated reason (what a no costs) and says once that
/// it is not needed for capacity.
#[test]
fn asks_say_what_they_buy_in_the_board_s_words() {
    for name in OUTSIDE {
        let md = deck(outside_plan(name).to_str().unwrap());
        let slide = asks_slide(&md);
        for machine in [
            "cost not stated",
            "its words commit money",
            "The plan does not say what it buys",
            "approve only to avoid what a no costs",
            "the plan does not say what it would pay for",
        ] {
            assert!(!slide.contains(machine), "{name}: {machine:?} in\n{slide}");
        }
    }
    let industrial = deck(outside_plan("industrial-b2b").to_str().unwrap());
    let sla = row(asks_slide(&industrial), "5-day lead follow-up SLA");
    // What it protects first, the risk's size as the risk slide gives it.
    assert!(
        sla.contains("| Protects up to ")
            && sla.contains(
                "10.4M of marketing-sourced opportunity value created (SFDC) from the high-likelihood, high-impact risk that regional sales reps don't follow up booth and ABM leads within 5 days"
            ),
        "{sla}"
    );
    let saas = deck(outside_plan("saas-plg").to_str().unwrap());
    let sdr = row(asks_slide(&saas), "Sales commits 6 SDRs");
    assert!(
        sdr.contains("6.18M of enterprise pipeline forecast from Enterprise ABM (PQL accounts + tier-1 list) rests on it"),
        "{sdr}"
    );
    let charity = deck(outside_plan("nonprofit-or-public").to_str().unwrap());
    let officer = row(asks_slide(&charity), "digital officer");
    assert!(
        // What the money does (the row's time and channels), not only
        // what a no costs (a reader scored that an ask that buys nothing).
        officer.contains("| 0.2 FTE more of the Digital officer's time on Paid social, Supporter email \\& SMS and Google Ad Grants (the plan's Christmas 'Longest Night' appeal rests on it; not for hours) |"),
        "{officer}"
    );
    let power = deck(outside_plan("power-tools").to_str().unwrap());
    let bauma = row(asks_slide(&power), "bauma 2028 stand");
    assert!(
        bauma.contains("€350k (in the budget); **commits €1.9M in 2028**, beyond this plan"),
        "{bauma}"
    );
}
