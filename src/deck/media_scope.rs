//! What a best-split claim covers, and where the optimum is held by a
//! bound rather than found. "Already the best split of the same money on
//! the curves" read as a claim about the whole mix, beside a trade-off on
//! the same slide that nets more by moving money to a channel with no
//! curve (fintech) and over curves that cover a third of the channel money
//! (industrial); and an optimum at a channel's cap, whose next £1k returns
//! more than any other's, is the cap's answer, not the best split
//! (power-tools). The claim names its scope and its bound, from here.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::figures::media::{Curve, ObjectiveMedia};
use crate::plan::Plan;

/// "the $828k on the 3 channels with curves (35% of channel money)"
/// where the curves cover less than all the plan's channel money (with one
/// curve, "€1.3M, 17% of channel money"); `None` where they cover it all.
pub fn scope(
    plan: &Plan,
    o: &ObjectiveMedia,
    curves: usize,
    money: &dyn Fn(Decimal) -> String,
) -> Option<String> {
    let total: Decimal = plan.channels.iter().map(|c| c.budget.value).sum();
    if total <= Decimal::ZERO || o.pool >= total {
        return None;
    }
    let pct = (o.pool * Decimal::ONE_HUNDRED / total).round();
    // Under half a percent is not "0%".
    let pct = if pct.is_zero() {
        "under 1".to_string()
    } else {
        pct.to_string()
    };
    // One curve splits nothing: its money and share, for "no split of
    // its money is compared".
    Some(if curves == 1 {
        format!("{}, {pct}% of channel money", money(o.pool))
    } else {
        format!(
            "the {} on the {curves} channels with curves ({pct}% of channel money)",
            money(o.pool)
        )
    })
}

/// "Demo vans held at their €1.25M cap: the next €1k there would return
/// €4.95k" — a channel the optimum leaves at its `max_budget` whose next
/// money returns more than every other curve's at the optimum (by more
/// than 5%): the split is the best the bounds allow, not the best.
pub fn held(
    curves: &[&Curve],
    factor: f64,
    money: &dyn Fn(Decimal) -> String,
    quantity: &dyn Fn(f64) -> String,
) -> Option<String> {
    let at_cap = |c: &Curve| {
        c.upper
            .is_some_and(|u| (c.optimal - u).abs() <= Decimal::ONE && !c.locked)
    };
    let best_free = curves
        .iter()
        .filter(|c| !at_cap(c) && !c.locked)
        .map(|c| c.optimal_marginal)
        .fold(f64::NAN, f64::max);
    if best_free.is_nan() {
        return None;
    }
    let c = curves
        .iter()
        .filter(|c| at_cap(c) && c.optimal_marginal > best_free * 1.05)
        .max_by(|a, b| a.optimal_marginal.total_cmp(&b.optimal_marginal))?;
    let per = Decimal::from(1000) * Decimal::from_f64_retain(factor)?.round();
    per.to_f64()?;
    Some(format!(
        "{} held at its {} cap: the next {} there would return {}",
        c.name,
        money(c.upper?),
        money(per),
        quantity(c.optimal_marginal * factor)
    ))
}
