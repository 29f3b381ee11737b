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
    let gap = crate::figures::gap_filled::gap_filled(plan, fig, &role.id.value);
    let leads: Vec<&str> = plan
        .initiatives
        .iter()
        .filter(|i| {
            i.owner
                .as_deref()
                .is_some_and(|o| super::hire_rests::owned_by(o, role))
        })
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
pub(super) fn optional_hire(
    purpose: &str,
    reason: Option<&str>,
    target: Option<&str>,
    no: Option<&str>,
) -> String {
    let leads = purpose
        .split_once("; ")
        .map(|(l, _)| l.to_string())
        .filter(|_| purpose.contains(NOT_FOR_CAPACITY));
    let tag = not_needed(reason, no);
    // Plan work the ask's own words or its row's initiatives rest on: never
    // "not needed" alone, the people slide's words (`hire_rests`).
    if let Some(t) = target {
        return match reason {
            // The work that needs it first, then that it is not for hours:
            // "not needed …, but" read as a hire the deck calls both needed
            // and not, and "the team's hours do not" as a sentence cut
            // short (readers, C9, C5).
            Some(r) => format!(
                "{} ({t}; not for hours)",
                upper_first(r.trim_end_matches('.'))
            ),
            None => format!("{} (not for hours)", upper_first(t)),
        };
    }
    match (reason, leads) {
        (Some(r), Some(l)) => format!("{}; {} ({tag})", upper_first(r.trim_end_matches('.')), l),
        (Some(r), None) => format!("{} ({tag})", upper_first(r.trim_end_matches('.'))),
        (None, Some(l)) => format!(
            "{}; not needed for capacity, and the plan gives no other reason for it",
            upper_first(&l)
        ),
        (None, None) => {
            "Not needed for capacity, and the plan gives no other reason for it".to_string()
        }
    }
}

/// "not needed for capacity", or — where the ask names what a no costs —
/// "not needed for the team's hours; without it, no digital cover for …":
/// a hire whose ask names a consequence is never called not needed beside
/// it. The consequence is not said twice where it is already the reason.
pub(super) fn not_needed(reason: Option<&str>, no: Option<&str>) -> String {
    match no.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if !reason.is_some_and(|r| r.starts_with(ONLY_NO)) => format!(
            "not needed for the team's hours; without it, {}",
            lower_first(n.trim_end_matches('.'))
        ),
        Some(_) => "not needed for the team's hours".to_string(),
        None => "not needed for capacity".to_string(),
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
        Some(r) => crate::figures::gap_filled::gap_filled(plan, fig, &r.id.value).is_none(),
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
    /// What the verdict depends on first, for the title and the chart.
    pub depends: Option<Depends>,
    /// One line per team row capacity counts that is not yet secured.
    pub unsecured: Vec<String>,
    /// An asked hire capacity does not need but plan work rests on
    /// (`hire_rests`): never "even without the hire".
    pub target: Option<String>,
    /// Per row a likely risk may take: every quarter the rest of the team
    /// cannot cover, not only the first.
    pub at_risk_short: Vec<String>,
}

/// The condition "can deliver" rests on first — a row not yet secured
/// (`people_terms`), else a planned hire capacity counts — with what is
/// short without it: the people slide's title names it and its chart draws
/// that skill with and without the row, so the two never speak of
/// different things.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Depends {
    /// "ask 4 is agreed by 31 Jan 2027 and the lifecycle growth engineer
    /// starts by May 2027".
    pub title_if: String,
    /// Every condition in full, for a line that states them all (the
    /// other budget levels: never "on the same conditions", a shorthand a
    /// reader must look up).
    pub all_if: String,
    /// "without the marketing science analyst, the team is 1.9 FTE-months
    /// short of analytics in Q3 2027 and 1.1 in Q4 2027"; `None` where no
    /// condition carries work the plan states.
    pub without: Option<String>,
    /// The row's role, as the chart's series name it.
    pub role: String,
    /// The skill the chart draws with and without the row.
    pub skill: Option<String>,
    pub loads: Vec<crate::figures::capacity::RowLoad>,
}

