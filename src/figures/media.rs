//! Media investment: what the channels' response curves say about the
//! plan's budgets — each channel's result and marginal return at its
//! budget, the better allocation per objective, and what each scenario's
//! budget would deliver. Computed once, for the rules, the deck and
//! `mvplan optimize`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::optimize::{self, Infeasible, Item, to_f64};
use super::response::{self, CalibrationError, Fit, Hill, Response};
use crate::plan::{Channel, Objective, Phasing, Plan};

/// Reallocations move money in multiples of this unless `[checks]
/// reallocation_step` says otherwise.
pub const DEFAULT_STEP: i64 = 1000;

#[derive(Debug, Clone, Serialize)]
pub struct Media {
    /// The amount reallocations move money in.
    pub step: Decimal,
    pub curves: Vec<Curve>,
    /// Per objective that has curves: the planned and the best allocation.
    pub objectives: Vec<ObjectiveMedia>,
    pub scenarios: Vec<ScenarioMedia>,
    /// Curves that could not be calibrated from their points.
    pub uncalibrated: Vec<Uncalibrated>,
}

/// One channel's curve and where its budget sits on it.
#[derive(Debug, Clone, Serialize)]
pub struct Curve {
    pub channel: String,
    pub name: String,
    pub objective: String,
    #[serde(skip)]
    pub index: usize,
    #[serde(skip)]
    pub response: Response,
    pub half_saturation: f64,
    pub slope: f64,
    pub max_outcome: f64,
    pub carryover: f64,
    /// How well the curve passes through its points, when calibrated.
    pub calibration: Option<Fit>,
    pub source: Option<String>,
    pub budget: Decimal,
    /// The curve's result at the budget.
    pub outcome: f64,
    /// Result of the next 1,000 of the currency.
    pub marginal: f64,
    /// The typed forecast for the curve's objective, if any.
    pub typed: Option<Decimal>,
    pub lower: Decimal,
    pub upper: Option<Decimal>,
    pub locked: bool,
    /// The best budget for the objective, within bounds.
    pub optimal: Decimal,
    pub optimal_outcome: f64,
    pub optimal_marginal: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Uncalibrated {
    pub channel: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveMedia {
    pub id: String,
    pub unit: Option<String>,
    /// The money on the channels with curves for this objective.
    pub pool: Decimal,
    /// Typed forecasts of the objective's channels without a curve.
    pub fixed: Decimal,
    /// What forecasts add to, to give the metric's value: the baseline
    /// with `forecast_basis = "uplift"`, else 0.
    pub base: f64,
    /// The objective's forecast with the curves at the planned budgets.
    pub planned: f64,
    pub optimal: f64,
    pub uplift: f64,
    /// Percent of `planned`.
    pub uplift_percent: f64,
    /// Result per 1,000 over the curve channels at the planned budgets.
    pub average_return: f64,
    pub moves: Vec<Move>,
    pub exact: bool,
    /// Why no allocation fits the bounds, if none does.
    pub infeasible: Option<String>,
}

/// Money to move from one channel to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioMedia {
    pub id: String,
    pub budget: Decimal,
    /// Money on the curve channels at this budget: with the scenario's
    /// `changes`, or with the difference from the plan's total spread over
    /// them in the planned mix.
    pub pool: Decimal,
    /// Whether the scenario names the channels that change.
    pub changes: bool,
    /// Changed channels without a response curve for an objective they
    /// forecast: those typed forecasts are moved pro rata to the budget.
    pub pro_rata: Vec<ProRata>,
    /// Changed channels the plan does not fund, whose change nothing
    /// models (names).
    pub unmodelled: Vec<String>,
    pub outcomes: Vec<ScenarioOutcome>,
}

/// A changed channel's typed forecast of an objective, moved pro rata.
#[derive(Debug, Clone, Serialize)]
pub struct ProRata {
    /// The channel's name.
    pub channel: String,
    pub objective: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioOutcome {
    pub objective: String,
    pub typed: Option<Decimal>,
    /// The scenario's own mix: its `changes` on the plan's budgets, or
    /// the planned mix scaled to its budget when it names none. (The name
    /// is the field's since before scenarios could name channels.)
    pub planned_mix: f64,
    /// With the best mix at that budget: the optimiser runs when this is
    /// first read ([`BestMix`]).
    pub optimal_mix: BestMix,
}

/// `amount × part / whole` without overflowing (amounts go up to 10^15;
/// their product does not fit a decimal): the ratio first, and zero when
/// even that does not fit.
pub fn scaled(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    part.checked_div(whole)
        .and_then(|r| amount.checked_mul(r))
        .unwrap_or(Decimal::ZERO)
}

/// Limits from outside the plan (the organisation's policy).
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Most a channel may take of the plan's spend, percent.
    pub max_share: Option<Decimal>,
    /// The reallocation step, when the plan does not set one.
    pub step: Option<Decimal>,
}

/// The response of a channel, from its parameters or calibrated from its
/// points; with its phasing when it carries over.
fn response_of(c: &Channel) -> Option<Result<(Response, Option<Fit>), CalibrationError>> {
    let r = c.response.as_ref()?;
    let slope = r.slope.as_ref().map(|s| to_f64(s.value));
    let hill = match (&r.half_saturation, &r.max_outcome) {
        (Some(h), Some(m)) => Ok((
            Hill {
                half: to_f64(h.value),
                slope: slope.unwrap_or(1.0),
                max: to_f64(m.value),
            },
            None,
        )),
        _ => {
            let pts: Vec<(f64, f64)> = r
                .points
                .iter()
                .map(|p| (to_f64(p.spend.value), to_f64(p.result.value)))
                .collect();
            response::calibrate(&pts, slope).map(|(h, f)| (h, Some(f)))
        }
    };
    let carryover = r.carryover.as_ref().map_or(0.0, |c| to_f64(c.value));
    let shares = c
        .phasing
        .as_ref()
        .filter(|_| carryover > 0.0)
        .and_then(|p| {
            let amounts: Vec<f64> = match &p.phasing {
                Phasing::Quarterly(q) => q.iter().map(|m| to_f64(m.value)).collect(),
                Phasing::Monthly(m) => m
                    .chunks(3)
                    .map(|c| c.iter().map(|m| to_f64(m.value)).sum())
                    .collect(),
            };
            let total: f64 = amounts.iter().sum();
            (total > 0.0).then(|| amounts.iter().map(|a| a / total).collect())
        });
    Some(hill.map(|(hill, fit)| {
        (
            Response {
                hill,
                carryover,
                shares,
            },
            fit,
        )
    }))
}

/// What the plan's curves say; `None` when no channel has one.
pub fn compute(plan: &Plan, spend: Decimal, limits: Limits) -> Option<Media> {
    if plan.channels.iter().all(|c| c.response.is_none()) {
        return None;
    }
    let step = plan
        .checks
        .reallocation_step
        .as_ref()
        .map(|s| s.value)
        .or(limits.step)
        .unwrap_or(Decimal::from(DEFAULT_STEP));
    let (mut curves, uncalibrated) = curves(plan, spend, limits);
    // Built once: each objective's curves, and what the channels without a
    // curve for it forecast (a scan of every curve per channel per objective
    // made a plan of curves cost its cube).
    let by_objective = members_by_objective(&curves);
    let mut fixed_by_objective = fixed_forecasts(plan, &curves);
    let mut objectives = Vec::new();
    for o in &plan.objectives {
        let Some(members) = by_objective.get(o.id.value.as_str()).cloned() else {
            continue;
        };
        let fixed = fixed_by_objective
            .remove(o.id.value.as_str())
            .unwrap_or(Decimal::ZERO);
        objectives.push(objective(o, &members, &mut curves, fixed, step));
    }
    // The scenarios are put on the curves by `figures::scenarios`.
    Some(Media {
        step,
        curves,
        objectives,
        scenarios: Vec::new(),
        uncalibrated,
    })
}

/// The channels' curves at their budgets (for objectives that exist), and
/// the curves that could not be calibrated.
fn curves(plan: &Plan, spend: Decimal, limits: Limits) -> (Vec<Curve>, Vec<Uncalibrated>) {
    let mut curves = Vec::new();
    let mut uncalibrated = Vec::new();
    let objective_ids: HashSet<&str> = plan
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    for (index, c) in plan.channels.iter().enumerate() {
        let Some(r) = &c.response else { continue };
        // Curves for unknown objectives are `unknown-ref`s, not figures.
        if !objective_ids.contains(r.objective.value.as_str()) {
            continue;
        }
        let (response, calibration) = match response_of(c) {
            Some(Ok(x)) => x,
            Some(Err(e)) => {
                uncalibrated.push(Uncalibrated {
                    channel: c.id.value.clone(),
                    why: match e {
                        CalibrationError::NotSaturating => "its results do not show diminishing returns (a bigger spend returns as much or more per euro)".into(),
                        CalibrationError::Degenerate => "two points have the same spend, or a point has no spend or no result".into(),
                    },
                });
                continue;
            }
            None => continue,
        };
        let budget = c.budget.value;
        let x = to_f64(budget);
        let upper = bound_upper(c, spend, limits);
        curves.push(Curve {
            channel: c.id.value.clone(),
            name: c.name.clone(),
            objective: r.objective.value.clone(),
            index,
            half_saturation: response.hill.half,
            slope: response.hill.slope,
            max_outcome: response.hill.max,
            carryover: response.carryover,
            outcome: response.at(x),
            marginal: response.marginal(x) * 1000.0,
            response,
            calibration,
            source: r.source.clone(),
            budget,
            typed: c
                .forecasts
                .iter()
                .find(|f| f.objective.value == r.objective.value)
                .map(|f| f.value.value),
            lower: if c.locked {
                budget
            } else {
                c.min_budget.as_ref().map_or(Decimal::ZERO, |m| m.value)
            },
            upper: if c.locked { Some(budget) } else { upper },
            locked: c.locked,
            optimal: budget,
            optimal_outcome: 0.0,
            optimal_marginal: 0.0,
        });
    }
    (curves, uncalibrated)
}

/// One objective's media: the planned split of its channels' pool against
/// the best split (which sets each member curve's `optimal`).
fn objective(
    o: &Objective,
    members: &[usize],
    curves: &mut [Curve],
    fixed: Decimal,
    step: Decimal,
) -> ObjectiveMedia {
    let weights = BTreeMap::from([(o.id.value.as_str(), 1.0)]);
    let pool: Decimal = members.iter().map(|&i| curves[i].budget).sum();
    let planned_curves: f64 = members.iter().map(|&i| curves[i].outcome).sum();
    let planned = to_f64(fixed) + planned_curves;
    let average_return = if pool.is_zero() {
        0.0
    } else {
        planned_curves / to_f64(pool) * 1000.0
    };
    let mut om = ObjectiveMedia {
        id: o.id.value.clone(),
        unit: o.measure.unit.clone(),
        pool,
        fixed,
        base: o
            .measure
            .baseline
            .as_ref()
            .filter(|_| o.forecast_basis == crate::plan::ForecastBasis::Uplift)
            .map_or(0.0, |b| to_f64(b.value)),
        planned,
        optimal: planned,
        uplift: 0.0,
        uplift_percent: 0.0,
        average_return,
        moves: Vec::new(),
        exact: true,
        infeasible: None,
    };
    match allocate(curves, members, &weights, pool, step) {
        Ok(sol) => {
            for (&i, b) in members.iter().zip(&sol.budgets) {
                let c = &mut curves[i];
                c.optimal = *b;
                c.optimal_outcome = c.response.at(to_f64(*b));
                c.optimal_marginal = c.response.marginal(to_f64(*b)) * 1000.0;
            }
            om.optimal = to_f64(fixed) + sol.value;
            om.exact = sol.exact;
            let planned_b: Vec<(String, Decimal)> = members
                .iter()
                .map(|&i| (curves[i].channel.clone(), curves[i].budget))
                .collect();
            om.moves = moves(&planned_b, &sol.budgets);
        }
        Err(e) => {
            for &i in members {
                let c = &mut curves[i];
                c.optimal_outcome = c.outcome;
                c.optimal_marginal = c.marginal;
            }
            om.infeasible = Some(describe(&e));
        }
    }
    // Never report a "better" allocation that is worse (the planned
    // one may be off the grid of steps).
    if om.optimal < om.planned {
        om.optimal = om.planned;
        om.moves.clear();
        for &i in members {
            let c = &mut curves[i];
            c.optimal = c.budget;
            c.optimal_outcome = c.outcome;
            c.optimal_marginal = c.marginal;
        }
    }
    om.uplift = om.optimal - om.planned;
    om.uplift_percent = if om.planned > 0.0 {
        om.uplift / om.planned * 100.0
    } else {
        0.0
    };
    om
}

fn bound_upper(c: &Channel, spend: Decimal, limits: Limits) -> Option<Decimal> {
    let by_share = limits
        .max_share
        .map(|s| (spend * s / Decimal::ONE_HUNDRED).floor());
    match (c.max_budget.as_ref().map(|m| m.value), by_share) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The curves (indices into `curves`) of each objective, in plan order.
pub(super) fn members_by_objective(curves: &[Curve]) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in curves.iter().enumerate() {
        match out.get_mut(c.objective.as_str()) {
            Some(members) => members.push(i),
            None => {
                out.insert(c.objective.clone(), vec![i]);
            }
        }
    }
    out
}

/// Typed forecasts per objective from funded channels that have no curve
/// for it: they stay as typed whatever the curve channels get.
pub(super) fn fixed_forecasts<'p>(plan: &'p Plan, curves: &[Curve]) -> HashMap<&'p str, Decimal> {
    let with_curve: HashSet<(usize, &str)> = curves
        .iter()
        .map(|k| (k.index, k.objective.as_str()))
        .collect();
    let mut out: HashMap<&str, Decimal> = HashMap::new();
    for (i, c) in plan.channels.iter().enumerate() {
        if c.budget.value.is_zero() {
            continue;
        }
        for f in &c.forecasts {
            let objective = f.objective.value.as_str();
            if !with_curve.contains(&(i, objective)) {
                *out.entry(objective).or_insert(Decimal::ZERO) += f.value.value;
            }
        }
    }
    out
}

