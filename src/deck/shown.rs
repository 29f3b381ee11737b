//! The figures every slide agrees on: an objective's forecast as the deck
//! shows it (the curves' where they cover it), a scenario's value, the
//! reallocation the deck recommends, and the sentence pieces that state
//! them — each figure recorded as it is said ([`Said`]) for the
//! reconciliation check (`figures-disagree`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::reconcile::{Quantity, Stated};
use crate::figures::{self, Figures};
use crate::format::{format_money, format_quantity};
use crate::plan::*;

/// An objective's forecast as every slide shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// What the channels deliver (added to the baseline for an uplift).
    pub forecast: Decimal,
    /// The metric's value at the end: the forecast, or baseline + uplift.
    pub level: Option<Decimal>,
    pub needed: Option<Decimal>,
    /// The share of the needed change the forecast delivers, percent
    /// (`figures::gap_closed`), and the same in words: "+50 SQOs of +230 SQOs"
    /// (the forecast slide's cell) and "+50 SQOs of +230 SQOs needed: 22% of the
    /// gap closed" (every sentence that states it).
    pub coverage: Option<Decimal>,
    pub change_of_needed: Option<String>,
    pub gap_words: Option<String>,
    /// The forecast slide's cell: "22%", "moves away", "no baseline".
    pub gap_cell: Option<String>,
    /// Where a goal's words put an amount on this objective that its value
    /// covers only in part, that coverage beside its own ("€990k of the
    /// goal's €6M from Maris Porto (17%)"): 100% of its target is not the
    /// goal's part met.
    pub goal_part: Option<String>,
    pub shortfall: bool,
    /// Computed from the response curves (else typed in the plan).
    pub from_curves: bool,
    /// Its share of its channels' money (`figures::attribution`) per unit
    /// it adds over today (`figures::unit_cost`), and that basis.
    pub cost_per_result: Option<Decimal>,
    pub cost_basis: crate::figures::value::Basis,
    /// What the forecast is worth (`value_per_unit`), and per unit of the
    /// money spent on its channels.
    pub value: Option<Decimal>,
    pub return_on_spend: Option<Decimal>,
    /// From the forecast to money (`figures::value`), or why not.
    pub bridge: Option<crate::figures::value::Bridge>,
    pub gap: Option<crate::figures::value::Gap>,
}

impl Shown {
    /// What the value bridge reads of it.
    pub fn for_value(&self) -> super::value::ObjectiveValue<'_> {
        super::value::ObjectiveValue {
            bridge: self.bridge.as_ref(),
            gap: self.gap,
            forecast: self.forecast,
            level: self.level,
            from_curves: self.from_curves,
        }
    }
}

/// The figures the story states, recorded as it states them: a number goes
/// into a claim through [`Said::quantity`], which records which quantity it
/// is and on which slide, so that `figures-disagree` sees every figure a
/// sentence carries (`deck::reconcile` adds the tables').
#[derive(Debug, Default)]
pub struct Said(std::cell::RefCell<Vec<Stated>>);

impl Said {
    /// `value` of quantity `q` as the slide prints it, recorded.
    pub fn quantity(&self, q: Quantity, slide: &str, value: Decimal, unit: Option<&str>) -> String {
        self.0.borrow_mut().push(Stated::new(q, slide, value));
        format_quantity(value, unit, true)
    }

    /// A figure stated without being formatted here.
    pub fn record(&self, stated: Stated) {
        self.0.borrow_mut().push(stated);
    }

    /// Everything recorded so far, taken out.
    pub fn take(&self) -> Vec<Stated> {
        self.0.take()
    }
}

/// The least gain (percent of the planned result) for which the deck calls
/// the optimiser's mix better: the allocation slide's headline claims the
/// move (`media`), and the summary recommends it with the budget. The
/// figures' own threshold, so an ask is never valued after a move the
/// deck does not recommend.
pub use crate::figures::move_effect::RECOMMENDED;

