//! What the plan already implies for a risk it leaves without an owner or
//! a mitigation: the owner of the initiative or channel its words name, or
//! of the work that needs the team row it names; the trigger, scenario or
//! reserve that answers it. A board reads "no owner named" as nobody's
//! job; the deck prints the plan's own answer as a suggestion, labelled so,
//! and `risk-unmanaged` gives the line to add. Nothing here is invented:
//! each suggestion says where in the plan it comes from, and where the
//! plan implies nothing the deck says what the board should do instead.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::risk_words::{channels_named, name_words, words};
use crate::plan::ask::AskStatus;
use crate::plan::*;

/// An owner the plan implies: who, and why ("owner of Boots launch (310
/// doors)").
pub struct Implied {
    pub who: String,
    pub why: String,
    /// The plan item it comes from, as `mvplan check` names it
    /// ("initiative `boots-launch`").
    pub source: String,
}

/// The owner the plan implies for a risk, first found of: an initiative
/// the risk's words name (a shared name: "Boots"), the team row that runs
/// a channel the risk names, the owner of work that needs a team row the
/// risk names. `None` where the risk has an owner or nothing implies one.
pub fn owner(plan: &Plan, r: &Risk) -> Option<Implied> {
    if r.owner.is_some() {
        return None;
    }
    let named_initiative = plan.initiatives.iter().find_map(|i| {
        let owner = i.owner.as_deref()?;
        share_a_name(&i.name, &r.risk).then(|| Implied {
            who: owner.to_string(),
            why: format!("owner of {}", i.name),
            source: format!("initiative `{}`", i.id.value),
        })
    });
    named_initiative
        .or_else(|| {
            channels_named(plan, &r.risk).into_iter().find_map(|c| {
                let row = plan
                    .team
                    .iter()
                    .find(|t| t.channels.iter().any(|x| x.value == c.id.value))?;
                Some(Implied {
                    who: row.short_role().to_string(),
                    why: format!("who runs {}", short(&c.name)),
                    source: format!(
                        "team row `{}`, which runs channel `{}`",
                        row.id.value, c.id.value
                    ),
                })
            })
        })
        .or_else(|| work_needing_row(plan, r))
}

/// The owner of an initiative whose work needs a skill of a team row the
/// risk names ("Lifecycle growth engineer … not hired" → the owner of the
/// onboarding rebuild, which needs lifecycle work).
fn work_needing_row(plan: &Plan, r: &Risk) -> Option<Implied> {
    // A row named by its role first ("lifecycle growth engineer"), then
    // by its id's words: a one-word id ("growth") is too common a word.
    let row = plan
        .team
        .iter()
        .find(|t| role_named(t, &r.risk))
        .or_else(|| plan.team.iter().find(|t| row_named(t, &r.risk)))?;
    let skills =
        std::iter::once(row.id.value.as_str()).chain(row.skills.iter().map(|s| s.value.as_str()));
    // The row's skills in its own order: its first skill is what it is for.
    skills.into_iter().find_map(|skill| {
        plan.initiatives.iter().find_map(|i| {
            let owner = i.owner.as_deref()?;
            // The row does not own its own loss.
            if row.short_role().eq_ignore_ascii_case(owner) {
                return None;
            }
            i.effort
                .iter()
                .any(|(s, m)| s.value == skill && m.value > Decimal::ZERO)
                .then(|| needing(row, i, owner, skill))
        })
    })
}

fn needing(row: &Role, i: &Initiative, owner: &str, skill: &str) -> Implied {
    Implied {
        who: owner.to_string(),
        why: format!("owner of {}", short(&i.name)),
        source: format!(
            "initiative `{}`, which needs `{skill}` work of team row `{}`",
            i.id.value, row.id.value
        ),
    }
}

/// A name as a table cell says it: up to a colon or a bracket
/// ("Onboarding rebuild" for "Onboarding rebuild: template-first first
/// session").
fn short(name: &str) -> String {
    let cut = name.find([':', '(']).map_or(name, |i| &name[..i]).trim();
    crate::plan::words::short_name(if cut.is_empty() { name } else { cut })
}

/// Whether two texts speak of one named thing: a word that names
/// something in one (an acronym, a capitalised name after the first word:
/// `risk_words::name_words`) stands, with its capitals, in the other.
fn share_a_name(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (words(a).collect(), words(b).collect());
    name_words(a).any(|w| wb.contains(&w)) || name_words(b).any(|w| wa.contains(&w))
}

/// Whether a risk's words name a team row: its role as people say it
/// ("volunteer comms & events crew"), or every word of its id
/// ("volunteer-comms"), as the capacity model finds a row a risk may take
/// away (`figures::capacity`).
pub fn row_named(t: &Role, risk: &str) -> bool {
    let text = risk.to_lowercase();
    let ids: Vec<String> =
        t.id.value
            .split(['-', '_'])
            .map(str::to_lowercase)
            .collect();
    role_named(t, risk)
        || (ids.iter().all(|w| w.chars().count() >= 3)
            && ids.iter().all(|w| text.contains(w.as_str())))
}

fn role_named(t: &Role, risk: &str) -> bool {
    let name = t.short_role().to_lowercase();
    name.chars().count() >= 4 && risk.to_lowercase().contains(&name)
}

/// The date by which the board should name what the plan leaves open: the
/// date the budget is decided (the earliest open blocking ask's, else any
/// open ask's), else the plan's start.
pub fn decide_by(plan: &Plan) -> NaiveDate {
    let open = || {
        plan.asks
            .iter()
            .filter(|a| a.status == AskStatus::Open)
            .filter_map(|a| Some((a.blocking, a.by.as_ref()?.value)))
    };
    open()
        .filter(|(b, _)| *b)
        .map(|(_, d)| d)
        .min()
        .or_else(|| open().map(|(_, d)| d).min())
        .unwrap_or(plan.meta.start.value)
}

/// The response the plan has on record for a risk without a mitigation:
/// a trigger on a channel or name the risk names, a scenario that names
/// what the risk names (its downside case), else the budget's contingency
/// (which the plan assigns to no risk). `None` where it has a mitigation
/// or the plan holds nothing.
pub fn response(plan: &Plan, r: &Risk) -> Option<String> {
    if r.mitigation.is_some() {
        return None;
    }
    let shares_name = |s: &str| share_a_name(s, &r.risk);
    let channels: Vec<&str> = channels_named(plan, &r.risk)
        .into_iter()
        .map(|c| c.id.value.as_str())
        .collect();
    let trigger = plan.triggers.iter().find(|t| {
        t.channel
            .as_ref()
            .is_some_and(|c| channels.contains(&c.value.as_str()))
            || shares_name(&t.action)
            || t.kpi.as_ref().is_some_and(|k| shares_name(&k.value))
    });
    if let Some(t) = trigger {
        return Some(format!("the trigger “{}”", t.action.trim_end_matches('.')));
    }
    let scenario = plan
        .scenarios
        .iter()
        .find(|s| shares_name(&s.name) || s.description.as_deref().is_some_and(shares_name));
    if let Some(s) = scenario {
        return Some(format!(
            "the scenario “{}” ({}), its downside case",
            s.name,
            crate::format::format_money(s.budget.value, &plan.meta.currency.value, true)
        ));
    }
    let reserve = plan
        .budget
        .contingency
        .as_ref()
        .filter(|c| c.value > Decimal::ZERO)?;
    Some(format!(
        "only the unassigned {} contingency",
        crate::format::format_money(reserve.value, &plan.meta.currency.value, true)
    ))
}
