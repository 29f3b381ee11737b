//! The open asks' totals by where their money stands against the budget:
//! the one phrase the summary and the ask slide's title both state
//! ("Approve €187k and ≈ €8.2k of new money by 24 Mar 2027; €12.5k more
//! only if the Walk is cancelled by weather"). Total asked is new money;
//! what the budget already holds — an ask inside it, a contingent ask its
//! contingency line covers — is shown as part of the budget, never on top.

use rust_decimal::Decimal;
use serde::Serialize;

use super::asks::{AskView, Funding, ask_scenario, not_for_capacity};
use super::shown::money;
use crate::figures::Figures;
use crate::plan::*;

/// The open asks' money by where it stands against the budget: the one
/// set of totals the summary and the ask slide both state. Every priced
/// ask counts once — an estimate as an estimate.
#[derive(Debug, Default, Serialize)]
pub struct AskTotals {
    /// The whole-budget ask.
    pub budget: Decimal,
    /// Of the budget: asks already inside it.
    pub inside: Decimal,
    /// Money the budget does not hold, stated by the plan.
    pub new_money: Decimal,
    /// Money the budget does not hold, estimated by the deck.
    pub estimated: Decimal,
    /// Spent only if a condition is met or a later decision goes one way.
    pub contingent: Decimal,
    /// Contingent, drawn from the contingency line the total budget already
    /// holds ([`Funding::FromContingency`]): part of the budget, not more.
    pub from_contingency: Decimal,
    /// Hires needed for capacity that the asks would fill.
    pub hires: usize,
    /// In words: "Approve €187k and ≈ €8.2k of new money by 24 Mar 2027;
    /// €12.5k more only if the Walk is cancelled by weather".
    pub phrase: String,
}

pub fn totals(plan: &Plan, fig: &Figures, open: &[&AskView<'_>]) -> AskTotals {
    let cur = |d: Decimal| money(plan, d);
    let mut t = AskTotals::default();
    let mut conditions = Vec::new();
    let mut from_contingency = Vec::new();
    for a in open {
        let estimated = a.cost.is_none();
        let Some(amount) = a.cost.or(a.estimate.as_ref().map(|e| e.amount)) else {
            continue;
        };
        match a.funding {
            Some(Funding::TheBudget) => t.budget += amount,
            Some(Funding::InTheBudget) => t.inside += amount,
            Some(Funding::NewMoney) if estimated => t.estimated += amount,
            Some(Funding::NewMoney) => t.new_money += amount,
            Some(Funding::Contingent) => {
                t.contingent += amount;
                conditions.push(condition(plan, a.ask));
            }
            Some(Funding::FromContingency) => {
                // Several such asks can outgrow the line: what it does not
                // cover is more money, as any contingent ask.
                let line = plan
                    .budget
                    .contingency
                    .as_ref()
                    .map_or(Decimal::ZERO, |c| c.value);
                let room = (line - t.from_contingency).max(Decimal::ZERO);
                t.from_contingency += amount.min(room);
                if amount > room {
                    t.contingent += amount - room;
                }
                from_contingency.push(condition(plan, a.ask));
            }
            None => {}
        }
    }
    t.hires = open
        .iter()
        .filter(|a| a.ask.kind == AskKind::Headcount && !not_for_capacity(plan, fig, a.ask))
        .count();
    let first_by = open
        .iter()
        .filter_map(|a| a.ask.by.as_ref().map(|b| b.value))
        .min();
    let mut approve = Vec::new();
    if t.budget > Decimal::ZERO {
        approve.push(cur(t.budget));
    }
    if t.new_money > Decimal::ZERO {
        approve.push(format!("{} of new money", cur(t.new_money)));
    }
    if t.estimated > Decimal::ZERO {
        approve.push(format!("≈ {} of new money", cur(t.estimated)));
    }
    match t.hires {
        0 => {}
        1 => approve.push("one hire".to_string()),
        n => approve.push(format!("{n} hires")),
    }
    let by = first_by
        .map(|d| format!(" by {}", super::shown::date(d)))
        .unwrap_or_default();
    let mut phrase = match approve.as_slice() {
        [] if t.inside > Decimal::ZERO => {
            format!("Approve {} (already in the budget){by}", cur(t.inside))
        }
        [] => format!(
            "Decide {} ask{}{by}",
            open.len(),
            if open.len() == 1 { "" } else { "s" }
        ),
        [one] => format!("Approve {one}{by}"),
        [init @ .., last] => format!("Approve {} and {last}{by}", init.join(", ")),
    };
    if !approve.is_empty() && t.inside > Decimal::ZERO {
        phrase.push_str(&format!(" ({} of it already in the budget)", cur(t.inside)));
    }
    let when = |conditions: &[Option<String>]| match conditions {
        [Some(c)] => format!("only if {c}"),
        _ => "only if decided so".to_string(),
    };
    if t.from_contingency > Decimal::ZERO {
        phrase.push_str(&format!(
            "; {} of the budget's {} contingency drawn {}",
            cur(t.from_contingency),
            cur(plan
                .budget
                .contingency
                .as_ref()
                .map_or(Decimal::ZERO, |c| c.value)),
            when(&from_contingency)
        ));
    }
    if t.contingent > Decimal::ZERO {
        phrase.push_str(&format!(
            "; {} more {}",
            cur(t.contingent),
            when(&conditions)
        ));
    }
    t.phrase = phrase;
    t
}

/// The condition a contingent ask's money waits on: its own words after
/// "only if" / "if" ("the Walk is cancelled by weather"), or the scenario
/// it pays for going ahead.
fn condition(plan: &Plan, a: &Ask) -> Option<String> {
    let text = a.ask.trim_end_matches('.');
    let lower = text.to_lowercase();
    if let Some(i) = lower.rfind(" if ") {
        let c = text[i + 4..].trim();
        if !c.is_empty() {
            return Some(c.to_string());
        }
    }
    ask_scenario(plan, a).map(|s| format!("the {} goes ahead", s.name))
}
