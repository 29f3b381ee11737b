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

    /// The ask slide's words, beside its own "If declined" column: "the
    /// plan's Multi-touch attribution rests on it".
    pub fn on_ask(&self) -> String {
        format!("{} on it", self.subject())
    }
}

/// What of the plan rests on open headcount ask `a`, `None` where nothing
/// the plan states does: its `if_declined` names an objective's target
/// (`hires::target_named`) or an initiative, or the team row it fills runs
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
    if let Some(t) = super::hires::target_named(plan, a)
        && let Some(target) = t.target
    {
        what.push(format!("{target} target"));
    }
    let row = a
        .role
        .as_ref()
        .and_then(|r| plan.team.iter().find(|t| t.id.value == r.value));
    for i in &plan.initiatives {
        let runs = row.is_some_and(|r| {
            i.owner
                .as_deref()
                .is_some_and(|o| super::hires::owned_by(o, r))
        });
        if runs || no.is_some_and(|n| names_initiative(n, i)) {
            what.push(initiative_name(&i.name));
        }
    }
    (!what.is_empty()).then(|| Rests {
        number,
        what,
        no: no.map(lower_first),
    })
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
