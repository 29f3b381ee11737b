//! The two lines under the risk table a board looks for: the downside case
//! (what the plan delivers if things go badly, with its outcome) and the
//! trade-off (what one choice costs in another, with its effect) — from the
//! plan's scenarios and curves, else from its largest sized risk, else said
//! plainly to be missing.

use rust_decimal::Decimal;

use super::shown::{Said, Shown, metric, money, scenario_value};
use crate::check::reconcile::Quantity;
use crate::figures::Figures;
use crate::format::three_figures;
use crate::plan::*;

/// The downside case, with where it comes from: the smallest scenario
/// budget with its outcomes, as the scenarios slide shows them ("HSE grant
/// not renewed (€152k, −€35k): campaign income €372k (−€25k), …"), else
/// the largest risk the plan sizes,
/// applied to the forecast of the objective it hits ("if … happens,
/// direct room revenue falls from €51.9M to €50.4M").
pub fn downside(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    said: &Said,
) -> Option<String> {
    let lowest = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < plan.budget.total.value)
        .min_by_key(|s| s.budget.value);
    if let Some(line) = lowest.and_then(|s| scenario_figures(plan, fig, shown, said, s)) {
        return Some(line);
    }
    let r = super::risk_rating::order(plan, fig)
        .into_iter()
        .filter_map(|i| plan.risks.get(i))
        // Money of no stated basis is no case a board can weigh: "the plan
        // loses €9M" would state as fact what the plan does not ground.
        .find(|r| {
            r.impact_amount.impact_value.is_some() && !super::value::risk_impact(plan, r).no_basis
        })?;
    let v = r.impact_amount.impact_value.as_ref()?.value;
    let risk = super::shown::lower_first(r.risk.trim_end_matches('.'));
    let on = r.impact_amount.impact_on.as_ref().and_then(|on| {
        let i = plan
            .objectives
            .iter()
            .position(|o| o.id.value == on.value)?;
        Some((plan.objectives.get(i)?, shown.get(i)?.as_ref()?.level?))
    });
    Some(match on {
        Some((o, level)) => {
            let unit = o.measure.unit.as_deref();
            let metric = super::shown::lower_first(super::shown::metric(o));
            let q = |d: Decimal| crate::format::format_quantity(d, unit, true);
            format!(
                "if the largest sized risk happens ({risk}), {metric} falls from {} to {} (risk table)",
                q(level),
                q(level - v)
            )
        }
        // Said with what the money is of, as its cell says it.
        None => format!(
            "if the largest sized risk happens ({risk}), the plan loses {} (risk table)",
            super::value::risk_impact(plan, r)
                .text
                .unwrap_or_else(|| super::shown::money(plan, v))
        ),
    })
}

/// The upside case: the largest scenario above the plan's budget that is
/// an event the plan may meet, not a choice the board can make (a partner
/// who matches): "Corporate partner match (€213k, +€25.5k): €455k of
/// campaign income (appeals + Walk) (+€58k)", the scenarios slide's
/// figures. Not an alternative on the summary, where a reader read it as
/// none.
pub fn upside(plan: &Plan, fig: &Figures, shown: &[Option<Shown>], said: &Said) -> Option<String> {
    let total = plan.budget.total.value;
    let s = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value > total && !crate::figures::value::choice(s, total))
        .max_by_key(|s| s.budget.value)?;
    scenario_figures(plan, fig, shown, said, s)
        .map(|line| format!("{line} — an event the plan may meet, not a choice the board makes"))
}

