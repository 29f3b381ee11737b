//! The executive summary's alternatives: the optimiser's better split of
//! the same money, the best mix at a scenario's budget, a larger budget,
//! else the cuts or a plain statement that none was modelled. Apart from
//! `story` because the summary's other lines do not need the scenarios.

use rust_decimal::Decimal;

use crate::check::reconcile::Quantity;
use crate::figures::Figures;
use crate::format::format_quantity;
use crate::plan::*;

use crate::figures::value::choice;

use super::shown::{Reallocation, Said, approx, lower_first, metric, money, scenario_value};

/// Every alternative the summary could name, the recommended move first;
/// the fallbacks only when nothing else was modelled.
pub(super) fn lines(
    plan: &Plan,
    fig: &Figures,
    said: &Said,
    moves: &[Reallocation],
) -> Vec<String> {
    let mut alternatives = moves_lines(plan, moves, said);
    alternatives.extend(moved_mix_lines(plan, fig, said));
    alternatives.extend(larger_budget_lines(plan, fig, said));
    if alternatives.is_empty() {
        alternatives = fallback_alternatives(plan, fig, said);
    }
    alternatives
}

/// The optimiser's better split of the same money, per objective, as the
/// recommended alternative with its gain: "moving €417k, most of it from
/// co-op to demo vans, would add €930k of pipeline to its €38.2M (+2.4%):
/// recommended". The summary's ask and
/// return stay the plan as submitted.
fn moves_lines(plan: &Plan, moves: &[Reallocation], said: &Said) -> Vec<String> {
    let cur = |d: Decimal| money(plan, d);
    let mut alternatives = Vec::new();
    for m in moves {
        let Some(o) = plan.objective(&m.objective) else {
            continue;
        };
        let unit = o.measure.unit.as_deref();
        let lower = lower_first(metric(o));
        let id = || o.id.value.clone();
        // The gain as the allocation slide's title and its change column's
        // total state it (three significant figures of what the best mix
        // adds: €930k), not the difference of two levels rounded apart
        // (€39.1M − €38.2M), which a reader of a small gain adds wrong.
        let gain = m.gain;
        alternatives.push(format!(
            // The gain and the level it adds to, never the best mix's level
            // beside the planned one: two levels rounded apart do not
            // subtract to the gain.
            "moving {}, most of it from {} to {}, would add {} to its {} (+{:.1}%){}: recommended",
            cur(m.moved),
            // Short names: the summary's one line, not the channel table.
            crate::plan::words::short_name(&m.from),
            crate::plan::words::short_name(&m.to),
            crate::format::of_metric(&format_quantity(gain, unit, true), unit, &lower),
            crate::format::bare(
                &said.quantity(Quantity::Level(id()), "summary", m.planned, unit),
                unit,
                &lower
            ),
            m.uplift_percent,
            super::move_effect::trade(m.effect.as_ref(), "and lose", false)
        ));
    }
    alternatives
}

/// The alternative a summary names when no move is recommended and no
/// budget above the plan's is modelled: the cuts other than the smallest
/// (which is what a no costs, below), else the optimiser's best split of
/// the same money, else a plain statement that none was modelled.
fn fallback_alternatives(plan: &Plan, fig: &Figures, said: &Said) -> Vec<String> {
    let total = plan.budget.total.value;
    let lowest = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < total)
        .min_by_key(|s| s.budget.value)
        .map(|s| s.id.value.as_str());
    let lines = scenario_lines(plan, fig, said, |s| {
        s.budget.value < total && Some(s.id.value.as_str()) != lowest && choice(s, total)
    });
    if !lines.is_empty() {
        return lines;
    }
    let lead = plan.objectives.first();
    let best = fig.media.as_ref().and_then(|m| {
        let o = lead?;
        let om = m
            .objectives
            .iter()
            .find(|om| om.id == o.id.value && om.infeasible.is_none())?;
        let base = Decimal::from_f64_retain(om.base).unwrap_or_default();
        let optimal = approx(om.optimal)? + base;
        let unit = o.measure.unit.as_deref();
        // Of the level this line states, to two significant figures: never
        // "0.0% more" for a gain the optimiser did find, nor "0.1%" for 0.02%.
        let more = format!("{}%", super::shown::small_percent(super::shown::gain_of_level(om)));
        // Of what the curves cover, as the allocation slide says it
        // (`media_scope`): not a claim about the whole mix.
        let curves = m.curves.iter().filter(|c| c.objective == om.id).count();
        // One curve splits nothing.
        if curves < 2 {
            return None;
        }
        let of = super::media_scope::scope(plan, om, curves, &|d| money(plan, d))
            .map(|s| format!(" of {s}"))
            .unwrap_or_else(|| " of the same money on the response curves".to_string());
        Some(format!(
            "the best split{of} buys {}, {more} more than the planned mix — too little to move money for",
            crate::format::of_metric(
                &said.quantity(Quantity::BestMix(o.id.value.clone()), "summary", optimal, unit),
                unit,
                metric(o)
            ),
        ))
    });
    if let Some(best) = best {
        return vec![best];
    }
    // A smaller budget the plan has already spelled out — what it drops — is
    // a level the board could choose, even where the plan wrote it as an
    // event's case (a grant not renewed): said as that choice, in the
    // plan's words (an ask's own no restated here was read as no
    // alternative at all; its outcomes are the "If declined" line's).
    let smaller = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < total)
        .filter_map(|s| Some((s, s.description.as_deref()?.trim())))
        .filter(|(_, d)| !d.is_empty())
        .max_by_key(|(s, _)| s.budget.value);
    if let Some((s, words)) = smaller {
        // Without an outcome its row contradicts (`scenario-words-outcome`).
        let gone: Vec<String> = crate::check::scenario_said::contradicted_in(plan, fig, s)
            .into_iter()
            .map(|c| c.words)
            .collect();
        let words = crate::check::scenario_said::without(words, &gone);
        let case = format!(
            "fund {} instead, as the plan's “{}” case spends it",
            money(plan, s.budget.value),
            s.name
        );
        // Words that were all an outcome the row contradicts leave the
        // case by its name alone.
        return vec![match words.trim_end_matches('.').trim() {
            "" => case,
            w => format!("{case}: {}", crate::format::lower_first(w)),
        }];
    }
    // A no to an ask the board decides is a choice it has; a case the
    // plan weighs that is an event (a partner who matches, a grant not
    // renewed) is not, and goes to the risk slide's upside and downside
    // cases (`risk_case`): a reader counted it listed here as no
    // alternative at all.
    if let Some(no) = super::ask_no::ask_trade_off(plan) {
        return vec![no];
    }
    vec!["the plan puts no alternative use of the money to the board: no scenario besides the downside case is a budget decision or a named move between channels, and no response curves compare splits".to_string()]
}

