//! Each scenario on the response curves: the one place a scenario's money
//! is put on the channels, for the rules and every slide.
//!
//! A scenario that names its `changes` moves exactly those channels (the
//! others stay at the plan's budgets), as does one whose words or outcomes
//! aim its extra money at channels (`scenario_aim`); one that gives only a budget has the
//! difference from the plan's total spread over the curve channels in
//! proportion to their budgets (the planned mix). A changed channel without
//! a curve for an objective moves its typed forecast pro rata to its budget.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::media::{
    BestMix, Curve, Media, ObjectiveMedia, ProRata, ScenarioMedia, ScenarioOutcome,
    fixed_forecasts, members_by_objective, scaled,
};
use super::optimize::to_f64;
use crate::plan::located::{Located, Money};
use crate::plan::{ForecastBasis, Plan, Scenario};

/// Every scenario's figures on the plan's curves.
pub fn of(plan: &Plan, media: &Media) -> Vec<ScenarioMedia> {
    scenarios(
        plan,
        &plan.scenarios,
        &media.curves,
        &media.objectives,
        media.step,
    )
}

/// The plan's money at another total, spread as a scenario that gives only
/// a budget is (the planned mix): what a contingent ask's money buys is
/// read from the same figures as the scenarios'.
pub fn at_budget(plan: &Plan, media: &Media, budget: Decimal) -> Option<ScenarioMedia> {
    at_change(plan, media, budget, Vec::new())
}

/// The curves at `budget` with `changes` put on the channels they name
/// (empty: the difference spread in the planned mix), as a scenario.
fn at_change(
    plan: &Plan,
    media: &Media,
    budget: Decimal,
    changes: Vec<(crate::plan::located::Ref, Located<Decimal>)>,
) -> Option<ScenarioMedia> {
    let s = Scenario {
        id: Located::new(String::new(), 0..0),
        name: String::new(),
        budget: Money {
            value: budget,
            currency: None,
            span: 0..0,
        },
        changes,
        description: None,
        outcomes: Vec::new(),
        span: 0..0,
    };
    let list = [s];
    scenarios(plan, &list, &media.curves, &media.objectives, media.step).pop()
}

/// Each scenario on the curves. A scenario that names its `changes` moves
/// exactly those channels (the others stay at the plan's budgets); one that
/// gives only a budget has the difference from the plan's total spread over
/// the curve channels in proportion to their budgets (the planned mix). The
/// best mix at the scenario's money is the optimiser's. This is the one
/// place a scenario's money is put on the channels: the rules and every
/// slide read these figures.
fn scenarios(
    plan: &Plan,
    list: &[Scenario],
    curves: &[Curve],
    objectives: &[ObjectiveMedia],
    step: Decimal,
) -> Vec<ScenarioMedia> {
    let pool_all: Decimal = curves.iter().map(|c| c.budget).sum();
    if pool_all.is_zero() {
        return Vec::new();
    }
    let on = OnCurves {
        plan,
        curves,
        objectives,
        step,
        pool_all,
        by_objective: members_by_objective(curves),
        fixed: fixed_forecasts(plan, curves),
        // One copy of the curves for every best mix these scenarios may
        // ask the optimiser for, later.
        shared: Arc::from(curves),
    };
    list.iter().map(|typed| on.scenario(typed)).collect()
}

/// What every scenario of one plan is put on: its curves, and what is
/// read from them once for all its scenarios.
struct OnCurves<'a> {
    plan: &'a Plan,
    curves: &'a [Curve],
    objectives: &'a [ObjectiveMedia],
    step: Decimal,
    /// The money on the curve channels at the plan.
    pool_all: Decimal,
    by_objective: HashMap<String, Vec<usize>>,
    fixed: HashMap<&'a str, Decimal>,
    shared: Arc<[Curve]>,
}

