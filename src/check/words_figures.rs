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
use super::word_texts::{Text, texts};
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::plan::{Channel, Plan, Scenario};

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

/// Words that say nothing about which thing a phrase names.
const STOP: &[&str] = &[
    "the", "and", "our", "its", "their", "this", "that", "these", "those", "for", "with", "from",
    "new", "extra", "more", "each", "per", "into", "onto",
];

/// The words of a phrase that name its thing, lower-cased, plurals read
/// as singular: "a fifth demo van" → fifth, demo, van; numbers, articles
/// and words under three letters left out.
pub fn content_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| singular(&w.to_lowercase()))
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// "vans" → "van", "opportunities" → "opportunity"; "press" stays.
pub fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
        return format!("{stem}y");
    }
    match w.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') && !stem.ends_with('u') => {
            stem.to_string()
        }
        _ => w.to_string(),
    }
}

/// Whether two amounts as written disagree: apart by more than half the
/// coarser one's precision ("€1.2m" and "€1,150,000" agree).
pub fn disagree(a: &StatedAmount, b_value: Decimal, b_precision: Decimal) -> bool {
    (a.value - b_value).abs() > a.precision.max(b_precision) / Decimal::TWO
}

/// An amount the words attach to a thing.
struct Priced {
    thing: Vec<String>,
    said: String,
    amount: StatedAmount,
    place: String,
    /// Its text's index in [`texts`].
    text: usize,
    mention: Mention,
}

/// Where the words state one of a thing's prices: the whole text, the
/// amount's place in it, and what holds it, so that a slide quoting the
/// text can mark that amount as one to settle.
#[derive(Debug, Clone)]
pub struct Mention {
    pub kind: &'static str,
    pub id: String,
    pub text: String,
    pub at: std::ops::Range<usize>,
    pub value: Decimal,
}

fn priced(plan: &Plan, index: usize, t: &Text<'_>) -> Vec<Priced> {
    let mut out = Vec::new();
    for a in stated_amounts(plan, t.text) {
        if a.rate {
            continue;
        }
        let before = t.text[..a.at.start].trim_end_matches(['−', '-', '+', '~']);
        let said = match before.strip_suffix('(') {
            Some(b) => thing_before(b),
            None => thing_after(plan, &t.text[a.at.end..]),
        };
        let Some(said) = said else { continue };
        let thing = content_words(&said);
        if thing.len() < 2 {
            continue;
        }
        out.push(Priced {
            thing,
            said,
            mention: Mention {
                kind: t.kind,
                id: t.id.clone(),
                text: t.text.to_string(),
                at: a.at.clone(),
                value: a.value,
            },
            amount: a,
            place: t.place.clone(),
            text: index,
        });
    }
    out
}

/// The thing before an amount in brackets: the last few words of its
/// clause ("a fifth van" in "…, a fifth van (€300k)").
fn thing_before(text: &str) -> Option<String> {
    let cut = text
        .rfind([',', ';', ':', '.', '(', ')'])
        .map_or(0, |i| i + 1);
    let clause = &text[cut..];
    let clause = [" and ", " with ", " plus "]
        .iter()
        .filter_map(|w| clause.rfind(w).map(|i| i + w.len()))
        .max()
        .map_or(clause, |i| &clause[i..]);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let from = words.len().saturating_sub(4);
    let said = words[from..].join(" ");
    (!said.is_empty()).then_some(said)
}

/// The thing after an amount: "for a fifth demo van", or the destination
/// of a move ("from trade press to a fifth demo van") unless it is a
/// channel, where the amount is a move, not a price.
fn thing_after(plan: &Plan, text: &str) -> Option<String> {
    let mut rest = text.trim_start();
    let mut moved = false;
    if let Some(r) = rest.strip_prefix("from ") {
        let to = r.find(" to ")?;
        rest = &r[to + 1..];
        moved = true;
    }
    let lower = rest.to_lowercase();
    let prep = ["for ", "to ", "on "]
        .iter()
        .find(|p| lower.starts_with(**p))?;
    moved |= *prep == "to ";
    let rest = &rest[prep.len()..];
    let lower = rest.to_lowercase();
    let end = [
        ",", ";", "(", ":", ". ", " from ", " in ", " by ", " only ", " if ", " until ", " when ",
        " and ", " at ", " with ", " so ", " to ", " once ", " unless ",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
    .unwrap_or(rest.len());
    // `end` indexes the lower-cased text: where lower-casing changed a
    // length it may not fall on a boundary of `rest`, so no slice panics.
    let said = rest
        .get(..end)
        .unwrap_or(rest)
        .trim()
        .trim_end_matches('.')
        .to_string();
    // "to the demo-van tour" moves money to a channel; "to a fifth demo
    // van" buys a thing the channel's own words do not name.
    if moved && is_channel(plan, &said) {
        return None;
    }
    (!said.is_empty()).then_some(said)
}

/// The one channel a phrase names by a word of its id or name ("LinkedIn
/// halved", "three vans instead of four" for the demo-van tour).
pub fn channel_named<'p>(plan: &'p Plan, phrase: &str) -> Option<&'p Channel> {
    const GENERIC: &[&str] = &[
        "cut",
        "instead",
        "halved",
        "half",
        "budget",
        "spend",
        "paid",
        "media",
        "tour",
        "programme",
        "campaign",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ];
    let words: Vec<String> = content_words(phrase)
        .into_iter()
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect();
    let mut found = plan.channels.iter().filter(|c| {
        let mut own = content_words(&c.id.value.replace('-', " "));
        own.extend(content_words(&c.name));
        own.retain(|w| !GENERIC.contains(&w.as_str()));
        words.iter().any(|w| own.contains(w))
    });
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

