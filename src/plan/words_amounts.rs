//! Amounts of the plan's currency in its words ("€1.9m", "£350k",
//! "350,000 EUR"), each with where it is written, the precision its words
//! give and where its clause puts it: the one parser of amounts in words,
//! read by the ask slide, the checker's rules on the words and the figures
//! (a same-money move's amount).

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::plan::Plan;

/// An amount of the plan's currency in an ask's words, with the words
/// after it that say what it is and when ("deposit in this budget").
#[derive(Debug, Clone)]
pub struct StatedAmount {
    pub value: Decimal,
    /// The amount in the deck's notation with its own words after it:
    /// "€350k deposit in this budget".
    pub phrase: String,
    pub scope: Scope,
    /// A rate or a threshold, not an amount spent: "£125 per account",
    /// "above €20m".
    pub rate: bool,
    /// Where the amount is written in the text (its symbol to its scale),
    /// for the rules that read what an amount is attached to.
    pub at: std::ops::Range<usize>,
    /// The precision the words give: the place of the last digit written
    /// ("€1.2m" is to €100k, "€350k" to €1k), so that two amounts are
    /// compared no closer than their words say.
    pub precision: Decimal,
}

/// Where a stated amount falls against the plan's budget and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Its words put it in this plan's budget ("in this budget").
    Budget,
    /// Its words put it in this plan's period ("this year", "in 2027").
    Period,
    /// Its words put it in a later period ("in 2028"): a commitment beyond
    /// the plan, never added to it.
    Beyond,
    /// Its words say neither.
    Unsaid,
}

/// The amounts of the plan's currency in a text, by its symbol ("€1.9m",
/// "£350k") or its code ("350,000 EUR"), each with where its words put it.
///
/// Read once per text (`plan::memo`): the price reader, the per-unit, the
/// evidence and the ask rules read the same descriptions and statements.
pub fn stated_amounts(plan: &Plan, text: &str) -> Vec<StatedAmount> {
    plan.memo
        .get("plan::words_amounts::stated_amounts", text, || {
            stated_amounts_direct(plan, text)
        })
        .as_ref()
        .clone()
}

/// [`stated_amounts`], read from the words each time (the memo's reference).
pub fn stated_amounts_direct(plan: &Plan, text: &str) -> Vec<StatedAmount> {
    let currency = plan.meta.currency.value.as_str();
    let sym = crate::currency::symbol(currency);
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // The symbol's first byte, compared before the whole symbol: most
    // characters of a text start no amount, and a call to compare the
    // symbol at each of them was a good part of reading a plan's words.
    let sym_first = sym.as_bytes().first().copied();
    let symbol_money = !sym.is_empty() && sym != currency;
    let mut k = 0;
    while k < chars.len() {
        let (i, _) = chars[k];
        let rest = &text[i..];
        let by_symbol = symbol_money
            && rest.as_bytes().first().copied() == sym_first
            && rest.starts_with(sym)
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let start = if by_symbol {
            i + sym.len()
        } else if rest.starts_with(|c: char| c.is_ascii_digit())
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',')
        {
            i
        } else {
            k += 1;
            continue;
        };
        let Some((value, end, precision)) = number_at(text, start) else {
            k += 1;
            continue;
        };
        let mut end = end;
        if !by_symbol {
            // A bare number is money only with the plan's code after it.
            let tail = &text[end..];
            let code = format!(" {currency}");
            if !tail.starts_with(&code) || tail[code.len()..].starts_with(char::is_alphanumeric) {
                k = chars
                    .iter()
                    .position(|(j, _)| *j >= end)
                    .unwrap_or(chars.len());
                continue;
            }
            end += code.len();
        }
        let clause = clause_after(&text[end..]);
        let before = text[..i].to_lowercase();
        let last_word = before.split_whitespace().next_back().unwrap_or("");
        let after = text[end..].trim_start().to_lowercase();
        let rate = matches!(
            last_word,
            "above"
                | "below"
                | "under"
                | "over"
                | "passes"
                | "pass"
                | "exceeds"
                | "exceed"
                | "reaches"
                | "reach"
                | "than"
                | "least"
                | "most"
                | "beyond"
        ) || after.starts_with("per ")
            || after.starts_with('/')
            || after.starts_with("each");
        let phrase = format!(
            "{}{}",
            crate::format::format_money(value, currency, true),
            clause
        );
        out.push(StatedAmount {
            value,
            phrase: phrase.trim_end().to_string(),
            scope: scope_of(plan, &clause.to_lowercase()),
            rate,
            at: i..end,
            precision,
        });
        k = chars
            .iter()
            .position(|(j, _)| *j >= end)
            .unwrap_or(chars.len());
    }
    out
}

