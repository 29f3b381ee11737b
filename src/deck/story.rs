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
use crate::format::format_quantity;
use crate::plan::*;
use crate::verdict::{self, Verdict};

// The pieces live in their own files; their paths through `story` stay.
pub use super::asks::{AskView, asks};
use super::asks::{Funding, lead_result};
pub use super::shown::{
    Reallocation, Said, Shown, approx, lower_first, reallocations, scenario_value, shown,
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

/// Every objective's [`Shown`], in the plan's order, once per plan
/// ([`crate::figures::memo`]): the deck's view, the value view, the goals'
/// reach and the portfolio review's rows all read the whole list, and the
/// review built it three or four times per unit.
pub fn all_shown(plan: &Plan, fig: &Figures) -> std::sync::Arc<Vec<Option<Shown>>> {
    fig.memo.get("deck::story::all_shown", "", || {
        (0..plan.objectives.len())
            .map(|i| shown(plan, fig, i))
            .collect()
    })
}

/// [`value_view`] at the forecasts every slide shows, once per plan: the
/// value slide and the summary's return line read it, in `check`'s view
/// of the deck and in `render`'s ([`crate::figures::memo`]).
pub fn shared_value_view(plan: &Plan, fig: &Figures) -> std::sync::Arc<super::value::ValueView> {
    fig.memo.get("deck::story::value_view", "", || {
        value_view(plan, fig, &all_shown(plan, fig))
    })
}

/// Each money goal the value bridges reach (`value::goal_reach`) at the
/// forecasts every slide shows: the summary's health line reads it, and the
/// portfolio review quotes the same share per unit.
pub fn goal_reach_of(plan: &Plan, fig: &Figures) -> Vec<super::value::GoalReach> {
    let shown = all_shown(plan, fig);
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
    let mut alternatives = super::alternatives::lines(plan, fig, said, &moves);
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
