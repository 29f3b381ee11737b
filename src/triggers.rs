//! The plan's triggers evaluated against its actuals at the as-of date, and
//! the patterns a business review names when indicators disagree.
//!
//! A plan's `[[triggers]]` say when money moves ("SQLs below 400 a quarter:
//! move €100k from search to content"). Tracking measures the very KPIs they
//! watch, so the status deck says, for each trigger, whether it is set off,
//! not yet due, or cannot be judged, and why. This module reads only the
//! tracking figures (`track::Tracking`); tracking knows nothing of it but
//! the one call that adds its findings.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Cadence, Plan, Reading, Trigger};
use crate::track::{ObjectiveTrack, Tracking};

pub const TRIGGER_FIRED: Rule = Rule {
    id: "trigger-fired",
    severity: Severity::Warning,
    family: "tracking",
    summary: "a trigger of the plan is set off by the actuals at the as-of date",
    explanation: "A trigger (`[[triggers]]`) is the plan's own rule for when to move money: a \
metric or KPI below (or above) a threshold, looked at on a date or every week, month or \
quarter. At the as-of date mvplan reads the metric from the actuals — for a period total \
looked at by cadence, the average per period so far — and reports a trigger whose condition \
holds. The plan already says what to do: carry out its action (the reallocation or the switch \
to a scenario's budget), or change the trigger if it no longer holds.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&TRIGGER_FIRED];

/// Where a trigger stands at the as-of date.
#[derive(Debug, Clone, Serialize)]
pub struct TriggerState {
    pub id: String,
    /// `fired`, `clear`, `not-due` or `unmeasured`.
    pub state: &'static str,
    /// What is watched, by name.
    pub watch: String,
    pub unit: Option<String>,
    /// The value judged (latest, or per period on average).
    pub value: Option<Decimal>,
    /// `below` or `above`, with the threshold.
    pub condition: String,
    /// Why the state is what it is, in words.
    pub why: String,
    /// The plan's action for it.
    pub action: String,
}

fn track<'t>(plan: &Plan, t: &'t Tracking, trigger: &Trigger) -> Option<&'t ObjectiveTrack> {
    if let Some(o) = &trigger.objective {
        return t
            .objectives
            .iter()
            .find(|x| x.kind == "objective" && x.id == o.value);
    }
    let kpi = trigger.kpi.as_ref()?;
    let channel = trigger.channel.as_ref().map(|c| c.value.as_str());
    t.objectives.iter().find(|x| {
        x.kind == "kpi"
            && x.name == kpi.value
            && channel.is_none_or(|c| x.channel.as_deref() == Some(c))
            && plan.kpi(&x.id).is_some()
    })
}

/// Days in a period of the cadence (a month and a quarter on average).
fn period_days(c: Cadence) -> Decimal {
    match c {
        Cadence::Weekly => Decimal::from(7),
        Cadence::Monthly => Decimal::new(3044, 2),
        Cadence::Quarterly => Decimal::new(9131, 2),
    }
}

fn cadence_word(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "a week",
        Cadence::Monthly => "a month",
        Cadence::Quarterly => "a quarter",
    }
}

/// Days from `start` to `end`, inclusive.
fn days(start: NaiveDate, end: NaiveDate) -> i64 {
    (end - start).num_days() + 1
}

