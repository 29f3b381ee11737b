//! Ids are unique, and every reference names an item that exists.

use std::collections::HashMap;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, Span, did_you_mean};
use crate::plan::{Located, Plan, Ref};

pub const DUPLICATE_ID: Rule = Rule {
    id: "duplicate-id",
    severity: Severity::Error,
    family: "references",
    summary: "two items share an id",
    explanation: "Every goal, objective, channel, insight and other item has an id, and ids are \
unique across the whole plan: references such as `supports = [\"pipeline\"]` or \
`informs = [\"paid-search\"]` must name exactly one item. Rename one of the two.",
    configurable: false,
};

pub const UNKNOWN_REF: Rule = Rule {
    id: "unknown-ref",
    severity: Severity::Error,
    family: "references",
    summary: "a reference names an id that does not exist",
    explanation: "References between sections are by id: an objective `supports` goals, a \
channel `supports` objectives, an insight `informs` objectives or channels, a forecast is keyed \
by objective id. A reference to an id that no item has is a broken link in the alignment chain, \
usually a typo or an item that was renamed or removed. The help line suggests the closest id \
of the right kind.",
    configurable: false,
};

pub const RULES: &[&Rule] = &[&DUPLICATE_ID, &UNKNOWN_REF];

/// Dangling references that get a "did you mean" suggestion.
const SUGGEST_FOR: usize = 200;

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let ids = ids(p);
    duplicates(cx, &ids);
    let broken = broken(p, &ids);
    for (r, what, suggestion, none) in broken {
        let f = Finding::new(
            &UNKNOWN_REF,
            format!(
                "no {} has the id `{}`",
                what.split_once(' ').map_or(what, |(_, w)| w),
                r.value
            ),
        )
        .at(r.span.clone())
        .label(format!("expected the id of {what}"));
        cx.report(match (suggestion, none) {
            (Some(s), _) => f.help(format!("did you mean `{s}`?")),
            (None, true) => f.help(format!(
                "the plan has no such item yet; add {what} with this id, or remove the reference"
            )),
            (None, false) => f.help(format!(
                "use the id of {what} that exists, or add one with this id"
            )),
        });
    }
}

/// Every id of the plan, with the kind of item it names.
fn ids(p: &Plan) -> Vec<(&'static str, &Located<String>)> {
    let mut ids: Vec<(&'static str, &Located<String>)> = Vec::new();
    ids.extend(p.goals.iter().map(|x| ("goal", &x.id)));
    ids.extend(p.objectives.iter().map(|x| ("objective", &x.id)));
    ids.extend(p.audiences.iter().map(|x| ("audience", &x.id)));
    ids.extend(p.insights.iter().map(|x| ("insight", &x.id)));
    ids.extend(p.assumptions.iter().map(|x| ("assumption", &x.id)));
    ids.extend(p.channels.iter().map(|x| ("channel", &x.id)));
    ids.extend(p.budget.lines.iter().map(|x| ("budget line", &x.id)));
    ids.extend(p.team.iter().map(|x| ("team role", &x.id)));
    ids.extend(p.agencies.iter().map(|x| ("agency", &x.id)));
    ids.extend(p.scenarios.iter().map(|x| ("scenario", &x.id)));
    ids.extend(p.triggers.iter().map(|x| ("trigger", &x.id)));
    ids.extend(p.initiatives.iter().map(|x| ("initiative", &x.id)));
    ids.extend(p.milestones.iter().map(|x| ("milestone", &x.id)));
    ids.extend(p.risks.iter().map(|x| ("risk", &x.id)));
    ids.extend(p.asks.iter().map(|x| ("ask", &x.id)));
    ids.extend(p.stack.iter().map(|x| ("tool", &x.id)));
    ids.extend(
        p.stack
            .iter()
            .flat_map(|t| t.automations.iter())
            .map(|a| ("automation", &a.id)),
    );
    ids.extend(
        p.channels
            .iter()
            .flat_map(|c| c.kpis.iter().filter_map(|k| k.id.as_ref()))
            .map(|id| ("KPI", id)),
    );
    ids
}

/// An id used twice (`duplicate-id`).
fn duplicates(cx: &mut Ctx<'_>, ids: &[(&'static str, &Located<String>)]) {
    let mut seen: HashMap<&str, (&str, Span)> = HashMap::new();
    for (kind, id) in ids {
        if let Some((first_kind, first)) = seen.get(id.value.as_str()) {
            cx.report(
                Finding::new(
                    &DUPLICATE_ID,
                    format!("the id `{}` is used twice", id.value),
                )
                .at(id.span.clone())
                .label(format!("this {kind} reuses it"))
                .also(first.clone(), format!("first used here by a {first_kind}"))
                .help("ids are unique across the plan; rename one of them"),
            );
        } else {
            seen.insert(&id.value, (kind, id.span.clone()));
        }
    }
}