/// A number at `start` with its scale ("1.9m", "350k", "1,200,000"): its
/// value, where it ends and the place of its last written digit.
fn number_at(text: &str, start: usize) -> Option<(Decimal, usize, Decimal)> {
    let after = &text[start..];
    let len = after
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(after.len());
    let number = after[..len].trim_end_matches(['.', ',']);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: Decimal = number.replace(',', "").parse().ok()?;
    let tail = &after[number.len()..];
    let word_end = |n: usize| !tail[n..].starts_with(char::is_alphabetic);
    let (scale, used) = if tail.starts_with("bn") && word_end(2) {
        (Decimal::from(1_000_000_000), 2)
    } else if tail.starts_with(" million") && word_end(8) {
        (Decimal::from(1_000_000), 8)
    } else {
        match tail.chars().next() {
            Some('k' | 'K') if word_end(1) => (Decimal::from(1_000), 1),
            Some('m' | 'M') if word_end(1) => (Decimal::from(1_000_000), 1),
            Some('b' | 'B') if word_end(1) => (Decimal::from(1_000_000_000), 1),
            _ => (Decimal::ONE, 0),
        }
    };
    let digits = number.replace(',', "");
    let precision = match digits.split_once('.') {
        Some((_, decimals)) => {
            Decimal::ONE
                / Decimal::from(10u64.pow(u32::try_from(decimals.len()).unwrap_or(0).min(9)))
        }
        None if scale > Decimal::ONE => Decimal::ONE,
        // "150,000": trailing zeros may be rounding.
        None => {
            let zeros = digits.len() - digits.trim_end_matches('0').len();
            Decimal::from(10u64.pow(u32::try_from(zeros).unwrap_or(0).min(9)))
        }
    };
    // Words are not capped as typed amounts are: "€99999999999999999999bn"
    // in a description must not overflow (and panic) the check.
    Some((
        value.checked_mul(scale)?,
        start + number.len() + used,
        precision.checked_mul(scale)?,
    ))
}

/// The words after an amount up to the end of its clause (",", ";", a
/// bracket): " deposit in this budget", " in 2028". Long clauses are
/// dropped: the cell quotes a few words, never a fragment.
fn clause_after(text: &str) -> &str {
    let end = text.find([',', ';', '(', ')', '—']).unwrap_or(text.len());
    let clause = &text[..end];
    if clause.split_whitespace().count() <= 6 {
        clause
    } else {
        ""
    }
}

/// Where a clause's words put an amount: this plan's budget, its period, a
/// later period, or nowhere said.
fn scope_of(plan: &Plan, clause: &str) -> Scope {
    const BUDGET: &[&str] = &[
        "this budget",
        "the budget",
        "in budget",
        "within budget",
        "our budget",
        "this plan",
    ];
    const PERIOD: &[&str] = &["this year", "this period", "in-year", "this fiscal"];
    const LATER: &[&str] = &["next year", "later", "following year", "thereafter"];
    if BUDGET.iter().any(|w| clause.contains(w)) {
        return Scope::Budget;
    }
    if PERIOD.iter().any(|w| clause.contains(w)) {
        return Scope::Period;
    }
    if LATER.iter().any(|w| clause.contains(w)) {
        return Scope::Beyond;
    }
    let (first, last) = (plan.meta.start.value.year(), plan.meta.end.value.year());
    let years: Vec<i32> = clause
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1990..=2100).contains(y))
        .collect();
    match years.as_slice() {
        [] => Scope::Unsaid,
        ys if ys.iter().all(|y| *y > last) => Scope::Beyond,
        ys if ys.iter().all(|y| (first..=last).contains(y)) => Scope::Period,
        _ => Scope::Unsaid,
    }
}
