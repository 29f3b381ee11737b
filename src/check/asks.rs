//! Asks a board can decide: each open ask says what it costs, by when, and
//! what happens without it, and none is out of step with the plan it is in.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{AskKind, AskStatus, Status};

pub const ASK_UNDECIDABLE: Rule = Rule {
    id: "ask-undecidable",
    severity: Severity::Note,
    family: "asks",
    summary: "an open ask of a submitted plan lacks its date, its cost or what happens without it",
    explanation: "A board decides an ask on four things: what it costs, what it buys, what \
happens if it is declined or decided late, and by when the answer is needed. An open ask \
without a date (`by`) is never late and so never urgent; a budget or headcount ask without a \
cost (`amount`, or the `cost` of the team row it fills) cannot be weighed; an ask that does not \
say what a no costs (`if_declined = \"...\"`) leaves the board to guess. The deck's ask slide \
shows all four; `buys = \"...\"` says what it buys where the deck cannot work it out. The \
rule looks at plans submitted for approval (`[plan] status = \"submitted\"`): a draft is still \
being written.",
    configurable: true,
};

pub const ASK_OUT_OF_STEP: Rule = Rule {
    id: "ask-out-of-step",
    severity: Severity::Warning,
    family: "asks",
    summary: "an open ask asks for what the plan's status says is already approved",
    explanation: "An ask is out of step when the plan already answers it: \
an open ask to approve the whole budget in a plan whose status is `approved`: the budget is \
approved, so mark the ask `status = \"approved\"` (a budget ask whose amount differs from the \
plan's total is `ask-budget-mismatch`).",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&ASK_UNDECIDABLE, &ASK_OUT_OF_STEP];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let total = p.budget.total.value;
    // A plan submitted for approval puts its asks before a board: that is
    // when each must be decidable (a draft is still being written; an
    // approved plan's open asks are `ask-out-of-step`'s to judge).
    let submitted = p.meta.status == Status::Submitted;
    for a in p.asks.iter().filter(|a| a.status == AskStatus::Open) {
        let costed = a.amount.is_some()
            || a.role
                .as_ref()
                .and_then(|r| p.team.iter().find(|t| t.id.value == r.value))
                .is_some_and(|t| t.cost.is_some());
        let mut missing = Vec::new();
        if a.by.is_none() {
            missing.push("by when it must be decided (`by`)");
        }
        if matches!(a.kind, AskKind::Budget | AskKind::Headcount) && !costed {
            missing.push("what it costs (`amount`)");
        }
        if a.if_declined.is_none() {
            missing.push("what happens if it is declined (`if_declined`)");
        }
        if submitted && !missing.is_empty() {
            cx.report(
                Finding::new(
                    &ASK_UNDECIDABLE,
                    format!(
                        "ask `{}` does not say {}",
                        a.id.value,
                        missing.join(", nor ")
                    ),
                )
                .at(a.id.span.clone())
                .help("add them, e.g. `by = 2027-01-31` and `if_declined = \"…\"`"),
            );
        }
        let Some(amount) = a.amount.as_ref().filter(|_| a.kind == AskKind::Budget) else {
            continue;
        };
        if p.meta.status == Status::Approved && amount.value == total {
            cx.report(
                Finding::new(
                    &ASK_OUT_OF_STEP,
                    format!(
                        "ask `{}` asks to approve the whole budget of a plan that is approved",
                        a.id.value
                    ),
                )
                .at(a.id.span.clone())
                .help("mark it `status = \"approved\"`, or set the plan's status back"),
            );
        }
    }
}
