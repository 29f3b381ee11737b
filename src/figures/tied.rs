//! Which money of the plan is tied to a forecast: one answer for the health
//! score, the budget slide, the review deck and `mvplan check`.
//!
//! Money is tied when it is the budget of a channel that forecasts a
//! result of the plan — a typed `forecasts` entry or a `response` curve —
//! so the deck can say what it buys. Team, agency fees and other budget
//! lines carry no forecast of their own: a line that `supports` an
//! objective says what it is for, not what it adds, so it is tied to none.
//! (Counting those as tied scored "£7.91M of £7.91M" in the health
//! appendix beside a budget slide saying £810k of the same lines bought no
//! stated result.) The measure's whole is all spend, as the budget slide's.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::{Channel, Links, Plan};

/// The plan's spend split into money tied to a forecast and the parts
/// tied to none.
#[derive(Debug, Clone, Serialize)]
pub struct Ties {
    /// Money in channels that forecast a result.
    pub tied: Decimal,
    /// All spend: channels, other budget lines, team and agencies.
    pub spend: Decimal,
    /// `spend - tied`: the sum of `untied`'s parts.
    pub untied_total: Decimal,
    /// What is tied to no forecast, by kind, largest first (none at zero).
    pub untied: Vec<(&'static str, Decimal)>,
}

/// Whether a channel forecasts a result of the plan: an entry for an
/// objective the plan has, or a response curve.
pub fn forecasts(links: &Links<'_>, c: &Channel) -> bool {
    c.response.is_some()
        || c.forecasts
            .iter()
            .any(|f| links.objectives.contains_key(f.objective.value.as_str()))
}

pub fn of(plan: &Plan, links: &Links<'_>) -> Ties {
    let sum =
        |it: &mut dyn Iterator<Item = Decimal>| it.fold(Decimal::ZERO, |a, b| a.saturating_add(b));
    let (with, without): (Vec<&Channel>, Vec<&Channel>) =
        plan.channels.iter().partition(|c| forecasts(links, c));
    let tied = sum(&mut with.iter().map(|c| c.budget.value));
    let mut untied: Vec<(&'static str, Decimal)> = vec![
        (
            "team",
            sum(&mut plan
                .team
                .iter()
                .filter_map(|r| r.cost.as_ref().map(|c| c.value))),
        ),
        (
            "other budget lines",
            sum(&mut plan.budget.lines.iter().map(|l| l.amount.value)),
        ),
        (
            "agencies",
            sum(&mut plan.agencies.iter().map(|a| a.fee.value)),
        ),
        (
            "channels without a forecast",
            sum(&mut without.iter().map(|c| c.budget.value)),
        ),
    ];
    untied.retain(|p| p.1 > Decimal::ZERO);
    untied.sort_by_key(|p| std::cmp::Reverse(p.1));
    let untied_total = sum(&mut untied.iter().map(|p| p.1));
    Ties {
        tied,
        spend: tied + untied_total,
        untied_total,
        untied,
    }
}
