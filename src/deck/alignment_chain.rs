//! The appendix alignment map as the one view no other slide gives: the
//! goal ← objective ← channels chain, one row per objective with the
//! goals it serves and the number and money of the channels that serve it,
//! and the gaps (a goal no objective serves, an objective no channel
//! serves, channels that serve no objective).
//!
//! A board reader scored the old map (one row per channel, its budget and
//! a dot per objective) as redundant: the channel slide's forecast columns
//! already say which objectives each channel serves. What no slide says is
//! how much of the channel money stands behind each objective and where
//! the chain breaks, so that is what the map shows.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::{Plan, Ref};

#[derive(Debug, Serialize)]
pub struct ChainRow {
    /// The goals the objective serves, by short name; "" where none.
    pub goals: String,
    /// The objective's statement; empty for a gap row with no objective.
    pub objective: String,
    /// The row is a gap the plan's author should close.
    pub gap: Option<String>,
    pub channels: usize,
    /// The budget of the channels that serve it (each counted in full).
    pub budget: Decimal,
    /// Of that, the channels that serve this objective and no other.
    pub only: Decimal,
}

#[derive(Debug, Serialize)]
pub struct Chain {
    pub rows: Vec<ChainRow>,
    /// Whether the map has a slide of its own: more than `thin` rows (the
    /// deck's thin-slide rule); else `line` on the health slide.
    pub slide: bool,
    /// The map in one line for the health slide when it is thin.
    pub line: Option<String>,
    /// Some channel serves more than one objective, so the budgets add to
    /// more than the channels' total: the slide says so once.
    pub shared: bool,
    pub channel_total: Decimal,
    /// Some objective has channels serving it alone: the column of that
    /// money is shown (a column of zeros on every row told a board nothing).
    pub only_column: bool,
}

fn serves(refs: &[Ref], id: &str) -> bool {
    refs.iter().any(|r| r.value == id)
}

/// The chain for a plan; `thin`: the most rows a slide of its own may not
/// have (`structure::THIN_ROWS`, passed in so neither file imports the
/// other's).
pub fn chain(plan: &Plan, thin: usize) -> Chain {
    let cur = &plan.meta.currency.value;
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.value.as_str()).collect();
    let objective_ids: Vec<&str> = plan
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    // How many known objectives each channel serves, to tell its own money
    // from money it shares.
    let served_count = |refs: &[Ref]| objective_ids.iter().filter(|id| serves(refs, id)).count();
    let objective_row = |o: &crate::plan::Objective| {
        let goals: Vec<String> = goal_ids
            .iter()
            .filter(|g| serves(&o.supports, g))
            .map(|g| crate::plan::words::short_label(plan, g))
            .collect();
        let serving: Vec<_> = plan
            .channels
            .iter()
            .filter(|c| serves(&c.supports, &o.id.value))
            .collect();
        let gap = if serving.is_empty() {
            Some("no channel serves it".to_string())
        } else if goals.is_empty() && !goal_ids.is_empty() {
            Some("it serves no goal".to_string())
        } else {
            None
        };
        ChainRow {
            goals: goals.join(", "),
            objective: o.statement.clone(),
            gap,
            channels: serving.len(),
            budget: serving.iter().map(|c| c.budget.value).sum(),
            only: serving
                .iter()
                .filter(|c| served_count(&c.supports) == 1)
                .map(|c| c.budget.value)
                .sum(),
        }
    };
    let mut rows = Vec::new();
    let mut placed = vec![false; plan.objectives.len()];
    // Grouped by the first goal each objective serves, in the plan's goal
    // order, so the rows read goal by goal.
    for g in &goal_ids {
        let mut any = false;
        for (i, o) in plan.objectives.iter().enumerate() {
            if serves(&o.supports, g) {
                any = true;
                if !placed[i] {
                    placed[i] = true;
                    rows.push(objective_row(o));
                }
            }
        }
        if !any {
            rows.push(ChainRow {
                goals: crate::plan::words::short_label(plan, g),
                objective: String::new(),
                gap: Some("no objective serves this goal".to_string()),
                channels: 0,
                budget: Decimal::ZERO,
                only: Decimal::ZERO,
            });
        }
    }
    for (i, o) in plan.objectives.iter().enumerate() {
        if !placed[i] {
            rows.push(objective_row(o));
        }
    }
    let orphans: Vec<_> = plan
        .channels
        .iter()
        .filter(|c| served_count(&c.supports) == 0)
        .collect();
    if !orphans.is_empty() {
        let budget: Decimal = orphans.iter().map(|c| c.budget.value).sum();
        rows.push(ChainRow {
            goals: String::new(),
            objective: String::new(),
            gap: Some(format!(
                "{} serve{} no objective",
                orphans
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if orphans.len() == 1 { "s" } else { "" }
            )),
            channels: orphans.len(),
            budget,
            only: budget,
        });
    }
    let slide = rows.len() > thin;
    let money = |d: Decimal| crate::format::format_money(d, cur, true);
    let line = (!slide && !rows.is_empty()).then(|| {
        rows.iter()
            .map(|r| {
                let what = match (&r.gap, r.objective.is_empty()) {
                    // A goal no objective serves: its name, then the gap.
                    (Some(gap), true) if !r.goals.is_empty() => {
                        return format!("{}: {gap}", r.goals);
                    }
                    (Some(gap), true) => gap.clone(),
                    _ => r.objective.clone(),
                };
                let goals = if r.goals.is_empty() {
                    String::new()
                } else {
                    format!(" (serves {})", r.goals)
                };
                let channels = match r.channels {
                    0 => "no channel".to_string(),
                    1 => format!("1 channel, {}", money(r.budget)),
                    n => format!("{n} channels, {}", money(r.budget)),
                };
                format!("{what}{goals} ← {channels}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    Chain {
        only_column: rows
            .iter()
            .any(|r| r.gap.is_none() && r.only > Decimal::ZERO),
        shared: plan.channels.iter().any(|c| served_count(&c.supports) > 1),
        channel_total: plan.channels.iter().map(|c| c.budget.value).sum(),
        rows,
        slide,
        line,
    }
}
