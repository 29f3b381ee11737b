//! Risks a board can weigh: each says who owns it and what is done about it.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const RISK_INCOMPLETE: Rule = Rule {
    id: "risk-incomplete",
    severity: Severity::Warning,
    family: "risks",
    summary: "a risk names no owner or no mitigation",
    explanation: "A risk on the board's slide is weighed by what is done about it and who \
answers for it. A risk without a `mitigation` is one the plan accepts without saying so; one \
without an `owner` is one nobody watches. The deck's risk slide names the gap (\"no owner \
named\") rather than leaving a blank; say `mitigation = \"...\"` and `owner = \"...\"`, or \
`mitigation = \"accepted: ...\"` for a risk the plan takes knowingly.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&RISK_INCOMPLETE];

pub fn check(cx: &mut Ctx<'_>) {
    for r in &cx.plan.risks {
        let missing = match (r.mitigation.is_none(), r.owner.is_none()) {
            (true, true) => "no mitigation and no owner",
            (true, false) => "no mitigation",
            (false, true) => "no owner",
            (false, false) => continue,
        };
        let finding = Finding::new(
            &RISK_INCOMPLETE,
            format!("risk `{}` names {missing}", r.id.value),
        )
        .at(r.id.span.clone())
        .help("add `mitigation = \"…\"` and `owner = \"…\"` (a risk taken knowingly: `mitigation = \"accepted: …\"`)");
        cx.report(finding);
    }
}
