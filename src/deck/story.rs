//! The argument of the pitch deck: the figures every slide agrees on, the
//! executive summary that states the decision, and the titles that state
//! each slide's finding.
//!
//! One figure per quantity: where an objective's channels have response
//! curves, the deck's forecast is the curves' (what the allocation and
//! scenario slides compute), and the typed forecasts are checked against
//! them by the rules (`forecast-above-curve`, `scenario-off-curve`,
//! `scenario-change-off-curve`); elsewhere it is the typed forecast.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::reconcile::{Quantity, Stated};
use crate::diagnostic::Tally;
use crate::figures::{self, Figures};
use crate::format::{format_change, format_money, format_quantity};
use crate::plan::*;
use crate::verdict::{self, Verdict};

/// An objective's forecast as every slide shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// What the channels deliver (added to the baseline for an uplift).
    pub forecast: Decimal,
    /// The metric's value at the end: the forecast, or baseline + uplift.
    pub level: Option<Decimal>,
    pub needed: Option<Decimal>,
    pub coverage: Option<Decimal>,
    pub shortfall: bool,
    /// Computed from the response curves (else typed in the plan).
    pub from_curves: bool,
    /// Budget of its forecasting channels per unit of forecast.
    pub cost_per_result: Option<Decimal>,
    /// What the forecast is worth (`value_per_unit`), and per unit of the
    /// money spent on its channels.
    pub value: Option<Decimal>,
    pub return_on_spend: Option<Decimal>,
}

/// The figures the story states, recorded as it states them: a number goes
/// into a claim through [`Said::quantity`], which records which quantity it
/// is and on which slide, so that `figures-disagree` sees every figure a
/// sentence carries (`deck::reconcile` adds the tables').
#[derive(Debug, Default)]
pub struct Said(std::cell::RefCell<Vec<Stated>>);

impl Said {
    /// `value` of quantity `q` as the slide prints it, recorded.
    pub fn quantity(&self, q: Quantity, slide: &str, value: Decimal, unit: Option<&str>) -> String {
        self.0.borrow_mut().push(Stated::new(q, slide, value));
        format_quantity(value, unit, true)
    }

    pub fn into_inner(self) -> Vec<Stated> {
        self.0.into_inner()
    }
}

/// The least gain (percent of the planned result) for which the deck calls
/// the optimiser's mix better: the allocation slide's headline claims the
/// move (`media`), and the summary recommends it with the budget.
pub const WORTH_MOVING: f64 = 0.5;

/// The optimiser's better mix of the same money for an objective, when it
/// adds enough for the allocation slide to claim it
/// ([`WORTH_MOVING`]). The deck then recommends the moves
/// with the budget, on the summary and the ask slide, rather than asking
/// approval for a mix its own allocation slide calls weaker.
#[derive(Debug, Clone)]
pub struct Reallocation {
    pub objective: String,
    /// The money moved, and the largest move's channels (names).
    pub moved: Decimal,
    pub from: String,
    pub to: String,
    /// The objective's level with the planned and with the best mix.
    pub planned: Decimal,
    pub optimal: Decimal,
    pub uplift_percent: f64,
}

pub fn reallocations(plan: &Plan, fig: &Figures) -> Vec<Reallocation> {
    let Some(m) = &fig.media else {
        return Vec::new();
    };
    let name = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id.value == id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    m.objectives
        .iter()
        .filter(|om| om.infeasible.is_none() && om.uplift_percent >= WORTH_MOVING)
        .filter_map(|om| {
            let largest = om.moves.iter().max_by_key(|mv| mv.amount)?;
            let base = Decimal::from_f64_retain(om.base).unwrap_or_default();
            Some(Reallocation {
                objective: om.id.clone(),
                moved: om.moves.iter().map(|mv| mv.amount).sum(),
                from: name(&largest.from),
                to: name(&largest.to),
                planned: approx(om.planned)? + base,
                optimal: approx(om.optimal)? + base,
                uplift_percent: om.uplift_percent,
            })
        })
        .collect()
}

