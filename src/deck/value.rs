//! The value bridge as the pitch deck shows it: the bridge slide (one line
//! per step, from the marketing metric to the business goal and the return
//! on the money), the summary's return phrase, each scenario's return and
//! incremental return, and a risk's impact in money.
//!
//! The arithmetic is `figures::value`; this module words it.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::Figures;
use crate::figures::value::{self, Basis, Bridge, Gap, Source, Valued, Worth};
use crate::format::{format_money, format_number, format_quantity};
use crate::plan::*;

use super::value_goals::goal_lines;
pub use super::value_goals::{GoalReach, ObjectiveValue, goal_reach, weakest_goal};
pub use super::value_notes::{STATED_BASIS, basis_of, deck_unit_value};
pub use super::value_risk::{RiskImpact, risk_impact};

/// One objective's bridge, worded.
#[derive(Debug, Clone, Serialize)]
pub struct BridgeView {
    /// The objective's metric.
    pub metric: String,
    /// One line per step, from the metric's forecast to the return.
    pub steps: Vec<String>,
}

/// Everything the deck says about value and return.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// The bridge slide's title: what the forecasts are worth against the
    /// budget, per basis; or, where no value has a basis, that finding.
    pub title: Option<String>,
    /// The plan's value and return as the title states it, lower-case
    /// first: the summary's return line quotes it word for word.
    pub headline: Option<String>,
    pub bridges: Vec<BridgeView>,
    /// What the plan values with no basis ("per room night"): each one's
    /// line says it is not valued, and no money figure is built on it.
    pub unbased: Vec<String>,
    /// How far in time the return reaches, where every basis is a year's
    /// and the plan gives no lifetime value or payback (`value_notes`).
    pub horizon: Option<String>,
    /// The money goals no bridge reaches, and the figure each would need.
    pub unbridged: Option<String>,
    /// Objectives the bridge stops at, each with why ("no win rate: …").
    pub gaps: Vec<String>,
    /// Per basis: its value, return and each scenario's
    /// (`value_bases`).
    pub bases: Vec<super::value_bases::BasisValue>,
    /// The scenario tables' value columns, worded.
    pub columns: super::value_bases::ValueColumns,
    /// Whether some scenario has a value (the scenarios slide's columns).
    pub scenario_values: bool,
    /// Whether some scenario shows its change of value instead of a return
    /// per extra unit of money (`figures::value::budget_decision`).
    pub scenario_changes: bool,
    /// Whether some scenario shows a return per extra unit of money: the
    /// appendix's column, and its slide, are there only then (a change of
    /// value of an event alone is not what each extra unit buys).
    pub scenario_increments: bool,
    /// Per money goal the bridges reach: how much of it, and what the
    /// valued objectives leave unexplained (`goal_lines`).
    pub goal_lines: Vec<String>,
    /// With two bridges or more, each one's return on its share of its
    /// channels' cost, saying what it divides (`value_notes::returns_note`).
    pub cost_note: Option<String>,
    /// Where those bridges' channels are shared: how their money is split
    /// and what the costs add up to against the budget, so a reader can
    /// see no money is charged twice. A line of its own: the budget beside
    /// a value in one sentence reads as one amount rounded two ways.
    pub split_note: Option<String>,
}

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// The bridge of an objective at the forecast every slide shows, or why
/// there is none.
pub fn objective_bridge(
    plan: &Plan,
    fig: &Figures,
    o: &Objective,
    forecast: Decimal,
) -> Result<Bridge, Gap> {
    let uv = deck_unit_value(plan, o)?;
    // Its share of its channels' money, as `check`'s cost per result
    // splits it (`figures::attribution`).
    let spend = fig
        .objectives
        .iter()
        .find(|f| f.id == o.id.value)
        .map_or_else(value::Spend::default, |f| value::Spend {
            amount: f.cost,
            shared: f.shared,
        });
    Ok(value::bridge(plan, o, uv, forecast, spend))
}

