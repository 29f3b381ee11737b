//! What a hire is for, as the ask slide says it: the capacity gap it
//! closes in its own skills, the initiatives it leads, or — where it closes
//! no gap — that the team does not need it for capacity (the
//! `hire-unjustified` finding in words).

use crate::figures::Figures;
use crate::plan::*;

use super::shown::lower_first;

/// What a hire is for, from the capacity it adds: the gap it closes in its
/// own skills (`capacity::gap_filled_by`), the initiatives it leads, or —
/// where it closes no gap — that it is not needed for capacity (the
/// `hire-unjustified` finding in words).
pub(super) const NOT_FOR_CAPACITY: &str =
    "not needed for capacity: the team covers the work without the hire";

pub(super) struct HirePurpose {
    pub buys: String,
    pub if_declined: Option<String>,
    pub gap: Option<crate::figures::capacity::Gap>,
}

pub(super) fn hire_purpose(plan: &Plan, fig: &Figures, role: &Role) -> HirePurpose {
    use crate::format::format_number;
    let gap = crate::figures::capacity::gap_filled_by(plan, &fig.quarters, &role.id.value);
    let leads: Vec<&str> = plan
        .initiatives
        .iter()
        .filter(|i| i.owner.as_deref().is_some_and(|o| owned_by(o, role)))
        .map(|i| i.name.as_str())
        .collect();
    let leads = (!leads.is_empty()).then(|| format!("runs {}", leads.join(" and ")));
    let skill = crate::figures::capacity::skill_words;
    match &gap {
        Some(g) => {
            let closes = format!(
                "covers the {} work the team cannot: {} needs {} FTE-months, {} without the hire",
                skill(&g.skill),
                g.quarter,
                format_number(g.demand, 1),
                format_number(g.capacity, 1)
            );
            HirePurpose {
                buys: match leads {
                    Some(l) => format!("{l}; {closes}"),
                    None => closes,
                },
                if_declined: Some(format!(
                    "{} is {} FTE-months short of {}",
                    g.quarter,
                    format_number(g.short(), 1),
                    skill(&g.skill)
                )),
                gap,
            }
        }
        None => HirePurpose {
            buys: match leads {
                Some(l) => format!("{l}; {NOT_FOR_CAPACITY}"),
                None => NOT_FOR_CAPACITY.to_string(),
            },
            if_declined: None,
            gap,
        },
    }
}

/// Whether an initiative's `owner` is team row `role`: its id, its role, or
/// its role up to a bracket ("Retail marketing manager" for "Retail
/// marketing manager (new)").
fn owned_by(owner: &str, role: &Role) -> bool {
    let owner = owner.trim();
    let short = role.short_role();
    owner == role.id.value
        || owner.eq_ignore_ascii_case(role.role.trim())
        || owner.eq_ignore_ascii_case(short)
}

/// A sentence the deck writes into a cell, its first letter raised.
pub(super) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What a hire the team does not need for capacity is for: the reason the
/// plan gives, first — "Attribution live by March; MDF claims verified
/// monthly (not needed for capacity)" — so a board reads what it buys
/// before it reads that the work is covered; else that the plan gives no
/// other reason. `purpose` is the hire's own ("runs …; not needed …");
/// `reason` is [`hire_reason`]'s.
pub(super) fn optional_hire(purpose: &str, reason: Option<&str>) -> String {
    let leads = purpose
        .split_once("; ")
        .map(|(l, _)| l.to_string())
        .filter(|_| purpose.contains(NOT_FOR_CAPACITY));
    match (reason, leads) {
        (Some(r), Some(l)) => format!(
            "{}; {} (not needed for capacity)",
            upper_first(r.trim_end_matches('.')),
            l
        ),
        (Some(r), None) => format!(
            "{} (not needed for capacity)",
            upper_first(r.trim_end_matches('.'))
        ),
        (None, Some(l)) => format!(
            "{}; not needed for capacity, and the plan gives no other reason for it",
            upper_first(&l)
        ),
        (None, None) => {
            "Not needed for capacity, and the plan gives no other reason for it".to_string()
        }
    }
}

const ONLY_NO: &str = "its only stated reason is what a no costs: ";

/// The reason the plan gives for a hire, in its words: what it `buys`,
/// else the risk, channel or initiative its words name (`purpose`), else
/// the loss its `if_declined` states ("its only stated reason is what a no
/// costs: …"). `None`: the plan gives none (`hire-unjustified` warns).
pub(super) fn hire_reason(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    a.buys
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| super::ask_gaps::purpose(plan, fig, a))
        // What its money does (the row's time and work), before a no.
        .or_else(|| super::ask_gaps::hire_work(plan, fig, a))
        .or_else(|| {
            a.if_declined
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(|d| format!("{ONLY_NO}{}", lower_first(d.trim_end_matches('.'))))
        })
}

