//! The one figure a scenario gets for an objective whose typed outcome the
//! checker doubts (`scenario-cut-buys-more`, `scenario-increase-buys-too-
//! much`) and no response curve computes: the plan's level moved by the
//! scenario's change of money at the plan's own cost per extra result.
//!
//! A board read "not credible ⚠" in the table and the typed figure restated
//! under it as the same quantity said two ways. The estimate is said as
//! computed in the scenarios table ("≈ 990 SQOs‡", its basis under the
//! table); the typed figure stays in the finding (the plan health
//! appendix, `mvplan check`). No other slide states the cell
//! (`shown::scenario_value` gives none): a straight line at the plan's
//! average cost is a basis for a table cell, too rough for a headline's
//! downside case, so the summary and the ask keep the objectives the
//! curves or the plan size.

use rust_decimal::Decimal;

use crate::check::scenarios::{more_is_better, plan_level};
use crate::figures::Figures;
use crate::plan::Plan;

/// The scenario's figure for the objective at the plan's own cost per extra
/// result, where the plan gives that cost and more of the metric is better
/// (a cost per result says what money buys, not what it saves of a metric
/// that should fall); `None` otherwise — the table then shows "—".
pub fn at_plan_cost(
    plan: &Plan,
    fig: &Figures,
    scenario: &str,
    objective: &str,
) -> Option<Decimal> {
    let (i, o) = plan
        .objectives
        .iter()
        .enumerate()
        .find(|(_, o)| o.id.value == objective)?;
    if !more_is_better(o) {
        return None;
    }
    let s = plan.scenarios.iter().find(|s| s.id.value == scenario)?;
    let cost = fig
        .objectives
        .get(i)?
        .cost_per_result
        .filter(|c| *c > Decimal::ZERO)?;
    let level = plan_level(plan, fig, o)?;
    let change = (s.budget.value - plan.budget.total.value).checked_div(cost)?;
    // Whole results from ten up, as the finding's "≈ +30 SQOs": the
    // estimate is no finer than the cost it rests on.
    let change = if change.abs() >= Decimal::TEN {
        change.round_dp(0)
    } else {
        crate::format::three_figures(change)
    };
    // A level at the three figures of every scenario cell ("≈ 1,050
    // donors", never "1,046" on a basis that rough).
    let v = crate::format::three_figures(level + change);
    // A cut deeper than the plan's whole result is not a figure to state.
    (v >= Decimal::ZERO).then_some(v)
}

/// The basis under the table, per objective the estimate serves: "sales-
/// qualified opportunities (stage 2+): $11.9k per extra SQO".
pub fn basis(plan: &Plan, fig: &Figures, objective: &str) -> Option<String> {
    let (i, o) = plan
        .objectives
        .iter()
        .enumerate()
        .find(|(_, o)| o.id.value == objective)?;
    let x = fig.objectives.get(i)?;
    let cost = x.cost_per_result?;
    Some(crate::figures::unit_cost::cost_words(
        cost,
        &plan.meta.currency.value,
        o.measure.unit.as_deref(),
        x.cost_basis,
    ))
}
