//! What of the plan rests on a hire the team's hours do not need: the
//! objective target its ask's `if_declined` names, the initiatives those
//! words name, and the initiatives the unhired row is to run. A board read
//! "the team can deliver the plan, even without the asked hire" beside the
//! ask's "without it, attribution slips to FY28" — with the attribution
//! initiative in the plan — as a verdict the deck's own ask undercuts. Both
//! sides are true and said once, from here: the team has the hours for the
//! work, and the plan's attribution rests on ask 2. The people slide's
//! title and lines and the ask slide's cell read this one function.

use crate::plan::*;

use super::shown::lower_first;

/// What rests on one ask ([`rests`]).
#[derive(Debug, Clone)]
pub struct Rests {
    /// The ask's number on the ask slide (the plan's order).
    pub number: usize,
    /// "the 45,000 members target", "PRO app v2".
    pub what: Vec<String>,
    /// The ask's own words for a no: "attribution slips to FY28".
    pub no: Option<String>,
}

impl Rests {
    fn subject(&self) -> String {
        let what = match self.what.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => String::new(),
        };
        let verb = if self.what.len() > 1 { "rest" } else { "rests" };
        format!("the plan's {what} {verb}")
    }

    /// The people slide's words: "the plan's Multi-touch attribution rests
    /// on ask 2 (without it, attribution slips to FY28)".
    pub fn people(&self) -> String {
        match &self.no {
            Some(no) => format!(
                "{} on ask {} (without it, {no})",
                self.subject(),
                self.number
            ),
            None => format!("{} on ask {}", self.subject(), self.number),
        }
    }

    /// The people slide's title, after "the team has the hours for the
    /// plan's work; ": "ask 2 is not for hours: the plan's 45,000 members
    /// target rests on it (without it, …)". A "but" between the hours and
    /// the hire read as the deck saying both "the team has the hours" and
    /// "it needs the hire" ("pick one", a reader, C9): the hire is asked
    /// for what the plan's words rest on it, not for hours.
    pub fn title(&self) -> String {
        let rest = match &self.no {
            Some(no) => format!("{} on it (without it, {no})", self.subject()),
            None => format!("{} on it", self.subject()),
        };
        format!("ask {} is not for hours: {rest}", self.number)
    }

    /// The ask slide's words, beside its own "If declined" column: "the
    /// plan's Multi-touch attribution rests on it".
    pub fn on_ask(&self) -> String {
        format!("{} on it", self.subject())
    }
}

/// What of the plan rests on open headcount ask `a`, `None` where nothing
/// the plan states does: its `if_declined` names an objective's target
/// ([`target_named`]) or an initiative, or the team row it fills runs
/// an initiative.
pub fn rests(plan: &Plan, a: &Ask) -> Option<Rests> {
    if a.kind != AskKind::Headcount {
        return None;
    }
    let number = plan.asks.iter().position(|x| std::ptr::eq(x, a))? + 1;
    let no = a
        .if_declined
        .as_deref()
        .map(|n| n.trim().trim_end_matches('.'))
        .filter(|n| !n.is_empty());
    let mut what = Vec::new();
    if let Some(t) = target_named(plan, a)
        && let Some(target) = t.target
    {
        what.push(format!("{target} target"));
    }
    let row = a
        .role
        .as_ref()
        .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
    for i in &plan.initiatives {
        let runs = row.is_some_and(|r| i.owner.as_deref().is_some_and(|o| owned_by(o, r)));
        if runs || no.is_some_and(|n| names_initiative(n, i)) {
            what.push(initiative_name(&i.name));
        }
    }
    (!what.is_empty()).then(|| Rests {
        number,
        what,
        no: no.map(|n| lower_first(&clauses(n))),
    })
}

/// A no's clauses as one phrase inside brackets: "attribution slips to
/// FY28 and we keep reporting first-touch only" (a "; " inside a title's
/// bracket reads as the title's own break).
fn clauses(no: &str) -> String {
    let parts: Vec<&str> = no
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [init @ .., last] if !init.is_empty() => {
            let rest: Vec<String> = init.iter().map(|p| p.to_string()).collect();
            format!("{} and {}", rest.join(", "), lower_first(last))
        }
        _ => no.to_string(),
    }
}