/// Whether a phrase is a channel's name: its words all in the channel's
/// id or name.
fn is_channel(plan: &Plan, phrase: &str) -> bool {
    let words = content_words(phrase);
    plan.channels.iter().any(|c| {
        let mut own = content_words(&c.id.value.replace('-', " "));
        own.extend(content_words(&c.name));
        words.iter().all(|w| own.contains(w))
    })
}

/// Whether two phrases name one thing: the words of one, two or more, all
/// in the other, ending on the same word.
fn same_thing(a: &[String], b: &[String]) -> bool {
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.len() >= 2 && small.last() == big.last() && small.iter().all(|w| big.contains(w))
}

/// One thing the words price differently: its name and each place with
/// its amount.
pub struct PriceDisagreement {
    pub thing: String,
    pub prices: Vec<(Decimal, Vec<String>)>,
    pub span: Span,
    /// The index in [`texts`] of the text of its first mention, whose
    /// span `span` is.
    pub text: usize,
    /// Every place the words state a price of it.
    pub mentions: Vec<Mention>,
}

/// [`price_disagreements`] without the file (each `span` its item's),
/// once per plan: the deck's open figures and the check both read them,
/// and reading every amount of the words is most of their cost. The
/// check puts each on its text in the file ([`texts`] with the source,
/// at the index `text`).
pub fn price_disagreements_of(
    plan: &Plan,
    fig: &crate::figures::Figures,
) -> std::sync::Arc<Vec<PriceDisagreement>> {
    fig.memo
        .get("check::words_figures::price_disagreements", "", || {
            price_disagreements(plan, None)
        })
}

pub fn price_disagreements(plan: &Plan, source: Option<&str>) -> Vec<PriceDisagreement> {
    let list = texts(plan, source);
    let all: Vec<Priced> = list
        .iter()
        .enumerate()
        .flat_map(|(i, t)| priced(plan, i, t))
        .collect();
    // Group mentions of one thing (a union over pairs).
    let mut group: Vec<usize> = (0..all.len()).collect();
    fn root(g: &[usize], mut i: usize) -> usize {
        while g[i] != i {
            i = g[i];
        }
        i
    }
    for i in 0..all.len() {
        for j in i + 1..all.len() {
            if same_thing(&all[i].thing, &all[j].thing) {
                let (a, b) = (root(&group, i), root(&group, j));
                group[b] = a;
            }
        }
    }
    let mut out = Vec::new();
    for r in 0..all.len() {
        let members: Vec<&Priced> = (0..all.len())
            .filter(|i| root(&group, *i) == r)
            .map(|i| &all[i])
            .collect();
        let Some(first) = members.first() else {
            continue;
        };
        let apart = members.iter().any(|m| {
            members
                .iter()
                .any(|n| disagree(&m.amount, n.amount.value, n.amount.precision))
        });
        if !apart {
            continue;
        }
        let mut prices: Vec<(Decimal, Vec<String>)> = Vec::new();
        for m in &members {
            match prices.iter_mut().find(|(v, _)| *v == m.amount.value) {
                Some((_, places)) if places.contains(&m.place) => {}
                Some((_, places)) => places.push(m.place.clone()),
                None => prices.push((m.amount.value, vec![m.place.clone()])),
            }
        }
        prices.sort_by_key(|p| p.0);
        let longest = members
            .iter()
            .max_by_key(|m| m.thing.len())
            .map_or(first.said.as_str(), |m| m.said.as_str());
        let thing = ["a ", "an ", "the ", "A ", "An ", "The "]
            .iter()
            .find_map(|a| longest.strip_prefix(a))
            .unwrap_or(longest)
            .to_string();
        out.push(PriceDisagreement {
            thing,
            prices,
            span: list.get(first.text).map_or(0..0, |t| t.span.clone()),
            text: first.text,
            mentions: members.iter().map(|m| m.mention.clone()).collect(),
        });
    }
    out
}

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
    let found = price_disagreements_of(plan, cx.fig);
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
