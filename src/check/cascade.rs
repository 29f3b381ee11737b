//! The cascade: a business unit's goals are its parent plan's objectives
//! (OGSM-style), named by `from` on each goal.

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, did_you_mean};
use crate::plan::{Goal, Objective};

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

pub const CASCADE_UNSUMMABLE: Rule = Rule {
    id: "cascade-unsummable",
    severity: Severity::Warning,
    family: "cascade",
    summary: "a unit's contribution to a company objective cannot be added to the others",
    explanation: "To add up the units' plans, each unit goal that serves a company objective must \
say what it adds in the objective's unit. When the goal is measured in another unit (leads \
against revenue, GBP against EUR), or in a percentage (percentages of different bases do not \
add up), give its share of the company metric with `contribution = <number>` on the goal, in \
the company objective's unit.",
    configurable: false,
};

/// `check` runs every cascade rule that one plan and its parent decide
/// (`review` shows the same findings; it adds only what needs the batch).
pub const RULES: &[&Rule] = &[
    &PARENT_UNREADABLE,
    &CASCADE_UNKNOWN,
    &CASCADE_UNTRACED,
    &CASCADE_UNSUMMABLE,
];

/// What a goal adds to the objective it cascades from, in that objective's
/// unit, if that can be known.
pub fn contribution(goal: &Goal, objective: &Objective) -> Option<Decimal> {
    if let Some(c) = &goal.contribution {
        return Some(c.value);
    }
    let same_unit = match (&goal.measure.unit, &objective.measure.unit) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        (None, None) => true,
        _ => false,
    };
    let percentage = objective
        .measure
        .unit
        .as_deref()
        .is_some_and(|u| u.trim() == "%");
    if !same_unit || percentage {
        return None;
    }
    let target = goal.measure.target.as_ref()?.value;
    let baseline = goal
        .measure
        .baseline
        .as_ref()
        .map_or(Decimal::ZERO, |b| b.value);
    target.checked_sub(baseline)
}

/// The finding for a goal whose part in `objective` can't be added to the
/// other units' (another unit, or a percentage): one rule for `check` and
/// `review`.
pub fn unsummable(goal: &Goal, objective: &Objective) -> Option<Finding> {
    if contribution(goal, objective).is_some() {
        return None;
    }
    let at = goal
        .from
        .as_ref()
        .map_or(goal.id.span.clone(), |f| f.span.clone());
    let objective_unit = objective.measure.unit.as_deref().unwrap_or("its unit");
    Some(
        Finding::new(
            &CASCADE_UNSUMMABLE,
            format!(
                "goal `{}` serves `{}`, measured in {objective_unit}, but says nothing it adds in {objective_unit}",
                goal.id.value, objective.id.value
            ),
        )
        .at(at)
        .help(format!(
            "add `contribution = <number>` to the goal: its part of `{}`, in {objective_unit}",
            objective.id.value
        )),
    )
}

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
            Some(from) if parent.objectives.contains(&from.value) => {
                // The review's own rule, so `check` and `review` agree.
                let objective = parent.detail.iter().find(|o| o.id.value == from.value);
                if let Some(f) = objective.and_then(|o| unsummable(g, o)) {
                    cx.report(f);
                }
            }
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
