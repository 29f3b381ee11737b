//! A risk's impact as the deck judges it, beside the plan's rating where
//! the two differ: a risk the team cannot deliver the plan without
//! (`figures::capacity`'s `at_risk`) is high impact whatever the plan
//! rates it. A board that reads "high · low" beside "delivery-critical" in
//! one row reads a rating the deck contradicts itself; it reads "high —
//! delivery depends on it" as a judgement (the plan's rating is the check's
//! `risk-impact-understated`, not a second rating on the slide). The main
//! risk (summary, risk title) and the table's order follow the judgement;
//! `risk-impact-understated` asks the plan to change its rating.

use rust_decimal::Decimal;

use crate::figures::Figures;
use crate::plan::*;

/// Whether the people model finds the plan undeliverable if this risk
/// happens (`check::risk_rows::delivery_critical`).
pub fn delivery_critical(plan: &Plan, fig: &Figures, r: &Risk) -> bool {
    crate::check::risk_rows::delivery_critical(plan, fig, r)
}

/// The impact the deck weighs a risk by: high where delivery depends on
/// it, else the plan's rating.
pub fn judged_impact(plan: &Plan, fig: &Figures, r: &Risk) -> Level {
    if delivery_critical(plan, fig, r) {
        Level::High
    } else {
        r.impact
    }
}

/// The impact cell where the judgement differs from the plan's rating:
/// "high: delivery rests on it" — one rating, its reason once (the plan
/// rating is the check's to question); the summary says the same words (`judged_words`).
pub fn impact_note(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    let judged = judged_impact(plan, fig, r);
    // One rating on the slide: the plan's own (lower) rating beside it was
    // read as a risk with two ratings (C9); `risk-impact-understated` asks
    // the author to change it.
    (judged != r.impact).then(|| format!("{}: delivery rests on it", word(judged)))
}

/// The impact as the summary says it, inside its own brackets: "high
/// impact: delivery rests on it", else "medium
/// impact" — the risk table's rating and reason.
pub fn judged_words(plan: &Plan, fig: &Figures, r: &Risk) -> String {
    match impact_note(plan, fig, r) {
        Some(_) => format!(
            "{} impact: delivery rests on it",
            word(judged_impact(plan, fig, r))
        ),
        None => format!("{} impact", word(r.impact)),
    }
}

pub fn word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// Low 1, medium 2, high 3: one scale for every ranking of risks (the
/// deck's, the review's register and its main risk, `structure`'s
/// exposure).
pub fn rank(l: Level) -> u8 {
    match l {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    }
}

/// The plan's risks (indices), highest exposure first, as
/// `figures::value::risk_order` ranks them but by the judged impact: those
/// with an exposure in money by it, then the rest by likelihood × judged
/// impact; equal risks keep the plan's order. The first is the deck's
/// main risk.
pub fn order(plan: &Plan, fig: &Figures) -> Vec<usize> {
    let mut order: Vec<(usize, Option<Decimal>, u8)> = plan
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                i,
                crate::figures::value::risk_money(plan, r).exposure,
                rank(r.likelihood) * rank(judged_impact(plan, fig, r)),
            )
        })
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    // A likely risk nobody manages that delivery rests on is what the health
    // verdict names ("Red · delivery rests on …"): it leads, so the summary's
    // main risk and its verdict never name two different risks.
    let critical = crate::check::risk_rows::critical_unmanaged(plan, fig)
        .and_then(|c| plan.risks.iter().position(|r| std::ptr::eq(r, c)));
    if let Some(at) = critical.and_then(|c| order.iter().position(|o| o.0 == c)) {
        let first = order.remove(at);
        order.insert(0, first);
    }
    order.into_iter().map(|(i, _, _)| i).collect()
}
