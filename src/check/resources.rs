//! Resources: can the people in the plan deliver it? (The figures are in
//! [`crate::figures::capacity`]; these rules read them.) They apply once a
//! plan models its people — effort on initiatives or channels, skills or
//! channels on team rows or agencies — so a plan that doesn't is not nagged.

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::Span;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::capacity::{self, Capacity, Gap};
use crate::plan::{AskKind, AskStatus, Plan};

const fn rule(id: &'static str, summary: &'static str, explanation: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        family: "resources",
        summary,
        explanation,
        configurable: true,
    }
}

pub const CAPACITY_OVER: Rule = rule(
    "capacity-over",
    "a quarter needs more FTE-months of a skill than the team and agencies have",
    "Initiatives and channels state the effort they need (`effort = { content = 6 }`, in \
FTE-months by skill, spread over their dates); team rows and agencies state what they can do \
(`skills`, `fte`, `availability`, `start`, and an agency's `capacity`). In this quarter the \
work needs more than the people who have the skill can give (every row with the skill counts \
in full; the total across skills is checked too). Move work to another quarter, give it to an \
agency, or ask for a hire (`[[asks]] kind = \"headcount\"` with `role` naming the planned team \
row).",
);

pub const SKILL_MISSING: Rule = rule(
    "skill-missing",
    "work needs a skill that no team row or agency offers",
    "The skills audit: an initiative or channel needs effort in a skill that no team row (its \
`skills` or its id) and no agency (its `skills`) offers. Either someone has it and the plan \
doesn't say so (add it to their `skills`), or nobody has it: hire, train, or brief an agency.",
);

pub const WORK_UNOWNED: Rule = rule(
    "work-unowned",
    "a funded channel or an initiative has no one who owns or delivers it",
    "In a plan that models its people, every funded channel should be owned by a team row or \
delivered by an agency (`channels = [\"…\"]` on either), and every initiative should have an \
`owner` or an `agency`. Work nobody owns is work nobody does.",
);

pub const AGENCY_OVERLAP: Rule = rule(
    "agency-overlap",
    "two agencies both deliver the same channel",
    "Two agencies list the same channel in their `channels`: overlapping scope means paying \
twice, or neither feeling responsible. Give each channel to one agency.",
);

pub const AGENCY_FEE: Rule = rule(
    "agency-fee",
    "an agency's fee is out of proportion to the work the plan gives it",
    "An agency's fee should buy work the plan needs. The plan gives this agency no work (no \
initiative names it as `agency`, no channel it delivers has `effort`), or its fee per \
FTE-month of work is more than three times what the plan's own team costs per FTE-month. \
Give it the work it is paid for, or renegotiate the retainer.",
);

pub const HIRE_UNJUSTIFIED: Rule = rule(
    "hire-unjustified",
    "a headcount ask that the capacity check does not need",
    "A headcount ask should close a capacity gap. Without the team row it would fill (its \
`role`), the team and agencies still have the capacity for every quarter's work, or the plan \
has no capacity gap at all. Either the effort is understated, or the hire is not needed for \
this plan.",
);

pub const GAP_NO_ASK: Rule = rule(
    "gap-no-ask",
    "the plan has a capacity gap but asks for no headcount",
    "Some quarter needs more people than the plan has (see `capacity-over`), yet the plan asks \
for no hire. Ask for the headcount the gap needs (`[[asks]] kind = \"headcount\"`), or change \
the plan so that the people it has can deliver it.",
);

pub const RULES: &[&Rule] = &[
    &CAPACITY_OVER,
    &SKILL_MISSING,
    &WORK_UNOWNED,
    &AGENCY_OVERLAP,
    &AGENCY_FEE,
    &HIRE_UNJUSTIFIED,
    &GAP_NO_ASK,
];

fn fte_months(d: Decimal) -> String {
    crate::format::format_number(d, 1)
}

pub fn check(cx: &mut Ctx<'_>) {
    let Some(cap) = cx.fig.capacity.clone() else {
        return;
    };
    let gaps = gaps(&cap);
    capacity_over(cx, &gaps);
    skill_missing(cx, &cap);
    work_unowned(cx);
    agency_overlap(cx);
    agency_fees(cx, &cap);
    hires(cx, &gaps);
}

/// Where an effort in `skill` is stated, for locating findings.
fn effort_at(p: &Plan, skill: &str) -> Option<Span> {
    p.initiatives
        .iter()
        .flat_map(|i| i.effort.iter())
        .chain(p.channels.iter().flat_map(|c| c.effort.iter()))
        .find(|(s, _)| s.value == skill)
        .map(|(s, _)| s.span.clone())
}