/// A number as the curve slides print it (three significant figures), so
/// that the same quantity reads the same on every slide.
pub fn approx(x: f64) -> Option<Decimal> {
    crate::format::approx(x).replace(',', "").parse().ok()
}

pub fn shown(plan: &Plan, fig: &Figures, index: usize) -> Option<Shown> {
    let o = plan.objectives.get(index)?;
    let f = fig.objectives.get(index)?;
    let curve = fig
        .media
        .as_ref()
        .and_then(|m| m.objectives.iter().find(|m| m.id == o.id.value))
        .filter(|m| m.infeasible.is_none())
        .and_then(|m| approx(m.planned));
    let forecast = curve.unwrap_or(f.forecast);
    let uplift = o.forecast_basis == ForecastBasis::Uplift;
    let level = if uplift {
        o.measure.baseline.as_ref().map(|b| b.value + forecast)
    } else {
        Some(forecast)
    };
    let coverage = f
        .needed
        .filter(|n| *n > Decimal::ZERO)
        .and_then(|n| figures::percent(forecast, n))
        .map(|c| c.round_dp(1));
    let value = o
        .value_per_unit
        .as_ref()
        .map(|v| (v.value * forecast).round_dp(0));
    Some(Shown {
        forecast,
        level,
        needed: f.needed,
        coverage,
        shortfall: coverage.is_some_and(|c| c < Decimal::ONE_HUNDRED),
        from_curves: curve.is_some(),
        cost_per_result: f
            .funding
            .checked_div(forecast)
            .filter(|_| !forecast.is_zero()),
        return_on_spend: value
            .and_then(|v| v.checked_div(f.funding))
            .map(|r| r.round_dp(1)),
        value,
    })
}

/// An ask as a board decides it.
#[derive(Debug, Serialize)]
pub struct AskView<'p> {
    #[serde(flatten)]
    pub ask: &'p Ask,
    /// What it costs: its amount, or the cost of the team row it fills.
    pub cost: Option<Decimal>,
    /// Its amount is the plan's total budget (the budget ask).
    pub whole_budget: bool,
    /// What it buys: the plan's words, else what the deck can say.
    pub buys_text: Option<String>,
    /// What happens without it: the plan's words, else what the deck can say.
    pub if_declined_text: Option<String>,
}

pub fn asks<'p>(
    plan: &'p Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    said: &Said,
) -> Vec<AskView<'p>> {
    let moves = reallocations(plan, fig);
    let lead = lead_result(plan, shown, &moves, said, "ask slide");
    let lowest = lowest_scenario(plan, fig, shown, said);
    plan.asks
        .iter()
        .map(|a| {
            let role = a
                .role
                .as_ref()
                .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
            let cost = a
                .amount
                .as_ref()
                .map(|m| m.value)
                .or_else(|| role.and_then(|r| r.cost.as_ref()).map(|c| c.value));
            let whole_budget = a.kind == AskKind::Budget
                && a.amount
                    .as_ref()
                    .is_some_and(|m| m.value == plan.budget.total.value);
            // What the whole budget buys is the deck's forecast, as on the
            // summary: a plan's own words there ("1,140 SQOs") are its
            // targets, which the forecast slide may show it falls short of.
            let buys_text = if whole_budget && lead.is_some() {
                lead.clone()
            } else {
                a.buys.clone().or_else(|| {
                    role.map(|r| format!("{} FTE: {}", r.fte.value.normalize(), r.role))
                })
            };
            let if_declined_text = a
                .if_declined
                .clone()
                .or_else(|| if whole_budget { lowest.clone() } else { None });
            AskView {
                ask: a,
                cost,
                whole_budget,
                buys_text,
                if_declined_text,
            }
        })
        .collect()
}

