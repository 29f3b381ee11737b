//! Each unit's money goal against what its marketing shows of it in money,
//! and the unit page's cells on one basis.
//!
//! The cascade sums the units' goals (target − baseline), not what their
//! marketing forecasts: a review that said "100%" and "€25M of the €40M"
//! beside a unit page whose value bridge adds €4.5M read as coverage the
//! deck's own money belies. So the review states both, per unit, in the
//! words of the unit's own pitch deck: its value bridges' reach of each
//! money goal (`deck::story::goal_reach_of`, the same share the deck's
//! Plan health line quotes).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::Figures;
use crate::format::{format_change, format_money, format_quantity};
use crate::plan::Plan;
use crate::plan::money::is_currency;

/// One money goal of a unit's own, and what its value bridges reach of it,
/// in the review currency (the plan's own when not converted).
#[derive(Debug, Clone, Serialize)]
pub struct MoneyGoal {
    /// The goal's id (the cascade's contributions name it).
    pub goal: String,
    /// What the goal needs: target − baseline.
    pub needed: Decimal,
    /// What the value bridges reach of it inside the plan's period.
    pub shown: Decimal,
    /// Whether any valued objective counts toward it at all.
    pub valued: bool,
}

impl MoneyGoal {
    /// The share shown, whole percent, rounded once and halves away from
    /// zero as the unit's own deck rounds it (`GoalReach::percent`): a
    /// second rounding read 88% here beside the deck's 87%.
    fn share(&self) -> Decimal {
        crate::figures::progress::whole_percent(self.shown, self.needed).unwrap_or_default()
    }
}

/// A unit's money goals and whether its money goal is the units' to
/// deliver (a company plan whose revenue objective its units deliver).
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitGoals {
    pub goals: Vec<MoneyGoal>,
    pub by_units: bool,
    /// The scoreboard's "Goal shown in money" cell.
    pub cell: String,
    /// The unit page title's words ("its marketing shows €4.5M of its
    /// €25M goal in money"); `None` when it has no money goal of its own.
    pub words: Option<String>,
}

/// The money goals of a plan and what its value bridges reach of each.
/// `rate` converts into the review currency; `cur` is the currency the
/// figures are then in.
pub fn of_plan(plan: &Plan, fig: &Figures, rate: Option<Decimal>, cur: &str) -> UnitGoals {
    let conv = |d: Decimal| d.saturating_mul(rate.unwrap_or(Decimal::ONE));
    let reach = crate::deck::story::goal_reach_of(plan, fig);
    let mut by_units = false;
    let mut goals = Vec::new();
    for g in &plan.goals {
        if !g.measure.unit.as_deref().is_some_and(is_currency) {
            continue;
        }
        // A goal the plan's units deliver is theirs to show in money (the
        // cascade's rows), not this plan's.
        let theirs = plan
            .objectives
            .iter()
            .any(|o| o.delivered_by_units && o.supports.iter().any(|r| r.value == g.id.value));
        if theirs {
            by_units = true;
            continue;
        }
        let (Some(t), Some(b)) = (&g.measure.target, &g.measure.baseline) else {
            continue;
        };
        let needed = t.value.checked_sub(b.value).unwrap_or_default();
        if needed <= Decimal::ZERO {
            continue;
        }
        let r = reach.iter().find(|r| r.goal == g.id.value);
        goals.push(MoneyGoal {
            goal: g.id.value.clone(),
            needed: conv(needed).round_dp(2).normalize(),
            shown: conv(r.map_or(Decimal::ZERO, |r| r.reached))
                .round_dp(2)
                .normalize(),
            valued: r.is_some(),
        });
    }
    let money = |d: Decimal| format_money(d, cur, true);
    let weakest = weakest(&goals);
    let cell = match weakest {
        Some(g) if g.valued => format!(
            "{} of {} ({}%)",
            money(g.shown),
            money(g.needed),
            whole(g.share())
        ),
        Some(g) => format!("none of {}", money(g.needed)),
        None if by_units => "by the units".to_string(),
        None => "—".to_string(),
    };
    let words = weakest.map(|g| {
        if g.valued {
            format!(
                "its marketing shows {} ({}%) of its {} goal in money",
                money(g.shown),
                whole(g.share()),
                money(g.needed)
            )
        } else {
            format!(
                "its marketing shows none of its {} goal in money",
                money(g.needed)
            )
        }
    });
    UnitGoals {
        goals,
        by_units,
        cell,
        words,
    }
}

fn whole(d: Decimal) -> String {
    crate::format::format_number(d.round_dp(0), 0)
}

/// The money goal shown least of (the one a board asks about first).
fn weakest(goals: &[MoneyGoal]) -> Option<&MoneyGoal> {
    goals.iter().min_by_key(|g| g.share())
}

/// The verdict's money-goal reason, as the unit's own deck states it
/// (`verdict::Basis::goal`): the goal shown least of, where short of it.
/// The deck's Plan health line weighs only goals a value bridge reaches
/// (`deck::value_goals::weakest_goal`), so where any is reached the
/// review names the weakest of those too — naming an unvalued goal
/// beside it put a goal on the review's health line that the unit's own
/// deck did not; only where none is reached does it say so of the goal.
pub fn verdict_goal(goals: &UnitGoals, cur: &str) -> Option<(Decimal, String)> {
    let valued: Vec<MoneyGoal> = goals.goals.iter().filter(|g| g.valued).cloned().collect();
    let pool = if valued.is_empty() {
        &goals.goals
    } else {
        &valued
    };
    let g = weakest(pool).filter(|g| g.shown < g.needed)?;
    Some((g.share(), format_money(g.needed, cur, true)))
}

