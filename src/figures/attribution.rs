//! Whose money a channel's budget is: one rule for every output that puts
//! a cost against an objective — `check`'s cost per result, the forecast
//! slide's, and the value bridge's return.
//!
//! A channel serving several objectives has no common unit to weigh them
//! by (a euro of pipeline and a point of awareness), so its budget is split
//! evenly between the objectives it serves. Counting it whole for each
//! would charge the same money twice: the costs shown would add up to more
//! than the budget, and each objective's return would read too low.

use rust_decimal::Decimal;

use crate::plan::{Channel, Links, Objective};

/// The objectives a channel's money serves, each once: those it names in
/// `supports` and those it forecasts.
pub fn served(c: &Channel) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let named = c.supports.iter().map(|s| s.value.as_str());
    let forecast = c.forecasts.iter().map(|f| f.objective.value.as_str());
    for id in named.chain(forecast) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The part of a channel's budget that one objective carries: the budget
/// ÷ the number of objectives it serves; nothing when it does not serve it.
pub fn channel_share(c: &Channel, objective: &str) -> Decimal {
    let served = served(c);
    if !served.contains(&objective) {
        return Decimal::ZERO;
    }
    c.budget
        .value
        .checked_div(Decimal::from(served.len()))
        .unwrap_or_default()
}

/// An objective's money: its share of every channel that serves it, and
/// whether one of them serves another objective too (the share is a split).
pub fn objective_cost(links: &Links<'_>, o: &Objective) -> (Decimal, bool) {
    let id = o.id.value.as_str();
    let mut seen: Vec<&str> = Vec::new();
    let mut cost = Decimal::ZERO;
    let mut shared = false;
    let forecasting = links.forecasts_for(id).iter().map(|(c, _)| *c);
    for c in links
        .channels_serving(id)
        .iter()
        .copied()
        .chain(forecasting)
    {
        if seen.contains(&c.id.value.as_str()) {
            continue;
        }
        seen.push(c.id.value.as_str());
        cost = cost.saturating_add(channel_share(c, id));
        shared |= !c.budget.value.is_zero() && served(c).len() > 1;
    }
    (cost, shared)
}