impl OnCurves<'_> {
    /// One scenario on the curves.
    fn scenario(&self, typed: &Scenario) -> ScenarioMedia {
        // Money its words or outcomes aim at channels goes there
        // (`scenario_aim`); their typed outcomes stand where no curve
        // computes, so nothing is moved pro rata for them.
        let aimed = super::scenario_aim::aimed(self.plan, typed);
        let inferred = matches!(aimed, std::borrow::Cow::Owned(_));
        let s = aimed.as_ref();
        let delta = s.budget.value - self.plan.budget.total.value;
        let (budgets, pool) = self.budgets(s, delta);
        let mut off_curve = off_curve_changes(self.plan, self.curves, s);
        if inferred {
            // Aimed by its words, not by typed `changes`: where it types
            // an outcome no curve computes, that outcome stands, not a
            // forecast scaled pro rata to money its words do not price.
            off_curve.moved.retain(|id, _| {
                self.objectives.iter().any(|m| m.id == *id)
                    || !s.outcomes.iter().any(|f| f.objective.value == *id)
            });
        }
        let mut outcomes: Vec<ScenarioOutcome> = self
            .objectives
            .iter()
            .map(|o| self.curve_outcome(o, s, delta, &budgets, &off_curve))
            .collect();
        outcomes.extend(self.off_curve_outcomes(s, &off_curve));
        ScenarioMedia {
            id: s.id.value.clone(),
            budget: s.budget.value,
            pool,
            changes: !typed.changes.is_empty(),
            pro_rata: off_curve.pro_rata,
            unmodelled: off_curve.unmodelled,
            outcomes,
        }
    }

    /// Each curve channel's budget in the scenario (as the curves read
    /// it), and the money on the curve channels.
    fn budgets(&self, s: &Scenario, delta: Decimal) -> (Vec<f64>, Decimal) {
        if s.changes.is_empty() {
            let pool = (self.pool_all + delta).max(Decimal::ZERO);
            let scale = to_f64(pool) / to_f64(self.pool_all);
            (
                self.curves
                    .iter()
                    .map(|c| to_f64(c.budget) * scale)
                    .collect(),
                pool,
            )
        } else {
            let b: Vec<Decimal> = self
                .curves
                .iter()
                .map(|c| {
                    (c.budget + s.change_of(&c.channel).unwrap_or(Decimal::ZERO)).max(Decimal::ZERO)
                })
                .collect();
            let pool = b.iter().copied().sum();
            (b.into_iter().map(to_f64).collect(), pool)
        }
    }

    /// A curve objective's outcome in the scenario: its planned mix at the
    /// scenario's budgets, and the best mix of its money.
    fn curve_outcome(
        &self,
        o: &ObjectiveMedia,
        s: &Scenario,
        delta: Decimal,
        budgets: &[f64],
        off_curve: &OffCurve<'_>,
    ) -> ScenarioOutcome {
        let curves = self.curves;
        // Scenario outcomes are the metric's value: with an uplift basis,
        // forecasts add to the baseline.
        let fixed = to_f64(o.fixed)
            + off_curve
                .moved
                .get(o.id.as_str())
                .copied()
                .map_or(0.0, to_f64);
        let base = o.base + fixed;
        let members: &[usize] = self
            .by_objective
            .get(o.id.as_str())
            .map_or(&[], Vec::as_slice);
        let planned_mix = base
            + members
                .iter()
                .map(|&i| curves[i].response.at(budgets[i]))
                .sum::<f64>();
        // The best mix shares the objective's money at the scenario: its
        // changed channels', or its share of the difference by its pool.
        let members_pool = if s.changes.is_empty() {
            o.pool + scaled(delta, o.pool, self.pool_all).round_dp(2)
        } else {
            members
                .iter()
                .map(|&i| {
                    let c = &curves[i];
                    c.budget + s.change_of(&c.channel).unwrap_or(Decimal::ZERO)
                })
                .sum()
        }
        .max(Decimal::ZERO);
        let optimal_mix = BestMix::new(
            Arc::clone(&self.shared),
            members.to_vec(),
            o.id.clone(),
            members_pool,
            self.step,
            (base, planned_mix),
        );
        ScenarioOutcome {
            objective: o.id.clone(),
            typed: s
                .outcomes
                .iter()
                .find(|f| f.objective.value == o.id)
                .map(|f| f.value.value),
            planned_mix,
            optimal_mix,
        }
    }

    /// Objectives no curve serves, whose typed forecasts a change moves:
    /// the plan's forecast plus the pro rata change.
    fn off_curve_outcomes(&self, s: &Scenario, off_curve: &OffCurve<'_>) -> Vec<ScenarioOutcome> {
        let mut outcomes = Vec::new();
        for o in &self.plan.objectives {
            let id = o.id.value.as_str();
            let Some(moved) = off_curve.moved.get(id) else {
                continue;
            };
            if self.objectives.iter().any(|m| m.id == id) {
                continue;
            }
            let base = o
                .measure
                .baseline
                .as_ref()
                .filter(|_| o.forecast_basis == ForecastBasis::Uplift)
                .map_or(0.0, |b| to_f64(b.value));
            let level = base + to_f64(self.fixed.get(id).copied().unwrap_or_default() + moved);
            outcomes.push(ScenarioOutcome {
                objective: id.to_string(),
                typed: s
                    .outcomes
                    .iter()
                    .find(|f| f.objective.value == id)
                    .map(|f| f.value.value),
                planned_mix: level,
                optimal_mix: BestMix::none(),
            });
        }
        outcomes
    }
}