/// A reference that names no item of the kind it must: (the reference,
/// what it should name, a "did you mean", whether no item of that kind
/// exists at all).
fn broken(
    p: &Plan,
    ids: &[(&'static str, &Located<String>)],
) -> Vec<(Ref, &'static str, Option<String>, bool)> {
    let of = |kinds: &[&str]| -> Vec<&str> {
        let mut v: Vec<&str> = ids
            .iter()
            .filter(|(k, _)| kinds.contains(k))
            .map(|(_, id)| id.value.as_str())
            .collect();
        // Sorted for binary search: plans may have thousands of items.
        v.sort_unstable();
        v
    };
    let goals = of(&["goal"]);
    let objectives = of(&["objective"]);
    let objectives_channels = of(&["objective", "channel"]);
    let informed = of(&["objective", "channel", "audience", "initiative"]);
    let insights = of(&["insight"]);
    let initiatives = of(&["initiative"]);
    let channels = of(&["channel"]);
    let agencies = of(&["agency"]);
    let team = of(&["team role"]);

    let mut broken = Vec::new();
    let mut want = |refs: &[Ref], targets: &[&str], what: &'static str| {
        for r in refs {
            if targets.binary_search(&r.value.as_str()).is_err() {
                // Suggestions compare with every target: for the first few
                // hundred dangling refs only (more than anyone reads), so a
                // plan of thousands can't make it quadratic.
                let suggestion = if broken.len() < SUGGEST_FOR {
                    did_you_mean(&r.value, targets.iter().copied()).map(str::to_string)
                } else {
                    None
                };
                broken.push((r.clone(), what, suggestion, targets.is_empty()));
            }
        }
    };
    for o in &p.objectives {
        want(&o.supports, &goals, "a business goal");
        want(&o.insights, &insights, "an insight");
    }
    for a in &p.audiences {
        want(&a.insights, &insights, "an insight");
    }
    want(&p.strategy.insights, &insights, "an insight");
    for c in &p.channels {
        want(&c.supports, &objectives, "an objective");
        let keys: Vec<Ref> = c.forecasts.iter().map(|f| f.objective.clone()).collect();
        want(&keys, &objectives, "an objective");
        if let Some(r) = &c.response {
            want(
                std::slice::from_ref(&r.objective),
                &objectives,
                "an objective",
            );
        }
    }
    for l in &p.budget.lines {
        want(&l.supports, &objectives, "an objective");
    }
    for i in &p.insights {
        want(
            &i.informs,
            &informed,
            "an objective, channel, audience or initiative",
        );
    }
    for a in &p.assumptions {
        want(
            &a.underpins,
            &objectives_channels,
            "an objective or channel",
        );
    }
    for s in &p.scenarios {
        let keys: Vec<Ref> = s.outcomes.iter().map(|f| f.objective.clone()).collect();
        want(&keys, &objectives, "an objective");
        let changed: Vec<Ref> = s.changes.iter().map(|(c, _)| c.clone()).collect();
        want(&changed, &channels, "a channel");
    }
    for i in &p.initiatives {
        want(&i.supports, &objectives, "an objective");
        want(&i.insights, &insights, "an insight");
        if let Some(a) = &i.agency {
            want(std::slice::from_ref(a), &agencies, "an agency");
        }
    }
    for r in &p.team {
        want(&r.channels, &channels, "a channel");
    }
    for a in &p.agencies {
        want(&a.channels, &channels, "a channel");
    }
    for r in &p.risks {
        if let Some(on) = &r.impact_amount.impact_on {
            want(std::slice::from_ref(on), &objectives, "an objective");
        }
        // A part of the period ("Q4", "January") is not an id.
        let ids: Vec<Ref> = r
            .affects
            .iter()
            .filter(|a| !crate::plan::words::is_period_word(&a.value))
            .cloned()
            .collect();
        want(&ids, &objectives_channels, "an objective or channel");
    }
    for a in &p.asks {
        if let Some(r) = &a.role {
            want(std::slice::from_ref(r), &team, "a team role");
        }
    }
    for m in &p.milestones {
        if let Some(i) = &m.initiative {
            want(std::slice::from_ref(i), &initiatives, "an initiative");
        }
    }
    broken
}
