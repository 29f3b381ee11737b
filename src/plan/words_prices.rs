//! The prices the plan's words give a thing, read from every text a
//! board reads: the same demo van is "€250k" in one scenario, "(€300k)" in
//! another and "€350k" in an ask. Read here, below both the figures and
//! the check: the check reports the disagreement (`words-price-disagree`),
//! the deck marks the amounts it does not state, and the figures compute a
//! same-money move at the one price the deck states (`settled`) — so a
//! scenario's row and the ask slide show one figure.

use rust_decimal::Decimal;

use super::words_amounts::{StatedAmount, stated_amounts};
use super::words_texts::{Text, texts};
use crate::diagnostic::Span;
use crate::plan::{Channel, Plan};

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
/// once per plan (`plan::memo`): the deck's open figures, the check and a
/// same-money move's price all read them, and reading every amount of the
/// words is most of their cost. The check puts each on its text in the
/// file ([`texts`] with the source, at the index `text`).
pub fn price_disagreements_of(plan: &Plan) -> std::sync::Arc<Vec<PriceDisagreement>> {
    plan.memo
        .get("plan::words_prices::price_disagreements", "", || {
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

/// The deck's one figure for a thing the words price differently: the
/// amount an ask types (`amount`) where its own words state it ("Release
/// €350k for …" with amount = 350_000), with the ask's number (1-based).
/// `None` where no typed figure settles it: the words' amounts stay.
pub fn typed_figure(plan: &Plan, d: &PriceDisagreement) -> Option<(usize, Decimal)> {
    d.mentions.iter().find_map(|m| {
        let i = plan.asks.iter().position(|a| a.id.value == m.id)?;
        (m.kind == "ask")
            .then(|| plan.asks[i].amount.as_ref())
            .flatten()
            .filter(|a| a.value == m.value)
            .map(|a| (i + 1, a.value))
    })
}

/// The figure the deck states where scenario `id`'s words give `said` as
/// the price of a thing the words price differently, and a typed figure
/// settles it: power-tools' "move €250k from trade press to a fifth demo
/// van" beside an ask that types €350k for the van. `sentence` is the
/// move's own sentence: only the move whose words price the thing is
/// settled, not every move of the same amount in the scenario ("…; move
/// €250k from print to paid search" stays €250k). `None` where the deck
/// states the words' own amount.
pub fn settled_in_scenario(
    plan: &Plan,
    prices: &[PriceDisagreement],
    id: &str,
    sentence: &str,
    said: Decimal,
) -> Option<Decimal> {
    prices.iter().find_map(|d| {
        let (_, figure) = typed_figure(plan, d)?;
        d.mentions
            .iter()
            .any(|m| {
                m.kind == "scenario"
                    && m.id == id
                    && m.value == said
                    && figure != said
                    && within(m, sentence)
            })
            .then_some(figure)
    })
}

/// Whether a mention's amount stands in `sentence`, a piece of the text
/// that holds it.
fn within(m: &Mention, sentence: &str) -> bool {
    !sentence.is_empty()
        && m.text
            .match_indices(sentence)
            .any(|(at, _)| at <= m.at.start && m.at.end <= at + sentence.len())
}
