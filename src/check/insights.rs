//! Insights are sourced, dated, fresh, and inform something.

use chrono::Months;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const INSIGHT_UNSOURCED: Rule = Rule {
    id: "insight-unsourced",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight has no source",
    explanation: "An insight without a source is an opinion. Say where it comes from \
(`source = \"2026 buyer survey, n=412\"`, and `source_kind` = market-research, data, \
interviews, survey, experiment or analyst) so that reviewers can weigh it.",
    configurable: true,
};

pub const INSIGHT_UNDATED: Rule = Rule {
    id: "insight-undated",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight has no date",
    explanation: "Markets move; an insight's date tells how much it can still be trusted. Add \
`date = YYYY-MM-DD` (when the research was done or the data was read).",
    configurable: true,
};

pub const INSIGHT_STALE: Rule = Rule {
    id: "insight-stale",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight is older than the allowed age at the plan start",
    explanation: "The insight was dated more than `insight_max_age_months` (18 by default; set \
in `[checks]` or by the organisation's policy) before the plan period starts. Refresh the \
research, or confirm the finding still holds and update its date.",
    configurable: true,
};

pub const INSIGHT_ORPHAN: Rule = Rule {
    id: "insight-orphan",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight informs no objective or channel",
    explanation: "An insight that `informs` nothing does not shape the plan. Link it to the \
objectives or channels it justifies (`informs = [...]`), or leave it out of the deck.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &INSIGHT_UNSOURCED,
    &INSIGHT_UNDATED,
    &INSIGHT_STALE,
    &INSIGHT_ORPHAN,
];

pub fn check(cx: &mut Ctx<'_>) {
    let start = cx.plan.meta.start.value;
    let max_age = cx.settings.insight_max_age_months;
    let oldest = start.checked_sub_months(Months::new(max_age));
    for i in &cx.plan.insights {
        let id = &i.id.value;
        if i.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            cx.report(
                Finding::new(&INSIGHT_UNSOURCED, format!("insight `{id}` has no source"))
                    .at(i.id.span.clone())
                    .help("add `source = \"...\"` naming the study, dataset or interviews"),
            );
        }
        match &i.date {
            None => cx.report(
                Finding::new(&INSIGHT_UNDATED, format!("insight `{id}` has no date"))
                    .at(i.id.span.clone())
                    .help("add `date = YYYY-MM-DD`"),
            ),
            Some(d) if oldest.is_some_and(|o| d.value < o) => cx.report(
                Finding::new(
                    &INSIGHT_STALE,
                    format!("insight `{id}` is more than {max_age} months old at the plan start"),
                )
                .at(d.span.clone())
                .label(format!("dated {}, plan starts {start}", d.value))
                .help("refresh the research, or confirm it still holds and update the date"),
            ),
            Some(_) => {}
        }
        if i.informs.is_empty() {
            cx.report(
                Finding::new(
                    &INSIGHT_ORPHAN,
                    format!("insight `{id}` informs no objective or channel"),
                )
                .at(i.id.span.clone())
                .help("add `informs = [\"<objective or channel id>\"]`"),
            );
        }
    }
}
