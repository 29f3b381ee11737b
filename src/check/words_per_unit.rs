//! What one customer, member or donor is worth, in words the value slide
//! does not read: "Average monthly gift holds at €13.50" beside an
//! objective that values each donor at €162 with no basis, or "Customers
//! who buy a second product within 60 days have 3.1x the 12-month LTV"
//! beside an objective of new customers valued at £41.20 of nothing
//! stated. A board scored such a deck as having no based value while its
//! own insight quoted the LTV. `check` points at the figure and gives the
//! TOML to add; the deck never applies these figures (unlike the win
//! rates and values `words_value` applies): a monthly amount, an average
//! order or a multiple is not what one unit is worth until the plan says
//! so, and no number is made up here.

use rust_decimal::Decimal;

use super::Ctx;
use super::ask_words::stated_amounts;
use super::words_figures::content_words;
use super::words_value::VALUE_STATED_IN_WORDS;
use crate::diagnostic::{Finding, Span};
use crate::figures::value::{Gap, unit_value};
use crate::format::{format_money, format_number};
use crate::plan::{Objective, Plan};

/// Words that make an amount a value per customer or unit ("AOV £46",
/// "average monthly gift €13.50", "£235 per funded account"). A cost
/// ("CAC £31") is none: `COST_CUES` before the amount rule it out, and a
/// difference ("€19 more per night") is no value of one unit.
const VALUE_CUES: &[&str] = &[
    "ltv",
    "lifetime value",
    "clv",
    "aov",
    "order value",
    "arpa",
    "arpu",
    "average",
    "per",
    "each",
];

const COST_CUES: &[&str] = &[
    "cost", "cac", "cpa", "cpl", "cpm", "spend", "budget", "fee", "price", "discount", "bid",
];

const DIFFERENCE: &[&str] = &[
    "more", "less", "higher", "lower", "cheaper", "above", "below",
];

/// Words that name what a multiple is of ("3.1x the 12-month LTV").
const MULTIPLE_OF: &[&str] = &[
    "ltv",
    "lifetime value",
    "clv",
    "aov",
    "order value",
    "arpa",
    "arpu",
];

/// What the words state.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    /// An amount of the plan's currency beside a word of value; `monthly`
    /// where the words give it a month.
    Amount { value: Decimal, monthly: bool },
    /// A multiple of a value the words name but do not state: "3.1x the
    /// 12-month LTV" → "12-month LTV".
    Multiple { of: String },
}

struct Suggestion {
    objective: String,
    place: String,
    said: Said,
    /// The words quoted: the figure and what it is of.
    quote: String,
    /// The objective's `value_per_unit` with no basis.
    unbased: Option<Decimal>,
    span: Span,
}

pub fn check(cx: &mut Ctx<'_>) {
    // One finding per objective: `words_value` reports the values the
    // deck applies; these come after.
    let mut done: Vec<String> = super::words_value::stated_values(cx.plan, cx.source)
        .into_iter()
        .map(|w| w.objective)
        .collect();
    for s in suggestions(cx.plan, cx.source) {
        if done.contains(&s.objective) {
            continue;
        }
        done.push(s.objective.clone());
        let (message, help) = words(cx.plan, &s);
        cx.report(
            Finding::new(&VALUE_STATED_IN_WORDS, message)
                .at(s.span.clone())
                .label("a value in words only")
                .help(help),
        );
    }
}

