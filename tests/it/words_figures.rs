//! Amounts in a plan's words checked against each other and against its
//! figures (`check/words_figures.rs`, `check/words_evidence.rs`): each rule
//! fires on a small plan and stays quiet on its near miss; over the outside
//! plans, every hit is listed, its figures worked out here from the TOML.

use mvplan::check::Settings;
use mvplan::source::SourceFile;
use rust_decimal::Decimal;

use crate::common::{
    OUTSIDE, check_findings, outside_deck, outside_plan, table_row, titled_slides,
};

const STARTER: &str = include_str!("../../templates/new/starter.toml");

const RULES: &[&str] = &[
    "words-price-disagree",
    "words-items-disagree",
    "goal-part-unmatched",
    "forecast-beats-evidence",
    "value-stated-in-words",
];

/// `(from, to)` replacements in the starter's text.
type Edits = Vec<(&'static str, &'static str)>;

/// The starter with `(from, to)` replacements, each of which must match.
fn starter_with(edits: &[(&str, &str)]) -> String {
    let mut text = STARTER.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "edit target not found: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// (rule, message, help) of this part's rules on a plan text.
fn hits(text: &str) -> Vec<(String, String, String)> {
    let (report, _) =
        mvplan::check_source(SourceFile::new("case.toml", text), &Settings::default());
    report
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.rule))
        .map(|f| {
            (
                f.rule.to_string(),
                f.message.clone(),
                f.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn rules_of(h: &[(String, String, String)]) -> Vec<&str> {
    h.iter().map(|(r, _, _)| r.as_str()).collect()
}

pub(crate) fn toml_of(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(outside_plan(name)).unwrap();
    text.parse().unwrap()
}

/// The table of `kind` (e.g. "channels") whose id is `id`.
pub(crate) fn item<'a>(t: &'a toml::Table, kind: &str, id: &str) -> &'a toml::Table {
    t[kind]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_table())
        .find(|v| v["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no {kind} {id}"))
}

