//! A risk's impact in money, as the risk slide and the summary's main risk
//! state it: the plan's `impact_value`, or that amount of an objective's
//! metric at its unit value (`figures::value::risk_money`) — only where the
//! value has a basis, as every other amount the value bridge gives.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::value::{self, Worth};
use crate::format::{format_money, format_quantity};
use crate::plan::*;

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// A risk's impact and exposure as the risk slide shows them.
#[derive(Debug, Serialize)]
pub struct RiskImpact {
    /// "€2.5M of marketing-sourced pipeline (€600k of revenue)", "€1.2M".
    pub text: Option<String>,
    /// Probability × impact in money, when the impact is in money.
    pub exposure: Option<Decimal>,
    /// Probability × impact in the objective's unit, where the impact is
    /// in a unit the plan gives no money value for ("1,230 room nights"
    /// for 4,100 at 30%): the Exposure column's figure, not "—".
    pub exposure_units: Option<String>,
    /// The amount is money the plan does not say the basis of ("€9M
    /// (basis not given)"): its cell says so; a title or the summary
    /// leaves it out, where a board reads "could cost €9M" as a fact.
    pub no_basis: bool,
    /// The money is the author's comment's (`risk_words::note_money`): the
    /// table's cell says "(the plan's note)"; a title or the summary
    /// quotes the amount alone (the tag ran the title to three lines).
    pub from_note: bool,
}

/// The money a risk's own words name ([`crate::check::risk_words::named_money`]).
fn named_money(r: &Risk) -> Option<&'static str> {
    crate::check::risk_words::named_money(&r.risk)
}

/// An objective's value basis before any parenthesis: "incremental gross
/// margin a year".
fn short_basis(o: &Objective) -> &str {
    o.value_basis
        .as_deref()
        .map_or("value", |b| b.split('(').next().unwrap_or(b).trim())
}

/// After an amount the plan puts on a risk without saying of what: "€9M
/// (basis not given)". Said in the cell (a footnote line pushed the risk
/// slide onto a continuation; the words wrap inside a row already as tall
/// as its risk's text).
pub const NO_BASIS: &str = " (basis not given)";

pub fn risk_impact(plan: &Plan, r: &Risk) -> RiskImpact {
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let m = value::risk_money(plan, r);
    let text = r.impact_amount.impact_value.as_ref().map(|v| {
        match r
            .impact_amount
            .impact_on
            .as_ref()
            .and_then(|on| plan.objective(&on.value))
        {
            Some(o) => {
                let unit = o.measure.unit.as_deref();
                // A loss of a percentage is in points ("2 pts of awareness").
                let quantity = if unit == Some("%") {
                    crate::format::format_change(v.value, unit, true)
                } else {
                    format_quantity(v.value, unit, true)
                };
                let amount = crate::format::of_metric(&quantity, unit, metric(o));
                match (m.impact, value::unit_value(o).map(|u| u.worth)) {
                    (Some(i), Ok(Worth::Won)) => format!("{amount} ({} of revenue)", cur(i)),
                    // Worth what, said: "(€1.44M of incremental gross
                    // margin a year)", never a bare "worth €1.44M".
                    (Some(i), Ok(Worth::PerUnit)) => {
                        format!("{amount} ({} of {})", cur(i), short_basis(o))
                    }
                    _ => amount,
                }
            }
            None => match (named_money(r), crate::check::risk_words::note_money(r)) {
                (Some(w), _) => format!("{} of {w}", cur(v.value)),
                // The author's note beside the figure, said to be theirs
                // (the words themselves made the title run to three lines).
                (None, Some((w, _))) => format!("{} of {w}", cur(v.value)),
                (None, None) => format!("{}{NO_BASIS}", cur(v.value)),
            },
        }
    });
    let exposure_units = match (m.exposure, r.impact_amount.impact_value.as_ref()) {
        (None, Some(v)) => r
            .impact_amount
            .impact_on
            .as_ref()
            .and_then(|on| plan.objective(&on.value))
            .map(|o| {
                let unit = o.measure.unit.as_deref();
                let e = crate::format::three_figures(
                    v.value * value::probability(r.likelihood) / Decimal::ONE_HUNDRED,
                );
                let quantity = if unit == Some("%") {
                    crate::format::format_gap(e, unit, true)
                } else {
                    format_quantity(e, unit, true)
                };
                crate::format::of_metric(&quantity, unit, metric(o))
            }),
        _ => None,
    };
    let no_basis = text.as_deref().is_some_and(|t| t.ends_with(NO_BASIS));
    let from_note = r.impact_amount.impact_on.is_none()
        && named_money(r).is_none()
        && crate::check::risk_words::note_money(r).is_some();
    RiskImpact {
        from_note,
        text,
        exposure: m.exposure,
        exposure_units,
        no_basis,
    }
}