/// The capacity gaps reported as `capacity-over`.
fn gaps(cap: &Capacity) -> Vec<&Gap> {
    // One finding per cause: a skill nobody offers has no capacity in any
    // quarter, so its `capacity-over` findings (and the share of an
    // `all skills` gap its work makes) are consequences, reported under
    // its `skill-missing`, not as warnings of their own.
    let missing = |skill: &str| cap.missing_skills.iter().any(|m| m == skill);
    let missing_demand = |quarter: &str| -> Decimal {
        cap.skills
            .iter()
            .filter(|s| missing(&s.skill))
            .flat_map(|s| s.quarters.iter().filter(|l| l.label == quarter))
            .map(|l| l.demand)
            .sum()
    };
    cap.gaps
        .iter()
        .filter(|g| !missing(&g.skill))
        // A shortfall the message would print as "0 short" (under 0.05
        // FTE-months, about a day) is the rounding of a 92-day quarter, not
        // a gap anyone can act on.
        .filter(|g| g.short() >= Decimal::new(5, 2))
        .filter(|g| {
            g.skill != capacity::ALL_SKILLS
                || g.demand - missing_demand(&g.quarter) > g.capacity + Decimal::new(1, 2)
        })
        .collect()
}

fn capacity_over(cx: &mut Ctx<'_>, gaps: &[&Gap]) {
    let p = cx.plan;
    for gap in gaps {
        let at = effort_at(p, &gap.skill).or_else(|| {
            p.agencies
                .iter()
                .find(|a| a.name == gap.skill)
                .map(|a| a.id.span.clone())
        });
        cx.report(
            Finding::new(
                &CAPACITY_OVER,
                format!(
                    "{}: {} needs {} FTE-months, the team and agencies have {} ({} short)",
                    gap.quarter,
                    // In words, as the deck's people slide says it: the
                    // health appendix shows this message to a board ("CRM",
                    // not the slug `crm`).
                    crate::plan::words::skill_words(&gap.skill),
                    fte_months(gap.demand),
                    fte_months(gap.capacity),
                    fte_months(gap.short())
                ),
            )
            .at_opt(at)
            .help("move work to another quarter, give it to an agency, or ask for a hire"),
        );
    }
}

fn skill_missing(cx: &mut Ctx<'_>, cap: &Capacity) {
    let p = cx.plan;
    for skill in &cap.missing_skills {
        let needs: Vec<String> = cap
            .skills
            .iter()
            .filter(|s| s.skill == *skill)
            .flat_map(|s| s.quarters.iter())
            .filter(|l| !l.demand.is_zero())
            .map(|l| format!("{} {}", l.label, fte_months(l.demand)))
            .collect();
        let mut places = effort_places(p, skill);
        let first = places.next();
        let mut f = Finding::new(
            &SKILL_MISSING,
            format!("no team row or agency offers `{skill}`"),
        )
        .at_opt(first)
        .help(format!(
            "add `\"{skill}\"` to the `skills` of whoever has it, or plan a hire or an agency for it"
        ));
        if !needs.is_empty() {
            f = f.label(format!(
                "no capacity in any quarter for its FTE-months ({})",
                needs.join(", ")
            ));
        }
        for other in places {
            f = f.also(other, format!("also needs `{skill}`"));
        }
        cx.report(f);
    }
}

/// A funded channel or an initiative that no one owns.
fn work_unowned(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let owned = |id: &str| {
        p.team
            .iter()
            .any(|r| r.channels.iter().any(|c| c.value == id))
            || p.agencies
                .iter()
                .any(|a| a.channels.iter().any(|c| c.value == id))
    };
    for c in p.channels.iter().filter(|c| !c.budget.value.is_zero()) {
        if !owned(&c.id.value) {
            cx.report(
                Finding::new(
                    &WORK_UNOWNED,
                    format!(
                        "channel `{}` is funded but no one owns or delivers it",
                        c.id.value
                    ),
                )
                .at(c.id.span.clone())
                .help(format!(
                    "add `\"{}\"` to the `channels` of the team row or agency that runs it",
                    c.id.value
                )),
            );
        }
    }
    for i in &p.initiatives {
        if i.owner.as_deref().is_none_or(|o| o.trim().is_empty()) && i.agency.is_none() {
            cx.report(
                Finding::new(
                    &WORK_UNOWNED,
                    format!("initiative `{}` has no owner and no agency", i.id.value),
                )
                .at(i.id.span.clone())
                .help("add `owner = \"…\"`, or `agency = \"<agency id>\"`"),
            );
        }
    }
}

fn agency_overlap(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for (i, a) in p.agencies.iter().enumerate() {
        for c in &a.channels {
            if let Some(first) = p.agencies[..i]
                .iter()
                .find(|b| b.channels.iter().any(|x| x.value == c.value))
            {
                cx.report(
                    Finding::new(
                        &AGENCY_OVERLAP,
                        format!(
                            "agencies `{}` and `{}` both deliver channel `{}`",
                            first.id.value, a.id.value, c.value
                        ),
                    )
                    .at(c.span.clone())
                    .help("give each channel to one agency"),
                );
            }
        }
    }
}

