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
    // Money of no stated basis stays in its cell, with "(basis not given)":
    // in the title a board read "could cost $1.2M" as a fact.
    if impact.exposure.is_some()
        && !impact.no_basis
        && let Some(cost) = &impact.text
    {
        // Exposure's basis said (a reader counted a bare "£420k" a units
        // lapse); its likelihoods give their probabilities.
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
    let basis = match (plan.risks.len(), impact.exposure.is_some()) {
        (1, _) => format!("The plan's one risk ({levels})"),
        // Still ranked by its exposure; its amount, of no stated basis, is
        // left to its cell.
        // Short: its levels and risk already take two lines.
        (n, true) => format!("The top risk of {n} by exposure ({levels})"),
        (n, false) => format!("The top risk of {n} by likelihood × impact ({levels})"),
    };
    // A stake sized by the team row the risk takes away is part of what
    // the plan loses, not what the risk costs: not quoted as its cost.
    let stake = super::risk_stake::stake(plan, fig, r);
    let cost = quoted_cost(impact.text.filter(|_| !impact.no_basis), stake.as_ref())
        .map(|c| super::shown::short_metrics(plan, &c));
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
        // Sized, but on no stated basis: the levels alone.
        (None, None, false) if impact.no_basis => format!("{basis}: {risk}"),
        (None, None, false) => format!("{basis} is not sized by the plan: {risk}"),
    })
}

/// What the title quotes as the top risk's cost: its impact with a basis,
/// else a stake the risk takes that is not the team row it takes away.
fn quoted_cost(impact: Option<String>, stake: Option<&super::risk_stake::Stake>) -> Option<String> {
    impact.or_else(|| stake.filter(|s| !s.from_row).map(|s| s.cost()))
}

/// The title names the top risk's missing owner or mitigation ("… has no
/// owner: …"): then the line under the table gives only the board's
/// decision, not the risk and its gap a second time.
pub fn names_gap(plan: &Plan, fig: &Figures) -> bool {
    let Some(r) = super::risk_rating::order(plan, fig)
        .first()
        .and_then(|i| plan.risks.get(*i))
    else {
        return false;
    };
    let impact = super::value::risk_impact(plan, r);
    let money_title = impact.exposure.is_some() && !impact.no_basis && impact.text.is_some();
    let stake = super::risk_stake::stake(plan, fig, r);
    !money_title
        && (r.owner.is_none() || r.mitigation.is_none())
        && quoted_cost(impact.text.filter(|_| !impact.no_basis), stake.as_ref()).is_none()
}