/// "→ €1.39M more revenue than today at a 24% win rate (€930k of it by 31
/// Dec 2027)", for the summary's return line: the bridge from pipeline to
/// revenue; its return is on the value slide.
pub fn return_phrase(plan: &Plan, o: &Objective, shown: &ObjectiveValue<'_>) -> Option<String> {
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    match shown.bridge {
        Some(b) => {
            let whole = b.basis == Basis::WholeLevel;
            let mut line = match (b.unit_value.worth, whole) {
                (Worth::Won, false) => format!(
                    " → {} more revenue than today at a {}% win rate{}",
                    cur(b.value),
                    format_number(b.unit_value.win_rate.unwrap_or_default(), 1),
                    // A rate from the plan's words says so, as on the
                    // value slide.
                    if b.unit_value.source == Source::Words {
                        " (an assumption's, not set on the objective)"
                    } else {
                        ""
                    }
                ),
                (Worth::Won, true) => format!(
                    " → {} of revenue at a {}% win rate on the whole level (no baseline)",
                    cur(b.value),
                    format_number(b.unit_value.win_rate.unwrap_or_default(), 1)
                ),
                // A value per unit, and each return on the share of the
                // channels' cost, stay on the value slide: the summary
                // quotes the plan's value and return as its title does.
                (Worth::PerUnit, _) | (Worth::Money, _) => return None,
            };
            if let Some(t) = &b.timing {
                line.push_str(&format!(
                    " ({} of it by {})",
                    cur(t.in_period),
                    t.period_end.format("%-d %b %Y")
                ));
            }
            Some(line)
        }
        None => match shown.gap {
            Some(g @ Gap::NoWinRate) | Some(g @ Gap::NoDealSize) => Some(format!(
                "; {}",
                g.reason(&crate::format::lower_first(metric(o)))
            )),
            _ => None,
        },
    }
}

/// What the bridge values, in words: "Adds 400 policies (over today's
/// 800)", "Falls 20 SQOs (below today's 500)", "No baseline in the plan: the
/// whole 6,000 room nights are valued". Today's level is in brackets so
/// that the rate after it multiplies what is added: "Adds $6.8M over
/// today's $39.2M × 27%" was read as $39.2M × 27%.
fn added_words(o: &Objective, b: &Bridge) -> String {
    let unit = o.measure.unit.as_deref();
    let gap = |d: Decimal| crate::format::format_gap(d.abs(), unit, true);
    let today = b.today.map(|t| format_quantity(t, unit, true));
    match (b.basis, today) {
        (Basis::WholeLevel, _) => format!(
            "No baseline in the plan: the whole {} is valued",
            format_quantity(b.added, unit, true)
        ),
        (_, Some(t)) if b.added < Decimal::ZERO => {
            format!("Falls {} (below today's {t})", gap(b.added))
        }
        (_, Some(t)) => format!("Adds {} (over today's {t})", gap(b.added)),
        (_, None) => format!("Adds {} over today (the plan's uplift)", gap(b.added)),
    }
}

/// A bridge's first line, "Forecast: 7,500 paid upgrades (the response
/// curves)": the level every slide shows.
fn forecast_line(o: &Objective, forecast: Decimal, from_curves: bool) -> String {
    let unit = o.measure.unit.as_deref();
    let m = crate::format::lower_first(metric(o));
    let uplift = o.forecast_basis == ForecastBasis::Uplift;
    // An uplift forecast is read as the level it reaches, with the uplift
    // beside it: "Forecast: web shop revenue +€6.49M" under a slide that
    // gives the level €13M was read as a level mislabelled.
    let baseline = o.measure.baseline.as_ref().map(|b| b.value);
    let mut notes = Vec::new();
    let shown = match (uplift, baseline) {
        (true, Some(today)) => {
            notes.push(format!(
                "{} over today",
                crate::format::bare(
                    &crate::format::format_change(forecast, unit, true),
                    unit,
                    &m
                )
            ));
            format_quantity(today + forecast, unit, true)
        }
        (true, None) => crate::format::format_change(forecast, unit, true),
        (false, _) => format_quantity(forecast, unit, true),
    };
    if from_curves {
        notes.push("the response curves".to_string());
    }
    // "Forecast: 45,000 active PRO app members", never "… members 45,000
    // members": the unit is said once where the metric names it.
    let forecast = crate::format::metric_at(&m, &shown, unit);
    if notes.is_empty() {
        format!("Forecast: {forecast}")
    } else {
        format!("Forecast: {forecast} ({})", notes.join("; "))
    }
}