/// The scenarios that move money between channels at the plan's own
/// budget: alternatives of the same money, in their own figures.
fn moved_mix_lines(plan: &Plan, fig: &Figures, said: &Said) -> Vec<String> {
    let total = plan.budget.total.value;
    scenario_lines(plan, fig, said, |s| {
        s.budget.value == total && !s.is_plan(total) && choice(s, total)
    })
}

/// The larger-budget scenarios as alternatives, each with what it buys
/// (the smaller budgets are what a no costs).
fn larger_budget_lines(plan: &Plan, fig: &Figures, said: &Said) -> Vec<String> {
    // The smaller budgets are what a no costs (below).
    let total = plan.budget.total.value;
    scenario_lines(plan, fig, said, |s| {
        s.budget.value > total && choice(s, total)
    })
}

/// The scenarios `which` picks, each with what it buys.
fn scenario_lines(
    plan: &Plan,
    fig: &Figures,
    said: &Said,
    which: impl Fn(&Scenario) -> bool,
) -> Vec<String> {
    let cur = |d: Decimal| money(plan, d);
    let mut alternatives = Vec::new();
    for s in &plan.scenarios {
        if !which(s) {
            continue;
        }
        // The lead objective, and the first the scenario itself speaks of:
        // a scenario's own words say what it is for (700 more retail
        // doors), where the curves only spread its money in the planned mix.
        let lead = plan.objectives.first();
        let typed = s
            .outcomes
            .iter()
            .find(|f| lead.is_none_or(|l| l.id.value != f.objective.value))
            .and_then(|f| plan.objective(&f.objective.value));
        let mut parts = Vec::new();
        for o in lead.into_iter().chain(typed) {
            let Some(v) = scenario_value(plan, fig, &s.id.value, &o.id.value) else {
                continue;
            };
            let outcome = Quantity::Outcome {
                scenario: s.id.value.clone(),
                objective: o.id.value.clone(),
            };
            let from_curves = !s.outcomes.iter().any(|f| f.objective.value == o.id.value);
            // Money aimed elsewhere by its words or outcomes leaves the
            // objective at the plan's forecast, and the line says where it goes.
            let unreached = crate::figures::scenario_aim::unreached_of(plan, fig, s, &o.id.value)
                .filter(|_| from_curves);
            // Aimed by its words: an increase's channels, or the changes a
            // cut's or a move's words size.
            let aimed = crate::figures::scenario_aim::aimed_names_of(plan, fig, s).is_some()
                || matches!(crate::figures::scenario_aim::worded(plan, s), Some(Ok(_)));
            parts.push(format!(
                "{}{}",
                crate::format::metric_at(
                    &lower_first(metric(o)),
                    &said.quantity(outcome, "summary", v, o.measure.unit.as_deref()),
                    o.measure.unit.as_deref()
                ),
                match (
                    unreached,
                    from_curves && fig.media.is_some(),
                    s.changes.is_empty() && !aimed
                ) {
                    (Some(to), _, _) =>
                        format!(" (unchanged: its money goes to {})", to.join("; ")),
                    (None, true, true) => " (the curves, planned mix)".to_string(),
                    (None, true, false) => " (the curves, its channel changes)".to_string(),
                    _ => String::new(),
                }
            ));
        }
        if !parts.is_empty() {
            alternatives.push(format!(
                "{} ({}): {}",
                s.name,
                cur(s.budget.value),
                parts.join(", ")
            ));
        }
    }
    alternatives
}