/// An initiative as a sentence names it: up to a colon or the first comma
/// ("PRO app v2" for "PRO app v2: receipt scan, dealer stock, …").
fn initiative_name(name: &str) -> String {
    let head = name.split(':').next().unwrap_or(name).trim();
    crate::plan::words::short_name(if head.is_empty() { name } else { head })
}

/// Whether words name an initiative: a word of its id of five letters or
/// more ("attribution", "christmas"), or two words of four letters or more
/// of its name.
fn names_initiative(text: &str, i: &Initiative) -> bool {
    let words = |t: &str, min: usize| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= min && !COMMON.contains(w))
            .map(|w| w.trim_end_matches('s').to_string())
            .collect()
    };
    let theirs = words(text, 4);
    let by_id = words(&i.id.value, 5).iter().any(|w| theirs.contains(w));
    let by_name = words(&i.name, 4)
        .iter()
        .filter(|w| theirs.contains(w))
        .count()
        >= 2;
    by_id || by_name
}

/// Words too common in a plan to tie a sentence to one initiative.
const COMMON: &[&str] = &[
    "plan",
    "team",
    "work",
    "with",
    "from",
    "that",
    "this",
    "launch",
    "campaign",
    "programme",
    "program",
    "project",
    "marketing",
    "year",
    "month",
    "months",
    "quarter",
    "budget",
    "more",
    "less",
    "without",
    "into",
    "slips",
    "stays",
    "keep",
];

/// Whether an initiative's `owner` is team row `role`: its id, its role, or
/// its role up to a bracket ("Retail marketing manager" for "Retail
/// marketing manager (new)").
pub(super) fn owned_by(owner: &str, role: &Role) -> bool {
    let owner = owner.trim();
    let short = role.short_role();
    owner == role.id.value
        || owner.eq_ignore_ascii_case(role.role.trim())
        || owner.eq_ignore_ascii_case(short)
}

/// What a target depends on, in the hire ask's own words: where its
/// `if_declined` states a figure in an objective's unit or metric ("active
/// members stall around 30,000" beside "Active PRO app members", target
/// 45,000), "the ask says without it active members stall around 30,000
/// (target 45,000)" ([`super::hire_rests`] says it). `None`: its words
/// name no objective's shortfall.
pub fn target_named(plan: &Plan, a: &Ask) -> Option<TargetNamed> {
    let said = a.if_declined.as_deref()?.trim().trim_end_matches('.');
    if !said.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = said.to_lowercase();
    let words = |t: &str| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 4)
            .map(|w| w.trim_end_matches('s').to_string())
            .collect()
    };
    let theirs = words(said);
    let metric_words = |o: &crate::plan::Objective| -> Vec<String> {
        o.measure
            .metric
            .as_ref()
            .map(|m| words(&m.value))
            .unwrap_or_default()
    };
    let o = plan.objectives.iter().find(|o| {
        let unit = o.measure.unit.as_deref().unwrap_or_default();
        let unit_named = unit.chars().count() >= 4
            && unit.chars().all(|c| c.is_alphabetic() || c == ' ')
            && lower.contains(&unit.to_lowercase());
        let shared = metric_words(o)
            .iter()
            .filter(|w| theirs.contains(w))
            .count();
        unit_named || shared >= 2
    })?;
    // The target with its unit, as the objectives slide states it.
    let target = o.measure.target.as_ref().map(|t| {
        let unit = o.measure.unit.as_deref().unwrap_or_default();
        let amount = if unit.chars().count() == 3 && unit.chars().all(|c| c.is_ascii_uppercase()) {
            super::shown::money(plan, t.value)
        } else if unit == "%" {
            format!("{}%", crate::format::format_number(t.value, 1))
        } else {
            format!("{} {unit}", crate::format::format_number(t.value, 0))
        };
        amount.trim().to_string()
    });
    Some(TargetNamed { target })
}

/// The objective target a hire ask's `if_declined` names ([`target_named`]).
pub struct TargetNamed {
    /// "45,000 members", as the objectives slide states the target.
    pub target: Option<String>,
}
