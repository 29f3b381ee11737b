//! One calendar across units: every unit's initiatives and dated channel
//! flights on one timeline, with who they target; two units in market to
//! the same audience at the same time (a collision the CMO should
//! orchestrate), and initiatives waiting for another unit's work that is
//! dated to finish after they start.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::{Checked, FindingRow, unit_name};
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::plan::{Phasing, Plan};

pub const AUDIENCE_COLLISION: Rule = Rule {
    id: "audience-collision",
    severity: Severity::Warning,
    family: "review",
    summary: "two units target the same audience at the same time",
    explanation: "Two business units' channel flights or initiatives name the same audience \
(`audiences = [\"...\"]`, by the group's segment id) and overlap in time. The customer sees \
two companies of one group competing for the same week of attention, with two messages and two \
offers. Orchestrate: sequence the flights, merge them into one group campaign, or agree which \
unit leads. A channel's flight is the months (or quarters) its phasing funds; a channel \
without phasing is in market all period.",
    configurable: false,
};

pub const CROSS_UNIT_DEPENDENCY: Rule = Rule {
    id: "cross-unit-dependency",
    severity: Severity::Warning,
    family: "review",
    summary: "an initiative depends on another unit's initiative whose dates do not line up",
    explanation: "An initiative names in `depends_on` an initiative of another unit's plan (by \
id) that ends on or after the day it starts, or that no plan of the review has. The two units \
have not agreed the order of the work: one of them will wait, or start without what it needs. \
Align the dates in both plans, or remove the dependency.",
    configurable: false,
};

/// More collisions than this are not listed (each one is also a finding
/// in two plans): a review of thousands of plans stays readable and fast.
pub const MAX_COLLISIONS: usize = 500;

/// Rows of the calendar slide's timeline.
pub const SLIDE_ROWS: usize = 14;

/// One initiative or channel flight of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub file: String,
    pub unit: String,
    /// `initiative` or `channel`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Audience ids it targets.
    pub audiences: Vec<String>,
    /// Audience names, where the plan defines them.
    pub audience_names: Vec<String>,
    /// The chart's label: "Unit · name".
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Collision {
    pub audience: String,
    pub audience_name: String,
    pub first: Entry,
    pub second: Entry,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
}

#[derive(Debug, Serialize)]
pub struct Dependency {
    pub file: String,
    pub unit: String,
    pub initiative: String,
    /// The initiatives' names, for the slide (ids are the author's, in the
    /// notes and the findings).
    pub initiative_name: String,
    pub starts: NaiveDate,
    pub depends_on: String,
    pub depends_on_name: Option<String>,
    /// The other unit, when some plan has the initiative.
    pub depends_on_unit: Option<String>,
    pub ends: Option<NaiveDate>,
}

#[derive(Debug, Default, Serialize)]
pub struct Calendar {
    pub headline: Option<String>,
    pub entries: Vec<Entry>,
    /// What the slide draws: entries that target an audience, then the
    /// other initiatives, by start date, at most [`SLIDE_ROWS`].
    pub slide: Vec<Entry>,
    /// Entries the slide leaves out.
    pub more: usize,
    pub collisions: Vec<Collision>,
    pub dependencies: Vec<Dependency>,
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let next = d
        .with_day(1)
        .and_then(|f| f.checked_add_months(Months::new(1)))
        .unwrap_or(d);
    next.pred_opt().unwrap_or(d)
}

/// A channel's flights: the runs of periods its phasing funds, or the plan
/// period when it has none.
fn flights(plan: &Plan, phasing: Option<&Phasing>) -> Vec<(NaiveDate, NaiveDate)> {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let Some(phasing) = phasing else {
        return vec![(start, end)];
    };
    let step = match phasing {
        Phasing::Monthly(_) => 1,
        Phasing::Quarterly(_) => 3,
    };
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    let amounts = phasing.amounts();
    for (i, a) in amounts.iter().enumerate() {
        let Some(from) = start.checked_add_months(Months::new((i as u32).saturating_mul(step)))
        else {
            break;
        };
        let to = from
            .checked_add_months(Months::new(step - 1))
            .map(month_end)
            .unwrap_or(end)
            .min(end);
        if a.value.is_zero() {
            if let Some(o) = open.take() {
                let prev_end = from.pred_opt().unwrap_or(from);
                out.push((o, prev_end));
            }
        } else if open.is_none() {
            open = Some(from);
        }
        if i + 1 == amounts.len()
            && let Some(o) = open.take()
        {
            out.push((o, to));
        }
    }
    out
}

/// Builds the calendar and its findings.
pub fn roll(checked: &[Checked]) -> (Calendar, Vec<FindingRow>) {
    let mut cal = Calendar::default();
    let mut findings = Vec::new();
    let at = entries(checked, &mut cal);
    collisions(checked, &at, &mut cal, &mut findings);
    dependencies(checked, &mut cal, &mut findings);
    slide_and_headline(&mut cal);
    (cal, findings)
}

