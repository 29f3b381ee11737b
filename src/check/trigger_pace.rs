//! A trigger that releases money when an objective passes a bar set below
//! the path to that objective's own target: saas released $1.25M "if
//! enterprise pipeline passes $9M by October 31", while its $16M target for
//! the year needs ≈ $12M by then at an even pace — so the money goes out
//! while the plan is behind, and a board reading "only if we are ahead"
//! approves the opposite.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Ask, Objective, Plan, Reading, Trigger};

pub const TRIGGER_BELOW_PACE: Rule = Rule {
    id: "trigger-below-pace",
    severity: Severity::Warning,
    family: "asks",
    summary: "a trigger that releases money when an objective passes a bar below the pace its target needs by the trigger's date",
    explanation: "A trigger with `above` on an objective says \"release when we are ahead\". mvplan \
compares its bar with where the objective should be by the trigger's date at an even pace: for \
an objective counted over the period (`reading = \"period-total\"`: pipeline created, sign-ups, \
donors) the target × months elapsed ÷ months in the period; for a level (the default reading) \
the baseline plus that share of the change to the target. A bar below that path fires while the \
objective is behind it, so the money is released in the case it was meant to be held \
back from. The ask slide says so beside the ask the trigger releases. Raise `above` to the pace \
figure (or higher), or move the date earlier, or say in the ask's words why a lower bar is enough.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&TRIGGER_BELOW_PACE];

/// A trigger's bar against its objective's pace at its date.
pub struct Pace<'p> {
    pub trigger: &'p Trigger,
    pub objective: &'p Objective,
    pub bar: Decimal,
    pub date: NaiveDate,
    /// The target's share due by the date at an even pace.
    pub pace: Decimal,
    pub target: Decimal,
    pub months: u32,
    pub period_months: u32,
}

/// The trigger's pace where its `above` bar on a period-total objective
/// sits below the even-pace share of that objective's target at its date
/// (inside the period); `None` otherwise.
pub fn below_pace<'p>(plan: &'p Plan, t: &'p Trigger) -> Option<Pace<'p>> {
    let bar = t.above.as_ref()?.value;
    let o = plan.objective(&t.objective.as_ref()?.value)?;
    let target = o.measure.target.as_ref()?.value;
    let date = t.date.as_ref()?.value;
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    if date <= start || date >= end {
        return None;
    }
    let months = crate::figures::months_between(start, date);
    let period_months = crate::figures::months_between(start, end);
    // A count over the period (pipeline created) runs from zero; a level
    // from its baseline (without one, no path to compare with).
    let from = match o.reading {
        Reading::PeriodTotal => Decimal::ZERO,
        Reading::Level => o.measure.baseline.as_ref()?.value,
    };
    let pace = from
        + ((target - from) * Decimal::from(months)).checked_div(Decimal::from(period_months))?;
    (bar < pace).then_some(Pace {
        trigger: t,
        objective: o,
        bar,
        date,
        pace,
        target,
        months,
        period_months,
    })
}

/// The trigger below pace that releases an ask's money: one that switches
/// to the scenario the ask pays for (its amount, or its words naming it).
pub fn for_ask<'p>(plan: &'p Plan, a: &Ask) -> Option<Pace<'p>> {
    let s = paid_scenario(plan, a)?;
    plan.triggers
        .iter()
        .filter(|t| t.scenario.as_ref().is_some_and(|r| r.value == s.id.value))
        .find_map(|t| below_pace(plan, t))
}

/// The scenario an ask pays for: the one above the plan whose extra is
/// the ask's amount (within 1%, as `ask_release` links a release),
/// whatever the ask's kind, else the one its words name.
pub fn paid_scenario<'p>(plan: &'p Plan, a: &Ask) -> Option<&'p crate::plan::Scenario> {
    let total = plan.budget.total.value;
    let paid_for = a.amount.as_ref().and_then(|m| {
        plan.scenarios.iter().find(|s| {
            s.budget.value > total
                && (s.budget.value - total - m.value).abs() * Decimal::ONE_HUNDRED <= m.value
        })
    });
    paid_for.or_else(|| super::asks::scenario_named(plan, a))
}

/// The objective's metric, else its statement (as the deck names it).
pub fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

fn quantity(o: &Objective, d: Decimal) -> String {
    crate::format::format_quantity(d, o.measure.unit.as_deref(), true)
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    if !cx.period_sound() {
        return;
    }
    for t in &plan.triggers {
        let Some(p) = below_pace(plan, t) else {
            continue;
        };
        let metric = crate::format::lower_first(metric(p.objective));
        let date = p.date.format("%-d %b %Y").to_string();
        let span = t.above.as_ref().map(|a| a.span.clone());
        cx.report(
            Finding::new(
                &TRIGGER_BELOW_PACE,
                format!(
                    "trigger `{}` fires when {metric} passes {} by {date}, below the {} its {} target needs by then at an even pace ({} of {} months): it releases money while the objective is behind",
                    t.id.value,
                    quantity(p.objective, p.bar),
                    quantity(p.objective, p.pace),
                    quantity(p.objective, p.target),
                    p.months,
                    p.period_months
                ),
            )
            .at_opt(span)
            .for_board(format!(
                "the trigger releases money when {metric} passes {} by {date}, while {} would be on pace for the {} target",
                quantity(p.objective, p.bar),
                quantity(p.objective, p.pace),
                quantity(p.objective, p.target)
            ))
            .label("below the pace the target needs")
            .help(format!(
                "raise `above` to at least {} (the target's even pace at {date}), or say in the ask why a lower bar is enough",
                super::asks::underscored(p.pace.round_dp(0))
            )),
        );
    }
}