pub(crate) fn number(v: &toml::Value) -> Decimal {
    match v {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) => Decimal::try_from(*f).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

/// €975k, €1.2M: the compact notation, three significant figures.
pub(crate) fn compact(sym: &str, d: Decimal) -> String {
    let (v, s) = if d >= Decimal::from(1_000_000) {
        (d / Decimal::from(1_000_000), "M")
    } else {
        (d / Decimal::ONE_THOUSAND, "k")
    };
    let places = if v >= Decimal::ONE_HUNDRED {
        0
    } else if v >= Decimal::TEN {
        1
    } else {
        2
    };
    format!("{sym}{}{s}", v.round_dp(places).normalize())
}

#[test]
fn each_rule_fires_on_its_case_and_not_on_its_near_miss() {
    let cases: Vec<(&str, Edits, Edits)> = vec![
        (
            "words-price-disagree",
            vec![
                (
                    "name = \"Your key initiative\"",
                    "name = \"New trade booth (€60k)\"",
                ),
                (
                    "mitigation = \"Weekly pipeline review with Sales\"",
                    "mitigation = \"Weekly pipeline review; €80k for a new trade booth if needed\"",
                ),
            ],
            // The same price in both places; and a move of money to a
            // channel is a move, not a price of it.
            vec![
                (
                    "name = \"Your key initiative\"",
                    "name = \"New trade booth (€60k)\"",
                ),
                (
                    "mitigation = \"Weekly pipeline review with Sales\"",
                    "mitigation = \"€60k for a new trade booth; else move €20k from events to paid search\"",
                ),
            ],
        ),
        (
            "words-items-disagree",
            vec![(
                "outcomes = { pipeline = 4_000_000 }\n",
                "outcomes = { pipeline = 4_000_000 }\n\n[[scenarios]]\nid = \"cut\"\nname = \"Cut (−€150k)\"\nbudget = 850_000\ndescription = \"Events cut by €100k and paid search −€20k.\"\n",
            )],
            // Items that add up (paid search halved: €200k of its €400k),
            // beside what the cut leaves alone.
            vec![(
                "outcomes = { pipeline = 4_000_000 }\n",
                "outcomes = { pipeline = 4_000_000 }\n\n[[scenarios]]\nid = \"cut\"\nname = \"Cut (−€250k)\"\nbudget = 750_000\ndescription = \"Events cut by €50k and paid search halved; research and the agency kept whole.\"\n",
            )],
        ),
        (
            "goal-part-unmatched",
            vec![(
                "statement = \"Grow revenue from €10M to €12M\"",
                "statement = \"Grow revenue from €10M to €12M, including €2M from marketing-sourced pipeline\"",
            )],
            // €1M is the growth the objective's target asks for.
            vec![(
                "statement = \"Grow revenue from €10M to €12M\"",
                "statement = \"Grow revenue from €10M to €12M, including €1M from marketing-sourced pipeline\"",
            )],
        ),
        (
            "forecast-beats-evidence",
            vec![
                (
                    "finding = \"What you learned that shapes the plan\"",
                    "finding = \"Lift test: true cost per pipeline euro was €0.25\"",
                ),
                ("informs = [\"pipeline\"]", "informs = [\"paid-search\"]"),
            ],
            // €0.18 is within 10% of the forecast's €400k / €2.4M.
            vec![
                (
                    "finding = \"What you learned that shapes the plan\"",
                    "finding = \"Lift test: true cost per pipeline euro was €0.18\"",
                ),
                ("informs = [\"pipeline\"]", "informs = [\"paid-search\"]"),
            ],
        ),
        (
            "value-stated-in-words",
            vec![(
                "win_rate = 20                                # % of the pipeline won\n",
                "",
            )],
            // A value per unit with its basis: the objective is valued.
            vec![(
                "win_rate = 20                                # % of the pipeline won\n",
                "value_per_unit = 0.2\nvalue_basis = \"revenue\"\n",
            )],
        ),
    ];
    for (rule, fires, quiet) in cases {
        let on = hits(&starter_with(&fires));
        assert!(rules_of(&on).contains(&rule), "{rule} did not fire: {on:?}");
        let off = hits(&starter_with(&quiet));
        assert!(
            !rules_of(&off).contains(&rule),
            "{rule} fired on its near miss: {off:?}"
        );
    }
    assert_eq!(hits(STARTER), vec![]);
}

#[test]
fn the_starter_cases_say_both_figures() {
    let on = hits(&starter_with(&[(
        "statement = \"Grow revenue from €10M to €12M\"",
        "statement = \"Grow revenue from €10M to €12M, including €2M from marketing-sourced pipeline\"",
    )]));
    assert_eq!(on.len(), 1);
    // The objective's target, €4M, from the starter's TOML.
    assert!(
        on[0].1.contains("puts €2M on marketing-sourced pipeline"),
        "{}",
        on[0].1
    );
    assert!(
        on[0]
            .1
            .contains("make objective `pipeline` worth €4M (its target of €4M)"),
        "{}",
        on[0].1
    );
    let on = hits(&starter_with(&[(
        "win_rate = 20                                # % of the pipeline won\n",
        "",
    )]));
    assert_eq!(on.len(), 1);
    assert!(on[0].2.contains("`win_rate = 20`"), "{}", on[0].2);
}

/// Every hit of these rules on the seven outside plans: exactly these.
#[test]
fn over_the_outside_plans_each_hit_is_listed_and_the_rest_are_quiet() {
    let expected: &[(&str, &[&str])] = &[
        (
            "industrial-b2b",
            &["value-stated-in-words", "value-stated-in-words"],
        ),
        // dtc: "3.1x the 12-month LTV" beside new customers valued at
        // £41.20 of no basis; nonprofit: "€13.50" a month beside donors
        // valued at €162 (12 × it) of no basis (tests/it/words_per_unit.rs).
        (
            "dtc-skincare",
            &["forecast-beats-evidence", "value-stated-in-words"],
        ),
        ("nonprofit-or-public", &["value-stated-in-words"]),
        ("saas-plg", &[]),
        ("hotel-group", &["goal-part-unmatched"]),
        ("fintech-app", &[]),
        (
            "power-tools",
            &["words-items-disagree", "words-price-disagree"],
        ),
    ];
    assert_eq!(expected.len(), OUTSIDE.len());
    for (name, rules) in expected {
        let mut got: Vec<String> = check_findings(outside_plan(name).to_str().unwrap())
            .into_iter()
            .map(|f| f.0)
            .filter(|r| RULES.contains(&r.as_str()))
            .collect();
        got.sort();
        assert_eq!(got, *rules, "{name}");
    }
}

fn finding(name: &str, rule: &str) -> Vec<(String, u64, String, String)> {
    check_findings(outside_plan(name).to_str().unwrap())
        .into_iter()
        .filter(|f| f.0 == rule)
        .collect()
}

#[test]
fn the_fifth_van_is_priced_three_ways_and_each_place_is_named() {
    let t = toml_of("power-tools");
    // Where the plan's words price the fifth van.
    let moved = item(&t, "scenarios", "vans-not-press")["description"]
        .as_str()
        .unwrap();
    assert!(moved.contains("move €250k from trade press to a fifth demo van"));
    let push = item(&t, "scenarios", "web-push")["description"]
        .as_str()
        .unwrap();
    assert!(push.contains("a fifth van (€300k)"));
    let ask = item(&t, "asks", "fifth-van")["ask"].as_str().unwrap();
    assert!(ask.contains("Release €350k for a fifth demo van"));
    let trigger = item(&t, "triggers", "pipeline-ahead")["action"]
        .as_str()
        .unwrap();
    assert!(trigger.contains("release the €350k for a fifth van"));
    let f = finding("power-tools", "words-price-disagree");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].2.ends_with(
            "3 ways: €250k (scenario `vans-not-press`); €300k (scenario `web-push`); €350k (trigger `pipeline-ahead`, ask `fifth-van`)"
        ),
        "{}",
        f[0].2
    );
}

