//! The team row a sentence speaks of (an ask's or a risk's words), and
//! the row a likely, unmanaged risk takes away where the plan's work needs
//! it: what "the team can deliver" rests on (`deck::people_terms`), what a
//! risk's stake is sized by (`deck::risk_stake`) and what
//! `risk-impact-understated` weighs a "low" rating against.

use std::collections::BTreeSet;

use crate::figures::Quarter;
use crate::figures::capacity::{Gap, gap_filled_by, names_row};
use crate::plan::{Level, Plan, Risk, Role};

/// Words that say nothing about whose time a sentence means.
const GENERIC: &[&str] = &[
    "team",
    "time",
    "marketing",
    "manager",
    "full",
    "year",
    "with",
    "from",
    "that",
    "this",
    "the",
    "and",
    "for",
    "per",
    "all",
    "every",
    "plan",
    "work",
    "new",
    "hire",
    "part",
];

fn words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !GENERIC.contains(w))
        .map(|w| w.trim_end_matches('s').to_string())
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

fn row_words(r: &Role) -> BTreeSet<String> {
    let skills: Vec<&str> = r.skills.iter().map(|s| s.value.as_str()).collect();
    words(&format!("{} {} {}", r.role, r.id.value, skills.join(" ")))
}

/// The one team row a sentence speaks of: the row sharing the most words
/// with it (its role, id and skills), at least two, and no other row as
/// many; or the row the sentence names outright (`names_row`).
pub fn row_named<'p>(plan: &'p Plan, text: &str) -> Option<&'p Role> {
    if let Some(r) = plan.team.iter().find(|r| names_row(r, text)) {
        return Some(r);
    }
    let theirs = words(text);
    let mut scored: Vec<(usize, &Role)> = plan
        .team
        .iter()
        .map(|r| (row_words(r).intersection(&theirs).count(), r))
        .filter(|(n, _)| *n >= 2)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(n, r), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(r),
        _ => None,
    }
}

/// The team row a likely risk with no owner or no mitigation takes away,
/// where removing it opens a gap in the plan's work: the plan can be
/// delivered only if the risk does not happen. "Likely" is the deck's
/// high (60%): a medium risk is watched, not a condition.
pub fn row_removed<'p>(plan: &'p Plan, quarters: &[Quarter], k: &Risk) -> Option<(&'p Role, Gap)> {
    if k.likelihood != Level::High || managed(k) {
        return None;
    }
    let r = row_named(plan, &k.risk)?;
    let gap = gap_filled_by(plan, quarters, &r.id.value)?;
    Some((r, gap))
}

/// The asked hire a risk's words name, where capacity counts it and the
/// plan's work needs it (`gap_filled_by`): the people slide says the team
/// can deliver only if it starts on time, so a risk that it starts late
/// is one delivery rests on, whatever its likelihood.
pub fn hire_named<'p>(
    plan: &'p Plan,
    fig: &crate::figures::Figures,
    k: &Risk,
) -> Option<(&'p Role, Gap)> {
    let cap = fig.capacity.as_ref()?;
    // Of hiring: "not hired until Q3", "recruitment slips", "starts late"
    // — a risk about the licence of the hotel the hire is for is not one.
    let lower = k.risk.to_lowercase();
    if !HIRING.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let hires: Vec<&Role> = plan
        .team
        .iter()
        .filter(|r| {
            cap.asked_hires.contains(&r.id.value) && !cap.hires_not_needed.contains(&r.role)
        })
        .collect();
    // The hire the words name outright first: "lifecycle growth engineer"
    // also holds the id of a row called "growth".
    let r = match hires.iter().find(|r| names_row(r, &k.risk)) {
        Some(r) => *r,
        None => {
            row_named(plan, &k.risk).filter(|r| hires.iter().any(|h| h.id.value == r.id.value))?
        }
    };
    let gap = gap_filled_by(plan, &fig.quarters, &r.id.value)?;
    Some((r, gap))
}

