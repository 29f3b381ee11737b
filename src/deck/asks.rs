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
    /// A headcount ask's money worked out from the cost per FTE of the team
    /// row it names, when it states none: "0.2 FTE at the Digital officer's
    /// €41k per FTE". Shown as an estimate and totalled as one, by its
    /// funding, on the summary and the ask slide (`AskTotals`, in `ask_totals`).
    pub estimate: Option<CostEstimate>,
}

/// An ask's money worked out from the team's cost.
#[derive(Debug, Serialize)]
pub struct CostEstimate {
    pub amount: Decimal,
    /// How: "0.2 FTE at the Digital officer's €41k per FTE".
    pub basis: String,
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
    /// Contingent, and no more than the plan's contingency line: money the
    /// total budget already holds, drawn only if the condition is met —
    /// part of the budget, never added on top of it.
    FromContingency,
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
        // A contingent amount the contingency line covers is that line's
        // money, already in the total.
        let contingent = || match &plan.budget.contingency {
            Some(c) if cost <= c.value => Funding::FromContingency,
            _ => Funding::Contingent,
        };
        if let Some(said) = a.funding {
            return Some(match said {
                AskFunding::InBudget => Funding::InTheBudget,
                AskFunding::NewMoney => Funding::NewMoney,
                AskFunding::Contingent => contingent(),
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
            contingent()
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
            let hire = role.map(|r| hire_purpose(plan, fig, r)).or_else(|| {
                // Headcount with no team row, in a plan with no gap: not
                // for capacity (`hire-unjustified` says so too).
                let no_gap = fig.capacity.as_ref().is_some_and(|c| c.gaps.is_empty());
                (a.kind == AskKind::Headcount && no_gap).then(|| HirePurpose {
                    buys: NOT_FOR_CAPACITY.to_string(),
                    if_declined: None,
                    gap: None,
                })
            });
            let scenario = crate::check::asks::scenario_of(plan, a);
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
            let change = scenario.and_then(|s| scenario_change(plan, fig, shown, s));
            let buys_text = if whole_budget && lead.is_some() {
                lead.clone()
            } else if let Some(change) = scenario_buys(plan, fig, shown, a, said) {
                // An ask for a scenario's extra money buys the scenario's
                // change, the figure the scenarios slide shows.
                Some(change)
            } else {
                // A hire is for work: the plan's words, and whether the team
                // needs it for capacity (`hire-unjustified` otherwise), so
                // that the ask and the people slide say the same.
                let plan_words = a
                    .buys
                    .clone()
                    .or_else(|| change.as_ref().map(|c| c.buys.clone()));
                match (plan_words, &hire) {
                    // Not needed for capacity: asked only for the plan's
                    // own reason, said first so no reader takes it as
                    // required.
                    (w, Some(h)) if h.gap.is_none() => Some(optional_hire(
                        &h.buys,
                        w.as_deref(),
                        a.if_declined.as_deref(),
                    )),
                    (Some(w), _) => Some(w),
                    (None, Some(h)) => Some(upper_first(&h.buys)),
                    (None, None) => None,
                }
            };
            // The plan's words about a no may carry a figure of their own
            // ("Hold scenario: pipeline ~$43M"); for the whole budget the
            // deck states the one figure of that outcome, computed, never
            // the prose's beside it.
            let prose = a.if_declined.clone().filter(|p| {
                !(whole_budget && lowest.is_some() && p.chars().any(|c| c.is_ascii_digit()))
            });
            let if_declined_text = prose.or_else(|| {
                if whole_budget {
                    lowest.clone()
                } else if let Some(c) = &change {
                    Some(upper_first(&c.if_declined))
                } else if let Some(h) = hire.as_ref().and_then(|h| h.if_declined.clone()) {
                    Some(h)
                } else if a.kind == AskKind::Decision {
                    // Money spent only on a yes: a no keeps it.
                    cost.map(|c| {
                        format!(
                            "The {} is not spent; the plan does not say what that risks",
                            money(plan, c)
                        )
                    })
                } else {
                    None
                }
            });
            let estimate = if cost.is_none() {
                cost_estimate(plan, a)
            } else {
                None
            };
            // An estimated cost is money too: it has a funding, and the
            // totals count it.
            let priced = cost.or(estimate.as_ref().map(|e| e.amount));
            AskView {
                ask: a,
                cost,
                whole_budget,
                buys_text,
                if_declined_text,
                funding: Funding::of(plan, a, priced, whole_budget),
                estimate,
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
    // The lead objective's outcome; where the plan's figure for it is
    // doubted (`scenario-cut-buys-more`), the next objective the scenario
    // gives a figure for, so a downside case still has one.
    let (o, plan_level, value) = plan.objectives.iter().zip(shown).find_map(|(o, sh)| {
        let level = sh.as_ref()?.level?;
        let value = scenario_value(plan, fig, &s.id.value, &o.id.value)?;
        Some((o, level, value))
    })?;
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

/// What a hire is for, from the capacity it adds: the gap it closes in its
/// own skills (`capacity::gap_filled_by`), the initiatives it leads, or —
/// where it closes no gap — that it is not needed for capacity (the
/// `hire-unjustified` finding in words).
const NOT_FOR_CAPACITY: &str = "not needed for capacity: the team covers the work without the hire";

struct HirePurpose {
    buys: String,
    if_declined: Option<String>,
    gap: Option<crate::figures::capacity::Gap>,
}

fn hire_purpose(plan: &Plan, fig: &Figures, role: &Role) -> HirePurpose {
    use crate::format::format_number;
    let gap = crate::figures::capacity::gap_filled_by(plan, &fig.quarters, &role.id.value);
    let leads: Vec<&str> = plan
        .initiatives
        .iter()
        .filter(|i| i.owner.as_deref().is_some_and(|o| owned_by(o, role)))
        .map(|i| i.name.as_str())
        .collect();
    let leads = (!leads.is_empty()).then(|| format!("runs {}", leads.join(" and ")));
    let skill = crate::figures::capacity::skill_words;
    match &gap {
        Some(g) => {
            let closes = format!(
                "covers the {} work the team cannot: {} needs {} FTE-months, {} without the hire",
                skill(&g.skill),
                g.quarter,
                format_number(g.demand, 1),
                format_number(g.capacity, 1)
            );
            HirePurpose {
                buys: match leads {
                    Some(l) => format!("{l}; {closes}"),
                    None => closes,
                },
                if_declined: Some(format!(
                    "{} is {} FTE-months short of {}",
                    g.quarter,
                    format_number(g.short(), 1),
                    skill(&g.skill)
                )),
                gap,
            }
        }
        None => HirePurpose {
            buys: match leads {
                Some(l) => format!("{l}; {NOT_FOR_CAPACITY}"),
                None => NOT_FOR_CAPACITY.to_string(),
            },
            if_declined: None,
            gap,
        },
    }
}

/// A decision on a scenario's extra money, in the scenario's own figures
/// (the scenarios slide's): what a yes buys of the lead objective, and
/// that a no keeps the plan's budget and result.
struct ScenarioChange {
    buys: String,
    if_declined: String,
}

fn scenario_change(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    s: &Scenario,
) -> Option<ScenarioChange> {
    let o = plan.objectives.first()?;
    let level = shown.first()?.as_ref()?.level?;
    let value = scenario_value(plan, fig, &s.id.value, &o.id.value)?;
    let unit = o.measure.unit.as_deref();
    let name = lower_first(metric(o));
    Some(ScenarioChange {
        buys: format!(
            "{}: {name} {} instead of {} (scenarios slide)",
            s.name,
            format_quantity(value, unit, true),
            format_quantity(level, unit, true)
        ),
        if_declined: format!(
            "the plan stays at {}: {name} {}",
            money(plan, plan.budget.total.value),
            format_quantity(level, unit, true)
        ),
    })
}

/// A headcount ask with no money, priced at the cost per FTE of the one
/// team row whose role its words name.
fn cost_estimate(plan: &Plan, a: &Ask) -> Option<CostEstimate> {
    let fte = a.fte.as_ref()?.value;
    if a.kind != AskKind::Headcount {
        return None;
    }
    let row = crate::check::asks::row_named(plan, a)?;
    let per_fte = row.cost.as_ref()?.value.checked_div(row.fte.value)?;
    let name = row.short_role();
    Some(CostEstimate {
        amount: (per_fte * fte).round_dp(0),
        basis: format!(
            "{} FTE at the {}'s {} per FTE",
            fte.normalize(),
            name,
            money(plan, per_fte)
        ),
    })
}

/// Whether an initiative's `owner` is team row `role`: its id, its role, or
/// its role up to a bracket ("Retail marketing manager" for "Retail
/// marketing manager (new)").
fn owned_by(owner: &str, role: &Role) -> bool {
    let owner = owner.trim();
    let short = role.short_role();
    owner == role.id.value
        || owner.eq_ignore_ascii_case(role.role.trim())
        || owner.eq_ignore_ascii_case(short)
}

/// A sentence the deck writes into a cell, its first letter raised.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The scenario an ask pays for: one above the plan's budget that the ask
/// names, or whose extra money the ask's amount is (within 2%).
pub(super) fn ask_scenario<'p>(plan: &'p Plan, a: &Ask) -> Option<&'p Scenario> {
    let total = plan.budget.total.value;
    let amount = a.amount.as_ref()?.value;
    if amount <= Decimal::ZERO || amount == total {
        return None;
    }
    let text = a.ask.to_lowercase();
    plan.scenarios
        .iter()
        .filter(|s| s.budget.value > total)
        .find(|s| {
            let extra = s.budget.value - total;
            text.contains(&s.name.to_lowercase())
                || (extra - amount).abs() <= amount * Decimal::new(2, 2)
        })
}

/// What an ask for a scenario's extra money buys: each outcome the
/// scenario types (the lead objective's when it types none), as the change
/// from the plan's forecast to the scenario's figure ("retail sell-through
/// +£1.55M (£3.55M → £5.1M, Boots national roll-out)").
fn scenario_buys(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    a: &Ask,
    said: &Said,
) -> Option<String> {
    let s = ask_scenario(plan, a)?;
    let mut ids: Vec<&str> = s
        .outcomes
        .iter()
        .map(|f| f.objective.value.as_str())
        .collect();
    if ids.is_empty() {
        ids.extend(plan.objectives.first().map(|o| o.id.value.as_str()));
    }
    let parts: Vec<String> = ids
        .into_iter()
        .filter_map(|id| {
            let i = plan.objectives.iter().position(|o| o.id.value == id)?;
            let o = &plan.objectives[i];
            let level = shown.get(i)?.as_ref()?.level?;
            let value = scenario_value(plan, fig, &s.id.value, id)?;
            let unit = o.measure.unit.as_deref();
            let outcome = Quantity::Outcome {
                scenario: s.id.value.clone(),
                objective: id.to_string(),
            };
            Some(format!(
                "{} {} ({} → {})",
                lower_first(metric(o)),
                format_change(value - level, unit, true),
                said.quantity(Quantity::Level(id.to_string()), "ask slide", level, unit),
                said.quantity(outcome, "ask slide", value, unit),
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{}: {}", s.name, parts.join("; ")))
}

/// What a hire the team does not need for capacity is for: "Not needed
/// for capacity — approve only for: <what the plan says it buys>", or
/// only to prevent what the plan says a no costs, or that the plan gives
/// no other reason. `purpose` is the hire's own ("runs …; not needed …").
fn optional_hire(purpose: &str, buys: Option<&str>, if_declined: Option<&str>) -> String {
    let leads = purpose
        .split_once("; ")
        .map(|(l, _)| format!("{}; ", upper_first(l)))
        .unwrap_or_default();
    let reason = match (buys, if_declined) {
        (Some(b), _) => format!("approve only for: {}", lower_first(b)),
        // The plan's reason is what a no costs, shown beside it.
        (None, Some(_)) => "approve only to avoid what a no costs (next column)".to_string(),
        (None, None) => "and the plan gives no other reason for it".to_string(),
    };
    let head = if leads.is_empty() {
        "Not needed for capacity"
    } else {
        "not needed for capacity"
    };
    format!("{leads}{head} — {reason}")
}

/// A hire the team does not need for capacity (`hire-unjustified`): asked
/// only for the plan's stated reason, never as if required — the same
/// judgement as the ask's "what it buys" (`hire_purpose`).
pub fn not_for_capacity(plan: &Plan, fig: &Figures, a: &Ask) -> bool {
    let row = a
        .role
        .as_ref()
        .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
    match row {
        Some(r) => {
            crate::figures::capacity::gap_filled_by(plan, &fig.quarters, &r.id.value).is_none()
        }
        None => {
            a.kind == AskKind::Headcount && fig.capacity.as_ref().is_some_and(|c| c.gaps.is_empty())
        }
    }
}

/// The planned hires capacity counts, by the roles' names.
pub(super) fn hire_names(plan: &Plan, fig: &Figures) -> Vec<String> {
    fig.capacity.as_ref().map_or_else(Vec::new, |c| {
        c.asked_hires
            .iter()
            .map(|h| crate::plan::words::label(plan, h))
            .collect()
    })
}
