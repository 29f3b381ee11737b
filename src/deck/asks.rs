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

use super::ask_gaps::{ask_scenario, condition};
pub use super::hires::not_for_capacity;
use super::hires::{HirePurpose, NOT_FOR_CAPACITY, hire_purpose, optional_hire, upper_first};

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
    /// The cost cell where there is no figure: "no money (a decision)" for
    /// a decision that commits none, else "cost not given" (`ask_gaps`).
    pub cost_note: String,
    /// The cost is a gap in the plan ("no figure given"), not a money-free
    /// decision.
    pub cost_unstated: bool,
    /// Where a cost read from the ask's own words comes from: "€350k
    /// deposit in this budget, as the ask states; €1.9M in 2028 is beyond
    /// this plan, not counted" (`check::ask_words`).
    pub cost_basis: Option<String>,
    /// Money its words commit in a later period, a cost of its own beside
    /// this plan's ("€1.9M in 2028"): a reader read it, tucked into the
    /// cost's basis, as a commitment hidden in a parenthesis.
    pub commits_later: Option<String>,
    /// The date an ask without `by` is needed by: the plan's start, shown
    /// as implied.
    pub by_implied: Option<chrono::NaiveDate>,
    /// The whole budget asked for by a date after the plan starts: money
    /// is committed before the board has said yes (`ask-after-start`).
    pub after_start: bool,
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
        } else if a.kind == AskKind::Decision || crate::figures::scenario_load::says_contingent(a) {
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
            let hire = hire_of(plan, fig, a, role);
            let scenario = crate::check::asks::scenario_of(plan, a)
                .or_else(|| crate::check::asks::scenario_named(plan, a));
            let cost = a
                .amount
                .as_ref()
                .map(|m| m.value)
                .or_else(|| role.and_then(|r| r.cost.as_ref()).map(|c| c.value));
            // Without a figure of its own, the one its words state for this
            // plan ("€350k deposit in this budget"), counted as any cost.
            let words = match cost {
                Some(_) => Stated::default(),
                None => stated(plan, a),
            };
            let (cost, cost_basis, in_budget_words) =
                (cost.or(words.cost), words.basis, words.in_budget);
            let whole_budget = a.kind == AskKind::Budget
                && a.amount
                    .as_ref()
                    .is_some_and(|m| m.value == plan.budget.total.value);
            let estimate = if cost.is_none() {
                cost_estimate(plan, a).or_else(|| {
                    let (amount, basis) = super::ask_gaps::scenario_cost(plan, a)?;
                    Some(CostEstimate { amount, basis })
                })
            } else {
                None
            };
            // An estimated cost is money too: it has a funding, and the
            // totals count it.
            let priced = cost.or(estimate.as_ref().map(|e| e.amount));
            // Words that put the money in this budget say where it stands.
            let funding = if in_budget_words {
                Some(Funding::InTheBudget)
            } else {
                Funding::of(plan, a, priced, whole_budget)
            };
            // Money spent only in one case (a condition, a later decision).
            let contingent = funding == Some(Funding::Contingent);
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
            } else if let Some(b) = contingent
                .then(|| super::ask_gaps::curve_buys(plan, fig, a))
                .flatten()
            {
                Some(b)
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
                        w.or_else(|| super::hires::hire_reason(plan, fig, a))
                            .as_deref(),
                        super::hire_rests::rests(plan, a)
                            .map(|r| r.on_ask())
                            .as_deref(),
                        a.if_declined.as_deref(),
                    )),
                    (Some(w), _) => Some(w),
                    (None, Some(h)) => Some(upper_first(&h.buys)),
                    // Money held for a case: the case, at least.
                    (None, None) if contingent => super::ask_gaps::contingent_buys(plan, fig, a),
                    (None, None) => super::ask_gaps::purpose(plan, fig, a),
                }
            };
            let buys_text = super::ask_gaps::with_pace(plan, fig, a, buys_text);
            let prose = declined_words(a, whole_budget, &lowest);
            let if_declined_text = prose.or_else(|| {
                if whole_budget {
                    lowest
                        .clone()
                        .or_else(|| Some(super::ask_gaps::budget_no(plan, fig)))
                } else if let Some(c) = &change {
                    Some(upper_first(&c.if_declined))
                } else if let Some(h) = hire.as_ref().and_then(|h| h.if_declined.clone()) {
                    Some(h)
                } else if contingent && condition(plan, a).is_some() {
                    super::ask_gaps::contingent_no(plan, fig, a, cost)
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
            let (cost_note, cost_unstated) = super::ask_gaps::cost_note(plan, a);
            AskView {
                ask: a,
                cost,
                whole_budget,
                buys_text,
                if_declined_text,
                funding,
                estimate,
                cost_note,
                cost_unstated,
                cost_basis,
                commits_later: words.later,
                by_implied: super::ask_gaps::implied_by(plan, a),
                after_start: crate::check::asks::budget_after_start(plan, a).is_some(),
            }
        })
        .collect()
}

