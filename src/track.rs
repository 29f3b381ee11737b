//! Plan vs actual (`mvplan track`): spend to date against the phased plan,
//! commitments and what remains, results against the pace each target
//! needs, and a run-rate re-forecast to the end of the period — measured
//! at a fixed date (`--as-of`), so results never depend on the clock.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::actuals::Actuals;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Phasing, PhasingAt, Plan};

const FAMILY: &str = "tracking";

pub const OVERSPEND: Rule = Rule {
    id: "overspend",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a channel or line has spent well ahead of its phased plan, or beyond its budget",
    explanation: "Spend to date is compared with the plan's phasing up to the as-of date (its \
`quarterly`/`monthly` amounts, days within a period pro rata; spread evenly without phasing), so \
front-loaded plans are not flagged for spending early. More than 15% ahead, or a run-rate that \
would end the period over budget, is flagged: slow down, or move budget here on purpose.",
    configurable: false,
};

pub const UNDER_PACING: Rule = Rule {
    id: "under-pacing",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a channel or line has spent well behind its phased plan",
    explanation: "Spend to date is less than 75% of what the phased plan had spent by the as-of \
date. Either the work is late (and its results will be), or the money is free to move: say which, \
and reallocate if it is free.",
    configurable: false,
};

pub const KPI_BEHIND: Rule = Rule {
    id: "kpi-behind-pace",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "an objective's measured result is behind the pace its target needs",
    explanation: "The pace a target needs at a date is the straight line from its baseline at the \
plan's start to its target at its due date (or the plan's end). A latest result more than 10% of \
the way short of that line is behind pace.",
    configurable: false,
};

pub const COMMITMENTS_OVER: Rule = Rule {
    id: "commitments-over-budget",
    severity: Severity::Error,
    family: FAMILY,
    summary: "spent plus committed is more than a channel's or line's budget",
    explanation: "Actual spend and open commitments (orders not yet invoiced) together exceed the \
budget: the money is promised twice. Cancel or move commitments, or get the budget raised.",
    configurable: false,
};

pub const ACTUALS_UNFUNDED: Rule = Rule {
    id: "actuals-unfunded",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "money was spent on a channel the plan does not fund",
    explanation: "The actuals show spend on a channel whose budget is zero. Either the plan is out \
of date (fund the channel) or the spend is off-plan.",
    configurable: false,
};

pub const REFORECAST_SHORTFALL: Rule = Rule {
    id: "reforecast-shortfall",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "at the rate measured so far, an objective ends the period short of its target",
    explanation: "The re-forecast extends the progress measured from the baseline to the latest \
result at the same rate to the end of the period. If that ends short of the target, the plan needs \
a change now: more budget where it returns, a different mix, or a lower target.",
    configurable: false,
};

pub const STALE_ACTUALS: Rule = Rule {
    id: "stale-actuals",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "the newest actuals are older than allowed at the as-of date",
    explanation: "The newest spend month or result date is older than `--max-age` days (default \
45) before the as-of date: decisions would be made on old numbers. Get the latest export.",
    configurable: false,
};

