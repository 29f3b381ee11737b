//! The figures a plan leaves to settle: where its own words give one
//! quantity two figures (a thing priced three ways, a scenario whose words
//! state a size its budget does not make), a deck must not show both as
//! facts. It states one figure per quantity — the typed one where the plan
//! types it: where a slide quotes words that carry another amount, the
//! deck's figure stands in its place with a footnote mark (never markup in
//! the board's text) — and names the open question once, as the board's
//! decision to make before approving (the summary's "Settle before
//! approving" line, the title's draft mark, `mvplan render --strict`).
//!
//! Two readings are figures, not questions: items that add to less than
//! the stated total leave a remainder the scenario's line states
//! ([`unitemised`]); a goal part the plan forecasts only partly is a
//! coverage, worded like any shortfall (`words_evidence::GoalPart`).

use std::ops::Range;

use rust_decimal::Decimal;

use super::ask_words::stated_amounts;
use super::scenarios::misstated_change;
use super::words_figures::{
    PriceDisagreement, items_disagreement, price_disagreements, price_disagreements_of,
};
use crate::plan::{Plan, Scenario};

/// An amount of the plan's words to replace where a slide quotes the text.
#[derive(Debug, Clone)]
pub struct Mark {
    pub text: String,
    pub at: Range<usize>,
    /// The deck's figure, said in the amount's place ("€350k"); `None`
    /// where no typed figure settles it (the words' amount stays).
    pub figure: Option<String>,
    /// The footnote the mark points to: "at the ask's price (ask slide);
    /// the plan's words price it more than one way, …".
    pub note: String,
    /// A thing's price (not a scenario's size): where the words give it as
    /// an aside in parentheses ("a fifth van (€300k)"), the quote drops it
    /// rather than put the ask's figure there — the ask slide prices the
    /// thing once, and the ask's figure among a scenario's items would
    /// make them add to another total than its budget (power-tools' push,
    /// "+€1.2M" of €800k, €350k and €100k).
    pub price: bool,
}

/// The footnotes a slide gathers while it quotes: each distinct note once,
/// numbered in the order it is first marked.
#[derive(Debug, Clone, Default)]
pub struct Notes(Vec<String>);

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript(n: usize) -> String {
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| SUPERSCRIPTS[d as usize])
        .collect()
}

impl Notes {
    /// The mark of `note`, numbered on first use.
    fn mark(&mut self, note: &str) -> String {
        let n = match self.0.iter().position(|x| x == note) {
            Some(i) => i + 1,
            None => {
                self.0.push(note.to_string());
                self.0.len()
            }
        };
        superscript(n)
    }

    /// The footnotes as the slide prints them: "¹ the plan's words …".
    pub fn lines(&self) -> Vec<String> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} {n}", superscript(i + 1)))
            .collect()
    }
}

/// The footnote of a figure the summary's settle line names.
const SEE_SUMMARY: &str = "to settle before approving — see summary";

/// The footnote of a price a quote replaces by the ask's or leaves out (an
/// aside, `Mark::price`): no other figure, so the slide states none beside
/// the ask's.
const AT_ASK_PRICE: &str = "at the ask's price (ask slide); the plan's words price it more than one way, to settle before approving — see summary";

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

/// [`open_figures`] once per plan: the summary, the title and the
/// scenarios slide all read them ([`crate::figures::memo`]).
pub fn open_figures_of(plan: &Plan, fig: &crate::figures::Figures) -> std::sync::Arc<Vec<Open>> {
    fig.memo.get("check::words_settle::open_figures", "", || {
        open_figures_with(plan, fig.total, &price_disagreements_of(plan))
    })
}

/// Every figure the plan leaves open, in the order of its rules: prices,
/// then scenario sizes. `total` is the plan's budget, as the figures hold
/// it.
pub fn open_figures(plan: &Plan, total: Decimal) -> Vec<Open> {
    open_figures_with(plan, total, &price_disagreements(plan, None))
}

