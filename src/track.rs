//! Plan vs actual (`mvplan track`): spend to date against the phased plan,
//! commitments and what remains, results against the pace each target
//! needs, and a run-rate re-forecast to the end of the period — measured
//! at a fixed date (`--as-of`), so results never depend on the clock.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::actuals::Actuals;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::Figures;
use crate::plan::{Phasing, PhasingAt, Plan};

const FAMILY: &str = "tracking";

/// The tracking rules' thresholds: a plan's or policy's `[checks]`
/// (`overspend_tolerance`, `underpacing_threshold`, `pace_tolerance`,
/// `actuals_max_age_days`), percentages as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Percent ahead of the phased plan that is `overspend` (also: a
    /// run-rate ending this third as far over the budget).
    pub overspend: Decimal,
    /// Percent of the phased plan below which spend is `under-pacing`.
    pub underpacing: Decimal,
    /// Percent of the progress a target needs by which a result may trail.
    pub pace: Decimal,
    pub max_age_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            overspend: Decimal::from(15),
            underpacing: Decimal::from(75),
            pace: Decimal::from(10),
            max_age_days: 45,
        }
    }
}

impl Thresholds {
    /// Takes the values a `[checks]` table sets.
    pub fn absorb(
        &mut self,
        overspend: Option<Decimal>,
        underpacing: Option<Decimal>,
        pace: Option<Decimal>,
        max_age_days: Option<u32>,
    ) {
        if let Some(v) = overspend {
            self.overspend = v;
        }
        if let Some(v) = underpacing {
            self.underpacing = v;
        }
        if let Some(v) = pace {
            self.pace = v;
        }
        if let Some(v) = max_age_days {
            self.max_age_days = i64::from(v);
        }
    }

    fn ratio(p: Decimal) -> Decimal {
        p / Decimal::ONE_HUNDRED
    }
}

pub const OVERSPEND: Rule = Rule {
    id: "overspend",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a channel or line has spent well ahead of its phased plan, or beyond its budget",
    explanation: "Spend to date is compared with the plan's phasing up to the as-of date (its \
`quarterly`/`monthly` amounts, days within a period pro rata; spread evenly without phasing), so \
front-loaded plans are not flagged for spending early. More than `[checks] overspend_tolerance` \
(default 15%) ahead, or a run-rate that would end the period more than a third of that over \
budget, is flagged: slow down, or move budget here on purpose.",
    configurable: true,
};

pub const UNDER_PACING: Rule = Rule {
    id: "under-pacing",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a channel or line has spent well behind its phased plan",
    explanation: "Spend to date is less than `[checks] underpacing_threshold` (default 75%) of what \
the phased plan had spent by the as-of date. Either the work is late (and its results will be), or \
the money is free to move: say which, and reallocate if it is free.",
    configurable: true,
};

pub const KPI_BEHIND: Rule = Rule {
    id: "kpi-behind-pace",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "an objective's measured result is behind the pace its target needs",
    explanation: "The pace a target needs at a date is the straight line from its baseline at the \
plan's start to its target at its due date (or the plan's end). A latest result short of that line \
by more than `[checks] pace_tolerance` (default 10%) of the progress the target needs is behind \
pace. KPIs with an `id` are measured the same way, from 0 to their target at the plan's end.",
    configurable: true,
};

pub const COMMITMENTS_OVER: Rule = Rule {
    id: "commitments-over-budget",
    severity: Severity::Error,
    family: FAMILY,
    summary: "spent plus committed is more than a channel's or line's budget",
    explanation: "Actual spend and open commitments (orders not yet invoiced) together exceed the \
budget: the money is promised twice. Cancel or move commitments, or get the budget raised.",
    configurable: true,
};

pub const ACTUALS_UNFUNDED: Rule = Rule {
    id: "actuals-unfunded",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "money was spent on a channel the plan does not fund",
    explanation: "The actuals show spend on a channel whose budget is zero. Either the plan is out \
of date (fund the channel) or the spend is off-plan.",
    configurable: true,
};

pub const REFORECAST_SHORTFALL: Rule = Rule {
    id: "reforecast-shortfall",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "at the rate measured so far, an objective ends the period short of its target",
    explanation: "The re-forecast extends the progress measured from the baseline to the latest \
result at the same rate to the end of the period. If that ends short of the target, the plan needs \
a change now: more budget where it returns, a different mix, or a lower target.",
    configurable: true,
};

pub const REFORECAST_IMPOSSIBLE: Rule = Rule {
    id: "reforecast-impossible",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "carried on at its rate, an objective's reading gives an impossible re-forecast",
    explanation: "The re-forecast carries the progress measured so far on to the end of the \
period. When that gives a figure below zero for a metric that is not, or a period total below what \
is already achieved, the figure is not a forecast but a sign that the readings and the plan \
disagree — most often a year-to-date total read as a level (declare `reading = \"period-total\"`, \
docs/tracking.md) or a reading in the wrong unit. No re-forecast is shown for it until that is \
settled.",
    configurable: true,
};

