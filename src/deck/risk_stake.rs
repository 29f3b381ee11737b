//! A risk the plan gives no `impact_value`, sized where its own words name
//! a channel: what that channel's forecast puts at stake, in the unit of
//! the objective it serves ("up to 40,000 new DTC customers: the forecast
//! of Meta paid social (FB/IG)"). A board reads a risk with an impact in
//! money or target units as weighed; a level alone ("medium") as not.
//! The figure is an upper bound — everything the named channel brings —
//! and the slide says so, unless the risk's words name a part of the
//! period (`risk_when`): then it is that part's share; the checker's `risk-unsized` asks for the plan's
//! own figure.

use rust_decimal::Decimal;

use super::shown::{lower_first, metric};
use crate::figures::Figures;
use crate::plan::*;

/// What a risk's named channels put at stake: the figure ("44,300 new
/// DTC customers") and whose forecast it is; for a risk whose words name a
/// part of the period ("in Q4", "over the summer", "mid-year"), that
/// part's share of the forecast, by the channel's phasing or spread evenly.
pub struct Stake {
    pub figure: String,
    pub whose: String,
    /// Everything the channels bring: an upper bound, said so.
    pub bound: bool,
    /// "Q4's share of the 44,300 forecast of Meta (spread evenly)".
    pub share: Option<String>,
    /// Sized by the channels a team row runs, the row the risk takes
    /// away: part of what the plan loses, not what the risk costs in all
    /// (the title does not quote it as the risk's cost).
    pub from_row: bool,
}

impl Stake {
    /// As a title says it: "up to 44,300 …" for an upper bound.
    pub fn cost(&self) -> String {
        if self.bound {
            format!("up to {}", self.figure)
        } else {
            self.figure.clone()
        }
    }
}

/// The risk slide's cell: "up to 3,150 new customers: all of the forecast
/// of Boots, an upper bound", or "11,100 new DTC customers: Q4's share of
/// the 44,300 forecast of Meta paid social (spread evenly)".
pub fn at_stake(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    stake(plan, fig, r).map(|s| match &s.share {
        Some(share) => format!(
            "{}: {share}",
            if s.bound { s.cost() } else { s.figure.clone() }
        ),
        None => format!(
            "up to {}: all of the forecast of {}, an upper bound",
            s.figure, s.whose
        ),
    })
}

/// What the channels a risk names put at stake of the first objective they
/// forecast, for a risk the plan does not size; `None` where it names no
/// funded channel with a forecast.
pub fn stake(plan: &Plan, fig: &Figures, r: &Risk) -> Option<Stake> {
    if r.impact_amount.impact_value.is_some() {
        return None;
    }
    let Hit {
        by_words,
        named,
        affected,
        rows,
        window,
        whole_plan,
        objective: o,
    } = hit(plan, fig, r)?;
    let mut names = Vec::new();
    let mut total = Decimal::ZERO;
    let mut part = Decimal::ZERO;
    let mut phased = false;
    for c in &named {
        let f = c.forecasts.iter().find(|f| f.objective.value == o.id.value);
        if let Some(f) = f {
            let all = super::shown::channel_result(fig, c, f).0;
            total += all;
            if let Some(w) = &window {
                let (share, by_phasing) = super::risk_when::share(fig, c, w);
                part += all * share;
                phased |= by_phasing;
            }
            // A channel the risk's words do not name, only its row runs,
            // by its name up to a bracket: the row says why it is here.
            let named_by_words = by_words.iter().any(|n| n.id.value == c.id.value);
            names.push(if named_by_words {
                c.name.as_str()
            } else {
                c.name.split('(').next().unwrap_or(&c.name).trim()
            });
        }
    }
    if total <= Decimal::ZERO {
        return None;
    }
    let unit = o.measure.unit.as_deref();
    let metric = lower_first(metric(o));
    // A percentage's part is in points ("2 pts of awareness").
    let figure = |v: Decimal| {
        let f = if unit == Some("%") {
            crate::format::format_change(v, unit, true)
                .trim_start_matches('+')
                .to_string()
        } else {
            crate::format::format_quantity(v, unit, true)
        };
        crate::format::of_metric(&f, unit, &metric)
    };
    let level = |v: Decimal| {
        if unit == Some("%") {
            crate::format::format_change(v, unit, true)
                .trim_start_matches('+')
                .to_string()
        } else {
            // As the deck's other slides state the level.
            crate::format::format_quantity(crate::format::three_figures(v), unit, true)
        }
    };
    let mut whose = match names.as_slice() {
        // Every channel of the objective: the plan's forecast, not a list.
        _ if whole_plan || (!affected.is_empty() && names.len() > 2) => {
            format!("the whole plan ({} channels)", names.len())
        }
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => return None,
    };
    let channels_only = whose.clone();
    if let Some(t) = rows.first() {
        whose = format!(
            "{whose}, which the {} runs",
            crate::format::lower_first(t.short_role())
        );
    }
    Some(
        match window.filter(|_| part > Decimal::ZERO && part < total) {
            Some(w) => Stake {
                figure: figure(crate::format::three_figures(part)),
                share: Some(share_words(
                    &w.label,
                    // By a row the risk takes away: the row's mark in the
                    // table says why; the cell stays short enough that
                    // the table keeps to its page.
                    if rows.is_empty() {
                        &whose
                    } else {
                        &channels_only
                    },
                    &level(total),
                    match (phased, names.len()) {
                        (true, 1) => "by its phasing",
                        (true, _) => "by the channels' phasing",
                        _ => "spread evenly",
                    },
                    if whole_plan {
                        Part::WholePlan
                    } else if rows.is_empty() {
                        Part::Named
                    } else {
                        Part::Row
                    },
                )),
                whose,
                bound: whole_plan,
                from_row: !rows.is_empty(),
            },
            None => Stake {
                figure: figure(total),
                whose,
                bound: true,
                share: None,
                from_row: !rows.is_empty(),
            },
        },
    )
}