#[test]
fn the_group_cut_s_items_add_up_to_less_than_its_name_says() {
    let t = toml_of("power-tools");
    let budget = |id: &str| number(&item(&t, "channels", id)["budget"]);
    let s = item(&t, "scenarios", "group-cut");
    assert_eq!(s["name"].as_str(), Some("Group cut (−€1.2m)"));
    let d = s["description"].as_str().unwrap();
    assert!(d.contains(
        "LinkedIn halved, trade press cut by €150k, three vans instead of four, co-op −€300k"
    ));
    // LinkedIn halved; €150k; one van of four of the demo-van tour; €300k.
    let items = budget("linkedin") / Decimal::TWO
        + Decimal::from(150_000)
        + budget("demo-van") / Decimal::from(4)
        + Decimal::from(300_000);
    let f = finding("power-tools", "words-items-disagree");
    assert_eq!(f.len(), 1, "{f:?}");
    let said = format!(
        "states a total of €1.2M, but the items its words list add up to {}",
        compact("€", items)
    );
    assert!(f[0].2.contains(&said), "{}\nwanted: {said}", f[0].2);
    assert!(f[0].2.contains(&format!(
        "\"LinkedIn halved\" {}",
        compact("€", budget("linkedin") / Decimal::TWO)
    )));
}

#[test]
fn porto_s_six_million_is_set_against_what_the_plan_values_it_at() {
    let t = toml_of("hotel-group");
    let o = item(&t, "objectives", "porto-nights");
    let worth = number(&o["target"]) * number(&o["value_per_unit"]);
    let g = item(&t, "goals", "room-revenue")["statement"]
        .as_str()
        .unwrap();
    assert!(g.contains("including €6M from Maris Porto"));
    let f = finding("hotel-group", "goal-part-unmatched");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].2.contains("puts €6M on Maris Porto"), "{}", f[0].2);
    // Porto's value per room night is revenue (the ADR its author's comment
    // beside it names): the message gives the worth and how it is made.
    let how = format!(
        "make objective `porto-nights` worth €{}k ({} room nights × €{})",
        worth / rust_decimal::Decimal::from(1_000),
        mvplan::format::group(number(&o["target"])),
        number(&o["value_per_unit"])
    );
    assert!(f[0].2.contains(&how), "{}: {how}", f[0].2);
    // The value slide says it beside the bridges' reach of the goal.
    let deck = outside_deck("hotel-group");
    let line = deck
        .lines()
        .find(|l| l.starts_with("**Against the business goals:**"))
        .expect("goal line");
    assert!(
        line.contains(&format!(
            "of the goal's €6M from Maris Porto, the plan forecasts €{}k",
            worth / rust_decimal::Decimal::from(1_000)
        )),
        "{line}"
    );
}