/// The optimiser's better mix of the same money for an objective, when it
/// adds enough for the allocation slide to claim it
/// ([`RECOMMENDED`]). The deck then recommends the moves
/// with the budget, on the summary and the ask slide, rather than asking
/// approval for a mix its own allocation slide calls weaker.
#[derive(Debug, Clone)]
pub struct Reallocation {
    pub objective: String,
    /// The money moved, and the largest move's channels (names).
    pub moved: Decimal,
    pub from: String,
    pub to: String,
    /// The objective's level with the planned and with the best mix.
    pub planned: Decimal,
    pub optimal: Decimal,
    /// What the best mix adds, as the allocation slide's headline states
    /// it (three significant figures: 9,560, never the 10,000 of 250,000 −
    /// 240,000 rounded a second way).
    pub gain: Decimal,
    pub uplift_percent: f64,
    /// What it does to the other objectives its channels forecast, and to
    /// the money the plan values (`deck::move_effect`).
    pub effect: Option<super::move_effect::EffectWords>,
}

/// Worked out once per plan (`figures::memo`): the summary, the asks, the
/// layout and the ask totals each read them.
pub fn reallocations(plan: &Plan, fig: &Figures) -> Vec<Reallocation> {
    let memo = fig.memo.get("deck::shown::reallocations", "", || {
        reallocations_direct(plan, fig)
    });
    memo.as_ref().clone()
}

/// [`reallocations`], worked out each time (the memo's reference).
pub fn reallocations_direct(plan: &Plan, fig: &Figures) -> Vec<Reallocation> {
    let Some(m) = &fig.media else {
        return Vec::new();
    };
    let name = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id.value == id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    m.objectives
        .iter()
        .filter_map(|om| {
            // The effect once, for whether it is recommended and its words.
            let effect = crate::figures::move_effect::recommended_effect(plan, m, om)?;
            let largest = om.moves.iter().max_by_key(|mv| mv.amount)?;
            let base = Decimal::from_f64_retain(om.base).unwrap_or_default();
            Some(Reallocation {
                objective: om.id.clone(),
                moved: om.moves.iter().map(|mv| mv.amount).sum(),
                from: name(&largest.from),
                to: name(&largest.to),
                planned: approx(om.planned)? + base,
                optimal: approx(om.optimal)? + base,
                gain: approx(om.uplift)?,
                uplift_percent: om.uplift_percent,
                effect: effect.map(|e| super::move_effect::of(plan, &e)),
            })
        })
        .collect()
}

/// What the best mix adds, as a percentage of the objective's whole
/// level with the planned mix (the curves' part and the channels without
/// curves, `base`): the figure a reader sets it against ("106,000 new
/// customers"), not the curves' part alone, which read 0.1% where the
/// level said 0.02%.
/// Both at the three figures the slides print them, so that the reader's
/// own division (143 ÷ 106,000) gives the figure the slide states.
pub fn gain_of_level(om: &figures::media::ObjectiveMedia) -> f64 {
    let as_printed = |x: f64| {
        approx(x)
            .and_then(|d| d.to_string().parse::<f64>().ok())
            .unwrap_or(x)
    };
    let level = as_printed(om.planned + om.base);
    if level > 0.0 {
        as_printed(om.uplift) / level * 100.0
    } else {
        0.0
    }
}

/// A small percentage to two significant figures ("0.13", "0.021", "6.6"),
/// whole from 10: never rounded up to "0.1" from 0.02, nor down to "0.0".
pub fn small_percent(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return "0".to_string();
    }
    if x >= 10.0 {
        return format!("{}", x.round());
    }
    let places = (1.0 - x.log10().floor()).max(0.0) as usize;
    let s = format!("{:.*}", places.min(8), x);
    // 9.96 to two figures is "10", not "10.0".
    if s.contains('.') && s.parse::<f64>().is_ok_and(|v| v >= 10.0) {
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    s
}

/// A number as the curve slides print it (three significant figures), so
/// that the same quantity reads the same on every slide.
pub fn approx(x: f64) -> Option<Decimal> {
    figures::three_figures(x)
}

/// One figure per channel and objective (`figures::channel_result`): the
/// checker reads it too.
pub use crate::figures::channel_result;

/// What the deck shows of objective `index`: every slide and the check of
/// the deck's figures read it, so it is computed once per plan
/// ([`crate::figures::memo`]).
pub fn shown(plan: &Plan, fig: &Figures, index: usize) -> Option<Shown> {
    let memo = fig.memo.get("deck::shown::shown", &index.to_string(), || {
        shown_direct(plan, fig, index)
    });
    Option::clone(&memo)
}