pub const RULES: &[&Rule] = &[
    &OVERSPEND,
    &UNDER_PACING,
    &KPI_BEHIND,
    &COMMITMENTS_OVER,
    &ACTUALS_UNFUNDED,
    &REFORECAST_SHORTFALL,
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
    pub latest: Option<NaiveDate>,
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
    /// Actual − planned to date.
    pub variance: Decimal,
    /// Actual as a percentage of planned to date.
    pub pacing: Option<Decimal>,
    /// The re-forecast at the end of the period: spend continuing at its
    /// pace against the phased plan.
    pub run_rate_end: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveTrack {
    pub id: String,
    pub unit: Option<String>,
    pub baseline: Option<Decimal>,
    pub target: Option<Decimal>,
    pub latest: Option<Decimal>,
    pub latest_date: Option<NaiveDate>,
    /// Where the straight line from baseline to target is at `as_of`.
    pub pace: Option<Decimal>,
    pub behind: bool,
    /// The latest result's rate carried to the end of the period.
    pub reforecast: Option<Decimal>,
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

/// What a line's phasing had spent by `at`: each period's amount pro rata
/// to the days of it that have passed; spread evenly without phasing.
fn planned_to_date(
    plan: &Plan,
    budget: Decimal,
    phasing: Option<&PhasingAt>,
    at: NaiveDate,
) -> Decimal {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let Some(p) = phasing else {
        return (budget * fraction(start, end, at)).round_dp(2);
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
        total += m.value * fraction(from, to, at);
    }
    total.round_dp(2)
}

/// The figures of tracking at `as_of`.
pub fn compute(plan: &Plan, actuals: &Actuals, as_of: NaiveDate) -> Tracking {
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
    let lines = items
        .map(|(id, name, budget, phasing)| {
            let rows = actuals.spend.iter().filter(|r| r.item == *id);
            let (mut actual, mut committed) = (Decimal::ZERO, Decimal::ZERO);
            for r in rows.filter(|r| r.month <= this_month) {
                actual += r.actual;
                committed += r.committed;
            }
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
                variance: actual - planned,
                pacing: crate::figures::percent(actual, planned),
                run_rate_end,
            }
        })
        .collect();
    let objectives = plan
        .objectives
        .iter()
        .map(|o| {
            let latest = actuals
                .results
                .iter()
                .filter(|r| r.objective == o.id.value && r.date <= as_of)
                .max_by_key(|r| r.date);
            let baseline = o.measure.baseline.as_ref().map(|b| b.value);
            let target = o.measure.target.as_ref().map(|t| t.value);
            let due = o.measure.due.as_ref().map_or(end, |d| d.value);
            let base = baseline.unwrap_or(Decimal::ZERO);
            let pace =
                target.map(|t| (base + (t - base) * fraction(start, due, as_of)).round_dp(2));
            let behind = match (latest, pace, target) {
                (Some(l), Some(p), Some(t)) => {
                    let needed = (t - base).abs();
                    l.value < p - needed * Decimal::new(1, 1)
                }
                _ => false,
            };
            let reforecast = latest.and_then(|l| {
                let f = fraction(start, due, l.date);
                (!f.is_zero()).then(|| (base + (l.value - base) / f).round_dp(2))
            });
            ObjectiveTrack {
                id: o.id.value.clone(),
                unit: o.measure.unit.clone(),
                baseline,
                target,
                latest: latest.map(|l| l.value),
                latest_date: latest.map(|l| l.date),
                pace,
                behind,
                reforecast,
            }
        })
        .collect();
    let latest = actuals
        .spend
        .iter()
        .map(|r| {
            r.month
                .checked_add_months(Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(r.month)
        })
        .chain(actuals.results.iter().map(|r| r.date))
        .filter(|d| *d <= as_of)
        .max();
    Tracking {
        as_of,
        currency: plan.meta.currency.value.clone(),
        elapsed: (elapsed * Decimal::ONE_HUNDRED).round_dp(1),
        lines,
        objectives,
        latest,
    }
}

/// The tracking rules: findings located in the plan (its budgets and
/// targets).
pub fn check(plan: &Plan, t: &Tracking, max_age_days: i64) -> Vec<Finding> {
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
        if l.budget.is_zero() && !l.actual.is_zero() {
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
        let ahead = l.planned_to_date > Decimal::ZERO
            && l.actual > l.planned_to_date * Decimal::new(115, 2);
        let over_end = l.run_rate_end > l.budget * Decimal::new(105, 2) && !l.budget.is_zero();
        if ahead || over_end {
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
        } else if l.planned_to_date > Decimal::ZERO
            && l.actual < l.planned_to_date * Decimal::new(75, 2)
        {
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
        let Some(obj) = plan.objective(&o.id) else {
            continue;
        };
        let span = obj
            .measure
            .target
            .as_ref()
            .map_or(obj.id.span.clone(), |t| t.span.clone());
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
                        q(o.pace)
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
                .at(span)
                .help(
                    "change the plan now: budget where it returns, another mix, or a lower target",
                ),
            );
        }
    }
    match t.latest {
        Some(latest) if (t.as_of - latest).num_days() > max_age_days => out.push(
            Finding::new(
                &STALE_ACTUALS,
                format!(
                    "the newest actuals are for {latest}, {} days before {}",
                    (t.as_of - latest).num_days(),
                    t.as_of
                ),
            )
            .help("get the latest export from finance and the ad platforms"),
        ),
        _ => {}
    }
    out
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
    for o in &t.objectives {
        let q = |d: Option<Decimal>| {
            d.map_or("—".to_string(), |d| {
                crate::format::format_quantity(d, o.unit.as_deref(), true)
            })
        };
        let _ = writeln!(
            s,
            "  {:<22} latest {} ({}), pace {}, re-forecast {}, target {}{}",
            o.id,
            q(o.latest),
            o.latest_date.map_or("no data".into(), |d| d.to_string()),
            q(o.pace),
            q(o.reforecast),
            q(o.target),
            if o.behind { "  ← behind pace" } else { "" }
        );
    }
    s
}