pub const STALE_ACTUALS: Rule = Rule {
    id: "stale-actuals",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "the newest spend, or an objective's newest reading, is older than allowed",
    explanation: "Spend and results are judged apart, so fresh spend cannot hide results last read \
months ago: the end of the newest month with actual spend, and each objective's and KPI's newest \
reading, must be at most `[checks] actuals_max_age_days` (or `--max-age`; default 45) days before \
the as-of date. A metric read at longer intervals (a quarterly survey) is stale only once its own \
interval, the days between its last two readings (or from the start to its first), has passed \
as well. Decisions would be made on \
old numbers: get the latest export.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &OVERSPEND,
    &UNDER_PACING,
    &KPI_BEHIND,
    &COMMITMENTS_OVER,
    &ACTUALS_UNFUNDED,
    &REFORECAST_SHORTFALL,
    &REFORECAST_IMPOSSIBLE,
    &STALE_ACTUALS,
];

#[derive(Debug, Clone, Serialize)]
pub struct Tracking {
    pub as_of: NaiveDate,
    pub currency: String,
    /// Share of the plan period elapsed at `as_of`, percent.
    pub elapsed: Decimal,
    pub lines: Vec<LineTrack>,
    pub objectives: Vec<ObjectiveTrack>,
    /// Spend by quarter of the plan: planned, and spent for quarters begun.
    pub quarters: Vec<PeriodTrack>,
    /// Month by month to the as-of date, cumulated.
    pub months: Vec<PeriodTrack>,
    /// The rest of the year re-optimised on the response curves, per
    /// objective that has them.
    pub reallocations: Vec<Reallocation>,
    /// The newest actuals of either kind, at or before `as_of`.
    pub latest: Option<NaiveDate>,
    /// The end of the newest month with actual spend, at or before `as_of`.
    pub latest_spend: Option<NaiveDate>,
}

/// Planned and actual spend in a period (or up to it, cumulated).
#[derive(Debug, Clone, Serialize)]
pub struct PeriodTrack {
    pub label: String,
    pub planned: Decimal,
    /// What was planned in it up to the as-of date, for periods begun.
    pub planned_to_date: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub variance: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineTrack {
    pub id: String,
    pub name: String,
    pub budget: Decimal,
    pub planned_to_date: Decimal,
    pub actual: Decimal,
    pub committed: Decimal,
    /// Budget − actual − committed.
    pub remaining: Decimal,
    /// Month by month: spend to the as-of month, and commitments in every
    /// month, the months after the as-of date included.
    pub months: Vec<LineMonth>,
    /// Actual − planned to date.
    pub variance: Decimal,
    /// Actual as a percentage of planned to date.
    pub pacing: Option<Decimal>,
    /// The re-forecast at the end of the period: spend continuing at its
    /// pace against the phased plan.
    pub run_rate_end: Decimal,
    /// `over` (more than 15% ahead of the phased plan, or a run-rate past
    /// the budget), `under` (less than 75% of it), `unfunded` (spend
    /// without a budget) or `on` plan: what the tracking rules report.
    pub state: &'static str,
}

/// A line's actuals in one month.
#[derive(Debug, Clone, Serialize)]
pub struct LineMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub actual: Decimal,
    pub committed: Decimal,
}

fn line_state(
    th: &Thresholds,
    budget: Decimal,
    planned: Decimal,
    actual: Decimal,
    run_rate_end: Decimal,
) -> &'static str {
    let ahead = planned > Decimal::ZERO
        && actual > planned * (Decimal::ONE + Thresholds::ratio(th.overspend));
    // The run-rate's end is a forecast: a third of the tolerance (5% at
    // the default 15%) past the budget is already a planning problem.
    let over_end = !budget.is_zero()
        && run_rate_end
            > budget * (Decimal::ONE + Thresholds::ratio(th.overspend) / Decimal::from(3));
    if budget.is_zero() && !actual.is_zero() {
        "unfunded"
    } else if ahead || over_end {
        "over"
    } else if planned > Decimal::ZERO && actual < planned * Thresholds::ratio(th.underpacing) {
        "under"
    } else {
        "on"
    }
}

