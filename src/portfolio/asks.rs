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
    /// The date the deck shows: `by`, or the plan's start where the ask
    /// gives none — what the `ask-undated` finding says the deck shows, so
    /// the finding and the table tell one truth.
    pub due: chrono::NaiveDate,
    /// Whether `due` is the plan's start (the table marks it so).
    pub due_is_start: bool,
    pub status: AskStatus,
    pub blocking: bool,
    /// What the review recommends for an open ask, with the reason:
    /// `approve: …`, `decline: …` or `discuss: …` ([`recommend`]).
    pub recommendation: Option<String>,
}

/// What the review knows of the plan an ask comes from.
pub struct PlanState<'a> {
    pub verdict: &'a crate::verdict::Verdict,
    pub status: crate::plan::Status,
    /// The plan's total budget, in the ask's currency (the plan's).
    pub total: Decimal,
    pub currency: &'a str,
    /// Capacity gaps of the plan's team ("Q3 2027 marketing-ops: …").
    pub capacity_gaps: usize,
}

/// The review's recommendation on an open ask: approve when the plan it
/// serves is sound and the ask matches it, decline when it cannot be met
/// as asked, discuss when the board must weigh something first — always
/// with the reason, never "approve" for a plan with errors.
pub fn recommend(a: &crate::plan::Ask, s: &PlanState<'_>) -> Option<String> {
    use crate::plan::Status;
    use crate::verdict::Attention;
    if a.status != AskStatus::Open {
        return None;
    }
    let amount = a.amount.as_ref().map(|m| m.value);
    Some(match a.kind {
        AskKind::Budget if s.status == Status::Approved && amount == Some(s.total) => {
            "approve: the plan is already approved at this budget; record it".to_string()
        }
        AskKind::Budget if amount.is_some_and(|m| m > s.total) => format!(
            "decline as asked: it exceeds the plan's budget by {}",
            crate::format::format_money(amount.unwrap_or_default() - s.total, s.currency, true)
        ),
        _ if s.verdict.attention == Attention::Red => {
            format!("discuss: {}", s.verdict.reasons.join(", "))
        }
        _ if s.status == Status::Draft => "discuss: the plan is still a draft".to_string(),
        AskKind::Headcount if s.capacity_gaps > 0 => {
            "approve: the team's capacity falls short without it".to_string()
        }
        AskKind::Headcount => "discuss: no capacity gap in the plan shows the need".to_string(),
        AskKind::Decision | AskKind::Other if a.blocking => {
            "discuss: blocking; the plan cannot go ahead without an answer".to_string()
        }
        AskKind::Decision | AskKind::Other => "discuss: a choice for the board".to_string(),
        AskKind::Budget if s.verdict.attention == Attention::Green => {
            "approve: no findings, every target forecast to be met".to_string()
        }
        AskKind::Budget => format!("approve, watching {}", s.verdict.reasons.join(", ")),
    })
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
            due: a.by.as_ref().map_or(plan.meta.start.value, |d| d.value),
            due_is_start: a.by.is_none(),
            status: a.status,
            blocking: a.blocking,
            recommendation: None,
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