/// The share of an objective's gap closed where its channels cost what the
/// plan's own evidence says (`forecast-beats-evidence`), if that differs:
/// every claim of its coverage carries it beside (a reader found "54% of the
/// gap closed" on three slides and "≈ 15% at the cost the plan's own
/// evidence states" on one).
pub fn at_evidence(
    plan: &Plan,
    fig: &Figures,
    o: &Objective,
    needed: Option<Decimal>,
    forecast: Decimal,
) -> Option<Decimal> {
    let excess: Decimal = crate::check::words_evidence::evidence_costs(plan, fig, None)
        .iter()
        .filter(|e| e.objective == o.id.value)
        .map(|e| (e.forecast - e.at_evidence()).max(Decimal::ZERO))
        .sum();
    (!excess.is_zero())
        .then(|| figures::progress::gap_closed(o, needed, forecast - excess))
        .flatten()
}

/// [`shown`], computed.
pub fn shown_direct(plan: &Plan, fig: &Figures, index: usize) -> Option<Shown> {
    let o = plan.objectives.get(index)?;
    let f = fig.objectives.get(index)?;
    // One forecast and one coverage for every output (`figures`): the
    // checker's messages and the portfolio read the same.
    let forecast = f.shown();
    let uplift = o.forecast_basis == ForecastBasis::Uplift;
    let level = if uplift {
        o.measure.baseline.as_ref().map(|b| b.value + forecast)
    } else {
        Some(forecast)
    };
    // An objective the business units deliver is forecast by their plans,
    // not this one's channels: valued here at this plan's forecast of it
    // (none) it read "adds -€300M of revenue: -167×" on a company plan.
    let bridge =
        (!o.delivered_by_units).then(|| super::value::objective_bridge(plan, fig, o, forecast));
    Some(Shown {
        forecast,
        level,
        needed: f.needed,
        coverage: f.coverage,
        change_of_needed: figures::change_and_needed(o, f.needed, forecast)
            .filter(|_| f.forecasts())
            .map(|(d, n)| figures::progress::change_of_needed(o.measure.unit.as_deref(), d, n)),
        gap_words: f.gap_words(o),
        // Beside it, the share at the cost the plan's own evidence states,
        // where a channel's forecast beats it (`forecast-beats-evidence`).
        gap_cell: f
            .gap_cell(o)
            .map(|c| match at_evidence(plan, fig, o, f.needed, forecast) {
                Some(e) if !c.ends_with("away") => format!(
                    "{c}; ≈ {}% at the evidence's cost",
                    crate::format::format_number(e.round_dp(0), 0)
                ),
                _ => c,
            }),
        goal_part: crate::check::words_evidence::goal_parts_of(plan, fig)
            .iter()
            .filter(|p| p.objective == o.id.value)
            .find_map(|p| p.coverage(plan)),
        shortfall: f.is_short(),
        from_curves: f.curve_forecast.is_some(),
        // One split of a shared channel's money for every output
        // (`figures::attribution`): the checker's cost per result.
        cost_per_result: f.cost_per_result.filter(|_| !forecast.is_zero()),
        cost_basis: f.cost_basis,
        value: bridge
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .map(|b| b.value),
        return_on_spend: bridge
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .and_then(|b| b.return_on_spend),
        gap: bridge.as_ref().and_then(|b| b.as_ref().err().copied()),
        bridge: bridge.and_then(Result::ok),
    })
}

/// "marketing-sourced pipeline of €18.3M against a €18M target"; a count
/// whose metric names its unit reads "106,000 new DTC customers against a
/// 118,400 target", not "new DTC customers of 106,000 customers".
pub fn result_of(o: &Objective, said: &Said, q: Quantity, slide: &str, value: Decimal) -> String {
    let unit = o.measure.unit.as_deref();
    // A sentence's words, titles' first: the short form of a long label.
    let metric = lower_first(&title_metric(o));
    let counted = unit.is_some_and(|u| {
        u != "%"
            && !crate::plan::money::is_currency(u)
            && metric.to_lowercase().ends_with(&u.to_lowercase())
    });
    let shown_unit = if counted { None } else { unit };
    let v = said.quantity(q, slide, value, shown_unit);
    let head = if counted {
        format!("{v} {metric}")
    } else {
        format!("{metric} of {v}")
    };
    match o.measure.target.as_ref() {
        Some(t) => format!(
            "{head} against a {} target",
            format_quantity(t.value, shown_unit, true)
        ),
        None => head,
    }
}

// An objective's label, whole and as a title says it, live in `labels`
// (the move's words read them too, below this module).
pub use super::labels::{metric, title_metric};