/// What a scenario's changes do to the channels without a curve for an
/// objective: their typed forecasts move in proportion to their budgets.
#[derive(Default)]
struct OffCurve<'p> {
    /// Per objective, the change of its forecast.
    moved: HashMap<&'p str, Decimal>,
    /// Changed channels with a typed forecast and no curve for it.
    pro_rata: Vec<ProRata>,
    /// Changed channels with no budget in the plan to scale from (names).
    unmodelled: Vec<String>,
}

fn off_curve_changes<'p>(plan: &'p Plan, curves: &[Curve], s: &Scenario) -> OffCurve<'p> {
    let mut out = OffCurve::default();
    for (index, c) in plan.channels.iter().enumerate() {
        let Some(change) = s.change_of(&c.id.value) else {
            continue;
        };
        let off: Vec<_> = c
            .forecasts
            .iter()
            .filter(|f| {
                !curves
                    .iter()
                    .any(|k| k.index == index && k.objective == f.objective.value)
            })
            .collect();
        if off.is_empty() {
            continue;
        }
        // A channel the plan does not fund forecasts nothing per unit of
        // money: its change cannot be scaled, and is said so.
        if c.budget.value.is_zero() {
            out.unmodelled.push(c.name.clone());
            continue;
        }
        for f in off {
            *out.moved
                .entry(f.objective.value.as_str())
                .or_insert(Decimal::ZERO) += scaled(f.value.value, change, c.budget.value);
            out.pro_rata.push(ProRata {
                channel: c.name.clone(),
                objective: f.objective.value.clone(),
            });
        }
    }
    out
}

/// What a contingent ask's money buys on the response curves. Where the
/// ask's words name a channel with a curve ("a fifth demo van"), the money
/// goes to that channel, as a scenario's `changes` would put it: spread in
/// the planned mix it would credit a van with what search buys. Else the
/// plan's budget plus the ask's amount, spread as a scenario's money is
/// ([`at_budget`]). The first objective whose outcome it moves, less the
/// plan's. The curves are annual: money released at a date inside the
/// plan's period (the ask's decision date) buys its pro rata share of the
/// days left.
#[derive(Debug, Clone)]
pub struct AskGain {
    /// Index of the objective in `plan.objectives`.
    pub objective: usize,
    /// The gain, rounded to three significant figures as the slide shows it.
    pub gain: Decimal,
    pub amount: Decimal,
    /// When the money is released, where inside the period.
    pub released: Option<chrono::NaiveDate>,
    /// The channels the ask's words name, each with its budget plus its
    /// part of the ask's amount: the money goes there, not into the
    /// planned mix.
    pub channels: Vec<(String, Decimal)>,
    /// Where the deck's recommended move between channels already puts
    /// money on a channel the ask names: that money (net, over the named
    /// channels). Where it is less than the ask, the gain is what the ask
    /// adds once the move is made, and `channels` are at the move's budgets
    /// plus the ask; where it is at least the ask, the move covers it and
    /// the ask is valued on its own.
    pub after_move: Option<Decimal>,
}

/// The recommended move's net change per channel id for an objective, where
/// the deck recommends one and it puts money on one of `named` (power-tools:
/// the best mix takes the demo-van tour to its €1.25M cap, the fifth van an
/// ask also funds). The ask is then valued after it: what it adds once the
/// move is made, never the same van's gain counted twice.
fn recommended_into(
    plan: &Plan,
    media: &Media,
    objective: &str,
    named: &[&crate::plan::Channel],
) -> Option<Vec<(String, Decimal)>> {
    let om = media
        .objectives
        .iter()
        .find(|m| m.id == objective && m.infeasible.is_none())?;
    if !super::move_effect::recommended(plan, media, om) {
        return None;
    }
    let mut net: Vec<(String, Decimal)> = Vec::new();
    for mv in &om.moves {
        for (id, d) in [(&mv.from, -mv.amount), (&mv.to, mv.amount)] {
            match net.iter_mut().find(|(c, _)| c == id) {
                Some((_, e)) => *e += d,
                None => net.push((id.clone(), d)),
            }
        }
    }
    let into: Decimal = net
        .iter()
        .filter(|(id, _)| named.iter().any(|c| &c.id.value == id))
        .map(|(_, d)| *d)
        .sum();
    (into > Decimal::ZERO).then_some(net)
}