/// An agency paid for no work, or far above what the team costs.
fn agency_fees(cx: &mut Ctx<'_>, cap: &Capacity) {
    let p = cx.plan;
    // What the plan's own people cost per FTE-month, to judge agency fees by.
    let fte_months_paid: Decimal = p
        .team
        .iter()
        .filter(|r| r.cost.is_some())
        .map(|r| r.fte.value * Decimal::from(cx.fig.months))
        .sum();
    let in_house_rate = cx.fig.team_cost.checked_div(fte_months_paid);
    for load in &cap.agencies {
        let Some(agency) = p.agencies.iter().find(|a| a.id.value == load.id) else {
            continue;
        };
        if load.fee.is_zero() {
            continue;
        }
        let message = if load.work.is_zero() {
            // An agency with a scope has work in words; what it lacks is
            // work the plan can count (an initiative or channel given to
            // it), which is what the resources slide and this must agree on.
            Some(if agency.scope.trim().is_empty() {
                format!(
                    "agency `{}` is paid {} but the plan gives it no work",
                    load.id,
                    cx.money(load.fee)
                )
            } else {
                format!(
                    "agency `{}` is paid {} for its scope, but no initiative or channel of the plan is given to it, so its work is not counted in the people figures",
                    load.id,
                    cx.money(load.fee)
                )
            })
        } else {
            let rate = load.fee.checked_div(load.work);
            match (rate, in_house_rate) {
                (Some(r), Some(house)) if house > Decimal::ZERO && r > house * Decimal::from(3) => {
                    Some(format!(
                        "agency `{}` costs {} per FTE-month of its work, more than three times the team's {}",
                        load.id,
                        cx.money(r),
                        cx.money(house)
                    ))
                }
                _ => None,
            }
        };
        if let Some(message) = message {
            cx.report(
                Finding::new(&AGENCY_FEE, message)
                    .at(agency.fee.span.clone())
                    .help("give it the work it is paid for (`agency` on initiatives, `channels` with `effort`), or renegotiate"),
            );
        }
    }
}

/// A headcount ask no gap justifies, or a gap no ask answers.
fn hires(cx: &mut Ctx<'_>, gaps: &[&Gap]) {
    let p = cx.plan;
    let in_house_gaps: Vec<&Gap> = gaps
        .iter()
        .copied()
        .filter(|g| !p.agencies.iter().any(|a| a.name == g.skill))
        .collect();
    let headcount: Vec<_> = p
        .asks
        .iter()
        .filter(|a| a.kind == AskKind::Headcount && a.status == AskStatus::Open)
        .collect();
    for ask in &headcount {
        let why = match &ask.role {
            // A hire is judged by the skills of the row it fills: a gap in
            // another skill does not make it needed.
            Some(role) => crate::figures::gap_filled::gap_filled(p, cx.fig, &role.value)
                .is_none()
                .then(|| unjustified_role(p, &role.value)),
            None => in_house_gaps
                .is_empty()
                .then(|| "the plan has no capacity gap".to_string()),
        };
        if let Some(why) = why {
            let mut f = Finding::new(
                &HIRE_UNJUSTIFIED,
                format!("headcount ask `{}`: {why}", ask.id.value),
            )
            .at(ask.id.span.clone())
            .help("state the effort the hire is for, or drop the ask");
            // Where the ask names what a no costs, a board line never calls
            // the hire not needed beside the ask slide's consequence: the
            // team's hours need it not; the consequence is its reason.
            f.board = ask
                .if_declined
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| {
                    format!(
                        "headcount ask `{}`: the team's hours do not need it; without it, {}",
                        ask.id.value,
                        crate::format::lower_first(n.trim_end_matches('.'))
                    )
                });
            cx.report(f);
        }
    }
    if headcount.is_empty()
        && let Some(worst) = in_house_gaps.first()
    {
        cx.report(
            Finding::new(
                &GAP_NO_ASK,
                format!(
                    "{} is short of {} FTE-months of {}, and the plan asks for no hire",
                    worst.quarter,
                    fte_months(worst.short()),
                    worst.skill
                ),
            )
            .at_opt(effort_at(p, &worst.skill))
            .help("add `[[asks]] kind = \"headcount\"` with the FTE the gap needs"),
        );
    }
}

/// Why a hire into team row `role` is not needed, in words naming its skills.
fn unjustified_role(p: &crate::plan::Plan, role: &str) -> String {
    let skills: Vec<String> = p
        .team
        .iter()
        .find(|r| r.id.value == role)
        .map(|r| {
            // A row's id is a skill too, but the listed skills say it better.
            let skills = if r.skills.is_empty() {
                std::slice::from_ref(&r.id)
            } else {
                r.skills.as_slice()
            };
            skills.iter().map(|s| format!("`{}`", s.value)).collect()
        })
        .unwrap_or_default();
    if skills.is_empty() {
        format!("the team has no row `{role}` for it to fill")
    } else {
        format!(
            "without `{role}`, the team still has the capacity for its work in {} in every quarter",
            skills.join(", ")
        )
    }
}

/// Where effort in `skill` is stated, in the order of the file.
fn effort_places(
    p: &crate::plan::Plan,
    skill: &str,
) -> std::vec::IntoIter<crate::diagnostic::Span> {
    let mut at: Vec<_> = p
        .initiatives
        .iter()
        .flat_map(|i| i.effort.iter())
        .chain(p.channels.iter().flat_map(|c| c.effort.iter()))
        .filter(|(s, _)| s.value == skill)
        .map(|(s, _)| s.span.clone())
        .collect();
    at.sort_by_key(|s| s.start);
    at.into_iter()
}
