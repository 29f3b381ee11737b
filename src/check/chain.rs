//! The alignment chain: business goal ← objective ← channel ← KPI.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const OBJECTIVE_NO_GOAL: Rule = Rule {
    id: "objective-no-goal",
    severity: Severity::Error,
    family: "alignment",
    summary: "an objective supports no business goal",
    explanation: "Marketing objectives exist to serve business goals. An objective that \
`supports` no goal cannot be defended in a budget review: nobody can say what the business \
gets if it is met. Add `supports = [\"<goal id>\"]`, or drop the objective.",
    configurable: true,
};

pub const GOAL_UNSERVED: Rule = Rule {
    id: "goal-unserved",
    severity: Severity::Warning,
    family: "alignment",
    summary: "a business goal is served by no objective",
    explanation: "The plan names a business goal but no marketing objective supports it. Either \
marketing has no part in that goal (then leave it out of the plan, or say so in the strategy) \
or an objective is missing. CMOs read this as a gap in the plan.",
    configurable: true,
};

pub const CHANNEL_NO_OBJECTIVE: Rule = Rule {
    id: "channel-no-objective",
    severity: Severity::Error,
    family: "alignment",
    summary: "a channel supports no objective",
    explanation: "Every funded channel or program must say which objectives it serves \
(`supports = [...]`). Spend that serves no objective is the first thing cut in a review, and \
it makes the alignment score and the cost per result meaningless.",
    configurable: true,
};

pub const OBJECTIVE_UNFUNDED: Rule = Rule {
    id: "objective-unfunded",
    severity: Severity::Warning,
    family: "alignment",
    summary: "an objective is served by no funded channel or budget line",
    explanation: "No channel with a budget above zero, and no budget line with an amount, lists \
this objective in its `supports`. An objective with no money behind it is a wish: fund a \
channel (or a line, e.g. research) for it, or move it out of this plan's period. In a company \
plan whose objectives the business units deliver, say so with `delivered_by = \"units\"` on \
the objective.",
    configurable: true,
};

pub const CHANNEL_NO_KPI: Rule = Rule {
    id: "channel-no-kpi",
    severity: Severity::Warning,
    family: "alignment",
    summary: "a funded channel has no KPI with a target",
    explanation: "Each funded channel needs at least one KPI with a target \
(`[[channels.kpis]] name = \"MQLs\", target = 4000`) so that its performance can be managed \
during the period, before the objective's result is known.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &OBJECTIVE_NO_GOAL,
    &GOAL_UNSERVED,
    &CHANNEL_NO_OBJECTIVE,
    &OBJECTIVE_UNFUNDED,
    &CHANNEL_NO_KPI,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for o in &p.objectives {
        if o.supports.is_empty() {
            cx.report(
                Finding::new(
                    &OBJECTIVE_NO_GOAL,
                    format!("objective `{}` supports no business goal", o.id.value),
                )
                .at(o.id.span.clone())
                .help(goal_help(cx)),
            );
        }
    }
    for g in &p.goals {
        if cx.links.objectives_serving(&g.id.value).is_empty() {
            cx.report(
                Finding::new(
                    &GOAL_UNSERVED,
                    format!("business goal `{}` is served by no objective", g.id.value),
                )
                .at(g.id.span.clone())
                .help(format!(
                    "add `\"{}\"` to the `supports` of the objective that serves it",
                    g.id.value
                )),
            );
        }
    }
    for c in &p.channels {
        if c.supports.is_empty() {
            cx.report(
                Finding::new(
                    &CHANNEL_NO_OBJECTIVE,
                    format!("channel `{}` supports no objective", c.id.value),
                )
                .at(c.id.span.clone())
                .label(format!(
                    "{} of spend with no objective",
                    cx.money(c.budget.value)
                ))
                .help("add `supports = [\"<objective id>\"]`, or cut the channel"),
            );
        }
        if !c.budget.value.is_zero() && !c.kpis.iter().any(|k| k.target.is_some()) {
            cx.report(
                Finding::new(
                    &CHANNEL_NO_KPI,
                    format!("channel `{}` has no KPI with a target", c.id.value),
                )
                .at(c.id.span.clone())
                .help("add `[[channels.kpis]]` with `name` and `target`"),
            );
        }
    }
    for o in &p.objectives {
        if !cx.links.funded(o) {
            cx.report(
                Finding::new(
                    &OBJECTIVE_UNFUNDED,
                    format!("objective `{}` is served by no funded channel", o.id.value),
                )
                .at(o.id.span.clone())
                .help(format!(
                    "add `\"{}\"` to a funded channel's `supports`",
                    o.id.value
                )),
            );
        }
    }
}

fn goal_help(cx: &Ctx<'_>) -> String {
    match cx.plan.goals.first() {
        Some(g) => format!(
            "add `supports = [\"{}\"]` (or another goal's id)",
            g.id.value
        ),
        None => "add a `[[goals]]` section and `supports = [\"<goal id>\"]` here".into(),
    }
}
