//! The asks as a board decides them: what each costs, what it buys, what
//! happens without it, by when — what the whole budget buys being the
//! deck's own forecast, as on the summary.

use rust_decimal::Decimal;
use serde::Serialize;

use super::shown::{
    Reallocation, Said, Shown, lower_first, metric, money, reallocations, result_of, scenario_value,
};
use crate::check::reconcile::Quantity;
use crate::figures::Figures;
use crate::format::{format_change, format_money, format_quantity};
use crate::plan::*;

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
        // The plan's word wins over anything inferred below.
        if let Some(said) = a.funding {
            return Some(match said {
                AskFunding::InBudget => Funding::InTheBudget,
                AskFunding::NewMoney => Funding::NewMoney,
                AskFunding::Contingent => Funding::Contingent,
            });
        }
        let costed_role = a.role.as_ref().is_some_and(|r| {
            plan.team
                .iter()
                .any(|t| t.id.value == r.value && t.cost.is_some())
        });
        // An amount equal to a line is that line only when the ask names it:
        // plans reuse round amounts, and a €150k relaunch is not the €150k
        // martech line.
        let names = |id: &str, name: &str| names_line(&a.ask, id, name);
        let a_line = plan
            .channels
            .iter()
            .any(|c| c.budget.value == cost && names(&c.id.value, &c.name))
            || plan
                .budget
                .lines
                .iter()
                .any(|l| l.amount.value == cost && names(&l.id.value, &l.name))
            || plan.team.iter().any(|t| {
                t.cost.as_ref().is_some_and(|c| c.value == cost) && names(&t.id.value, &t.role)
            });
        Some(if costed_role || a_line {
            Funding::InTheBudget
        } else if a.kind == AskKind::Decision || says_contingent(&a.ask) {
            Funding::Contingent
        } else {
            Funding::NewMoney
        })
    }
}

/// Whether an ask's text names a line: its id, or a word of its name of
/// four letters or more ("martech", "Porto") that is not a common word.
fn names_line(ask: &str, id: &str, name: &str) -> bool {
    const COMMON: &[&str] = &[
        "with", "from", "that", "this", "into", "over", "budget", "spend", "costs", "money",
        "plan", "year", "team", "line", "and", "the", "for",
    ];
    let ask = ask.to_lowercase();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .filter(|w| !COMMON.contains(&w.as_str()))
            .collect()
    };
    let ask_words = words(&ask);
    ask.contains(&id.to_lowercase()) || words(name).iter().any(|w| ask_words.contains(w))
}

/// Whether an ask's own words make it conditional ("only if the opening
/// slips", "a reserve if needed", "contingent on").
fn says_contingent(ask: &str) -> bool {
    let ask = ask.to_lowercase();
    [
        "only if",
        "if needed",
        "if required",
        "contingent",
        "contingency",
    ]
    .iter()
    .any(|w| ask.contains(w))
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
                funding: Funding::of(plan, a, cost, whole_budget),
            }
        })
        .collect()
}

/// "marketing-sourced pipeline of €18.3M against a €18M target"; with the
/// recommended moves, what they buy ("… of €19.5M against a €18M target,
/// with €707k moved between channels (€18.3M in the planned mix)").
pub fn lead_result(
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

/// What the smallest scenario budget buys of the lead objective: what a
/// smaller "yes" (or a "no" to part of the budget) costs.
pub fn lowest_scenario(
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