/// An objective's change and level in one cell, one basis per column: what
/// it must add over today and the level that makes ("+€15M to €60M", "+5
/// to 12 shortlists", "+8 pts to 30%"); the change alone where the level
/// is not this plan's to reach (its share of a target it splits).
pub fn change_cell(add: Decimal, to: Option<Decimal>, unit: Option<&str>) -> String {
    // From nothing (a new service's first customers) the change is the
    // level: "+45 customers", not "+45 to 45 customers".
    let Some(to) = to.filter(|t| *t != add) else {
        return format_change(add, unit, true);
    };
    let level = format_quantity(to, unit, true);
    // A counted unit is said once, after the level.
    let counted = unit.filter(|u| !u.is_empty() && *u != "%" && !is_currency(u));
    let change = match counted {
        Some(_) => format_change(add, None, true),
        None => format_change(add, unit, true),
    };
    format!("{change} to {level}")
}

/// The Needs and Forecast cells of an objective row: both changes over
/// today with the level they make, where the plan gives a baseline.
pub fn objective_cells(
    o: &crate::plan::Objective,
    needed: Option<Decimal>,
    forecast: Decimal,
) -> (Option<String>, Option<String>) {
    let Some(base) = o.measure.baseline.as_ref().map(|b| b.value) else {
        return (None, None);
    };
    let unit = o.measure.unit.as_deref();
    let uplift = o.forecast_basis == crate::plan::ForecastBasis::Uplift;
    // (change, level) from the figure as the plan's basis gives it.
    let both = |d: Decimal| {
        if uplift {
            (d, base.checked_add(d))
        } else {
            (d.checked_sub(base).unwrap_or_default(), Some(d))
        }
    };
    let cell = |d: Decimal| {
        let (add, to) = both(d);
        change_cell(add, to, unit)
    };
    (needed.map(cell), Some(cell(forecast)))
}

/// The cascade slide's money: per company objective, what the units' goals
/// add beside what their marketing shows of them in money.
#[derive(Debug, Default)]
pub struct CoverageShown {
    /// "their marketing shows €4.5M of the €40M in money", over the
    /// objectives in money in the review currency; `None` without one.
    pub sentence: Option<String>,
    /// Per coverage row: the money shown and its share of what the
    /// objective needs ("€4.5M (11%)"), where the objective is money.
    pub money: Vec<Option<String>>,
    /// Per coverage row: each unit's goal, and for money what it shows
    /// ("Northgate Consulting €25M, shows €4.5M").
    pub units: Vec<String>,
}

pub fn of_coverage(p: &super::Portfolio) -> CoverageShown {
    let cur = p.currency.as_str();
    let money = |d: Decimal| format_money(d, cur, true);
    // What a unit's goal (by its plan's file and the goal's id) shows in
    // money, converted: only a converted unit's figures are summed.
    let shown_of = |file: &str, goal: &str| {
        p.plans
            .iter()
            .filter(|r| r.file == file && r.converted)
            .flat_map(|r| r.money_goals.goals.iter())
            .find(|g| g.goal == goal)
            .map(|g| g.shown)
    };
    let mut out = CoverageShown::default();
    let (mut all_shown, mut all_needed) = (Decimal::ZERO, Decimal::ZERO);
    for c in &p.coverage {
        let in_money = c.unit.as_deref() == Some(cur);
        let mut units: Vec<String> = Vec::new();
        let mut shown = Decimal::ZERO;
        for k in &c.contributions {
            let amount = k
                .amount
                .map_or("—".to_string(), |a| part(a, c.unit.as_deref()));
            let mut cell = format!("{} {amount}", k.unit);
            if in_money {
                let s = shown_of(&k.file, &k.goal).unwrap_or_default();
                shown = shown.saturating_add(s);
                cell.push_str(&if s > Decimal::ZERO {
                    format!(", shows {}", money(s))
                } else {
                    ", shows none".to_string()
                });
            }
            units.push(cell);
        }
        out.units.push(units.join("; "));
        let needed = c.needed.filter(|n| *n > Decimal::ZERO && in_money);
        out.money.push(needed.map(|n| {
            all_shown = all_shown.saturating_add(shown);
            all_needed = all_needed.saturating_add(n);
            let share = crate::figures::progress::whole_percent(shown, n).unwrap_or_default();
            if shown.is_zero() {
                "none".to_string()
            } else {
                format!("{} ({}%)", money(shown), whole(share))
            }
        }));
    }
    if !all_needed.is_zero() {
        out.sentence = Some(format!(
            "their marketing shows {} of the {} in money",
            if all_shown.is_zero() {
                "none".to_string()
            } else {
                money(all_shown)
            },
            money(all_needed)
        ));
    }
    out
}

/// A unit's part in the objective's unit: "1 framework place", "€25M".
fn part(amount: Decimal, unit: Option<&str>) -> String {
    let counted = unit.filter(|u| *u != "%" && !is_currency(u));
    match counted {
        Some(name) if amount == Decimal::ONE => format!("1 {}", crate::format::singular(name)),
        _ => crate::format::format_gap(amount, unit, true),
    }
}