/// The plan's words about a no, which may carry a figure of their own
/// ("Hold scenario: pipeline ~$43M"); for the whole budget the deck states
/// the one figure of that outcome, computed, never the prose's beside it.
/// Other figures ("Q1 bookings", "v2 slips past June") are the author's
/// consequence and stay, with the computed outcome after.
fn declined_words(a: &Ask, whole_budget: bool, lowest: &Option<String>) -> Option<String> {
    let prose = a
        .if_declined
        .clone()
        .filter(|p| !(whole_budget && lowest.is_some() && crate::format::states_an_amount(p)));
    match (prose, whole_budget, lowest) {
        (Some(p), true, Some(l)) => Some(format!(
            "{}; {}",
            p.trim_end_matches(['.', ';', ' ']),
            crate::format::lower_first(l)
        )),
        (p, ..) => p,
    }
}

/// What a hire is for: its team row's purpose, or, for headcount with no
/// team row in a plan with no gap, not for capacity (`hire-unjustified`
/// says so too).
fn hire_of(plan: &Plan, fig: &Figures, a: &Ask, role: Option<&Role>) -> Option<HirePurpose> {
    role.map(|r| hire_purpose(plan, fig, r)).or_else(|| {
        let no_gap = fig.capacity.as_ref().is_some_and(|c| c.gaps.is_empty());
        (a.kind == AskKind::Headcount && no_gap).then(|| HirePurpose {
            buys: NOT_FOR_CAPACITY.to_string(),
            if_declined: None,
            gap: None,
        })
    })
}

/// The cost an ask's words state for this plan where its fields give none
/// (`check::ask_words`), with where it comes from and whether the words
/// put it in the budget. A decision that names a scenario is priced by
/// that scenario (`ask_gaps::scenario_cost`), as before.
fn stated(plan: &Plan, a: &Ask) -> Stated {
    use crate::check::ask_words::{Scope, StatedCost, stated_cost};
    if crate::check::asks::scenario_named(plan, a).is_some() {
        return Stated::default();
    }
    match stated_cost(plan, a) {
        Some(StatedCost::One { amount, beyond }) => {
            let in_budget = amount.scope == Scope::Budget;
            let later: Vec<&str> = beyond.iter().map(|b| b.phrase.as_str()).collect();
            Stated {
                cost: Some(amount.value),
                // "In the budget" already says where words that put it
                // there place it: the amount is not said twice.
                basis: (!in_budget).then(|| format!("{}, as the ask states", amount.phrase)),
                in_budget,
                later: (!later.is_empty()).then(|| later.join(" and ")),
            }
        }
        _ => Stated::default(),
    }
}

/// A cost an ask's words state ([`stated`]).
#[derive(Default)]
struct Stated {
    cost: Option<Decimal>,
    basis: Option<String>,
    in_budget: bool,
    later: Option<String>,
}

