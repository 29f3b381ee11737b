//! The deck's advice on an ask its own figures undercut: a release whose
//! money the curves say buys each result dearer than its own condition
//! allows is "decline as written", and a release whose trigger fires while
//! its objective is behind pace is "discuss" — always with the reason. A
//! board read "Release £600k … only if cost per account stays under £125"
//! beside "£664 per extra account, above the £125 its condition allows" as
//! an ask the deck asks it to approve and refutes in one row; the advice
//! and its reason come from [`advice`], so the ask slide and the summary's
//! ask line say the same sentence.

use rust_decimal::Decimal;

use super::shown::{lower_first, money};
use crate::figures::Figures;
use crate::plan::*;

/// The deck's one recommendation on an ask ([`advice`]): the summary's ask
/// line prints `says`, the ask slide's row `says` and then its figures, so
/// the two slides recommend in the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub kind: AdviceKind,
    /// "recommend: decline as written (£664 per extra account on the
    /// curves, above its £125 condition)".
    pub says: String,
    /// What the ask slide adds after `says`: "enterprise pipeline $9M by
    /// 31 Oct 2027 vs $12M on pace for the $16M target".
    pub figures: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdviceKind {
    /// The curves put its money above its own condition
    /// (`ask-contingent-dear`).
    Decline,
    /// Its trigger fires below its objective's pace (`trigger-below-pace`).
    Discuss,
}

impl Advice {
    /// The ask slide's words: `says`, then its figures after a colon.
    pub fn full(&self) -> String {
        match &self.figures {
            Some(f) => format!("{}: {f}", self.says),
            None => self.says.clone(),
        }
    }
}

/// The deck's advice on an ask its own figures undercut, decline before
/// discuss (the stronger first); `None`: the deck's figures do not
/// undercut the ask. The one source of the summary's and the ask slide's
/// words — two wordings of one recommendation ("the curves put it at £664
/// …" on one slide, "£664 … on the curves" on the other) read as two
/// claims to check.
pub fn advice(plan: &Plan, fig: &Figures, a: &Ask) -> Option<Advice> {
    if let Some(d) = crate::check::ask_words::contingent_dear(plan, fig, a)
        && let Some(one) = one_result(plan, d.objective)
    {
        return Some(Advice {
            kind: AdviceKind::Decline,
            says: format!(
                "recommend: decline as written ({} per extra {one} on the curves, above its {} condition)",
                money(plan, d.per_result),
                money(plan, d.cap)
            ),
            figures: None,
        });
    }
    use crate::check::trigger_pace::{for_ask, metric};
    let p = for_ask(plan, a)?;
    let q =
        |d: Decimal| crate::format::format_quantity(d, p.objective.measure.unit.as_deref(), true);
    Some(Advice {
        kind: AdviceKind::Discuss,
        says: "recommend: discuss (it releases the money behind pace)".to_string(),
        figures: Some(format!(
            "{} {} by {} vs {} on pace for the {} target",
            lower_first(metric(p.objective)),
            q(p.bar),
            super::shown::date(p.date),
            q(p.pace),
            q(p.target)
        )),
    })
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