/// [`open_figures`] of the prices the words disagree on, worked out once
/// per plan (`plan::words_prices::price_disagreements_of`): the check reads them
/// too.
fn open_figures_with(plan: &Plan, total: Decimal, prices: &[PriceDisagreement]) -> Vec<Open> {
    let mut out: Vec<Open> = prices
        .iter()
        .map(|d| {
            // The deck's one figure: an ask's typed amount its own words
            // state ("Release €350k for …" with amount = 350_000).
            // (The figures compute a same-money move at the same one.)
            let typed = crate::plan::words_prices::typed_figure(plan, d);
            let list: Vec<String> = d.prices.iter().map(|p| money(plan, p.0)).collect();
            let (last, rest) = list
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            // Short: the summary is read in a minute. One figure, the
            // deck's: the words' others are in the plan health appendix
            // (`words-price-disagree`), so the main story never lists three.
            let line = format!(
                "the {}'s price{}",
                // "New trade booth (€60k)" as a name, a common noun here.
                crate::format::lower_first(&d.thing),
                match typed {
                    Some((n, v)) => format!(
                        ": ask {n} uses {}; its words give {} (appendix)",
                        money(plan, v),
                        match rest.len() {
                            1 => "another".to_string(),
                            k => format!("{k} others"),
                        }
                    ),
                    None => format!(
                        ": its words give {} figures and no typed one sets it (appendix)",
                        rest.len() + usize::from(!last.is_empty())
                    ),
                }
            );
            let marks = d
                .mentions
                .iter()
                .filter(|m| typed.is_none_or(|(_, v)| m.value != v))
                .map(|m| {
                    // The amounts the quote no longer shows: every price
                    // but the one in its place.
                    let shown = typed.map_or(m.value, |(_, v)| v);
                    let others: Vec<String> = d
                        .prices
                        .iter()
                        .filter(|p| p.0 != shown)
                        .map(|p| money(plan, p.0))
                        .collect();
                    Mark {
                        text: m.text.clone(),
                        at: m.at.clone(),
                        figure: typed.map(|(_, v)| money(plan, v)),
                        note: if typed.is_some() {
                            AT_ASK_PRICE.to_string()
                        } else {
                            format!(
                                "the plan's words give {}, {SEE_SUMMARY}",
                                match others.len() {
                                    1 => "another figure".to_string(),
                                    n => format!("{n} other figures"),
                                }
                            )
                        },
                        price: true,
                    }
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
                // One figure, the items' (the words' total is in the
                // plan health appendix, `words-items-disagree`).
                line: format!(
                    "{}'s items add up to {}, more than the total its words state (appendix)",
                    s.name,
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
    let figure = money(plan, m.actual.abs());
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
                    // The budget's figure; the words' own only in the
                    // summary's settle line.
                    figure: Some(figure.clone()),
                    note: format!(
                        "the scenario's budget; its words give another size, {SEE_SUMMARY}"
                    ),
                    price: false,
                })
        })
        .collect();
    // The deck's figure only: the words' own is the finding's
    // (`scenario-change-misstated`, the plan health appendix).
    Some(Open {
        line: format!(
            "{}: {actual}, the deck's figure; its words give another size (appendix)",
            s.name,
        ),
        marks,
    })
}

/// The text as a slide quotes it: each amount to settle replaced by the
/// deck's figure (kept where none settles it) with a footnote mark from
/// `notes`: "a fifth van (€350k¹)". The text as it is where nothing in it
/// is open.
pub fn quoted(text: &str, open: &[Open], notes: &mut Notes) -> String {
    let mut marks: Vec<&Mark> = open
        .iter()
        .flat_map(|o| &o.marks)
        .filter(|m| {
            m.text == text && text.is_char_boundary(m.at.start) && text.is_char_boundary(m.at.end)
        })
        .collect();
    marks.sort_by_key(|m| m.at.start);
    marks.dedup_by_key(|m| m.at.start);
    let mut out = String::new();
    let mut from = 0;
    for m in marks {
        if m.at.start < from {
            continue;
        }
        // "a fifth van (€300k)": the aside goes, the mark stays on the
        // thing (`Mark::price`).
        let aside = m.price
            && m.figure.is_some()
            && text[..m.at.start].ends_with(" (")
            && text[m.at.end..].starts_with(')');
        if aside {
            out.push_str(&text[from..m.at.start - 2]);
            out.push_str(&notes.mark(AT_ASK_PRICE));
            from = m.at.end + 1;
            continue;
        }
        out.push_str(&text[from..m.at.start]);
        out.push_str(m.figure.as_deref().unwrap_or(&text[m.at.clone()]));
        out.push_str(&notes.mark(&m.note));
        from = m.at.end;
    }
    out.push_str(&text[from..]);
    out
}

/// Where a scenario's listed items add up to less than the total its words
/// state, what its words itemise, as a property of the words beside the
/// one size the row states: "its words itemise €975k of it".
pub fn unitemised(plan: &Plan, s: &Scenario) -> Option<String> {
    let d = items_disagreement(plan, s)?;
    // The size is the row's name and budget; the words' items are a
    // property of those words, never a second size beside it ("(−€1.2M:
    // €975k in listed items …)" was read as the cut sized twice).
    (d.sum() < d.total).then(|| format!("its words itemise {} of it", money(plan, d.sum()),))
}
