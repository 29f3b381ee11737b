//! The status deck's view (`render --deck status`): the monthly or
//! quarterly business review built from the tracking figures — where spend
//! and results are against the plan, the re-forecast, and what to do about
//! it: reallocations proposed from the pacing, and the open asks.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::findings::FindingView;
use crate::diagnostic::{Finding, Tally};
use crate::format::{capitalised, lower_first};
use crate::plan::{AskStatus, Plan};
use crate::source::SourceFile;
use crate::track::{LineTrack, ObjectiveTrack, PeriodTrack, Tracking};

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub as_of: NaiveDate,
    /// Percent of the plan period elapsed.
    pub elapsed: Decimal,
    /// The newest actuals.
    pub latest: Option<NaiveDate>,
    /// Where spend is measured (the newest spend booked, or `as_of`): the
    /// spend slides say "by then" of this date, not of the as-of date.
    pub spend_to: NaiveDate,
    /// The spend booked ends before the as-of date.
    pub spend_behind: bool,
    pub headline: String,
    pub totals: Totals,
    pub lines: Vec<LineView>,
    pub quarters: Vec<PeriodTrack>,
    pub months: Vec<PeriodTrack>,
    /// Objectives and KPIs with a target and a measured result.
    pub results: Vec<ResultView>,
    /// Objectives and KPIs with a target but no result yet.
    pub unmeasured: Vec<String>,
    pub results_headline: String,
    pub reforecast_headline: String,
    /// Money to move, from lines that will not spend it to lines and
    /// channels that need it.
    pub proposals: Vec<Proposal>,
    /// Lines whose spend, carried on at its pace, ends past their budget,
    /// the largest overrun first: what to slow when nothing is moved.
    pub overruns: Vec<Overrun>,
    /// Money under-pacing lines will not spend that nothing asks for.
    pub unclaimed: Vec<Proposal>,
    pub findings: Vec<FindingView>,
    pub tally: Tally,
    pub asks: Vec<AskView>,
    /// The plan's triggers at the as-of date (`triggers::evaluate`).
    pub triggers: Vec<crate::triggers::TriggerState>,
    /// Indicators that disagree, named (`triggers::patterns`).
    pub patterns: Vec<crate::triggers::Pattern>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub budget: Decimal,
    pub planned_to_date: Decimal,
    pub actual: Decimal,
    pub committed: Decimal,
    pub remaining: Decimal,
    pub variance: Decimal,
    pub pacing: Option<Decimal>,
    pub run_rate_end: Decimal,
    /// Run-rate end − budget.
    pub end_variance: Decimal,
}

#[derive(Debug, Serialize)]
pub struct LineView {
    #[serde(flatten)]
    pub track: LineTrack,
    /// `over`, `under` or `on` plan, as the tracking rules judged it.
    pub state: &'static str,
    /// Run-rate end − budget.
    pub end_variance: Decimal,
    /// Part of its spend was a one-off (`track::LineTrack::one_off`).
    pub has_one_off: bool,
}

/// A line that ends past its budget at its pace.
#[derive(Debug, Serialize)]
pub struct Overrun {
    pub name: String,
    pub actual: Decimal,
    pub planned_to_date: Decimal,
    pub run_rate_end: Decimal,
    pub budget: Decimal,
}

