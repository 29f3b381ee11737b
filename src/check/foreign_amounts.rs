//! Amounts in another currency in the plan's own words ("Google Ad Grants
//! (in-kind, ~$120k/yr)" in a euro plan). The deck leaves the author's
//! words as written, so a board reads dollars beside euros with no rate:
//! the checker asks the author to state the amount in the plan's currency.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};

pub const CURRENCY_FOREIGN_AMOUNT: Rule = Rule {
    id: "currency-foreign-amount",
    severity: Severity::Note,
    family: "budget",
    summary: "the plan's text states an amount in another currency",
    explanation: "A name, statement or description says an amount in a currency other than \
the plan's (\"Google Ad Grants (in-kind, ~$120k/yr)\" in a EUR plan). The deck shows the \
author's words as written, so a board reads dollars beside euros with no rate and cannot \
weigh one against the other. State the amount in the plan's currency (\"~€110k/yr\"), with \
the original in parentheses and the rate if it matters. Amounts in the plan's numbers (budgets, \
fees) written in another currency are `currency-mismatch`.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&CURRENCY_FOREIGN_AMOUNT];

/// The symbols an amount is written with, longest first so that "US$"
/// is read before "$".
const SYMBOLS: &[&str] = &[
    "US$", "NZ$", "HK$", "A$", "C$", "S$", "$", "€", "£", "¥", "₹", "₩",
];

/// The bytes a symbol of [`SYMBOLS`] starts with (each starts a character).
const SYMBOL_STARTS: [bool; 256] = {
    let mut starts = [false; 256];
    let mut i = 0;
    while i < SYMBOLS.len() {
        starts[SYMBOLS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    starts
};

pub fn check(cx: &mut Ctx<'_>) {
    let Some(text) = cx.source else { return };
    let currency = cx.plan.meta.currency.value.clone();
    let own = crate::currency::symbol(&currency).trim().to_string();
    let mut offset = 0;
    let mut found = 0;
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        for (at, s) in strings(line, &mut in_block) {
            // A string that is only an amount ("USD 80,000") is a number of
            // the plan in another currency: `currency-mismatch` says so.
            if s.split_whitespace().count() <= 2 {
                continue;
            }
            let amounts = foreign(s, &own, &currency);
            let Some((first, first_amount)) = amounts.first() else {
                continue;
            };
            found += 1;
            // A plan that writes many foreign amounts gets a few pointers
            // and a count, not a page of the same note.
            if found > 5 {
                continue;
            }
            let key = line
                .split_once('=')
                .map_or("text", |(k, _)| k.trim())
                .to_string();
            let listed: Vec<&str> = amounts.iter().map(|a| a.1).collect();
            let at = start + at + first;
            cx.report(
                Finding::new(
                    &CURRENCY_FOREIGN_AMOUNT,
                    format!(
                        "`{key}` states {} in another currency than the plan's {currency}",
                        listed.join(" and ")
                    ),
                )
                .at(at..at + first_amount.len())
                .help(format!(
                    "state it in {currency} (the original in parentheses, with the rate if it matters): the deck shows these words as written"
                )),
            );
        }
    }
    if found > 5 {
        cx.report(
            Finding::new(
                &CURRENCY_FOREIGN_AMOUNT,
                format!(
                    "{} more texts with amounts in another currency than the plan's {currency}",
                    found - 5
                ),
            )
            .help(format!("state each in {currency}")),
        );
    }
}

/// The text inside the TOML strings of a line, with each one's byte
/// offset in the line; a line inside a `"""` block is text throughout.
fn strings<'a>(line: &'a str, in_block: &mut bool) -> Vec<(usize, &'a str)> {
    if line.contains("\"\"\"") {
        let parts = line.matches("\"\"\"").count();
        let was = *in_block;
        if parts % 2 == 1 {
            *in_block = !*in_block;
        }
        // The opening or closing line of a block: all of it is text.
        if was || *in_block || parts >= 2 {
            return vec![(0, line)];
        }
    }
    if *in_block {
        return vec![(0, line)];
    }
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match open {
            Some((q, from)) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    out.push((from, &line[from..i]));
                    open = None;
                }
            }
            None if c == '"' || c == '\'' => open = Some((c, i + c.len_utf8())),
            // A comment is the author's note to themself, not the deck's.
            None if c == '#' => break,
            None => {}
        }
    }
    out
}

