//! What one more unit of result costs, on the one basis the deck values
//! the plan on (`value::added`): what the plan's money adds over today.
//! One function computes it and one writes it, for the forecast slide,
//! the channel slides and `mvplan check`, so that no output divides the
//! money by a whole level (£4.79M ÷ 69,600 accounts = £69 each, which
//! counts the 51,000 accounts today's spend already brings as bought by
//! this plan) beside a value slide that values only the +18,600 it adds.

use rust_decimal::Decimal;

use super::value::{self, Basis};
use crate::format::{format_cost_per, singular};
use crate::plan::Objective;
use crate::plan::money::is_currency;

/// The money ÷ what the forecast adds over today (£4.79M ÷ +18,600
/// accounts = £257 per extra account); ÷ the whole level only where the
/// plan gives no baseline, and the basis says so. `None` for a forecast
/// that adds nothing over today. Exact: the "€1 buys" cells invert it,
/// and a figure rounded here first would read €16.26 beside a 16.27×
/// return of the same money.
pub fn cost_per_result(
    o: &Objective,
    cost: Decimal,
    forecast: Decimal,
) -> (Option<Decimal>, Basis) {
    let (basis, _, added) = value::added(o, forecast);
    // Checked: a forecast of 0.000…1 would overflow the division.
    let per = cost.checked_div(added).filter(|_| added > Decimal::ZERO);
    (per, basis)
}

/// What a channel's `part` of an objective's forecast adds over today, on
/// the objective's basis: a part of a level carries the same share of the
/// change over today as of the level (the channels' figures then add up
/// to the objective's change), a part of an uplift is a change already;
/// `None` for a level with no baseline, which has no change to share.
pub fn channel_extra(o: &Objective, part: Decimal, objective_forecast: Decimal) -> Option<Decimal> {
    let (basis, _, added) = value::added(o, objective_forecast);
    match basis {
        Basis::OverToday => part
            .checked_mul(added)
            .and_then(|p| p.checked_div(objective_forecast)),
        Basis::Change => Some(part),
        Basis::WholeLevel => None,
    }
}

/// A channel's cost per unit it adds over today ([`channel_extra`]), on
/// the same basis as its objective's; a level with no baseline is counted
/// whole, as the objective's.
pub fn channel_cost_per_result(
    o: &Objective,
    budget: Decimal,
    part: Decimal,
    objective_forecast: Decimal,
) -> (Option<Decimal>, Basis) {
    let (basis, _, _) = value::added(o, objective_forecast);
    let extra = match basis {
        Basis::WholeLevel => Some(part),
        _ => channel_extra(o, part, objective_forecast),
    };
    let per = extra
        .filter(|e| *e > Decimal::ZERO)
        .and_then(|e| budget.checked_div(e));
    (per, basis)
}

/// A cost per result in words, with its basis: "£257 per extra account",
/// "€1 buys €10.83 more", "£300k per point" (a point is already a change);
/// on a whole level, "£69 per account (whole level: no baseline)".
pub fn cost_words(cost: Decimal, currency: &str, unit: Option<&str>, basis: Basis) -> String {
    let plain = format_cost_per(cost, currency, unit);
    if basis == Basis::WholeLevel {
        return format!("{plain} (whole level: no baseline)");
    }
    match unit {
        Some("%") => plain,
        Some(u) if is_currency(u) => format!("{plain} more"),
        Some(u) if !u.trim().is_empty() => {
            let one = singular(u.trim());
            plain.replacen(&format!("per {one}"), &format!("per extra {one}"), 1)
        }
        _ => plain.replacen(" each", " per extra unit", 1),
    }
}

/// The words `mvplan check` prints before the figure: "cost per extra
/// result" on the change over today, "cost per result (whole level)" where
/// the plan gives no baseline.
pub fn cost_label(basis: Basis) -> &'static str {
    match basis {
        Basis::WholeLevel => "cost per result (whole level: no baseline)",
        Basis::OverToday | Basis::Change => "cost per extra result",
    }
}
