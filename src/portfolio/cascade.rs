//! The cascade across plans: do the units' plans add up to the company plan?
//!
//! A unit's goal names the company objective it serves (`from`) and what it
//! adds to it, in the objective's unit: its `contribution`, or target −
//! baseline when the units match. Per company objective, the review sums
//! the units' contributions against the part of what the objective needs
//! (target − baseline) that the units deliver, and reports coverage and
//! shortfall.
//!
//! Who delivers is the company plan's to say: `delivered_by = "units"`
//! (all of it), `units_share = <percent>` (that part; the company's own
//! channels forecast the rest), or neither (the company delivers it, and
//! its own forecast is checked by `forecast-shortfall`, not the units).

use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Checked, FindingRow, ObjectiveRef, unit_name};
use crate::check::cascade::contribution;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::percent;
use crate::plan::{Goal, Objective, Plan};

pub const CASCADE_SHORTFALL: Rule = Rule {
    id: "cascade-shortfall",
    severity: Severity::Warning,
    family: "review",
    summary: "the units' contributions do not add up to a company objective",
    explanation: "`mvplan review` adds up what each business unit's goals contribute to a \
company objective (a goal's `contribution`, or its target − baseline when it is measured in the \
objective's unit) and compares the sum with the part of what the objective needs (target − \
baseline) that the units deliver: all of it with `delivered_by = \"units\"`, its `units_share` \
when the company plan splits it. A shortfall means the company plan, as the units have planned \
it, will not reach its own target: ask a unit for more, add a unit, or lower the company target. \
The message gives the gap in the objective's unit. An objective the units deliver that no unit \
serves is a shortfall of all of it; one the company delivers itself is checked by the company \
plan's own forecasts (`forecast-shortfall`), not here.",
    configurable: false,
};

/// One unit goal's part in a company objective.
#[derive(Debug, Serialize)]
pub struct Contribution {
    pub file: String,
    pub unit: String,
    pub goal: String,
    /// In the company objective's unit; `None` when it can't be known.
    pub amount: Option<Decimal>,
}

/// A company objective, the units that serve it, and how far they get.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// The parent (company) plan.
    pub parent: String,
    pub parent_file: String,
    pub objective: String,
    pub statement: String,
    /// The objective's metric (or statement): its label on a chart.
    pub label: String,
    /// The objective's unit.
    pub unit: Option<String>,
    /// Units whose goals cascade from it.
    pub units: Vec<String>,
    /// The percentage of the objective the units deliver (100 with
    /// `delivered_by = "units"`, `units_share` when split, 0 when the
    /// company delivers it).
    pub units_share: Decimal,
    /// What the units must add: the `units_share` of target − baseline
    /// (or of the target); `None` when the company delivers it.
    pub needed: Option<Decimal>,
    pub contributions: Vec<Contribution>,
    /// The contributions that could be added up.
    pub contributed: Decimal,
    /// `contributed` as a percentage of `needed`.
    pub coverage: Option<Decimal>,
    /// For the chart: the covered part, at most 100, and the rest to 100.
    pub covered_percent: Decimal,
    pub short_percent: Decimal,
    /// `needed − contributed`, when positive and every contribution is known.
    pub shortfall: Option<Decimal>,
    /// Whether every contribution could be added up.
    pub summable: bool,
}

/// What the cascade found across the batch.
pub struct Cascade {
    pub coverage: Vec<Coverage>,
    pub uncovered: Vec<ObjectiveRef>,
    pub untraced: Vec<String>,
    pub findings: Vec<FindingRow>,
}

/// What the units must add to `o`: their share of target − baseline (or
/// of the target). `None` when the company plan delivers it itself.
fn needed(o: &Objective) -> Option<Decimal> {
    let share = o.units_part();
    if share.is_zero() {
        return None;
    }
    let target = o.measure.target.as_ref()?.value;
    let all = match &o.measure.baseline {
        Some(b) => target.checked_sub(b.value),
        None => Some(target),
    }?;
    all.checked_mul(share)?
        .checked_div(Decimal::ONE_HUNDRED)
        .map(|n| n.normalize())
}

/// What a company objective needs of its units and what they add.
struct Shortfall {
    units_share: Decimal,
    contributed: Decimal,
    gap: Decimal,
    needed: Decimal,
    coverage: Option<Decimal>,
}

