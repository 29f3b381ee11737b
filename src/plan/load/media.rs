//! The media: channels, their response curves, and the triggers that move
//! money between them.

use super::WORK;
use super::budget::read_phasing;
use super::strategy::read_kpi;
use super::{CADENCE, CURVE, bounded, forecasts, named, positive_money};
use crate::plan::fields::Fields;
use crate::plan::model::*;
use crate::plan::stack;

pub(super) fn read_channel(mut t: Fields<'_, '_>) -> Option<Channel> {
    let id = named(&mut t, "channel");
    let name = t.req_text("name");
    let category = t.str("category");
    let supports = t.refs("supports");
    let budget = t.req_money("budget");
    let work = t.choice("work", WORK).unwrap_or(Work::Downstream);
    let phasing = read_phasing(&mut t);
    let kpis = t
        .tables("kpis", "KPI")
        .into_iter()
        .filter_map(read_kpi)
        .collect();
    let forecasts = forecasts(t.id_numbers("forecast"));
    let effort = t.id_numbers("effort");
    let response = t.table("response").and_then(read_response);
    let min_budget = t.money("min_budget");
    let max_budget = t.money("max_budget");
    let locked = t.boolean("locked").unwrap_or(false);
    let audiences = t.refs("audiences");
    let needs = stack::capabilities(&mut t, "needs");
    let span = t.span();
    if let (Some(lo), Some(hi)) = (&min_budget, &max_budget)
        && lo.value > hi.value
    {
        t.invalid(
            hi.span.clone(),
            "`max_budget` is below `min_budget`",
            "the optimiser keeps the budget between the two; swap them",
        );
    }
    t.finish();
    Some(Channel {
        effort,
        response,
        min_budget,
        max_budget,
        locked,
        audiences,
        needs,
        id: id?,
        name: name?,
        category,
        supports,
        budget: budget?,
        work,
        phasing,
        kpis,
        forecasts,
        span,
    })
}

pub(super) fn read_response(mut t: Fields<'_, '_>) -> Option<Response> {
    use rust_decimal::Decimal;
    t.name_as("the channel's `response`");
    let objective = t.req_str("objective");
    let curve = t.choice("curve", CURVE).unwrap_or(CurveKind::Hill);
    let half_saturation = positive_money(&mut t, "half_saturation");
    let slope = bounded(
        &mut t,
        "slope",
        Decimal::new(1, 2),
        Decimal::from(10),
        "slopes from MMMs are between 0.3 and 5; 1 is a plain diminishing-returns curve",
    );
    let max_outcome = t.decimal("max_outcome");
    if let Some(m) = &max_outcome
        && m.value <= Decimal::ZERO
    {
        t.invalid(
            m.span.clone(),
            "`max_outcome` must be above 0",
            "write the result at saturation, in the objective's unit",
        );
    }
    let carryover = bounded(
        &mut t,
        "carryover",
        Decimal::ZERO,
        Decimal::new(95, 2),
        "carry-over is the share of a quarter's effect still working the next quarter, e.g. 0.3",
    );
    let points: Vec<CurvePoint> = t
        .tables("points", "curve point")
        .into_iter()
        .filter_map(read_point)
        .collect();
    let source = t.text("source");
    let span = t.span();
    let given = half_saturation.is_some() && max_outcome.is_some();
    if !given && points.len() < 2 {
        t.invalid(
            span.clone(),
            "a response curve needs `half_saturation` and `max_outcome`, or two or more `points` to calibrate from",
            "copy the parameters from the MMM report (`mvplan curves import` converts PyMC-Marketing's), or add `points = [{ spend = ..., result = ... }, ...]`",
        );
    }
    t.finish();
    Some(Response {
        objective: objective?,
        curve,
        half_saturation,
        slope,
        max_outcome,
        carryover,
        points,
        source,
        span,
    })
}

pub(super) fn read_point(mut t: Fields<'_, '_>) -> Option<CurvePoint> {
    let spend = t.req_money("spend");
    let result = t.req_decimal("result");
    let span = t.span();
    t.finish();
    Some(CurvePoint {
        spend: spend?,
        result: result?,
        span,
    })
}

pub(super) fn read_trigger(mut t: Fields<'_, '_>) -> Option<Trigger> {
    let id = named(&mut t, "trigger");
    let objective = t.str("objective");
    let kpi = t.str("kpi");
    let channel = t.str("channel");
    let below = t.decimal("below");
    let above = t.decimal("above");
    let date = t.date("date");
    let cadence = t.choice("cadence", CADENCE);
    let action = t.req_text("action");
    let from = t.str("from");
    let to = t.str("to");
    let amount = positive_money(&mut t, "amount");
    let scenario = t.str("scenario");
    let span = t.span();
    if objective.is_none() && kpi.is_none() {
        t.invalid(
            span.clone(),
            "a trigger needs the metric it watches: `objective = \"...\"` or `kpi = \"...\"`",
            "name an objective id, or a channel KPI's name (with `channel` when several channels have it)",
        );
    }
    if below.is_none() && above.is_none() {
        t.invalid(
            span.clone(),
            "a trigger needs a threshold: `below = ...` or `above = ...`",
            "e.g. `below = 1200` sets it off when the metric falls under 1,200",
        );
    }
    t.finish();
    Some(Trigger {
        id: id?,
        objective,
        kpi,
        channel,
        below,
        above,
        date,
        cadence,
        action: action?,
        from,
        to,
        amount,
        scenario,
        span,
    })
}
