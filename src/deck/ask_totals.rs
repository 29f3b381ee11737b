//! What the open asks add up to, by how they are funded — the whole
//! budget, asks inside it, new money, contingent money — and the one
//! phrase the summary and the ask slide both state ("Approve £9.5M by 12 Mar
//! 2027 and one hire by 14 May 2027").

use rust_decimal::Decimal;
use serde::Serialize;

use super::ask_gaps::condition;
use super::asks::{AskView, Funding};
use super::hires::not_for_capacity;
use super::shown::money;
use crate::figures::Figures;
use crate::plan::*;

/// The open asks' money by where it stands against the budget: the one
/// set of totals the summary and the ask slide both state. Every priced
/// ask counts once — an estimate as an estimate.
#[derive(Debug, Default, Serialize)]
pub struct AskTotals {
    /// The whole-budget ask.
    pub budget: Decimal,
    /// Of the budget: asks already inside it.
    pub inside: Decimal,
    /// Money the budget does not hold, stated by the plan.
    pub new_money: Decimal,
    /// Money the budget does not hold, estimated by the deck.
    pub estimated: Decimal,
    /// Spent only if a condition is met or a later decision goes one way.
    pub contingent: Decimal,
    /// Contingent, drawn from the contingency line the total budget already
    /// holds ([`Funding::FromContingency`]): part of the budget, not more.
    pub from_contingency: Decimal,
    /// Hires needed for capacity that the asks would fill.
    pub hires: usize,
    /// What is asked for, without dates or conditions: "£9.5M", "one
    /// hire" (the ask slide's title says what they buy).
    pub amounts: Vec<String>,
    /// In words: "Approve €187k and ≈ €8.2k of new money by 24 Mar 2027;
    /// €12.5k more only if the Walk is cancelled by weather".
    pub phrase: String,
}