fn steps(plan: &Plan, o: &Objective, b: &Bridge, from_curves: bool) -> Vec<String> {
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let unit = o.measure.unit.as_deref();
    let m = crate::format::lower_first(metric(o));
    let mut out = vec![forecast_line(o, b.forecast, from_curves)];
    // Every line values what the plan adds over today (`Basis`), and says so.
    let adds = added_words(o, b);
    let more = if b.basis == Basis::WholeLevel {
        "of"
    } else {
        "more"
    };
    let uv = &b.unit_value;
    // A figure from the plan's words, or with no basis, says where it
    // comes from (`value_notes::source_words`).
    let source = super::value_notes::source_words(plan, o, uv);
    out.push(match uv.worth {
        Worth::Won => match (uv.deal_size, b.won) {
            (Some(d), Some(won)) => format!(
                "{adds} × {}% win rate{source} = {} won deals × {} a deal = {} {more} revenue",
                format_number(uv.win_rate.unwrap_or_default(), 1),
                format_number(won, 0),
                cur(d),
                cur(b.value)
            ),
            _ => format!(
                "{adds} × {}% win rate{source} = {} {more} revenue",
                format_number(uv.win_rate.unwrap_or_default(), 1),
                cur(b.value)
            ),
        },
        // Without a basis, the plan's own figure, said so; the gap is
        // named once under the bridges (`basis_gap`).
        Worth::PerUnit if uv.source == Source::Unbased => format!(
            "{adds} × {} per {}{source} = {}",
            cur(uv.per_unit),
            value::per_what(unit, &m),
            cur(b.value)
        ),
        // What the value is a value of, as the plan says: "× £0.38 of
        // gross margin per £1 of DTC revenue".
        Worth::PerUnit => format!(
            "{adds} × {} of {} per {}{source} = {}",
            cur(uv.per_unit),
            basis_of(plan, o, uv),
            value::per_what(unit, &m),
            cur(b.value)
        ),
        Worth::Money if b.basis == Basis::WholeLevel => adds,
        // Money the business earns is its own value: said once.
        Worth::Money => format!("{adds}: the money itself, what the plan adds"),
    });
    if let Some(t) = &b.timing {
        out.push(format!(
            "{}-day sales cycle: {} closes by {}, {} after",
            t.cycle_days,
            cur(t.in_period),
            t.period_end.format("%-d %b %Y"),
            cur(t.after)
        ));
    }
    // The goal's part is stated once for all its bridges, under them
    // (`goal_lines`); the return per objective, where there are several,
    // in a footnote that says what it divides (`value_notes::returns_note`):
    // the title's return on the whole budget is the slide's one return.
    out
}

/// What one unit of a metric is, as "× €162 per …" names it: "donor" for
/// donors, "$1 of opportunity value" for money, "point" for a percentage.
/// Objectives whose value is part of another's money: a count valued per
/// unit (new customers) serving the same goal as a valued money metric
/// (DTC revenue), where the channels that also forecast that money hold at
/// least three quarters of the count's channel budget — the customers'
/// purchases are that revenue, and adding both counts them twice. (New
/// donors brought half by paid social, which brings no appeal income, are
/// other money than the appeals.) Maps each such objective's index to the
/// money objective's.
/// `bridges` holds each objective's bridge where it is valued (apart from
/// the ones a caller leaves out).
fn drivers(plan: &Plan, bridges: &[Option<&Bridge>]) -> Vec<(usize, usize)> {
    let channels = |id: &str| -> Vec<(&str, Decimal)> {
        plan.channels
            .iter()
            .filter(|c| !c.budget.value.is_zero())
            .filter(|c| c.forecasts.iter().any(|f| f.objective.value == id))
            .map(|c| (c.id.value.as_str(), c.budget.value))
            .collect()
    };
    let valued = |i: usize| bridges.get(i).copied().flatten();
    let is_money = |o: &Objective| {
        o.measure
            .unit
            .as_deref()
            .is_some_and(crate::plan::money::is_currency)
    };
    let mut out = Vec::new();
    for (i, c) in plan.objectives.iter().enumerate() {
        if is_money(c) || valued(i).is_none_or(|b| b.unit_value.worth != Worth::PerUnit) {
            continue;
        }
        let mine = channels(&c.id.value);
        let budget: Decimal = mine.iter().map(|(_, b)| *b).sum();
        if budget.is_zero() {
            continue;
        }
        let of = plan.objectives.iter().enumerate().find(|(j, m)| {
            *j != i
                && is_money(m)
                && valued(*j).is_some()
                && m.supports
                    .iter()
                    .any(|g| c.supports.iter().any(|h| h.value == g.value))
                && {
                    let theirs = channels(&m.id.value);
                    let shared: Decimal = mine
                        .iter()
                        .filter(|(ch, _)| theirs.iter().any(|(t, _)| t == ch))
                        .map(|(_, b)| *b)
                        .sum();
                    shared * Decimal::from(4) >= budget * Decimal::from(3)
                }
        });
        if let Some((j, _)) = of {
            out.push((i, j));
        }
    }
    out
}

