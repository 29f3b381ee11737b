//! The response curves' view of the rest of the period: the money left
//! re-optimised across each objective's channels, and what the run-rate's
//! spend buys on the curves.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{LineTrack, ObjectiveTrack};

/// The rest of the year re-optimised on the response curves: for each
/// objective with curves, the same money shared again among its channels,
/// none below what it has already spent and committed.
#[derive(Debug, Clone, Serialize)]
pub struct Reallocation {
    pub objective: String,
    /// The channels whose curves serve it.
    pub channels: Vec<String>,
    pub unit: Option<String>,
    /// Moves from the planned budgets, largest first.
    pub moves: Vec<crate::figures::media::Move>,
    /// The curves' result at the planned budgets and at the new ones
    /// (what forecasts add to, such as a baseline, included).
    pub planned: Decimal,
    pub optimal: Decimal,
    /// The proven optimum on the grid of steps.
    pub exact: bool,
}

pub(super) fn reallocations(
    media: &crate::figures::media::Media,
    lines: &[LineTrack],
) -> Vec<Reallocation> {
    let mut out = Vec::new();
    for om in &media.objectives {
        let members: Vec<usize> = media
            .curves
            .iter()
            .enumerate()
            .filter(|(_, c)| c.objective == om.id)
            .map(|(i, _)| i)
            .collect();
        if members.len() < 2 {
            continue;
        }
        // Sunk money is a floor: what is spent or ordered stays spent.
        let mut curves = media.curves.clone();
        for &i in &members {
            let c = &mut curves[i];
            let sunk = lines
                .iter()
                .find(|l| l.id == c.channel)
                .map_or(Decimal::ZERO, |l| l.actual + l.committed);
            c.lower = c.lower.max(sunk);
            if let Some(u) = c.upper
                && u < c.lower
            {
                c.upper = Some(c.lower);
            }
        }
        let pool: Decimal = members.iter().map(|&i| curves[i].budget).sum();
        let weights = std::collections::BTreeMap::from([(om.id.as_str(), 1.0)]);
        let Ok(sol) =
            crate::figures::media::allocate(&curves, &members, &weights, pool, media.step)
        else {
            continue;
        };
        let planned: Vec<(String, Decimal)> = members
            .iter()
            .map(|&i| (curves[i].channel.clone(), curves[i].budget))
            .collect();
        let at_plan: f64 = members.iter().map(|&i| curves[i].outcome).sum();
        let to_dec = |v: f64| {
            Decimal::from_f64_retain(om.base + v).map_or(Decimal::ZERO, |d| {
                d.round_dp(if v.abs() >= 100.0 { 0 } else { 2 })
            })
        };
        out.push(Reallocation {
            objective: om.id.clone(),
            channels: planned.iter().map(|(id, _)| id.clone()).collect(),
            unit: om.unit.clone(),
            moves: crate::figures::media::moves(&planned, &sol.budgets),
            planned: to_dec(at_plan + crate::figures::optimize::to_f64(om.fixed)),
            optimal: to_dec(sol.value + crate::figures::optimize::to_f64(om.fixed)),
            exact: sol.exact,
        });
    }
    out
}

/// Where a channel has a response curve, what its re-forecast spend buys:
/// the objective's planned result moved by the curves' difference between
/// the budget and the spend the run-rate will reach.
pub(super) fn curve_reforecasts(
    media: &crate::figures::media::Media,
    lines: &[LineTrack],
    objectives: &mut [ObjectiveTrack],
) {
    for om in &media.objectives {
        let Some(track) = objectives
            .iter_mut()
            .find(|o| o.kind == "objective" && o.id == om.id)
        else {
            continue;
        };
        let mut delta = 0.0;
        for c in media.curves.iter().filter(|c| c.objective == om.id) {
            let Some(line) = lines.iter().find(|l| l.id == c.channel) else {
                continue;
            };
            let end: f64 = line.run_rate_end.try_into().unwrap_or(0.0);
            delta += c.response.at(end) - c.outcome;
        }
        let value = om.base + om.planned + delta;
        if value.is_finite() {
            track.curve_reforecast = Decimal::from_f64_retain(value)
                .map(|d| d.round_dp(if value.abs() >= 100.0 { 0 } else { 2 }));
        }
    }
}