/// A title's text with every objective's long metric label in its short
/// form ([`title_metric`]), for a title built from a table's words (the
/// risk slide's "could cost up to $10.4M of …").
pub fn short_metrics(plan: &Plan, text: &str) -> String {
    let mut out = text.to_string();
    for o in &plan.objectives {
        let (full, short) = (metric(o), title_metric(o));
        if full != short {
            out = out
                .replace(&lower_first(full), &lower_first(&short))
                .replace(full, &crate::format::capitalised(&short));
        }
    }
    out
}

/// A scenario's value of an objective: the curves' where they cover it,
/// else the scenario's typed outcome — unless that outcome is a cut that
/// buys more than the plan (`scenario-cut-buys-more`): a sentence does not
/// state a figure the checker doubts (the scenarios slide says it is not
/// credible).
///
/// Where an ask releases the scenario's money late in the period
/// (`ask_release::scenario_release`), the change over the plan's level is
/// what the money buys in the months left ([`late_level`]).
pub fn scenario_value(
    plan: &Plan,
    fig: &Figures,
    scenario: &str,
    objective: &str,
) -> Option<Decimal> {
    let full = full_year_value(plan, fig, scenario, objective)?;
    let level = plan
        .objectives
        .iter()
        .position(|o| o.id.value == objective)
        .and_then(|i| shown(plan, fig, i)?.level);
    Some(match level {
        Some(level) => late_level(plan, scenario, level, full),
        None => full,
    })
}

/// A scenario's figure for an objective, `full` for a full year, as the
/// deck states it: where an ask releases the scenario's money late, the
/// plan's level plus the change scaled to the months left, to the three
/// figures the ask slide gives it.
pub fn late_level(plan: &Plan, scenario: &str, level: Decimal, full: Decimal) -> Decimal {
    match crate::check::ask_release::scenario_release(plan, scenario) {
        // Rounded as a level, to the three figures of the curves it comes
        // from: "243,060" beside "≈ 218,000" read as false precision.
        Some(r) => crate::format::three_figures(level + (full - level) * r.share),
        None => full,
    }
}

/// A scenario's value of an objective for a full year (`scenario_value`
/// before a late release scales it).
pub fn full_year_value(
    plan: &Plan,
    fig: &Figures,
    scenario: &str,
    objective: &str,
) -> Option<Decimal> {
    // A move nothing models (`scenario-unmodelled`) has no figure at all.
    if plan
        .scenarios
        .iter()
        .enumerate()
        .any(|(i, s)| s.id.value == scenario && unmodelled_of(plan, fig, i))
    {
        return None;
    }
    let curve = fig.media.as_ref().and_then(|m| {
        let s = m.scenarios.iter().find(|s| s.id == scenario)?;
        let o = s.outcomes.iter().find(|o| o.objective == objective)?;
        approx(o.planned_mix)
    });
    // At the plan's own budget a scenario is the plan: its outcome is the
    // forecast every slide shows (a typed one that differs is a finding).
    let at_plan = plan
        .scenarios
        .iter()
        .any(|s| s.id.value == scenario && s.is_plan(plan.budget.total.value));
    let index = plan.objectives.iter().position(|o| o.id.value == objective);
    if let (true, Some(i)) = (at_plan, index) {
        return shown(plan, fig, i)?.level;
    }
    // Money its words or outcomes aim at channels that do not serve the
    // objective, typed nothing for it: the plan's forecast stands.
    let untyped_unreached = plan.scenarios.iter().any(|s| {
        s.id.value == scenario
            && !s.outcomes.iter().any(|f| f.objective.value == objective)
            && crate::figures::scenario_aim::unreached_of(plan, fig, s, objective).is_some()
    });
    if let (true, Some(i)) = (untyped_unreached, index) {
        return shown(plan, fig, i)?.level;
    }
    curve.or_else(|| {
        let doubted = crate::check::scenario_increase::doubted_outcomes(plan, fig);
        if crate::check::scenarios::doubted(&doubted, scenario, objective) {
            return None;
        }
        plan.scenarios
            .iter()
            .find(|s| s.id.value == scenario)?
            .outcomes
            .iter()
            .find(|f| f.objective.value == objective)
            .map(|f| f.value.value)
    })
}