/// "marketing-sourced pipeline of €18.3M against a €18M target": what the
/// plan as submitted buys, the figure of the channel and forecast slides.
/// With a recommended move, the move follows as the other allocation the
/// board can approve, with its gain, never folded into what the ask buys
/// ("…; or, with the recommended €707k move between channels, +€1.21M
/// (+6.6%, allocation slide)").
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
    let plain = result_of(o, said, Quantity::Level(id()), slide, level);
    Some(match moves.iter().find(|m| m.objective == o.id.value) {
        Some(m) => format!(
            "{plain} as planned; or, with the recommended {} move between channels, +{} (+{:.1}%, allocation slide)",
            money(plan, m.moved),
            // As the allocation slide's title and the summary say it.
            format_quantity(m.gain, unit, true),
            m.uplift_percent
        ),
        None => plain,
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
    let name = lower_first(&super::shown::title_metric(o));
    // "self-serve sign-ups falls to 218,000, 22,000 fewer": the name says
    // the unit once (`format::bare`).
    let bare = |f: String| crate::format::bare(&f, unit, &name);
    Some(format!(
        "at {} ({}) {name} falls to {}, {} {}",
        format_money(s.budget.value, &plan.meta.currency.value, true),
        s.name,
        bare(said.quantity(outcome, "ask slide", value, unit)),
        bare(match unit {
            Some("%") => format_change(less, unit, true)
                .trim_start_matches('+')
                .to_string(),
            _ => crate::format::format_quantity(less, unit, true),
        }),
        crate::format::fewer(unit, &name)
    ))
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
    let q = |d: Decimal| crate::format::format_quantity(d, unit, true);
    let bare = |d: Decimal| crate::format::bare(&q(d), unit, &name);
    Some(ScenarioChange {
        buys: format!(
            "{}: {name} {} instead of {} (scenarios slide)",
            s.name,
            bare(value),
            bare(level)
        ),
        if_declined: format!(
            "the plan stays at {}: {}",
            money(plan, plan.budget.total.value),
            crate::format::metric_at(&name, &q(level), unit)
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
    // Released late (`ask-release-late`): the typed full-year change is
    // scaled to the time its money runs, and said so.
    let late = crate::check::ask_release::share_left(plan, a);
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
            // The full year's figure: the time left is scaled below.
            let value = super::shown::full_year_value(plan, fig, &s.id.value, id)?;
            let unit = o.measure.unit.as_deref();
            let outcome = Quantity::Outcome {
                scenario: s.id.value.clone(),
                objective: id.to_string(),
            };
            let name = lower_first(metric(o));
            // After the metric's name a counted unit is said once
            // (`format::bare`): "activated workspaces ≈ +942 for …".
            let bare = |f: String| crate::format::bare(&f, unit, &name);
            let change = bare(format_change(value - level, unit, true));
            // A late release's full-year figure is the plan's typing, not
            // the scenario's outcome every slide states (the months left).
            let end = match &late {
                Some(_) => crate::format::format_quantity(value, unit, true),
                None => said.quantity(outcome, "ask slide", value, unit),
            };
            let ends = format!(
                "{} → {}",
                bare(said.quantity(Quantity::Level(id.to_string()), "ask slide", level, unit)),
                bare(end),
            );
            // What the time left buys first; the full-year figure the plan
            // types beside it, said so.
            Some(match &late {
                Some(r) => format!(
                    "{name} ≈ {} for the {} months left (typed {change} for a full year, {ends})",
                    // The scenarios slide's level less the plan's: "≈ +942"
                    // beside that slide's 84,900 (of 84,000) read as one
                    // figure rounded twice (a reader, C10).
                    bare(format_change(
                        super::shown::late_level(plan, &s.id.value, level, value) - level,
                        unit,
                        true
                    )),
                    r.months_left(plan)
                ),
                None => format!("{name} {change} ({ends})"),
            })
        })
        .collect();
    let head = match &late {
        Some(r) => format!("{}, released {}", s.name, r.date.format("%-d %b %Y")),
        None => s.name.clone(),
    };
    (!parts.is_empty()).then(|| format!("{head}: {}", parts.join("; ")))
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
