//! The upstream share: how much money and time shape the plan rather than
//! execute it.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const UPSTREAM_SHARE_LOW: Rule = Rule {
    id: "upstream-share-low",
    severity: Severity::Warning,
    family: "upstream",
    summary: "the upstream share of spend is below the minimum",
    explanation: "Upstream work (insights and research, scenario planning, strategic planning, \
marketing-operations design, talent management, marketing-led innovation) is what makes \
downstream spend effective. A plan that spends almost everything on campaign execution and \
production is flying blind. The minimum (15% by default) is set by `min_upstream_share` in \
`[checks]` or by the organisation's policy. Every channel, budget line, role and agency carries \
a `work = \"upstream\" | \"downstream\"` tag; channels default to downstream.",
    configurable: true,
};

pub const UPSTREAM_FTE_LOW: Rule = Rule {
    id: "upstream-fte-low",
    severity: Severity::Warning,
    family: "upstream",
    summary: "the upstream share of team FTE is below the minimum",
    explanation: "The share of the team's full-time equivalents tagged `work = \"upstream\"` is \
below `min_upstream_fte_share` (20% by default). People, more than money, decide whether \
insight and planning work gets done.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&UPSTREAM_SHARE_LOW, &UPSTREAM_FTE_LOW];

pub fn check(cx: &mut Ctx<'_>) {
    let min = cx.settings.min_upstream_share;
    if let Some(share) = cx.fig.upstream_share.filter(|s| *s < min) {
        cx.report(
            Finding::new(
                &UPSTREAM_SHARE_LOW,
                format!(
                    "upstream work gets {} of spend, below the minimum of {min}%",
                    // From the amounts, not the rounded share: 12.46% is
                    // the budget slide's 12%, never 12.5% → 13%.
                    crate::format::format_share(
                        exact(cx.fig.upstream_spend, cx.fig.spend).unwrap_or(share),
                        Some(min)
                    )
                ),
            )
            .at(cx.plan.budget.total.span.clone())
            .label(format!(
                "upstream {} of {} spend",
                cx.money(cx.fig.upstream_spend),
                cx.money(cx.fig.spend)
            ))
            .help("fund insights, planning or marketing-operations work, tagged `work = \"upstream\"`"),
        );
    }
    let min = cx.settings.min_upstream_fte_share;
    if let Some(share) = cx.fig.upstream_fte_share.filter(|s| *s < min) {
        let span = cx.plan.team.first().map(|r| r.id.span.clone());
        cx.report(
            Finding::new(
                &UPSTREAM_FTE_LOW,
                format!(
                    "upstream roles are {} of team FTE, below the minimum of {min}%",
                    crate::format::format_share(
                        exact(cx.fig.upstream_fte, cx.fig.fte).unwrap_or(share),
                        Some(min)
                    )
                ),
            )
            .at_opt(span)
            .help("staff insight, planning or operations roles, tagged `work = \"upstream\"`"),
        );
    }
}

/// `part` of `whole` in percent, unrounded.
fn exact(
    part: rust_decimal::Decimal,
    whole: rust_decimal::Decimal,
) -> Option<rust_decimal::Decimal> {
    (part * rust_decimal::Decimal::ONE_HUNDRED).checked_div(whole)
}
