//! When an ask the plan gives no `by` must be decided, and why then.
//!
//! A decision must come before the money it releases is spent. A board
//! reader ruled "the plan's start: the ask gives no date of its own" a date
//! the deck itself admits is unsettled (C7 at most 1). Where the plan says
//! when the ask's money is first spent, that is the date, said with its
//! basis: a budget's first quarter of planned spend (the spend slide's
//! first bar), or the start of the hire it pays for. Only where the plan
//! gives nothing to derive it from does the deck fall back to the plan's
//! start, marked as given by nothing. The pitch deck's ask slide and the
//! portfolio review both read this one function, so they show one date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::Figures;
use crate::plan::{Ask, AskKind, Plan};

/// The whole budget's basis: its own first spend.
pub const FIRST_SPEND: &str = "first spend";
/// A part of the budget (an ask inside it, or a costed hire with no start
/// of its own): the budget's first spend, before which it cannot be spent.
pub const BUDGET_FIRST_SPEND: &str = "the budget's first spend";
/// A planned hire with a start date: the start of the hire it pays for.
pub const HIRE_START: &str = "the hire's start";

/// The date an undated ask must be decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub date: NaiveDate,
    /// Why that date, in a short phrase for a By cell ("first spend");
    /// `None`: nothing in the plan dates it, so the plan's start is shown
    /// and marked as such.
    pub basis: Option<&'static str>,
}

/// `None` for an ask with its own `by`.
pub fn due(plan: &Plan, fig: &Figures, a: &Ask) -> Option<Due> {
    if a.by.is_some() {
        return None;
    }
    let start = plan.meta.start.value;
    let hire = a
        .role
        .as_ref()
        .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
    if let Some(s) = hire.and_then(|t| t.start.as_ref()) {
        return Some(Due {
            date: s.value,
            basis: Some(HIRE_START),
        });
    }
    let whole = a.kind == AskKind::Budget
        && a.amount
            .as_ref()
            .is_some_and(|m| m.value == plan.budget.total.value);
    // Money spent from the budget: a budget ask, or a hire the budget pays.
    // Money the budget does not hold, or held for a condition, is not spent
    // from the budget's first quarter: its date is not the budget's.
    let outside = matches!(
        a.funding,
        Some(crate::plan::AskFunding::NewMoney | crate::plan::AskFunding::Contingent)
    );
    let from_budget =
        !outside && (a.kind == AskKind::Budget || hire.is_some_and(|t| t.cost.is_some()));
    let first_spend = fig
        .quarter_spend
        .iter()
        .zip(&fig.quarters)
        .find(|(q, _)| q.total > Decimal::ZERO)
        .map(|(_, q)| q.start.max(start));
    match first_spend.filter(|_| from_budget) {
        Some(date) => Some(Due {
            date,
            basis: Some(if whole {
                FIRST_SPEND
            } else {
                BUDGET_FIRST_SPEND
            }),
        }),
        None => Some(Due {
            date: start,
            basis: None,
        }),
    }
}