/// `cascade-shortfall` on the company objective's target: what the units
/// add, of what it needs, and who serves it.
fn shortfall_finding(
    parent: &Checked,
    o: &crate::plan::Objective,
    units: &[String],
    sf: Shortfall,
) -> FindingRow {
    let Shortfall {
        units_share,
        contributed,
        gap,
        needed: n,
        coverage,
    } = sf;
    let q = |d: Decimal| crate::format::format_quantity(d, o.measure.unit.as_deref(), false);
    let at = o
        .measure
        .target
        .as_ref()
        .map_or(o.id.span.clone(), |t| t.span.clone());
    let served = if units.is_empty() {
        "no unit serves it".to_string()
    } else {
        format!("served by {}", units.join(", "))
    };
    let part = if units_share == Decimal::ONE_HUNDRED {
        String::new()
    } else {
        format!(" (its `units_share` of {}%)", units_share.normalize())
    };
    FindingRow::of(
        &parent.report,
        &Finding::new(
            &CASCADE_SHORTFALL,
            format!(
                "the units add {} to `{}` of the {}{part} it needs: {} short ({served})",
                q(contributed),
                o.id.value,
                q(n),
                q(gap)
            ),
        )
        .at(at)
        .label(format!(
            "units cover {}%",
            coverage.map_or("0".into(), |c| c.round_dp(0).to_string())
        ))
        .help("ask a unit for more, add a unit, or lower the company target"),
    )
}

/// Parent plans in the batch, their objectives, which units serve them and
/// how much they add up to.
pub fn roll(checked: &[Checked]) -> Cascade {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut out = Cascade {
        coverage: Vec::new(),
        uncovered: Vec::new(),
        untraced: Vec::new(),
        findings: Vec::new(),
    };
    // Children by the canonical path of the parent they name: each path is
    // resolved once (resolving per pair was a million system calls for a
    // review of 1,000 plans).
    let mut children_of: std::collections::HashMap<std::path::PathBuf, Vec<(&Plan, &Checked)>> =
        std::collections::HashMap::new();
    for c in checked {
        let Some(plan) = &c.plan else { continue };
        let Some(link) = &plan.meta.parent else {
            continue;
        };
        let dir = c.path.parent().unwrap_or(Path::new("."));
        children_of
            .entry(canon(&dir.join(&link.value)))
            .or_default()
            .push((plan, c));
    }
    for parent in checked {
        let Some(pp) = &parent.plan else { continue };
        if children_of.is_empty() {
            break;
        }
        let Some(children) = children_of.get(&canon(&parent.path)) else {
            continue;
        };
        for o in &pp.objectives {
            let mut units = Vec::new();
            let mut contributions = Vec::new();
            for (child, c) in children {
                let goals: Vec<&Goal> = child
                    .goals
                    .iter()
                    .filter(|g| g.from.as_ref().is_some_and(|f| f.value == o.id.value))
                    .collect();
                if goals.is_empty() {
                    continue;
                }
                units.push(unit_name(child));
                for g in goals {
                    // A contribution that can't be added up is reported by
                    // `check` on the unit's plan (rule cascade-unsummable).
                    let amount = contribution(g, o);
                    contributions.push(Contribution {
                        file: c.report.path.clone(),
                        unit: unit_name(child),
                        goal: g.id.value.clone(),
                        amount,
                    });
                }
            }
            let units_share = o.units_part();
            // The company delivers it and no unit says otherwise: its own
            // forecast is checked (`forecast-shortfall`), not the units'.
            if units_share.is_zero() && units.is_empty() {
                continue;
            }
            let summable = contributions.iter().all(|c| c.amount.is_some());
            let contributed = contributions
                .iter()
                .filter_map(|c| c.amount)
                .fold(Decimal::ZERO, Decimal::saturating_add);
            let needed = needed(o);
            let shortfall = needed
                .filter(|_| summable)
                .and_then(|n| n.checked_sub(contributed))
                .filter(|gap| *gap > Decimal::ZERO);
            let coverage = needed.and_then(|n| percent(contributed, n));
            if units.is_empty() {
                out.uncovered.push(ObjectiveRef {
                    file: parent.report.path.clone(),
                    objective: o.id.value.clone(),
                });
            }
            if let (Some(gap), Some(n)) = (shortfall, needed) {
                out.findings.push(shortfall_finding(
                    parent,
                    o,
                    &units,
                    Shortfall {
                        units_share,
                        contributed,
                        gap,
                        needed: n,
                        coverage,
                    },
                ));
            }
            let hundred = Decimal::ONE_HUNDRED;
            let covered_percent = coverage
                .unwrap_or_default()
                .clamp(Decimal::ZERO, hundred)
                .round_dp(1);
            out.coverage.push(Coverage {
                covered_percent,
                short_percent: hundred - covered_percent,
                parent: unit_name(pp),
                parent_file: parent.report.path.clone(),
                objective: o.id.value.clone(),
                statement: o.statement.clone(),
                label: crate::plan::words::label(pp, &o.id.value),
                unit: o.measure.unit.clone(),
                units,
                units_share,
                needed,
                contributions,
                contributed: contributed.round_dp(2).normalize(),
                coverage,
                shortfall,
                summable,
            });
        }
        for (child, _) in children {
            let ids: Vec<&str> = pp.objectives.iter().map(|o| o.id.value.as_str()).collect();
            let traced = child.goals.iter().any(|g| {
                g.from
                    .as_ref()
                    .is_some_and(|f| ids.contains(&f.value.as_str()))
            });
            if !traced {
                out.untraced.push(unit_name(child));
            }
        }
    }
    out
}