/// An objective's or a KPI's results against its target.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveTrack {
    pub id: String,
    /// `objective` or `kpi`.
    pub kind: &'static str,
    /// The objective's statement or the KPI's name.
    pub name: String,
    /// The channel a KPI belongs to.
    pub channel: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<Decimal>,
    pub target: Option<Decimal>,
    /// `level` or `period-total` (the plan's `reading`).
    pub reading: crate::plan::Reading,
    pub latest: Option<Decimal>,
    pub latest_date: Option<NaiveDate>,
    /// Where the target's pace line is at `as_of`: what it needs now.
    pub pace: Option<Decimal>,
    /// Where the pace line is at the latest reading's own date: what that
    /// reading is judged against.
    pub pace_at_reading: Option<Decimal>,
    pub behind: bool,
    /// The latest result's rate carried to the end of the period; none
    /// when that would be impossible (`impossible_reforecast`).
    pub reforecast: Option<Decimal>,
    /// A re-forecast that cannot be (below zero, or a period total below
    /// what is achieved): reported as a finding, never shown as a figure.
    pub impossible_reforecast: Option<Decimal>,
    /// The latest reading is older than the age limit (and its own
    /// interval between readings) at `as_of`.
    pub stale: bool,
    /// The plan's result moved by what the response curves say the
    /// re-forecast spend buys, for objectives with curves.
    pub curve_reforecast: Option<Decimal>,
    /// Money of the serving channels per unit of result, planned and so
    /// far: over the progress from the baseline for a level, over the
    /// total itself for a period total.
    pub cost_per_unit_planned: Option<Decimal>,
    pub cost_per_unit_actual: Option<Decimal>,
}

fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days() + 1
}

/// Fraction of [from, to] elapsed at `at` (inclusive days), 0..1.
fn fraction(from: NaiveDate, to: NaiveDate, at: NaiveDate) -> Decimal {
    if at < from {
        return Decimal::ZERO;
    }
    if at >= to {
        return Decimal::ONE;
    }
    Decimal::from(days(from, at)) / Decimal::from(days(from, to).max(1))
}

/// `amount` pro rata to the days of [from, to] gone by at `at`: multiplied
/// before it is divided, so a figure that comes out even (40.95) is not
/// bent by a rounded fraction (40.9499…) before it is rounded.
fn pro_rata(amount: Decimal, from: NaiveDate, to: NaiveDate, at: NaiveDate) -> Decimal {
    if at < from {
        return Decimal::ZERO;
    }
    if at >= to {
        return amount;
    }
    (amount * Decimal::from(days(from, at))) / Decimal::from(days(from, to).max(1))
}

/// What a line's phasing had spent by `at`: each period's amount pro rata
/// to the days of it that have passed; spread evenly without phasing.
pub fn planned_to_date(
    plan: &Plan,
    budget: Decimal,
    phasing: Option<&PhasingAt>,
    at: NaiveDate,
) -> Decimal {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let Some(p) = phasing else {
        return pro_rata(budget, start, end, at).round_dp(0);
    };
    let (amounts, months_each) = match &p.phasing {
        Phasing::Quarterly(a) => (a, 3),
        Phasing::Monthly(a) => (a, 1),
    };
    let mut total = Decimal::ZERO;
    for (i, m) in amounts.iter().enumerate() {
        let Some(from) = start.checked_add_months(Months::new((i * months_each) as u32)) else {
            continue;
        };
        let to = from
            .checked_add_months(Months::new(months_each as u32))
            .and_then(|d| d.pred_opt())
            .unwrap_or(end)
            .min(end);
        total += pro_rata(m.value, from, to, at);
    }
    // Whole currency units: a pro-rata figure has no meaningful cents.
    total.round_dp(0)
}

/// What an objective or a KPI is tracked by.
struct Metric<'a> {
    id: &'a str,
    kind: &'static str,
    name: &'a str,
    channel: Option<&'a str>,
    unit: Option<String>,
    reading: crate::plan::Reading,
    baseline: Option<Decimal>,
    target: Option<Decimal>,
    due: NaiveDate,
    /// Budget and actual spend of the channels that serve it.
    spend: (Decimal, Decimal),
}

