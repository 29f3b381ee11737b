//! The twin of `scenario-cut-buys-more`: a scenario with more money than
//! the plan whose typed outcome buys its extra results far cheaper than the
//! plan buys its own. Industrial's "Stretch (+$360k)" typed +310 SQOs over
//! the plan's forecast, $1.2k per extra SQO, beside an objectives slide
//! that prices the plan's extra SQOs at $11.9k: a board that sees the cut's
//! typed cell doubted and the stretch's shown reads the slide as doubting
//! one direction only.
//!
//! The deck reads [`doubted_outcomes`], both rules' findings, so that every
//! sentence that states a scenario outcome leaves the same ones out.

use rust_decimal::Decimal;

use super::Ctx;
use super::scenarios::{CutBuysMore, cuts_that_buy_more, more_is_better, plan_level};
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::Figures;
use crate::figures::unit_cost::cost_words;
use crate::format::{format_change, format_quantity};
use crate::plan::Plan;

pub const SCENARIO_INCREASE_BUYS_TOO_MUCH: Rule = Rule {
    id: "scenario-increase-buys-too-much",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario spends more than the plan but its typed outcome buys each extra result for under a third of what the plan pays",
    explanation: "A scenario above the plan's budget is read as its change: the extra money against \
the extra results it types over the plan's forecast. The objectives slide prices the plan's own \
results (its money ÷ what its forecast adds over today); a scenario whose extra results cost less \
than a third of that says the plan's own money is badly spent, or that the scenario is typed \
against another reference (the target, a different year). mvplan compares, for each typed outcome \
of a scenario whose budget is above the plan's total and that no response curve computes, the \
extra money ÷ the extra result over the plan's forecast with the plan's cost per extra result; \
where it is under a third, the finding says both. The deck does not state the outcome: the \
scenarios table shows the plan's forecast moved by the extra money at the plan's own cost per \
extra result (\"≈\", its basis under the table), as for a cut that buys more, and no other \
slide uses it. Check the \
outcome, or give the channels response curves and leave the outcome out so mvplan computes it.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&SCENARIO_INCREASE_BUYS_TOO_MUCH];

/// Below this share of the plan's cost per extra result, an increase's
/// typed outcome is doubted: a third leaves room for a scenario that buys
/// on a steeper part of a channel's curve, never ten times cheaper.
const SHARE: Decimal = Decimal::from_parts(3333, 0, 0, false, 4);

/// Every typed outcome of a scenario above the plan's budget whose extra
/// results cost less than a third of the plan's cost per extra result,
/// where no response curve computes the objective (there the curves'
/// figure is shown, and `scenario-change-off-curve` compares the change).
pub fn increases_that_buy_too_much(plan: &Plan, fig: &Figures) -> Vec<CutBuysMore> {
    let total = plan.budget.total.value;
    let mut out = Vec::new();
    for s in plan.scenarios.iter().filter(|s| s.budget.value > total) {
        let extra_money = s.budget.value - total;
        for f in &s.outcomes {
            let Some((i, o)) = plan
                .objectives
                .iter()
                .enumerate()
                .find(|(_, o)| o.id.value == f.objective.value)
            else {
                continue;
            };
            let on_curve = fig.media.as_ref().is_some_and(|m| {
                m.objectives
                    .iter()
                    .any(|x| x.id == o.id.value && x.infeasible.is_none())
            });
            if on_curve {
                continue;
            }
            let (Some(level), Some(plan_cost)) = (
                plan_level(plan, fig, o),
                fig.objectives.get(i).and_then(|x| x.cost_per_result),
            ) else {
                continue;
            };
            let typed = f.value.value;
            let extra = if more_is_better(o) {
                typed - level
            } else {
                level - typed
            };
            if extra <= Decimal::ZERO {
                continue;
            }
            let Some(cost) = extra_money.checked_div(extra) else {
                continue;
            };
            if cost >= plan_cost * SHARE {
                continue;
            }
            out.push(CutBuysMore {
                scenario: s.id.value.clone(),
                objective: o.id.value.clone(),
                typed,
                plan_level: level,
                reference: None,
                rule: SCENARIO_INCREASE_BUYS_TOO_MUCH.id,
                per_extra: Some((cost, plan_cost)),
            });
        }
    }
    out
}

/// Both rules' doubted outcomes: what the scenarios slide marks "not
/// credible" and no sentence states as fact.
pub fn doubted_outcomes(plan: &Plan, fig: &Figures) -> Vec<CutBuysMore> {
    let mut out = cuts_that_buy_more(plan, fig);
    out.extend(increases_that_buy_too_much(plan, fig));
    out
}

/// "+310 SQOs over the plan's forecast of 960 SQOs for $360k more, $1.16k
/// per extra SQO where the plan's own cost is $11.9k per extra SQO" — the
/// finding's and the slide's words for one doubted increase.
pub fn increase_words(plan: &Plan, d: &CutBuysMore) -> Option<String> {
    increase_words_with(plan, d, false)
}

/// The slide's words: `increase_words` and what the extra money buys at
/// the plan's own cost, the figure the board can take instead.
pub fn increase_words_on_slide(plan: &Plan, d: &CutBuysMore) -> Option<String> {
    increase_words_with(plan, d, true)
}

fn increase_words_with(plan: &Plan, d: &CutBuysMore, instead: bool) -> Option<String> {
    let (cost, plan_cost) = d.per_extra?;
    let o = plan.objective(&d.objective)?;
    let unit = o.measure.unit.as_deref();
    let cur = &plan.meta.currency.value;
    let s = plan.scenarios.iter().find(|s| s.id.value == d.scenario)?;
    let basis = crate::figures::value::added(o, d.plan_level).0;
    let extra_money = s.budget.value - plan.budget.total.value;
    // What the board can take instead: the extra money at the plan's own
    // cost per extra result (a reader asked what the increase buys when
    // its typed figure is doubted), said as an estimate on that basis.
    let at_plan_cost = extra_money
        .checked_div(plan_cost)
        .filter(|_| instead && plan_cost > Decimal::ZERO)
        .map(|n| {
            // Whole results from ten up ("≈ +30 SQOs", not "+30.3").
            let n = if n.abs() >= Decimal::TEN {
                n.round_dp(0)
            } else {
                crate::format::three_figures(n)
            };
            format!(
                "; at the plan's own cost, {} more buys ≈ {}",
                crate::format::format_money(extra_money, cur, true),
                format_change(n, unit, true)
            )
        })
        .unwrap_or_default();
    Some(format!(
        "{} over the plan's forecast of {} for {} more, {} where the plan's own cost is {}{at_plan_cost}",
        format_change(d.typed - d.plan_level, unit, true),
        format_quantity(d.plan_level, unit, true),
        crate::format::format_money(extra_money, cur, true),
        cost_words(cost, cur, unit, crate::figures::value::Basis::OverToday),
        cost_words(plan_cost, cur, unit, basis),
    ))
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    for d in increases_that_buy_too_much(plan, cx.fig) {
        let (Some(s), Some(words)) = (
            plan.scenarios.iter().find(|s| s.id.value == d.scenario),
            increase_words(plan, &d),
        ) else {
            continue;
        };
        let unit = plan
            .objective(&d.objective)
            .and_then(|o| o.measure.unit.as_deref());
        let span = s
            .outcomes
            .iter()
            .find(|f| f.objective.value == d.objective)
            .map(|f| f.value.span.clone());
        cx.report(
            Finding::new(
                &SCENARIO_INCREASE_BUYS_TOO_MUCH,
                format!(
                    "scenario `{}` types {} of `{}`: {words}, under a third of it — not credible",
                    d.scenario,
                    format_quantity(d.typed, unit, true),
                    d.objective,
                ),
            )
            .at_opt(span)
            .for_board(format!(
                "scenario `{}` types {}, far more for its extra money than the plan's own money buys ({words}), so the deck shows an estimate at the plan's own cost instead",
                s.name,
                typed_of(plan, &d, unit),
            ))
            .label("extra results far cheaper than the plan's")
            .help(format!(
                "check the outcome: at the plan's own cost per extra result its extra money buys about {}; or leave it out where response curves can compute it",
                d.per_extra
                    .and_then(|(_, p)| (s.budget.value - plan.budget.total.value).checked_div(p))
                    .map_or_else(String::new, |x| format_change(x, unit, true)),
            )),
        );
    }
}

/// "1,520 new regular (monthly) donors", the unit once where the metric's
/// name says it; else "1,270 SQOs of `sqos`".
fn typed_of(plan: &Plan, d: &CutBuysMore, unit: Option<&str>) -> String {
    let q = format_quantity(d.typed, unit, true);
    match plan.objective(&d.objective) {
        Some(o) => {
            let metric = o
                .measure
                .metric
                .as_ref()
                .map_or(o.statement.as_str(), |m| m.value.as_str());
            if unit.is_some_and(|u| crate::format::names_its_unit(metric, u)) {
                crate::format::of_metric(&q, unit, metric)
            } else {
                format!("{q} of `{}`", d.objective)
            }
        }
        None => format!("{q} of `{}`", d.objective),
    }
}
