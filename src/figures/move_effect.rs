//! What the optimiser's move between channels does beyond the objective it
//! maximises: every other objective the moved channels forecast, and the
//! money the plan values them at. A move that adds sign-ups by taking
//! money from a channel that also brings pipeline costs that pipeline; a
//! board shown only the sign-ups approves a trade it was not told of.
//!
//! Each channel has one response curve. Its other results are typed
//! forecasts, moved in proportion to its curve's result: the channel keeps
//! its planned mix of results (its activations per sign-up), and the curve
//! says how much its money buys — scaling them with the money instead would
//! credit a channel whose budget doubles with twice the activations while
//! its curve gives a third more sign-ups. A moved channel without a curve
//! (none is, today: the optimiser moves curve money) would be scaled with
//! its budget, as a scenario's changes are (`figures::scenarios`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::media::{Media, ObjectiveMedia, scaled};
use super::value::{self, Source};
use crate::plan::Plan;

/// The move's effect on one objective.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub objective: String,
    /// The change of the objective's forecast (exact; rounded where said).
    pub change: f64,
    /// Whether it is the objective the move maximises (on its curves).
    pub maximised: bool,
}

/// The move's change of value in one kind of money ("revenue",
/// "first-year ARR"): kinds are never added.
#[derive(Debug, Clone, Serialize)]
pub struct ValueChange {
    pub basis: String,
    pub change: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct MoveEffect {
    /// The maximised objective first, then the others in plan order.
    pub changes: Vec<Change>,
    /// Per kind of money, in the order first met.
    pub values: Vec<ValueChange>,
}

impl MoveEffect {
    /// Whether the move loses money the plan values and gains none: the
    /// plan's return falls, whatever the maximised metric gains, so the
    /// deck does not recommend it as it stands.
    pub fn loses_value(&self) -> bool {
        self.values.iter().any(|v| v.change < Decimal::ZERO)
            && !self.values.iter().any(|v| v.change > Decimal::ZERO)
    }

    /// The other objectives the move costs something of.
    pub fn losses(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| !c.maximised && c.change < 0.0)
    }
}

/// The effect of `om`'s moves, where it has any.
pub fn effect(plan: &Plan, media: &Media, om: &ObjectiveMedia) -> Option<MoveEffect> {
    if om.moves.is_empty() {
        return None;
    }
    // Each moved channel's net change of money.
    let mut net: Vec<(&str, Decimal)> = Vec::new();
    for mv in &om.moves {
        for (id, d) in [(mv.from.as_str(), -mv.amount), (mv.to.as_str(), mv.amount)] {
            match net.iter_mut().find(|(c, _)| *c == id) {
                Some((_, e)) => *e += d,
                None => net.push((id, d)),
            }
        }
    }
    let mut others: BTreeMap<&str, f64> = BTreeMap::new();
    for (id, change) in net {
        let Some(c) = plan.channels.iter().find(|c| c.id.value == id) else {
            continue;
        };
        if c.budget.value.is_zero() || change.is_zero() {
            continue;
        }
        let curve = media
            .curves
            .iter()
            .find(|k| k.channel == id && k.objective == om.id && k.outcome > 0.0);
        for f in c.forecasts.iter().filter(|f| f.objective.value != om.id) {
            let typed = super::optimize::to_f64(f.value.value);
            let d = match curve {
                Some(k) => typed * (k.optimal_outcome / k.outcome - 1.0),
                None => super::optimize::to_f64(scaled(f.value.value, change, c.budget.value)),
            };
            *others.entry(f.objective.value.as_str()).or_insert(0.0) += d;
        }
    }
    let mut changes = vec![Change {
        objective: om.id.clone(),
        change: om.uplift,
        maximised: true,
    }];
    changes.extend(plan.objectives.iter().filter_map(|o| {
        let d = *others.get(o.id.value.as_str())?;
        (d != 0.0).then(|| Change {
            objective: o.id.value.clone(),
            change: d,
            maximised: false,
        })
    }));
    let mut values: Vec<ValueChange> = Vec::new();
    for ch in &changes {
        let Some(o) = plan.objective(&ch.objective) else {
            continue;
        };
        // The plan's own values only: one with no basis is no money a
        // board can weigh (`Gap::NoBasis`).
        let Ok(uv) = value::unit_value(o) else {
            continue;
        };
        if uv.source != Source::Field || o.delivered_by_units {
            continue;
        }
        // Each kind of money by its own name (a money objective's metric,
        // "revenue" for pipeline won, a value's basis): two kinds are
        // never added, as on the value slide.
        let basis = value::earned_as(o, &uv).trim().to_string();
        // A change on an unbounded ratio of curves times a plan's value
        // can exceed Decimal: left out rather than a panic.
        let Some(d) = Decimal::from_f64_retain(ch.change).and_then(|c| c.checked_mul(uv.per_unit))
        else {
            continue;
        };
        match values.iter_mut().find(|v| v.basis == basis) {
            Some(v) => v.change = v.change.saturating_add(d),
            None => values.push(ValueChange { basis, change: d }),
        }
    }
    for v in &mut values {
        v.change = crate::format::three_figures(v.change);
    }
    values.retain(|v| !v.change.is_zero());
    Some(MoveEffect { changes, values })
}

/// The least gain (percent of an objective's planned result) for which
/// the deck recommends the curves' best mix: one figure for the asks
/// valued after the move (here) and every slide that recommends it (the
/// allocation slide's headline, the summary): one name everywhere.
pub const RECOMMENDED: f64 = 0.5;

/// Whether the deck recommends `om`'s move: it adds at least
/// [`RECOMMENDED`] percent of the objective, and does not
/// lose money the plan values while gaining none ([`MoveEffect::loses_value`]).
/// Decided by the plan's value, not by the metric the curves maximise.
pub fn recommended(plan: &Plan, media: &Media, om: &ObjectiveMedia) -> bool {
    recommended_effect(plan, media, om).is_some()
}

/// Where the deck recommends `om`'s move ([`recommended`]), its effect,
/// computed once for the decision and the words that state it.
pub fn recommended_effect(
    plan: &Plan,
    media: &Media,
    om: &ObjectiveMedia,
) -> Option<Option<MoveEffect>> {
    if om.infeasible.is_some() || om.uplift_percent < RECOMMENDED || om.moves.is_empty() {
        return None;
    }
    let e = effect(plan, media, om);
    (!e.as_ref().is_some_and(MoveEffect::loses_value)).then_some(e)
}
