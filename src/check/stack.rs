//! Marketing operations: the stack (`[[stack]]`) — owned, complete, not
//! duplicated, connected, paid for, with a person able to stop what
//! reaches customers — and initiatives that wait for one another.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, Span, did_you_mean};
use crate::plan::{Activity, Capability, Located, Plan, Ref, Scope, Tool};

pub const STACK_NO_OWNER: Rule = Rule {
    id: "stack-no-owner",
    severity: Severity::Warning,
    family: "operations",
    summary: "a tool of the stack has no owner",
    explanation: "Every tool in `[[stack]]` needs a person who answers for it: its data, its \
licences, its integrations, what it does on its own. A tool nobody owns drifts — contracts \
renew unread, fields fill with junk, automations keep running after the campaign ended. Name \
the team row that owns it with `owner = \"<team id>\"`. Tools with `scope = \"central\"` are \
owned by the group and may leave it out.",
    configurable: true,
};

pub const CAPABILITY_MISSING: Rule = Rule {
    id: "capability-missing",
    severity: Severity::Warning,
    family: "operations",
    summary: "a channel, initiative or KPI needs a capability no tool provides",
    explanation: "Channels, initiatives and KPIs name the capabilities they cannot run without \
(`needs = [\"intent-data\"]`), and some are implied: an `abm` channel needs a CRM and intent \
data, a `lifecycle` or `email` channel marketing automation, a KPI about attribution or return \
on ad spend an analytics tool. When no tool in `[[stack]]` provides it — and the policy's \
central stack does not either — the plan promises work it has no means to do. Add the tool, \
or name the central tool the unit uses (`scope = \"central\"`). Implied needs are only judged \
in plans that describe their stack.",
    configurable: true,
};

pub const CAPABILITY_DUPLICATE: Rule = Rule {
    id: "capability-duplicate",
    severity: Severity::Warning,
    family: "operations",
    summary: "two tools in the plan provide the same capability",
    explanation: "Two CRMs, two marketing-automation platforms or two analytics tools in one \
plan means two licences, two sets of data that disagree, and integrations to keep in step. \
Capabilities that are normally plural (ad platforms, intent-data sources, social tools, \
`other`) are not counted. Consolidate on one, or say in the plan why both stay (and move one \
to `allow` in `[checks]`).",
    configurable: true,
};

pub const AUTOMATION_NO_OVERRIDE: Rule = Rule {
    id: "automation-no-override",
    severity: Severity::Warning,
    family: "operations",
    summary: "an automation that reaches customers has nobody who can stop it",
    explanation: "Automation at scale needs a human in charge: someone empowered to override \
or stop it when it is about to harm a customer or the brand (a nurture stream emailing a \
churned account, a bidding rule spending on a crisis keyword). Every `[[stack.automations]]` \
entry that is `customer_facing` (the default) names the team row that can override it with \
`override_by = \"<team id>\"`.",
    configurable: true,
};

pub const STACK_ISOLATED: Rule = Rule {
    id: "stack-isolated",
    severity: Severity::Warning,
    family: "operations",
    summary: "a tool a KPI depends on is connected to no other tool",
    explanation: "A tool that feeds nothing and is fed by nothing is an island: its numbers \
are typed in by hand or not at all. That is tolerable for a design tool, not for a tool a KPI \
or an objective is measured with (`used_by`): the result on the slide cannot be traced to the \
pipeline in the CRM. Say what it exchanges data with (`feeds`, `fed_by`), or plan the \
integration.",
    configurable: true,
};

pub const STACK_COST_UNBUDGETED: Rule = Rule {
    id: "stack-cost-unbudgeted",
    severity: Severity::Warning,
    family: "operations",
    summary: "the stack costs more than the budget lines that pay for it",
    explanation: "The annual cost of the tools paid from this budget (`in_budget`, the default \
for local tools) must be covered by the budget lines that pay for them: the lines tools name \
with `budget_line`, and the lines with `activity = \"marketing-operations\"`. When the stack \
costs more, the licences will be paid from campaign money, or not renewed. Raise the line, or \
mark tools another budget pays for with `in_budget = false`.",
    configurable: true,
};

