//! The view model of the media-investment slides: response curves with the
//! planned and optimal points, planned vs optimal allocation, marginal
//! returns, budget levels and triggers. Headlines state the finding, so a
//! CMO can read each slide in ten seconds.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::media::{Curve, Media, ObjectiveMedia};
use crate::figures::optimize::to_f64;
use crate::format::{format_money, format_quantity};
use crate::plan::Plan;

pub use super::media_levels::{Best, LevelColumn, LevelRow, LevelsView};
use super::media_levels::{dec, levels, shown};

#[derive(Debug, Serialize)]
pub struct MediaView {
    pub objectives: Vec<ObjectiveMediaView>,
    pub levels: LevelsView,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveMediaView {
    pub id: String,
    pub metric: String,
    pub unit: Option<String>,
    /// Whether the objective is forecast as an uplift from today: its
    /// channels' results are then points (a percentage) or amounts added,
    /// never a level ("the curves give +5.91 pts", not "(5.91%)").
    pub uplift: bool,
    /// "Moving €300k from events to paid search adds €1.2M pipeline (+6%)".
    pub headline: String,
    /// What the curves chart shows at the planned budgets: which channel's
    /// curve climbs steepest there, with the next slice's figures the
    /// slide's table or line gives ("Content's curve is steepest at its
    /// planned budget: the next €1k buys 49.6 sign-ups there, 17.3 in
    /// Paid search"), never a ratio the cumulative curves cannot show.
    pub curves_headline: String,
    /// The amount marginal returns are given per: 1,000, or more where a
    /// thousand buys less than one unit (a point of penetration).
    pub per: Decimal,
    pub series: Vec<String>,
    /// The curves sampled: x (spend) and each channel's result.
    pub rows: Vec<CurveRow>,
    pub marks: Vec<MarkView>,
    pub channels: Vec<ChannelMediaView>,
    pub planned: Decimal,
    pub optimal: Decimal,
    /// `optimal` less `planned`, as both are shown.
    pub gain: Decimal,
    pub uplift_percent: Decimal,
    /// The table's total change, the sum of the channels' `result_change`,
    /// and the percentage the title states, written once for both.
    pub gain_text: String,
    pub gain_percent: String,
    pub moves: Vec<MoveView>,
    /// When the optimiser moves money for a gain below the one worth
    /// claiming: how close the planned mix is, with the figure ("within
    /// 0.3% of the best split of the same money: moving €44k adds €30k"),
    /// never "already the best split" beside a table that moves money.
    pub near_best: Option<String>,
    /// What "the best split" is of (`media_scope::scope`): the money on
    /// the curves where they cover less than all channel money.
    pub best_of: String,
    /// A channel the optimum holds at its cap (`media_scope::held`).
    pub held: Option<String>,
    /// What the optimiser moves in all and what that adds, as `near_best`
    /// and the title state it: the risk slide's trade-off when the move is
    /// too small to recommend (`risk_case`).
    pub best_moved: Decimal,
    pub best_gain: String,
    /// What the move does to the other objectives its channels forecast,
    /// and to the money the plan values (`move_effect`), where the slide
    /// proposes it.
    pub effect: Option<super::move_effect::EffectWords>,
    pub sources: Vec<String>,
    /// The same, each cut at its first comma, for the slide itself.
    pub short_sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CurveRow {
    pub x: Decimal,
    /// Each channel's result at `x`, as the chart language writes it: a
    /// number, or `-` past the channel's `max_budget` (its curve ends there:
    /// the plan cannot spend more on it).
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MarkView {
    pub series: String,
    pub x: Decimal,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ChannelMediaView {
    pub id: String,
    pub name: String,
    pub planned: Decimal,
    pub optimal: Decimal,
    pub change: Decimal,
    /// Whether the optimiser gives it more (for the sign in tables).
    pub gains: bool,
    pub planned_outcome: Decimal,
    pub optimal_outcome: Decimal,
    /// What the best split changes its result by, at the column's one
    /// precision, so the rows add to the title's gain (`media_deltas`).
    pub result_change: String,
    /// Result of the next 1,000, at the planned and the optimal budget.
    pub marginal: Decimal,
    pub optimal_marginal: Decimal,
    /// Percent of the curve's maximum reached at the planned budget.
    pub saturation: Decimal,
    pub locked: bool,
}

#[derive(Debug, Serialize)]
pub struct MoveView {
    pub from: String,
    pub to: String,
    pub amount: Decimal,
}

/// Points sampled along each curve.
const SAMPLES: usize = 24;

pub fn build(plan: &Plan, media: &Media) -> MediaView {
    let currency = plan.meta.currency.value.as_str();
    let money = |d: Decimal| format_money(d, currency, true);
    let name_of = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id.value == id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let objectives = media
        .objectives
        .iter()
        .map(|o| objective(plan, media, o, &money, &name_of))
        .collect();
    MediaView {
        objectives,
        levels: levels(plan, media),
    }
}

/// One objective's media slides: headlines, curves, marks and channels.
fn objective(
    plan: &Plan,
    media: &Media,
    o: &ObjectiveMedia,
    money: &dyn Fn(Decimal) -> String,
    name_of: &dyn Fn(&str) -> String,
) -> ObjectiveMediaView {
    let objective = plan.objective(&o.id);
    let metric = objective
        .and_then(|x| x.measure.metric.as_ref().map(|m| m.value.clone()))
        .unwrap_or_else(|| o.id.clone());
    let unit = o.unit.clone();
    let uplift = objective.is_some_and(|x| x.forecast_basis == crate::plan::ForecastBasis::Uplift);
    let quantity = |x: f64| {
        if uplift {
            crate::format::format_gap(shown(x), unit.as_deref(), true)
        } else {
            format_quantity(shown(x), unit.as_deref(), true)
        }
    };
    // "9,560 self-serve sign-ups", the unit said once (`format::of_metric`).
    let of_metric = |x: f64| crate::format::of_metric(&quantity(x), unit.as_deref(), &metric);
    let curves: Vec<&Curve> = media
        .curves
        .iter()
        .filter(|c| c.objective == o.id)
        .collect();
    let factor = marginal_factor(&curves);
    let per = Decimal::from(1000)
        * Decimal::from_f64_retain(factor)
            .unwrap_or(Decimal::ONE)
            .round();
    // The change column, the total and the title's gain, one precision
    // (`media_deltas`): the rows add to the figure the title states.
    let exact: Vec<f64> = curves
        .iter()
        .map(|c| c.optimal_outcome - c.outcome)
        .collect();
    let deltas = super::media_deltas::deltas(&exact, o.uplift, unit.as_deref());
    let gain_words = crate::format::of_metric(&deltas.gain, unit.as_deref(), &metric);
    // The title's gain with a long label in its short form, as every
    // title says it (`shown::title_metric`); tables and lines keep it whole.
    let title_gain = objective
        .filter(|x| x.measure.metric.is_some())
        .map_or_else(
            || gain_words.clone(),
            |x| {
                crate::format::of_metric(
                    &deltas.gain,
                    unit.as_deref(),
                    &super::shown::title_metric(x),
                )
            },
        );
    let scope = super::media_scope::scope(plan, o, curves.len(), money);
    let near_best = near_best(o, money, &deltas.gain, scope.as_deref());
    let best_gain = gain_words.clone();
    let near = near_best
        .as_ref()
        .filter(|_| o.uplift_percent < super::shown::RECOMMENDED);
    let percent_text = if near.is_some() {
        super::shown::small_percent(super::shown::gain_of_level(o))
    } else {
        one_place(o.uplift_percent)
    };
    let effect = (o.uplift_percent >= super::shown::RECOMMENDED)
        .then(|| super::move_effect::words(plan, media, o))
        .flatten();
    let headline = match near {
        // A long label by its short form (`shown::title_metric`).
        Some(near) => format!(
            "{}: {near}",
            capitalise(&objective.map_or(metric.clone(), |x| {
                super::shown::title_metric(x).into_owned()
            }))
        ),
        None => {
            moves_headline(o, &metric, money, name_of, &title_gain, &percent_text)
                + &effect
                    .as_ref()
                    .map_or(String::new(), super::move_effect::title_tail)
        }
    };
    let mut channels = channel_views(&curves, factor);
    for (c, d) in channels.iter_mut().zip(&deltas.rows) {
        c.result_change = d.clone();
    }
    let curves_headline =
        curves_headline(&curves, &metric, per, factor, money, &quantity, &of_metric);
    // Sources shortened to their first clause for the slide; the notes
    // keep them whole.
    let mut sources: Vec<String> = curves.iter().filter_map(|c| c.source.clone()).collect();
    sources.sort();
    sources.dedup();
    ObjectiveMediaView {
        id: o.id.clone(),
        metric,
        unit: unit.clone(),
        uplift,
        headline,
        curves_headline,
        per,
        series: curves.iter().map(|c| series_name(&c.name)).collect(),
        rows: curve_rows(plan, &curves),
        marks: curve_marks(plan, &curves),
        channels,
        gain_text: deltas.total,
        gain_percent: percent_text,
        planned: shown(o.planned),
        optimal: shown(o.optimal),
        gain: shown(o.optimal) - shown(o.planned),
        uplift_percent: gain_percent(o.uplift_percent).parse().unwrap_or_default(),
        near_best,
        best_of: scope.unwrap_or_else(|| "the same money on the curves".to_string()),
        held: super::media_scope::held(&curves, factor, money, &quantity),
        best_moved: o.moves.iter().map(|m| m.amount).sum(),
        best_gain,
        // Moves worth less than the headline claims are not proposed.
        moves: o
            .moves
            .iter()
            .filter(|_| o.uplift_percent >= super::shown::RECOMMENDED)
            .map(|m| MoveView {
                from: name_of(&m.from),
                to: name_of(&m.to),
                amount: m.amount,
            })
            .collect(),
        effect,
        short_sources: {
            let mut v: Vec<String> = sources
                .iter()
                .map(|s| without_model_id(s.split(", ").next().unwrap_or(s)))
                .collect();
            v.dedup();
            v
        },
        sources,
    }
}

/// Marginal returns per 1,000, or per 10,000, 100,000… until the best
/// channel's is at least a tenth of a unit: "0.33% per £1M", not "0%".
fn marginal_factor(curves: &[&Curve]) -> f64 {
    let best = curves.iter().map(|c| c.marginal).fold(0.0, f64::max);
    let mut factor = 1.0;
    while best * factor < 0.1 && factor < 1e6 {
        factor *= 10.0;
    }
    factor
}

/// The objective's headline: the move worth making and what it adds, or
/// that the money is already where it does most.
fn moves_headline(
    o: &ObjectiveMedia,
    metric: &str,
    money: &dyn Fn(Decimal) -> String,
    name_of: &dyn Fn(&str) -> String,
    gain: &str,
    percent: &str,
) -> String {
    let moved: Decimal = o.moves.iter().map(|m| m.amount).sum();
    // What the move adds as the table's change column totals it, so the
    // title and the table agree.
    match o.moves.first() {
        Some(m) if o.uplift_percent >= super::shown::RECOMMENDED && o.moves.len() == 1 => format!(
            "Moving {} from {} to {} adds {gain} (+{percent}%)",
            money(m.amount),
            name_of(&m.from),
            name_of(&m.to),
        ),
        Some(m) if o.uplift_percent >= super::shown::RECOMMENDED => format!(
            "Moving {}, most of it from {} to {}, adds {gain} (+{percent}%)",
            money(moved),
            name_of(&m.from),
            name_of(&m.to),
        ),
        _ => format!(
            "{}: the money is where the curves say it does most",
            capitalise(metric)
        ),
    }
}

/// The curves slide's headline: what the chart shows where the rings sit —
/// the channel whose curve climbs steepest at its planned budget against
/// the flattest, with the next slice's result on each (the slide's table
/// or line gives them for every channel). One slide says it: a second
/// slide of the same comparison as bars repeated it, and a ratio ("2.3×
/// more per extra EUR") is not something cumulative curves show.
fn curves_headline(
    curves: &[&Curve],
    metric: &str,
    per: Decimal,
    factor: f64,
    money: &dyn Fn(Decimal) -> String,
    quantity: &dyn Fn(f64) -> String,
    of_metric: &dyn Fn(f64) -> String,
) -> String {
    let mut by_marginal: Vec<&&Curve> = curves.iter().filter(|c| !c.budget.is_zero()).collect();
    by_marginal.sort_by(|a, b| b.marginal.total_cmp(&a.marginal));
    match (by_marginal.first(), by_marginal.last()) {
        (Some(hi), Some(lo))
            if by_marginal.len() > 1 && lo.marginal > 0.0 && hi.marginal < lo.marginal * 1.15 =>
        {
            // The drawn curves, not "every channel" (a plan's other
            // channels have none), and the range of the figures the slide
            // states under the chart, each as it writes them — a single
            // "about 3.86" over a line giving 3.77 read as a wrong figure.
            let (lo_q, hi_q) = (
                quantity(lo.marginal * factor),
                quantity(hi.marginal * factor),
            );
            let hi_words = of_metric(hi.marginal * factor);
            let range = if lo_q == hi_q {
                hi_words
            } else {
                // "3.77 to 3.86 new funded accounts": the unit once.
                let lo_bare = hi_q
                    .split_once(' ')
                    .filter(|(number, _)| hi_words.starts_with(number))
                    .and_then(|(_, unit)| lo_q.strip_suffix(&format!(" {unit}")))
                    .unwrap_or(&lo_q);
                format!("{lo_bare} to {hi_words}")
            };
            let which = match by_marginal.len() {
                2 => "both curves climb".to_string(),
                n => format!("all {n} curves climb"),
            };
            format!(
                "{}: {which} about as steeply at their planned budgets — the next {} buys {range}",
                capitalise(metric),
                money(per),
            )
        }
        (Some(hi), Some(lo)) if by_marginal.len() > 1 && lo.marginal > 0.0 => format!(
            "{} climbs steepest at its planned budget: the next {} buys {} there, {} in {}",
            hi.name,
            money(per),
            quantity(hi.marginal * factor),
            quantity(lo.marginal * factor),
            lo.name
        ),
        _ => format!("Response curves: {metric}"),
    }
}

/// How far right the curves chart reaches: well past the largest budget
/// that matters.
fn reach(curves: &[&Curve]) -> f64 {
    curves
        .iter()
        .map(|c| to_f64(c.budget.max(c.optimal)))
        .fold(0.0, f64::max)
        * 1.6
}

/// The response curves sampled for the chart, up to well past the largest
/// budget that matters, at a round step (1, 2 or 5 × a power of ten), so
/// every x a reader sees — the chart block's rows, the axis — is a round
/// budget (250k, 500k), never 323.2k. A channel with a `max_budget` is not
/// drawn past it: a row at the cap itself ends its line, and the rows
/// beyond give it no value (`-`).
fn curve_rows(plan: &Plan, curves: &[&Curve]) -> Vec<CurveRow> {
    let reach = reach(curves);
    let step = crate::ticks::nice_step(reach / SAMPLES as f64).max(1.0);
    let samples = (reach / step).ceil().max(1.0) as usize;
    let caps: Vec<Option<f64>> = curves
        .iter()
        .map(|c| {
            plan.channels
                .iter()
                .find(|ch| ch.id.value == c.channel)
                .and_then(|ch| ch.max_budget.as_ref())
                .map(|m| to_f64(m.value))
        })
        .collect();
    let mut xs: Vec<f64> = (0..=samples).map(|i| step * i as f64).collect();
    let last = xs.last().copied().unwrap_or(0.0);
    for cap in caps.iter().flatten() {
        if *cap > 0.0 && *cap < last && !xs.iter().any(|x| (x - cap).abs() < 0.5) {
            xs.push(*cap);
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.into_iter()
        .map(|x| CurveRow {
            x: dec(x),
            values: curves
                .iter()
                .zip(&caps)
                .map(|(c, cap)| match cap {
                    Some(cap) if x > cap + 0.5 => "-".to_string(),
                    _ => significant(c.response.at(x)).to_string(),
                })
                .collect(),
        })
        // Past every channel's cap there is nothing to draw.
        .filter(|r| r.values.iter().any(|v| v != "-"))
        .collect()
}

/// Planned and optimal are one mark only within this share of the width *and*
/// of the plan (a reader found an optimum 13% off its plan hidden under one).
const MARKS_APART: f64 = 0.02;
const MARKS_APART_OF_PLAN: f64 = 0.05;

/// The planned point on each curve, and the optimal one where it differs;
/// one "planned ≈ optimal" mark where the two coincide. An optimum held by
/// the channel's `max_budget`/`min_budget` is its own kind: the legend says
/// the best is the limit, not where the curve stops paying. Legend order:
/// planned (a ring), optimal (a dot), limits (a diamond), "a ≈ b" (both).
fn curve_marks(plan: &Plan, curves: &[&Curve]) -> Vec<MarkView> {
    let reach = reach(curves).max(1.0);
    let mut marks = Vec::new();
    let mut optimal = Vec::new();
    let mut limits = Vec::new();
    for c in curves {
        let (plan_x, best) = (to_f64(c.budget), to_f64(c.optimal));
        let gap = (best - plan_x).abs();
        let apart = gap / reach >= MARKS_APART || gap > plan_x.abs() * MARKS_APART_OF_PLAN;
        let kind = if c.optimal == c.budget || apart {
            "planned"
        } else {
            PLANNED_NEAR_OPTIMAL
        };
        marks.push(MarkView {
            series: series_name(&c.name),
            x: c.budget,
            kind,
        });
        if c.optimal != c.budget && apart {
            let channel = plan.channels.iter().find(|ch| ch.id.value == c.channel);
            let at =
                |limit: Option<&crate::plan::Money>| limit.is_some_and(|m| m.value == c.optimal);
            let kind = match channel {
                Some(ch) if at(ch.max_budget.as_ref()) => OPTIMAL_AT_CAP,
                Some(ch) if at(ch.min_budget.as_ref()) => OPTIMAL_AT_FLOOR,
                _ => "optimal",
            };
            let to = if kind == "optimal" {
                &mut optimal
            } else {
                &mut limits
            };
            to.push(MarkView {
                series: series_name(&c.name),
                x: c.optimal,
                kind,
            });
        }
    }
    let (near, mut marks): (Vec<MarkView>, Vec<MarkView>) = marks
        .into_iter()
        .partition(|m| m.kind == PLANNED_NEAR_OPTIMAL);
    marks.extend(optimal);
    marks.extend(limits);
    marks.extend(near);
    marks
}

/// The mark of a channel whose best budget is within a hair of its planned
/// one: the chart draws it as the ring and the dot together.
pub const PLANNED_NEAR_OPTIMAL: &str = "planned ≈ optimal";
/// An optimum held by a channel's cap or floor: a diamond (`mark_style`).
pub const OPTIMAL_AT_CAP: &str = "optimal = its budget cap";
pub const OPTIMAL_AT_FLOOR: &str = "optimal = its budget floor";

/// Each channel planned vs optimal, with marginal returns per `factor`.
fn channel_views(curves: &[&Curve], factor: f64) -> Vec<ChannelMediaView> {
    curves
        .iter()
        .map(|c| ChannelMediaView {
            id: c.channel.clone(),
            name: c.name.clone(),
            planned: c.budget,
            optimal: c.optimal,
            change: c.optimal - c.budget,
            gains: c.optimal > c.budget,
            planned_outcome: shown(c.outcome),
            optimal_outcome: shown(c.optimal_outcome),
            result_change: String::new(),
            marginal: shown(c.marginal * factor),
            optimal_marginal: shown(c.optimal_marginal * factor),
            saturation: dec((c.outcome / c.max_outcome * 100.0).round()),
            locked: c.locked,
        })
        .collect()
}

/// A curve's value on the chart to four significant digits: whole units
/// would draw a curve in percentage points (penetration from 0 to 1.7) as a
/// staircase of 0s and 1s.
fn significant(x: f64) -> Decimal {
    if !x.is_finite() || x == 0.0 {
        return Decimal::ZERO;
    }
    let digits = x.abs().log10().floor() as i32 + 1;
    let places = (4 - digits).clamp(0, 6);
    let factor = 10f64.powi(places);
    Decimal::from_f64_retain((x * factor).round() / factor)
        .map_or(Decimal::ZERO, |d| d.round_dp(places as u32).normalize())
}

/// A source as a board reads it: a model's hash (`(model 9e85…)`) is for
/// the analyst, in the speaker notes, not on the slide.
fn without_model_id(source: &str) -> String {
    match source.find(" (model ") {
        Some(at) => {
            let rest = &source[at + 1..];
            let end = rest.find(')').map_or(rest.len(), |e| e + 1);
            format!("{}{}", &source[..at], &rest[end..])
        }
        None => source.to_string(),
    }
}

/// A channel's name as a chart series: the chart language separates
/// series with commas, so a name that holds one is written in double quotes
/// (the name keeps its punctuation; a double quote inside becomes `'`).
fn series_name(name: &str) -> String {
    let name = name.replace('"', "'");
    if name.contains(',') {
        format!("\"{name}\"")
    } else {
        name
    }
}

/// A gain in percent with the places it needs to show it is not zero:
/// "6.6", "0.2", "0.04" — never "0.0" for a gain.
fn gain_percent(x: f64) -> String {
    if x <= 0.0 || x >= 0.095 {
        one_place(x)
    } else {
        let places = (-x.log10()).ceil().max(1.0) as usize;
        format!("{:.*}", places.min(6), x)
    }
}

/// The planned mix close to the best one, in figures, when the optimiser
/// moves money for less than the gain the deck claims (`RECOMMENDED`).
fn near_best(
    o: &ObjectiveMedia,
    money: &dyn Fn(Decimal) -> String,
    gain: &str,
    scope: Option<&str>,
) -> Option<String> {
    // Below a hundredth of a percent the split is the best one to the
    // precision any slide prints.
    if o.moves.is_empty()
        || o.uplift_percent < 0.01
        || o.uplift_percent >= super::shown::RECOMMENDED
    {
        return None;
    }
    let moved: Decimal = o.moves.iter().map(|m| m.amount).sum();
    Some(format!(
        "within {}% of the best split of {}: moving {} adds {}",
        super::shown::small_percent(super::shown::gain_of_level(o)),
        scope.unwrap_or("the same money"),
        money(moved),
        gain
    ))
}

fn one_place(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
