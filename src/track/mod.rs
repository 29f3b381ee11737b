//! Plan vs actual (`mvplan track`): spend to date against the phased plan,
//! commitments and what remains, results against the pace each target
//! needs, and a run-rate re-forecast to the end of the period — measured
//! at a fixed date (`--as-of`), so results never depend on the clock.

mod curves;
mod pace;
mod report;
mod rules;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::actuals::Actuals;
use crate::figures::Figures;
use crate::plan::{PhasingAt, Plan};

use curves::{curve_reforecasts, reallocations};
use pace::{Metric, fraction, metric_track};

pub use curves::Reallocation;
pub use pace::planned_to_date;
pub use report::human;
pub use rules::{RULES, Thresholds, check};

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
    /// The date spend is measured at: where the spend actuals end
    /// (`latest_spend`), else `as_of`. The lines' plan to date, pacing,
    /// run-rate and the quarters are all at this date.
    pub spend_to: NaiveDate,
}

/// Where spend is measured: the end of the newest month with spend booked,
/// when that is before the as-of date (the export is closed to then); the
/// as-of date when the export reaches it, or has no spend at all (nothing
/// spent is then a reading: every line's plan to date is unspent).
fn spend_measured_to(latest_spend: Option<NaiveDate>, as_of: NaiveDate) -> NaiveDate {
    latest_spend.map_or(as_of, |d| d.min(as_of))
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
    /// Spend to date paid as one-offs (`one_offs`): counted once in the
    /// re-forecast, not carried on at pace.
    pub one_off: Decimal,
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
    /// How many of what it counts exist, when the plan says (a KPI's
    /// channel's audience sized in its unit), with that unit's words.
    pub population: Option<(Decimal, String)>,
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
    let (latest_spend, latest) = latest_dates(actuals, this_month, as_of);
    // Spend is judged where the finance export ends, not at the as-of
    // date: an export closed to September read at March would call every
    // line half spent and its money free, when the months since are only
    // not yet booked. Results keep their own reading dates.
    let spend_to = spend_measured_to(latest_spend, as_of);
    let lines = line_tracks(plan, actuals, spend_to, fraction(start, end, spend_to), th);
    let mut objectives = metric_tracks(plan, actuals, &lines, as_of, th);
    let mut reallocated = Vec::new();
    if let Some(media) = &fig.media {
        curve_reforecasts(media, &lines, &mut objectives);
        reallocated = reallocations(media, &lines);
    }
    let periods = periods(plan, actuals, spend_to, fig);
    Tracking {
        as_of,
        spend_to,
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

/// Each channel's and budget line's spend, commitments and pace to date.
fn line_tracks(
    plan: &Plan,
    actuals: &Actuals,
    as_of: NaiveDate,
    elapsed: Decimal,
    th: &Thresholds,
) -> Vec<LineTrack> {
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
    let mut to_date: crate::actuals::IdMap<&str, Tally> = Default::default();
    for r in &actuals.spend {
        let spent = if r.month <= this_month {
            r.actual
        } else {
            Decimal::ZERO
        };
        // Each amount is below a quadrillion and there are at most a
        // million rows: the sums stay far inside Decimal's range.
        let e = to_date.entry(&*r.item).or_default();
        e.0 += spent;
        e.1 += r.committed;
        let m = e.2.entry(r.month).or_default();
        m.0 += spent;
        m.1 += r.committed;
    }
    items
        .map(|(id, name, budget, phasing)| {
            let (actual, committed) = to_date
                .get(id.as_str())
                .map_or((Decimal::ZERO, Decimal::ZERO), |e| (e.0, e.1));
            let months: Vec<LineMonth> = to_date
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
            let one_off = one_offs(budget, phasing.is_some(), &months);
            // The pace against the phased plan carried to the end: a line
            // spent early as planned stays on budget (a flat run-rate would
            // flag research that is simply done first). A one-off counts
            // once; the rest of the spend is carried on at its pace.
            let run_rate_end = if !planned.is_zero() && !one_off.is_zero() {
                // A line paid in lumps is not presumed to underspend: its
                // next lump is unknown, so it ends at its budget unless
                // the rest of its spend, at pace, takes it past that.
                (one_off + crate::figures::media::scaled(budget, actual - one_off, planned))
                    .round_dp(0)
                    .max(budget)
            } else if !planned.is_zero() {
                crate::figures::media::scaled(budget, actual, planned).round_dp(0)
            } else if !budget.is_zero() {
                // Phased to start later: nothing was planned by now, so
                // nothing spent is on plan and the line follows its
                // phasing to its budget (more if it has spent more).
                budget.max(actual)
            } else if elapsed.is_zero() {
                actual
            } else {
                (actual / elapsed).round_dp(0)
            };
            // A line paid in lumps has no pace to be ahead of or behind:
            // it is judged on its re-forecast alone.
            let paced_plan = if one_off.is_zero() {
                planned
            } else {
                Decimal::ZERO
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
                one_off,
                state: line_state(th, budget, paced_plan, actual, run_rate_end),
            }
        })
        .collect()
}

/// Spend to date paid in lumps on a line the plan does not phase: a month
/// of more than a quarter of the budget (an annual licence paid in July, a
/// print run) is a one-off. Carried on at pace it would turn one invoice
/// into an overrun of several times the line (and a proposal to move money
/// into it). A phased line's lumps are in its phasing already. Such a line
/// ends at its budget, or past it when the rest of its spend says so.
fn one_offs(budget: Decimal, phased: bool, months: &[LineMonth]) -> Decimal {
    if phased || budget <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    months
        .iter()
        .map(|m| m.actual)
        .filter(|a| *a * Decimal::from(4) > budget)
        .sum()
}

/// Each objective's and tracked KPI's results against its target, with the
/// budget and spend of the channels that serve it.
fn metric_tracks(
    plan: &Plan,
    actuals: &Actuals,
    lines: &[LineTrack],
    as_of: NaiveDate,
    th: &Thresholds,
) -> Vec<ObjectiveTrack> {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
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
                population: None,
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
                population: population(plan, c, k.unit.as_deref()),
            };
            objectives.push(metric_track(metric, actuals, start, as_of, th));
        }
    }
    objectives
}

/// How many of what a KPI counts exist: an audience of its channel whose
/// size is counted in the KPI's unit ("distributor branches" for
/// "branches").
fn population(
    plan: &Plan,
    c: &crate::plan::Channel,
    unit: Option<&str>,
) -> Option<(Decimal, String)> {
    let last = |s: &str| s.split_whitespace().last().map(str::to_lowercase);
    let unit = last(unit?)?;
    plan.audiences
        .iter()
        .filter(|a| c.audiences.iter().any(|r| r.value == a.id.value))
        .find_map(|a| {
            let size_unit = a.size_unit.as_deref()?;
            (last(size_unit)? == unit).then_some((a.size?, size_unit.to_string()))
        })
}

/// The newest month of spend that has happened (not a month with only
/// commitments), and the newest actuals of either kind.
fn latest_dates(
    actuals: &Actuals,
    this_month: NaiveDate,
    as_of: NaiveDate,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
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
    (latest_spend, latest)
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
