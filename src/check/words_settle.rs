//! The figures a plan leaves to settle: where its own words give one
//! quantity two figures (a thing priced three ways, a scenario whose words
//! state a size its budget does not make), a deck must not show both as
//! facts. It states one figure per quantity — the typed one where the plan
//! types it — marks each disagreeing amount where the words are quoted, and
//! names the open question once, as the board's decision to make before
//! approving (the summary's "Before you approve" line, the title's draft
//! mark, `mvplan render --strict`).
//!
//! Two readings are figures, not questions: items that add to less than
//! the stated total leave a remainder the scenario's line states
//! ([`unitemised`]); a goal part the plan forecasts only partly is a
//! coverage, worded like any shortfall (`words_evidence::GoalPart`).

use std::ops::Range;

use rust_decimal::Decimal;

use super::ask_words::stated_amounts;
use super::scenarios::misstated_change;
use super::words_figures::{items_disagreement, price_disagreements};
use crate::plan::{Plan, Scenario};

/// An amount of the plan's words to mark where a slide quotes the text.
#[derive(Debug, Clone)]
pub struct Mark {
    pub text: String,
    pub at: Range<usize>,
    /// Said right after the amount: "to settle: ask 4 prices it €350k".
    pub note: String,
}

/// One figure the plan leaves open.
#[derive(Debug, Clone)]
pub struct Open {
    /// In a board's words, for the summary: "the fifth demo van's price:
    /// €250k, €300k or €350k (ask 4 uses €350k)".
    pub line: String,
    pub marks: Vec<Mark>,
}

fn money(plan: &Plan, d: Decimal) -> String {
    crate::format::format_money(d, &plan.meta.currency.value, true)
}

/// Every figure the plan leaves open, in the order of its rules: prices,
/// then scenario sizes. `total` is the plan's budget, as the figures hold
/// it.
pub fn open_figures(plan: &Plan, total: Decimal) -> Vec<Open> {
    let mut out: Vec<Open> = price_disagreements(plan, None)
        .iter()
        .map(|d| {
            // The deck's one figure: an ask's typed amount its own words
            // state ("Release €350k for …" with amount = 350_000).
            let typed = d.mentions.iter().find_map(|m| {
                let i = plan.asks.iter().position(|a| a.id.value == m.id)?;
                (m.kind == "ask")
                    .then(|| plan.asks[i].amount.as_ref())
                    .flatten()
                    .filter(|a| a.value == m.value)
                    .map(|a| (i + 1, a.value))
            });
            let list: Vec<String> = d.prices.iter().map(|p| money(plan, p.0)).collect();
            let (last, rest) = list
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            // Short: the summary is read in a minute.
            let line = format!(
                "the {}'s price: {} or {last} ({})",
                // "New trade booth (€60k)" as a name, a common noun here.
                crate::format::lower_first(&d.thing),
                rest.join(", "),
                match typed {
                    Some((n, v)) => format!("ask {n} uses {}", money(plan, v)),
                    None => "no typed figure sets it".to_string(),
                }
            );
            let marks = d
                .mentions
                .iter()
                .filter(|m| typed.is_none_or(|(_, v)| m.value != v))
                .map(|m| Mark {
                    text: m.text.clone(),
                    at: m.at.clone(),
                    note: match typed {
                        Some((n, v)) => format!("to settle: ask {n} prices it {}", money(plan, v)),
                        None => format!(
                            "to settle: the plan also prices it {}",
                            d.prices
                                .iter()
                                .filter(|p| p.0 != m.value)
                                .map(|p| money(plan, p.0))
                                .collect::<Vec<_>>()
                                .join(" and ")
                        ),
                    },
                })
                .collect();
            Open { line, marks }
        })
        .collect();
    for s in &plan.scenarios {
        if let Some(open) = misstated_size(plan, s, total) {
            out.push(open);
        }
        if let Some(d) = items_disagreement(plan, s)
            && d.sum() > d.total
        {
            out.push(Open {
                line: format!(
                    "{} is {} in its words; its items add up to {}",
                    s.name,
                    money(plan, d.total),
                    money(plan, d.sum())
                ),
                marks: Vec::new(),
            });
        }
    }
    out
}

/// A scenario whose words state a change of budget its `budget` does not
/// make: the budget is the deck's figure, the words' amount is marked.
fn misstated_size(plan: &Plan, s: &Scenario, total: Decimal) -> Option<Open> {
    let m = misstated_change(plan, s, total)?;
    let actual = m.said(&plan.meta.currency.value);
    let marks = s
        .description
        .iter()
        .flat_map(|d| {
            stated_amounts(plan, d)
                .into_iter()
                .filter(|a| !a.rate && a.value == m.stated)
                .map(|a| Mark {
                    text: d.clone(),
                    at: a.at,
                    note: format!("to settle: {actual}"),
                })
        })
        .collect();
    Some(Open {
        line: format!(
            "{} is {} in its words; {actual} (the deck's figure)",
            s.name,
            money(plan, m.stated)
        ),
        marks,
    })
}

/// The text with each amount to settle marked right after it: "a fifth
/// van (€300k [to settle: ask 4 prices it €350k])". The text as it is
/// where nothing in it is open.
pub fn marked(text: &str, open: &[Open]) -> String {
    let mut marks: Vec<&Mark> = open
        .iter()
        .flat_map(|o| &o.marks)
        .filter(|m| m.text == text && text.is_char_boundary(m.at.end))
        .collect();
    marks.sort_by_key(|m| std::cmp::Reverse(m.at.end));
    marks.dedup_by_key(|m| m.at.end);
    let mut out = text.to_string();
    for m in marks {
        out.insert_str(m.at.end, &format!(" [{}]", m.note));
    }
    out
}

/// Where a scenario's listed items add up to less than the total its words
/// state, the rest as a figure, so that the line adds up: "items listed
/// €975k; €225k not itemised".
pub fn unitemised(plan: &Plan, s: &Scenario) -> Option<String> {
    let d = items_disagreement(plan, s)?;
    (d.sum() < d.total).then(|| {
        format!(
            "items listed {}; {} not itemised",
            money(plan, d.sum()),
            money(plan, d.total - d.sum())
        )
    })
}
