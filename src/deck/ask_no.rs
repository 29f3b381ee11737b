//! The largest ask besides the budget and what the plan says a no costs:
//! a choice the board has, for the risk slide's trade-off and the
//! summary's alternative where no scenario or curve gives one (an event
//! the plan weighs is not a choice).

use super::shown::{lower_first, money};
use crate::plan::*;

/// Where no scenario is a choice and no curves compare channels: the
/// largest ask besides the budget itself, and what the plan says a no
/// costs (its `if_declined`): a yes or a no the board weighs, with its
/// effect in the plan's words.
pub fn ask_trade_off(plan: &Plan) -> Option<String> {
    let total = plan.budget.total.value;
    let a = plan
        .asks
        .iter()
        .filter(|a| a.status == crate::plan::ask::AskStatus::Open)
        .filter(|a| match &a.amount {
            Some(m) => m.value != total,
            None => !a.blocking,
        })
        .filter(|a| a.if_declined.is_some())
        .max_by_key(|a| a.amount.as_ref().map(|m| m.value))?;
    let ask = a.ask.trim_end_matches('.');
    let declined = lower_first(a.if_declined.as_deref()?.trim_end_matches('.'));
    Some(match &a.amount {
        Some(m) => format!(
            "{ask} ({}), or without it {declined} (ask slide)",
            money(plan, m.value)
        ),
        None => format!("{ask}, or without it {declined} (ask slide)"),
    })
}
