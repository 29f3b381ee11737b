//! Media-investment decisions (`mvplan optimize`): the best allocation of
//! the channels' money for one objective, or for several traded at their
//! `value_per_unit`, at the plan's budget and at other levels; and the plan
//! rewritten with the better budgets.
//!
//! The curves and the optimiser are stage 2's (`figures::media`,
//! `figures::optimize`); this module asks them the user's questions.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::media::{self, Curve, Media, Move};
use crate::figures::optimize::to_f64;
use crate::plan::{Plan, edit};

/// A budget level to optimise at.
#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    /// The plan as it is.
    Plan,
    /// The money on the curve channels changed by this percentage.
    Percent(Decimal),
    /// A scenario's total budget (the difference lands on the curve channels).
    Scenario(String),
}

impl Level {
    /// `0`, `-20%`, `+15%`, or a scenario id.
    pub fn parse(s: &str) -> Result<Level, String> {
        let t = s.trim();
        if t == "0" || t == "0%" || t == "plan" {
            return Ok(Level::Plan);
        }
        if let Some(p) = t.strip_suffix('%') {
            let p = p.strip_prefix('+').unwrap_or(p);
            return p
                .parse::<Decimal>()
                .ok()
                .filter(|d| *d > Decimal::from(-100) && *d <= Decimal::from(1000))
                .map(Level::Percent)
                .ok_or_else(|| format!("`{t}` is not a percentage from -100% to +1000%"));
        }
        if crate::plan::is_slug(t) {
            return Ok(Level::Scenario(t.to_string()));
        }
        Err(format!(
            "`{t}` is not a level: write `0`, a change such as `-20%` or `+15%`, or a scenario id"
        ))
    }
}