pub fn totals(plan: &Plan, fig: &Figures, open: &[&AskView<'_>]) -> AskTotals {
    let cur = |d: Decimal| money(plan, d);
    let mut t = AskTotals::default();
    let mut conditions = Vec::new();
    let mut from_contingency = Vec::new();
    for a in open {
        let estimated = a.cost.is_none();
        let Some(amount) = a.cost.or(a.estimate.as_ref().map(|e| e.amount)) else {
            continue;
        };
        match a.funding {
            Some(Funding::TheBudget) => t.budget += amount,
            Some(Funding::InTheBudget) => t.inside += amount,
            Some(Funding::NewMoney) if estimated => t.estimated += amount,
            Some(Funding::NewMoney) => t.new_money += amount,
            Some(Funding::Contingent) => {
                t.contingent += amount;
                conditions.push(advised(plan, fig, a.ask));
            }
            Some(Funding::FromContingency) => {
                // Several such asks can outgrow the line: what it does not
                // cover is more money, as any contingent ask.
                let line = plan
                    .budget
                    .contingency
                    .as_ref()
                    .map_or(Decimal::ZERO, |c| c.value);
                let room = (line - t.from_contingency).max(Decimal::ZERO);
                t.from_contingency += amount.min(room);
                if amount > room {
                    t.contingent += amount - room;
                }
                from_contingency.push(advised(plan, fig, a.ask));
            }
            None => {}
        }
    }
    let hires: Vec<&&AskView<'_>> = open
        .iter()
        .filter(|a| a.ask.kind == AskKind::Headcount && !not_for_capacity(plan, fig, a.ask))
        .collect();
    t.hires = hires.len();
    // The date each part is needed by: the earliest of the asks it sums.
    let by_of = |keep: &dyn Fn(&AskView<'_>) -> bool| {
        open.iter()
            .filter(|a| keep(a))
            .filter_map(|a| a.ask.by.as_ref().map(|b| b.value).or(a.by_implied))
            .min()
    };
    let funded = |f: Funding, estimated: bool| {
        move |a: &AskView<'_>| a.funding == Some(f) && a.cost.is_none() == estimated
    };
    let mut approve: Vec<(String, Option<chrono::NaiveDate>)> = Vec::new();
    if t.budget > Decimal::ZERO {
        approve.push((
            cur(t.budget),
            by_of(&|a| a.funding == Some(Funding::TheBudget)),
        ));
    }
    if t.new_money > Decimal::ZERO {
        let by = by_of(&funded(Funding::NewMoney, false));
        approve.push((format!("{} of new money", cur(t.new_money)), by));
    }
    if t.estimated > Decimal::ZERO {
        let by = by_of(&funded(Funding::NewMoney, true));
        approve.push((format!("≈ {} of new money", cur(t.estimated)), by));
    }
    let hires_by = hires
        .iter()
        .filter_map(|a| a.ask.by.as_ref().map(|b| b.value).or(a.by_implied))
        .min();
    match t.hires {
        0 => {}
        1 => approve.push(("one hire".to_string(), hires_by)),
        n => approve.push((format!("{n} hires"), hires_by)),
    }
    t.amounts = approve.iter().map(|(what, _)| what.clone()).collect();
    let by = |d: Option<chrono::NaiveDate>| {
        d.map(|d| format!(" by {}", super::shown::date(d)))
            .unwrap_or_default()
    };
    // One date at the end when every part shares it; else each part says
    // its own ("£9.5M by 12 Mar 2027 and one hire by 14 May 2027"), never
    // the earliest date for all.
    let dated: Vec<Option<chrono::NaiveDate>> = approve.iter().map(|(_, d)| *d).collect();
    let one_date = dated.windows(2).all(|w| w[0] == w[1]);
    let parts: Vec<String> = approve
        .iter()
        .map(|(what, d)| {
            if one_date {
                what.clone()
            } else {
                format!("{what}{}", by(*d))
            }
        })
        .collect();
    let tail = if one_date {
        by(dated.first().copied().flatten().or(by_of(&|_| true)))
    } else {
        String::new()
    };
    let mut phrase = match parts.as_slice() {
        [] if t.inside > Decimal::ZERO => {
            format!("Approve {} (already in the budget){tail}", cur(t.inside))
        }
        [] => format!(
            "Decide {} ask{}{tail}",
            open.len(),
            if open.len() == 1 { "" } else { "s" }
        ),
        [one] => format!("Approve {one}{tail}"),
        [init @ .., last] => format!("Approve {} and {last}{tail}", init.join(", ")),
    };
    if !approve.is_empty() && t.inside > Decimal::ZERO {
        // Inside the whole budget being approved, it is part of that
        // figure, not a second sum beside it.
        if t.budget > Decimal::ZERO {
            phrase.push_str(&format!(
                " ({} of it for asks inside the budget)",
                cur(t.inside)
            ));
        } else {
            phrase.push_str(&format!(" ({} of it already in the budget)", cur(t.inside)));
        }
    }
    phrase.push_str(&contingent_tail(plan, &t, &conditions, &from_contingency));
    // An ask whose cost the plan does not give cannot be decided yet: the
    // summary says so rather than leave the gap to a cell of the ask slide.
    for a in open
        .iter()
        .filter(|a| a.cost.is_none() && a.estimate.is_none() && a.cost_unstated)
    {
        // By its number on the ask slide (the plan's order): the summary
        // is read in a minute, the slide has its words.
        let number = plan
            .asks
            .iter()
            .position(|x| std::ptr::eq(x, a.ask))
            .map_or(String::new(), |i| format!(" {}", i + 1));
        phrase.push_str(&format!("; ask{number} not decidable yet: no cost given"));
    }
    t.phrase = phrase;
    t
}

/// An ask's condition with the deck's advice where its own figures
/// undercut it (`ask_advice`): "cost per funded account stays under £125
/// through Q3 — recommend: decline as written (…)", the ask slide's words.
fn advised(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    let c = condition(plan, a)?;
    Some(match super::ask_advice::advice(plan, fig, a) {
        Some(advice) => format!("{c} — {}", advice.says),
        None => c,
    })
}

/// The money drawn only on a condition, after what is approved: "; €80k
/// of the budget's €90k contingency drawn only if …", "; €150k more only
/// if …".
fn contingent_tail(
    plan: &Plan,
    t: &AskTotals,
    conditions: &[Option<String>],
    from_contingency: &[Option<String>],
) -> String {
    let cur = |d: Decimal| money(plan, d);
    let mut phrase = String::new();
    let when = |conditions: &[Option<String>]| match conditions {
        [Some(c)] => format!("only if {c}"),
        _ => "only if decided so".to_string(),
    };
    if t.from_contingency > Decimal::ZERO {
        phrase.push_str(&format!(
            "; {} of the budget's {} contingency drawn {}",
            cur(t.from_contingency),
            cur(plan
                .budget
                .contingency
                .as_ref()
                .map_or(Decimal::ZERO, |c| c.value)),
            when(from_contingency)
        ));
    }
    if t.contingent > Decimal::ZERO {
        phrase.push_str(&format!(
            "; {} more {}",
            cur(t.contingent),
            when(conditions)
        ));
    }
    phrase
}

/// "€10.6M as planned, or moving €417k (+€930k)": the summary's ask
/// offers the allocation slide's best mix of the lead move beside the plan's, with the gain that slide
/// states (`Reallocation::gain`), so the deck never recommends a mix the
/// board is not asked to approve; `None` where no move is worth making or
/// no ask is for the whole budget.
pub fn move_choice(plan: &Plan, fig: &Figures) -> Option<String> {
    let m = super::shown::reallocations(plan, fig).into_iter().next()?;
    let o = plan.objective(&m.objective)?;
    // A count says its unit ("+9,560 sign-ups"); money and points say of
    // what: "+€930k" beside "€10.6M as planned" read as money of nothing.
    let unit = o.measure.unit.as_deref();
    let gain = crate::format::format_quantity(m.gain, unit, true);
    let counted = unit
        .is_some_and(|u| !u.trim().is_empty() && u != "%" && !crate::plan::money::is_currency(u));
    let gain = if counted {
        gain
    } else {
        crate::format::of_metric(&gain, unit, super::shown::metric(o))
    };
    // An ask whose money the move already puts on the same channel: the
    // board approves one of the two, and the line says which ask.
    let covered: Vec<String> = covered_by_move(plan, fig)
        .into_iter()
        // The ask slide's row says what they share; the summary's one
        // line, which of the two to approve.
        .map(|(n, _, _)| format!("; approve the move or ask {n}, not both"))
        .collect();
    Some(format!(
        "{} as planned, or moving {} (+{gain}){}",
        money(plan, fig.total),
        money(plan, m.moved),
        covered.concat()
    ))
}

/// The open asks (numbered as the ask slide numbers them) whose money the
/// recommended move already puts on the channel they name, with that money
/// and the channel's short name: approving both would fund it twice
/// (`figures::scenarios::AskGain::after_move`).
pub fn covered_by_move(plan: &Plan, fig: &Figures) -> Vec<(usize, Decimal, String)> {
    // Numbered over every ask, as the ask slide's rows are (an answered
    // ask listed first keeps its number).
    plan.asks
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == crate::plan::AskStatus::Open)
        .filter_map(|(i, a)| {
            let g = crate::figures::scenarios::ask_gain(plan, fig, a)?;
            let into = g.after_move.filter(|into| *into >= g.amount)?;
            let names: Vec<&str> = g
                .channels
                .iter()
                .map(|(n, _)| n.split(" (").next().unwrap_or(n))
                .collect();
            Some((i + 1, into, names.join(" and ")))
        })
        .collect()
}