/// The best budgets for the `members` curves sharing `pool`, each curve's
/// result valued at its objective's weight.
pub fn allocate(
    curves: &[Curve],
    members: &[usize],
    weights: &BTreeMap<&str, f64>,
    pool: Decimal,
    step: Decimal,
) -> Result<optimize::Solution, Infeasible> {
    let items: Vec<Item<'_>> = members
        .iter()
        .map(|&i| {
            let c = &curves[i];
            let w = weights.get(c.objective.as_str()).copied().unwrap_or(0.0);
            Item {
                value: Box::new(move |x| w * c.response.at(x)),
                planned: c.budget,
                lower: c.lower,
                upper: c.upper,
                concave: c.response.concave(),
            }
        })
        .collect();
    optimize::optimise(&items, pool, step)
}

pub fn describe(e: &Infeasible) -> String {
    match e {
        Infeasible::BelowMinimums { minimums, pool } => format!(
            "the channels' minimum budgets add up to {} but only {} is there to share",
            crate::format::group(*minimums),
            crate::format::group(*pool)
        ),
        Infeasible::AboveMaximums { maximums, pool } => format!(
            "the channels' maximum budgets add up to {}, less than the {} to share",
            crate::format::group(*maximums),
            crate::format::group(*pool)
        ),
    }
}

