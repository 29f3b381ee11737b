//! The argument of the pitch deck: the figures every slide agrees on, the
//! executive summary that states the decision, and the titles that state
//! each slide's finding.
//!
//! One figure per quantity: where an objective's channels have response
//! curves, the deck's forecast is the curves' (what the allocation and
//! scenario slides compute), and the typed forecasts are checked against
//! them by the rules (`forecast-above-curve`, `scenario-off-curve`,
//! `scenario-change-off-curve`); elsewhere it is the typed forecast.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::reconcile::{Quantity, Stated};
use crate::diagnostic::Tally;
use crate::figures::Figures;
use crate::figures::value::choice;
use crate::format::format_quantity;
use crate::plan::*;
use crate::verdict::{self, Verdict};

// The pieces live in their own files; their paths through `story` stay.
pub use super::asks::{AskView, asks};
use super::asks::{Funding, lead_result};
pub use super::shown::{
    Reallocation, Said, Shown, WORTH_MOVING, approx, lower_first, reallocations, scenario_value,
    shown,
};
use super::shown::{date, metric, money};
pub use super::titles::Titles;
use super::titles::titles;

/// The value view (bridge slide, scenario returns) at the forecasts and
/// scenario levels every slide shows.
pub fn value_view(plan: &Plan, fig: &Figures, shown: &[Option<Shown>]) -> super::value::ValueView {
    let inputs: Vec<_> = shown
        .iter()
        .map(|s| s.as_ref().map(Shown::for_value))
        .collect();
    super::value::build(plan, &inputs, |s, o| scenario_value(plan, fig, s, o))
}

/// [`value_view`] at the forecasts every slide shows, once per plan: the
/// value slide and the summary's return line read it, in `check`'s view
/// of the deck and in `render`'s ([`crate::figures::memo`]).
pub fn shared_value_view(plan: &Plan, fig: &Figures) -> std::sync::Arc<super::value::ValueView> {
    fig.memo.get("deck::story::value_view", "", || {
        let shown: Vec<_> = (0..plan.objectives.len())
            .map(|i| shown(plan, fig, i))
            .collect();
        value_view(plan, fig, &shown)
    })
}

/// Each money goal the value bridges reach (`value::goal_reach`) at the
/// forecasts every slide shows: the summary's health line reads it, and the
/// portfolio review quotes the same share per unit.
pub fn goal_reach_of(plan: &Plan, fig: &Figures) -> Vec<super::value::GoalReach> {
    let shown: Vec<_> = (0..plan.objectives.len())
        .map(|i| shown(plan, fig, i))
        .collect();
    let inputs: Vec<_> = shown
        .iter()
        .map(|s| s.as_ref().map(Shown::for_value))
        .collect();
    super::value::goal_reach(plan, &inputs)
}

/// The executive summary: the decision first, then what it returns, the
/// main risk, the alternative considered and the cost of saying no.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The conclusion, as the slide's title.
    pub title: String,
    /// The asks' totals, as the ask slide's title states them.
    pub ask_total: String,
    /// The budget's two allocations where the best mix is recommended
    /// (`ask_totals::move_choice`).
    pub ask_choice: Option<String>,
    /// The asks, each with its cost and date.
    pub asks: Vec<String>,
    /// Per objective: forecast against target, and its worth where valued.
    pub returns: Vec<String>,
    /// Where the plan gives no value per unit: said plainly.
    pub unvalued: Vec<String>,
    pub main_risk: Option<String>,
    pub alternatives: Vec<String>,
    pub if_declined: Option<String>,
    /// The figures the plan's own words leave open, each once, in a
    /// board's words (`check::words_settle`): the summary's "Before you
    /// approve" line and the title's draft mark.
    pub to_settle: Vec<String>,
    pub verdict: Verdict,
}

#[derive(Debug, Serialize)]
pub struct Story {
    pub summary: Summary,
    pub titles: Titles,
    /// Every figure the summary, the titles and the ask slide's sentences
    /// state (for `figures-disagree`).
    #[serde(skip)]
    pub stated: Vec<Stated>,
}

