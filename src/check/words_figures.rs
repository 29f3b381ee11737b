//! Amounts in the plan's words against each other. People write a plan:
//! the same demo van is "€250k" in one scenario, "(€300k)" in another and
//! "€350k" in an ask, and a "Group cut (−€1.2m)" lists items that add up
//! to €975k. A board reads every slide and finds these; the checker finds
//! them first. Amounts are read by the one parser of amounts in words
//! (`ask_words::stated_amounts`) and compared no closer than the words
//! give them ("€1.2m" is to €100k).

use rust_decimal::Decimal;

use super::Ctx;
use super::ask_words::{StatedAmount, stated_amounts};
use super::word_texts::texts;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Plan, Scenario};
// The prices the words give a thing are read below the figures, which
// compute a same-money move at the deck's one price (`words_prices`).
pub use crate::plan::words_prices::{
    Mention, PriceDisagreement, channel_named, content_words, disagree, price_disagreements,
    price_disagreements_of, singular,
};

pub const WORDS_PRICE_DISAGREE: Rule = Rule {
    id: "words-price-disagree",
    severity: Severity::Warning,
    family: "budget",
    summary: "the plan's words price the same thing differently in different places",
    explanation: "A board that reads \"a fifth van (€300k)\" on the scenarios slide and \"Release \
€350k for a fifth demo van\" on the ask slide cannot tell what the van costs, and doubts every \
other figure. mvplan reads the amounts of the plan's currency in its words (names, statements, \
descriptions, scenario words, asks, triggers, risks) with the thing each is attached to: the \
words before an amount in brackets (\"a fifth van (€300k)\"), or after \"for\", \"to\" or \"on\" \
right after it (\"€350k for a fifth demo van\", \"move €250k from trade press to a fifth demo \
van\"; a move to a channel is a move, not a price). Two things are one when the words of one \
(two or more, articles and numbers left out, plurals read as singular) are all in the other and \
they end on the same word (\"fifth van\" and \"fifth demo van\"). Amounts that differ by more \
than the precision their words give are reported once, with every place. Say which is right in \
each place, or name the difference (\"€300k van + €50k fit-out\"). Until then the deck \
states one figure, the amount an ask types (`amount`) where its own words state it, marks each \
other amount where it quotes the words (\"€300k [to settle: ask 4 prices it €350k]\"), names \
the question once on the summary (\"Settle before approving\") and says \"Draft\" on its \
title; `mvplan render --strict` refuses the plan.",
    configurable: true,
};

pub const WORDS_ITEMS_DISAGREE: Rule = Rule {
    id: "words-items-disagree",
    severity: Severity::Warning,
    family: "budget",
    summary: "a scenario's words state a total that the items they list do not add up to",
    explanation: "\"Group cut (−€1.2m): LinkedIn halved, trade press cut by €150k, three vans \
instead of four, co-op −€300k\" invites a board to add the items up; when they make €975k, the \
cut is either bigger than its items or one of them is missing. mvplan reads the change a \
scenario's name or description states after a sign or a word of change, and the items its \
description lists (after its colon, split at commas, semicolons and \"and\"). An item's amount is \
the one it states, or a share of the budget of the one channel it names: \"halved\" is half, \
\"cut by 20%\" a fifth, \"three vans instead of four\" a quarter. When every item has an amount \
and their sum differs from the total by more than the total's precision (\"€1.2m\" is to \
€100k), the finding lists each item with its amount. Correct the total, an item, or name the \
item that is missing. Where the items add to less, the deck states the rest as a figure on the \
scenarios slide (\"items listed €975k; €225k not itemised\"), so the line adds up; where they \
add to more, the summary names it as a figure to settle.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&WORDS_PRICE_DISAGREE, &WORDS_ITEMS_DISAGREE];

/// An item a scenario's words list, with its amount and how it was read.
pub struct Item {
    pub words: String,
    pub amount: Decimal,
    /// How an amount the words do not state was computed: "half of its
    /// €600k".
    pub from: Option<String>,
}

/// A scenario whose stated total its listed items do not add up to.
pub struct ItemsDisagreement {
    pub total: Decimal,
    pub items: Vec<Item>,
}

impl ItemsDisagreement {
    pub fn sum(&self) -> Decimal {
        self.items.iter().map(|i| i.amount).sum()
    }
}

/// The change a scenario's words state: the one amount after a sign or a
/// word of change in its name, else before its description's colon.
fn stated_total(plan: &Plan, s: &Scenario) -> Option<StatedAmount> {
    let head = s
        .description
        .as_deref()
        .and_then(|d| d.split_once(':'))
        .map_or("", |(h, _)| h);
    let mut found = Vec::new();
    for t in [s.name.as_str(), head] {
        for a in stated_amounts(plan, t) {
            let before = t[..a.at.start].trim_end().to_lowercase();
            let change = before.ends_with(['+', '-', '−'])
                || before.ends_with("(+")
                || before.ends_with("(−")
                || ["cut", "add", "adds", "increase", "reduce", "trim", "save"]
                    .iter()
                    .any(|w| before.ends_with(w));
            if change && !a.rate {
                found.push(a);
            }
        }
    }
    match found.len() {
        1 => found.pop(),
        _ => None,
    }
}

pub fn items_disagreement(plan: &Plan, s: &Scenario) -> Option<ItemsDisagreement> {
    let total = stated_total(plan, s)?;
    let d = s.description.as_deref()?;
    let body = d.split_once(':').map_or(d, |(_, b)| b);
    let mut items = Vec::new();
    // "referral, SEO and podcasts kept whole" lists what the change
    // leaves alone, not an item of it.
    const KEPT: &[&str] = &["kept", "unchanged", "untouched", "protected", "not cut"];
    for part in body
        .split(';')
        .filter(|seg| !KEPT.iter().any(|k| seg.to_lowercase().contains(k)))
        .flat_map(|seg| seg.split(','))
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(". "))
    {
        let words = part.trim().trim_end_matches('.').trim();
        if words.is_empty() {
            continue;
        }
        items.push(item(plan, words)?);
    }
    if items.len() < 2 {
        return None;
    }
    let found = ItemsDisagreement {
        total: total.value,
        items,
    };
    disagree(&total, found.sum(), Decimal::ZERO).then_some(found)
}