#[test]
fn meta_s_forecast_is_set_against_the_plan_s_own_lift_test() {
    let t = toml_of("dtc-skincare");
    let budget = number(&item(&t, "channels", "meta")["budget"]);
    let finding_text = item(&t, "insights", "lift-test")["finding"]
        .as_str()
        .unwrap();
    assert!(finding_text.contains("true incremental CAC £31"));
    let evidence = Decimal::from(31);
    // What the budget buys at the evidence's cost, to three figures.
    let at = budget / evidence;
    let at = (at / Decimal::ONE_HUNDRED).round() * Decimal::ONE_HUNDRED;
    let at = format!("≈{} customers", mvplan::format::group(at));
    let deck = outside_deck("dtc-skincare");
    let slide = titled_slides(&deck)
        .into_iter()
        .find(|(_, b)| b.contains("| Meta paid social (FB/IG)") && b.contains("| Channel |"))
        .expect("channel slide")
        .1;
    let row = table_row(&slide, "Meta paid social");
    assert!(row[0].ends_with('⚠'), "{row:?}");
    // The forecast the row shows, and the cost per customer it makes.
    let shown: Decimal = row[4]
        .split("New DTC customers: ")
        .nth(1)
        .and_then(|s| s.split([' ', ';']).next())
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    let cost = (budget / shown).round_dp(2);
    let f = finding("dtc-skincare", "forecast-beats-evidence");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].2.contains(&format!("£{cost} each")),
        "{}: £{cost}",
        f[0].2
    );
    assert!(f[0].2.contains("says they cost £31"), "{}", f[0].2);
    assert!(f[0].2.contains(&at), "{}: {at}", f[0].2);
    let under = slide
        .lines()
        .find(|l| l.starts_with("*⚠ Meta paid social"))
        .expect("the line under the table");
    assert!(under.contains(&format!("£{cost} each")), "{under}");
    assert!(under.contains(&at), "{under}");
}

#[test]
fn a_win_rate_in_an_assumption_is_named_with_the_toml_to_add() {
    let t = toml_of("industrial-b2b");
    let a = item(&t, "assumptions", "win-rate")["statement"]
        .as_str()
        .unwrap();
    assert!(a.contains("stays at 27%"));
    assert!(!item(&t, "objectives", "sqos").contains_key("win_rate"));
    let f = finding("industrial-b2b", "value-stated-in-words");
    assert_eq!(f.len(), 2, "{f:?}");
    let sqos = f.iter().find(|f| f.2.contains("`sqos`")).expect("sqos");
    assert!(
        sqos.3.contains("`win_rate = 27` with `deal_size`"),
        "{}",
        sqos.3
    );
    let pipeline = f
        .iter()
        .find(|f| f.2.contains("`pipeline`"))
        .expect("pipeline");
    let vpu = item(&t, "objectives", "pipeline")["value_per_unit"]
        .as_float()
        .unwrap()
        .to_string();
    assert!(
        pipeline
            .3
            .contains(&format!("in place of `value_per_unit = {vpu}`")),
        "{}",
        pipeline.3
    );
    // The value slide applies it to the pipeline (money, one rate), and
    // names it beside the SQOs, a count with no deal size, where it says
    // there is no value.
    let deck = outside_deck("industrial-b2b");
    assert!(
        deck.contains("× 27% win rate (as an assumption states — not set on the objective)"),
        "{deck}"
    );
    let line = deck
        .lines()
        .find(|l| {
            l.starts_with("*Not bridged:")
                && l.contains("sales-qualified opportunities (stage 2+) has no win rate")
        })
        .expect("sqos gap line");
    assert!(
        line.contains(
            "an assumption states a 27% win rate for it, but the plan gives no deal size"
        ),
        "{line}"
    );
}

/// The starter with a members objective that carries `extra` and an
/// assumption that says what a member is worth.
fn members_plan(extra: &str) -> String {
    let objective = format!(
        "# value_basis = \"gross margin\"               # …of what: margin, revenue, LTV\n\n[[objectives]]\nid = \"members\"\nstatement = \"Grow active members from 1,000 to 2,000\"\nsupports = [\"revenue\"]\nmetric = \"Active members\"\nunit = \"members\"\nbaseline = 1_000\ntarget = 2_000\ndue = 2027-12-31\n{extra}"
    );
    starter_with(&[
        (
            "# value_basis = \"gross margin\"               # …of what: margin, revenue, LTV\n",
            &objective,
        ),
        (
            "test_by = 2027-03-31\n",
            "test_by = 2027-03-31\n\n[[assumptions]]\nid = \"member-value\"\nstatement = \"An active member is worth €40 of gross margin a year\"\nunderpins = [\"members\"]\n",
        ),
    ])
}

