//! `[[asks]]` in the typed plan: what the plan needs approved, and where
//! its money stands against the budget.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::located::{Located, Money, Ref};
use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AskKind {
    Budget,
    Headcount,
    Decision,
    Other,
}

/// Where an ask's money stands against the budget, when the plan says so
/// (`funding = "..."`); otherwise the deck infers it (`deck::asks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AskFunding {
    /// Already one of the budget's lines or team rows.
    InBudget,
    /// Money the budget does not hold.
    NewMoney,
    /// Spent only if a condition is met or a later decision goes one way.
    Contingent,
}

/// `[[asks]]`: what the plan needs approved.
#[derive(Debug, Clone, Serialize)]
pub struct Ask {
    pub id: Located<String>,
    pub ask: String,
    pub kind: AskKind,
    pub amount: Option<Money>,
    /// Headcount asked for, in FTE.
    pub fte: Option<Located<Decimal>>,
    /// The team row (a planned hire) this headcount ask would fill.
    pub role: Option<Ref>,
    pub by: Option<Located<NaiveDate>>,
    /// What the money or the answer buys, in words (a board decides on it).
    pub buys: Option<String>,
    /// What happens if the ask is declined or decided late.
    pub if_declined: Option<String>,
    pub status: AskStatus,
    /// Who approved or declined it, and when.
    pub decided_by: Option<String>,
    pub decided_on: Option<Located<NaiveDate>>,
    /// The plan cannot go ahead without an answer (decisions, mostly).
    pub blocking: bool,
    /// Where its money stands against the budget, if the plan says.
    pub funding: Option<AskFunding>,
    #[serde(skip)]
    pub span: Span,
}

/// Where an ask stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AskStatus {
    Open,
    Approved,
    Declined,
}