/// Every plan's initiatives and channel flights as entries; for each entry,
/// the plan it is in and the spans of its audience refs.
fn entries(checked: &[Checked], cal: &mut Calendar) -> Vec<(usize, Vec<Span>)> {
    let mut at: Vec<(usize, Vec<Span>)> = Vec::new();
    for (ci, c) in checked.iter().enumerate() {
        let Some(plan) = &c.plan else { continue };
        let unit = unit_name(plan);
        let audience_name = |id: &str| {
            plan.audiences
                .iter()
                .find(|a| a.id.value == id)
                .map_or_else(|| id.to_string(), |a| a.name.clone())
        };
        let mut push = |kind, id: &str, name: &str, start, end, refs: &[crate::plan::Ref]| {
            cal.entries.push(Entry {
                file: c.report.path.clone(),
                unit: unit.clone(),
                kind,
                id: id.to_string(),
                name: name.to_string(),
                start,
                end,
                audiences: refs.iter().map(|r| r.value.clone()).collect(),
                audience_names: refs.iter().map(|r| audience_name(&r.value)).collect(),
                // The timeline reads "to whom · who" for targeted work, so
                // that rows of one audience sit together and collisions show.
                label: match refs.first() {
                    Some(a) => format!("{} · {unit}", audience_name(&a.value)),
                    None => format!("{unit} · {name}"),
                },
            });
            at.push((ci, refs.iter().map(|r| r.span.clone()).collect()));
        };
        for i in &plan.initiatives {
            push(
                "initiative",
                &i.id.value,
                &i.name,
                i.start.value,
                i.end.value,
                &i.audiences,
            );
        }
        for ch in &plan.channels {
            for (from, to) in flights(plan, ch.phasing.as_ref().map(|p| &p.phasing)) {
                push("channel", &ch.id.value, &ch.name, from, to, &ch.audiences);
            }
        }
    }

    at
}

/// Entries of different plans sharing an audience and overlapping in time,
/// found per audience by a sweep over start dates.
fn collisions(
    checked: &[Checked],
    at: &[(usize, Vec<Span>)],
    cal: &mut Calendar,
    findings: &mut Vec<FindingRow>,
) {
    let mut by_audience: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (e, entry) in cal.entries.iter().enumerate() {
        for (k, a) in entry.audiences.iter().enumerate() {
            by_audience.entry(a.as_str()).or_default().push((e, k));
        }
    }
    let mut audiences: Vec<&str> = by_audience.keys().copied().collect();
    audiences.sort_unstable();
    let mut pairs = Vec::new();
    'all: for a in audiences {
        let mut list = by_audience[a].clone();
        list.sort_by_key(|(e, _)| (cal.entries[*e].start, *e));
        for (n, (x, kx)) in list.iter().enumerate() {
            for (y, ky) in &list[n + 1..] {
                let (ex, ey) = (&cal.entries[*x], &cal.entries[*y]);
                if ey.start > ex.end {
                    break;
                }
                if at[*x].0 == at[*y].0 {
                    continue;
                }
                pairs.push((a, *x, *kx, *y, *ky));
                if pairs.len() >= MAX_COLLISIONS {
                    break 'all;
                }
            }
        }
    }
    for (a, x, kx, y, ky) in pairs {
        let (ex, ey) = (&cal.entries[x], &cal.entries[y]);
        let from = ex.start.max(ey.start);
        let to = ex.end.min(ey.end);
        let days = (to - from).num_days() + 1;
        let name = ex.audience_names[kx].clone();
        let message = format!(
            "{} ({}) and {} ({}) both target {name} from {from} to {to} ({days} days)",
            ex.unit, ex.name, ey.unit, ey.name
        );
        for (e, k) in [(x, kx), (y, ky)] {
            let c = &checked[at[e].0];
            findings.push(FindingRow::of(
                &c.report,
                &Finding::new(&AUDIENCE_COLLISION, message.clone())
                    .at_opt(at[e].1.get(k).cloned())
                    .help("sequence the two flights, run them as one group campaign, or agree which unit leads"),
            ));
        }
        cal.collisions.push(Collision {
            audience: a.to_string(),
            audience_name: name,
            first: ex.clone(),
            second: ey.clone(),
            from,
            to,
            days,
        });
    }
}

