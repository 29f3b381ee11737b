//! The cascade: a business unit's goals are its parent plan's objectives
//! (OGSM-style), named by `from` on each goal.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, did_you_mean};

pub const PARENT_UNREADABLE: Rule = Rule {
    id: "cascade-parent",
    severity: Severity::Error,
    family: "cascade",
    summary: "the parent plan named by `[plan] parent` can't be loaded",
    explanation: "`[plan] parent` names the plan this one cascades from (usually the company \
plan), relative to this file. It must exist and load without errors, because this plan's goals \
are checked against its objectives. Fix the path, or the parent plan.",
    configurable: false,
};

pub const CASCADE_UNKNOWN: Rule = Rule {
    id: "cascade-unknown",
    severity: Severity::Error,
    family: "cascade",
    summary: "a goal cascades from an objective the parent plan does not have",
    explanation: "In a cascade, the parent plan's objectives are the business units' goals: a \
goal says which one with `from = \"<parent objective id>\"`. The id must be one of the parent's \
objectives; the help line suggests the closest.",
    configurable: false,
};

pub const CASCADE_UNTRACED: Rule = Rule {
    id: "cascade-untraced",
    severity: Severity::Warning,
    family: "cascade",
    summary: "a goal of a plan with a parent traces to none of the parent's objectives",
    explanation: "The plan names a parent plan, so each of its business goals should serve one \
of the parent's objectives (`from = \"<parent objective id>\"`). A goal that traces to nothing \
is work the company plan does not ask for; `mvplan review` lists such units.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&PARENT_UNREADABLE, &CASCADE_UNKNOWN, &CASCADE_UNTRACED];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let Some(parent_ref) = &p.meta.parent else {
        for g in &p.goals {
            if let Some(from) = &g.from {
                cx.report(
                    Finding::new(
                        &CASCADE_UNKNOWN,
                        format!(
                            "goal `{}` cascades from `{}`, but the plan names no parent",
                            g.id.value, from.value
                        ),
                    )
                    .at(from.span.clone())
                    .help("add `parent = \"<path of the parent plan>\"` to [plan]"),
                );
            }
        }
        return;
    };
    let Some(parent) = cx.parent else { return };
    if let Some(err) = &parent.error {
        cx.report(
            Finding::new(
                &PARENT_UNREADABLE,
                format!("cannot load the parent plan `{}`: {err}", parent_ref.value),
            )
            .at(parent_ref.span.clone())
            .help("check the path (relative to this plan) and run `mvplan check` on the parent"),
        );
        return;
    }
    for g in &p.goals {
        match &g.from {
            Some(from) if parent.objectives.contains(&from.value) => {}
            Some(from) => {
                let f = Finding::new(
                    &CASCADE_UNKNOWN,
                    format!("the parent plan has no objective `{}`", from.value),
                )
                .at(from.span.clone());
                cx.report(
                    match did_you_mean(&from.value, parent.objectives.iter().map(String::as_str)) {
                        Some(m) => f.help(format!("did you mean `{m}`?")),
                        None => f.help(format!(
                            "the parent's objectives are: {}",
                            parent.objectives.join(", ")
                        )),
                    },
                );
            }
            None => cx.report(
                Finding::new(
                    &CASCADE_UNTRACED,
                    format!(
                        "goal `{}` traces to none of the parent's objectives",
                        g.id.value
                    ),
                )
                .at(g.id.span.clone())
                .help(format!(
                    "add `from = \"<one of: {}>\"`",
                    parent.objectives.join(", ")
                )),
            ),
        }
    }
}