/// Whether the people model finds the plan undeliverable if this risk
/// happens: it may take a row the plan cannot do without (`at_risk`), it
/// is a likely unmanaged risk that removes a row the work needs
/// ([`row_removed`]), or it names a hire the capacity counts
/// ([`hire_named`]). The risk slide, the summary, `risk-impact-understated`
/// and the health verdict read this one test.
///
/// Worked out once per risk (`figures::memo`): the risk slide, its order,
/// the summary, the verdict and the rules ask it of every risk, and each
/// answer matches the risk's words against every team row. The key is
/// what the test reads of the risk: its words, likelihood and whether it
/// is managed.
pub fn delivery_critical(plan: &Plan, fig: &crate::figures::Figures, r: &Risk) -> bool {
    let key = format!("{:?}\u{1f}{}\u{1f}{}", r.likelihood, managed(r), r.risk);
    *fig.memo
        .get("check::risk_rows::delivery_critical", &key, || {
            delivery_critical_direct(plan, fig, r)
        })
}

/// [`delivery_critical`], worked out each time (the memo's reference).
pub fn delivery_critical_direct(plan: &Plan, fig: &crate::figures::Figures, r: &Risk) -> bool {
    fig.capacity
        .as_ref()
        .is_some_and(|c| c.at_risk.iter().any(|k| k.risk == r.risk))
        || row_removed(plan, &fig.quarters, r).is_some()
        || hire_named(plan, fig, r).is_some()
}

/// The first risk delivery rests on that is likely (medium or high) and
/// that nobody owns or mitigates: the plan is not ready while it stands
/// (`verdict::Basis::critical_risk`).
pub fn critical_unmanaged<'p>(plan: &'p Plan, fig: &crate::figures::Figures) -> Option<&'p Risk> {
    plan.risks
        .iter()
        .find(|r| r.likelihood != Level::Low && !managed(r) && delivery_critical(plan, fig, r))
}

/// What a risk lacks, as the verdict says it: "nobody owns", "nobody
/// mitigates" or "nobody owns or mitigates" (`critical_unmanaged` holds on
/// either gap, so the words must not claim the one it does not have).
pub fn unmanaged_words(k: &Risk) -> &'static str {
    let said = |t: Option<&str>| t.is_some_and(|t| !t.trim().is_empty());
    match (said(k.owner.as_deref()), said(k.mitigation.as_deref())) {
        (false, false) => "nobody owns or mitigates",
        (false, true) => "nobody owns",
        _ => "nobody mitigates",
    }
}

/// Words that say a risk is about hiring someone.
const HIRING: &[&str] = &[
    "hire",
    "hiring",
    "recruit",
    "vacan",
    "onboard",
    "not start",
    "starts late",
    "start late",
    "joins late",
    "unfilled",
];

/// Owned and mitigated: someone acts, and what they do is said.
pub fn managed(k: &Risk) -> bool {
    let mitigated = k
        .mitigation
        .as_deref()
        .is_some_and(|m| !m.trim().is_empty());
    let owned = k.owner.as_deref().is_some_and(|o| !o.trim().is_empty());
    mitigated && owned
}

/// Whether a risk's words say it happens in a part of the period ("in
/// Q4", "in January", "over the summer", "during H2", "mid-year"): a word
/// `is_period_word` knows after "in", "over", "during" or "through" (a
/// month only capitalised: "May" is also a verb). "Until Q3" or "by
/// June" says when something is late, not when the risk hits.
pub fn period_named(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let lower = w.to_lowercase();
        if matches!(lower.as_str(), "mid-year" | "midyear") {
            return true;
        }
        let month = crate::plan::words::MONTH_NAMES.contains(&lower.as_str());
        let before = words
            .get(i.wrapping_sub(1))
            .filter(|_| i > 0)
            .map(|b| b.to_lowercase());
        // "over the summer": the article between.
        let before = match before.as_deref() {
            Some("the") => words
                .get(i.wrapping_sub(2))
                .filter(|_| i > 1)
                .map(|b| b.to_lowercase()),
            _ => before,
        };
        crate::plan::words::is_period_word(w)
            && (!month || w.starts_with(char::is_uppercase))
            && matches!(
                before.as_deref(),
                Some("in" | "over" | "during" | "through")
            )
    })
}