pub const LOCAL_DUPLICATES_CENTRAL: Rule = Rule {
    id: "local-duplicates-central",
    severity: Severity::Warning,
    family: "operations",
    summary: "the unit buys locally a capability the group provides centrally",
    explanation: "The group provides some capabilities to every unit (the policy's \
`[stack.central]`, or a tool with `scope = \"central\"`): one customer view, one set of \
standards, one licence. A unit that buys its own tool for the same capability pays twice and \
splits the data. Use the central tool, or agree the exception with the group (a policy can \
make this an error with `deny = [\"local-duplicates-central\"]`).",
    configurable: true,
};

pub const DEPENDENCY_DATES: Rule = Rule {
    id: "dependency-dates",
    severity: Severity::Warning,
    family: "operations",
    summary: "an initiative starts before an initiative it depends on ends",
    explanation: "`depends_on` names initiatives that must be finished first (a new CRM before \
the attribution model built on it). When the dependent work is dated to start before the \
dependency ends, one of the two dates is wrong. Move the start, or the dependency's end. \
`mvplan review` checks dependencies on other units' initiatives the same way \
(`cross-unit-dependency`).",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &STACK_NO_OWNER,
    &CAPABILITY_MISSING,
    &CAPABILITY_DUPLICATE,
    &AUTOMATION_NO_OVERRIDE,
    &STACK_ISOLATED,
    &STACK_COST_UNBUDGETED,
    &LOCAL_DUPLICATES_CENTRAL,
    &DEPENDENCY_DATES,
];

pub fn check(cx: &mut Ctx<'_>) {
    references(cx);
    let p = cx.plan;
    for t in &p.stack {
        if t.owner.is_none() && t.scope == Scope::Local {
            cx.report(
                Finding::new(
                    &STACK_NO_OWNER,
                    format!("`{}` ({}) has no owner", t.tool, t.id.value),
                )
                .at(t.id.span.clone())
                .help("add `owner = \"<team id>\"`: the team row that answers for the tool"),
            );
        }
        for a in &t.automations {
            if a.customer_facing && a.override_by.is_none() {
                cx.report(
                    Finding::new(
                        &AUTOMATION_NO_OVERRIDE,
                        format!(
                            "the automation `{}` in {} reaches customers and nobody can override it",
                            a.name, t.tool
                        ),
                    )
                    .at(a.id.span.clone())
                    .help("add `override_by = \"<team id>\"`: who can pause or stop it"),
                );
            }
        }
    }
    missing(cx);
    duplicates(cx);
    isolated(cx);
    cost(cx);
    dependencies(cx);
}

/// Ids of the stack's references, each against the items it may name.
fn references(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    // Sorted, for binary search: a plan at the item cap has thousands of
    // refs to look up.
    let team = sorted(p.team.iter().map(|r| r.id.value.as_str()).collect());
    let tools = sorted(p.stack.iter().map(|t| t.id.value.as_str()).collect());
    let lines = sorted(p.budget.lines.iter().map(|l| l.id.value.as_str()).collect());
    let audiences = sorted(p.audiences.iter().map(|a| a.id.value.as_str()).collect());
    let mut usable: Vec<&str> = p.channels.iter().map(|c| c.id.value.as_str()).collect();
    usable.extend(p.initiatives.iter().map(|i| i.id.value.as_str()));
    usable.extend(p.objectives.iter().map(|o| o.id.value.as_str()));
    usable.extend(p.kpi_ids());
    let usable = sorted(usable);
    let suggested = std::cell::Cell::new(0usize);
    let want = |refs: &[Ref], targets: &[&str], what: &'static str| {
        refs.iter()
            .filter(|r| targets.binary_search(&r.value.as_str()).is_err())
            .map(|r| {
                // "Did you mean" compares with every target: for the first
                // few hundred dangling refs only, as `unknown-ref` does.
                suggested.set(suggested.get() + 1);
                let suggestion = (suggested.get() <= 200)
                    .then(|| did_you_mean(&r.value, targets.iter().copied()))
                    .flatten()
                    .map(str::to_string);
                (r.clone(), what, suggestion)
            })
            .collect::<Vec<_>>()
    };
    let mut found = Vec::new();
    for t in &p.stack {
        found.extend(want(t.owner.as_slice(), &team, "a team row"));
        found.extend(want(&t.feeds, &tools, "a tool of the stack"));
        found.extend(want(&t.fed_by, &tools, "a tool of the stack"));
        found.extend(want(
            &t.used_by,
            &usable,
            "a channel, initiative, KPI or objective",
        ));
        found.extend(want(t.budget_line.as_slice(), &lines, "a budget line"));
        for a in &t.automations {
            found.extend(want(a.override_by.as_slice(), &team, "a team row"));
        }
    }
    for c in &p.channels {
        found.extend(want(&c.audiences, &audiences, "an audience"));
    }
    for i in &p.initiatives {
        found.extend(want(&i.audiences, &audiences, "an audience"));
    }
    for (r, what, suggestion) in found {
        let help = match suggestion {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("name {what} by its id"),
        };
        cx.report(
            Finding::new(
                &super::refs::UNKNOWN_REF,
                format!("`{}` is not {what} of this plan", r.value),
            )
            .at(r.span.clone())
            .help(help),
        );
    }
}

