//! Dates: the period runs forward, and dated items sit inside it.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::months_between;

pub const PERIOD_INVERTED: Rule = Rule {
    id: "period-inverted",
    severity: Severity::Error,
    family: "dates",
    summary: "the plan period ends before it starts, or lasts more than five years",
    explanation: "`[plan] start` must be before `end`. A period longer than five years is almost \
always a typo in the year; plans are for a year or a few quarters.",
    configurable: false,
};

pub const OUTSIDE_PERIOD: Rule = Rule {
    id: "outside-period",
    severity: Severity::Warning,
    family: "dates",
    summary: "an initiative or milestone falls outside the plan period",
    explanation: "Milestones, and the start and end of initiatives, should fall inside the plan \
period: the roadmap slide shows the period's quarters, and work outside it belongs to another \
plan. Move the date, or shorten the initiative to the part in this period.",
    configurable: true,
};

pub const DATES_INVERTED: Rule = Rule {
    id: "dates-inverted",
    severity: Severity::Error,
    family: "dates",
    summary: "an initiative ends before it starts",
    explanation: "An initiative's `end` is before its `start`, so the roadmap cannot place it \
and its duration is negative. Usually the two dates are swapped or the year is wrong.",
    configurable: true,
};

pub const OWNER_JOINS_LATE: Rule = Rule {
    id: "owner-joins-late",
    severity: Severity::Warning,
    family: "dates",
    summary: "an initiative starts before the team member who owns it joins",
    explanation: "An initiative's `owner` names a role on the team whose `start` (a hire) is after \
the initiative's `start`: until that person joins, the work has no owner. A board reads the \
roadmap against the people slide and finds it, so the roadmap says when the owner joins. Start \
the initiative when the owner joins, name an owner who is there from the start, or bring the \
hire forward.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &PERIOD_INVERTED,
    &OUTSIDE_PERIOD,
    &DATES_INVERTED,
    &OWNER_JOINS_LATE,
];

pub fn check(cx: &mut Ctx<'_>) {
    let m = &cx.plan.meta;
    if m.end.value < m.start.value {
        cx.report(
            Finding::new(
                &PERIOD_INVERTED,
                format!(
                    "the plan period ends ({}) before it starts ({})",
                    m.end.value, m.start.value
                ),
            )
            .at(m.end.span.clone())
            .also(m.start.span.clone(), "start")
            .help("swap `start` and `end`, or fix the year"),
        );
    } else if months_between(m.start.value, m.end.value) > 60 {
        cx.report(
            Finding::new(
                &PERIOD_INVERTED,
                "the plan period is longer than five years",
            )
            .at(m.end.span.clone())
            .help("check the year of `end`"),
        );
    }
    let period = format!("{} to {}", m.start.value, m.end.value);
    for i in &cx.plan.initiatives {
        if i.end.value < i.start.value {
            cx.report(
                Finding::new(
                    &DATES_INVERTED,
                    format!("initiative `{}` ends before it starts", i.id.value),
                )
                .at(i.end.span.clone())
                .also(i.start.span.clone(), "start")
                .help("swap `start` and `end`"),
            );
        }
        for d in [&i.start, &i.end] {
            if !cx.in_period(d.value) {
                cx.report(
                    Finding::new(
                        &OUTSIDE_PERIOD,
                        format!("initiative `{}` runs outside the plan period", i.id.value),
                    )
                    .at(d.span.clone())
                    .label(format!("the period is {period}"))
                    .help("move the date inside the period"),
                );
            }
        }
    }
    for i in &cx.plan.initiatives {
        if let Some((role, joins)) = crate::plan::owners::joins_after(cx.plan, i) {
            let mut f = Finding::new(
                &OWNER_JOINS_LATE,
                format!(
                    "initiative `{}` starts {}, but its owner, {}, joins the team on {}",
                    i.id.value,
                    i.start.value.format("%-d %b %Y"),
                    i.owner.as_deref().unwrap_or_default(),
                    joins.format("%-d %b %Y"),
                ),
            )
            .at(i.start.span.clone());
            if let Some(s) = &role.start {
                f = f.also(s.span.clone(), "the owner joins");
            }
            cx.report(f.help(
                "start the initiative when its owner joins, name an owner who is there from the start, or bring the hire forward",
            ));
        }
    }
    for ms in &cx.plan.milestones {
        if !cx.in_period(ms.date.value) {
            cx.report(
                Finding::new(
                    &OUTSIDE_PERIOD,
                    format!("milestone `{}` falls outside the plan period", ms.id.value),
                )
                .at(ms.date.span.clone())
                .label(format!("the period is {period}"))
                .help("move the milestone inside the period"),
            );
        }
    }
}
