//! The plan's structure as its slides show it: which channels serve which
//! objectives serve which goals (the alignment map), the roadmap by
//! quarter, and the risks by exposure.

use chrono::NaiveDate;
use serde::Serialize;

use rust_decimal::Decimal;

use crate::figures::Figures;
use crate::plan::*;

#[derive(Debug, Serialize)]
pub struct MatrixRow<'p> {
    pub name: &'p str,
    pub id: &'p str,
    pub amount: Option<Decimal>,
    /// One per column; empty when the matrix is too wide to show.
    pub cells: Vec<bool>,
    /// The short names of the columns the row serves, for the list form.
    pub serves: Vec<String>,
}

/// Columns a matrix slide can show. Wider, a matrix is unreadable (and a
/// plan with thousands of objectives would make millions of cells): the
/// templates then list what each row serves instead.
pub const MATRIX_MAX_COLUMNS: usize = 12;

/// Which channels serve which objectives serve which goals.
#[derive(Debug, Serialize)]
pub struct AlignmentView<'p> {
    pub goal_ids: Vec<&'p str>,
    pub objective_ids: Vec<&'p str>,
    /// The column headers a board reads: each goal's and objective's short
    /// name (`words::short_label`), never its id.
    pub goal_labels: Vec<String>,
    pub objective_labels: Vec<String>,
    /// Whether `objectives_by_goal` has cells (few enough goals).
    pub goals_matrix: bool,
    /// Whether `channels_by_objective` has cells (few enough objectives).
    pub objectives_matrix: bool,
    /// One row per objective, one cell per goal.
    pub objectives_by_goal: Vec<MatrixRow<'p>>,
    /// One row per channel, one cell per objective.
    pub channels_by_objective: Vec<MatrixRow<'p>>,
}

#[derive(Debug, Serialize)]
pub struct InitiativeRow<'p> {
    #[serde(flatten)]
    pub initiative: &'p Initiative,
    /// One per quarter: whether the initiative runs in it.
    pub active: Vec<bool>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneRow<'p> {
    #[serde(flatten)]
    pub milestone: &'p Milestone,
    pub quarter: Option<String>,
    pub initiative_name: Option<&'p str>,
}

#[derive(Debug, Serialize)]
pub struct RoadmapView<'p> {
    pub quarters: Vec<String>,
    pub initiatives: Vec<InitiativeRow<'p>>,
    /// By date.
    pub milestones: Vec<MilestoneRow<'p>>,
}

#[derive(Debug, Serialize)]
pub struct RiskView<'p> {
    #[serde(flatten)]
    pub risk: &'p Risk,
    /// likelihood × impact, 1 to 9.
    pub exposure: u8,
    pub exposure_level: Level,
    /// Its impact in money (or the objective's unit) and exposure, when given.
    pub impact_amount: super::value::RiskImpact,
}

pub fn level_value(l: Level) -> u8 {
    match l {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    }
}

pub fn alignment<'p>(plan: &'p Plan) -> AlignmentView<'p> {
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.value.as_str()).collect();
    let objective_ids: Vec<&str> = plan
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    let goals_matrix = goal_ids.len() <= MATRIX_MAX_COLUMNS;
    let objectives_matrix = objective_ids.len() <= MATRIX_MAX_COLUMNS;
    let cells = |refs: &[Ref], columns: &[&str], shown: bool| -> Vec<bool> {
        if !shown {
            return Vec::new();
        }
        columns
            .iter()
            .map(|c| refs.iter().any(|r| r.value == *c))
            .collect()
    };
    let goal_labels = column_labels(plan, &goal_ids);
    let objective_labels = column_labels(plan, &objective_ids);
    let serves = |refs: &'p [Ref], columns: &[&str], labels: &[String]| -> Vec<String> {
        refs.iter()
            .filter_map(|r| columns.iter().position(|c| *c == r.value))
            .map(|i| labels[i].clone())
            .collect()
    };
    AlignmentView {
        goals_matrix,
        objectives_matrix,
        objectives_by_goal: plan
            .objectives
            .iter()
            .map(|o| MatrixRow {
                name: &o.statement,
                id: &o.id.value,
                amount: None,
                cells: cells(&o.supports, &goal_ids, goals_matrix),
                serves: serves(&o.supports, &goal_ids, &goal_labels),
            })
            .collect(),
        channels_by_objective: plan
            .channels
            .iter()
            .map(|c| MatrixRow {
                name: &c.name,
                id: &c.id.value,
                amount: Some(c.budget.value),
                cells: cells(&c.supports, &objective_ids, objectives_matrix),
                serves: serves(&c.supports, &objective_ids, &objective_labels),
            })
            .collect(),
        goal_ids,
        objective_ids,
        goal_labels,
        objective_labels,
    }
}

/// Short names for matrix columns; where two would read the same, both keep
/// their full name, so no two columns look alike.
fn column_labels(plan: &Plan, ids: &[&str]) -> Vec<String> {
    let short: Vec<String> = ids
        .iter()
        .map(|id| crate::plan::words::short_label(plan, id))
        .collect();
    short
        .iter()
        .zip(ids)
        .map(|(s, id)| {
            if short.iter().filter(|x| *x == s).count() > 1 {
                crate::plan::words::label(plan, id)
            } else {
                s.clone()
            }
        })
        .collect()
}

pub fn quarter_of(fig: &Figures, d: NaiveDate) -> Option<String> {
    fig.quarters
        .iter()
        .find(|q| d >= q.start && d <= q.end)
        .map(|q| q.label.clone())
}

pub fn roadmap<'p>(plan: &'p Plan, fig: &Figures) -> RoadmapView<'p> {
    let initiatives = plan
        .initiatives
        .iter()
        .map(|i| InitiativeRow {
            initiative: i,
            active: fig
                .quarters
                .iter()
                .map(|q| i.start.value <= q.end && i.end.value >= q.start)
                .collect(),
        })
        .collect();
    let mut milestones: Vec<MilestoneRow<'p>> = plan
        .milestones
        .iter()
        .map(|m| MilestoneRow {
            milestone: m,
            quarter: quarter_of(fig, m.date.value),
            initiative_name: m.initiative.as_ref().and_then(|r| {
                plan.initiatives
                    .iter()
                    .find(|i| i.id.value == r.value)
                    .map(|i| i.name.as_str())
            }),
        })
        .collect();
    milestones.sort_by_key(|m| m.milestone.date.value);
    RoadmapView {
        quarters: fig.quarters.iter().map(|q| q.label.clone()).collect(),
        initiatives,
        milestones,
    }
}

pub fn risks(plan: &Plan) -> Vec<RiskView<'_>> {
    // Highest exposure first (in money where given), as the summary's main risk.
    crate::figures::value::risk_order(plan)
        .into_iter()
        .filter_map(|i| plan.risks.get(i))
        .map(|r| {
            let exposure = level_value(r.likelihood) * level_value(r.impact);
            RiskView {
                risk: r,
                exposure,
                exposure_level: match exposure {
                    6..=9 => Level::High,
                    3..=5 => Level::Medium,
                    _ => Level::Low,
                },
                impact_amount: super::value::risk_impact(plan, r),
            }
        })
        .collect()
}