fn metric_track(
    m: Metric<'_>,
    actuals: &Actuals,
    start: NaiveDate,
    as_of: NaiveDate,
    th: &Thresholds,
) -> ObjectiveTrack {
    let mut readings: Vec<&crate::actuals::ResultRow> = actuals
        .results
        .iter()
        .filter(|r| r.objective == m.id && r.date <= as_of)
        .collect();
    readings.sort_by_key(|r| r.date);
    let latest = readings.last().copied();
    let base = m.baseline.unwrap_or(Decimal::ZERO);
    // A level's pace runs from its baseline; a period total counts from
    // zero at the start, whatever last period's total was.
    let total = m.reading == crate::plan::Reading::PeriodTotal;
    let from = if total { Decimal::ZERO } else { base };
    // Paces and re-forecasts to the target's own precision (one more
    // decimal for small numbers such as percentages): 44.6, not 44.63.
    let dp = m
        .target
        .map_or(2, |t| t.scale() + u32::from(t.abs() < Decimal::ONE_HUNDRED));
    let pace_at = |d: NaiveDate| {
        m.target
            .map(|t| (from + pro_rata(t - from, start, m.due, d)).round_dp(dp))
    };
    let pace = pace_at(as_of);
    // A reading is judged against the pace at its own date, not at the
    // as-of date: April's figure against April's pace.
    let pace_at_reading = latest.and_then(|l| pace_at(l.date));
    let behind = match (latest, pace_at_reading, m.target) {
        (Some(l), Some(p), Some(t)) => {
            let needed = (t - from).abs();
            l.value < p - needed * Thresholds::ratio(th.pace)
        }
        _ => false,
    };
    // The progress so far over the share of the days gone by at the
    // reading's date: × all the days ÷ the days gone by.
    let raw = latest.and_then(|l| {
        let gone = fraction(start, m.due, l.date);
        if gone.is_zero() {
            return None;
        }
        let scaled = if gone == Decimal::ONE {
            Some(l.value - from)
        } else {
            (l.value - from)
                .checked_mul(Decimal::from(days(start, m.due)))
                .and_then(|p| p.checked_div(Decimal::from(days(start, l.date))))
        };
        scaled
            .and_then(|d| d.checked_add(from))
            .map(|d| d.round_dp(dp))
    });
    // Below zero for a metric that is not, or a total below what it has
    // already reached: not a forecast, a finding.
    let impossible = match (raw, latest) {
        (Some(r), Some(l)) => {
            (r < Decimal::ZERO
                && l.value >= Decimal::ZERO
                && m.target.is_none_or(|t| t >= Decimal::ZERO))
                || (total && r < l.value)
        }
        _ => false,
    };
    // Stale: older than the limit and than its own interval (a quarterly
    // survey is not late a month after it was taken).
    let stale = latest.is_some_and(|l| {
        // Its own interval: since the reading before, or since the
        // start for the first (one survey in March says it is quarterly).
        let previous = readings
            .len()
            .checked_sub(2)
            .map_or(start, |i| readings[i].date);
        let interval = (l.date - previous).num_days();
        (as_of - l.date).num_days() > th.max_age_days.max(interval)
    });
    // Cost per unit of result: the serving channels' money over the
    // progress planned and made (from the baseline for a level, from zero
    // for a period total).
    let (budget, actual) = m.spend;
    let per = |money: Decimal, progress: Option<Decimal>| {
        progress
            .filter(|p| *p > Decimal::ZERO && money > Decimal::ZERO)
            .and_then(|p| money.checked_div(p))
            .map(|d| d.round_dp(2))
    };
    ObjectiveTrack {
        id: m.id.to_string(),
        kind: m.kind,
        name: m.name.to_string(),
        channel: m.channel.map(str::to_string),
        unit: m.unit,
        baseline: m.baseline,
        target: m.target,
        reading: m.reading,
        latest: latest.map(|l| l.value),
        latest_date: latest.map(|l| l.date),
        pace,
        pace_at_reading,
        behind,
        reforecast: raw.filter(|_| !impossible),
        impossible_reforecast: raw.filter(|_| impossible),
        stale,
        curve_reforecast: None,
        cost_per_unit_planned: per(budget, m.target.map(|t| t - from)),
        cost_per_unit_actual: per(actual, latest.map(|l| l.value - from)),
    }
}

/// The rest of the year re-optimised on the response curves: for each
/// objective with curves, the same money shared again among its channels,
/// none below what it has already spent and committed.
#[derive(Debug, Clone, Serialize)]
pub struct Reallocation {
    pub objective: String,
    /// The channels whose curves serve it.
    pub channels: Vec<String>,
    pub unit: Option<String>,
    /// Moves from the planned budgets, largest first.
    pub moves: Vec<crate::figures::media::Move>,
    /// The curves' result at the planned budgets and at the new ones
    /// (what forecasts add to, such as a baseline, included).
    pub planned: Decimal,
    pub optimal: Decimal,
    /// The proven optimum on the grid of steps.
    pub exact: bool,
}

fn reallocations(media: &crate::figures::media::Media, lines: &[LineTrack]) -> Vec<Reallocation> {
    let mut out = Vec::new();
    for om in &media.objectives {
        let members: Vec<usize> = media
            .curves
            .iter()
            .enumerate()
            .filter(|(_, c)| c.objective == om.id)
            .map(|(i, _)| i)
            .collect();
        if members.len() < 2 {
            continue;
        }
        // Sunk money is a floor: what is spent or ordered stays spent.
        let mut curves = media.curves.clone();
        for &i in &members {
            let c = &mut curves[i];
            let sunk = lines
                .iter()
                .find(|l| l.id == c.channel)
                .map_or(Decimal::ZERO, |l| l.actual + l.committed);
            c.lower = c.lower.max(sunk);
            if let Some(u) = c.upper
                && u < c.lower
            {
                c.upper = Some(c.lower);
            }
        }
        let pool: Decimal = members.iter().map(|&i| curves[i].budget).sum();
        let weights = std::collections::BTreeMap::from([(om.id.as_str(), 1.0)]);
        let Ok(sol) =
            crate::figures::media::allocate(&curves, &members, &weights, pool, media.step)
        else {
            continue;
        };
        let planned: Vec<(String, Decimal)> = members
            .iter()
            .map(|&i| (curves[i].channel.clone(), curves[i].budget))
            .collect();
        let at_plan: f64 = members.iter().map(|&i| curves[i].outcome).sum();
        let to_dec = |v: f64| {
            Decimal::from_f64_retain(om.base + v).map_or(Decimal::ZERO, |d| {
                d.round_dp(if v.abs() >= 100.0 { 0 } else { 2 })
            })
        };
        out.push(Reallocation {
            objective: om.id.clone(),
            channels: planned.iter().map(|(id, _)| id.clone()).collect(),
            unit: om.unit.clone(),
            moves: crate::figures::media::moves(&planned, &sol.budgets),
            planned: to_dec(at_plan + crate::figures::optimize::to_f64(om.fixed)),
            optimal: to_dec(sol.value + crate::figures::optimize::to_f64(om.fixed)),
            exact: sol.exact,
        });
    }
    out
}

