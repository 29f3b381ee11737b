//! The budget-levels view of the media slides: the plan's budget and each
//! scenario's, with what the curves give there in the planned and the best
//! mix. Split from `media.rs` (the curves and the allocation) along the seam
//! between one budget's split and several budgets' levels.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::media::Media;
use crate::format::{approx, format_money, format_quantity};
use crate::plan::Plan;

#[derive(Debug, Serialize)]
pub struct LevelsView {
    /// States what the levels show, for the slide's title.
    pub headline: String,
    pub columns: Vec<LevelColumn>,
    pub rows: Vec<LevelRow>,
}

#[derive(Debug, Serialize)]
pub struct LevelColumn {
    pub metric: String,
    pub unit: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LevelRow {
    /// The scenario's id (`None` for the plan's own row).
    #[serde(skip)]
    pub scenario: Option<String>,
    pub name: String,
    pub budget: Decimal,
    /// Per column: with the planned mix, and with the best mix.
    pub planned: Vec<Decimal>,
    pub optimal: Vec<Option<Decimal>>,
}

pub(super) fn dec(x: f64) -> Decimal {
    Decimal::from_f64_retain(x).map_or(Decimal::ZERO, |d| d.round_dp(2))
}

/// Rounded as the headlines and tables show it (three significant figures).
pub(super) fn shown(x: f64) -> Decimal {
    approx(x)
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| dec(x))
}

/// The plan and each scenario's budget, with what the curves give there.
pub(super) fn levels(plan: &Plan, media: &Media) -> LevelsView {
    let columns = media
        .objectives
        .iter()
        .map(|o| LevelColumn {
            metric: plan
                .objective(&o.id)
                .and_then(|x| x.measure.metric.as_ref().map(|m| m.value.clone()))
                .unwrap_or_else(|| o.id.clone()),
            unit: o.unit.clone(),
        })
        .collect();
    let mut rows = vec![LevelRow {
        scenario: None,
        name: "Plan".into(),
        budget: plan.budget.total.value,
        planned: media
            .objectives
            .iter()
            .map(|o| shown(o.base + o.planned))
            .collect(),
        optimal: media
            .objectives
            .iter()
            .map(|o| Some(shown(o.base + o.optimal)))
            .collect(),
    }];
    for s in &media.scenarios {
        // A scenario at the plan's own budget is the plan's row again.
        if s.budget == plan.budget.total.value {
            continue;
        }
        // Money an ask releases late buys only the months left (the
        // scenarios slide's row); a full year's best mix of it is no
        // level the board can choose.
        if crate::check::ask_release::scenario_release(plan, &s.id).is_some() {
            continue;
        }
        let name = plan
            .scenarios
            .iter()
            .find(|x| x.id.value == s.id)
            .map_or(s.id.clone(), |x| x.name.clone());
        rows.push(LevelRow {
            scenario: Some(s.id.clone()),
            name,
            budget: s.budget,
            planned: s.outcomes.iter().map(|o| shown(o.planned_mix)).collect(),
            optimal: s
                .outcomes
                .iter()
                .map(|o| o.optimal_mix.map(shown))
                .collect(),
        });
    }
    let currency = plan.meta.currency.value.as_str();
    let headline = match (
        rows.first(),
        rows.iter().skip(1).max_by_key(|r| r.budget),
        media.objectives.first(),
    ) {
        (Some(p), Some(top), Some(o)) if top.budget > p.budget => {
            let q = |d: Decimal| format_quantity(d, o.unit.as_deref(), true);
            format!(
                "The best mix at {} buys {}; {} in the planned mix buys {}",
                format_money(p.budget, currency, true),
                p.optimal
                    .first()
                    .copied()
                    .flatten()
                    .map_or_else(String::new, q),
                format_money(top.budget, currency, true),
                top.planned.first().copied().map_or_else(String::new, q),
            )
        }
        _ => "What each budget level buys, by the curves".to_string(),
    };
    LevelsView {
        headline,
        columns,
        rows,
    }
}