pub fn build(
    plan: &Plan,
    fig: &Figures,
    tally: &Tally,
    shown: &[Option<Shown>],
    asks: &[AskView<'_>],
    said: Said,
) -> Story {
    let moves = reallocations(plan, fig);
    let said = &said;
    let open: Vec<&AskView<'_>> = asks
        .iter()
        .filter(|a| a.ask.status == AskStatus::Open)
        .collect();

    // The money goals as the bridge slide states them: what the summary's
    // health line and the forecast title say of the business goal.
    let inputs: Vec<_> = shown
        .iter()
        .map(|s| s.as_ref().map(Shown::for_value))
        .collect();
    let reach = super::value::goal_reach(plan, &inputs);
    let goal = super::value::weakest_goal(&reach);

    // The order below is the order the figures are stated (and recorded).
    let verdict = summary_verdict(plan, fig, tally, shown, goal);
    let returns = returns_lines(plan, fig, shown, said);
    let unvalued = unvalued_objectives(plan, shown);
    let main_risk = main_risk_line(plan, fig);
    // The optimiser's better split is the first alternative, recommended
    // with its gain; the ask and its return are the plan as submitted.
    let mut alternatives = moves_lines(plan, &moves, said);
    alternatives.extend(moved_mix_lines(plan, fig, said));
    alternatives.extend(larger_budget_lines(plan, fig, said));
    if alternatives.is_empty() {
        alternatives = fallback_alternatives(plan, fig, said);
    }
    // One line, as a board reads a first slide: the first alternative (the
    // lead move, its objective first in the plan, when there is one); the
    // rest are on the allocation and scenarios slides.
    alternatives.truncate(1);
    let mut returns = returns;
    if returns.len() > SUMMARY_RESULTS {
        let more = returns.len() - SUMMARY_RESULTS;
        returns.truncate(SUMMARY_RESULTS);
        returns.push(format!(
            "{more} more {} on the objectives slide",
            if more == 1 { "objective" } else { "objectives" }
        ));
    }
    // The plan's value and return first, in the value slide title's words:
    // one return for the plan, on the whole budget, per basis — never an
    // objective's return on its share of its channels' cost, which the
    // value slide gives beside the others.
    if let Some(h) = shared_value_view(plan, fig).headline.clone() {
        returns.insert(0, h);
    }

    // The ask for the plan's whole budget: what the plan's results are
    // bought with. An ask for part of the money (€160k for a PIM) is one
    // of the asks, not what buys the plan's pipeline.
    let budget_ask = open.iter().find(|a| a.whole_budget).copied();
    let if_declined = if_declined_line(budget_ask);
    let title = summary_title(plan, shown, budget_ask, said, &verdict);
    let ask_lines = ask_lines(plan, fig, &open);
    let to_settle: Vec<String> = crate::check::words_settle::open_figures_of(plan, fig)
        .iter()
        .map(|o| o.line.clone())
        .collect();

    let titles = titles(plan, fig, shown, &open, said, goal);
    Story {
        summary: Summary {
            title,
            ask_total: super::ask_totals::totals(plan, fig, &open).phrase,
            ask_choice: super::ask_totals::move_choice(plan, fig).filter(|_| budget_ask.is_some()),
            asks: ask_lines,
            returns,
            unvalued,
            main_risk,
            alternatives,
            if_declined,
            to_settle,
            verdict,
        },
        titles,
        stated: said.take(),
    }
}

/// The objectives the summary's return line names, in the plan's order
/// (the author's priority): a board reads the first slide in a minute, and
/// the objectives slide lists them all.
const SUMMARY_RESULTS: usize = 3;

/// The verdict: the checker's findings, the weakest forecast and the status.
fn summary_verdict(
    plan: &Plan,
    fig: &Figures,
    tally: &Tally,
    shown: &[Option<Shown>],
    goal: Option<&super::value::GoalReach>,
) -> Verdict {
    let weakest_of = plan
        .objectives
        .iter()
        .zip(shown)
        .filter(|(o, _)| !o.delivered_by_units)
        .filter_map(|(o, s)| Some((s.as_ref()?.coverage?, o, s.as_ref()?)))
        .min_by_key(|(c, _, _)| *c);
    let weakest = weakest_of.map(|(c, o, _)| (c, lower_first(metric(o))));
    // Where a channel's forecast beats the plan's own evidence of its cost
    // (`forecast-beats-evidence`), the share at that cost beside it.
    let weakest_at_evidence = weakest_of
        .and_then(|(_, o, s)| super::shown::at_evidence(plan, fig, o, s.needed, s.forecast));
    let critical = crate::check::risk_rows::critical_unmanaged(plan, fig);
    verdict::verdict(&verdict::Basis {
        errors: tally.errors,
        warnings: tally.warnings,
        status: Some(plan.meta.status),
        weakest,
        weakest_at_evidence,
        behind_pace: 0,
        off_pace: 0,
        people: verdict::people(
            fig.capacity.as_ref(),
            &super::people_terms::unsecured(plan, fig)
                .iter()
                .filter(|u| u.conditions_delivery())
                .map(|u| super::people_terms::verdict_if_risk(u, critical.is_none()))
                .collect::<Vec<_>>(),
        ),
        goal: goal.and_then(|g| Some((g.percent()?, money(plan, g.needed)))),
        to_settle: crate::check::words_settle::open_figures_of(plan, fig).len(),
        // The summary's main risk is this one (`risk_rating::order` puts it
        // first), named in full on the line above: said again by reference.
        critical_risk: critical.map(|r| {
            format!(
                "the main risk, which {}",
                crate::check::risk_rows::unmanaged_words(r)
            )
        }),
    })
}

/// Per objective: forecast against target, coverage and worth where
/// valued — of the plan as submitted (a recommended move is an
/// alternative, not part of what the ask returns).
fn returns_lines(plan: &Plan, fig: &Figures, shown: &[Option<Shown>], said: &Said) -> Vec<String> {
    plan.objectives
        .iter()
        .zip(shown)
        // What the units deliver is their plans' to return (the portfolio
        // review): this plan forecasts none of it ("€0 vs €340M target").
        .filter(|(o, _)| !o.delivered_by_units)
        .filter_map(|(o, s)| {
            let s = s.as_ref()?;
            let unit = o.measure.unit.as_deref();
            let level = s.level?;
            let id = || o.id.value.clone();
            // A metric that names its unit says it once: "125,000 Maris
            // Circle members vs the 125,000 target".
            let counted = unit.is_some_and(|u| crate::format::names_its_unit(metric(o), u));
            let figure = said.quantity(Quantity::Level(id()), "summary", level, unit);
            let mut line = if counted {
                crate::format::of_metric(&figure, unit, metric(o))
            } else {
                format!("{} {figure}", metric(o))
            };
            if let Some(t) = &o.measure.target {
                // A counted unit is said once, with the figure: "960 SQOs
                // vs the 1,140 target"; money and percentages keep theirs.
                let count = unit.is_some_and(|u| {
                    u != "%"
                        && !crate::plan::money::is_currency(u)
                        && crate::format::unit_from_name(u).is_none()
                });
                let target = format_quantity(t.value, if count { None } else { unit }, true);
                line.push_str(&if count {
                    format!(" vs the {target} target")
                } else {
                    format!(" vs {target} target")
                });
            }
            // Coverage is of the change from today, on every slide
            // (`figures::progress`): "(+50 SQOs of +230 SQOs needed: 22% of the
            // gap closed)", never 960 ÷ 1,140.
            // The summary says the share only ("73% of the gap closed"):
            // the changes behind it are on the objectives slide, and a
            // board reads the first slide in under a minute.
            match (s.coverage, &s.gap_words) {
                (Some(c), _) => line.push_str(&format!(
                    " ({}{})",
                    crate::figures::progress::share_words(c),
                    super::shown::at_evidence(plan, fig, o, s.needed, s.forecast)
                        .map(|e| format!(
                            "; ≈ {}% at the cost the plan's own evidence states",
                            crate::format::format_number(e.round_dp(0), 0)
                        ))
                        .unwrap_or_default()
                )),
                (None, Some(words)) => line.push_str(&format!(" ({words})")),
                (None, None) => {}
            }
            // The return is of the figure it follows (the planned mix).
            if let Some(phrase) = super::value::return_phrase(plan, o, &s.for_value()) {
                line.push_str(&phrase);
            }
            Some(line)
        })
        .collect()
}

/// The objectives the plan gives no value per unit for: said plainly.
fn unvalued_objectives(plan: &Plan, shown: &[Option<Shown>]) -> Vec<String> {
    plan.objectives
        .iter()
        .zip(shown)
        .filter(|(_, s)| {
            s.as_ref()
                .is_some_and(|s| s.gap == Some(crate::figures::value::Gap::NoValue))
        })
        .map(|(o, _)| lower_first(metric(o)))
        .collect()
}

/// The main risk: the highest exposure, in money where risks state their impact.
fn main_risk_line(plan: &Plan, fig: &Figures) -> Option<String> {
    let cur = |d: Decimal| money(plan, d);
    super::risk_rating::order(plan, fig)
        .first()
        .and_then(|i| plan.risks.get(*i))
        .map(|r| {
            let impact = super::value::risk_impact(plan, r);
            let mut line = format!(
                "{} ({} likelihood, {}{}{})",
                r.risk,
                level_word(r.likelihood),
                // The deck's judgement where it differs from the rating.
                super::risk_rating::judged_words(plan, fig, r),
                // Money of no stated basis is left to the risk table's
                // cell, which says so: "could cost $1.2M" here read as fact.
                impact
                    .text
                    .filter(|_| !impact.no_basis)
                    .map(|t| format!(": {t}"))
                    .unwrap_or_default(),
                impact
                    .exposure
                    .filter(|_| !impact.no_basis)
                    .map(|e| format!("; exposure {}", cur(e)))
                    .unwrap_or_default()
            );
            if let Some(m) = &r.mitigation {
                line.push_str(&format!("; mitigation: {m}"));
            }
            // The owner once: a mitigation that already names them ("report
            // to VP Sales") is not followed by "(VP Sales)".
            if let Some(owner) = r.owner.as_ref().filter(|o| !line.contains(o.as_str())) {
                line.push_str(&format!(" ({owner})"));
            }
            // Its missing owner or mitigation as the board's decision, not
            // left to a cell of the risk table.
            if let Some(decision) = super::risk_manage::gap_decision(plan, r) {
                line.push_str(&format!("; it has {decision}"));
            }
            line
        })
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
        return vec![format!(
            "fund {} instead, as the plan's “{}” case spends it: {}",
            money(plan, s.budget.value),
            s.name,
            crate::format::lower_first(words.trim_end_matches('.'))
        )];
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

/// What declining the whole-budget ask costs, in the ask's own words, or
/// that the plan does not say.
fn if_declined_line(budget_ask: Option<&AskView<'_>>) -> Option<String> {
    budget_ask
        .and_then(|a| {
            // The date is the ask line's ("Approve €6M by 15 Dec 2026"),
            // said once on a slide read in a minute.
            a.if_declined_text.clone()
        })
        .or_else(|| {
            Some(
                "the plan says nothing about what a smaller budget or a later decision costs"
                    .to_string(),
            )
            .filter(|_| budget_ask.is_some())
        })
}

/// The summary's title: the ask and the result the plan as submitted buys.
fn summary_title(
    plan: &Plan,
    shown: &[Option<Shown>],
    budget_ask: Option<&AskView<'_>>,
    said: &Said,
    verdict: &Verdict,
) -> String {
    let cur = |d: Decimal| money(plan, d);
    // What the plan as submitted buys: the channel and forecast slides'
    // figure. A better split is an alternative (below), not the ask's.
    let lead = lead_result(plan, shown, &[], said, "summary");
    if let Some(a) = budget_ask.filter(|a| a.whole_budget)
        && let Some(c) = a.cost
    {
        said.record(Stated::new(Quantity::BudgetTotal, "summary", c));
    }
    // A plan the verdict calls not ready is not put to the board as
    // "Approve …": the title asks for the decision and says it is not ripe
    // (a reader scored "Approve €187k" above "Red: not ready for
    // approval" as a deck that contradicts itself).
    let verb = if verdict.attention == crate::verdict::Attention::Red {
        "Not yet ready to approve"
    } else {
        "Approve"
    };
    match (budget_ask, &lead) {
        (Some(a), Some(lead)) => format!(
            "{verb} {}{}: it buys {lead}",
            a.cost.map(cur).unwrap_or_default(),
            a.ask
                .by
                .as_ref()
                .map(|b| format!(" by {}", date(b.value)))
                .unwrap_or_default()
        ),
        (None, Some(lead)) => format!("{} buys {lead}", cur(plan.budget.total.value)),
        _ => format!("{}: {}", plan.meta.title, cur(plan.budget.total.value)),
    }
}

/// The open asks, one line each with its cost (and where the money comes
/// from) and its date; a hire the team does not need for capacity says
/// so, so it never reads as required.
fn ask_lines(plan: &Plan, fig: &Figures, open: &[&AskView<'_>]) -> Vec<String> {
    let cur = |d: Decimal| money(plan, d);
    open.iter()
        .map(|a| {
            let mut line = crate::format::restate_amounts(&a.ask.ask, &plan.meta.currency.value);
            // An ask that names its amount ("Approve the €6.0M budget")
            // is not followed by it again.
            let symbol = crate::plan::money::symbol(&plan.meta.currency.value);
            let amount = match (a.cost, &a.estimate) {
                (Some(c), _) => Some(cur(c)),
                (None, Some(e)) => Some(format!("≈ {}", cur(e.amount))),
                _ => None,
            };
            let mut notes = Vec::new();
            if let Some(amount) = amount.filter(|_| !a.ask.ask.contains(symbol)) {
                notes.push(match a.funding {
                    Some(Funding::InTheBudget) => format!("{amount}, in the budget"),
                    Some(Funding::Contingent) => format!("{amount}, contingent"),
                    Some(Funding::FromContingency) => {
                        format!("{amount}, contingent, from the budget's contingency")
                    }
                    Some(Funding::NewMoney) => format!("{amount}, new money"),
                    _ => amount,
                });
            }
            if super::hires::not_for_capacity(plan, fig, a.ask) {
                notes.push("optional: not needed for capacity".to_string());
            }
            if !notes.is_empty() {
                line.push_str(&format!(" ({})", notes.join("; ")));
            }
            if let Some(by) = &a.ask.by {
                line.push_str(&format!(", by {}", date(by.value)));
            }
            line
        })
        .collect()
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}
