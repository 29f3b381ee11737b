//! The people slide's chart: what its title claims, from the capacity
//! model (split from structure.rs, which holds the other structure views).

use rust_decimal::Decimal;
use serde::Serialize;

/// The people slide's chart, showing what its title claims: the named
/// skill's work against that skill's capacity where the title names one
/// (a gap, or the busiest skill), else the whole team's; a series that is
/// zero in every quarter ("work not covered" when nothing is uncovered)
/// is left out, not drawn as an empty legend entry.
#[derive(Debug, Serialize)]
pub struct PeopleChart {
    /// The skill the chart shows; `None`: the whole team.
    pub skill: Option<String>,
    /// `stacked-bar`: work and spare capacity in FTE-months; `bar`: the
    /// named skill's load as a percentage of its capacity, where the
    /// FTE-months draw the same in every quarter.
    pub kind: &'static str,
    pub series: Vec<String>,
    pub rows: Vec<PeopleRow>,
    /// The team row the title says the plan depends on ("only if the
    /// volunteer crew stays"): the chart then splits the named skill's work
    /// into what the rest of the team covers and what needs that row.
    pub row: Option<String>,
    /// A bar chart whose bars are all within 5% of each other (3, 3, 3, 3;
    /// 65%, 68%, 68%, 65%) carries no information a board can see: the
    /// slide states its values in one line instead ("3 FTE-months in each
    /// quarter"), and draws no chart.
    pub flat: Option<String>,
    /// A stacked chart whose columns are the capacity in some quarters (work
    /// and spare) and the work in others (work covered and short): each is
    /// labelled with the work needed, the sum of its first this-many series
    /// (a reader took "3" over a quarter with spare for the work, beside
    /// "3.9" over a short one), and the title says so.
    pub label_first: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct PeopleRow {
    pub label: String,
    pub values: Vec<Decimal>,
}

/// The chart for the people slide (see [`PeopleChart`]), or the line
/// that states a flat bar chart's values.
pub fn people_chart(
    cap: &crate::figures::capacity::Capacity,
    depends: Option<&super::hires::Depends>,
) -> PeopleChart {
    let mut chart = chart_of(cap, depends);
    if chart.kind == "bar" {
        let unit = if chart.row.is_some() {
            " FTE-months"
        } else {
            "%"
        };
        chart.flat = flat_line(&chart.rows, unit).map(|line| match &chart.row {
            // "only the front-desk loyalty ambassadors cover it": the
            // verb agrees with the row's last word.
            Some(row) => {
                let plural = row.ends_with('s') && !row.ends_with("ss");
                let verb = if plural { "cover" } else { "covers" };
                format!("{line}; only the {row} {verb} it")
            }
            None => line,
        });
    }
    chart
}

/// "3 FTE-months in each quarter", or "65% to 68% in each quarter (Q3
/// 2026 65%, Q4 2026 68%, …)", when every bar is within 5% of the largest
/// on a scale from 0 (the bars would look the same); `None` otherwise.
pub fn flat_line(rows: &[PeopleRow], unit: &str) -> Option<String> {
    let values: Vec<Decimal> = rows
        .iter()
        .map(|r| r.values.first().copied())
        .collect::<Option<_>>()?;
    let (lo, hi) = (values.iter().copied().min()?, values.iter().copied().max()?);
    if rows.len() < 2 || hi <= Decimal::ZERO || (hi - lo) * Decimal::from(20) > hi {
        return None;
    }
    let n = |d: Decimal| crate::format::format_number(d, 1);
    if lo == hi {
        return Some(format!("{}{unit} in each quarter", n(hi)));
    }
    let each: Vec<String> = rows
        .iter()
        .zip(&values)
        .map(|(r, v)| format!("{} {}{unit}", r.label, n(*v)))
        .collect();
    Some(format!(
        "{}{unit} to {}{unit} in each quarter ({})",
        n(lo),
        n(hi),
        each.join(", ")
    ))
}

fn chart_of(
    cap: &crate::figures::capacity::Capacity,
    depends: Option<&super::hires::Depends>,
) -> PeopleChart {
    use crate::figures::capacity::{ALL_SKILLS, QuarterLoad};
    if cap.gaps.is_empty()
        && let Some(k) = cap.at_risk.first()
        && let Some(chart) = row_chart(&k.role, &k.gap.skill, &k.loads)
    {
        return chart;
    }
    // The title names what "can deliver" rests on first and what is short
    // without it: the chart draws that skill with and without the row.
    if let Some(d) = depends
        && let Some(skill) = &d.skill
        && let Some(chart) = row_chart(&d.role, skill, &d.loads)
    {
        return chart;
    }
    // The title names the worst gap's skill, else the busiest skill (when
    // no row is at risk: then it speaks of the whole team).
    let named: Option<(String, Vec<QuarterLoad>)> = if let Some(g) = cap.gaps.first() {
        (!cap.gap_skill.is_empty()).then(|| (g.skill.clone(), cap.gap_skill.clone()))
    } else if cap.at_risk.is_empty() {
        cap.binding
            .as_ref()
            .filter(|b| b.skill != ALL_SKILLS)
            .and_then(|b| {
                let s = cap.skills.iter().find(|s| s.skill == b.skill)?;
                let loads = s
                    .quarters
                    .iter()
                    .map(|l| {
                        let c = l.capacity?;
                        Some(QuarterLoad {
                            label: l.label.clone(),
                            demand: l.demand,
                            capacity: c,
                            hires: Decimal::ZERO,
                            met: l.demand.min(c),
                            unmet: (l.demand - c).max(Decimal::ZERO),
                            spare: (c - l.demand).max(Decimal::ZERO),
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some((b.skill.clone(), loads))
            })
    } else {
        None
    };
    let (skill, loads) = match named {
        Some((s, l)) => (Some(s), l),
        None => (None, cap.quarters.clone()),
    };
    let columns: [LoadColumn; 3] = [
        ("Work the team covers", |q| q.met),
        ("Work not covered", |q| q.unmet),
        ("Spare capacity", |q| q.spare),
    ];
    let kept: Vec<usize> = (0..columns.len())
        .filter(|i| loads.iter().any(|q| !columns[*i].1(q).is_zero()))
        .collect();
    let rows: Vec<PeopleRow> = loads
        .iter()
        .map(|q| PeopleRow {
            label: q.label.clone(),
            values: kept.iter().map(|i| columns[*i].1(q)).collect(),
        })
        .collect();
    // A named skill whose FTE-months draw the same in every quarter (2.0
    // worked and 1.0 spare four times, under "ABM is busiest, at 68% in
    // Q4") carries no information: its load as a share of its capacity
    // shows the quarters apart, and the busiest.
    let shown = |r: &PeopleRow| r.values.iter().map(|v| v.round_dp(1)).collect::<Vec<_>>();
    let flat = rows.len() > 1 && rows.windows(2).all(|w| shown(&w[0]) == shown(&w[1]));
    let utilisation = skill.as_ref().and_then(|k| {
        let s = cap.skills.iter().find(|s| &s.skill == k)?;
        s.quarters
            .iter()
            .map(|l| Some((l.label.clone(), l.utilisation?.round_dp(0))))
            .collect::<Option<Vec<_>>>()
    });
    if let Some(shares) = utilisation.filter(|_| flat) {
        return PeopleChart {
            skill,
            kind: "bar",
            series: vec!["Share of capacity".to_string()],
            row: None,
            flat: None,
            label_first: None,
            rows: shares
                .into_iter()
                .map(|(label, share)| PeopleRow {
                    label,
                    values: vec![share],
                })
                .collect(),
        };
    }
    // Work covered and work short make the work needed; spare capacity
    // stacks on the work only in a quarter with nothing short, so no column
    // holds both, and every column is labelled with the work needed.
    let label_first = kept
        .contains(&2)
        .then(|| kept.iter().filter(|i| **i < 2).count());
    PeopleChart {
        skill,
        kind: "stacked-bar",
        series: kept.iter().map(|i| columns[*i].0.to_string()).collect(),
        rows,
        row: None,
        flat: None,
        label_first,
    }
}

/// The chart for "the team can deliver the plan only if the X stays": the
/// skill the row's loss would leave short, by quarter, as the work needed,
/// split into what the rest of the team covers, what is short without the
/// row (what it covers), and what is short even with it — the dependency
/// the title claims. No spare capacity: spare with the row stacked on work
/// short without it drew two states that cannot coexist in one column and
/// labelled their sum (a board reader), so every column is the work needed.
fn row_chart(
    role: &str,
    skill: &str,
    loads: &[crate::figures::capacity::RowLoad],
) -> Option<PeopleChart> {
    let rows: Vec<PeopleRow> = loads
        .iter()
        .map(|l| {
            let (with, without) = (l.with?, l.without?);
            let rest = l.demand.min(without).max(Decimal::ZERO);
            let needs_row = (l.demand.min(with) - rest).max(Decimal::ZERO);
            let short = (l.demand - rest - needs_row).max(Decimal::ZERO);
            Some(PeopleRow {
                label: l.label.clone(),
                values: vec![rest, needs_row, short]
                    .into_iter()
                    .map(|v| v.round_dp(1).normalize())
                    .collect(),
            })
        })
        .collect::<Option<_>>()?;
    // The role as a series name: up to a bracket or comma (the chart
    // language separates series with commas), as in a sentence.
    let short = role.split([',', '(']).next().unwrap_or(role).trim();
    let role = super::story::lower_first(short);
    // The middle series in the title's words: "only if the crew stays" /
    // "without the hire, … short" is the work the rest cannot cover, so it
    // is named as the shortfall without the row (a board read "work only
    // the crew covers" under a big spare-capacity bar as no shortfall).
    let series = [
        "Work the rest of the team covers".to_string(),
        format!("Short without the {role}"),
        format!("Short even with the {role}"),
    ];
    // The same columns in every quarter (3 of 5.4 four times) say one
    // thing: the work only the row covers, drawn alone as a bar.
    let flat = rows.len() > 1 && rows.windows(2).all(|w| w[0].values == w[1].values);
    if flat {
        return Some(PeopleChart {
            skill: Some(skill.to_string()),
            kind: "bar",
            series: vec![format!("Work only the {role} covers")],
            rows: rows
                .into_iter()
                .map(|r| PeopleRow {
                    values: vec![r.values[1]],
                    label: r.label,
                })
                .collect(),
            row: Some(role),
            flat: None,
            label_first: None,
        });
    }
    // A legend lists only series drawn: a series zero in every quarter
    // ("the rest of the team covers" nothing) is left out.
    let kept: Vec<usize> = (0..series.len())
        .filter(|i| rows.iter().any(|r| !r.values[*i].is_zero()))
        .collect();
    Some(PeopleChart {
        skill: Some(skill.to_string()),
        kind: "stacked-bar",
        series: kept.iter().map(|i| series[*i].clone()).collect(),
        rows: rows
            .into_iter()
            .map(|r| PeopleRow {
                values: kept.iter().map(|i| r.values[*i]).collect(),
                label: r.label,
            })
            .collect(),
        row: Some(role),
        flat: None,
        label_first: None,
    })
}

/// A people-chart series: its name and how to read it from a quarter.
type LoadColumn = (
    &'static str,
    fn(&crate::figures::capacity::QuarterLoad) -> Decimal,
);