/// The deck's value view from the forecasts every slide shows;
/// `level(scenario, objective)` is a scenario's level of an objective as
/// the scenarios slide shows it.
pub fn build(
    plan: &Plan,
    shown: &[Option<ObjectiveValue<'_>>],
    level: impl Fn(&str, &str) -> Option<Decimal>,
) -> ValueView {
    use super::value_bases::{self as vb, Whole};
    use super::value_notes as notes;
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let mut bridges = Vec::new();
    let mut costs = (Decimal::ZERO, false);
    let mut gaps = Vec::new();
    let mut valued = Vec::new();
    let mut counted_bridges = Vec::new();
    let mut unbased = Vec::new();
    let mut whole = Whole {
        all: true,
        any: false,
    };
    let counted: Vec<Option<&Bridge>> = shown
        .iter()
        .map(|s| s.as_ref().and_then(|s| s.bridge))
        .collect();
    let counted_drivers = drivers(plan, &counted);
    for (i, (o, s)) in plan.objectives.iter().zip(shown).enumerate() {
        let Some(s) = s else { continue };
        match (s.bridge, s.gap) {
            (Some(b), _) => {
                costs = (costs.0 + b.spend, costs.1 || b.shared);
                let mut steps = steps(plan, o, b, s.from_curves);
                // A driver's worth is inside the money objective's: shown,
                // not added to the plan's value.
                if let Some(m) = counted_drivers
                    .iter()
                    .find(|(d, _)| *d == i)
                    .and_then(|(_, m)| plan.objectives.get(*m))
                {
                    steps.push(format!(
                        "Not added to the total: what {} bring is part of {}, valued on its own",
                        crate::format::lower_first(metric(o)),
                        crate::format::lower_first(metric(m))
                    ));
                    bridges.push(BridgeView {
                        metric: metric(o).to_string(),
                        steps,
                    });
                    continue;
                }
                bridges.push(BridgeView {
                    metric: metric(o).to_string(),
                    steps,
                });
                counted_bridges.push((o, b));
                // Scenario levels are valued on the bridge's basis: less
                // today's level, where the plan gives it.
                let base = value::base(o);
                whole.all &= b.basis == Basis::WholeLevel;
                whole.any |= b.basis == Basis::WholeLevel;
                valued.push((
                    basis_of(plan, o, &b.unit_value),
                    Valued {
                        objective: o.id.value.clone(),
                        per_unit: b.unit_value.per_unit,
                        base,
                        plan_level: s.level.unwrap_or(base + s.forecast),
                    },
                ));
            }
            // A value with no basis: its forecast, and that it is not
            // valued, where its bridge would stand; no money figure.
            (None, Some(Gap::NoBasis)) => {
                unbased.push(format!(
                    "per {}",
                    value::per_what(
                        o.measure.unit.as_deref(),
                        &crate::format::lower_first(metric(o))
                    )
                ));
                let mut steps = vec![
                    forecast_line(o, s.forecast, s.from_curves),
                    super::value_notes::not_valued(o),
                ];
                // Other figures its words state that are not applied.
                let note = crate::check::words_value::value_note(plan, &o.id.value);
                if let Some(n) = note.strip_prefix("; ") {
                    steps.push(crate::format::capitalised(n));
                }
                bridges.push(BridgeView {
                    metric: metric(o).to_string(),
                    steps,
                });
            }
            (None, Some(g)) => gaps.push(
                g.reason(&crate::format::lower_first(metric(o)))
                    + &crate::check::words_value::value_note(plan, &o.id.value),
            ),
            (None, None) => {}
        }
    }
    // A value the plan gives with no basis is shown on its bridge, the one
    // place that says the gap; no total, return or scenario column is built
    // on it (readers counted "stated value (no basis given)" on the summary,
    // this title and the scenarios table as a number without a basis each).
    let bases = vb::group(plan, valued, &level);
    let headline = vb::headline(plan, &bases, whole)
        .or_else(|| (!unbased.is_empty()).then(|| vb::unbased_headline(&unbased)));
    let total = plan.budget.total.value;
    // The returns per objective say what they divide; how a shared
    // channel is split is said with them.
    let returns = notes::returns_note(plan, &counted_bridges);
    let split_note = (returns.is_some() && costs.1).then(|| {
        format!(
            "shared channels split evenly, as the cost per result: {} of the {} budget in all",
            cur(costs.0),
            cur(total)
        )
    });
    let cost_note = returns;
    let bridged = |id: &str| {
        let (o, b) = counted_bridges.iter().find(|(o, _)| o.id.value == id)?;
        Some(basis_of(plan, o, &b.unit_value))
    };
    let money_goals: Vec<String> = counted_bridges
        .iter()
        .filter_map(|(_, b)| b.goal.as_ref().map(|g| g.goal.clone()))
        .collect();
    let columns = vb::columns(plan, &bases, plan.scenarios.len());
    let any = |f: &dyn Fn(&value::ScenarioReturn) -> bool| {
        bases.iter().any(|b| b.scenarios.iter().any(f))
    };
    ValueView {
        cost_note,
        split_note,
        goal_lines: goal_lines(plan, shown),
        title: headline.as_deref().map(crate::format::capitalised),
        headline,
        bridges,
        horizon: vb::horizon_note(&bases),
        unbridged: notes::unbridged_goals(plan, &bridged, &money_goals),
        unbased,
        gaps,
        scenario_values: any(&|s| s.value.is_some()),
        scenario_changes: any(&|s| s.change.is_some()),
        scenario_increments: any(&|s| s.incremental.is_some()),
        columns,
        bases,
    }
}