/// A hire the team does not need for capacity (`hire-unjustified`): asked
/// only for the plan's stated reason, never as if required — the same
/// judgement as the ask's "what it buys" (`hire_purpose`).
pub fn not_for_capacity(plan: &Plan, fig: &Figures, a: &Ask) -> bool {
    let row = a
        .role
        .as_ref()
        .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
    match row {
        Some(r) => {
            crate::figures::capacity::gap_filled_by(plan, &fig.quarters, &r.id.value).is_none()
        }
        None => {
            a.kind == AskKind::Headcount && fig.capacity.as_ref().is_some_and(|c| c.gaps.is_empty())
        }
    }
}

/// The conditions under which the people slide's "the team can deliver
/// the plan" holds, from the same facts as the ask slide: each planned
/// hire capacity counts, with its start and any risk that names it (its
/// likelihood and owner); each asked hire the team does not need, with the
/// reason the ask gives for it or the plan's silence — never "the ask says
/// what it is for" beside an ask that says the plan gives none.
#[derive(Debug, Default, serde::Serialize)]
pub struct DeliveryTerms {
    /// "the lifecycle growth engineer starts by Apr 2027", for the title.
    pub title_if: Option<String>,
    /// One line per hire capacity counts.
    pub counted: Vec<String>,
    /// One line per asked hire the team does not need.
    pub optional: Vec<String>,
    /// Initiatives with no owner and no agency: work the capacity counts
    /// that nobody is named to deliver.
    pub unowned: Vec<String>,
}

pub fn delivery_terms(plan: &Plan, fig: &Figures) -> DeliveryTerms {
    let Some(cap) = fig.capacity.as_ref() else {
        return DeliveryTerms::default();
    };
    let ask_for = |row: &str| {
        plan.asks.iter().find(|a| {
            a.kind == AskKind::Headcount
                && a.status == AskStatus::Open
                && a.role.as_ref().is_some_and(|r| r.value == row)
        })
    };
    // The ask slide's reason (`hire_reason`: buys, else what its words
    // name, else what a no costs), so the two slides never disagree.
    let reason = |a: Option<&Ask>| match a.and_then(|a| hire_reason(plan, fig, a)) {
        Some(r) if r.starts_with(ONLY_NO) => r,
        Some(r) => format!("it is asked for {}", lower_first(r.trim_end_matches('.'))),
        None => "the plan gives no other reason for it".to_string(),
    };
    let mut terms = DeliveryTerms::default();
    let mut starts = Vec::new();
    for h in &cap.asked_hires {
        let Some(row) = plan.team.iter().find(|r| r.id.value == *h) else {
            continue;
        };
        if cap.hires_not_needed.contains(&row.role) {
            terms.optional.push(format!(
                "{}: the team covers the work without the hire; {}",
                row.role,
                reason(ask_for(h))
            ));
            continue;
        }
        let when = row
            .start
            .as_ref()
            .map(|s| format!("starts by {}", s.value.format("%b %Y")));
        starts.push(format!(
            "the {} {}",
            lower_first(row.short_role()),
            when.as_deref().unwrap_or("is hired")
        ));
        let risk = plan
            .risks
            .iter()
            .find(|k| crate::figures::capacity::names_row(row, &k.risk))
            .map(|k| {
                format!(
                    " (risk “{}”: {} likelihood, {})",
                    k.risk,
                    level_word(k.likelihood),
                    k.owner
                        .as_deref()
                        .map_or("no owner named".to_string(), |o| format!("owner {o}"))
                )
            })
            .unwrap_or_default();
        terms.counted.push(format!(
            "{}, if hired{}{risk}",
            row.role,
            row.start
                .as_ref()
                .map(|s| format!(" by {}", s.value.format("%b %Y")))
                .unwrap_or_default()
        ));
    }
    // A headcount ask with no team row the team does not need.
    for a in plan
        .asks
        .iter()
        .filter(|a| a.kind == AskKind::Headcount && a.status == AskStatus::Open && a.role.is_none())
    {
        if cap.hires_not_needed.contains(&a.ask) {
            terms.optional.push(format!(
                "{}: the team covers the work without the hire; {}",
                a.ask,
                reason(Some(a))
            ));
        }
    }
    terms.title_if = (!starts.is_empty()).then(|| starts.join(" and "));
    terms.unowned = plan
        .initiatives
        .iter()
        .filter(|i| i.owner.is_none() && i.agency.is_none())
        .map(|i| i.name.clone())
        .collect();
    terms
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}