pub fn ask_gain(plan: &Plan, fig: &super::Figures, a: &crate::plan::Ask) -> Option<AskGain> {
    let media = fig.media.as_ref()?;
    let amount = a.amount.as_ref()?.value;
    if amount <= Decimal::ZERO {
        return None;
    }
    let total = plan.budget.total.value;
    let named = curve_channels_named(plan, media, &a.ask);
    // Several channels named: the amount split in proportion to their
    // budgets, the last taking what rounding leaves.
    let base: Decimal = named.iter().map(|c| c.budget.value).sum();
    let mut left = amount;
    let parts: Vec<(&crate::plan::Channel, Decimal)> = named
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let part = if i + 1 == named.len() || base.is_zero() {
                left
            } else {
                (amount * c.budget.value / base).round()
            };
            left -= part;
            (*c, part)
        })
        .collect();
    let located =
        |list: &[(String, Decimal)]| -> Vec<(crate::plan::located::Ref, Located<Decimal>)> {
            list.iter()
                .map(|(id, d)| (Located::new(id.clone(), 0..0), Located::new(*d, 0..0)))
                .collect()
        };
    let ask: Vec<(String, Decimal)> = parts
        .iter()
        .map(|(c, part)| (c.id.value.clone(), *part))
        .collect();
    let with = at_change(plan, media, total + amount, located(&ask))?;
    let without = at_budget(plan, media, total)?;
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let released =
        a.by.as_ref()
            .and_then(|d| super::scenario_load::within(plan, d.value));
    let days = |from: chrono::NaiveDate| (end - from).num_days() + 1;
    let share = released.map(|r| days(r) as f64 / days(start) as f64);
    // The first objective on the curves the money moves.
    plan.objectives
        .iter()
        .enumerate()
        .find_map(|(objective, o)| {
            let id = &o.id.value;
            media
                .objectives
                .iter()
                .find(|m| &m.id == id && m.infeasible.is_none())?;
            let at = |s: &ScenarioMedia| {
                s.outcomes
                    .iter()
                    .find(|x| &x.objective == id)
                    .map(|x| x.planned_mix)
            };
            let before = at(&with)? - at(&without)?;
            // Valued after the recommended move where it funds the same
            // channel: the move's budgets, with and without the ask.
            let moved = recommended_into(plan, media, id, &named).and_then(|net| {
                let mut both = net.clone();
                for (c, d) in &ask {
                    match both.iter_mut().find(|(x, _)| x == c) {
                        Some((_, e)) => *e += *d,
                        None => both.push((c.clone(), *d)),
                    }
                }
                let after = at(&at_change(plan, media, total + amount, located(&both))?)?
                    - at(&at_change(plan, media, total, located(&net))?)?;
                let into: Decimal = net
                    .iter()
                    .filter(|(x, _)| ask.iter().any(|(c, _)| c == x))
                    .map(|(_, d)| *d)
                    .sum();
                Some((after, into, net))
            });
            // A move that puts at least the ask's money there already
            // covers it: the ask is valued on its own (what approving the
            // move buys), never above the move (past a channel's cap).
            let covered = moved.as_ref().is_some_and(|(_, into, _)| *into >= amount);
            let raw = match &moved {
                Some((after, _, _)) if !covered => *after,
                _ => before,
            };
            let gain = Decimal::from_f64_retain(raw * share.unwrap_or(1.0))?;
            let gain = crate::format::three_figures(gain);
            let moved_to = |c: &crate::plan::Channel| {
                moved
                    .as_ref()
                    .filter(|_| !covered)
                    .map_or(Decimal::ZERO, |(_, _, net)| {
                        net.iter()
                            .filter(|(x, _)| *x == c.id.value)
                            .map(|(_, d)| *d)
                            .sum()
                    })
            };
            (gain > Decimal::ZERO).then(|| AskGain {
                objective,
                gain,
                amount,
                released,
                channels: parts
                    .iter()
                    .map(|(c, part)| (c.name.clone(), c.budget.value + moved_to(c) + part))
                    .collect(),
                after_move: moved.as_ref().map(|(_, into, _)| *into),
            })
        })
}

/// The channels with a response curve an ask's words name, by id read as
/// words ("demo van" for `demo-van`) or name up to a bracket ("Demo-van
/// tour"), in the plan's order.
fn curve_channels_named<'p>(
    plan: &'p Plan,
    media: &Media,
    text: &str,
) -> Vec<&'p crate::plan::Channel> {
    let text = text.to_lowercase().replace('-', " ");
    plan.channels
        .iter()
        .filter(|c| media.curves.iter().any(|k| k.channel == c.id.value))
        .filter(|c| {
            let id = c.id.value.replace('-', " ");
            let name = c.name.to_lowercase().replace('-', " ");
            let short = name
                .split(" (")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            [id, short]
                .iter()
                .any(|w| w.chars().count() >= 4 && text.contains(w.as_str()))
        })
        .collect()
}
