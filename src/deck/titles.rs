//! The titles that state each main-story slide's finding ("3 of 4
//! objectives are forecast short of their targets"), not its topic.

use rust_decimal::Decimal;
use serde::Serialize;

use super::asks::AskView;
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
        asks: asks_title(plan, fig, open),
        insights: plan.insights.first().map(|i| i.finding.clone()),
        strategy: strategy_title(plan),
        roadmap: roadmap_title(plan, fig),
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

/// The risks slide: the largest risk by exposure, as a claim — what it
/// could cost where the plan prices it, else how likely and how hard it
/// would hit ("The largest risk is high-likelihood and high-impact: …").
fn risks_title(plan: &Plan) -> Option<String> {
    let r = crate::figures::value::risk_order(plan)
        .first()
        .and_then(|i| plan.risks.get(*i))?;
    let risk = lower_first(r.risk.trim_end_matches('.'));
    Some(match super::value::risk_impact(plan, r).text {
        Some(cost) => format!("The largest risk could cost {cost}: {risk}"),
        None => format!(
            "The largest risk is {}-likelihood and {}-impact: {risk}",
            level_word(r.likelihood),
            level_word(r.impact)
        ),
    })
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// The asks slide: what to approve and by when, in the totals the
/// summary states too (every priced ask counted once, by its funding).
fn asks_title(plan: &Plan, fig: &Figures, open: &[&AskView<'_>]) -> String {
    super::ask_totals::totals(plan, fig, open).phrase
}

/// The strategy slide: the plan's first choice as a sentence with a verb
/// — the choice itself where it is one ("CRM is an acquisition lever"),
/// "We …" for an imperative ("We lead every channel with …"), else what
/// the plan bets on ("The plan bets on member rate 10% below OTA parity").
fn strategy_title(plan: &Plan) -> Option<String> {
    let c = plan.strategy.choices.first()?.trim().trim_end_matches('.');
    let words: Vec<String> = c
        .split(|ch: char| !ch.is_alphanumeric() && ch != '-' && ch != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let first = words.first()?;
    Some(if IMPERATIVE.contains(&first.as_str()) {
        format!("We {}", lower_first(c))
    } else if words.iter().skip(1).any(|w| FINITE.contains(&w.as_str())) {
        upper_first(c)
    } else {
        format!("The plan bets on {}", lower_first(c))
    })
}

/// Verbs a strategic choice opens with as an instruction ("Lead every
/// channel with …", "Pay for activated workspaces …").
const IMPERATIVE: &[&str] = &[
    "add",
    "bid",
    "build",
    "bundle",
    "choose",
    "concentrate",
    "convert",
    "cut",
    "defend",
    "double",
    "drive",
    "drop",
    "enter",
    "expand",
    "focus",
    "follow",
    "fund",
    "go",
    "grow",
    "hire",
    "invest",
    "keep",
    "launch",
    "lead",
    "make",
    "move",
    "open",
    "own",
    "partner",
    "pay",
    "price",
    "prioritise",
    "prioritize",
    "protect",
    "put",
    "raise",
    "reach",
    "recruit",
    "reduce",
    "replace",
    "run",
    "sample",
    "sell",
    "shift",
    "sign",
    "spend",
    "stop",
    "target",
    "test",
    "tie",
    "turn",
    "use",
    "win",
];

/// Verbs that make a choice a sentence already ("Sales touches only
/// product-qualified accounts", "the appeal asks are for €15/month").
const FINITE: &[&str] = &[
    "is", "are", "was", "will", "must", "can", "should", "has", "have", "carries", "carry",
    "touches", "owns", "own", "gets", "get", "leads", "wins", "goes", "pays", "makes", "comes",
    "becomes", "runs", "replaces", "beats", "drives", "sells", "buys", "takes", "works",
];

/// A title's first letter raised.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The roadmap slide: where the work piles up, who owns none of it, and
/// the first milestone ("3 of 4 initiatives run at once in Q4 2026; 1 has
/// no owner; the first milestone, WEFTEC 2026, is due 28 Sep 2026").
fn roadmap_title(plan: &Plan, fig: &Figures) -> Option<String> {
    let n = plan.initiatives.len();
    let mut parts = Vec::new();
    let busiest = fig
        .quarters
        .iter()
        .map(|q| {
            let k = plan
                .initiatives
                .iter()
                .filter(|i| i.start.value <= q.end && i.end.value >= q.start)
                .count();
            (k, q.label.as_str())
        })
        .fold(None::<(usize, &str)>, |best, x| match best {
            Some(b) if b.0 >= x.0 => Some(b),
            _ => Some(x),
        });
    match busiest {
        Some((2, q)) if n == 2 => parts.push(format!("Both initiatives run at once in {q}")),
        Some((k, q)) if k >= 2 && k == n => {
            parts.push(format!("All {n} initiatives run at once in {q}"))
        }
        Some((k, q)) if k >= 2 => parts.push(format!("{k} of {n} initiatives run at once in {q}")),
        _ if n >= 2 => parts.push(format!("The {n} initiatives run one at a time")),
        _ => {}
    }
    let unowned = plan
        .initiatives
        .iter()
        .filter(|i| i.owner.is_none() && i.agency.is_none())
        .count();
    if unowned > 0 && !parts.is_empty() {
        parts.push(format!(
            "{unowned} {} no owner",
            if unowned == 1 { "has" } else { "have" }
        ));
    }
    let first = plan.milestones.iter().min_by_key(|m| m.date.value);
    if let Some(m) = first {
        parts.push(format!(
            "the first milestone, {}, is due {}",
            lower_first(&m.name),
            date(m.date.value)
        ));
    }
    let title = parts.join("; ");
    (!title.is_empty()).then(|| upper_first(&title))
}