/// "marketing-sourced pipeline of €18.3M against a €18M target"; with the
/// recommended moves, what they buy ("… of €19.5M against a €18M target,
/// with €707k moved between channels (€18.3M in the planned mix)").
fn lead_result(
    plan: &Plan,
    shown: &[Option<Shown>],
    moves: &[Reallocation],
    said: &Said,
    slide: &str,
) -> Option<String> {
    let (o, s) = plan
        .objectives
        .iter()
        .zip(shown)
        .find_map(|(o, s)| Some((o, s.as_ref()?)))?;
    let unit = o.measure.unit.as_deref();
    let level = s.level?;
    let id = || o.id.value.clone();
    Some(match moves.iter().find(|m| m.objective == o.id.value) {
        Some(m) => format!(
            "{}, with {} moved between channels ({} in the planned mix)",
            result_of(o, said, Quantity::BestMix(id()), slide, m.optimal),
            money(plan, m.moved),
            said.quantity(Quantity::Level(id()), slide, level, unit)
        ),
        None => result_of(o, said, Quantity::Level(id()), slide, level),
    })
}

/// "marketing-sourced pipeline of €18.3M against a €18M target"; a count
/// whose metric names its unit reads "106,000 new DTC customers against a
/// 118,400 target", not "new DTC customers of 106,000 customers".
fn result_of(o: &Objective, said: &Said, q: Quantity, slide: &str, value: Decimal) -> String {
    let unit = o.measure.unit.as_deref();
    let metric = lower_first(metric(o));
    let counted = unit.is_some_and(|u| {
        u != "%"
            && !crate::plan::money::is_currency(u)
            && metric.to_lowercase().ends_with(&u.to_lowercase())
    });
    let shown_unit = if counted { None } else { unit };
    let v = said.quantity(q, slide, value, shown_unit);
    let head = if counted {
        format!("{v} {metric}")
    } else {
        format!("{metric} of {v}")
    };
    match o.measure.target.as_ref() {
        Some(t) => format!(
            "{head} against a {} target",
            format_quantity(t.value, shown_unit, true)
        ),
        None => head,
    }
}

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// What the smallest scenario budget buys of the lead objective: what a
/// smaller "yes" (or a "no" to part of the budget) costs.
fn lowest_scenario(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    said: &Said,
) -> Option<String> {
    let s = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < plan.budget.total.value)
        .min_by_key(|s| s.budget.value)?;
    let o = plan.objectives.first()?;
    let plan_level = shown.first()?.as_ref()?.level?;
    let value = scenario_value(plan, fig, &s.id.value, &o.id.value)?;
    let unit = o.measure.unit.as_deref();
    let less = plan_level - value;
    said.quantity(
        Quantity::Level(o.id.value.clone()),
        "ask slide",
        plan_level,
        unit,
    );
    let outcome = Quantity::Outcome {
        scenario: s.id.value.clone(),
        objective: o.id.value.clone(),
    };
    Some(format!(
        "at {} ({}) {} falls to {}, {} less",
        format_money(s.budget.value, &plan.meta.currency.value, true),
        s.name,
        lower_first(metric(o)),
        said.quantity(outcome, "ask slide", value, unit),
        match unit {
            Some("%") => format_change(less, unit, true)
                .trim_start_matches('+')
                .to_string(),
            _ => format_quantity(less, unit, true),
        }
    ))
}

/// A scenario's value of an objective: the curves' where they cover it,
/// else the scenario's typed outcome.
pub fn scenario_value(
    plan: &Plan,
    fig: &Figures,
    scenario: &str,
    objective: &str,
) -> Option<Decimal> {
    let curve = fig.media.as_ref().and_then(|m| {
        let s = m.scenarios.iter().find(|s| s.id == scenario)?;
        let o = s.outcomes.iter().find(|o| o.objective == objective)?;
        approx(o.planned_mix)
    });
    curve.or_else(|| {
        plan.scenarios
            .iter()
            .find(|s| s.id.value == scenario)?
            .outcomes
            .iter()
            .find(|f| f.objective.value == objective)
            .map(|f| f.value.value)
    })
}