/// The trade-off the deck weighs, for the risk slide: the optimiser's move
/// where it recommends one, else what the largest budget decision above
/// the plan's buys of the lead objective (the scenarios slide's figures),
/// else another cut, else the curves' marginal returns, else the largest
/// ask and what the plan says a no costs. First the sentence with its
/// effect — what the risk slide prints (a pointer to another slide read as
/// no trade-off) — then the choice named ("Stretch (+$360k …), with its
/// outcome on the scenarios slide").
pub fn trade_off(
    plan: &Plan,
    media: Option<&super::media::MediaView>,
    own_slide: &[bool],
    fig: &Figures,
    shown: &[Option<super::shown::Shown>],
    said: &Said,
) -> Option<(String, String)> {
    let moved = media.and_then(|m| m.objectives.iter().position(|o| !o.moves.is_empty()));
    if let Some((o, i)) = moved.and_then(|i| Some((media?.objectives.get(i)?, i))) {
        let slide = if own_slide.get(i) == Some(&true) {
            "allocation slide"
        } else {
            "scenarios slide"
        };
        // The move in the summary's short words (channel names up to a
        // comma), the gain as the allocation slide's headline states it:
        // the headline's full channel names took two lines of the slide.
        let id = o.id.clone();
        let short = super::shown::reallocations(plan, fig)
            .into_iter()
            .find(|m| m.objective == id)
            .and_then(|m| {
                let ob = plan.objective(&m.objective)?;
                let unit = ob.measure.unit.as_deref();
                Some(format!(
                    "moving {}, most of it from {} to {}, adds {} (+{:.1}%){}",
                    money(plan, m.moved),
                    crate::plan::words::short_name(&m.from),
                    crate::plan::words::short_name(&m.to),
                    crate::format::of_metric(
                        // The gain as the summary, the ask and the
                        // allocation slide state it (`m.gain`), not two
                        // levels rounded apart (€900k beside €930k).
                        &crate::format::format_quantity(m.gain, unit, true),
                        unit,
                        metric(ob)
                    ),
                    m.uplift_percent,
                    super::move_effect::trade(m.effect.as_ref(), "but loses", true)
                ))
            });
        return Some((
            short.unwrap_or_else(|| format!("{} ({slide})", o.headline)),
            format!("the best mix of the same money, with its outcome on the {slide}"),
        ));
    }
    let total = plan.budget.total.value;
    let scenario_effect = |s: &Scenario| -> Option<(String, String)> {
        let parts = outcome_parts(plan, fig, shown, said, s);
        if parts.is_empty() {
            return None;
        }
        let change = s.budget.value - total;
        // The amount said once: a name that states it ("Budget increase
        // (+£1.5m)") is not put after the same amount in the deck's notation.
        let name = crate::format::restate_amounts(&s.name, &plan.meta.currency.value);
        let amount = money(plan, change.abs());
        let what = if name.contains(&amount) {
            name
        } else {
            let more = if change > Decimal::ZERO {
                "more"
            } else {
                "less"
            };
            format!("{amount} {more} ({name})")
        };
        Some((
            format!("{what} gives {}", parts.join(", ")),
            format!("{what}, with its outcome on the scenarios slide"),
        ))
    };
    // The largest budget above the plan's; else a cut other than the
    // smallest (the smallest is the downside case). Only a choice the board
    // could make: an event is a downside at most (`figures::value::choice`).
    let choice = |s: &&Scenario| crate::figures::value::choice(s, total);
    let above = plan
        .scenarios
        .iter()
        .filter(choice)
        .filter(|s| s.budget.value > total)
        .max_by_key(|s| s.budget.value);
    let lowest = plan
        .scenarios
        .iter()
        .filter(|s| s.budget.value < total)
        .min_by_key(|s| s.budget.value);
    let other_cut = plan
        .scenarios
        .iter()
        .filter(choice)
        .filter(|s| {
            s.budget.value < total
                && Some(s.id.value.as_str()) != lowest.map(|l| l.id.value.as_str())
        })
        .max_by_key(|s| s.budget.value);
    above
        .and_then(scenario_effect)
        .or_else(|| other_cut.and_then(scenario_effect))
        .or_else(|| marginal_trade_off(plan, media?).map(|t| (t.clone(), t)))
        .or_else(|| super::ask_no::ask_trade_off(plan).map(|t| (t.clone(), t)))
}

/// The trade-off between channels where no scenario gives one: the next
/// slice of money buys more in one channel than in another (the curves).
fn marginal_trade_off(plan: &Plan, media: &super::media::MediaView) -> Option<String> {
    use crate::format::format_quantity;
    let o = media.objectives.iter().find(|o| o.channels.len() >= 2)?;
    // The curves' best split, too small to recommend, as the choice it is:
    // the money moved and what it adds, the scenarios slide's figures. A
    // marginal rate alone ("the next €1k buys …") was read as no choice.
    if o.near_best.is_some() {
        let by = |gains: bool| {
            o.channels
                .iter()
                .filter(|c| (c.change > Decimal::ZERO) == gains && !c.change.is_zero())
                .max_by_key(|c| c.change.abs())
        };
        if let (Some(from), Some(to)) = (by(false), by(true)) {
            return Some(format!(
                "moving {} from {} to {} adds {} ({}%): too little to change the mix",
                super::shown::money(plan, o.best_moved),
                before_bracket(&from.name),
                before_bracket(&to.name),
                o.best_gain,
                o.gain_percent
            ));
        }
    }
    let mut by: Vec<&super::media::ChannelMediaView> = o.channels.iter().collect();
    by.sort_by_key(|b| std::cmp::Reverse(b.marginal));
    let (hi, lo) = (by.first()?, by.last()?);
    if hi.marginal <= lo.marginal {
        return None;
    }
    let unit = o.unit.as_deref();
    Some(format!(
        "the next {} buys {} of {} in {} but {} in {} (curves appendix)",
        super::shown::money(plan, o.per),
        format_quantity(hi.marginal, unit, true),
        super::shown::lower_first(&o.metric),
        before_bracket(&hi.name),
        format_quantity(lo.marginal, unit, true),
        before_bracket(&lo.name)
    ))
}