/// See [`Depends`]. `None`: nothing the title need condition on.
pub fn depends(plan: &Plan, fig: &Figures) -> Option<Depends> {
    let cap = fig.capacity.as_ref()?;
    if !cap.gaps.is_empty() || !cap.at_risk.is_empty() {
        return None;
    }
    let hires: Vec<&Role> = cap
        .asked_hires
        .iter()
        .filter_map(|h| plan.team.iter().find(|r| r.id.value == *h))
        .filter(|r| !cap.hires_not_needed.contains(&r.role))
        .collect();
    let hire_if = |r: &&Role| {
        format!(
            "the {} {}",
            lower_first(r.short_role()),
            r.start
                .as_ref()
                .map(|s| format!("starts by {}", s.value.format("%b %Y")))
                .unwrap_or_else(|| "is hired".to_string())
        )
    };
    // Rows no stated work needs condition nothing (`figures::gap_filled`).
    let unsecured: Vec<_> = super::people_terms::unsecured(plan, fig)
        .into_iter()
        .filter(|u| u.conditions_delivery())
        .collect();
    let mut conds: Vec<String> = unsecured
        .iter()
        .map(super::people_terms::secured_if)
        .collect();
    conds.extend(hires.iter().map(hire_if));
    if conds.is_empty() {
        return None;
    }
    // The chart's row: the first unsecured row that carries work, else the
    // first planned hire that does.
    // With the place of its condition in `conds`.
    let carried = unsecured
        .iter()
        .enumerate()
        .find_map(|(i, u)| {
            let who = if u.ask.is_some() { "that time" } else { "them" };
            Some((
                i,
                u.role.clone(),
                who,
                u.gap.as_ref()?.skill.clone(),
                u.loads.clone(),
            ))
        })
        .or_else(|| {
            hires.iter().enumerate().find_map(|(k, r)| {
                let gap = crate::figures::gap_filled::gap_filled(plan, fig, &r.id.value)?;
                let loads = crate::figures::capacity::row_loads(
                    plan,
                    &fig.quarters,
                    &gap.skill,
                    &r.id.value,
                );
                Some((
                    unsecured.len() + k,
                    r.role.clone(),
                    "the hire",
                    gap.skill,
                    loads,
                ))
            })
        });
    Some(match carried {
        Some((i, role, who, skill, loads)) => Depends {
            // The title names the condition its chart draws; the others
            // are counted, their words on the lines below the chart (a
            // five-line title led with an ask the chart could not show).
            title_if: match conds.len() {
                1 => conds.join(" and "),
                2 => format!("{} (and one more condition, below)", conds[i]),
                n => format!("{} (and {} more conditions, below)", conds[i], n - 1),
            },
            all_if: conds.join(" and "),
            without: Some(super::people_terms::without(who, Some(&skill), &loads)),
            role,
            skill: Some(skill),
            loads,
        },
        None => Depends {
            title_if: conds.join(" and "),
            all_if: conds.join(" and "),
            without: None,
            role: String::new(),
            skill: None,
            loads: Vec::new(),
        },
    })
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
    let mut terms = DeliveryTerms {
        depends: depends(plan, fig),
        unsecured: super::people_terms::unsecured(plan, fig)
            .iter()
            .map(|u| {
                // What is short without it is the title's and the chart's
                // (`depends`); a row no stated work needs is no condition
                // of delivery and says so, never "only if" (`figures::gap_filled`).
                if u.conditions_delivery() {
                    format!("{}: only if {}", u.role, super::people_terms::condition(u))
                } else {
                    super::people_terms::counted_only(u)
                }
            })
            .collect(),
        at_risk_short: cap
            .at_risk
            .iter()
            .map(|k| {
                let short = k.role.split(['(', ',']).next().unwrap_or(&k.role).trim();
                let who = format!("the {}", lower_first(short));
                super::people_terms::without(&who, Some(&k.gap.skill), &k.loads)
            })
            .collect(),
        ..DeliveryTerms::default()
    };
    let mut starts = Vec::new();
    for h in &cap.asked_hires {
        let Some(row) = plan.team.iter().find(|r| r.id.value == *h) else {
            continue;
        };
        if cap.hires_not_needed.contains(&row.role) {
            match ask_for(h).and_then(|a| super::hire_rests::rests(plan, a)) {
                Some(r) => terms.rests_on(&row.role, &r, reason(ask_for(h))),
                None => terms
                    .optional
                    .push(optional_line(&row.role, ask_for(h), &reason)),
            }
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
            "{}, if hired{}{risk}{}",
            row.role,
            row.start
                .as_ref()
                .map(|s| format!(" by {}", s.value.format("%b %Y")))
                .unwrap_or_default(),
            gap_unless_charted(plan, fig, &terms, row)
        ));
    }
    // A headcount ask with no team row the team does not need.
    for a in plan
        .asks
        .iter()
        .filter(|a| a.kind == AskKind::Headcount && a.status == AskStatus::Open && a.role.is_none())
    {
        if cap.hires_not_needed.contains(&a.ask) {
            match super::hire_rests::rests(plan, a) {
                Some(r) => terms.rests_on(&a.ask, &r, reason(Some(a))),
                None => terms.optional.push(optional_line(&a.ask, Some(a), &reason)),
            }
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

impl DeliveryTerms {
    /// A hire the team's hours do not need but plan work rests on: the work
    /// first, on the people slide's line, and the title's target.
    fn rests_on(&mut self, who: &str, r: &super::hire_rests::Rests, why: String) {
        let t = r.people();
        self.optional
            .push(format!("{who}, not for hours: {t}; {why}"));
        self.target.get_or_insert(r.title());
    }
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// A hire the team's hours do not need, on the people slide: where its
/// ask names what a no costs, that consequence (`not_needed`), the ask
/// slide's words; else that the team covers the work.
fn optional_line(who: &str, a: Option<&Ask>, reason: &dyn Fn(Option<&Ask>) -> String) -> String {
    let why = reason(a);
    let no = a.and_then(|a| a.if_declined.as_deref());
    // The slide's heading already says the team's hours do not need it.
    match no.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if !why.starts_with(ONLY_NO) => format!(
            "{who}: without it, {}; {why}",
            lower_first(n.trim_end_matches('.'))
        ),
        _ => format!("{who}: the team covers the work without the hire; {why}"),
    }
}

/// What is short without a planned hire, where the people slide's title
/// and chart are about another row: the ask slide's title quotes this gap
/// ("without the hire, Q1 2027 is 0.8 FTE-months short of launch"), and a
/// reader found its basis on no slide (C9). Said as the title says it,
/// with the work and the capacity it is the difference of.
fn gap_unless_charted(plan: &Plan, fig: &Figures, terms: &DeliveryTerms, row: &Role) -> String {
    use crate::format::format_number;
    if terms.depends.as_ref().is_some_and(|d| d.role == row.role) {
        return String::new();
    }
    let Some(g) = crate::figures::gap_filled::gap_filled(plan, fig, &row.id.value) else {
        return String::new();
    };
    let has = if g.capacity.is_zero() {
        "none".to_string()
    } else {
        format_number(g.capacity, 1)
    };
    format!(
        "; without the hire, {} is {} FTE-months short of {} (it needs {} FTE-months, the team has {has})",
        g.quarter,
        format_number(g.short(), 1),
        crate::figures::capacity::skill_words(&g.skill),
        format_number(g.demand, 1),
    )
}
