//! The risk table's owner and mitigation cells where the plan leaves them
//! empty: the owner the plan implies, marked as the deck's suggestion, or
//! what the board should do; the plan's response on record, labelled so,
//! or that it holds none (`check::risk_owner` finds them; `risk-unmanaged`
//! gives the line to add). A board reads a bare "none named" as
//! nobody's job and stops; with the plan's own answer beside it, it can
//! confirm one.

use crate::figures::Figures;
use crate::plan::*;

/// After "none named" in the Owner column: "suggested: Retail marketing
/// manager, who runs Retail partners", or "the board to name one by 18 Dec
/// 2026"; for a risk rated high in likelihood or impact (as the deck
/// judges it), the board's decision before it approves: "to name before
/// approving (suggested: Head of Growth)". A high risk whose
/// gap reads as a cell note was read as unmanaged; the deck cannot name
/// an owner itself.
pub fn owner_note(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    if r.owner.is_some() {
        return None;
    }
    let implied = crate::check::risk_owner::owner(plan, r);
    Some(match (high(plan, fig, r), implied) {
        (true, Some(i)) => format!("to name before approving (suggested: {})", i.who),
        (true, None) => "to name before approving".to_string(),
        (false, Some(i)) => format!("suggested: {}, {}", i.who, i.why),
        (false, None) => format!(
            "the board to name one by {}",
            super::shown::date(crate::check::risk_owner::decide_by(plan))
        ),
    })
}

/// After "none named" in the Mitigation column: "on record: the trigger
/// …" (the plan's response on record), or "the plan holds no response to
/// it"; for a high risk, first the board's decision: "to agree before
/// approving; on record: …".
pub fn mitigation_note(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    if r.mitigation.is_some() {
        return None;
    }
    let on_record = crate::check::risk_owner::response(plan, r);
    Some(match (high(plan, fig, r), on_record) {
        // The unassigned contingency is no response the board can weigh
        // beside the one it is to agree: the cell stays short.
        (true, Some(x)) if x.starts_with("only the unassigned") => {
            "to agree before approving".to_string()
        }
        (true, Some(x)) => format!("to agree before approving; on record: {x}"),
        (true, None) => "to agree before approving".to_string(),
        (false, Some(x)) => format!("on record: {x}"),
        (false, None) => "the plan holds no response to it".to_string(),
    })
}

/// High in likelihood or in impact as the deck judges it.
fn high(plan: &Plan, fig: &Figures, r: &Risk) -> bool {
    r.likelihood == Level::High || super::risk_rating::judged_impact(plan, fig, r) == Level::High
}

/// The main risk (the top of the risk table) with no owner or no
/// mitigation, as the board's decision rather than a table cell: "the main
/// risk (volunteer comms crew drops out over the summer, high/high) has no
/// owner and no mitigation: name both before approving (proposed owner:
/// Head of Fundraising & Communications)". The deck cannot invent either;
/// a board that reads the gap only in a cell scores the risk unmanaged,
/// one that reads it as its own decision can close it.
pub fn main_gap(plan: &Plan, fig: &Figures) -> Option<String> {
    let r = super::risk_rating::order(plan, fig)
        .first()
        .and_then(|i| plan.risks.get(*i))?;
    // The title says the risk and its gap: the line says the decision once.
    if super::risk_title::names_gap(plan, fig) {
        let (_, [_, name], proposed) = gap_parts(plan, r)?;
        return Some(format!("{name} before approving{proposed}"));
    }
    Some(format!(
        "the main risk ({}, {}/{}) has {}",
        crate::format::lower_first(r.risk.trim_end_matches('.')),
        super::risk_rating::word(r.likelihood),
        super::risk_rating::word(super::risk_rating::judged_impact(plan, fig, r)),
        gap_decision(plan, r)?
    ))
}

/// "no owner and no mitigation: name both before approving (proposed
/// owner: …)" for a risk missing either; the proposal is the owner the
/// plan implies (`check::risk_owner::owner`), never a name the plan does
/// not give.
pub fn gap_decision(plan: &Plan, r: &Risk) -> Option<String> {
    let (missing, [name, _], proposed) = gap_parts(plan, r)?;
    Some(format!("{missing}: {name} before approving{proposed}"))
}

/// What the risk lacks, the board's decision after it ("name one") and on
/// its own ("name an owner"), and the owner the plan implies in brackets.
type GapParts = (&'static str, [&'static str; 2], String);

fn gap_parts(plan: &Plan, r: &Risk) -> Option<GapParts> {
    let (missing, name) = match (r.owner.is_none(), r.mitigation.is_none()) {
        (true, true) => (
            "no owner and no mitigation",
            ["name both", "name an owner and a mitigation"],
        ),
        (true, false) => ("no owner", ["name one", "name an owner"]),
        (false, true) => ("no mitigation", ["agree one", "agree a mitigation"]),
        (false, false) => return None,
    };
    let proposed = crate::check::risk_owner::owner(plan, r)
        .map(|i| format!(" (proposed owner: {})", i.who))
        .unwrap_or_default();
    Some((missing, name, proposed))
}
