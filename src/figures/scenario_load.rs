//! When and where a scenario's money is spent, for the figures that load
//! it (the team's work, what a contingent ask buys): per channel, its
//! budget in the scenario against the plan's, and the date from which a
//! change of money is spent when the plan releases it at a date.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::plan::{Ask, AskFunding, Plan, Scenario};

/// A scenario's money as the work sees it.
pub struct ScenarioSpend {
    /// Per channel (the plan's order): its budget in the scenario ÷ its
    /// budget in the plan. A scenario with `changes` moves only the
    /// channels it names; one with only a budget scales every channel.
    pub factors: Vec<Decimal>,
    /// The change of money is spent from this date only (`release`).
    pub from: Option<NaiveDate>,
}

pub fn spend(plan: &Plan, typed: &Scenario) -> ScenarioSpend {
    // The work lands where the money goes: on the channels its words or
    // outcomes aim it at, not the planned mix (`scenario_aim`).
    let aimed = super::scenario_aim::aimed(plan, typed);
    let s = aimed.as_ref();
    let total = plan.budget.total.value;
    let factors = plan
        .channels
        .iter()
        .map(|c| {
            if s.changes.is_empty() {
                s.budget.value.checked_div(total).unwrap_or(Decimal::ONE)
            } else {
                match s.change_of(&c.id.value) {
                    Some(d) if !c.budget.value.is_zero() => ((c.budget.value + d)
                        .checked_div(c.budget.value)
                        .unwrap_or(Decimal::ONE))
                    .max(Decimal::ZERO),
                    _ => Decimal::ONE,
                }
            }
        })
        .collect();
    ScenarioSpend {
        factors,
        from: release(plan, s),
    }
}

/// Whether an ask's money is spent only in one case: the plan says so
/// (`funding = "contingent"`), or its words do ("only if the opening
/// slips", "a reserve if needed", "contingent on").
pub fn says_contingent(a: &Ask) -> bool {
    let ask = a.ask.to_lowercase();
    a.funding == Some(AskFunding::Contingent)
        || [
            "only if",
            "if needed",
            "if required",
            "contingent",
            "contingency",
        ]
        .iter()
        .any(|w| ask.contains(w))
}

/// The date from which a scenario's change of money is spent, inside the
/// plan's period: a trigger that switches to the scenario looks at its
/// date; else a contingent ask for the scenario's extra money (within 1%)
/// is decided by its date. `None`: from the plan's start.
pub fn release(plan: &Plan, s: &Scenario) -> Option<NaiveDate> {
    let trigger = plan
        .triggers
        .iter()
        .filter(|t| t.scenario.as_ref().is_some_and(|r| r.value == s.id.value))
        .filter_map(|t| t.date.as_ref().map(|d| d.value))
        .min();
    let extra = s.budget.value - plan.budget.total.value;
    let ask = plan
        .asks
        .iter()
        .filter(|a| extra > Decimal::ZERO && says_contingent(a))
        .filter(|a| {
            a.amount
                .as_ref()
                .is_some_and(|m| (m.value - extra).abs() * Decimal::ONE_HUNDRED <= extra)
        })
        .filter_map(|a| a.by.as_ref().map(|d| d.value))
        .min();
    trigger
        .or(ask)
        .and_then(|d| within(plan, d))
        // Else the month its own words say the money runs from.
        .or_else(|| super::scenario_aim::from_month(plan, s))
}

/// A date inside the plan's period, after its first day (money released
/// on the first day is the whole period's).
pub fn within(plan: &Plan, d: NaiveDate) -> Option<NaiveDate> {
    (d > plan.meta.start.value && d <= plan.meta.end.value).then_some(d)
}
