//! The deck's advice on an ask its own figures undercut: a release whose
//! money the curves say buys each result dearer than its own condition
//! allows is "decline as written", and a release whose trigger fires while
//! its objective is behind pace is "discuss" — always with the reason. A
//! board read "Release £600k … only if cost per account stays under £125"
//! beside "£664 per extra account, above the £125 its condition allows" as
//! an ask the deck asks it to approve and refutes in one row; the advice
//! and its reason come from here, so the ask slide and the summary's ask
//! line say the same.

use rust_decimal::Decimal;

use super::shown::{lower_first, money};
use crate::figures::Figures;
use crate::plan::*;

/// "recommend: decline as written (the curves put it at £664 per extra
/// account, above its £125 condition)" — the ask's money fails its own
/// condition on the response curves (`ask-contingent-dear`).
pub fn dear(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    let d = crate::check::ask_words::contingent_dear(plan, fig, a)?;
    let one = one_result(plan, d.objective)?;
    Some(format!(
        "recommend: decline as written (the curves put it at {} per extra {one}, above its {} condition)",
        money(plan, d.per_result),
        money(plan, d.cap)
    ))
}

/// "recommend: discuss (it releases the money while enterprise pipeline is
/// behind its pace: $9M by 31 Oct 2027 vs $12M on pace for the $16M
/// target)" — the release's trigger fires below its objective's pace
/// (`trigger-below-pace`).
pub fn behind_pace(plan: &Plan, a: &Ask) -> Option<String> {
    use crate::check::trigger_pace::{for_ask, metric};
    let p = for_ask(plan, a)?;
    let q =
        |d: Decimal| crate::format::format_quantity(d, p.objective.measure.unit.as_deref(), true);
    Some(format!(
        "recommend: discuss (it releases the money while {} is behind its pace: {} by {} vs {} on pace for the {} target)",
        lower_first(metric(p.objective)),
        q(p.bar),
        super::shown::date(p.date),
        q(p.pace),
        q(p.target)
    ))
}

/// The advice the summary's ask line carries for an ask, short (the
/// summary is read in a minute; the ask slide's row gives the figures):
/// "recommend: decline as written (£664 per extra account on the curves,
/// above its £125 condition)", "recommend: discuss (it releases the money
/// behind pace)" — decline before discuss, the stronger first. `None`: the
/// deck's figures do not undercut the ask.
pub fn advice(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    if let Some(d) = crate::check::ask_words::contingent_dear(plan, fig, a) {
        let one = one_result(plan, d.objective)?;
        return Some(format!(
            "recommend: decline as written ({} per extra {one} on the curves, above its {} condition)",
            money(plan, d.per_result),
            money(plan, d.cap)
        ));
    }
    crate::check::trigger_pace::for_ask(plan, a)
        .map(|_| "recommend: discuss (it releases the money behind pace)".to_string())
}

/// One unit of the objective an ask's money buys ("account"), for "per
/// extra account"; "result" where it has no unit.
fn one_result(plan: &Plan, objective: usize) -> Option<String> {
    let o = plan.objectives.get(objective)?;
    Some(
        o.measure
            .unit
            .as_deref()
            .map_or_else(|| "result".to_string(), crate::format::singular),
    )
}
