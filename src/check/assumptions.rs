//! Critical assumptions are tied to what they underpin and have a test.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const ASSUMPTION_UNTIED: Rule = Rule {
    id: "assumption-untied",
    severity: Severity::Warning,
    family: "assumptions",
    summary: "an assumption underpins no objective or channel",
    explanation: "A critical assumption matters because some target or forecast rests on it. \
Say which (`underpins = [\"<objective or channel id>\"]`), so that when the test fails, everyone \
knows which numbers to revisit.",
    configurable: true,
};

pub const ASSUMPTION_UNTESTED: Rule = Rule {
    id: "assumption-untested",
    severity: Severity::Warning,
    family: "assumptions",
    summary: "an assumption says nothing about how it will be tested",
    explanation: "Assumptions are what a plan bets on; each should say how and when it will be \
tested (`test = \"...\"`, `test_by = YYYY-MM-DD`) so that the plan can be corrected early \
rather than at the year-end review.",
    configurable: true,
};

pub const OBJECTIVE_NO_ASSUMPTION: Rule = Rule {
    id: "objective-no-assumption",
    severity: Severity::Note,
    family: "assumptions",
    summary: "an objective rests on no stated assumption",
    explanation: "No assumption `underpins` this objective or any channel serving it. Every \
target rests on something (conversion rates, market growth, sales capacity); stating it makes \
the plan's risks visible. This is a note, not a warning: some objectives are safe.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &ASSUMPTION_UNTIED,
    &ASSUMPTION_UNTESTED,
    &OBJECTIVE_NO_ASSUMPTION,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for a in &p.assumptions {
        if a.underpins.is_empty() {
            cx.report(
                Finding::new(
                    &ASSUMPTION_UNTIED,
                    format!("assumption `{}` underpins nothing", a.id.value),
                )
                .at(a.id.span.clone())
                .help("add `underpins = [\"<objective or channel id>\"]`"),
            );
        }
        if a.test.as_deref().is_none_or(|t| t.trim().is_empty()) {
            cx.report(
                Finding::new(
                    &ASSUMPTION_UNTESTED,
                    format!("assumption `{}` has no test", a.id.value),
                )
                .at(a.id.span.clone())
                .help("add `test = \"how it will be tested\"` and `test_by = YYYY-MM-DD`"),
            );
        }
    }
    for o in &p.objectives {
        let links = &cx.links;
        let rests = !links.assumptions_under(&o.id.value).is_empty()
            || links
                .channels_serving(&o.id.value)
                .iter()
                .any(|c| !links.assumptions_under(&c.id.value).is_empty());
        if !rests {
            cx.report(
                Finding::new(
                    &OBJECTIVE_NO_ASSUMPTION,
                    format!("objective `{}` rests on no stated assumption", o.id.value),
                )
                .at(o.id.span.clone())
                .help(format!(
                    "add an `[[assumptions]]` entry with `underpins = [\"{}\"]`",
                    o.id.value
                )),
            );
        }
    }
}