/// A channel's name up to its bracket ("Meta-search" for "Meta-search
/// (Google Hotel Ads, Trivago, Tripadvisor)"): a line of the slide, not
/// the channel table.
fn before_bracket(name: &str) -> &str {
    match name.split('(').next().map(str::trim) {
        Some(s) if !s.is_empty() => s,
        _ => name,
    }
}

/// A scenario in one line, its budget and its lead outcome as the scenarios
/// slide shows it, with its change from the plan's: "HSE grant not renewed
/// (€152k, −€35.5k): €372k of campaign income (appeals + Walk) (−€25k)".
/// The figures are the scenarios slide's own (`shown::scenario_value`, the
/// function its cells come from), so the two slides cannot disagree; an
/// outcome the slide marks not credible is left out, as there.
pub fn scenario_figures(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    said: &Said,
    s: &Scenario,
) -> Option<String> {
    let parts = outcome_parts(plan, fig, shown, said, s);
    if parts.is_empty() {
        return None;
    }
    let change = crate::format::signed(
        crate::format::format_change(
            s.budget.value - plan.budget.total.value,
            Some(plan.meta.currency.value.as_str()),
            true,
        ),
        "±",
    );
    let name = crate::format::restate_amounts(&s.name, &plan.meta.currency.value);
    // The change said once: "Budget cut (−£1.2M) (£8.3M)", not "(£8.3M,
    // −£1.2M)" after a name that states it.
    let budget = if name.contains(&change) || name.contains(&change.replace('−', "-")) {
        money(plan, s.budget.value)
    } else {
        format!("{}, {change}", money(plan, s.budget.value))
    };
    Some(format!("{name} ({budget}): {}", parts.join(", ")))
}

/// The lead outcome the scenarios slide shows for a scenario (the plan's
/// first objective it changes), with its change from the plan's: "€372k of
/// campaign income (appeals + Walk) (−€25k)".
fn outcome_parts(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<Shown>],
    said: &Said,
    s: &Scenario,
) -> Vec<String> {
    let mut parts = Vec::new();
    for (o, sh) in plan.objectives.iter().zip(shown) {
        let Some(level) = sh.as_ref().and_then(|x| x.level) else {
            continue;
        };
        let Some(v) = scenario_value(plan, fig, &s.id.value, &o.id.value) else {
            continue;
        };
        let unit = o.measure.unit.as_deref();
        let outcome = Quantity::Outcome {
            scenario: s.id.value.clone(),
            objective: o.id.value.clone(),
        };
        // The change between the two figures as printed (€397k → €372k is
        // −€25k), never the unrounded difference beside them.
        let change = three_figures(v) - three_figures(level);
        // An outcome the scenario leaves as it is adds nothing to the line;
        // the first that changes is the line's; the scenarios slide has the rest.
        if change.is_zero() {
            continue;
        }
        if parts.len() == OUTCOMES {
            break;
        }
        parts.push(format!(
            "{} ({})",
            crate::format::of_metric(
                &said.quantity(outcome, "risk slide", v, unit),
                unit,
                metric(o)
            ),
            // The metric before says a counted unit once (`format::bare`).
            crate::format::signed(
                crate::format::bare(
                    &crate::format::format_change(change, unit, true),
                    unit,
                    metric(o)
                ),
                "±"
            )
        ));
    }
    parts
}

/// The outcomes a scenario's line names: the lead one (the plan's first
/// objective the scenario changes); a line each keeps the risk slide on one
/// page, and the scenarios slide has them all.
const OUTCOMES: usize = 1;
