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
    /// From the forecast to money (`figures::value`), or why not.
    pub bridge: Option<crate::figures::value::Bridge>,
    pub gap: Option<crate::figures::value::Gap>,
}

impl Shown {
    /// What the value bridge reads of it.
    pub fn for_value(&self) -> super::value::ObjectiveValue<'_> {
        super::value::ObjectiveValue {
            bridge: self.bridge.as_ref(),
            gap: self.gap,
            forecast: self.forecast,
            level: self.level,
            from_curves: self.from_curves,
        }
    }
}

/// The value view (bridge slide, scenario returns) at the forecasts and
/// scenario levels every slide shows.
pub fn value_view(plan: &Plan, fig: &Figures, shown: &[Option<Shown>]) -> super::value::ValueView {
    let inputs: Vec<_> = shown
        .iter()
        .map(|s| s.as_ref().map(Shown::for_value))
        .collect();
    super::value::build(plan, &inputs, |s, o| scenario_value(plan, fig, s, o))
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
    let bridge = super::value::objective_bridge(plan, fig, o, forecast);
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
        value: bridge.as_ref().ok().map(|b| b.value),
        return_on_spend: bridge.as_ref().ok().and_then(|b| b.return_on_spend),
        gap: bridge.as_ref().err().copied(),
        bridge: bridge.ok(),
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
    /// Where its money stands against the budget (`Funding::of`), so that
    /// asks are never totalled over money the budget already holds.
    pub funding: Option<Funding>,
}

/// An ask's money against the plan's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Funding {
    /// The ask is the plan's whole budget.
    TheBudget,
    /// Already inside the budget: a hire whose cost is a team row, an
    /// amount that is one of the budget's own lines.
    InTheBudget,
    /// A decision with an amount: money spent only if it goes one way
    /// (an option decided later, a reserve drawn on a condition).
    Contingent,
    /// Money the budget does not hold.
    NewMoney,
}

impl Funding {
    fn of(plan: &Plan, a: &Ask, cost: Option<Decimal>, whole_budget: bool) -> Option<Funding> {
        let cost = cost?;
        if whole_budget {
            return Some(Funding::TheBudget);
        }
        let costed_role = a.role.as_ref().is_some_and(|r| {
            plan.team
                .iter()
                .any(|t| t.id.value == r.value && t.cost.is_some())
        });
        let a_line = plan.channels.iter().any(|c| c.budget.value == cost)
            || plan.budget.lines.iter().any(|l| l.amount.value == cost)
            || plan
                .team
                .iter()
                .any(|t| t.cost.as_ref().is_some_and(|c| c.value == cost));
        Some(if costed_role || a_line {
            Funding::InTheBudget
        } else if a.kind == AskKind::Decision {
            Funding::Contingent
        } else {
            Funding::NewMoney
        })
    }
}

pub fn asks<'p>(plan: &'p Plan, fig: &Figures, shown: &[Option<Shown>]) -> Vec<AskView<'p>> {
    let lead = lead_result(plan, shown);
    let lowest = lowest_scenario(plan, fig, shown);
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
            let buys_text = a.buys.clone().or_else(|| {
                if whole_budget {
                    lead.clone()
                } else {
                    role.map(|r| format!("{} FTE: {}", r.fte.value.normalize(), r.role))
                }
            });
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
                funding: Funding::of(plan, a, cost, whole_budget),
            }
        })
        .collect()
}