/// The planned → optimal change as moves from the channels that lose to the
/// channels that gain, largest first.
pub fn moves(planned: &[(String, Decimal)], optimal: &[Decimal]) -> Vec<Move> {
    let mut losers: Vec<(String, Decimal)> = Vec::new();
    let mut gainers: Vec<(String, Decimal)> = Vec::new();
    for ((id, p), o) in planned.iter().zip(optimal) {
        if o < p {
            losers.push((id.clone(), p - o));
        } else if o > p {
            gainers.push((id.clone(), o - p));
        }
    }
    let by_size = |a: &(String, Decimal), b: &(String, Decimal)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    losers.sort_by(by_size);
    gainers.sort_by(by_size);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < losers.len() && j < gainers.len() {
        let amount = losers[i].1.min(gainers[j].1);
        out.push(Move {
            from: losers[i].0.clone(),
            to: gainers[j].0.clone(),
            amount,
        });
        losers[i].1 -= amount;
        gainers[j].1 -= amount;
        if losers[i].1.is_zero() {
            i += 1;
        }
        if gainers[j].1.is_zero() {
            j += 1;
        }
    }
    out
}

// A scenario's best mix, computed when first read.
//
// The optimiser's answer at each scenario's money was most of what
// `mvplan check` spent (three scenarios: ~4.8 M of b2b-saas's 23 M
// instructions), yet a check reads it only in the message of a scenario
// whose typed outcome is off the curves; the deck reads it for its levels
// appendix. So the inputs are kept and the optimiser runs on the first
// read, once: clones share the answer, and the figures are the same
// whenever (or whether) they are read. Unlike `figures::memo`, a clone may
// share it: the answer depends only on the inputs kept here, which a change
// to a clone's figures does not touch (as the value computed eagerly did
// not follow such a change either).

