//! Where spend and results should be by a date: the phased plan pro rata
//! to the day, and each target's pace line, reading and re-forecast.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use crate::actuals::Actuals;
use crate::plan::{Phasing, PhasingAt, Plan};

use super::{ObjectiveTrack, Thresholds};

pub(super) fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days() + 1
}

/// Fraction of [from, to] elapsed at `at` (inclusive days), 0..1.
pub(super) fn fraction(from: NaiveDate, to: NaiveDate, at: NaiveDate) -> Decimal {
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
pub(super) fn pro_rata(amount: Decimal, from: NaiveDate, to: NaiveDate, at: NaiveDate) -> Decimal {
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
pub(super) struct Metric<'a> {
    pub(super) id: &'a str,
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
    pub(super) channel: Option<&'a str>,
    pub(super) unit: Option<String>,
    pub(super) reading: crate::plan::Reading,
    pub(super) baseline: Option<Decimal>,
    pub(super) target: Option<Decimal>,
    pub(super) due: NaiveDate,
    /// Budget and actual spend of the channels that serve it.
    pub(super) spend: (Decimal, Decimal),
    /// How many of the things it counts exist, when the plan says (an
    /// audience of its channel sized in its unit: 42 "distributor
    /// branches" for a KPI in "branches"), with that unit's words.
    pub(super) population: Option<(Decimal, String)>,
}

/// A metric that counts things: a whole-number target in no unit of
/// money or percentage, read in whole numbers. Its paces and re-forecasts
/// are whole numbers too: there is no 23.9th account.
fn counts(m: &Metric<'_>, readings: &[&crate::actuals::ResultRow]) -> bool {
    let unit = m.unit.as_deref().unwrap_or_default().to_lowercase();
    let money_or_share = unit.contains('%')
        || unit.contains("pts")
        || unit.contains("point")
        || crate::currency::is_currency(&unit.to_uppercase());
    !money_or_share
        && m.target.is_some_and(|t| t.fract().is_zero())
        && readings.iter().all(|r| r.value.fract().is_zero())
}

pub(super) fn metric_track(
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
    let whole = counts(&m, &readings);
    let dp = if whole {
        0
    } else {
        m.target
            .map_or(2, |t| t.scale() + u32::from(t.abs() < Decimal::ONE_HUNDRED))
    };
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
    // A count of things that exist cannot pass how many there are: 14
    // branches in a quarter do not make 56 of 42 by the end.
    let impossible =
        impossible || (whole && matches!((raw, &m.population), (Some(r), Some((n, _))) if r > *n));
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
        population: m.population,
        stale,
        curve_reforecast: None,
        cost_per_unit_planned: per(budget, m.target.map(|t| t - from)),
        cost_per_unit_actual: per(actual, latest.map(|l| l.value - from)),
    }
}