/// "€18.3M of marketing-sourced pipeline against a €18M target".
fn lead_result(plan: &Plan, shown: &[Option<Shown>]) -> Option<String> {
    let (o, s) = plan
        .objectives
        .iter()
        .zip(shown)
        .find_map(|(o, s)| Some((o, s.as_ref()?)))?;
    let unit = o.measure.unit.as_deref();
    let metric = metric(o).to_lowercase();
    let level = s.level?;
    Some(match o.measure.target.as_ref() {
        Some(t) => format!(
            "{metric} of {} against a {} target",
            format_quantity(level, unit, true),
            format_quantity(t.value, unit, true)
        ),
        None => format!("{metric} of {}", format_quantity(level, unit, true)),
    })
}

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// What the smallest scenario budget buys of the lead objective: what a
/// smaller "yes" (or a "no" to part of the budget) costs.
fn lowest_scenario(plan: &Plan, fig: &Figures, shown: &[Option<Shown>]) -> Option<String> {
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
    Some(format!(
        "at {} ({}) {} falls to {}, {} less",
        format_money(s.budget.value, &plan.meta.currency.value, true),
        s.name,
        metric(o).to_lowercase(),
        format_quantity(value, unit, true),
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
}

fn money(plan: &Plan, d: Decimal) -> String {
    format_money(d, &plan.meta.currency.value, true)
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub fn build(
    plan: &Plan,
    fig: &Figures,
    tally: &Tally,
    shown: &[Option<Shown>],
    asks: &[AskView<'_>],
) -> Story {
    let cur = |d: Decimal| money(plan, d);
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
        .filter_map(|(o, s)| Some((s.as_ref()?.coverage?, metric(o).to_lowercase())))
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
            let mut line = format!("{} {}", metric(o), format_quantity(level, unit, true));
            if let Some(t) = &o.measure.target {
                line.push_str(&format!(
                    " vs {} target",
                    format_quantity(t.value, unit, true)
                ));
            }
            if let Some(c) = s.coverage {
                line.push_str(&format!(
                    " ({}%)",
                    crate::format::format_number(c.round_dp(0), 0)
                ));
            }
            if let Some(phrase) = super::value::return_phrase(plan, o, &s.for_value()) {
                line.push_str(&phrase);
            }
            Some(line)
        })
        .collect();
    let unvalued: Vec<String> = plan
        .objectives
        .iter()
        .zip(shown)
        .filter(|(_, s)| {
            s.as_ref()
                .is_some_and(|s| s.gap == Some(crate::figures::value::Gap::NoValue))
        })
        .map(|(o, _)| metric(o).to_lowercase())
        .collect();

    // Highest exposure: in money where risks state their impact.
    let main_risk = crate::figures::value::risk_order(plan)
        .first()
        .and_then(|i| plan.risks.get(*i))
        .map(|r| {
            let impact = super::value::risk_impact(plan, r);
            let mut line = format!(
                "{} ({} likelihood, {} impact{}{})",
                r.risk,
                level_word(r.likelihood),
                level_word(r.impact),
                impact.text.map(|t| format!(": {t}")).unwrap_or_default(),
                impact
                    .exposure
                    .map(|e| format!("; exposure {}", cur(e)))
                    .unwrap_or_default()
            );
            if let Some(m) = &r.mitigation {
                line.push_str(&format!("; mitigation: {m}"));
            }
            if let Some(owner) = &r.owner {
                line.push_str(&format!(" ({owner})"));
            }
            line
        });

    let mut alternatives = Vec::new();
    if let Some(m) = &fig.media {
        for om in &m.objectives {
            if om.uplift_percent >= 1.0
                && let Some(o) = plan.objective(&om.id)
            {
                let unit = o.measure.unit.as_deref();
                let base = Decimal::from_f64_retain(om.base).unwrap_or_default();
                let planned = approx(om.planned).unwrap_or_default() + base;
                let optimal = approx(om.optimal).unwrap_or_default() + base;
                alternatives.push(format!(
                    "the best mix of the same money buys {} of {} (+{:.1}%); the planned mix leaves {} on the table",
                    format_quantity(optimal, unit, true),
                    metric(o).to_lowercase(),
                    om.uplift_percent,
                    format_quantity(optimal - planned, unit, true)
                ));
            }
        }
    }
    if let Some(o) = plan.objectives.first() {
        let unit = o.measure.unit.as_deref();
        for s in &plan.scenarios {
            // The smaller budgets are what a no costs (below).
            if s.budget.value <= plan.budget.total.value {
                continue;
            }
            if let Some(v) = scenario_value(plan, fig, &s.id.value, &o.id.value) {
                alternatives.push(format!(
                    "{} ({}): {} {}",
                    s.name,
                    cur(s.budget.value),
                    metric(o).to_lowercase(),
                    format_quantity(v, unit, true)
                ));
            }
        }
    }

    let budget_ask = open.iter().find(|a| a.whole_budget).or_else(|| {
        open.iter()
            .find(|a| a.ask.kind == AskKind::Budget && a.cost.is_some())
    });
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

    let lead = lead_result(plan, shown);
    let title = match (budget_ask, &lead) {
        (Some(a), Some(lead)) => format!(
            "Approve {}{}: it buys {lead}",
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
                match a.funding {
                    Some(Funding::InTheBudget) => {
                        line.push_str(&format!(" ({}, in the budget)", cur(c)))
                    }
                    Some(Funding::Contingent) => {
                        line.push_str(&format!(" ({}, contingent)", cur(c)))
                    }
                    _ => line.push_str(&format!(" ({})", cur(c))),
                }
            }
            if let Some(by) = &a.ask.by {
                line.push_str(&format!(", by {}", date(by.value)));
            }
            line
        })
        .collect();

    let titles = titles(plan, fig, shown, &open);
    Story {
        summary: Summary {
            title,
            asks: ask_lines,
            returns,
            unvalued,
            main_risk,
            alternatives,
            if_declined,
            verdict,
        },
        titles,
    }
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

fn titles(plan: &Plan, fig: &Figures, shown: &[Option<Shown>], open: &[&AskView<'_>]) -> Titles {
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
    // One base for the title and the table under it: the spend (the
    // table's "share of spend"), named in the title.
    let budget = format!(
        "{} of the {} spend goes to channels; {} funds upstream work",
        figures::percent(fig.channel_spend, fig.spend).map_or("—".to_string(), |p| format!(
            "{}%",
            crate::format::format_number(p.round_dp(0), 0)
        )),
        cur(fig.spend),
        fig.upstream_share.map_or("—".to_string(), |p| format!(
            "{}%",
            crate::format::format_number(p.round_dp(0), 0)
        ))
    );

    let scenarios = plan.objectives.first().and_then(|o| {
        let unit = o.measure.unit.as_deref();
        let mut vals: Vec<(Decimal, Decimal)> = plan
            .scenarios
            .iter()
            .filter_map(|s| {
                Some((
                    s.budget.value,
                    scenario_value(plan, fig, &s.id.value, &o.id.value)?,
                ))
            })
            .collect();
        vals.sort_by_key(|v| v.0);
        let (lo, hi) = (vals.first()?, vals.last()?);
        if lo.0 == hi.0 {
            return None;
        }
        Some(format!(
            "{} ranges from {} at {} to {} at {}",
            metric(o),
            format_quantity(lo.1, unit, true),
            cur(lo.0),
            format_quantity(hi.1, unit, true),
            cur(hi.0)
        ))
    });

    let risks = crate::figures::value::risk_order(plan)
        .first()
        .and_then(|i| plan.risks.get(*i))
        .map(|r| format!("The largest risk: {}", lower_first(&r.risk)));

    // The asks reconcile with the budget: what is asked for (the budget and
    // any new money) is totalled; money already inside the budget is named,
    // not added again; contingent money stands apart.
    let sum_of = |f: &[Funding]| -> Decimal {
        open.iter()
            .filter(|a| a.funding.is_some_and(|x| f.contains(&x)))
            .filter_map(|a| a.cost)
            .sum()
    };
    let asked = sum_of(&[Funding::TheBudget, Funding::NewMoney]);
    let inside = sum_of(&[Funding::InTheBudget]);
    let contingent = sum_of(&[Funding::Contingent]);
    let first_by = open
        .iter()
        .filter_map(|a| a.ask.by.as_ref().map(|b| b.value))
        .min();
    let mut money_parts = Vec::new();
    if asked > Decimal::ZERO {
        let mut part = format!("{} to approve", cur(asked));
        if inside > Decimal::ZERO {
            part.push_str(&format!(" ({} of it already in the budget)", cur(inside)));
        }
        money_parts.push(part);
    } else if inside > Decimal::ZERO {
        money_parts.push(format!("{} already in the budget", cur(inside)));
    }
    if contingent > Decimal::ZERO {
        money_parts.push(format!("{} more only if decided so", cur(contingent)));
    }
    let asks = format!(
        "{} decision{}{}{}",
        open.len(),
        if open.len() == 1 { "" } else { "s" },
        if money_parts.is_empty() {
            String::new()
        } else {
            format!(": {}", money_parts.join("; "))
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

/// `Concentrate on…` → `concentrate on…`, but `ABM…` and `SQL…` stay.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().collect::<String>() + &s[a.len_utf8()..]
        }
        _ => s.to_string(),
    }
}