/// An item's amount: the one it states, or the share of the budget of the
/// one channel it names that its words give. `None` where neither.
fn item(plan: &Plan, words: &str) -> Option<Item> {
    let amounts: Vec<StatedAmount> = stated_amounts(plan, words)
        .into_iter()
        .filter(|a| !a.rate)
        .collect();
    match amounts.as_slice() {
        [one] => {
            return Some(Item {
                words: words.to_string(),
                amount: one.value,
                from: None,
            });
        }
        [] => {}
        _ => return None,
    }
    let c = channel_named(plan, words)?;
    let (share, how) = share_of(words)?;
    let money = |d: Decimal| crate::format::format_money(d, &plan.meta.currency.value, true);
    Some(Item {
        words: words.to_string(),
        amount: (c.budget.value * share).round_dp(2),
        from: Some(format!(
            "{how} the {} budget of {}",
            money(c.budget.value),
            c.name
        )),
    })
}

/// The share a cut's words name: "halved" → ½, "cut by 20%" → 0.2,
/// "three vans instead of four" → ¼.
fn share_of(words: &str) -> Option<(Decimal, String)> {
    let lower = words.to_lowercase();
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    if tokens.iter().any(|t| matches!(*t, "halved" | "half")) {
        return Some((Decimal::new(5, 1), "half of".to_string()));
    }
    if let Some(i) = tokens.iter().position(|t| *t == "instead")
        && tokens.get(i + 1) == Some(&"of")
    {
        let m = tokens.get(i + 2).and_then(|t| number_word(t))?;
        let n = tokens[..i].iter().find_map(|t| number_word(t))?;
        if m > n && m > 0 {
            let share = Decimal::from(m - n) / Decimal::from(m);
            return Some((share, format!("{}/{m} of", m - n)));
        }
    }
    let pct = tokens.iter().find_map(|t| {
        t.strip_suffix('%')
            .and_then(|n| n.trim_start_matches(['−', '-']).parse::<Decimal>().ok())
    })?;
    (pct > Decimal::ZERO && pct <= Decimal::ONE_HUNDRED)
        .then(|| (pct / Decimal::ONE_HUNDRED, format!("{pct}% of")))
}

fn number_word(t: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    WORDS
        .iter()
        .position(|w| *w == t)
        .and_then(|i| u32::try_from(i).ok())
        .or_else(|| t.parse().ok())
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    let money = |d: Decimal| crate::format::format_money(d, &plan.meta.currency.value, true);
    let found = price_disagreements_of(plan);
    // Where each stands in the file: the texts' spans, read only when the
    // words disagree somewhere (rarely).
    let list = if found.is_empty() {
        Vec::new()
    } else {
        texts(plan, cx.source)
    };
    for d in found.iter() {
        let span = list.get(d.text).map_or(d.span.clone(), |t| t.span.clone());
        let listed: Vec<String> = d
            .prices
            .iter()
            .map(|(v, places)| format!("{} ({})", money(*v), places.join(", ")))
            .collect();
        cx.report(
            Finding::new(
                &WORDS_PRICE_DISAGREE,
                format!(
                    "the plan's words price {} {} ways: {}",
                    d.thing,
                    d.prices.len(),
                    listed.join("; ")
                ),
            )
            .at(span)
            .for_board(format!(
                "the plan prices {} at {} in different places: a figure to settle before approval",
                d.thing,
                d.prices
                    .iter()
                    .map(|(v, _)| money(*v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .label("the same thing, priced differently")
            .help("say which amount is right in each place, or name what differs (\"€300k van + €50k fit-out\"): the deck marks each amount but the one an ask types as one to settle"),
        );
    }
    for s in &plan.scenarios {
        let Some(d) = items_disagreement(plan, s) else {
            continue;
        };
        let listed: Vec<String> = d
            .items
            .iter()
            .map(|i| match &i.from {
                Some(how) => format!("\"{}\" {} ({how})", i.words, money(i.amount)),
                None => format!("\"{}\" {}", i.words, money(i.amount)),
            })
            .collect();
        cx.report(
            Finding::new(
                &WORDS_ITEMS_DISAGREE,
                format!(
                    "scenario `{}` states a total of {}, but the items its words list add up to {}: {}",
                    s.id.value,
                    money(d.total),
                    money(d.sum()),
                    listed.join("; ")
                ),
            )
            .at(s.budget.span.clone())
            // As the scenarios slide states it: a remainder is a figure.
            .for_board(if d.sum() < d.total {
                format!(
                    "scenario `{}` itemises {} of its {}; {} is not itemised",
                    s.name,
                    money(d.sum()),
                    money(d.total),
                    money(d.total - d.sum())
                )
            } else {
                format!(
                    "scenario `{}` says {} but its items add up to {}",
                    s.name,
                    money(d.total),
                    money(d.sum())
                )
            })
            .label(format!("{} of items listed", money(d.sum())))
            .help("correct the total or an item, or name the item that is missing from the list"),
        );
    }
}