/// Whether the plan's scenario `i` is a move nothing models
/// (`scenario_aim::unmodelled`), read once per scenario
/// (`figures::memo`): every slide's figure of a scenario asks, and reading
/// its words is a good part of what a check costs.
pub fn unmodelled_of(plan: &Plan, fig: &Figures, i: usize) -> bool {
    let Some(s) = plan.scenarios.get(i) else {
        return false;
    };
    *fig.memo.get("deck::shown::unmodelled", &i.to_string(), || {
        crate::figures::scenario_aim::unmodelled(plan, s)
    })
}

/// The channels a scenario changes, by name, each with its signed change
/// ("Paid social −£400k, Referral +£400k"): what the scenario decides.
pub fn moves_text(plan: &Plan, s: &Scenario) -> Option<String> {
    if s.changes.is_empty() {
        return None;
    }
    let currency = plan.meta.currency.value.as_str();
    Some(
        s.changes
            .iter()
            .map(|(c, d)| {
                let name = plan
                    .channels
                    .iter()
                    .find(|ch| ch.id.value == c.value)
                    .map_or(c.value.as_str(), |ch| ch.name.as_str());
                format!(
                    "{name} {}",
                    crate::format::format_change(d.value, Some(currency), true)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}

pub fn money(plan: &Plan, d: Decimal) -> String {
    format_money(d, &plan.meta.currency.value, true)
}

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub use crate::format::lower_first;

/// Whole-percent shares of `total`, each rounded to the nearest (halves
/// away from zero). Not forced to add to 100: readers counted a 67.7%
/// shown as 67% (largest-remainder rounding) as a misstated figure, while
/// a table whose shares add to 99 or 101 is read as rounding. An amount
/// equal to one of `pinned` takes that share as it is, so that one amount
/// shown in two tables of a slide reads the same in both.
pub fn whole_percents(
    amounts: &[Decimal],
    total: Decimal,
    pinned: &[(Decimal, Decimal)],
) -> Vec<Option<Decimal>> {
    let pin = |a: Decimal| pinned.iter().find(|(amount, _)| *amount == a).map(|p| p.1);
    amounts
        .iter()
        .map(|a| {
            pin(*a).map(Some).unwrap_or_else(|| {
                // From the exact share: `figures::percent` keeps one place
                // (12.46 → 12.5), and rounding that again gives 13.
                (*a * Decimal::ONE_HUNDRED)
                    .checked_div(total)
                    .filter(|_| !total.is_zero())
                    .map(|p| {
                        p.round_dp_with_strategy(
                            0,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                    })
            })
        })
        .collect()
}

/// The budget slide's whole-percent shares (`view::BudgetView`); the title
/// states the same figures.
pub fn budget_shares(fig: &Figures) -> (Vec<Option<Decimal>>, Vec<Option<Decimal>>) {
    let split = whole_percents(&[fig.upstream_spend, fig.downstream_spend], fig.spend, &[]);
    let pinned: Vec<(Decimal, Decimal)> = [fig.upstream_spend, fig.downstream_spend]
        .into_iter()
        .zip(&split)
        .filter_map(|(a, p)| Some((a, (*p)?)))
        .collect();
    let parts = whole_percents(
        &[
            fig.channel_spend,
            fig.line_spend,
            fig.team_cost,
            fig.agency_fees,
        ],
        fig.spend,
        &pinned,
    );
    (parts, split)
}

/// The cells of the scenarios table no figure fills, said once in words
/// under it rather than as columns of dashes: "Boots national roll-out:
/// DTC net revenue (Shopify)" — the plan types no outcome there and no
/// response curve covers it. `rows` are each scenario's name and values,
/// one per column of `metrics`.
pub fn not_given(metrics: &[&str], rows: &[(&str, &[Option<Decimal>])]) -> Vec<String> {
    rows.iter()
        .filter_map(|(name, values)| {
            let missing: Vec<String> = metrics
                .iter()
                .zip(values.iter())
                .filter(|(_, v)| v.is_none())
                .map(|(m, _)| lower_first(m))
                .collect();
            (!missing.is_empty()).then(|| format!("{name}: {}", missing.join(", ")))
        })
        .collect()
}

/// The shown level less today's baseline.
pub(super) fn change_from_today(
    o: &crate::plan::Objective,
    s: Option<&Shown>,
) -> Option<rust_decimal::Decimal> {
    s.and_then(|s| s.level)
        .zip(o.measure.baseline.as_ref())
        .map(|(l, b)| l - b.value)
}
