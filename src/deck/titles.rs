//! The titles that state each main-story slide's finding ("3 of 4
//! objectives are forecast short of their targets"), not its topic.

use rust_decimal::Decimal;
use serde::Serialize;

use super::asks::AskView;
use super::asks::Funding;
use super::shown::{Said, Shown, date, lower_first, metric, money, scenario_value};
use crate::check::reconcile::Quantity;
use crate::figures::{self, Figures};
use crate::plan::*;

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

pub fn titles(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    open: &[&AskView<'_>],
    said: &Said,
) -> Titles {
    // Fields are evaluated in the order written: the order figures are said.
    Titles {
        goals: goals_title(plan),
        forecast: forecast_title(plan, shown),
        channels: channels_title(plan, fig),
        budget: budget_title(plan, fig),
        scenarios: scenarios_title(plan, fig, said),
        risks: risks_title(plan),
        asks: asks_title(plan, open),
        insights: plan.insights.first().map(|i| i.finding.clone()),
        strategy: strategy_title(plan),
        roadmap: roadmap_title(plan),
    }
}

/// The goals slide: whether every business goal has an objective serving it.
fn goals_title(plan: &Plan) -> String {
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
    if unserved == 0 {
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
    }
}

/// The forecast slide: how many targets the forecasts reach, or which fall short.
fn forecast_title(plan: &Plan, shown: &[Option<Shown>]) -> String {
    let counted: Vec<(&Objective, &Shown)> = plan
        .objectives
        .iter()
        .zip(shown)
        .filter_map(|(o, s)| Some((o, s.as_ref()?)))
        .filter(|(_, s)| s.needed.is_some())
        .collect();
    let short: Vec<&(&Objective, &Shown)> = counted.iter().filter(|(_, s)| s.shortfall).collect();
    let curves = counted.iter().any(|(_, s)| s.from_curves);
    match short.as_slice() {
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
            "{} is forecast short{}; {} of {} targets reached",
            metric(o),
            s.coverage.map_or(String::new(), |c| if c < Decimal::ZERO {
                ": it moves away from its target".to_string()
            } else {
                format!(
                    ": {}% of the gap to its target closed",
                    crate::format::format_number(c.round_dp(0), 0)
                )
            }),
            counted.len() - 1,
            counted.len()
        ),
        many => format!(
            "{} of {} objectives are forecast short of their targets",
            many.len(),
            counted.len()
        ),
    }
}

/// The channels slide: the two largest channels' share of the channel money.
fn channels_title(plan: &Plan, fig: &Figures) -> String {
    let cur = |d: Decimal| money(plan, d);
    let mut by_budget: Vec<&Channel> = plan.channels.iter().collect();
    by_budget.sort_by_key(|c| std::cmp::Reverse(c.budget.value));
    match by_budget.as_slice() {
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
    }
}

/// The budget slide: the spend's split between channels and upstream work.
fn budget_title(plan: &Plan, fig: &Figures) -> String {
    let cur = |d: Decimal| money(plan, d);
    // One base for the title and the table under it: the spend (the
    // table's "share of spend"), named in the title.
    // The table's own whole percents: one rounding per figure.
    let (parts, split) = super::shown::budget_shares(fig);
    let pc = |p: Option<&Option<Decimal>>| {
        p.copied().flatten().map_or("—".to_string(), |p| {
            format!("{}%", crate::format::format_number(p, 0))
        })
    };
    format!(
        "{} of the {} spend goes to channels; {} funds upstream work",
        pc(parts.first()),
        cur(fig.spend),
        pc(split.first())
    )
}

/// The scenarios slide: the lead objective's range from the smallest budget to the largest.
fn scenarios_title(plan: &Plan, fig: &Figures, said: &Said) -> Option<String> {
    let cur = |d: Decimal| money(plan, d);
    plan.objectives.first().and_then(|o| {
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
        // The plan's own point is inside the range it states: a range of
        // the scenarios alone can leave the plan outside it.
        let total = plan.budget.total.value;
        if !vals.iter().any(|v| v.0 == total)
            && let Some(level) = crate::check::scenarios::plan_level(plan, fig, o)
        {
            vals.push((total, level, ""));
        }
        vals.sort_by_key(|v| v.0);
        let (lo, hi) = (vals.first()?, vals.last()?);
        if lo.0 == hi.0 {
            return None;
        }
        let say = |v: &(Decimal, Decimal, &str)| {
            let q = if v.2.is_empty() {
                Quantity::Level(o.id.value.clone())
            } else {
                Quantity::Outcome {
                    scenario: v.2.to_string(),
                    objective: o.id.value.clone(),
                }
            };
            said.quantity(q, "scenarios slide title", v.1, unit)
        };
        let at = |v: &(Decimal, Decimal, &str)| {
            if v.2.is_empty() {
                format!("{} (the plan)", cur(v.0))
            } else {
                cur(v.0)
            }
        };
        Some(format!(
            "{} ranges from {} at {} to {} at {}",
            metric(o),
            say(lo),
            at(lo),
            say(hi),
            at(hi)
        ))
    })
}

/// The risks slide: the largest risk by exposure.
fn risks_title(plan: &Plan) -> Option<String> {
    crate::figures::value::risk_order(plan)
        .first()
        .and_then(|i| plan.risks.get(*i))
        .map(|r| format!("The largest risk: {}", lower_first(&r.risk)))
}

/// The asks slide: how many decisions, the money they reconcile to, the first date.
fn asks_title(plan: &Plan, open: &[&AskView<'_>]) -> String {
    let cur = |d: Decimal| money(plan, d);
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
    format!(
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
    )
}

/// The strategy slide: the plan's first choice.
fn strategy_title(plan: &Plan) -> Option<String> {
    plan.strategy
        .choices
        .first()
        .map(|c| format!("The plan's first choice: {}", lower_first(c)))
}

/// The roadmap slide: initiatives and milestones, and the first milestone's date.
fn roadmap_title(plan: &Plan) -> Option<String> {
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
}
