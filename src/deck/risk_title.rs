//! The risk slide's title: the risk at the top of the table, as a claim,
//! with the basis the table is ranked by — so the title and the rows below
//! it cannot be read as contradicting each other. Where the top risk has
//! an exposure in money (the Exposure column), "the highest-exposure risk
//! (likelihood × impact) could cost …"; else the table is ranked by its
//! likelihood and impact levels, and the title says so with the two levels
//! ("The top risk of 4 by likelihood × impact (high × high) …") and what
//! the risk could cost where it is sized, or that it is not.

use crate::figures::Figures;
use crate::format::lower_first;
use crate::plan::*;

/// The risks slide's title (see the module's comment).
pub fn risks_title(plan: &Plan, fig: &Figures) -> Option<String> {
    let r = super::risk_rating::order(plan, fig)
        .first()
        .and_then(|i| plan.risks.get(*i))?;
    let risk = lower_first(r.risk.trim_end_matches('.'));
    let impact = super::value::risk_impact(plan, r);
    // Ranked by money exposure only where the top risk has one: the order
    // puts every risk with a money exposure first (`risk_rating::order`).
    if impact.exposure.is_some()
        && let Some(cost) = &impact.text
    {
        // Exposure's basis said (a reader counted a bare "£420k" a units
        // lapse); its likelihoods give their probabilities.
        // Money of no stated basis is said so in its cell just below; the
        // title keeps to two lines.
        let cost = cost.replace(super::value_risk::NO_BASIS, "");
        return Some(format!(
            "The highest-exposure risk (likelihood × impact) could cost {cost}: {risk}"
        ));
    }
    // Ranked by levels: the title names the basis and the top row's levels
    // ("largest" over a row "not sized" beside sized rows, or "highest
    // exposure, up to $10.4M" over a row of "up to $12.6M", was read as a
    // title its table contradicts).
    let levels = format!(
        "{} × {}",
        super::risk_rating::word(r.likelihood),
        super::risk_rating::word(super::risk_rating::judged_impact(plan, fig, r))
    );
    // One risk is ranked by nothing: its levels alone.
    let basis = match plan.risks.len() {
        1 => format!("The plan's one risk ({levels})"),
        n => format!("The top risk of {n} by likelihood × impact ({levels})"),
    };
    // A stake sized by the team row the risk takes away is part of what
    // the plan loses, not what the risk costs: not quoted as its cost.
    let stake = super::risk_stake::stake(plan, fig, r);
    let cost = impact
        .text
        .or_else(|| stake.as_ref().filter(|s| !s.from_row).map(|s| s.cost()));
    // Unsized, the claim is what the board must know of it: that it has
    // no owner or mitigation, else that the plan does not size it.
    let unmanaged = match (r.owner.is_none(), r.mitigation.is_none()) {
        (true, true) => Some("has no owner and no mitigation"),
        (true, false) => Some("has no owner"),
        (false, true) => Some("has no mitigation"),
        (false, false) => None,
    };
    Some(match (cost, unmanaged, stake.is_some()) {
        // The row shows its levels; the title stays short enough to read.
        (Some(cost), _, _) => {
            format!("The top risk by likelihood × impact could cost {cost}: {risk}")
        }
        (None, Some(gap), _) => format!("{basis} {gap}: {risk}"),
        (None, None, true) => format!("{basis}: {risk}"),
        (None, None, false) => format!("{basis} is not sized by the plan: {risk}"),
    })
}
