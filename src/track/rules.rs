//! The tracking rules (`overspend`, `under-pacing`, `kpi-behind`, …), their
//! thresholds, and the findings they raise, located in the plan.

use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::Plan;

use super::{ObjectiveTrack, Tracking};

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

    pub(super) fn ratio(p: Decimal) -> Decimal {
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
docs/tracking.md) or a reading in the wrong unit. A count of things that exist (a KPI in \
\"branches\" on a channel whose audience is 42 \"distributor branches\") cannot end above how many \
there are: carried on at its rate past that, it is reported here too. No re-forecast is shown for \
it until that is settled.",
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

/// The tracking rules: findings located in the plan (its budgets and
/// targets).
pub fn check(plan: &Plan, t: &Tracking, th: &Thresholds) -> Vec<Finding> {
    let max_age_days = th.max_age_days;
    let mut out = Vec::new();
    spend_findings(plan, t, &mut out);
    for o in &t.objectives {
        result_findings(plan, t, o, &mut out);
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

/// The spend lines' findings: unfunded spend, commitments past the budget,
/// spend over or under its pace.
fn spend_findings(plan: &Plan, t: &Tracking, out: &mut Vec<Finding>) {
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
                        t.spend_to,
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
                        t.spend_to,
                        l.pacing.map_or("0".into(), |p| p.round_dp(0).to_string()),
                        money(l.planned_to_date)
                    ),
                )
                .at_opt(span)
                .help("say whether the work is late or the money is free, and reallocate if it is free"),
            );
        }
    }
}

/// One objective's or KPI's findings: behind pace, a re-forecast short of
/// its target or impossible, stale readings.
fn result_findings(plan: &Plan, t: &Tracking, o: &ObjectiveTrack, out: &mut Vec<Finding>) {
    // Findings point at the target they measure against.
    let Some(span) = target_span(plan, o) else {
        return;
    };
    // The deck names the result by its metric: where that says the unit
    // ("Opportunities created"), the figures right after it are bare
    // ("measured 31"); a figure said apart from the name keeps its unit.
    let name = plan
        .objective(&o.id)
        .and_then(|x| x.measure.metric.as_ref())
        .map_or(o.name.as_str(), |m| m.value.as_str());
    let q = |d: Option<Decimal>| {
        d.map_or_else(String::new, |d| {
            crate::format::format_quantity(d, o.unit.as_deref(), true)
        })
    };
    let b = |d: Option<Decimal>| crate::format::bare(&q(d), o.unit.as_deref(), name);
    if o.behind {
        out.push(
            Finding::new(
                &KPI_BEHIND,
                format!(
                    "`{}` measured {} on {}, behind the {} the target needs by then",
                    o.id,
                    b(o.latest),
                    o.latest_date.map(|d| d.to_string()).unwrap_or_default(),
                    b(o.pace_at_reading)
                ),
            )
            .at(span.clone())
            .help("see what moves it: `mvplan optimize` on the channels' curves, or the triggers"),
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
                    b(Some(r)),
                    b(Some(target))
                ),
            )
            .at(span.clone())
            .help("change the plan now: budget where it returns, another mix, or a lower target"),
        );
    }
    if let Some(r) = o.impossible_reforecast {
        // A count past how many of the things exist.
        let past = o
            .population
            .as_ref()
            .filter(|(n, _)| r > *n)
            .map(|(n, words)| {
                format!(
                    "more than the {} {words} there are",
                    crate::format::group(*n)
                )
            });
        out.push(
            Finding::new(
                &REFORECAST_IMPOSSIBLE,
                format!(
                    "carried on at its rate, `{}` ({} on {}) would end at {}, {}",
                    o.id,
                    b(o.latest),
                    o.latest_date.map(|d| d.to_string()).unwrap_or_default(),
                    q(Some(r)),
                    past.as_deref().unwrap_or("which cannot be"),
                ),
            )
            .at(span.clone())
            .help(if past.is_some() {
                "a count of things that exist (branches, accounts, stores) levels off as it nears all of them: judge it against its target, not carried on at its first quarter's rate"
            } else if o.reading == crate::plan::Reading::Level {
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