/// What a risk hits: the channels its words name, `affects` names, or
/// the team row it removes runs, else (for words naming only a part of
/// the period) every channel of the lead objective; the objective their
/// forecast is counted in and the part of the period.
struct Hit<'p> {
    by_words: Vec<&'p Channel>,
    named: Vec<&'p Channel>,
    affected: Vec<&'p Objective>,
    rows: Vec<&'p Role>,
    window: Option<super::risk_when::Window>,
    whole_plan: bool,
    objective: &'p Objective,
}

fn hit<'p>(plan: &'p Plan, fig: &Figures, r: &Risk) -> Option<Hit<'p>> {
    let by_words = crate::check::risks::channels_named(plan, &r.risk);
    let mut named: Vec<&Channel> = by_words.clone();
    // What the author says the risk hits (`affects`): channels, and
    // objectives (every channel that forecasts one).
    let affects = |id: &str| r.affects.iter().any(|a| a.value == id);
    let affected: Vec<&Objective> = plan
        .objectives
        .iter()
        .filter(|o| affects(&o.id.value))
        .collect();
    for c in &plan.channels {
        let hit = affects(&c.id.value)
            || c.forecasts
                .iter()
                .any(|f| affected.iter().any(|o| o.id.value == f.objective.value));
        if hit && !named.iter().any(|n| n.id.value == c.id.value) {
            named.push(c);
        }
    }
    // A risk that takes away a team row the plan cannot do without
    // (`figures::capacity`'s `at_risk`) puts at stake the channels that
    // row runs: their work stops with it.
    let rows = crew_lost(plan, fig, r);
    for c in &plan.channels {
        let run = rows
            .iter()
            .any(|t| t.channels.iter().any(|x| x.value == c.id.value));
        if run && !named.iter().any(|n| n.id.value == c.id.value) {
            named.push(c);
        }
    }
    // The part of the period: as `affects` names it, else the risk's words.
    let window = r
        .affects
        .iter()
        .filter(|a| crate::plan::words::is_period_word(&a.value))
        .find_map(|a| super::risk_when::window(plan, fig, &crate::format::capitalised(&a.value)))
        .or_else(|| super::risk_when::window(plan, fig, &r.risk));
    // A risk that names only a part of the period ("stock-out in Q4", "a
    // backlog in January") puts at stake that part of everything the plan
    // forecasts for its lead objective: the whole plan's results then.
    let whole_plan = named.is_empty()
        && window.is_some()
        && (r
            .affects
            .iter()
            .any(|a| crate::plan::words::is_period_word(&a.value))
            || crate::check::risk_rows::period_named(&r.risk));
    if whole_plan {
        let lead = plan.objectives.iter().find(|o| {
            plan.channels.iter().any(|c| {
                !c.budget.value.is_zero()
                    && c.forecasts.iter().any(|f| f.objective.value == o.id.value)
            })
        })?;
        named = plan
            .channels
            .iter()
            .filter(|c| {
                c.forecasts
                    .iter()
                    .any(|f| f.objective.value == lead.id.value)
            })
            .collect();
    }
    named.retain(|c| !c.budget.value.is_zero());
    let objective = affected.first().copied().or_else(|| {
        plan.objectives.iter().find(|o| {
            named
                .iter()
                .any(|c| c.forecasts.iter().any(|f| f.objective.value == o.id.value))
        })
    })?;
    Some(Hit {
        by_words,
        named,
        affected,
        rows,
        window,
        whole_plan,
        objective,
    })
}

/// "Q4's share of the forecast of Meta, 44,300 customers over the period
/// (by its phasing)"; for the whole plan, short — the plan's forecast is
/// on every slide, and the figure reads "up to" (a risk that hits the
/// whole plan rarely takes all of it): "Q4's share of the plan's
/// forecast". A longer cell split the risk table onto a second page.
fn share_words(label: &str, whose: &str, total: &str, how: &str, part: Part) -> String {
    match part {
        Part::WholePlan => format!("{label} share of the plan's forecast"),
        Part::Row => format!("{label} share of {whose}"),
        Part::Named => {
            format!("{label} share of the forecast of {whose}, {total} over the period ({how})")
        }
    }
}

/// Whose forecast a share is of: the whole plan's, the channels of a row
/// the risk takes away, or the channels it names.
#[derive(Clone, Copy)]
enum Part {
    WholePlan,
    Row,
    Named,
}

/// The team rows a delivery-critical risk takes away (`Capacity.at_risk`).
fn crew_lost<'p>(plan: &'p Plan, fig: &Figures, r: &Risk) -> Vec<&'p Role> {
    let Some(c) = fig.capacity.as_ref() else {
        return Vec::new();
    };
    let removed = crate::check::risk_rows::row_removed(plan, &fig.quarters, r).map(|(t, _)| t);
    plan.team
        .iter()
        .filter(|t| {
            c.at_risk
                .iter()
                .any(|k| k.risk == r.risk && k.role == t.role)
                || removed.is_some_and(|x| x.id.value == t.id.value)
        })
        .collect()
}
