//! The budget-levels view of the media slides: the plan's budget and each
//! scenario's, with what the curves give there in the planned and the best
//! mix. Split from `media.rs` (the curves and the allocation) along the seam
//! between one budget's split and several budgets' levels.

use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::media::BestMix;
use crate::figures::media::Media;
use crate::format::{approx, format_money, format_quantity};
use crate::plan::Plan;

#[derive(Debug, Clone, Serialize)]
pub struct LevelsView {
    /// States what the levels show, for the slide's title.
    pub headline: String,
    pub columns: Vec<LevelColumn>,
    pub rows: Vec<LevelRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelColumn {
    pub metric: String,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelRow {
    /// The scenario's id (`None` for the plan's own row).
    #[serde(skip)]
    pub scenario: Option<String>,
    pub name: String,
    pub budget: Decimal,
    /// Per column: with the planned mix, and with the best mix.
    pub planned: Vec<Decimal>,
    pub optimal: Vec<Best>,
}

/// A row's result in the best mix: the plan's, known; a scenario's, from
/// the optimiser when first read ([`BestMix`]).
#[derive(Debug, Clone)]
pub enum Best {
    Known(Option<Decimal>),
    Mix(BestMix),
}

impl Best {
    pub fn get(&self) -> Option<Decimal> {
        match self {
            Best::Known(v) => *v,
            Best::Mix(m) => m.get().map(shown),
        }
    }
}

/// As the figure: the templates see a number (or nothing).
impl Serialize for Best {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// The layout's levels appendix ([`levels_appendix`]), worked out when the
/// deck first reads it: it needs every scenario's best mix, which a check
/// (building the view only to reconcile its figures) never reads.
#[derive(Clone)]
pub struct Appendix(Arc<AppendixInner>);

struct AppendixInner {
    value: OnceLock<Option<LevelsAppendix>>,
    currency: String,
    levels: Option<LevelsView>,
}

impl Appendix {
    pub fn new(plan: &Plan, levels: Option<&LevelsView>) -> Self {
        Appendix(Arc::new(AppendixInner {
            value: OnceLock::new(),
            currency: plan.meta.currency.value.clone(),
            levels: levels.cloned(),
        }))
    }

    /// `None`: nothing to add to the scenarios slide.
    pub fn get(&self) -> Option<&LevelsAppendix> {
        let i = &*self.0;
        i.value
            .get_or_init(|| {
                i.levels
                    .as_ref()
                    .and_then(|l| levels_appendix(&i.currency, l))
            })
            .as_ref()
    }

    /// Its slide, read as lazily: one of its own when it has more than
    /// `thin_rows` rows.
    pub fn slide(&self, thin_rows: usize) -> AppendixSlide {
        AppendixSlide(self.clone(), thin_rows)
    }
}

impl std::fmt::Debug for Appendix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for Appendix {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// Whether the levels have an appendix slide of their own (more than the
/// deck's thin rows, `structure::THIN_ROWS`; else a line on the scenarios
/// slide).
#[derive(Debug, Clone)]
pub struct AppendixSlide(Appendix, usize);

impl AppendixSlide {
    pub fn get(&self) -> bool {
        self.0.get().is_some_and(|l| l.rows.len() > self.1)
    }
}

impl Serialize for AppendixSlide {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
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
            .map(|o| Best::Known(Some(shown(o.base + o.optimal))))
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
                .map(|o| Best::Mix(o.optimal_mix.clone()))
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
                    .and_then(Best::get)
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

/// What the best mix buys at each scenario's budget beyond the planned
/// mix: the one thing about the budget levels no main-story slide shows.
#[derive(Debug, Serialize)]
pub struct LevelsAppendix {
    pub title: String,
    pub columns: Vec<LevelColumn>,
    pub rows: Vec<LevelGain>,
}

#[derive(Debug, Serialize)]
pub struct LevelGain {
    pub name: String,
    pub budget: Decimal,
    /// Per column: the best mix's result, and how much more than the
    /// scenario's own mix (the scenarios slide's figure) it is.
    pub best: Vec<Option<Decimal>>,
    pub gain: Vec<Option<Decimal>>,
}

fn levels_appendix(currency: &str, levels: &LevelsView) -> Option<LevelsAppendix> {
    let rows: Vec<LevelGain> = levels
        .rows
        .iter()
        .filter(|r| r.scenario.is_some())
        .map(|r| {
            let gain: Vec<Option<Decimal>> = r
                .planned
                .iter()
                .zip(&r.optimal)
                .map(|(p, o)| o.get().map(|o| o - p).filter(|g| worth_showing(*g, *p)))
                .collect();
            LevelGain {
                name: r.name.clone(),
                budget: r.budget,
                best: r.optimal.iter().map(Best::get).collect(),
                gain,
            }
        })
        .filter(|r| r.gain.iter().any(Option::is_some))
        .collect();
    // The title: the largest gain of the first column that has one.
    let (row, col, gain) = rows
        .iter()
        .flat_map(|r| r.gain.iter().enumerate().map(move |(c, g)| (r, c, *g)))
        .filter_map(|(r, c, g)| Some((r, c, g?)))
        .min_by_key(|(_, c, g)| (*c, std::cmp::Reverse(*g)))?;
    let column = levels.columns.get(col)?;
    let unit = column.unit.as_deref();
    // "Its own mix": the scenarios slide's row, which is the channel
    // changes the scenario's words name where they name any — "than the
    // planned mix" beside a row computed as described was a false claim.
    let title = format!(
        "At {} ({}), the best mix buys {} more {} than its own mix",
        format_money(row.budget, currency, true),
        row.name,
        format_quantity(gain, unit, true),
        crate::format::lower_first(&column.metric)
    );
    Some(LevelsAppendix {
        title,
        columns: levels
            .columns
            .iter()
            .map(|c| LevelColumn {
                metric: c.metric.clone(),
                unit: c.unit.clone(),
            })
            .collect(),
        rows,
    })
}

/// A gain worth a row: at least half a percent of the planned result (the
/// deck's threshold for calling the optimiser's mix better).
fn worth_showing(gain: Decimal, planned: Decimal) -> bool {
    gain > Decimal::ZERO && gain * Decimal::from(200) >= planned.abs()
}