/// The finding's message and its help, the TOML to add.
fn words(plan: &Plan, s: &Suggestion) -> (String, String) {
    let cur = plan.meta.currency.value.as_str();
    let money = |d: Decimal| format_money(d, cur, false);
    let toml_number = |d: Decimal| format_number(d, 4).replace(',', "_");
    let o = &s.objective;
    let one = plan
        .objective(o)
        .and_then(|x| x.measure.unit.as_deref())
        .map_or_else(
            || "unit".to_string(),
            |u| super::words_figures::singular(&u.to_lowercase()),
        );
    let carries = match s.unbased {
        Some(v) => format!("which values each {one} at {} with no basis", money(v)),
        None => "which carries no value per unit".to_string(),
    };
    let head = format!(
        "{} says \"{}\" for objective `{o}`, {carries}",
        s.place, s.quote
    );
    match (&s.said, s.unbased) {
        (Said::Multiple { of }, Some(v)) => (
            format!("{head}: the words give a multiple of the {of}, not the {of} itself"),
            format!(
                "if {} is the {of}, add `value_basis = \"{of}\"` on objective `{o}`; else state the {of} in {cur} and set it: `value_per_unit = …` with `value_basis = \"{of}\"`",
                money(v)
            ),
        ),
        (Said::Multiple { of }, None) => (
            format!("{head}: the words give a multiple of the {of}, not the {of} itself"),
            format!(
                "state the {of} in {cur}, then on objective `{o}` add `value_per_unit = …` with `value_basis = \"{of}\"`"
            ),
        ),
        (Said::Amount { value, .. }, Some(v)) => {
            let why = if *value == v {
                format!("{} is the figure the words give", money(v))
            } else {
                format!(
                    "{} is 12 × the {} a month the words give, a year of it",
                    money(v),
                    money(*value)
                )
            };
            (
                format!("{head}: {why}"),
                format!(
                    "on objective `{o}`, add `value_basis = \"…\"`: what {}{} is (revenue, gross margin or lifetime value)",
                    money(v),
                    if *value == v {
                        String::new()
                    } else {
                        format!(", a year of {} a month,", money(*value))
                    }
                ),
            )
        }
        (Said::Amount { value, monthly }, None) => (
            format!("{head}: the deck shows no return for it"),
            format!(
                "on objective `{o}`, add `value_per_unit = {}` with `value_basis = \"…\"`: what {} is of (revenue, gross margin or lifetime value){}",
                toml_number(*value),
                money(*value),
                if *monthly {
                    "; the words give a month's, and a return counts what one unit brings over the plan, so write that if it is more"
                } else {
                    ""
                }
            ),
        ),
    }
}

/// An objective that counts things (customers, donors) and carries no
/// value a return can be built on.
fn open_count(o: &Objective) -> Option<Option<Decimal>> {
    let unit = o.measure.unit.as_deref()?;
    if crate::plan::money::is_currency(unit) || matches!(unit, "%" | "x" | "×") {
        return None;
    }
    match unit_value(o) {
        Err(Gap::NoValue) => Some(None),
        Err(Gap::NoBasis) => Some(o.value_per_unit.as_ref().map(|v| v.value)),
        _ => None,
    }
}

/// Whether the objective is the one the words speak of: the text is
/// linked to it, or names what it counts ("Customers who buy …" beside
/// an objective counting customers).
fn speaks_of(o: &Objective, links: &[&str], words: &[String]) -> bool {
    if links.contains(&o.id.value.as_str()) {
        return true;
    }
    let unit = o.measure.unit.as_deref().unwrap_or_default();
    let own: Vec<String> = content_words(unit);
    !own.is_empty() && own.iter().all(|w| words.contains(w))
}

/// Every suggestion, in the plan's order of texts.
fn suggestions(plan: &Plan, source: Option<&str>) -> Vec<Suggestion> {
    let mut texts: Vec<super::word_texts::Linked<'_>> = super::word_texts::assumption_texts(plan)
        .chain(super::word_texts::insight_texts(plan))
        .collect();
    for o in &plan.objectives {
        let links = vec![o.id.value.as_str()];
        texts.push((
            format!("objective `{}`", o.id.value),
            &o.statement,
            links,
            &o.span,
        ));
    }
    for g in &plan.goals {
        texts.push((
            format!("goal `{}`", g.id.value),
            &g.statement,
            Vec::new(),
            &g.span,
        ));
    }
    let mut out = Vec::new();
    for (place, text, links, span) in texts {
        let Some((said, at)) = said_in(plan, text) else {
            continue;
        };
        let words = content_words(text);
        for o in &plan.objectives {
            let Some(unbased) = open_count(o) else {
                continue;
            };
            if !speaks_of(o, &links, &words) {
                continue;
            }
            // An amount beside a value with no basis helps only where it
            // is that value, or a month of it.
            if let (Said::Amount { value, monthly }, Some(v)) = (&said, unbased)
                && !(*value == v || (*monthly && *value * Decimal::from(12) == v))
            {
                continue;
            }
            let offset = source.and_then(|s| s.find(text));
            let quote = quote_of(text, &at);
            out.push(Suggestion {
                objective: o.id.value.clone(),
                place: place.clone(),
                said: said.clone(),
                quote,
                unbased,
                span: offset.map_or_else(|| span.clone(), |i| i + at.start..i + at.end),
            });
        }
    }
    out
}

/// The words before the figure, from the start of its clause, and the
/// figure: "Average monthly gift holds at €13.50".
fn quote_of(text: &str, at: &std::ops::Range<usize>) -> String {
    let start = text[..at.start]
        .rfind([',', ';', ':', '('])
        .map_or(0, |i| i + 1);
    let q = text[start..at.end].trim();
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.len() > 12 {
        // The figure's own words, not the whole sentence.
        text[at.clone()].trim().to_string()
    } else {
        q.to_string()
    }
}