/// Capabilities the group provides, by the policy or by a central tool.
fn central(cx: &Ctx<'_>) -> BTreeMap<Capability, String> {
    let mut out = BTreeMap::new();
    if let Some(policy) = cx.policy {
        for c in &policy.central_stack {
            out.entry(c.capability).or_insert_with(|| c.tool.clone());
        }
    }
    for t in cx.plan.stack.iter().filter(|t| t.scope == Scope::Central) {
        for c in &t.capabilities {
            out.entry(c.value).or_insert_with(|| t.tool.clone());
        }
    }
    out
}

/// What the plan's channels, initiatives and KPIs need, with where each
/// need is written (or implied) and whether it was written.
pub fn needs(plan: &Plan) -> Vec<(Capability, Span, String, bool)> {
    let mut out = Vec::new();
    for c in &plan.channels {
        for n in &c.needs {
            out.push((
                n.value,
                n.span.clone(),
                format!("channel `{}`", c.id.value),
                true,
            ));
        }
        if let Some(cat) = &c.category {
            for n in Capability::implied_by_category(&cat.value) {
                out.push((
                    *n,
                    cat.span.clone(),
                    format!("channel `{}`", c.id.value),
                    false,
                ));
            }
        }
        for k in &c.kpis {
            for n in &k.needs {
                out.push((n.value, n.span.clone(), format!("KPI `{}`", k.name), true));
            }
            for n in Capability::implied_by_kpi(&k.name) {
                out.push((*n, k.span.clone(), format!("KPI `{}`", k.name), false));
            }
        }
    }
    for i in &plan.initiatives {
        for n in &i.needs {
            out.push((
                n.value,
                n.span.clone(),
                format!("initiative `{}`", i.id.value),
                true,
            ));
        }
    }
    out
}

fn missing(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let central = central(cx);
    let described = !p.stack.is_empty();
    let provided: HashSet<Capability> = p
        .stack
        .iter()
        .flat_map(|t| t.capabilities.iter().map(|c| c.value))
        .collect();
    let mut reported: HashSet<(Capability, String)> = HashSet::new();
    for (cap, span, who, written) in needs(p) {
        if !(written || described) {
            continue;
        }
        if provided.contains(&cap) || central.contains_key(&cap) {
            continue;
        }
        if !reported.insert((cap, who.clone())) {
            continue;
        }
        let why = if written {
            "needs"
        } else {
            "implies a need for"
        };
        cx.report(
            Finding::new(
                &CAPABILITY_MISSING,
                format!(
                    "{who} {why} {} ({}) and no tool of the stack provides it",
                    cap.label(),
                    cap.word()
                ),
            )
            .at(span)
            .help(format!(
                "add a `[[stack]]` tool with `capability = \"{}\"`, or the central tool the unit uses (`scope = \"central\"`)",
                cap.word()
            )),
        );
    }
}

fn duplicates(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    // (capability, central?) → the tools providing it.
    let mut by: BTreeMap<(Capability, bool), Vec<ToolCap<'_>>> = BTreeMap::new();
    for t in &p.stack {
        for c in t.capabilities.iter().filter(|c| c.value.single()) {
            by.entry((c.value, t.scope == Scope::Central))
                .or_default()
                .push((t, c));
        }
    }
    for ((cap, _), tools) in by {
        let Some(((first, _), rest)) = tools.split_first() else {
            continue;
        };
        for (t, c) in rest {
            cx.report(
                Finding::new(
                    &CAPABILITY_DUPLICATE,
                    format!(
                        "{} and {} both provide {}",
                        first.tool,
                        t.tool,
                        cap.label()
                    ),
                )
                .at(c.span.clone())
                .also(first.id.span.clone(), "first provided here")
                .help("consolidate on one tool, or allow the rule in `[checks]` and say why both stay"),
            );
        }
    }
    // Local tools for what the group provides centrally.
    let central = central(cx);
    for t in p.stack.iter().filter(|t| t.scope == Scope::Local) {
        for c in &t.capabilities {
            if let Some(group_tool) = central.get(&c.value) {
                cx.report(
                    Finding::new(
                        &LOCAL_DUPLICATES_CENTRAL,
                        format!(
                            "{} is bought locally for {}, which the group provides centrally ({group_tool})",
                            t.tool,
                            c.value.label()
                        ),
                    )
                    .at(c.span.clone())
                    .help(format!("use {group_tool}, or agree the exception with the group")),
                );
            }
        }
    }
}

