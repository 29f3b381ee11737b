//! Where a CMO looks first across the units: plans with errors, the lowest
//! chain scores (each with the parts that lost points, so the number states
//! its basis), unallocated budgets, stale insights, and what traces to no
//! company objective. Two lists or fewer go on the summary (a thin slide of
//! their own is one a board marks); more keep a slide titled by what they
//! count.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Checked, Portfolio, UnitRow};
use crate::format::counted as plural;
use crate::format::lower_first;

/// One list of where to look first ("Plans with errors": "eShop (3 errors)").
#[derive(Debug, Serialize)]
pub struct Outlier {
    pub label: String,
    pub items: Vec<String>,
}

/// Where to look first, each list with its basis.
pub fn lines(p: &Portfolio, checked: &[Checked]) -> Vec<Outlier> {
    let mut out = Vec::new();
    let mut add = |label: &str, items: &[String]| {
        if !items.is_empty() {
            out.push(Outlier {
                label: label.to_string(),
                items: items.to_vec(),
            });
        }
    };
    add("Plans with errors", &p.with_errors);
    let scores: Vec<String> = p
        .lowest_scores
        .iter()
        .filter_map(|s| {
            let unit = s.split(" (").next()?;
            let row = p.plans.iter().find(|u| u.unit == unit)?;
            let c = checked.iter().find(|c| c.report.path == row.file)?;
            Some(score_words(row, c.report.figures.as_ref()?))
        })
        .collect();
    add(
        "Lowest chain scores (goal → objective → channel → KPI)",
        &scores,
    );
    add("Largest unallocated budgets", &p.most_unallocated);
    add("Stale insights", &p.stale);
    add("Company objectives no unit serves", &p.uncovered);
    add("Units serving no company objective", &p.untraced);
    let gaps: Vec<String> = p
        .shared_skill_gaps
        .iter()
        .map(|g| format!("{} ({})", g.skill, g.units.join(", ")))
        .collect();
    add("Skills several units need and none has", &gaps);
    out
}

/// "Northgate Consulting 84/100: −10 for funded channels with KPI targets
/// for all they bring (1 of 3), −6 for spend tied to a forecast (76%)": the
/// score with the parts that lost points, so the number states its basis.
fn score_words(row: &UnitRow, fig: &crate::figures::Figures) -> String {
    let lost: Vec<String> = fig
        .score
        .parts
        .iter()
        .filter(|s| s.points < Decimal::from(s.weight))
        .map(|s| {
            // Spend as a share: two amounts beside the units' other
            // amounts read as one figure rounded twice (€1.2M, €1.21M).
            let (of, covered) = if s.key == "spend-tied" {
                (
                    crate::figures::percent(s.covered, s.of).map_or_else(
                        || "none".to_string(),
                        |p| format!("{}%", crate::format::format_number(p.round_dp(0), 0)),
                    ),
                    String::new(),
                )
            } else {
                (
                    crate::format::format_number(s.of, 0),
                    crate::format::format_number(s.covered, 0),
                )
            };
            let what = match s.key {
                "channels-kpi" => "funded channels with KPI targets for all they bring",
                "spend-tied" => "spend tied to a forecast",
                _ => s.name,
            };
            let lost = crate::format::format_number(Decimal::from(s.weight) - s.points, 0);
            if covered.is_empty() {
                format!("−{lost} for {} ({of})", lower_first(what))
            } else {
                format!("−{lost} for {} ({covered} of {of})", lower_first(what))
            }
        })
        .collect();
    if lost.is_empty() {
        format!("{} {}/100", row.unit, row.score)
    } else {
        format!("{} {}/100: {}", row.unit, row.score, lost.join(", "))
    }
}

/// "1 plan has errors; 5 plans score below 100 on the chain check; 2 plans
/// hold unallocated budget" — the first three lists, counted.
pub fn title(p: &Portfolio) -> String {
    let counts = [
        (p.with_errors.len(), "has errors", "have errors"),
        (
            p.lowest_scores.len(),
            "scores below 100 on the chain check",
            "score below 100 on the chain check",
        ),
        (
            p.most_unallocated.len(),
            "holds unallocated budget",
            "hold unallocated budget",
        ),
        (
            p.stale.len(),
            "rests on stale insights",
            "rest on stale insights",
        ),
        (
            p.untraced.len(),
            "serves no company objective",
            "serve no company objective",
        ),
    ];
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .take(3)
        .map(|(n, one, many)| {
            format!(
                "{} {}",
                plural(*n, "plan", "plans"),
                if *n == 1 { one } else { many }
            )
        })
        .collect();
    crate::format::capitalised(&parts.join("; "))
}
