//! The risk slide's title: the highest-exposure risk as a claim — what it
//! could cost where the plan or the deck sizes it, with exposure's basis
//! where the table has an Exposure column — else how likely and how hard
//! it would hit, among how many.

use crate::figures::Figures;
use crate::format::lower_first;
use crate::plan::*;

/// The risks slide: the largest risk by exposure, as a claim — what it
/// could cost where the plan prices it, else how likely and how hard it
/// would hit ("The largest risk is high-likelihood and high-impact: …").
pub fn risks_title(plan: &Plan, fig: &Figures) -> Option<String> {
    let r = super::risk_rating::order(plan, fig)
        .first()
        .and_then(|i| plan.risks.get(*i))?;
    let risk = lower_first(r.risk.trim_end_matches('.'));
    let stake = super::risk_stake::stake(plan, fig, r).filter(|s| !s.from_row);
    let priced = plan.risks.iter().any(|r| {
        let i = super::value::risk_impact(plan, r);
        i.exposure.is_some() || i.exposure_units.is_some()
    });
    let basis = if priced {
        " (likelihood × impact)"
    } else {
        ""
    };
    Some(match (super::value::risk_impact(plan, r).text, stake) {
        // "Highest-exposure", not "largest": risks are ranked by likelihood ×
        // impact, so a likelier risk can lead one that would cost more (a
        // reader read "the largest risk could cost up to $10.4M" over a row
        // of $12.6M as a title its table contradicts).
        // Exposure's basis said where the table has an Exposure column (a
        // reader counted a bare "£420k" a units lapse); its likelihoods
        // give their probabilities.
        (Some(cost), _) => format!("The highest-exposure risk{basis} could cost {cost}: {risk}"),
        // What the channel it names brings, an upper bound, said so.
        (None, Some(s)) => format!(
            "The highest-exposure risk{basis} could cost {}: {risk}",
            s.cost()
        ),
        // Unsized: how likely and how hard, and among how many.
        (None, None) => format!(
            "The largest {}is {}-likelihood and {}-impact: {risk}",
            match plan.risks.len() {
                1 => "risk ".to_string(),
                n => format!("of {n} risks "),
            },
            super::risk_rating::word(r.likelihood),
            super::risk_rating::word(super::risk_rating::judged_impact(fig, r))
        ),
    })
}