/// Every trigger of the plan at the tracking's as-of date.
pub fn evaluate(plan: &Plan, t: &Tracking) -> Vec<TriggerState> {
    // Whole units from 100 up: "510 SQLs a quarter", not "509.5".
    let quantity = |d: Decimal, unit: Option<&str>| {
        let places = if d.abs() >= Decimal::ONE_HUNDRED {
            0
        } else {
            1
        };
        crate::format::format_quantity(d.round_dp(places).normalize(), unit, true)
    };
    plan.triggers
        .iter()
        .map(|tr| {
            let found = track(plan, t, tr);
            let watch = found.map_or_else(
                || {
                    tr.kpi
                        .as_ref()
                        .map(|k| k.value.clone())
                        .or_else(|| tr.objective.as_ref().map(|o| o.value.clone()))
                        .unwrap_or_default()
                },
                |o| crate::plan::words::label(plan, &o.id),
            );
            let unit = found.and_then(|o| o.unit.clone());
            let (threshold, below) = match (&tr.below, &tr.above) {
                (Some(b), _) => (b.value, true),
                (None, Some(a)) => (a.value, false),
                (None, None) => (Decimal::ZERO, true),
            };
            // After the watched name, a unit it says is not repeated.
            let condition = format!(
                "{} {}",
                if below { "below" } else { "above" },
                crate::format::bare(
                    &quantity(threshold, unit.as_deref()),
                    unit.as_deref(),
                    &watch
                )
            );
            let mut state = TriggerState {
                id: tr.id.value.clone(),
                state: "unmeasured",
                watch,
                unit: unit.clone(),
                value: None,
                condition,
                why: String::new(),
                action: tr.action.clone(),
            };
            if let Some(d) = &tr.date
                && d.value > t.as_of
            {
                state.state = "not-due";
                state.why = format!("looked at on {}", d.value.format("%-d %b %Y"));
                return state;
            }
            let Some(o) = found else {
                state.why = "nothing in the actuals measures it".to_string();
                return state;
            };
            let (Some(latest), Some(at)) = (o.latest, o.latest_date) else {
                state.why = "no reading yet".to_string();
                return state;
            };
            // A trigger looked at on a date is judged on a reading from
            // that date on: a September reading of a total that grows all
            // year is below a January threshold by nature, and "set off"
            // on it would send the plan to its Hold case on old news.
            if let Some(d) = &tr.date
                && at < d.value
            {
                state.why = format!(
                    "the newest reading, {} on {}, is before {}",
                    quantity(latest, o.unit.as_deref()),
                    at.format("%-d %b %Y"),
                    d.value.format("%-d %b %Y")
                );
                return state;
            }
            // A period total looked at by cadence is judged per period: the
            // total so far spread over the periods it took.
            let (value, basis) = match (tr.cadence, o.reading) {
                (Some(c), Reading::PeriodTotal) => {
                    let elapsed = Decimal::from(days(plan.meta.start.value, at).max(1));
                    let periods = (elapsed / period_days(c)).max(Decimal::ONE);
                    (
                        (latest / periods).round_dp(1),
                        format!(
                            "{} {} on average to {}",
                            quantity((latest / periods).round_dp(1), o.unit.as_deref()),
                            cadence_word(c),
                            at.format("%-d %b")
                        ),
                    )
                }
                _ => (
                    latest,
                    format!(
                        "{} on {}",
                        quantity(latest, o.unit.as_deref()),
                        at.format("%-d %b")
                    ),
                ),
            };
            state.value = Some(value);
            let fired = if below {
                value < threshold
            } else {
                value > threshold
            };
            state.state = if fired { "fired" } else { "clear" };
            state.why = basis;
            state
        })
        .collect()
}

/// The trigger findings at the as-of date: one per trigger set off.
pub fn findings(plan: &Plan, t: &Tracking) -> Vec<Finding> {
    evaluate(plan, t)
        .into_iter()
        .filter(|s| s.state == "fired")
        .filter_map(|s| {
            let tr = plan.triggers.iter().find(|x| x.id.value == s.id)?;
            Some(
                Finding::new(
                    &TRIGGER_FIRED,
                    format!(
                        "trigger `{}` is set off: {} is {} ({})",
                        s.id, s.watch, s.condition, s.why
                    ),
                )
                .at(tr.id.span.clone())
                .help(format!("the plan says: {}", s.action)),
            )
        })
        .collect()
}

/// Indicators that disagree, named as the pattern a reviewer would see.
#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    pub headline: String,
    pub detail: String,
}

/// A channel's volume KPI on or ahead of pace while an objective the channel
/// serves is behind: the volume is not turning into the result (lead
/// quality, conversion), and adding money to volume will not fix it.
pub fn patterns(plan: &Plan, t: &Tracking) -> Vec<Pattern> {
    let mut out = Vec::new();
    let of_pace = |o: &ObjectiveTrack| -> Option<Decimal> {
        let base = match o.reading {
            Reading::Level => o.baseline.unwrap_or(Decimal::ZERO),
            Reading::PeriodTotal => Decimal::ZERO,
        };
        let (l, p) = (o.latest?, o.pace_at_reading?);
        crate::figures::percent(l - base, p - base).map(|d| d.round_dp(0))
    };
    for behind in t
        .objectives
        .iter()
        .filter(|o| o.kind == "objective" && o.behind)
    {
        for k in t.objectives.iter().filter(|k| k.kind == "kpi" && !k.behind) {
            let Some(channel) = k.channel.as_deref() else {
                continue;
            };
            let serves = plan
                .channels
                .iter()
                .any(|c| c.id.value == channel && c.supports.iter().any(|s| s.value == behind.id));
            let Some(kp) = of_pace(k).filter(|p| *p >= Decimal::ONE_HUNDRED) else {
                continue;
            };
            if !serves {
                continue;
            }
            let op = of_pace(behind).unwrap_or_default();
            let kname = crate::plan::words::label(plan, &k.id);
            let oname = crate::plan::words::label(plan, &behind.id);
            let dearer = match (k.cost_per_unit_actual, k.cost_per_unit_planned) {
                (Some(a), Some(p)) if a > p => format!(
                    ", and each costs more than planned ({} against {})",
                    crate::format::format_money(a.round_dp(0), &t.currency, true),
                    crate::format::format_money(p.round_dp(0), &t.currency, true)
                ),
                _ => String::new(),
            };
            out.push(Pattern {
                headline: format!(
                    "{kname} ahead of pace while {} is behind: a conversion problem, not a volume problem",
                    oname.to_lowercase()
                ),
                detail: format!(
                    "{kname} at {kp}% of the pace its target needs, {oname} at {op}%{dearer}. More of the same volume will not close the gap; look at lead quality and follow-up."
                ),
            });
        }
    }
    out
}
