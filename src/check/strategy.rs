//! The strategy statement: the one sentence the whole deck hangs on.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const STRATEGY_MISSING: Rule = Rule {
    id: "strategy-missing",
    severity: Severity::Warning,
    family: "strategy",
    summary: "the plan has no one-sentence strategy statement",
    explanation: "The minimum viable plan starts with one sentence that says where we are, where \
we're going and how we'll get there (`[strategy] statement = \"...\"`). Without it the deck is \
a list of activities, not a strategy.",
    configurable: true,
};

pub const ASKS_MISSING: Rule = Rule {
    id: "asks-missing",
    severity: Severity::Note,
    family: "strategy",
    summary: "the plan asks for nothing",
    explanation: "A pitch deck ends with the asks: the budget, headcount or decisions the plan \
needs approved (`[[asks]]`). A plan that asks for nothing is either already approved or has \
not said what it needs.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&STRATEGY_MISSING, &ASKS_MISSING];

pub fn check(cx: &mut Ctx<'_>) {
    let s = &cx.plan.strategy;
    if s.statement
        .as_ref()
        .is_none_or(|st| st.value.trim().is_empty())
    {
        let span = s
            .statement
            .as_ref()
            .map(|st| st.span.clone())
            .or_else(|| s.span.clone())
            .unwrap_or(cx.plan.meta.span.start..cx.plan.meta.span.start);
        cx.report(
            Finding::new(&STRATEGY_MISSING, "the plan has no strategy statement")
                .at(span)
                .help("add `[strategy]` with `statement = \"From <where we are> to <where we're going> by <how>\"`"),
        );
    }
    if cx.plan.asks.is_empty() {
        cx.report(
            Finding::new(&ASKS_MISSING, "the plan asks for nothing")
                .help("add `[[asks]]` with what the plan needs approved"),
        );
    }
}