/// What is maximised.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Objective id → value of one unit (1 for a single objective).
    pub weights: BTreeMap<String, f64>,
    /// Whether the objectives are traded at their `value_per_unit`.
    pub weighted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Optimisation {
    pub currency: String,
    pub target: Target,
    pub step: Decimal,
    pub levels: Vec<LevelResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelResult {
    pub label: String,
    /// The plan's total budget at this level.
    pub total: Decimal,
    /// The money shared among the optimised channels.
    pub pool: Decimal,
    pub channels: Vec<ChannelResult>,
    /// Per objective: with the planned mix and with the best one.
    pub outcomes: Vec<OutcomeResult>,
    /// The maximised value (weighted sum of results, or the one result);
    /// the optimal one is `null` when the level has no allocation.
    pub planned_value: f64,
    pub optimal_value: Option<f64>,
    pub uplift_percent: Option<f64>,
    pub moves: Vec<Move>,
    /// Proven optimal on the grid of steps (else: the best of a coarse
    /// global search refined locally).
    pub exact: bool,
    /// Why this level has no allocation within the bounds, if it has none
    /// (and then `channels`, `outcomes` and `moves` are empty).
    pub infeasible: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelResult {
    pub id: String,
    pub name: String,
    pub objective: String,
    pub planned: Decimal,
    pub optimal: Decimal,
    pub planned_outcome: f64,
    pub optimal_outcome: f64,
    /// Result of the next 1,000, before and after.
    pub marginal_before: f64,
    pub marginal_after: f64,
    pub locked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeResult {
    pub objective: String,
    pub unit: Option<String>,
    pub planned: f64,
    pub optimal: f64,
}

/// Chooses what to maximise: the named objective; else the one objective
/// the curves serve; else every curve objective at its `value_per_unit`.
pub fn target(plan: &Plan, media: &Media, objective: Option<&str>) -> Result<Target, String> {
    let mut served: Vec<&str> = media.curves.iter().map(|c| c.objective.as_str()).collect();
    served.sort_unstable();
    served.dedup();
    if let Some(id) = objective {
        if !served.contains(&id) {
            return Err(match plan.objective(id) {
                Some(_) => format!("no channel has a response curve for `{id}`"),
                None => format!("the plan has no objective `{id}`"),
            });
        }
        return Ok(Target {
            weights: BTreeMap::from([(id.to_string(), 1.0)]),
            weighted: false,
        });
    }
    match served.as_slice() {
        [one] => Ok(Target {
            weights: BTreeMap::from([(one.to_string(), 1.0)]),
            weighted: false,
        }),
        many => {
            let mut weights = BTreeMap::new();
            let mut missing = Vec::new();
            for id in many {
                match plan.objective(id).and_then(|o| o.value_per_unit.as_ref()) {
                    Some(v) => {
                        weights.insert(id.to_string(), to_f64(v.value));
                    }
                    None => missing.push(format!("`{id}`")),
                }
            }
            if missing.is_empty() {
                Ok(Target {
                    weights,
                    weighted: true,
                })
            } else {
                Err(format!(
                    "the curves serve {} objectives and {} {} no `value_per_unit` to trade them by; choose one with `--objective`, or give each a value",
                    many.len(),
                    missing.join(", "),
                    if missing.len() == 1 { "has" } else { "have" }
                ))
            }
        }
    }
}

/// Optimises at each level.
pub fn optimise(
    plan: &Plan,
    media: &Media,
    target: &Target,
    levels: &[Level],
) -> Result<Optimisation, String> {
    let members: Vec<usize> = (0..media.curves.len())
        .filter(|&i| target.weights.contains_key(&media.curves[i].objective))
        .collect();
    let weights: BTreeMap<&str, f64> = target
        .weights
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let pool: Decimal = members.iter().map(|&i| media.curves[i].budget).sum();
    let mut out = Vec::new();
    for level in levels {
        let (label, delta) = match level {
            Level::Plan => ("plan".to_string(), Decimal::ZERO),
            Level::Percent(p) => (
                format!(
                    "{}{}%",
                    if p.is_sign_positive() { "+" } else { "" },
                    p.normalize()
                ),
                (pool * p / Decimal::ONE_HUNDRED).round_dp(2),
            ),
            Level::Scenario(id) => {
                let s = plan
                    .scenarios
                    .iter()
                    .find(|s| s.id.value == *id)
                    .ok_or_else(|| {
                        let near = crate::diagnostic::did_you_mean(
                            id,
                            plan.scenarios.iter().map(|s| s.id.value.as_str()),
                        );
                        format!(
                            "the plan has no scenario `{id}`{}",
                            near.map(|n| format!("; did you mean `{n}`?"))
                                .unwrap_or_default()
                        )
                    })?;
                (s.id.value.clone(), s.budget.value - plan.budget.total.value)
            }
        };
        out.push(at_level(
            plan, media, &members, &weights, pool, label, delta,
        ));
    }
    Ok(Optimisation {
        currency: plan.meta.currency.value.clone(),
        target: target.clone(),
        step: media.step,
        levels: out,
    })
}

fn at_level(
    plan: &Plan,
    media: &Media,
    members: &[usize],
    weights: &BTreeMap<&str, f64>,
    pool: Decimal,
    label: String,
    delta: Decimal,
) -> LevelResult {
    let curves = &media.curves;
    let new_pool = (pool + delta).max(Decimal::ZERO);
    // The planned mix at this level: every channel scaled alike.
    let planned: Vec<Decimal> = members
        .iter()
        .map(|&i| {
            if pool.is_zero() {
                Decimal::ZERO
            } else {
                media::scaled(curves[i].budget, new_pool, pool).round_dp(2)
            }
        })
        .collect();
    let value = |i: usize, b: Decimal| {
        weights
            .get(curves[i].objective.as_str())
            .copied()
            .unwrap_or(0.0)
            * curves[i].response.at(to_f64(b))
    };
    let planned_value: f64 = members
        .iter()
        .zip(&planned)
        .map(|(&i, b)| value(i, *b))
        .sum();
    let solution = media::allocate(curves, members, weights, new_pool, media.step);
    // An allocation is only ever one that keeps every bound: each channel
    // between its minimum and maximum, locked money where it is, the pool
    // shared exactly. The planned mix scaled to the level may break them
    // (a locked channel scaled, a minimum undercut): it is a comparison,
    // never an answer.
    let feasible = |budgets: &[Decimal]| {
        budgets.iter().sum::<Decimal>() == new_pool
            && members.iter().zip(budgets).all(|(&i, b)| {
                let c = &curves[i];
                *b >= c.lower && c.upper.is_none_or(|u| *b <= u) && (!c.locked || *b == c.budget)
            })
    };
    let (optimal, exact, infeasible) = match solution {
        Ok(sol) if !feasible(&sol.budgets) => (
            None,
            false,
            Some("the optimiser found no allocation that keeps every bound".to_string()),
        ),
        // The planned mix, when it keeps the bounds and the search on the
        // grid of steps did not beat it (it may be off the grid).
        Ok(sol) if sol.value < planned_value && feasible(&planned) => {
            (Some(planned.clone()), false, None)
        }
        Ok(sol) => (Some(sol.budgets), sol.exact, None),
        Err(e) => (None, false, Some(media::describe(&e))),
    };
    let Some(optimal) = optimal else {
        // No allocation: the level says why, and moves nothing.
        return LevelResult {
            label,
            total: plan.budget.total.value + delta,
            pool: new_pool,
            channels: Vec::new(),
            outcomes: Vec::new(),
            planned_value,
            optimal_value: None,
            uplift_percent: None,
            moves: Vec::new(),
            exact: false,
            infeasible,
        };
    };
    let optimal_value: f64 = members
        .iter()
        .zip(&optimal)
        .map(|(&i, b)| value(i, *b))
        .sum();
    let channels: Vec<ChannelResult> = members
        .iter()
        .zip(planned.iter().zip(&optimal))
        .map(|(&i, (p, o))| channel_result(&curves[i], *p, *o))
        .collect();
    let outcomes = target_objectives(weights)
        .into_iter()
        .map(|id| {
            let fixed = media
                .objectives
                .iter()
                .find(|o| o.id == id)
                .map_or(0.0, |o| to_f64(o.fixed));
            let sum = |pick: &dyn Fn(&ChannelResult) -> f64| -> f64 {
                channels
                    .iter()
                    .filter(|c| c.objective == id)
                    .map(pick)
                    .sum()
            };
            OutcomeResult {
                objective: id.to_string(),
                unit: plan.objective(id).and_then(|o| o.measure.unit.clone()),
                planned: fixed + sum(&|c| c.planned_outcome),
                optimal: fixed + sum(&|c| c.optimal_outcome),
            }
        })
        .collect();
    let ids: Vec<(String, Decimal)> = channels.iter().map(|c| (c.id.clone(), c.planned)).collect();
    LevelResult {
        label,
        total: plan.budget.total.value + delta,
        pool: new_pool,
        moves: media::moves(&ids, &optimal),
        channels,
        outcomes,
        planned_value,
        optimal_value: Some(optimal_value),
        uplift_percent: Some(if planned_value > 0.0 {
            (optimal_value - planned_value) / planned_value * 100.0
        } else {
            0.0
        }),
        exact,
        infeasible,
    }
}

fn target_objectives<'a>(weights: &BTreeMap<&'a str, f64>) -> Vec<&'a str> {
    weights.keys().copied().collect()
}

fn channel_result(c: &Curve, planned: Decimal, optimal: Decimal) -> ChannelResult {
    ChannelResult {
        id: c.channel.clone(),
        name: c.name.clone(),
        objective: c.objective.clone(),
        planned,
        optimal,
        planned_outcome: c.response.at(to_f64(planned)),
        optimal_outcome: c.response.at(to_f64(optimal)),
        marginal_before: c.response.marginal(to_f64(planned)) * 1000.0,
        marginal_after: c.response.marginal(to_f64(optimal)) * 1000.0,
        locked: c.locked,
    }
}

/// The plan's text with the optimal budgets of the plan level: each changed
/// channel's `budget`, its phasing scaled to the new budget (exactly: the
/// rounding lands on the last period), and its forecast for the curve's
/// objective set to the curve's result. Written by the plan writer
/// ([`edit`]) and loaded again before it is returned; an error says why
/// the plan cannot be written.
pub fn rewrite(
    plan: &Plan,
    text: &str,
    level: &LevelResult,
    origin: &str,
) -> Result<String, String> {
    if let Some(why) = &level.infeasible {
        return Err(format!(
            "the plan level has no allocation within the bounds: {why}"
        ));
    }
    let mut doc = edit::PlanDocument::parse(text)?;
    for r in &level.channels {
        if r.optimal == r.planned {
            continue;
        }
        let Some(c) = plan.channels.iter().find(|c| c.id.value == r.id) else {
            continue;
        };
        let Some(table) = doc.channel(&r.id) else {
            return Err(format!(
                "the channel `{}` is not a `[[channels]]` entry mvplan can edit",
                r.id
            ));
        };
        edit::set(table, "budget", edit::amount(r.optimal));
        if let Some(p) = &c.phasing {
            let key = match p.phasing {
                crate::plan::Phasing::Quarterly(_) => "quarterly",
                crate::plan::Phasing::Monthly(_) => "monthly",
            };
            let amounts = p.phasing.amounts();
            let old: Decimal = amounts.iter().map(|m| m.value).sum();
            let n = Decimal::from(amounts.len().max(1) as u64);
            let mut left = r.optimal;
            for (k, m) in amounts.iter().enumerate() {
                let new = if k + 1 == amounts.len() {
                    left
                } else if old.is_zero() {
                    (r.optimal / n).floor()
                } else {
                    media::scaled(m.value, r.optimal, old).floor()
                };
                left -= new;
                edit::set_element(table, key, k, edit::amount(new));
            }
        }
        if c.forecasts.iter().any(|f| f.objective.value == r.objective)
            && let Some(forecast) = table
                .get_mut("forecast")
                .and_then(toml_edit::Item::as_table_like_mut)
        {
            let rounded = Decimal::from_f64_retain(r.optimal_outcome.round()).unwrap_or_default();
            edit::set(forecast, &r.objective, edit::amount(rounded));
        }
    }
    let header = [
        format!(
            "Written by mvplan optimize from {origin}: the budgets of {} channel(s) moved for a forecast {}% higher.",
            level
                .channels
                .iter()
                .filter(|c| c.optimal != c.planned)
                .count(),
            crate::format::approx(level.uplift_percent.unwrap_or(0.0))
        ),
        format!("Compare with `mvplan diff {origin} <this file>`."),
    ];
    let written = doc.finish(&header);
    edit::verified(&written, plan, |new| {
        for r in &level.channels {
            let budget = new
                .channels
                .iter()
                .find(|c| c.id.value == r.id)
                .map(|c| c.budget.value);
            if budget != Some(r.optimal) {
                return Err(format!(
                    "the written plan does not give `{}` its optimal budget",
                    r.id
                ));
            }
        }
        Ok(())
    })?;
    Ok(written)
}

/// The table `mvplan optimize` prints.
pub fn human(o: &Optimisation) -> String {
    use std::fmt::Write;
    let money = |d: Decimal| crate::format::format_money(d, &o.currency, true);
    let mut s = String::new();
    let what = if o.target.weighted {
        let parts: Vec<String> = o
            .target
            .weights
            .iter()
            .map(|(k, v)| format!("{k} × {}", crate::format::approx(*v)))
            .collect();
        format!("value of {}", parts.join(" + "))
    } else {
        o.target
            .weights
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        s,
        "Maximising {what}, moving money in steps of {}.",
        money(o.step)
    );
    for l in &o.levels {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Level {}: total {}, {} on the channels with curves",
            l.label,
            money(l.total),
            money(l.pool)
        );
        if let Some(why) = &l.infeasible {
            let _ = writeln!(s, "  no allocation fits the bounds: {why}");
            continue;
        }
        let _ = writeln!(
            s,
            "  {:<22} {:>12} {:>12} {:>14} {:>14} {:>9} {:>9}",
            "channel", "plan budget", "best budget", "plan result", "best result", "mROI", "mROI'"
        );
        let unit_of = |objective: &str| {
            l.outcomes
                .iter()
                .find(|o| o.objective == objective)
                .and_then(|o| o.unit.clone())
        };
        let result = |x: f64, objective: &str| {
            crate::format::format_quantity(
                crate::format::approx(x)
                    .replace(',', "")
                    .parse()
                    .unwrap_or_default(),
                unit_of(objective).as_deref(),
                true,
            )
        };
        for c in &l.channels {
            let _ = writeln!(
                s,
                "  {:<22} {:>12} {:>12} {:>14} {:>14} {:>9} {:>9}{}",
                truncate(&c.id, 22),
                money(c.planned),
                money(c.optimal),
                result(c.planned_outcome, &c.objective),
                result(c.optimal_outcome, &c.objective),
                crate::format::approx(c.marginal_before),
                crate::format::approx(c.marginal_after),
                if c.locked { "  (locked)" } else { "" }
            );
        }
        for out in &l.outcomes {
            let _ = writeln!(
                s,
                "  {}: {} → {} ({})",
                out.objective,
                result(out.planned, &out.objective),
                result(out.optimal, &out.objective),
                signed_percent(if out.planned > 0.0 {
                    (out.optimal - out.planned) / out.planned * 100.0
                } else {
                    0.0
                })
            );
        }
        for m in l.moves.iter().take(5) {
            let _ = writeln!(s, "  move {} from {} to {}", money(m.amount), m.from, m.to);
        }
        if !l.exact {
            let _ = writeln!(
                s,
                "  (S-shaped curves: the global optimum on a grid of {} cells, refined to {} steps by exchanges)",
                crate::figures::optimize::DP_CELLS,
                money(o.step)
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "mROI: result of the next 1,000 {} at the planned (mROI) and optimal (mROI') budget.",
        o.currency
    );
    s
}

pub fn signed_percent(x: f64) -> String {
    format!(
        "{}{}%",
        if x >= 0.0 { "+" } else { "" },
        crate::format::approx(x)
    )
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