/// The first value per unit the text states, and where (the figure and
/// the words of value beside it).
fn said_in(plan: &Plan, text: &str) -> Option<(Said, std::ops::Range<usize>)> {
    // ASCII lower-casing keeps every byte offset (and so every character
    // boundary) of `text`: the cues are ASCII, and positions found in
    // `lower` slice `text` (full Unicode lower-casing can grow one
    // character and shrink another at the same total length).
    let lower = text.to_ascii_lowercase();
    let amounts = stated_amounts(plan, text);
    for a in &amounts {
        if a.value <= Decimal::ZERO {
            continue;
        }
        let before = window(&lower, a.at.start.saturating_sub(40), a.at.start);
        let after = window(&lower, a.at.end, a.at.end + 30);
        let near = format!("{before} {after}");
        let next = after.split_whitespace().next().unwrap_or_default();
        if COST_CUES.iter().any(|c| has_word(before, c))
            || DIFFERENCE.contains(&next)
            || !VALUE_CUES.iter().any(|c| has_word(&near, c))
        {
            continue;
        }
        let monthly = ["monthly", "a month", "per month", "/month"]
            .iter()
            .any(|c| near.contains(c));
        return Some((
            Said::Amount {
                value: a.value,
                monthly,
            },
            a.at.clone(),
        ));
    }
    if !amounts.is_empty() {
        return None;
    }
    multiple_in(text, &lower)
}

/// "3.1x the 12-month LTV" → the value's name ("12-month LTV", as the
/// text writes it) and where it is.
fn multiple_in(text: &str, lower: &str) -> Option<(Said, std::ops::Range<usize>)> {
    let bytes = lower.as_bytes();
    for (i, c) in lower.char_indices() {
        if !(c == 'x' || c == '×') || i == 0 || !bytes[i - 1].is_ascii_digit() {
            continue;
        }
        let start = lower[..i]
            .char_indices()
            .rev()
            .find(|(_, ch)| !(ch.is_ascii_digit() || *ch == '.'))
            .map_or(0, |(j, ch)| j + ch.len_utf8());
        let after = i + c.len_utf8();
        let rest = window(lower, after, after + 40);
        let Some((cue, at)) = MULTIPLE_OF
            .iter()
            .filter_map(|w| rest.find(w).map(|j| (*w, j)))
            .min_by_key(|(_, j)| *j)
        else {
            continue;
        };
        let end = after + at + cue.len();
        let phrase = text[after..end].trim();
        let phrase = phrase
            .strip_prefix("the ")
            .or_else(|| phrase.strip_prefix("The "))
            .unwrap_or(phrase)
            .trim();
        return Some((
            Said::Multiple {
                of: phrase.to_string(),
            },
            start..end,
        ));
    }
    None
}

/// `s[from..to]`, both ends moved onto character boundaries.
fn window(s: &str, from: usize, to: usize) -> &str {
    let mut from = from.min(s.len());
    let mut to = to.min(s.len());
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    while !s.is_char_boundary(to) {
        to += 1;
    }
    &s[from..to]
}

/// `cue` in `s` not inside a longer word ("aov" not in "flavour"; "per"
/// not in "person"), a plural allowed ("averages").
fn has_word(s: &str, cue: &str) -> bool {
    s.match_indices(cue).any(|(i, _)| {
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let rest = &s[i + cue.len()..];
        let mut after = rest.chars();
        let first = after.next();
        !alnum(s[..i].chars().next_back())
            && (!alnum(first) || (first == Some('s') && !alnum(after.next())))
    })
}

#[cfg(test)]
mod tests {
    use super::{Said, multiple_in};

    /// Positions found in the lower-cased words slice the words as written,
    /// whatever characters stand around them: a multi-byte dash right
    /// before the multiple, and letters whose lower case is longer or
    /// shorter ("İ" grows, "K" (Kelvin sign) shrinks) elsewhere.
    #[test]
    fn a_multiple_is_found_among_multi_byte_characters() {
        let text = "İ KPI —3.1x the 12-month LTV";
        let lower = text.to_ascii_lowercase();
        let (said, at) = multiple_in(text, &lower).expect("a multiple");
        assert_eq!(&text[at.clone()], "3.1x the 12-month LTV");
        match said {
            Said::Multiple { of } => assert_eq!(of, "12-month LTV"),
            _ => panic!("not a multiple"),
        }
    }
}
