//! The organisation's policy, applied to one plan.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, Span, did_you_mean};
use crate::figures::percent;
use crate::plan::{Channel, Located, Plan};
use crate::policy::Policy;

pub const SECTION_MISSING: Rule = Rule {
    id: "policy-section-missing",
    severity: Severity::Error,
    family: "policy",
    summary: "a section the organisation's policy requires is missing or empty",
    explanation: "The policy's `[require] sections` lists the parts every plan must have (say \
`scenarios`, `risks` and `asks`) so that plans can be compared side by side. Add the section \
to the plan; `mvplan docs plan-format` shows what goes in it.",
    configurable: true,
};

pub const FIELD_MISSING: Rule = Rule {
    id: "policy-field-missing",
    severity: Severity::Error,
    family: "policy",
    summary: "a field the organisation's policy requires is not filled in",
    explanation: "The policy's `[require] fields` lists fields that every item must fill in \
(say `insights.confidence` or `risks.owner`), beyond what the plan format itself requires, so \
that plans can be compared and trusted. Fill in the field on the item the message names.",
    configurable: true,
};

pub const CATEGORY: Rule = Rule {
    id: "policy-category",
    severity: Severity::Error,
    family: "policy",
    summary: "a channel's category is not one the policy allows",
    explanation: "The policy's `[channels] categories` fixes the channel categories of the \
organisation, so that the portfolio review can add up spend by category across business \
units. Give the channel one of those categories (`category = \"search\"`), or ask the CMO's \
office to add a new one to the policy.",
    configurable: true,
};

pub const CHANNEL_SHARE: Rule = Rule {
    id: "policy-channel-share",
    severity: Severity::Warning,
    family: "policy",
    summary: "one channel takes more of the spend than the policy allows",
    explanation: "The policy's `[channels] max_share` caps the share of a plan's spend that any \
one channel may take: concentration is a risk (one platform's price rise or policy change \
hits the whole plan). Spread the budget, or agree an exception.",
    configurable: true,
};

pub const KPI_MISSING: Rule = Rule {
    id: "policy-kpi-missing",
    severity: Severity::Error,
    family: "policy",
    summary: "a channel lacks a KPI the policy requires for its category",
    explanation: "The policy's `[kpis]` table names KPIs that every channel of a category must \
report (e.g. `search = [\"Cost per lead\"]`), so that the same numbers exist in every business \
unit. Add a KPI with that name (and a target) to the channel.",
    configurable: true,
};

pub const CURRENCY: Rule = Rule {
    id: "policy-currency",
    severity: Severity::Error,
    family: "policy",
    summary: "the plan's currency can't be converted to the policy's",
    explanation: "Portfolio roll-ups add budgets in the policy's currency. A plan in another \
currency needs an exchange rate in the policy's `[rates]` table; ask the CMO's office to add \
one, or write the plan in the policy's currency.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &SECTION_MISSING,
    &FIELD_MISSING,
    &CATEGORY,
    &CHANNEL_SHARE,
    &KPI_MISSING,
    &CURRENCY,
];

pub fn check(cx: &mut Ctx<'_>) {
    let Some(policy) = cx.policy else { return };
    let p = cx.plan;
    let name = policy
        .name
        .as_deref()
        .unwrap_or("the organisation's policy");
    let head = p.meta.span.start..p.meta.span.start;
    for section in &policy.require_sections {
        if !has_section(p, &section.value) {
            cx.report(
                Finding::new(
                    &SECTION_MISSING,
                    format!("{name} requires `{}`, and the plan has none", section.value),
                )
                .at(head.clone())
                .help(format!(
                    "add the `{}` section (see `mvplan docs plan-format`)",
                    section.value
                )),
            );
        }
    }
    for field in &policy.require_fields {
        let items = items_with_field(p, &field.value, &head);
        let key = field.value.rsplit('.').next().unwrap_or_default();
        let key = if key == "phasing" { "quarterly" } else { key };
        for (what, span, filled) in items {
            if !filled {
                cx.report(
                    Finding::new(
                        &FIELD_MISSING,
                        format!("{what} has no `{key}`, which {name} requires"),
                    )
                    .at(span)
                    .help(format!("add `{key} = ...` to {what}")),
                );
            }
        }
    }
    if let Some(currency) = &policy.currency
        && policy.rate(&p.meta.currency.value).is_none()
    {
        cx.report(
            Finding::new(
                &CURRENCY,
                format!(
                    "the plan is in {}, and {name} has no rate from it to {}",
                    p.meta.currency.value, currency.value
                ),
            )
            .at(p.meta.currency.span.clone())
            .help(format!(
                "add `{} = <rate>` to the policy's [rates], or write the plan in {}",
                p.meta.currency.value, currency.value
            )),
        );
    }
    for c in &p.channels {
        channel(cx, policy, name, c);
    }
}

/// Whether the plan has a section the policy can require (an unknown name
/// was refused when the policy was read).
fn has_section(p: &Plan, section: &str) -> bool {
    match section {
        "goals" => !p.goals.is_empty(),
        "objectives" => !p.objectives.is_empty(),
        "audiences" => !p.audiences.is_empty(),
        "insights" => !p.insights.is_empty(),
        "strategy" => p.strategy.statement.is_some(),
        "assumptions" => !p.assumptions.is_empty(),
        "channels" => !p.channels.is_empty(),
        "team" => !p.team.is_empty(),
        "agencies" => !p.agencies.is_empty(),
        "scenarios" => !p.scenarios.is_empty(),
        "initiatives" => !p.initiatives.is_empty(),
        "milestones" => !p.milestones.is_empty(),
        "risks" => !p.risks.is_empty(),
        "asks" => !p.asks.is_empty(),
        _ => true,
    }
}