/// The result of an objective's curves in the best mix of `pool`, plus
/// `base`, never below `floor` (the scenario's own mix).
#[derive(Clone)]
pub struct BestMix(Arc<BestMixInner>);

struct BestMixInner {
    value: OnceLock<Option<f64>>,
    /// The plan's curves (shared by every outcome of the scenarios computed
    /// together) and the objective's among them.
    curves: Arc<[Curve]>,
    members: Vec<usize>,
    objective: String,
    pool: Decimal,
    step: Decimal,
    base: f64,
    floor: f64,
}

impl BestMix {
    pub(super) fn new(
        curves: Arc<[Curve]>,
        members: Vec<usize>,
        objective: String,
        pool: Decimal,
        step: Decimal,
        (base, floor): (f64, f64),
    ) -> Self {
        BestMix(Arc::new(BestMixInner {
            value: OnceLock::new(),
            curves,
            members,
            objective,
            pool,
            step,
            base,
            floor,
        }))
    }

    /// No best mix: the objective has no curves at the scenario.
    pub fn none() -> Self {
        BestMix(Arc::new(BestMixInner {
            value: OnceLock::from(None),
            curves: Arc::from(Vec::new()),
            members: Vec::new(),
            objective: String::new(),
            pool: Decimal::ZERO,
            step: Decimal::ONE,
            base: 0.0,
            floor: 0.0,
        }))
    }

