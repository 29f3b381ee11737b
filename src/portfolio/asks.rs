//! What the CMO is asked to approve: every unit's asks, totalled by kind,
//! and in the order a CMO takes them.

use std::cmp::Reverse;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::{AskKind, AskStatus, Plan};

/// One ask of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct AskRow {
    pub file: String,
    pub unit: String,
    pub id: String,
    pub ask: String,
    pub kind: AskKind,
    /// In the review currency (or the plan's, when it can't be converted).
    pub amount: Option<Decimal>,
    /// Whether `amount` is in the review currency.
    pub converted: bool,
    pub fte: Option<Decimal>,
    pub by: Option<chrono::NaiveDate>,
    pub status: AskStatus,
    pub blocking: bool,
}

/// The asks of one kind, added up.
#[derive(Debug, Serialize)]
pub struct AskTotal {
    pub kind: AskKind,
    pub count: usize,
    /// Still waiting for an answer.
    pub open: usize,
    /// Amount of the open asks, in the review currency (`None`: none).
    pub amount: Option<Decimal>,
    /// FTE of the open asks (`None`: none).
    pub fte: Option<Decimal>,
}

/// The asks of one plan; `rate` converts its amounts to the review currency.
pub fn of_plan(plan: &Plan, file: &str, unit: &str, rate: Option<Decimal>) -> Vec<AskRow> {
    plan.asks
        .iter()
        .map(|a| AskRow {
            file: file.to_string(),
            unit: unit.to_string(),
            id: a.id.value.clone(),
            ask: a.ask.clone(),
            kind: a.kind,
            amount: a.amount.as_ref().map(|m| {
                m.value
                    .saturating_mul(rate.unwrap_or(Decimal::ONE))
                    .round_dp(2)
                    .normalize()
            }),
            converted: rate.is_some(),
            fte: a.fte.as_ref().map(|f| f.value),
            by: a.by.as_ref().map(|d| d.value),
            status: a.status,
            blocking: a.blocking,
        })
        .collect()
}

/// The order a CMO takes asks in: open before answered; blocking first;
/// then budgets, largest first; then headcount, most FTE first; then
/// decisions and the rest, soonest needed first.
pub fn for_decision(mut asks: Vec<AskRow>) -> Vec<AskRow> {
    let kind_rank = |k: AskKind| match k {
        AskKind::Budget => 0,
        AskKind::Headcount => 1,
        AskKind::Decision => 2,
        AskKind::Other => 3,
    };
    asks.sort_by_key(|a| {
        (
            a.status != AskStatus::Open,
            !a.blocking,
            kind_rank(a.kind),
            Reverse(a.amount.unwrap_or_default()),
            Reverse(a.fte.unwrap_or_default()),
            a.by.unwrap_or(chrono::NaiveDate::MAX),
            a.unit.clone(),
            a.id.clone(),
        )
    });
    asks
}

/// Totals by kind, in a fixed order (budget, headcount, decision, other),
/// kinds with no asks left out.
pub fn totals(asks: &[AskRow]) -> Vec<AskTotal> {
    [
        AskKind::Budget,
        AskKind::Headcount,
        AskKind::Decision,
        AskKind::Other,
    ]
    .into_iter()
    .filter_map(|kind| {
        let of_kind: Vec<&AskRow> = asks.iter().filter(|a| a.kind == kind).collect();
        if of_kind.is_empty() {
            return None;
        }
        let open: Vec<&&AskRow> = of_kind
            .iter()
            .filter(|a| a.status == AskStatus::Open)
            .collect();
        Some(AskTotal {
            kind,
            count: of_kind.len(),
            open: open.len(),
            amount: Some(
                open.iter()
                    .filter(|a| a.converted)
                    .filter_map(|a| a.amount)
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            )
            .filter(|d| !d.is_zero()),
            fte: Some(
                open.iter()
                    .filter_map(|a| a.fte)
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            )
            .filter(|d| !d.is_zero()),
        })
    })
    .collect()
}