/// (item description, span, filled in?) for every item a required field
/// (`goals.baseline`) applies to.
fn items_with_field(p: &Plan, field: &str, head: &Span) -> Vec<(String, Span, bool)> {
    // Each item of a section: its kind, its id, and whether the field is set.
    fn each<T>(
        items: &[T],
        kind: &str,
        of: impl Fn(&T) -> (&Located<String>, bool),
    ) -> Vec<(String, Span, bool)> {
        items
            .iter()
            .map(|item| {
                let (id, filled) = of(item);
                (format!("{kind} `{}`", id.value), id.span.clone(), filled)
            })
            .collect()
    }
    match field {
        "plan.unit" => vec![("[plan]".into(), head.clone(), p.meta.unit.is_some())],
        "plan.version" => vec![("[plan]".into(), head.clone(), p.meta.version.is_some())],
        "goals.baseline" => each(&p.goals, "goal", |g| (&g.id, g.measure.baseline.is_some())),
        "objectives.baseline" => each(&p.objectives, "objective", |o| {
            (&o.id, o.measure.baseline.is_some())
        }),
        "insights.source" => each(&p.insights, "insight", |i| (&i.id, i.source.is_some())),
        "insights.date" => each(&p.insights, "insight", |i| (&i.id, i.date.is_some())),
        "insights.confidence" => each(&p.insights, "insight", |i| (&i.id, i.confidence.is_some())),
        "assumptions.test" => each(&p.assumptions, "assumption", |a| (&a.id, a.test.is_some())),
        "assumptions.test_by" => each(&p.assumptions, "assumption", |a| {
            (&a.id, a.test_by.is_some())
        }),
        "channels.category" => each(&p.channels, "channel", |c| (&c.id, c.category.is_some())),
        "channels.phasing" => each(&p.channels, "channel", |c| (&c.id, c.phasing.is_some())),
        "channels.forecast" => each(&p.channels, "channel", |c| (&c.id, !c.forecasts.is_empty())),
        "risks.mitigation" => each(&p.risks, "risk", |r| (&r.id, r.mitigation.is_some())),
        "risks.owner" => each(&p.risks, "risk", |r| (&r.id, r.owner.is_some())),
        "initiatives.owner" => each(&p.initiatives, "initiative", |i| (&i.id, i.owner.is_some())),
        _ => Vec::new(),
    }
}

/// One channel against the policy: its category, its share of spend, the
/// KPIs its category must report.
fn channel(cx: &mut Ctx<'_>, policy: &Policy, name: &str, c: &Channel) {
    if !policy.categories.is_empty() {
        let allowed: Vec<&str> = policy.categories.iter().map(|c| c.value.as_str()).collect();
        match &c.category {
            Some(cat) if allowed.contains(&cat.value.as_str()) => {}
            Some(cat) => {
                let f = Finding::new(
                    &CATEGORY,
                    format!(
                        "channel `{}` has category `{}`, which {name} does not allow",
                        c.id.value, cat.value
                    ),
                )
                .at(cat.span.clone());
                cx.report(match did_you_mean(&cat.value, allowed.iter().copied()) {
                    Some(m) => f.help(format!("did you mean `{m}`?")),
                    None => f.help(format!("use one of: {}", allowed.join(", "))),
                });
            }
            None => cx.report(
                Finding::new(
                    &CATEGORY,
                    format!(
                        "channel `{}` has no category; {name} requires one",
                        c.id.value
                    ),
                )
                .at(c.id.span.clone())
                .help(format!(
                    "add `category = \"...\"`, one of: {}",
                    allowed.join(", ")
                )),
            ),
        }
    }
    if let Some(max) = &policy.max_channel_share
        && let Some(share) = percent(c.budget.value, cx.fig.spend)
        && share > max.value
    {
        cx.report(
            Finding::new(
                &CHANNEL_SHARE,
                format!(
                    "channel `{}` takes {share}% of spend; {name} allows at most {}%",
                    c.id.value, max.value
                ),
            )
            .at(c.budget.span.clone())
            .help(
                "spread the budget over more channels, or agree an exception with the CMO's office",
            ),
        );
    }
    if let Some(cat) = &c.category
        && let Some((_, required)) = policy.kpis.iter().find(|(k, _)| k.value == cat.value)
    {
        for kpi in required {
            let has = c
                .kpis
                .iter()
                .any(|k| k.name.trim().eq_ignore_ascii_case(kpi.value.trim()));
            if !has {
                cx.report(
                    Finding::new(
                        &KPI_MISSING,
                        format!(
                            // "(category search)": "Search ads (search)" read
                            // as the name said twice on a slide.
                            "channel `{}` (category {}) has no `{}` KPI, which {name} requires",
                            c.id.value, cat.value, kpi.value
                        ),
                    )
                    .at(c.id.span.clone())
                    .help(format!(
                        "add `{{ name = \"{}\", target = ... }}` to its kpis",
                        kpi.value
                    )),
                );
            }
        }
    }
}