#[test]
fn a_value_per_unit_in_words_is_named_with_the_toml_to_add() {
    // No value on the objective: both fields to add.
    let on = hits(&members_plan(""));
    assert_eq!(rules_of(&on), ["value-stated-in-words"], "{on:?}");
    assert!(
        on[0].1.contains("a value of €40 of gross margin per unit"),
        "{}",
        on[0].1
    );
    assert_eq!(
        on[0].2,
        "on objective `members`, add `value_per_unit = 40` with `value_basis = \"gross margin\"`"
    );
    // The same value with no basis: the words say what it is of.
    let on = hits(&members_plan("value_per_unit = 40\n"));
    assert_eq!(rules_of(&on), ["value-stated-in-words"], "{on:?}");
    assert_eq!(
        on[0].2,
        "on objective `members`, add `value_basis = \"gross margin\"`"
    );
    // Valued with its basis, or a different value with none: quiet (the
    // words do not say what 35 is of).
    let valued = "value_per_unit = 40\nvalue_basis = \"gross margin\"\n";
    assert_eq!(hits(&members_plan(valued)), vec![]);
    assert_eq!(hits(&members_plan("value_per_unit = 35\n")), vec![]);
}

#[test]
fn items_are_added_up_past_what_the_change_leaves_alone() {
    let plan = |total: &str, budget: &str| {
        starter_with(&[(
            "outcomes = { pipeline = 4_000_000 }\n",
            &format!(
                "outcomes = {{ pipeline = 4_000_000 }}\n\n[[scenarios]]\nid = \"cut\"\nname = \"Cut (−{total})\"\nbudget = {budget}\ndescription = \"Events cut by €50k and paid search halved; research and the agency kept whole.\"\n"
            ),
        )])
    };
    // €50k + half of paid search's €400k = €250k.
    assert_eq!(hits(&plan("€250k", "750_000")), vec![]);
    let on = hits(&plan("€300k", "700_000"));
    assert_eq!(rules_of(&on), ["words-items-disagree"], "{on:?}");
    assert!(
        on[0]
            .1
            .contains("states a total of €300k, but the items its words list add up to €250k"),
        "{}",
        on[0].1
    );
}

#[test]
fn words_whose_case_changes_length_are_read_without_panicking() {
    // "İ" lower-cases to two characters (a byte longer each): the comma's
    // offset in the lower-cased text falls inside the "€" after it.
    let text = starter_with(&[(
        "mitigation = \"Weekly pipeline review with Sales\"",
        "mitigation = \"€80k for İİ,€ booth\"",
    )]);
    assert_eq!(hits(&text), vec![]);
}

#[test]
fn a_win_rate_after_a_wide_character_is_read() {
    let text = starter_with(&[
        (
            "win_rate = 20                                # % of the pipeline won\n",
            "",
        ),
        (
            "statement = \"Win rate on marketing-sourced pipeline holds at 20%\"",
            "statement = \"Win rate≈22% on marketing-sourced pipeline\"",
        ),
    ]);
    let on = hits(&text);
    assert_eq!(rules_of(&on), ["value-stated-in-words"], "{on:?}");
    assert!(on[0].2.contains("`win_rate = 22`"), "{}", on[0].2);
}

/// The check reads the words' prices once per plan, without the file
/// (`price_disagreements_of`), and puts each finding on the text of its
/// first mention in the file: one sentence where it first stands, not the
/// table that holds it.
#[test]
fn a_price_disagreement_points_at_its_first_sentence_in_the_file() {
    let mut seen = 0;
    for name in OUTSIDE {
        let path = outside_plan(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let (report, _) = mvplan::check_path(&path, &Settings::default());
        for f in report
            .findings
            .iter()
            .filter(|f| f.rule == "words-price-disagree")
        {
            let span = f.span.clone().expect("a price disagreement has a place");
            let said = &text[span.clone()];
            assert!(
                !said.is_empty() && !said.contains('\n'),
                "{name}: {said:?} is not one sentence"
            );
            assert_eq!(text.find(said), Some(span.start), "{name}: {said:?}");
            // It states one of the prices the finding lists ("€250k (…)").
            assert!(
                f.message
                    .split(['€', '£', '$'])
                    .skip(1)
                    .any(|p| { said.contains(p.split([' ', ';', ')']).next().unwrap_or("~")) }),
                "{name}: {said:?} states none of {}",
                f.message
            );
            seen += 1;
        }
    }
    assert!(
        seen >= 1,
        "no outside plan's words price a thing differently"
    );
}
