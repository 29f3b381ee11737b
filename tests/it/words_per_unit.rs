//! A value per customer the plan's words state and its fields do not
//! (`check/words_per_unit.rs`, #31 C3): dtc-skincare's insight quotes
//! "3.1x the 12-month LTV" beside an objective of new customers valued at
//! £41.20 of nothing stated, and readers scored the deck as having no
//! based value. `check` points at the figure and gives the TOML to add;
//! it never makes a number up, and the deck does not use these figures.

use mvplan::check::Settings;
use mvplan::source::SourceFile;

use crate::common::{check_findings, outside_plan};

const STARTER: &str = include_str!("../../templates/new/starter.toml");
const RULE: &str = "value-stated-in-words";

/// The starter with its pipeline objective made a count of customers
/// with no value, its insight's finding replaced by `finding`, and
/// `fields` added to the objective.
fn plan(finding: &str, fields: &str) -> String {
    let edits = [
        (
            "metric = \"Marketing-sourced pipeline\"\nunit = \"EUR\"",
            format!("metric = \"New customers\"\nunit = \"customers\"\n{fields}"),
        ),
        (
            "win_rate = 20                                # % of the pipeline won\n",
            String::new(),
        ),
        (
            "sales_cycle_days = 90                        # pipeline created → deal closed\n",
            String::new(),
        ),
        (
            "finding = \"What you learned that shapes the plan\"",
            format!("finding = \"{finding}\""),
        ),
    ];
    let mut text = STARTER.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "edit target not found: {from}");
        text = text.replacen(from, &to, 1);
    }
    text
}

/// (message, help, the text under the caret) of the rule's findings.
fn hits(text: &str) -> Vec<(String, String, String)> {
    let (report, _) =
        mvplan::check_source(SourceFile::new("case.toml", text), &Settings::default());
    report
        .findings
        .iter()
        .filter(|f| f.rule == RULE)
        .map(|f| {
            (
                f.message.clone(),
                f.help.clone().unwrap_or_default(),
                f.span
                    .clone()
                    .map(|s| text[s].to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn an_average_order_value_in_words_is_pointed_at_with_the_toml_to_add() {
    let on = hits(&plan("A customer's average order value is €85", ""));
    assert_eq!(on.len(), 1, "{on:?}");
    let (message, help, under) = &on[0];
    assert_eq!(under, "€85");
    assert!(message.contains("insight `first-insight`"), "{message}");
    assert!(message.contains("objective `pipeline`"), "{message}");
    assert!(message.contains("no value per unit"), "{message}");
    assert!(help.contains("`value_per_unit = 85`"), "{help}");
    assert!(help.contains("`value_basis = \"…\"`"), "{help}");
}

#[test]
fn a_value_typed_with_its_basis_is_not_suggested() {
    let typed = "value_per_unit = 85\nvalue_basis = \"revenue\"";
    assert_eq!(
        hits(&plan("A customer's average order value is €85", typed)),
        vec![]
    );
}

#[test]
fn the_same_value_typed_without_a_basis_asks_for_the_basis_only() {
    let on = hits(&plan(
        "A customer's average order value is €85",
        "value_per_unit = 85",
    ));
    assert_eq!(on.len(), 1, "{on:?}");
    assert!(
        on[0]
            .0
            .contains("values each customer at €85 with no basis"),
        "{}",
        on[0].0
    );
    assert!(on[0].1.contains("add `value_basis = \"…\"`"), "{}", on[0].1);
    assert!(!on[0].1.contains("value_per_unit ="), "{}", on[0].1);
    // A different amount is another figure, not this value's basis.
    assert_eq!(
        hits(&plan(
            "A customer's average order value is €85",
            "value_per_unit = 40"
        )),
        vec![]
    );
}

#[test]
fn a_month_of_the_typed_value_says_it_is_a_year_of_it() {
    let on = hits(&plan(
        "Average monthly gift per customer holds at €13.50",
        "value_per_unit = 162",
    ));
    assert_eq!(on.len(), 1, "{on:?}");
    assert!(
        on[0].0.contains("€162 is 12 × the €13.50 a month"),
        "{}",
        on[0].0
    );
    assert_eq!(on[0].2, "€13.50");
}

#[test]
fn a_multiple_of_a_value_says_the_value_is_missing_and_invents_none() {
    let on = hits(&plan(
        "Customers who buy twice have 3.1x the 12-month LTV",
        "",
    ));
    assert_eq!(on.len(), 1, "{on:?}");
    let (message, help, under) = &on[0];
    assert_eq!(under, "3.1x the 12-month LTV");
    assert!(
        message.contains("a multiple of the 12-month LTV"),
        "{message}"
    );
    assert!(
        help.contains("state the 12-month LTV in EUR")
            && help.contains("`value_per_unit = …` with `value_basis = \"12-month LTV\"`"),
        "{help}"
    );
    assert!(!help.contains("3.1"), "{help}");
}

#[test]
fn costs_differences_and_other_things_are_no_value_per_customer() {
    for words in [
        "Customers cost €85 each to acquire",
        "A direct customer nets €19 more per order than a marketplace one",
        // Linked, but names no customer and no word of value.
        "Paid search returned €85k in Q3",
    ] {
        assert_eq!(hits(&plan(words, "")), vec![], "{words}");
    }
}

/// dtc-skincare (read, not edited): its insight's "3.1x the 12-month LTV"
/// for the objective of new customers, whose £41.20 has no basis.
#[test]
fn the_dtc_plan_s_ltv_multiple_is_suggested_where_the_words_are() {
    let path = outside_plan("dtc-skincare");
    let text = std::fs::read_to_string(&path).expect("the plan");
    let found: Vec<_> = check_findings(path.to_str().unwrap())
        .into_iter()
        .filter(|f| f.0 == RULE)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, line, message, help) = &found[0];
    let at = text
        .lines()
        .position(|l| l.contains("3.1x the 12-month LTV"))
        .expect("the insight")
        + 1;
    assert_eq!(*line as usize, at);
    assert!(message.contains("objective `new-customers`"), "{message}");
    assert!(message.contains("£41.20 with no basis"), "{message}");
    assert!(
        help.contains("if £41.20 is the 12-month LTV, add `value_basis = \"12-month LTV\"`"),
        "{help}"
    );
}