    /// Whether the figure is settled: the optimiser has run, or there was
    /// nothing to run (a check that reads no best mix
    /// leaves it idle).
    pub fn computed(&self) -> bool {
        self.0.value.get().is_some()
    }

    /// The best mix's result; `None` when no allocation fits the bounds.
    pub fn get(&self) -> Option<f64> {
        let i = &*self.0;
        *i.value.get_or_init(|| {
            let weights = BTreeMap::from([(i.objective.as_str(), 1.0)]);
            allocate(&i.curves, &i.members, &weights, i.pool, i.step)
                .ok()
                .map(|sol| i.base + sol.value)
                .map(|v| v.max(i.floor))
        })
    }
}

impl fmt::Debug for BestMix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// As the value it stands for: the JSON and the templates see a number.
impl Serialize for BestMix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_pair_the_losers_with_the_gainers() {
        let planned = vec![
            ("a".to_string(), Decimal::from(500)),
            ("b".to_string(), Decimal::from(300)),
            ("c".to_string(), Decimal::from(200)),
        ];
        let optimal = [Decimal::from(200), Decimal::from(400), Decimal::from(400)];
        let m = moves(&planned, &optimal);
        assert_eq!(
            m,
            vec![
                Move {
                    from: "a".into(),
                    to: "c".into(),
                    amount: Decimal::from(200)
                },
                Move {
                    from: "a".into(),
                    to: "b".into(),
                    amount: Decimal::from(100)
                },
            ]
        );
    }
}