/// Where a channel has a response curve, what its re-forecast spend buys:
/// the objective's planned result moved by the curves' difference between
/// the budget and the spend the run-rate will reach.
fn curve_reforecasts(
    media: &crate::figures::media::Media,
    lines: &[LineTrack],
    objectives: &mut [ObjectiveTrack],
) {
    for om in &media.objectives {
        let Some(track) = objectives
            .iter_mut()
            .find(|o| o.kind == "objective" && o.id == om.id)
        else {
            continue;
        };
        let mut delta = 0.0;
        for c in media.curves.iter().filter(|c| c.objective == om.id) {
            let Some(line) = lines.iter().find(|l| l.id == c.channel) else {
                continue;
            };
            let end: f64 = line.run_rate_end.try_into().unwrap_or(0.0);
            delta += c.response.at(end) - c.outcome;
        }
        let value = om.base + om.planned + delta;
        if value.is_finite() {
            track.curve_reforecast = Decimal::from_f64_retain(value)
                .map(|d| d.round_dp(if value.abs() >= 100.0 { 0 } else { 2 }));
        }
    }
}

/// The figures of tracking at `as_of`; with the plan's response curves
/// (`figures.media`), a curve-based re-forecast of the objectives they serve.
pub fn compute(
    plan: &Plan,
    actuals: &Actuals,
    as_of: NaiveDate,
    fig: &Figures,
    th: &Thresholds,
) -> Tracking {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let elapsed = fraction(start, end, as_of);
    let this_month = NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1).unwrap_or(as_of);
    let items = plan
        .channels
        .iter()
        .map(|c| (&c.id.value, &c.name, c.budget.value, c.phasing.as_ref()))
        .chain(
            plan.budget
                .lines
                .iter()
                .map(|l| (&l.id.value, &l.name, l.amount.value, l.phasing.as_ref())),
        );
    // Each item's spend and commitments to date, in one pass over the rows
    // (a year of daily rows for fifty channels is 18,000 of them).
    // Spend counts to the as-of month; commitments count whatever month
    // they are for: an order signed for the autumn is money promised now.
    // One lookup per row: each item's spend, commitments and months.
    type Tally = (
        Decimal,
        Decimal,
        std::collections::BTreeMap<NaiveDate, (Decimal, Decimal)>,
    );
    let mut to_date: std::collections::HashMap<&str, Tally> = std::collections::HashMap::new();
    for r in &actuals.spend {
        let spent = if r.month <= this_month {
            r.actual
        } else {
            Decimal::ZERO
        };
        // Each amount is below a quadrillion and there are at most a
        // million rows: the sums stay far inside Decimal's range.
        let e = to_date.entry(r.item.as_str()).or_default();
        e.0 += spent;
        e.1 += r.committed;
        let m = e.2.entry(r.month).or_default();
        m.0 += spent;
        m.1 += r.committed;
    }
    let lines: Vec<LineTrack> = items
        .map(|(id, name, budget, phasing)| {
            let (actual, committed) = to_date
                .get(id.as_str())
                .map_or((Decimal::ZERO, Decimal::ZERO), |e| (e.0, e.1));
            let months = to_date
                .get(id.as_str())
                .map(|e| {
                    e.2.iter()
                        .map(|(month, (a, c))| LineMonth {
                            month: month.format("%Y-%m").to_string(),
                            actual: *a,
                            committed: *c,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let planned = planned_to_date(plan, budget, phasing, as_of);
            // The pace against the phased plan carried to the end: a line
            // spent early as planned stays on budget (a flat run-rate would
            // flag research that is simply done first).
            let run_rate_end = if !planned.is_zero() {
                crate::figures::media::scaled(budget, actual, planned).round_dp(0)
            } else if elapsed.is_zero() {
                actual
            } else {
                (actual / elapsed).round_dp(0)
            };
            LineTrack {
                id: id.clone(),
                name: name.clone(),
                budget,
                planned_to_date: planned,
                actual,
                committed,
                remaining: budget - actual - committed,
                months,
                variance: actual - planned,
                pacing: crate::figures::percent(actual, planned),
                run_rate_end,
                state: line_state(th, budget, planned, actual, run_rate_end),
            }
        })
        .collect();
    let spent = |ids: &[&str]| -> (Decimal, Decimal) {
        lines
            .iter()
            .filter(|l: &&LineTrack| ids.contains(&l.id.as_str()))
            .fold((Decimal::ZERO, Decimal::ZERO), |(b, a), l| {
                (b + l.budget, a + l.actual)
            })
    };
    let mut objectives: Vec<ObjectiveTrack> = plan
        .objectives
        .iter()
        .map(|o| {
            let channels: Vec<&str> = plan
                .channels
                .iter()
                .filter(|c| c.supports.iter().any(|s| s.value == o.id.value))
                .map(|c| c.id.value.as_str())
                .collect();
            let metric = Metric {
                id: &o.id.value,
                kind: "objective",
                name: &o.statement,
                channel: None,
                unit: o.measure.unit.clone(),
                reading: o.reading,
                baseline: o.measure.baseline.as_ref().map(|b| b.value),
                target: o.measure.target.as_ref().map(|t| t.value),
                due: o.measure.due.as_ref().map_or(end, |d| d.value),
                spend: spent(&channels),
            };
            metric_track(metric, actuals, start, as_of, th)
        })
        .collect();
    for c in &plan.channels {
        for k in &c.kpis {
            let Some(id) = &k.id else { continue };
            let metric = Metric {
                id: &id.value,
                kind: "kpi",
                name: &k.name,
                channel: Some(&c.id.value),
                unit: k.unit.clone(),
                reading: k.reading,
                baseline: None,
                target: k.target.as_ref().map(|t| t.value),
                due: end,
                spend: spent(&[c.id.value.as_str()]),
            };
            objectives.push(metric_track(metric, actuals, start, as_of, th));
        }
    }
    let mut reallocated = Vec::new();
    if let Some(media) = &fig.media {
        curve_reforecasts(media, &lines, &mut objectives);
        reallocated = reallocations(media, &lines);
    }
    let periods = periods(plan, actuals, as_of, fig);
    // The newest month of spend that has happened (not a month with only
    // commitments), and the newest reading.
    let latest_spend = actuals
        .spend
        .iter()
        .filter(|r| !r.actual.is_zero() && r.month <= this_month)
        .map(|r| crate::actuals::month_end(r.month).min(as_of))
        .max();
    let latest = latest_spend
        .into_iter()
        .chain(
            actuals
                .results
                .iter()
                .map(|r| r.date)
                .filter(|d| *d <= as_of),
        )
        .max();
    Tracking {
        as_of,
        currency: plan.meta.currency.value.clone(),
        elapsed: (elapsed * Decimal::ONE_HUNDRED).round_dp(1),
        lines,
        objectives,
        quarters: periods.0,
        months: periods.1,
        reallocations: reallocated,
        latest,
        latest_spend,
    }
}

/// Spend planned and spent per quarter of the plan, and month by month
/// to the as-of date, cumulated (for the status deck's chart).
fn periods(
    plan: &Plan,
    actuals: &Actuals,
    as_of: NaiveDate,
    fig: &Figures,
) -> (Vec<PeriodTrack>, Vec<PeriodTrack>) {
    let phasings: Vec<(Decimal, Option<&PhasingAt>)> = plan
        .channels
        .iter()
        .map(|c| (c.budget.value, c.phasing.as_ref()))
        .chain(
            plan.budget
                .lines
                .iter()
                .map(|l| (l.amount.value, l.phasing.as_ref())),
        )
        .collect();
    let planned_by = |at: NaiveDate| -> Decimal {
        phasings
            .iter()
            .map(|(b, p)| planned_to_date(plan, *b, *p, at))
            .sum()
    };
    // Spend by month, once: the periods below sum months, not rows.
    let mut by_month: std::collections::BTreeMap<NaiveDate, Decimal> = Default::default();
    for r in actuals.spend.iter().filter(|r| r.month <= as_of) {
        *by_month.entry(r.month).or_default() += r.actual;
    }
    let spent_in = |from: NaiveDate, to: NaiveDate| -> Decimal {
        if from > to {
            return Decimal::ZERO;
        }
        by_month.range(from..=to).map(|(_, v)| *v).sum()
    };
    let before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
    let quarters = fig
        .quarters
        .iter()
        .map(|q| {
            let planned = planned_by(q.end) - planned_by(before(q.start));
            let started = q.start <= as_of;
            // A quarter under way is measured against its plan to date,
            // not against months that have not happened.
            let planned_to_date =
                started.then(|| planned_by(q.end.min(as_of)) - planned_by(before(q.start)));
            let actual = started.then(|| spent_in(q.start, q.end));
            PeriodTrack {
                label: q.label.clone(),
                planned,
                planned_to_date,
                actual,
                variance: actual.zip(planned_to_date).map(|(a, p)| a - p),
            }
        })
        .collect();
    let mut months = Vec::new();
    let start = plan.meta.start.value;
    let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    let mut actual_cum = Decimal::ZERO;
    while month <= as_of && month <= plan.meta.end.value && months.len() < 120 {
        let next = month.checked_add_months(Months::new(1)).unwrap_or(month);
        let last = before(next).min(as_of);
        let planned_cum = planned_by(last);
        actual_cum += spent_in(month, month);
        months.push(PeriodTrack {
            label: month.format("%b %Y").to_string(),
            planned: planned_cum,
            planned_to_date: Some(planned_cum),
            actual: Some(actual_cum),
            variance: Some(actual_cum - planned_cum),
        });
        if next == month {
            break;
        }
        month = next;
    }
    (quarters, months)
}

/// The tracking rules: findings located in the plan (its budgets and
/// targets).
pub fn check(plan: &Plan, t: &Tracking, th: &Thresholds) -> Vec<Finding> {
    let max_age_days = th.max_age_days;
    let mut out = Vec::new();
    let money = |d: Decimal| format!("{} {}", crate::format::group(d.round_dp(0)), t.currency);
    let span_of = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id.value == id)
            .map(|c| c.budget.span.clone())
            .or_else(|| {
                plan.budget
                    .lines
                    .iter()
                    .find(|l| l.id.value == id)
                    .map(|l| l.amount.span.clone())
            })
    };
    for l in &t.lines {
        let span = span_of(&l.id);
        if l.state == "unfunded" {
            out.push(
                Finding::new(
                    &ACTUALS_UNFUNDED,
                    format!("`{}` has no budget but spent {}", l.id, money(l.actual)),
                )
                .at_opt(span.clone())
                .help("fund it in the plan, or stop the off-plan spend"),
            );
            continue;
        }
        if l.actual + l.committed > l.budget {
            out.push(
                Finding::new(
                    &COMMITMENTS_OVER,
                    format!(
                        "`{}` has spent {} and committed {} of a {} budget",
                        l.id,
                        money(l.actual),
                        money(l.committed),
                        money(l.budget)
                    ),
                )
                .at_opt(span.clone())
                .label(format!("{} over", money(l.actual + l.committed - l.budget)))
                .help("cancel or move commitments, or ask for more budget"),
            );
        }
        if l.state == "over" {
            out.push(
                Finding::new(
                    &OVERSPEND,
                    format!(
                        "`{}` has spent {} by {}, against {} planned by then",
                        l.id,
                        money(l.actual),
                        t.as_of,
                        money(l.planned_to_date)
                    ),
                )
                .at_opt(span.clone())
                .label(format!(
                    "at this rate {} by the end, of {}",
                    money(l.run_rate_end),
                    money(l.budget)
                ))
                .help("slow the spend, or move budget here on purpose"),
            );
        } else if l.state == "under" {
            out.push(
                Finding::new(
                    &UNDER_PACING,
                    format!(
                        "`{}` has spent {} by {}, {}% of the {} planned by then",
                        l.id,
                        money(l.actual),
                        t.as_of,
                        l.pacing.map_or("0".into(), |p| p.round_dp(0).to_string()),
                        money(l.planned_to_date)
                    ),
                )
                .at_opt(span)
                .help("say whether the work is late or the money is free, and reallocate if it is free"),
            );
        }
    }
    for o in &t.objectives {
        // Findings point at the target they measure against.
        let Some(span) = target_span(plan, o) else {
            continue;
        };
        let q = |d: Option<Decimal>| {
            d.map_or_else(String::new, |d| {
                crate::format::format_quantity(d, o.unit.as_deref(), true)
            })
        };
        if o.behind {
            out.push(
                Finding::new(
                    &KPI_BEHIND,
                    format!(
                        "`{}` measured {} on {}, behind the {} the target needs by then",
                        o.id,
                        q(o.latest),
                        o.latest_date.map(|d| d.to_string()).unwrap_or_default(),
                        q(o.pace_at_reading)
                    ),
                )
                .at(span.clone())
                .help(
                    "see what moves it: `mvplan optimize` on the channels' curves, or the triggers",
                ),
            );
        }
        if let (Some(r), Some(target)) = (o.reforecast, o.target)
            && r < target
        {
            out.push(
                Finding::new(
                    &REFORECAST_SHORTFALL,
                    format!(
                        "at the rate so far `{}` ends at {}, short of its target of {}",
                        o.id,
                        q(Some(r)),
                        q(Some(target))
                    ),
                )
                .at(span.clone())
                .help(
                    "change the plan now: budget where it returns, another mix, or a lower target",
                ),
            );
        }
        if let Some(r) = o.impossible_reforecast {
            out.push(
                Finding::new(
                    &REFORECAST_IMPOSSIBLE,
                    format!(
                        "carried on at its rate, `{}` ({} on {}) would end at {}, which cannot be",
                        o.id,
                        q(o.latest),
                        o.latest_date.map(|d| d.to_string()).unwrap_or_default(),
                        q(Some(r)),
                    ),
                )
                .at(span.clone())
                .help(if o.reading == crate::plan::Reading::Level {
                    "if the readings count from zero each period (so far this year), declare `reading = \"period-total\"`; else check the export"
                } else {
                    "check the readings: a period total cannot end below what it has reached"
                }),
            );
        }
        if o.stale
            && let Some(d) = o.latest_date
        {
            out.push(
                Finding::new(
                    &STALE_ACTUALS,
                    format!(
                        "`{}` was last read on {d}, {} days before {}",
                        o.id,
                        (t.as_of - d).num_days(),
                        t.as_of
                    ),
                )
                .at(span)
                .help("get the latest reading from whoever measures it"),
            );
        }
    }
    if let Some(spend) = t.latest_spend
        && (t.as_of - spend).num_days() > max_age_days
    {
        out.push(
            Finding::new(
                &STALE_ACTUALS,
                format!(
                    "the newest spend is for the month ending {spend}, {} days before {}",
                    (t.as_of - spend).num_days(),
                    t.as_of
                ),
            )
            .help("get the latest export from finance"),
        );
    }
    out
}

/// An objective's or KPI's target span, where its findings point.
fn target_span(plan: &Plan, o: &ObjectiveTrack) -> Option<crate::diagnostic::Span> {
    if o.kind == "kpi" {
        plan.kpi(&o.id)
            .map(|(_, k)| k.target.as_ref().map_or(k.span.clone(), |t| t.span.clone()))
    } else {
        plan.objective(&o.id).map(|obj| {
            obj.measure
                .target
                .as_ref()
                .map_or(obj.id.span.clone(), |t| t.span.clone())
        })
    }
}

/// The table `mvplan track` prints.
pub fn human(t: &Tracking) -> String {
    use std::fmt::Write;
    let money = |d: Decimal| crate::format::format_money(d, &t.currency, true);
    let mut s = String::new();
    let _ = writeln!(s, "As of {} ({}% of the plan period):", t.as_of, t.elapsed);
    let _ = writeln!(
        s,
        "  {:<22} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10}",
        "spend", "budget", "plan-to-date", "actual", "committed", "remaining", "pacing", "run-rate"
    );
    for l in &t.lines {
        let _ = writeln!(
            s,
            "  {:<22} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10}",
            l.id.chars().take(22).collect::<String>(),
            money(l.budget),
            money(l.planned_to_date),
            money(l.actual),
            money(l.committed),
            money(l.remaining),
            l.pacing
                .map_or("—".into(), |p| format!("{}%", p.round_dp(0))),
            money(l.run_rate_end)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "  {:<22} {:>9} {:>10} {:>9}",
        "quarter", "planned", "actual", "variance"
    );
    for q in &t.quarters {
        let or_dash = |d: Option<Decimal>| d.map_or("—".to_string(), money);
        let _ = writeln!(
            s,
            "  {:<22} {:>9} {:>10} {:>9}",
            q.label,
            money(q.planned),
            or_dash(q.actual),
            or_dash(q.variance)
        );
    }
    let _ = writeln!(s);
    for o in &t.objectives {
        let q = |d: Option<Decimal>| {
            d.map_or("—".to_string(), |d| {
                crate::format::format_quantity(d, o.unit.as_deref(), true)
            })
        };
        let curves = o
            .curve_reforecast
            .map_or(String::new(), |c| format!(" (curves: {})", q(Some(c))));
        let cost = match (o.cost_per_unit_planned, o.cost_per_unit_actual) {
            (Some(p), Some(a)) => format!(
                "; spend per unit of progress {} so far, {} planned",
                money(a),
                money(p)
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  {:<22} latest {} ({}), pace then {}, re-forecast {}{curves}, target {}{cost}{}",
            o.id,
            q(o.latest),
            o.latest_date.map_or("no data".into(), |d| d.to_string()),
            q(o.pace_at_reading),
            q(o.reforecast),
            q(o.target),
            if o.behind { "  ← behind pace" } else { "" }
        );
    }
    for r in &t.reallocations {
        let q = |d: Decimal| crate::format::format_quantity(d, r.unit.as_deref(), true);
        let moves: Vec<String> = r
            .moves
            .iter()
            .map(|m| format!("{} {} → {}", money(m.amount), m.from, m.to))
            .collect();
        let _ = writeln!(
            s,
            "\n  the rest of the year on the curves, given what is spent: {} {} → {}{}",
            r.objective,
            q(r.planned),
            q(r.optimal),
            if moves.is_empty() {
                " (the budgets are right)".to_string()
            } else {
                format!(" by moving {}", moves.join(", "))
            }
        );
    }
    s
}
