//! A risk the plan gives no `impact_value`, sized where its own words name
//! a channel: what that channel's forecast puts at stake, in the unit of
//! the objective it serves ("up to 40,000 new DTC customers: the forecast
//! of Meta paid social (FB/IG)"). A board reads a risk with an impact in
//! money or target units as weighed; a level alone ("medium") as not.
//! The figure is an upper bound — everything the named channel brings —
//! and the slide says so; the checker's `risk-unsized` asks for the plan's
//! own figure.

use rust_decimal::Decimal;

use super::shown::{lower_first, metric};
use crate::figures::Figures;
use crate::plan::*;

/// What a risk's named channels put at stake: the figure ("44,300 new
/// DTC customers") and whose forecast it is.
pub struct Stake {
    pub figure: String,
    pub whose: String,
}

/// The risk slide's cell: "up to 44,300 new DTC customers: the forecast
/// of Meta paid social (FB/IG)".
pub fn at_stake(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    stake(plan, fig, r).map(|s| format!("up to {}: the forecast of {}", s.figure, s.whose))
}

/// What the channels a risk names put at stake of the first objective they
/// forecast, for a risk the plan does not size; `None` where it names no
/// funded channel with a forecast.
pub fn stake(plan: &Plan, fig: &Figures, r: &Risk) -> Option<Stake> {
    if r.impact_amount.impact_value.is_some() {
        return None;
    }
    let named: Vec<&Channel> = crate::check::risks::channels_named(plan, &r.risk)
        .into_iter()
        .filter(|c| !c.budget.value.is_zero())
        .collect();
    let o = plan.objectives.iter().find(|o| {
        named
            .iter()
            .any(|c| c.forecasts.iter().any(|f| f.objective.value == o.id.value))
    })?;
    let mut names = Vec::new();
    let mut total = Decimal::ZERO;
    for c in &named {
        let f = c.forecasts.iter().find(|f| f.objective.value == o.id.value);
        if let Some(f) = f {
            total += super::shown::channel_result(fig, c, f).0;
            names.push(c.name.as_str());
        }
    }
    if total <= Decimal::ZERO {
        return None;
    }
    let unit = o.measure.unit.as_deref();
    // A percentage's part is in points ("2 pts of awareness").
    let figure = if unit == Some("%") {
        crate::format::format_change(total, unit, true)
            .trim_start_matches('+')
            .to_string()
    } else {
        crate::format::format_quantity(total, unit, true)
    };
    let whose = match names.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => return None,
    };
    Some(Stake {
        figure: crate::format::of_metric(&figure, unit, &lower_first(metric(o))),
        whose,
    })
}