/// Amounts in `text` written with a currency symbol or code that is not
/// the plan's: (byte offset, the amount as written).
pub(crate) fn foreign<'a>(text: &'a str, own: &str, currency: &str) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        // Most characters start no symbol: the scan jumps to those that can
        // (every line of a deck and every string of a plan passes here).
        let Some(next) = text.as_bytes()[i..]
            .iter()
            .position(|b| SYMBOL_STARTS[usize::from(*b)])
        else {
            break;
        };
        i += next;
        let rest = &text[i..];
        let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // "CA$" or a word ending in "$" is not the symbol read here.
        let glued = text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after = &rest[sym.len()..];
        let digits = after
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ',' | '.'))
            .last()
            .map_or(0, |(j, c)| j + c.len_utf8());
        let starts_digit = after.starts_with(|c: char| c.is_ascii_digit());
        let same = *sym == own || (*sym == "US$" && currency == "USD");
        if !glued && starts_digit && !same {
            let tail = &after[digits..];
            let suffix = ["k", "K", "M", "m", "bn", "B"]
                .iter()
                .find(|s| {
                    tail.starts_with(**s)
                        && !tail[s.len()..].starts_with(|c: char| c.is_alphabetic())
                })
                .map_or(0, |s| s.len());
            let number = after[..digits].trim_end_matches([',', '.']).len();
            let end = sym.len() + if suffix > 0 { digits + suffix } else { number };
            out.push((i, &rest[..end]));
            i += end;
            continue;
        }
        i += sym.len();
    }
    // A code beside a number ("USD 120k", "120,000 USD") of another
    // currency: `currency-mismatch` covers amounts in the plan's numbers.
    for (j, _) in text.match_indices(|c: char| c.is_ascii_uppercase()) {
        let code = text.get(j..j + 3).unwrap_or("");
        let bounded = !text[..j].ends_with(|c: char| c.is_alphanumeric())
            && !text[j + code.len()..].starts_with(|c: char| c.is_alphanumeric());
        if code.len() != 3 || !bounded || code == currency || !crate::currency::is_currency(code) {
            continue;
        }
        let before = text[..j].trim_end();
        let after = text[j + 3..].trim_start();
        let number_after =
            after.starts_with(|c: char| c.is_ascii_digit()) && text[j + 3..].starts_with(' ');
        let number_before = before
            .ends_with(|c: char| c.is_ascii_digit() || matches!(c, 'k' | 'M'))
            && before
                .trim_end_matches(['k', 'M'])
                .ends_with(|c: char| c.is_ascii_digit())
            && text[..j].ends_with(' ');
        if number_after || number_before {
            out.push((j, code));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts<'a>(text: &'a str, currency: &str) -> Vec<&'a str> {
        let own = crate::currency::symbol(currency).trim().to_string();
        foreign(text, &own, currency)
            .into_iter()
            .map(|p| p.1)
            .collect()
    }

    #[test]
    fn dollars_in_a_euro_plan_are_found_and_euros_are_not() {
        assert_eq!(
            amounts("Google Ad Grants (in-kind, ~$120k/yr)", "EUR"),
            ["$120k"]
        );
        assert_eq!(
            amounts("Ad Grant stays at $10k/month; €5,000 match", "EUR"),
            ["$10k"]
        );
        assert!(amounts("€1.2M for search, $ signs aside", "EUR").is_empty());
        assert!(amounts("$1.2M for search", "USD").is_empty());
        assert_eq!(amounts("a USD 30,000 fee", "EUR"), ["USD"]);
        assert!(amounts("the USD plan", "EUR").is_empty());
        assert_eq!(amounts("A$4.7M in Sydney", "USD"), ["A$4.7M"]);
    }

    #[test]
    fn only_string_values_are_read() {
        let mut block = false;
        let s = strings("name = \"Grants ($120k)\" # about $5", &mut block);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].1, "Grants ($120k)");
    }
}