/// Initiatives that depend on another unit's initiative ending after they
/// start, or on one no plan of the review has.
fn dependencies(checked: &[Checked], cal: &mut Calendar, findings: &mut Vec<FindingRow>) {
    let mut initiatives: HashMap<&str, Vec<(usize, &crate::plan::Initiative)>> = HashMap::new();
    for (ci, c) in checked.iter().enumerate() {
        for i in c.plan.iter().flat_map(|p| &p.initiatives) {
            initiatives
                .entry(i.id.value.as_str())
                .or_default()
                .push((ci, i));
        }
    }
    for (ci, c) in checked.iter().enumerate() {
        let Some(plan) = &c.plan else { continue };
        let own: std::collections::HashSet<&str> = plan
            .initiatives
            .iter()
            .map(|x| x.id.value.as_str())
            .collect();
        for i in &plan.initiatives {
            for d in &i.depends_on {
                if own.contains(d.value.as_str()) {
                    continue; // the plan's own: `dependency-dates` in `check`
                }
                let others: Vec<&(usize, &crate::plan::Initiative)> = initiatives
                    .get(d.value.as_str())
                    .map(|v| v.iter().filter(|(o, _)| *o != ci).collect())
                    .unwrap_or_default();
                let mut report = |message: String,
                                  dep_unit: Option<String>,
                                  dep_name: Option<String>,
                                  ends| {
                    findings.push(FindingRow::of(
                        &c.report,
                        &Finding::new(&CROSS_UNIT_DEPENDENCY, message)
                            .at(d.span.clone())
                            .help("align the dates with the other unit, or remove the dependency"),
                    ));
                    cal.dependencies.push(Dependency {
                        file: c.report.path.clone(),
                        unit: unit_name(plan),
                        initiative: i.id.value.clone(),
                        initiative_name: i.name.clone(),
                        starts: i.start.value,
                        depends_on: d.value.clone(),
                        depends_on_name: dep_name,
                        depends_on_unit: dep_unit,
                        ends,
                    });
                };
                if others.is_empty() {
                    report(
                        format!(
                            "`{}` depends on `{}`, which no plan of the review has",
                            i.id.value, d.value
                        ),
                        None,
                        None,
                        None,
                    );
                }
                for (o, dep) in others {
                    if i.start.value > dep.end.value {
                        continue;
                    }
                    let other = checked[*o].plan.as_ref().map(unit_name).unwrap_or_default();
                    report(
                        format!(
                            "`{}` starts {} but depends on {other}'s `{}`, which ends {}",
                            i.id.value, i.start.value, dep.id.value, dep.end.value
                        ),
                        Some(other),
                        Some(dep.name.clone()),
                        Some(dep.end.value),
                    );
                }
            }
        }
    }
}

/// The rows the slide shows and its headline.
fn slide_and_headline(cal: &mut Calendar) {
    let mut shown: Vec<&Entry> = cal
        .entries
        .iter()
        .filter(|e| !e.audiences.is_empty() || e.kind == "initiative")
        .collect();
    shown.sort_by(|a, b| {
        (
            a.audiences.is_empty(),
            a.audiences.first(),
            a.start,
            &a.unit,
        )
            .cmp(&(
                b.audiences.is_empty(),
                b.audiences.first(),
                b.start,
                &b.unit,
            ))
    });
    cal.more = shown.len().saturating_sub(SLIDE_ROWS);
    cal.slide = shown.into_iter().take(SLIDE_ROWS).cloned().collect();
    let units = {
        let mut u: Vec<&str> = cal
            .entries
            .iter()
            .filter(|e| !e.audiences.is_empty())
            .map(|e| e.unit.as_str())
            .collect();
        u.sort_unstable();
        u.dedup();
        u.len()
    };
    cal.headline = match cal.collisions.iter().max_by_key(|c| c.days) {
        Some(c) => Some(format!(
            "{} and {} hit {} in the same {} days{}",
            c.first.unit,
            c.second.unit,
            c.audience_name,
            c.days,
            match cal.collisions.len() {
                1 => String::new(),
                n => format!(" ({n} collisions)"),
            }
        )),
        None if !cal.dependencies.is_empty() => Some(format!(
            "{} cross-unit dependenc{} out of step",
            cal.dependencies.len(),
            if cal.dependencies.len() == 1 {
                "y is"
            } else {
                "ies are"
            }
        )),
        None if units > 0 => Some(format!(
            "{units} units in market to named audiences, never two at once to the same one"
        )),
        // No entry names its audience and no dependency is out of step:
        // a timeline of who does what when, with nothing to check it
        // against, carries no finding (a reader scored "To whom, who, and
        // when" with no "to whom" a defect). No slide; the headline stays
        // for the summary's notes and the review's JSON.
        None => {
            let line = span_headline(&cal.slide);
            cal.slide.clear();
            cal.more = 0;
            line
        }
    };
}

/// "3 initiatives from January to June 2027; none names its audience, so
/// no collision can be checked"; `None` with nothing on the slide.
fn span_headline(shown: &[Entry]) -> Option<String> {
    let from = shown.iter().map(|e| e.start).min()?;
    let to = shown.iter().map(|e| e.end).max()?;
    let span = if from.format("%Y").to_string() == to.format("%Y").to_string() {
        format!("{} to {}", from.format("%B"), to.format("%B %Y"))
    } else {
        format!("{} to {}", from.format("%B %Y"), to.format("%B %Y"))
    };
    let n = shown.len();
    Some(format!(
        "{n} initiative{} from {span}; none names its audience, so no collision can be checked",
        if n == 1 { "" } else { "s" }
    ))
}
