//! The titles that state each main-story slide's finding ("3 of 4
//! objectives are forecast short of their targets"), not its topic.

use rust_decimal::Decimal;
use serde::Serialize;

use super::asks::AskView;
use super::shown::{Said, Shown, date, lower_first, metric, money, scenario_value, title_metric};
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
    /// What the strategy title says the bets must deliver, for the line
    /// under the choices that shows it on the slide.
    pub strategy_stakes: Option<String>,
    pub roadmap: Option<String>,
    /// The basis of a share of capacity the roadmap title states, on its
    /// slide: "social in Q1: 1.5 FTE-months of work over the 1.8 the team
    /// has for it".
    pub roadmap_load: Option<String>,
}

pub fn titles(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    open: &[&AskView<'_>],
    said: &Said,
    goal: Option<&super::value::GoalReach>,
) -> Titles {
    // Fields are evaluated in the order written: the order figures are said.
    Titles {
        goals: goals_title(plan),
        forecast: forecast_title(plan, shown, goal),
        channels: channels_title(plan, fig),
        budget: budget_title(plan, fig),
        scenarios: scenarios_title(plan, fig, said),
        risks: super::risk_title::risks_title(plan, fig),
        asks: asks_title(plan, fig, open, shown, said),
        insights: plan.insights.first().map(|i| i.finding.clone()),
        strategy: super::strategy_title::title(plan, shown, said),
        strategy_stakes: super::strategy_title::stakes(plan, shown, said),
        roadmap: roadmap_title(plan, fig),
        roadmap_load: roadmap_load(plan, fig),
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
fn forecast_title(
    plan: &Plan,
    shown: &[Option<Shown>],
    goal: Option<&super::value::GoalReach>,
) -> String {
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
        // The objectives' targets are not the business goal: beside a
        // bridge slide that reaches part of the goal's money, the title
        // says both, with the bridge's figure.
        [] => format!(
            "The forecasts{} reach {}{}",
            if curves {
                ", on the response curves,"
            } else {
                ""
            },
            match counted.len() {
                1 => "the objective's target".to_string(),
                2 => "both objective targets".to_string(),
                n => format!("all {n} objective targets"),
            },
            goal.and_then(|g| Some(format!(
                "; the value bridges reach {}% of the {} the business goal needs",
                crate::format::format_number(g.percent()?, 0),
                money(plan, g.needed)
            )))
            .unwrap_or_default()
        ),
        [(o, s)] => format!(
            "{} is forecast short{}; {} of {} targets reached",
            crate::format::capitalised(&title_metric(o)),
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

/// The channels slide: what the two largest channels' money buys — their
/// share of the channel money against their share of the result of the
/// first objective they forecast ("… take 62% of channel money and bring
/// 55% of new funded accounts"), each channel's result as the slide's own
/// column shows it (the curve's at its budget, else the typed one). Their
/// share of the money alone restates the plan's inputs.
fn channels_title(plan: &Plan, fig: &Figures) -> String {
    let cur = |d: Decimal| money(plan, d);
    let pc = |p: Option<Decimal>| {
        p.map_or("—".to_string(), |p| {
            format!("{}%", crate::format::format_number(p.round_dp(0), 0))
        })
    };
    let mut by_budget: Vec<&Channel> = plan.channels.iter().collect();
    by_budget.sort_by_key(|c| std::cmp::Reverse(c.budget.value));
    let (top, names) = match by_budget.as_slice() {
        [] => return "No channel is funded".to_string(),
        [one] => (vec![*one], one.name.clone()),
        [a, b, ..] => (vec![*a, *b], format!("{} and {}", a.name, b.name)),
    };
    let money_share = figures::percent(top.iter().map(|c| c.budget.value).sum(), fig.channel_spend);
    let result = |c: &Channel, o: &str| -> Decimal {
        c.forecasts
            .iter()
            .filter(|f| f.objective.value == o && !c.budget.value.is_zero())
            .map(|f| super::shown::channel_result(fig, c, f).0)
            .sum()
    };
    // The first objective (in the plan's order) the top channels forecast.
    let lead = plan.objectives.iter().find(|o| {
        top.iter().any(|c| {
            !c.budget.value.is_zero() && c.forecasts.iter().any(|f| f.objective.value == o.id.value)
        })
    });
    let Some(o) = lead else {
        return match top.as_slice() {
            [one] => format!(
                "{} carries all {} of the channel money but forecasts no objective's result",
                one.name,
                cur(one.budget.value)
            ),
            _ => format!(
                "{names} take {} of channel money but forecast no objective's result",
                pc(money_share)
            ),
        };
    };
    let id = o.id.value.as_str();
    let theirs: Decimal = top.iter().map(|c| result(c, id)).sum();
    let all: Decimal = plan.channels.iter().map(|c| result(c, id)).sum();
    // An uplift forecast is a change: its shares are of what the plan adds
    // ("66% of direct room revenue" read as two-thirds of a €52M line).
    let metric = match o.forecast_basis {
        crate::plan::ForecastBasis::Uplift => {
            format!("the {} the plan adds", lower_first(&title_metric(o)))
        }
        _ => lower_first(&title_metric(o)),
    };
    match top.as_slice() {
        [one] => format!(
            "{} carries all {} of the channel money and {} of {metric}",
            one.name,
            cur(one.budget.value),
            whole_percent(theirs, all)
        ),
        _ => format!(
            "{names} take {} of channel money and bring {} of {metric}",
            pc(money_share),
            whole_percent(theirs, all)
        ),
    }
}

/// A share in whole percent, rounded once (55.46% is 55%, not 55.5% and
/// then 56%).
fn whole_percent(part: Decimal, whole: Decimal) -> String {
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(whole))
        .map_or("—".to_string(), |p| {
            format!("{}%", crate::format::format_number(p, 0))
        })
}

/// The budget slide: the money no forecast counts — team, agencies,
/// budget lines and channels without a forecast — and what it is ("£2.15M
/// of the £9.25M spend (23%) is tied to no forecast: team £1.07M, other
/// budget lines £810k, agencies £270k"). The split itself is the plan's input;
/// what carries no result is what a board asks about.
fn budget_title(plan: &Plan, fig: &Figures) -> String {
    let cur = |d: Decimal| money(plan, d);
    // One answer to "is this money tied to a forecast?"
    // (`figures::tied`), the health appendix's too; every part named, so
    // the list adds up to the total it itemises.
    let parts = &fig.ties.untied;
    let untied = fig.ties.untied_total;
    if untied.is_zero() {
        return format!(
            "Every {} of the {} spend is in a channel with a forecast",
            crate::plan::money::symbol(&plan.meta.currency.value),
            cur(fig.spend)
        );
    }
    let share = format!(" ({})", whole_percent(untied, fig.ties.spend));
    let list: Vec<String> = parts
        .iter()
        .map(|(what, d)| format!("{what} {}", cur(*d)))
        .collect();
    // The upstream share, as the table's own whole percent: the policy's
    // floor (`upstream-low`) is read against it.
    let (_, split) = super::shown::budget_shares(fig);
    let upstream = split
        .first()
        .copied()
        .flatten()
        .map(|p| {
            format!(
                "; {}% funds upstream work",
                crate::format::format_number(p, 0)
            )
        })
        .unwrap_or_default();
    format!(
        "{} of the {} spend{share} is tied to no forecast: {}{upstream}",
        cur(untied),
        cur(fig.ties.spend),
        list.join(", ")
    )
}

/// The scenarios slide: the first objective's range, smallest budget to largest, whose ends are not doubted.
fn scenarios_title(plan: &Plan, fig: &Figures, said: &Said) -> Option<String> {
    let cur = |d: Decimal| money(plan, d);
    plan.objectives.iter().find_map(|o| {
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
        if !plan.scenarios.iter().any(|s| s.is_plan(total))
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
            // "Self-serve sign-ups ranges from 218,000 at …": the name
            // says the unit once.
            crate::format::bare(
                &said.quantity(q, "scenarios slide title", v.1, unit),
                unit,
                metric(o),
            )
        };
        let budget = |d: Decimal| cur(d);
        let at = |v: &(Decimal, Decimal, &str)| {
            if v.2.is_empty() {
                format!("{} (the plan)", budget(v.0))
            } else {
                budget(v.0)
            }
        };
        // The range names only outcomes that differ: where the largest
        // budget buys no more than a smaller one (its money goes where
        // this objective gains nothing), the range ends at the smaller
        // budget and the title says the extra money adds none of it.
        let same = vals
            .iter()
            .find(|v| v.0 < hi.0 && v.1 == hi.1 && v.1 != lo.1)
            .filter(|_| !hi.2.is_empty());
        let Some(same) = same else {
            return Some(format!(
                "{} ranges from {} at {} to {} at {}",
                crate::format::capitalised(&title_metric(o)),
                say(lo),
                at(lo),
                say(hi),
                at(hi)
            ));
        };
        // The plan's own row is "the plan", whatever its name ("Plan").
        let name = plan
            .scenarios
            .iter()
            .find(|s| s.id.value == hi.2)
            .map_or(hi.2, |s| {
                if s.is_plan(total) {
                    "the plan"
                } else {
                    s.name.as_str()
                }
            });
        Some(format!(
            "{} ranges from {} at {} to {} at {}; {name}'s {} more ({}) adds no {}",
            crate::format::capitalised(&title_metric(o)),
            say(lo),
            at(lo),
            say(same),
            at(same),
            budget(hi.0 - same.0),
            budget(hi.0),
            // Scoped to its objective: the same scenario may raise
            // another one the slide's table shows (dtc's retail sell-through).
            lower_first(&title_metric(o))
        ))
    })
}

/// The asks slide: what the asks buy and what a no costs ("£9.5M and one
/// hire buy 69,600 new funded accounts against a 70,000 target; a cut to
/// £8.3M loses 5,400 new funded accounts"), in the totals the summary
/// states (every priced ask counted once, by its funding); the dates are
/// the table's. Without a whole-budget ask nothing on the slide buys the
/// forecast: the title is what to approve and by when.
fn asks_title(
    plan: &Plan,
    fig: &Figures,
    open: &[&AskView<'_>],
    shown: &[Option<Shown>],
    said: &Said,
) -> String {
    let t = super::ask_totals::totals(plan, fig, open);
    let lead = super::asks::lead_result(plan, shown, &[], said, "ask slide title");
    let Some(lead) = lead.filter(|_| t.budget > Decimal::ZERO) else {
        return t.phrase;
    };
    let head = match t.amounts.as_slice() {
        [] => return t.phrase,
        [one] => format!("{one} buys"),
        [init @ .., last] => format!("{} and {last} buy", init.join(", ")),
    };
    let mut title = format!("{head} {lead}");
    let nos = [cut_costs(plan, fig, shown), hire_no(plan, fig, open)];
    for no in nos.into_iter().flatten() {
        // One line a board reads at a glance: a second consequence only
        // while the title stays short.
        if title.chars().count() + no.chars().count() > TITLE_MAX {
            break;
        }
        title.push_str("; ");
        title.push_str(&no);
    }
    title
}

/// The longest title the deck builds from parts: beyond it a further
/// clause is left to the slide's table.
const TITLE_MAX: usize = 190;

/// What a smaller budget costs of the first objective the smallest
/// scenario below the plan gives a figure for ("a cut to £8.3M loses 5,400
/// new funded accounts"): the risk slide's downside case in brief.
fn cut_costs(plan: &Plan, fig: &Figures, shown: &[Option<Shown>]) -> Option<String> {
    let s = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < plan.budget.total.value)
        .min_by_key(|s| s.budget.value)?;
    let (o, level, value) = plan.objectives.iter().zip(shown).find_map(|(o, sh)| {
        let level = sh.as_ref()?.level?;
        Some((
            o,
            level,
            scenario_value(plan, fig, &s.id.value, &o.id.value)?,
        ))
    })?;
    let less = level - value;
    if less <= Decimal::ZERO {
        return None;
    }
    let unit = o.measure.unit.as_deref();
    let figure = if unit == Some("%") {
        crate::format::format_change(less, unit, true)
            .trim_start_matches('+')
            .to_string()
    } else {
        crate::format::format_quantity(less, unit, true)
    };
    Some(format!(
        "a cut to {} loses {}",
        money(plan, s.budget.value),
        crate::format::of_metric(&figure, unit, &title_metric(o))
    ))
}

/// What a no to a hire the team needs costs: the quarter and skill left
/// short ("without the hire, Q2 2027 is 2.5 FTE-months short of retail").
fn hire_no(plan: &Plan, fig: &Figures, open: &[&AskView<'_>]) -> Option<String> {
    open.iter()
        .filter(|a| a.ask.kind == AskKind::Headcount)
        .filter(|a| !super::hires::not_for_capacity(plan, fig, a.ask))
        .find_map(|a| {
            let role = crate::check::asks::row_named(plan, a.ask)?;
            let g = crate::figures::gap_filled::gap_filled(plan, fig, &role.id.value)?;
            Some(format!(
                "without the hire, {} is {} FTE-months short of {}",
                g.quarter,
                crate::format::format_number(g.short(), 1),
                crate::figures::capacity::skill_words(&g.skill)
            ))
        })
}

/// A title's first letter raised.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The roadmap slide: the load the schedule creates where the work piles
/// up — the busiest quarter's initiatives and its share of the spend, and
/// the team's tightest skill there where the resource model says so ("Q1
/// 2027 runs 3 of 4 initiatives at once and 22% of the spend: CRM is 0.9
/// FTE-months short") — who owns none of it, and the first milestone. A count of
/// initiatives alone restates the plan's dates.
/// What a share of capacity in the roadmap title divides, where the title
/// states one: the work over the FTE-months the team has for that skill.
fn roadmap_load(plan: &Plan, fig: &Figures) -> Option<String> {
    let title = roadmap_title(plan, fig)?;
    let g = fig.capacity.as_ref()?.binding.as_ref()?;
    if !title.contains("% of its capacity") || g.short() > Decimal::ZERO {
        return None;
    }
    let skill = if g.skill == crate::figures::capacity::ALL_SKILLS {
        "the team".to_string()
    } else {
        crate::figures::capacity::skill_words(&g.skill)
    };
    let (work, have) = load_figures(g.exact.0, g.exact.1, g.utilisation?);
    Some(format!(
        "{} in {}: {work} FTE-months of work over the {have} the team has for it",
        super::hires::upper_first(&skill),
        g.quarter,
    ))
}

/// Work and capacity at the precision (one decimal, else two) whose ratio
/// is the whole percentage the title states: "2 FTE-months of work over
/// the 3" under "68% of its capacity" was read as a sum that does not add
/// up (2 ÷ 3 = 67%; the work is 2.04).
fn load_figures(demand: Decimal, capacity: Decimal, share: Decimal) -> (String, String) {
    let at = |places: u32| {
        let round = |d: Decimal| {
            d.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        };
        let agrees = crate::figures::percent(round(demand), round(capacity))
            .is_some_and(|p| p.round_dp(0) == share.round_dp(0));
        agrees.then(|| {
            (
                crate::format::format_number(demand, places),
                crate::format::format_number(capacity, places),
            )
        })
    };
    // Two places where one does not agree: the fallback's own precision.
    at(1).unwrap_or_else(|| {
        (
            crate::format::format_number(demand, 2),
            crate::format::format_number(capacity, 2),
        )
    })
}

fn roadmap_title(plan: &Plan, fig: &Figures) -> Option<String> {
    let n = plan.initiatives.len();
    let mut parts = Vec::new();
    let running = |q: &figures::Quarter| {
        plan.initiatives
            .iter()
            .filter(|i| i.start.value <= q.end && i.end.value >= q.start)
            .count()
    };
    let busiest = fig
        .quarters
        .iter()
        .map(|q| (running(q), q.label.as_str()))
        .fold(None::<(usize, &str)>, |best, x| match best {
            Some(b) if b.0 >= x.0 => Some(b),
            _ => Some(x),
        });
    // The quarter the title is about: the busiest, else the one with the
    // most spend when the initiatives run one at a time.
    let heaviest = fig
        .quarter_spend
        .iter()
        .fold(None::<&figures::QuarterSpend>, |best, q| match best {
            Some(b) if b.total >= q.total => Some(b),
            _ => Some(q),
        });
    let spend_share = |label: &str| {
        let q = fig.quarter_spend.iter().find(|q| q.label == label)?;
        (!fig.spend.is_zero())
            .then(|| format!("{} of the spend", whole_percent(q.total, fig.spend)))
    };
    let load = |label: &str| -> Option<String> {
        let c = fig.capacity.as_ref()?;
        let g = c.binding.as_ref().filter(|g| g.quarter == label)?;
        let u = g.utilisation?;
        // A gap of all skills together is the whole team's; an agency's
        // gap is named by the agency.
        let skill = if g.skill == crate::figures::capacity::ALL_SKILLS {
            "the team".to_string()
        } else {
            crate::figures::capacity::skill_words(&g.skill)
        };
        Some(if g.short() > Decimal::ZERO {
            format!(
                "{skill} is {} FTE-months short",
                crate::format::format_number(g.short(), 1)
            )
        } else {
            format!(
                "{skill} at {}% of its capacity",
                crate::format::format_number(u.round_dp(0), 0)
            )
        })
    };
    let with_load = |head: String, label: &str| -> String {
        let money = spend_share(label);
        let mut s = match &money {
            Some(m) => format!("{head} and {m}"),
            None => head,
        };
        if let Some(l) = load(label) {
            s.push_str(&format!(": {l}"));
        }
        s
    };
    match busiest {
        Some((k, q)) if k >= 2 => {
            let runs = if k == n {
                if n == 2 {
                    "both initiatives".to_string()
                } else {
                    format!("all {n} initiatives")
                }
            } else {
                format!("{k} of {n} initiatives")
            };
            parts.push(with_load(format!("{q} runs {runs} at once"), q));
        }
        _ if n >= 2 => {
            let head = format!("The {n} initiatives run one at a time");
            parts.push(
                match heaviest.and_then(|h| Some((h, spend_share(&h.label)?))) {
                    Some((h, m)) => format!("{head}; {} carries {m}", h.label),
                    None => head,
                },
            );
        }
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