fn isolated(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let measures: HashSet<&str> = p
        .kpi_ids()
        .chain(p.objectives.iter().map(|o| o.id.value.as_str()))
        .collect();
    let mut connected: HashSet<&str> = HashSet::new();
    for t in &p.stack {
        if !t.feeds.is_empty() || !t.fed_by.is_empty() {
            connected.insert(&t.id.value);
        }
        connected.extend(t.feeds.iter().chain(&t.fed_by).map(|r| r.value.as_str()));
    }
    for t in &p.stack {
        if connected.contains(t.id.value.as_str()) {
            continue;
        }
        if let Some(m) = t
            .used_by
            .iter()
            .find(|u| measures.contains(u.value.as_str()))
        {
            cx.report(
                Finding::new(
                    &STACK_ISOLATED,
                    format!(
                        "{} feeds no tool and no tool feeds it, yet `{}` is measured with it",
                        t.tool, m.value
                    ),
                )
                .at(t.id.span.clone())
                .also(m.span.clone(), "the KPI that depends on it")
                .help("say what it exchanges data with (`feeds = [...]`, `fed_by = [...]`), or plan the integration"),
            );
        }
    }
}

fn cost(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let paid: Vec<&Tool> = p
        .stack
        .iter()
        .filter(|t| t.in_budget && t.cost.as_ref().is_some_and(|c| c.value > Decimal::ZERO))
        .collect();
    if paid.is_empty() {
        return;
    }
    let cost = paid
        .iter()
        .filter_map(|t| t.cost.as_ref())
        .fold(Decimal::ZERO, |a, c| a.saturating_add(c.value));
    let named: HashSet<&str> = paid
        .iter()
        .filter_map(|t| t.budget_line.as_ref())
        .map(|r| r.value.as_str())
        .collect();
    let covering = p
        .budget
        .lines
        .iter()
        .filter(|l| {
            named.contains(l.id.value.as_str())
                || l.activity
                    .as_ref()
                    .is_some_and(|a| a.value == Activity::MarketingOperations)
        })
        .fold(Decimal::ZERO, |a, l| a.saturating_add(l.amount.value));
    if cost <= covering {
        return;
    }
    let largest = paid
        .iter()
        .max_by_key(|t| t.cost.as_ref().map(|c| c.value))
        .map(|t| t.id.span.clone());
    cx.report(
        Finding::new(
            &STACK_COST_UNBUDGETED,
            format!(
                "the stack paid from this budget costs {} a year; the budget lines that pay for it hold {}",
                cx.money(cost),
                cx.money(covering)
            ),
        )
        .at_opt(largest)
        .label("the largest licence")
        .help("raise the marketing-operations budget line, name the line each tool is paid from (`budget_line`), or mark tools paid elsewhere `in_budget = false`"),
    );
}

fn dependencies(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    // The first of a duplicated id wins, as elsewhere.
    let by_id: std::collections::HashMap<&str, &crate::plan::Initiative> = p
        .initiatives
        .iter()
        .rev()
        .map(|i| (i.id.value.as_str(), i))
        .collect();
    for i in &p.initiatives {
        for d in &i.depends_on {
            let Some(dep) = by_id.get(d.value.as_str()) else {
                // Another unit's initiative: `mvplan review` checks it.
                continue;
            };
            if i.start.value <= dep.end.value {
                cx.report(
                    Finding::new(
                        &DEPENDENCY_DATES,
                        format!(
                            "`{}` starts {} but depends on `{}`, which ends {}",
                            i.id.value, i.start.value, dep.id.value, dep.end.value
                        ),
                    )
                    .at(d.span.clone())
                    .also(dep.end.span.clone(), "the dependency ends here")
                    .help("start it after the dependency ends, or move the dependency's end"),
                );
            }
        }
    }
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

/// A tool and the capability entry of it that a rule points at.
type ToolCap<'p> = (&'p Tool, &'p Located<Capability>);
