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
    explanation: "An insight that `informs` nothing, and that nothing in the plan names, does \
not shape the plan. Link it to the objectives, channels, audiences or initiatives it justifies \
(`informs = [...]`, or `insights = [...]` on them), or leave it out of the deck.",
    configurable: true,
};

pub const INSIGHT_UNUSED: Rule = Rule {
    id: "insight-unused",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight no strategy choice, objective, audience or initiative acts on",
    explanation: "Insights are the upstream work a plan turns into decisions: where to play, what \
to aim for, whom to address, what to do. This insight shapes none of them: it informs only \
channels, and no objective, audience or initiative names it (`insights = [\"<id>\"]` on \
them, or in `[strategy]` for the strategy's choices), nor does its own `informs` name one. \
Research paid for and left on the shelf: act on it — name it where a choice, objective, \
audience or initiative rests on it — or leave it out of the plan.",
    configurable: true,
};

pub const INSIGHT_DATE_BEFORE_SOURCE: Rule = Rule {
    id: "insight-date-before-source",
    severity: Severity::Warning,
    family: "insights",
    summary: "an insight is dated before the year its own source names",
    explanation: "The insight's `source` names a year (\"Post-stay guest survey, 2026\") later than \
its `date` (2025-04-30): evidence cannot be read before it exists, and a board reading \"…, 2026 \
(survey), Apr 2025\" on the strategy slide doubts the rest. Correct the `date` (when the research \
was done or the data was read) or the year in the `source`.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &INSIGHT_DATE_BEFORE_SOURCE,
    &INSIGHT_UNSOURCED,
    &INSIGHT_UNDATED,
    &INSIGHT_STALE,
    &INSIGHT_ORPHAN,
    &INSIGHT_UNUSED,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    // Decisions that name an insight: the strategy's choices, objectives,
    // audiences and initiatives (`insights = [...]` on each).
    let named: std::collections::HashSet<&str> = p
        .strategy
        .insights
        .iter()
        .chain(p.objectives.iter().flat_map(|o| &o.insights))
        .chain(p.audiences.iter().flat_map(|a| &a.insights))
        .chain(p.initiatives.iter().flat_map(|i| &i.insights))
        .map(|r| r.value.as_str())
        .collect();
    let decisions: std::collections::HashSet<&str> = p
        .objectives
        .iter()
        .map(|o| &o.id)
        .chain(p.audiences.iter().map(|a| &a.id))
        .chain(p.initiatives.iter().map(|i| &i.id))
        .map(|id| id.value.as_str())
        .collect();
    let decision = |id: &str| decisions.contains(id);
    let unused: Vec<(usize, bool)> = p
        .insights
        .iter()
        .enumerate()
        .filter(|(_, i)| !named.contains(i.id.value.as_str()))
        .filter(|(_, i)| !i.informs.iter().any(|r| decision(&r.value)))
        .map(|(n, i)| (n, i.informs.is_empty()))
        .collect();
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
        let named = i.source.as_deref().and_then(latest_year);
        if let (Some(d), Some(year)) = (&i.date, named)
            && year > chrono::Datelike::year(&d.value)
        {
            cx.report(
                Finding::new(
                    &INSIGHT_DATE_BEFORE_SOURCE,
                    format!("insight `{id}` is dated before the year its source names ({year})"),
                )
                .at(d.span.clone())
                .label(format!("dated {}", d.value))
                .help("correct the `date` or the year in the `source`"),
            );
        }
    }
    // One finding per insight: linked to nothing at all is `insight-orphan`;
    // linked to channels only, `insight-unused`.
    for (n, orphan) in unused {
        let i = &p.insights[n];
        let id = &i.id.value;
        if orphan {
            cx.report(
                Finding::new(
                    &INSIGHT_ORPHAN,
                    format!("insight `{id}` informs no objective or channel"),
                )
                .at(i.id.span.clone())
                .help("add `informs = [\"<objective or channel id>\"]`"),
            );
        } else {
            let channels: Vec<String> =
                i.informs.iter().map(|r| format!("`{}`", r.value)).collect();
            cx.report(
                Finding::new(
                    &INSIGHT_UNUSED,
                    format!(
                        "insight `{id}` shapes no decision: no strategy choice, objective, audience or initiative acts on it"
                    ),
                )
                .at(i.id.span.clone())
                .label(format!("it informs only {}", channels.join(", ")))
                .help(format!(
                    "name it where the plan acts on it: `insights = [\"{id}\"]` on an objective, audience or initiative, or in [strategy]"
                )),
            );
        }
    }
}

/// The latest year a source's words name: a four-digit number from 1990
/// to 2100 standing alone ("survey, 2026"), not part of a longer figure
/// ("n=12,026").
fn latest_year(source: &str) -> Option<i32> {
    source
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == ',' || c == '.'))
        .map(|w| w.trim_end_matches([',', '.']))
        .filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (1990..=2100).contains(y))
        .max()
}