/// The lines over their phasing whose pace ends past their budget.
fn overruns(lines: &[LineView]) -> Vec<Overrun> {
    let mut over: Vec<&LineView> = lines
        .iter()
        .filter(|l| l.state == "over" && l.end_variance > Decimal::ZERO)
        .collect();
    over.sort_by_key(|l| std::cmp::Reverse(l.end_variance));
    over.into_iter()
        .map(|l| Overrun {
            name: l.track.name.clone(),
            actual: l.track.actual,
            planned_to_date: l.track.planned_to_date,
            run_rate_end: l.track.run_rate_end,
            budget: l.track.budget,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    #[serde(flatten)]
    pub track: ObjectiveTrack,
    /// The latest result as a percentage of the pace needed by then
    /// (progress from the baseline).
    pub of_pace: Option<Decimal>,
    /// Its name as a chart label: the metric or KPI name, not the id.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub from: String,
    pub from_name: String,
    pub to: Option<String>,
    pub to_name: Option<String>,
    pub amount: Decimal,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct AskView {
    pub ask: String,
    /// The whole budget, asked for, while its money is being spent: the
    /// ask is answered in fact (record it as approved), not overdue.
    pub being_spent: bool,
    /// Its date has passed at the as-of date.
    pub overdue: bool,
    pub amount: Option<Decimal>,
    pub by: Option<NaiveDate>,
    pub blocking: bool,
}

/// Whole steps of money, so proposals read as decisions, not arithmetic.
fn whole(amount: Decimal) -> Decimal {
    let step = Decimal::from(1000);
    ((amount / step).floor() * step).max(Decimal::ZERO)
}

/// Builds the status view from the tracking figures and their findings.
pub fn build(plan: &Plan, t: &Tracking, findings: &[Finding], source: &SourceFile) -> StatusView {
    let lines = line_views(t);
    let totals = totals(t);
    let results = result_views(plan, t);
    let unmeasured = t
        .objectives
        .iter()
        .filter(|o| o.target.is_some() && o.latest.is_none())
        .map(|o| crate::plan::words::label(plan, &o.id))
        .collect();
    let channels: Vec<&str> = plan.channels.iter().map(|c| c.id.value.as_str()).collect();
    let (proposals, unclaimed) = proposals(&lines, &channels, t, &t.currency);
    // Spend recorded against the plan's lines: a budget ask for the whole
    // budget is being acted on, not waiting (it should be marked approved).
    let spending = totals.actual > Decimal::ZERO;
    let triggers = crate::triggers::evaluate(plan, t);
    let patterns = crate::triggers::patterns(plan, t);
    // The spend booked is older than the tracking checks allow: the first
    // decision is to get the books since, before moving any money.
    let stale_books = t.spend_to < t.as_of
        && findings
            .iter()
            .any(|f| f.rule == "stale-actuals" && f.span.is_none());
    let overruns = overruns(&lines);
    let decision = decision(
        &triggers,
        &proposals,
        &t.currency,
        stale_books.then_some(t.spend_to),
        overruns.first(),
    );
    let (headline, results_headline) = headlines(&results, &totals, t, &decision);
    let reforecast_headline = reforecast_headline(&totals, &t.currency);
    let findings_view = finding_views(plan, findings, source);
    let asks = open_asks(plan, t, spending);
    StatusView {
        as_of: t.as_of,
        elapsed: t.elapsed,
        latest: t.latest,
        spend_to: t.spend_to,
        spend_behind: t.spend_to < t.as_of,
        headline,
        totals,
        lines,
        quarters: t.quarters.clone(),
        months: t.months.clone(),
        results,
        unmeasured,
        results_headline,
        reforecast_headline,
        proposals,
        overruns,
        unclaimed,
        findings: findings_view,
        tally: Tally::of(findings),
        asks,
        triggers,
        patterns,
    }
}

/// Each budget line with its over/under state and where its run rate ends.
fn line_views(t: &Tracking) -> Vec<LineView> {
    t.lines
        .iter()
        .map(|l| LineView {
            state: l.state,
            end_variance: l.run_rate_end - l.budget,
            has_one_off: !l.one_off.is_zero(),
            track: l.clone(),
        })
        .collect()
}

/// The lines summed: budget, spend to date, pacing and the run-rate end.
fn totals(t: &Tracking) -> Totals {
    let sum = |f: fn(&LineTrack) -> Decimal| t.lines.iter().map(f).sum::<Decimal>();
    Totals {
        budget: sum(|l| l.budget),
        planned_to_date: sum(|l| l.planned_to_date),
        actual: sum(|l| l.actual),
        committed: sum(|l| l.committed),
        remaining: sum(|l| l.remaining),
        variance: sum(|l| l.variance),
        pacing: crate::figures::percent(sum(|l| l.actual), sum(|l| l.planned_to_date)),
        run_rate_end: sum(|l| l.run_rate_end),
        end_variance: sum(|l| l.run_rate_end) - sum(|l| l.budget),
    }
}

/// Objectives and KPIs with a target and a result, each with its share of
/// the pace needed by the reading's date.
fn result_views(plan: &Plan, t: &Tracking) -> Vec<ResultView> {
    t.objectives
        .iter()
        .filter(|o| o.target.is_some() && o.latest.is_some())
        .map(|o| {
            // Progress against the pace at the reading's own date, from
            // where the pace line starts (zero for a period total).
            let base = match o.reading {
                crate::plan::Reading::Level => o.baseline.unwrap_or(Decimal::ZERO),
                crate::plan::Reading::PeriodTotal => Decimal::ZERO,
            };
            let of_pace = match (o.latest, o.pace_at_reading) {
                (Some(l), Some(p)) if p != base => {
                    crate::figures::percent(l - base, p - base).map(|d| d.round_dp(0))
                }
                _ => None,
            };
            ResultView {
                label: crate::plan::words::label(plan, &o.id),
                track: o.clone(),
                of_pace,
            }
        })
        .collect()
}

/// The decision the headline ends on: a fired trigger's action, else the
/// money the proposals move; empty when there is none.
fn decision(
    triggers: &[crate::triggers::TriggerState],
    proposals: &[Proposal],
    currency: &str,
    stale_since: Option<NaiveDate>,
    overrun: Option<&Overrun>,
) -> String {
    let money = |d: Decimal| crate::format::format_money(d, currency, true);
    let fired: Vec<&crate::triggers::TriggerState> =
        triggers.iter().filter(|s| s.state == "fired").collect();
    match (fired.first(), proposals.first()) {
        (Some(f), _) => format!("the plan's trigger says: {}", lower_first(&f.action)),
        (None, _) if stale_since.is_some() => format!(
            "get the spend booked since {} before moving money",
            stale_since.map_or(String::new(), |d| d.format("%-d %b %Y").to_string())
        ),
        (None, Some(_)) => format!(
            "move {} to the channels that return more",
            money(proposals.iter().map(|p| p.amount).sum())
        ),
        // Nothing to move, but a line runs past its budget: the decision
        // is to slow it, not "no change".
        (None, None) => overrun.map_or_else(String::new, |o| {
            format!(
                "slow the spend on {}: at this pace it ends at {} against its {}",
                o.name,
                money(o.run_rate_end),
                money(o.budget)
            )
        }),
    }
}

/// The deck's headline (the results against pace, then the decision) and
/// the results slide's headline.
fn headlines(
    results: &[ResultView],
    totals: &Totals,
    t: &Tracking,
    decision: &str,
) -> (String, String) {
    let money = |d: Decimal| crate::format::format_money(d, &t.currency, true);
    let behind: Vec<&str> = results
        .iter()
        .filter(|r| r.track.behind)
        .map(|r| r.label.as_str())
        .collect();
    // The result and the decision first; spend is the context. Each
    // result is judged at its own reading's date, so the headline dates
    // them by that reading, not by an as-of date months past it.
    // Only where every result was read on that one date: with readings
    // of several dates, each row's own is on the results slide and the
    // headline keeps the status date.
    let mut read_on: Vec<NaiveDate> = results.iter().filter_map(|r| r.track.latest_date).collect();
    read_on.sort();
    read_on.dedup();
    let date = match read_on.as_slice() {
        [one] if *one < t.as_of => *one,
        _ => t.as_of,
    }
    .format("%-d %b %Y");
    let as_of = t.as_of.format("%-d %b %Y");
    // The objectives lead: they are what the plan was approved for, so
    // each one short of its pace is named with its share of that pace
    // (80% of pace is not "behind" within the tolerance, but it is the
    // news); KPIs behind pace follow them.
    let of_kind =
        |k: &str| -> Vec<&ResultView> { results.iter().filter(|r| r.track.kind == k).collect() };
    let objectives = of_kind("objective");
    let kpis = of_kind("kpi");
    let short: Vec<String> = objectives
        .iter()
        .filter_map(|r| {
            let p = r.of_pace.filter(|p| *p < Decimal::ONE_HUNDRED)?;
            Some(format!(
                "{} at {}%",
                r.label,
                crate::format::format_number(p, 0)
            ))
        })
        .collect();
    let kpis_behind: Vec<&str> = kpis
        .iter()
        .filter(|r| r.track.behind)
        .map(|r| r.label.as_str())
        .collect();
    let lead = if results.is_empty() {
        format!(
            "No result measured by {as_of}; {} spent of {} planned{}",
            money(totals.actual),
            money(totals.planned_to_date),
            // Spend is at the date its books end, when that is earlier.
            if t.spend_to < t.as_of {
                format!(" by {}", t.spend_to.format("%-d %b %Y"))
            } else {
                String::new()
            }
        )
    } else if !short.is_empty() {
        format!(
            "{} of the pace {} at {date}",
            crate::format::and_list(&short),
            if short.len() == 1 {
                "its target needs"
            } else {
                "their targets need"
            }
        )
    } else if objectives.is_empty() {
        match behind.as_slice() {
            [] => format!("All {} measured results on pace at {date}", results.len()),
            [one] => format!("{one} behind pace at {date}"),
            [a, b] => format!("{a} and {} behind pace at {date}", lower_first(b)),
            many => format!(
                "{} of {} results behind pace at {date}",
                many.len(),
                results.len()
            ),
        }
    } else if kpis_behind.is_empty() {
        format!("All {} measured results on pace at {date}", results.len())
    } else {
        format!(
            "Every objective on pace at {date}; {} behind",
            crate::format::and_list(&kpis_behind)
        )
    };
    let headline = lead
        + &if decision.is_empty() {
            String::new()
        } else {
            format!(": {decision}")
        };
    let objectives_part = match (objectives.len(), short.len()) {
        (0, _) => None,
        (n, 0) => Some(format!("all {n} measured objectives on pace")),
        (n, k) => Some(format!(
            "{k} of {n} objectives below the pace their targets need ({})",
            short.join(", ")
        )),
    };
    let kpis_part = match (kpis.len(), kpis_behind.len()) {
        (0, _) => None,
        (n, 0) => Some(format!("all {n} measured KPIs on pace")),
        (n, k) => Some(format!(
            "{k} of {n} KPIs behind pace: {}",
            kpis_behind.join(", ")
        )),
    };
    let results_headline = match (objectives_part, kpis_part) {
        (None, None) => "No results measured yet".to_string(),
        _ if short.is_empty() && behind.is_empty() => {
            format!("All {} measured results are on pace", results.len())
        }
        (Some(a), Some(b)) => capitalised(&format!("{a}; {b}")),
        (Some(a), None) | (None, Some(a)) => capitalised(&a),
    };
    (headline, results_headline)
}

/// Where spend ends at the current run rate, against the budget.
fn reforecast_headline(totals: &Totals, currency: &str) -> String {
    let money = |d: Decimal| crate::format::format_money(d, currency, true);
    if totals.end_variance > Decimal::ZERO {
        format!(
            "At this pace spend ends {} over budget",
            money(totals.end_variance)
        )
    } else if totals.end_variance < Decimal::ZERO {
        format!(
            "At this pace {} of the budget goes unspent",
            money(-totals.end_variance)
        )
    } else {
        "At this pace spend ends on budget".to_string()
    }
}

/// The first findings, in plain words with their line in the plan.
fn finding_views(plan: &Plan, findings: &[Finding], source: &SourceFile) -> Vec<FindingView> {
    findings
        .iter()
        .take(super::findings::HEALTH_FINDINGS)
        .map(|f| FindingView::of(f, plan, source))
        .collect()
}

/// The author's words with their amounts in the deck's notation.
fn restated(plan: &Plan, text: &str) -> String {
    crate::format::restate_amounts(text, &plan.meta.currency.value)
}

/// The open asks, each marked overdue or already being spent.
fn open_asks(plan: &Plan, t: &Tracking, spending: bool) -> Vec<AskView> {
    plan.asks
        .iter()
        .filter(|a| a.status == AskStatus::Open)
        .map(|a| AskView {
            being_spent: spending
                && a.kind == crate::plan::AskKind::Budget
                && a.amount
                    .as_ref()
                    .is_some_and(|m| m.value == plan.budget.total.value),
            overdue: a.by.as_ref().is_some_and(|d| d.value < t.as_of),
            ask: restated(plan, &a.ask),
            // The amount once: "Approve £4.3M …" is not followed by "(£4.3M)".
            amount: a.amount.as_ref().map(|m| m.value).filter(|m| {
                !restated(plan, &a.ask).contains(&crate::format::format_money(
                    *m,
                    &plan.meta.currency.value,
                    true,
                ))
            }),
            by: a.by.as_ref().map(|d| d.value),
            blocking: a.blocking,
        })
        .collect()
}

/// Reallocations to propose. Where channels have response curves, the
/// curves decide: the rest of the year re-optimised with what is spent and
/// committed as floors (`track::Reallocation`), when it adds at least 0.5%.
/// (The curves' channels are decided by them even when they say the budgets
/// are right.) Elsewhere the pacing does: money under-pacing lines will not
/// spend at their pace (budget − re-forecast, less commitments) goes to
/// lines that will overrun. What nothing claims is shown as free, for the
/// owner to confirm late or release.
fn proposals(
    lines: &[LineView],
    channels: &[&str],
    t: &Tracking,
    currency: &str,
) -> (Vec<Proposal>, Vec<Proposal>) {
    let name_of = |id: &str| {
        lines
            .iter()
            .find(|l| l.track.id == id)
            .map_or(id.to_string(), |l| l.track.name.clone())
    };
    let mut out = Vec::new();
    let mut decided: Vec<&str> = Vec::new();
    let mut moved_from: Vec<&str> = Vec::new();
    for r in &t.reallocations {
        // Every channel of the objective is decided by its curves, moved or
        // kept: money is not matched to or from it by pacing alone.
        decided.extend(r.channels.iter().map(String::as_str));
        let gain = r.optimal - r.planned;
        let enough = r.planned > Decimal::ZERO && gain * Decimal::from(200) >= r.planned;
        if !enough || r.moves.is_empty() {
            continue;
        }
        let amount = |d: Decimal| match r.unit.as_deref() {
            Some(u) if u == currency => crate::format::format_money(d, currency, true),
            u => crate::format::format_quantity(d, u, true),
        };
        let why = format!(
            "The curves, given what is spent: +{} of {} ({}%) for the same money",
            amount(gain),
            r.objective,
            crate::figures::percent(gain, r.planned).map_or(Decimal::ZERO, |p| p.round_dp(1))
        );
        for m in &r.moves {
            moved_from.push(m.from.as_str());
            out.push(Proposal {
                from: m.from.clone(),
                from_name: name_of(&m.from),
                to: Some(m.to.clone()),
                to_name: Some(name_of(&m.to)),
                amount: m.amount,
                why: why.clone(),
            });
        }
    }
    let free = |l: &&LineView| !decided.contains(&l.track.id.as_str());
    // Under-pacing lines whose money the curves have not already moved.
    let mut donors: Vec<(&LineTrack, Decimal)> = lines
        .iter()
        .filter(|l| !moved_from.contains(&l.track.id.as_str()))
        .filter(|l| l.state == "under")
        .map(|l| {
            let t = &l.track;
            let spoken_for = t.run_rate_end.max(t.actual + t.committed);
            (t, whole(t.budget - spoken_for))
        })
        .filter(|(_, free)| *free > Decimal::ZERO)
        .collect();
    donors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    // Money moves only to channels: a budget line (software, research,
    // collateral) returns nothing a move could buy, so its overrun is shown
    // in the re-forecast for its owner to settle, not funded from a channel.
    let mut needs: Vec<(&LineTrack, Decimal)> = lines
        .iter()
        .filter(free)
        .filter(|l| channels.contains(&l.track.id.as_str()))
        .filter(|l| l.state == "over" && l.end_variance > Decimal::ZERO)
        .map(|l| (&l.track, whole(l.end_variance)))
        .collect();
    needs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    for (to, need) in &mut needs {
        for (from, free) in donors.iter_mut() {
            if need.is_zero() {
                break;
            }
            if free.is_zero() || decided.contains(&from.id.as_str()) {
                continue;
            }
            let amount = (*need).min(*free);
            *need -= amount;
            *free -= amount;
            out.push(Proposal {
                from: from.id.clone(),
                from_name: from.name.clone(),
                to: Some(to.id.clone()),
                to_name: Some(to.name.clone()),
                amount,
                why: format!("{} overruns its budget at this pace", to.name),
            });
        }
    }
    let unclaimed = donors
        .into_iter()
        .filter(|(_, free)| !free.is_zero())
        .map(|(from, free)| Proposal {
            from: from.id.clone(),
            from_name: from.name.clone(),
            to: None,
            to_name: None,
            amount: free,
            why: "will not be spent at this pace".into(),
        })
        .collect();
    (out, unclaimed)
}