/// The executive summary: the decision first, then what it returns, the
/// main risk, the alternative considered and the cost of saying no.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The conclusion, as the slide's title.
    pub title: String,
    /// The asks, each with its cost and date.
    pub asks: Vec<String>,
    /// The reallocations asked for with the budget (see [`Reallocation`]).
    pub recommended: Vec<String>,
    /// Per objective: forecast against target, and its worth where valued.
    pub returns: Vec<String>,
    /// Where the plan gives no value per unit: said plainly.
    pub unvalued: Vec<String>,
    pub main_risk: Option<String>,
    pub alternatives: Vec<String>,
    pub if_declined: Option<String>,
    pub verdict: Verdict,
}

/// The titles that state each main-story slide's finding.
#[derive(Debug, Serialize)]
pub struct Titles {
    pub goals: String,
    pub forecast: String,
    pub channels: String,
    pub budget: String,
    pub scenarios: Option<String>,
    pub risks: Option<String>,
    pub asks: String,
    pub insights: Option<String>,
    pub strategy: Option<String>,
    pub roadmap: Option<String>,
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

fn money(plan: &Plan, d: Decimal) -> String {
    format_money(d, &plan.meta.currency.value, true)
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn level_rank(l: Level) -> u8 {
    match l {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    }
}

pub fn build(
    plan: &Plan,
    fig: &Figures,
    tally: &Tally,
    shown: &[Option<Shown>],
    asks: &[AskView<'_>],
    said: Said,
) -> Story {
    let cur = |d: Decimal| money(plan, d);
    let moves = reallocations(plan, fig);
    let said = &said;
    let open: Vec<&AskView<'_>> = asks
        .iter()
        .filter(|a| a.ask.status == AskStatus::Open)
        .collect();

    // The verdict: the checker's findings, the weakest forecast and the status.
    let weakest = plan
        .objectives
        .iter()
        .zip(shown)
        .filter(|(o, _)| !o.delivered_by_units)
        .filter_map(|(o, s)| Some((s.as_ref()?.coverage?, lower_first(metric(o)))))
        .min_by_key(|(c, _)| *c);
    let verdict = verdict::verdict(&verdict::Basis {
        errors: tally.errors,
        warnings: tally.warnings,
        status: Some(plan.meta.status),
        weakest,
        behind_pace: 0,
        off_pace: 0,
    });

    let returns: Vec<String> = plan
        .objectives
        .iter()
        .zip(shown)
        .filter_map(|(o, s)| {
            let s = s.as_ref()?;
            let unit = o.measure.unit.as_deref();
            let level = s.level?;
            let id = || o.id.value.clone();
            let mut line = format!(
                "{} {}",
                metric(o),
                said.quantity(Quantity::Level(id()), "summary", level, unit)
            );
            if let Some(t) = &o.measure.target {
                line.push_str(&format!(
                    " vs {} target",
                    format_quantity(t.value, unit, true)
                ));
            }
            // Coverage of an uplift is of the change, not of the level:
            // "34.5% vs 36% (70%)" reads as 96%.
            if let Some(c) = s.coverage {
                line.push_str(&format!(
                    " ({}%{})",
                    crate::format::format_number(c.round_dp(0), 0),
                    if o.forecast_basis == ForecastBasis::Uplift {
                        " of the uplift it needs"
                    } else {
                        ""
                    }
                ));
            }
            if let Some(m) = moves.iter().find(|m| m.objective == o.id.value) {
                line.push_str(&format!(
                    ", {} with the recommended moves",
                    said.quantity(Quantity::BestMix(id()), "summary", m.optimal, unit)
                ));
            }
            if let (Some(v), Some(r)) = (s.value, s.return_on_spend) {
                line.push_str(&format!(
                    ", worth {}: {}× its channels' cost",
                    cur(v),
                    crate::format::format_number(r, 1)
                ));
            }
            Some(line)
        })
        .collect();
    let unvalued: Vec<String> = plan
        .objectives
        .iter()
        .filter(|o| {
            o.value_per_unit.is_none()
                && !o
                    .measure
                    .unit
                    .as_deref()
                    .is_some_and(crate::plan::money::is_currency)
        })
        .map(|o| lower_first(metric(o)))
        .collect();

    let main_risk = plan
        .risks
        .iter()
        .max_by_key(|r| {
            (
                level_rank(r.likelihood) * level_rank(r.impact),
                std::cmp::Reverse(r.span.start),
            )
        })
        .map(|r| {
            let mut line = format!(
                "{} ({} likelihood, {} impact)",
                r.risk,
                level_word(r.likelihood),
                level_word(r.impact)
            );
            if let Some(m) = &r.mitigation {
                line.push_str(&format!("; mitigation: {m}"));
            }
            if let Some(owner) = &r.owner {
                line.push_str(&format!(" ({owner})"));
            }
            line
        });

    // The better mix is the recommendation, asked for with the budget; the
    // planned mix as submitted is the alternative weighed against it.
    let mut alternatives = Vec::new();
    let mut recommended = Vec::new();
    for m in &moves {
        let Some(o) = plan.objective(&m.objective) else {
            continue;
        };
        let unit = o.measure.unit.as_deref();
        let lower = lower_first(metric(o));
        let id = || o.id.value.clone();
        recommended.push(format!(
            "move {}, most of it from {} to {}, as the allocation slide shows: {} of {lower} instead of {} (+{:.1}%) for the same money",
            cur(m.moved),
            m.from,
            m.to,
            said.quantity(Quantity::BestMix(id()), "summary", m.optimal, unit),
            said.quantity(Quantity::Level(id()), "summary", m.planned, unit),
            m.uplift_percent
        ));
        alternatives.push(format!(
            "the planned mix as submitted buys {} of {lower}, {} less",
            said.quantity(Quantity::Level(id()), "summary", m.planned, unit),
            format_quantity(m.optimal - m.planned, unit, true)
        ));
    }
    for s in &plan.scenarios {
        // The smaller budgets are what a no costs (below).
        if s.budget.value <= plan.budget.total.value {
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
            parts.push(format!(
                "{} {}{}",
                lower_first(metric(o)),
                said.quantity(outcome, "summary", v, o.measure.unit.as_deref()),
                if from_curves && fig.media.is_some() {
                    " (the curves, planned mix)"
                } else {
                    ""
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

    // The ask for the plan's whole budget: what the plan's results are
    // bought with. An ask for part of the money (€160k for a PIM) is one
    // of the asks, not what buys the plan's pipeline.
    let budget_ask = open.iter().find(|a| a.whole_budget);
    let if_declined = budget_ask
        .and_then(|a| {
            let what = a.if_declined_text.clone()?;
            Some(match a.ask.by.as_ref() {
                Some(by) => format!("{what}; the decision is needed by {}", date(by.value)),
                None => what,
            })
        })
        .or_else(|| {
            Some(
                "the plan says nothing about what a smaller budget or a later decision costs"
                    .to_string(),
            )
            .filter(|_| budget_ask.is_some())
        });

    // The title states the result of what is asked for: with the
    // recommended moves, the best mix's (the planned mix is in the bullets).
    let lead = lead_result(plan, shown, &[], said, "summary").map(|plain| {
        match plan
            .objectives
            .first()
            .and_then(|o| moves.iter().find(|m| m.objective == o.id.value))
        {
            Some(m) => {
                let o = &plan.objectives[0];
                let q = Quantity::BestMix(o.id.value.clone());
                result_of(o, said, q, "summary", m.optimal)
            }
            None => plain,
        }
    });
    let lead_moved = plan
        .objectives
        .first()
        .and_then(|o| moves.iter().find(|m| m.objective == o.id.value))
        .map(|m| format!(", {} of it moved between channels", cur(m.moved)))
        .unwrap_or_default();
    if let Some(a) = budget_ask.filter(|a| a.whole_budget)
        && let Some(c) = a.cost
    {
        said.0
            .borrow_mut()
            .push(Stated::new(Quantity::BudgetTotal, "summary", c));
    }
    let title = match (budget_ask, &lead) {
        (Some(a), Some(lead)) => format!(
            "Approve {}{}{lead_moved}: it buys {lead}",
            a.cost.map(cur).unwrap_or_default(),
            a.ask
                .by
                .as_ref()
                .map(|b| format!(" by {}", date(b.value)))
                .unwrap_or_default()
        ),
        (None, Some(lead)) => format!("{} buys {lead}", cur(plan.budget.total.value)),
        _ => format!("{}: {}", plan.meta.title, cur(plan.budget.total.value)),
    };
    let ask_lines = open
        .iter()
        .map(|a| {
            let mut line = a.ask.ask.clone();
            // An ask that names its amount ("Approve the €6.0M budget")
            // is not followed by it again.
            let symbol = crate::plan::money::symbol(&plan.meta.currency.value);
            if let Some(c) = a.cost
                && !a.ask.ask.contains(symbol)
            {
                line.push_str(&format!(" ({})", cur(c)));
            }
            if let Some(by) = &a.ask.by {
                line.push_str(&format!(", by {}", date(by.value)));
            }
            line
        })
        .collect();

    let titles = titles(plan, fig, shown, &open, said);
    Story {
        summary: Summary {
            title,
            asks: ask_lines,
            recommended,
            returns,
            unvalued,
            main_risk,
            alternatives,
            if_declined,
            verdict,
        },
        titles,
        stated: said.0.take(),
    }
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

fn titles(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    open: &[&AskView<'_>],
    said: &Said,
) -> Titles {
    let cur = |d: Decimal| money(plan, d);
    let unserved = plan
        .goals
        .iter()
        .filter(|g| {
            !plan
                .objectives
                .iter()
                .any(|o| o.supports.iter().any(|s| s.value == g.id.value))
        })
        .count();
    let goals = if unserved == 0 {
        let goals = match plan.goals.len() {
            1 => "the business goal".to_string(),
            2 => "both business goals".to_string(),
            n => format!("all {n} business goals"),
        };
        match plan.objectives.len() {
            1 => format!("One marketing objective serves {goals}"),
            n => format!("{n} marketing objectives serve {goals}"),
        }
    } else {
        format!(
            "{unserved} of {} business goals have no marketing objective",
            plan.goals.len()
        )
    };

    let counted: Vec<(&Objective, &Shown)> = plan
        .objectives
        .iter()
        .zip(shown)
        .filter_map(|(o, s)| Some((o, s.as_ref()?)))
        .filter(|(_, s)| s.coverage.is_some())
        .collect();
    let short: Vec<&(&Objective, &Shown)> = counted.iter().filter(|(_, s)| s.shortfall).collect();
    let curves = counted.iter().any(|(_, s)| s.from_curves);
    let forecast = match short.as_slice() {
        [] if counted.is_empty() => "No objective has a target to forecast against".to_string(),
        [] => format!(
            "The forecasts{} reach all {} targets",
            if curves {
                ", on the response curves,"
            } else {
                ""
            },
            counted.len()
        ),
        [(o, s)] => format!(
            "{} is forecast short: {}% of what it needs; {} of {} targets reached",
            metric(o),
            crate::format::format_number(s.coverage.unwrap_or_default().round_dp(0), 0),
            counted.len() - 1,
            counted.len()
        ),
        many => format!(
            "{} of {} objectives are forecast short of their targets",
            many.len(),
            counted.len()
        ),
    };

    let mut by_budget: Vec<&Channel> = plan.channels.iter().collect();
    by_budget.sort_by_key(|c| std::cmp::Reverse(c.budget.value));
    let channels = match by_budget.as_slice() {
        [] => "No channel is funded".to_string(),
        [one] => format!(
            "{} carries all the channel money: {}",
            one.name,
            cur(one.budget.value)
        ),
        [a, b, ..] => format!(
            "{} and {} take {} of the channel budget",
            a.name,
            b.name,
            figures::percent(a.budget.value + b.budget.value, fig.channel_spend).map_or(
                "—".to_string(),
                |p| format!("{}%", crate::format::format_number(p.round_dp(0), 0))
            )
        ),
    };
    let budget = format!(
        "{} of the {} budget goes to channels; {} funds upstream work",
        figures::percent(fig.channel_spend, fig.total).map_or("—".to_string(), |p| format!(
            "{}%",
            crate::format::format_number(p.round_dp(0), 0)
        )),
        cur(fig.total),
        fig.upstream_share.map_or("—".to_string(), |p| format!(
            "{}%",
            crate::format::format_number(p.round_dp(0), 0)
        ))
    );

    let scenarios = plan.objectives.first().and_then(|o| {
        let unit = o.measure.unit.as_deref();
        let mut vals: Vec<(Decimal, Decimal, &str)> = plan
            .scenarios
            .iter()
            .filter_map(|s| {
                Some((
                    s.budget.value,
                    scenario_value(plan, fig, &s.id.value, &o.id.value)?,
                    s.id.value.as_str(),
                ))
            })
            .collect();
        vals.sort_by_key(|v| v.0);
        let (lo, hi) = (vals.first()?, vals.last()?);
        if lo.0 == hi.0 {
            return None;
        }
        let say = |v: &(Decimal, Decimal, &str)| {
            let outcome = Quantity::Outcome {
                scenario: v.2.to_string(),
                objective: o.id.value.clone(),
            };
            said.quantity(outcome, "scenarios slide title", v.1, unit)
        };
        Some(format!(
            "{} ranges from {} at {} to {} at {}",
            metric(o),
            say(lo),
            cur(lo.0),
            say(hi),
            cur(hi.0)
        ))
    });

    let risks = plan
        .risks
        .iter()
        .max_by_key(|r| {
            (
                level_rank(r.likelihood) * level_rank(r.impact),
                std::cmp::Reverse(r.span.start),
            )
        })
        .map(|r| format!("The largest risk: {}", lower_first(&r.risk)));

    let total: Decimal = open
        .iter()
        .filter_map(|a| a.ask.amount.as_ref().map(|m| m.value))
        .sum();
    let first_by = open
        .iter()
        .filter_map(|a| a.ask.by.as_ref().map(|b| b.value))
        .min();
    let asks = format!(
        "{} decision{}{}{}",
        open.len(),
        if open.len() == 1 { "" } else { "s" },
        if total > Decimal::ZERO {
            format!(", {} in all", cur(total))
        } else {
            String::new()
        },
        first_by
            .map(|d| format!(", the first by {}", date(d)))
            .unwrap_or_default()
    );

    let insights = plan.insights.first().map(|i| i.finding.clone());
    let strategy = plan
        .strategy
        .choices
        .first()
        .map(|c| format!("The plan's first choice: {}", lower_first(c)));
    let roadmap = {
        let mut ms: Vec<&Milestone> = plan.milestones.iter().collect();
        ms.sort_by_key(|m| m.date.value);
        ms.first().map(|m| {
            format!(
                "{} initiative{} and {} milestones, the first — {} — by {}",
                plan.initiatives.len(),
                if plan.initiatives.len() == 1 { "" } else { "s" },
                ms.len(),
                lower_first(&m.name),
                date(m.date.value)
            )
        })
    };
    Titles {
        goals,
        forecast,
        channels,
        budget,
        scenarios,
        risks,
        asks,
        insights,
        strategy,
        roadmap,
    }
}

/// `Concentrate on…` → `concentrate on…`, for a phrase inside a sentence;
/// `ABM…` and `SQL…` stay, and so does a name in title case (`Walk Till
/// Morning`): only the first letter changes, never an acronym later on
/// (`Opportunity value (SFDC)` → `opportunity value (SFDC)`).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    let title_case = s.split_whitespace().nth(1).is_some_and(|w| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
    });
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() && !title_case => {
            a.to_lowercase().collect::<String>() + &s[a.len_utf8()..]
        }
        _ => s.to_string(),
    }
}
