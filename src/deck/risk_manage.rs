//! The risk table's owner and mitigation cells where the plan leaves them
//! empty: the owner the plan implies, marked as the deck's suggestion, or
//! what the board should do; the plan's response on record, labelled so,
//! or that it holds none (`check::risk_owner` finds them; `risk-unmanaged`
//! gives the line to add). A board reads a bare "none named" as
//! nobody's job and stops; with the plan's own answer beside it, it can
//! confirm one.

use crate::plan::*;

/// After "none named" in the Owner column: "suggested: Retail marketing
/// manager, who runs Retail partners", or "the board to name one by 18 Dec
/// 2026".
pub fn owner_note(plan: &Plan, r: &Risk) -> Option<String> {
    if r.owner.is_some() {
        return None;
    }
    Some(match crate::check::risk_owner::owner(plan, r) {
        Some(i) => format!("suggested: {}, {}", i.who, i.why),
        None => format!(
            "the board to name one by {}",
            super::shown::date(crate::check::risk_owner::decide_by(plan))
        ),
    })
}

/// After "none named" in the Mitigation column: "on record: the trigger
/// …" (the plan's response on record), or "the plan holds no response to
/// it".
pub fn mitigation_note(plan: &Plan, r: &Risk) -> Option<String> {
    if r.mitigation.is_some() {
        return None;
    }
    Some(match crate::check::risk_owner::response(plan, r) {
        Some(on_record) => format!("on record: {on_record}"),
        None => "the plan holds no response to it".to_string(),
    })
}
