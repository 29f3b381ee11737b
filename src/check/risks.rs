//! Risks a board can hold someone to: each names who acts and what they do.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const RISK_UNMANAGED: Rule = Rule {
    id: "risk-unmanaged",
    // A warning: the risk slide still shows the risk, with "no owner named"
    // or "no mitigation named" in its cell; `--strict` stops a plan going to
    // the board so.
    severity: Severity::Warning,
    family: "risks",
    summary: "a risk names no owner or no mitigation",
    explanation: "A board reads a risk as managed when it sees who acts if it happens \
(`owner`) and what they do about it (`mitigation`). A risk without them is an observation: the \
deck's risk slide shows it with \"no owner named\" or \"no mitigation named\", which a board \
reads as nobody's job. Add `owner = \"…\"` (a role, as on the team) and `mitigation = \"…\"` to \
the risk. Where the organisation's policy already requires the field (`[require] fields = \
[\"risks.owner\"]`), `policy-field-missing` reports it instead.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&RISK_UNMANAGED];

pub fn check(cx: &mut Ctx<'_>) {
    // What the policy requires is `policy-field-missing`'s to report, as an
    // error; the same gap is not reported twice.
    let required = |field: &str| {
        cx.policy
            .is_some_and(|p| p.require_fields.iter().any(|f| f.value == field))
    };
    let (owner_required, mitigation_required) =
        (required("risks.owner"), required("risks.mitigation"));
    for r in &cx.plan.risks {
        let mut missing = Vec::new();
        let mut fields = Vec::new();
        if r.owner.is_none() && !owner_required {
            missing.push("who acts if it happens (`owner`)");
            fields.push("`owner = \"…\"` (the role that acts if it happens)");
        }
        if r.mitigation.is_none() && !mitigation_required {
            missing.push("what is done about it (`mitigation`)");
            fields.push("`mitigation = \"…\"` (what is done to prevent or soften it)");
        }
        if missing.is_empty() {
            continue;
        }
        let finding = Finding::new(
            &RISK_UNMANAGED,
            format!(
                "risk `{}` does not say {}",
                r.id.value,
                missing.join(", nor ")
            ),
        )
        .at(r.id.span.clone())
        .help(format!(
            "add {} to the risk: the risk slide otherwise shows it as nobody's job",
            fields.join(" and ")
        ));
        cx.report(finding);
    }
}
