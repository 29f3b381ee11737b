//! Is the plan ready to hand in? Text still marked as a placeholder, and a
//! budget ask that no longer matches the budget it asks for.

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{AskKind, Status};

pub const PLACEHOLDER: Rule = Rule {
    id: "placeholder-text",
    severity: Severity::Warning,
    family: "submission",
    summary: "text is still a placeholder from the starter plan",
    explanation: "`mvplan new` writes a starter plan whose values are placeholders, marked \
«REPLACE» (or written between « and »). A value still as the starter wrote it, or any text \
between « and », has not been written yet: the deck would show it to a board as if it were the \
plan. It is a warning while the plan is a draft and an error once its status is `submitted` or \
`approved`. Replace the value with the plan's own.",
    configurable: true,
};

pub const ASK_BUDGET_MISMATCH: Rule = Rule {
    id: "ask-budget-mismatch",
    severity: Severity::Warning,
    family: "submission",
    summary: "a budget ask does not match the budget it asks for",
    explanation: "A `kind = \"budget\"` ask that asks for the plan's budget (its text speaks of \
\"the budget\", or it asks for nearly all of it, or more) must ask for `[budget] total` exactly, \
and an amount written in its text must be its `amount`: a CMO approving \"€1M\" while the \
plan spends €1.4M approves the wrong number. An ask for part of the money (\"€160k for product \
information management\") is left alone. Update the ask's `amount` and text when the total \
changes.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&PLACEHOLDER, &ASK_BUDGET_MISMATCH];

/// The starter plan: its lines marked «REPLACE» hold placeholder values.
const STARTER: &str = include_str!("../../templates/new/starter.toml");

pub fn check(cx: &mut Ctx<'_>) {
    placeholders(cx);
    budget_asks(cx);
}

/// A TOML line's code, without its comment (a `#` inside a string is text).
///
/// Read byte by byte: the quotes, the backslash and `#` are ASCII, and no
/// byte of a multi-byte character is ASCII, so the indices are the ones
/// `char_indices` gives, without decoding every line of the plan.
fn code(line: &str) -> &str {
    let mut in_string: Option<u8> = None;
    let mut escaped = false;
    for (i, c) in line.bytes().enumerate() {
        match in_string {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == b'\\' && q == b'"' {
                    escaped = true;
                } else if c == q {
                    in_string = None;
                }
            }
            None if c == b'"' || c == b'\'' => in_string = Some(c),
            None if c == b'#' => return &line[..i],
            None => {}
        }
    }
    line
}

/// The starter's placeholder lines (code, trimmed), read from the starter
/// once per process: a `review` checks a thousand plans against them.
fn starter_lines() -> &'static [&'static str] {
    static LINES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        STARTER
            .lines()
            .filter(|l| l.contains("«REPLACE»"))
            .map(|l| code(l).trim())
            .filter(|c| c.contains('='))
            .collect()
    })
}

fn placeholders(cx: &mut Ctx<'_>) {
    let Some(text) = cx.source else { return };
    let starter = starter_lines();
    let submitted = cx.plan.meta.status != Status::Draft;
    let mut offset = 0;
    let mut found = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = code(line.trim_end_matches(['\n', '\r']));
        let trimmed = code.trim();
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let marked = value.find('«').is_some_and(|i| value[i..].contains('»'));
        let unedited = starter.contains(&trimmed);
        if !(marked || unedited) || value.is_empty() {
            continue;
        }
        found += 1;
        // A whole starter left as it is would give one finding per line:
        // the first few say where, the count says the rest.
        if found > 5 {
            continue;
        }
        let at = start + code.find(value).unwrap_or(0);
        let why = if marked {
            "is still a placeholder (text between « and »)"
        } else {
            "is still the starter plan's placeholder"
        };
        let mut f = Finding::new(&PLACEHOLDER, format!("`{key}` {why}"))
            .at(at..at + value.len())
            .help("write the plan's own value here");
        if submitted {
            f.severity = Severity::Error;
            f = f.label(format!(
                "the plan is {}: placeholders are errors",
                format!("{:?}", cx.plan.meta.status).to_lowercase()
            ));
        }
        cx.report(f);
    }
    if found > 5 {
        let mut f = Finding::new(
            &PLACEHOLDER,
            format!("{} more placeholder values", found - 5),
        )
        .help("search the file for «REPLACE» and for text between « and »");
        if submitted {
            f.severity = Severity::Error;
        }
        cx.report(f);
    }
}

/// An amount written in an ask's text ("Approve the €1.2M budget"), if any.
fn amount_in_text(text: &str) -> Option<Decimal> {
    text.split_whitespace().find_map(|word| {
        let word = word.trim_end_matches([',', '.', ';', ':', ')']);
        let starts_money = word.starts_with(['€', '$', '£', '¥', '₹']);
        if !starts_money {
            return None;
        }
        crate::plan::money::parse_amount(word).ok().map(|a| a.value)
    })
}

fn budget_asks(cx: &mut Ctx<'_>) {
    let total = cx.plan.budget.total.value;
    for a in cx.plan.asks.iter().filter(|a| a.kind == AskKind::Budget) {
        let Some(amount) = &a.amount else { continue };
        let lower = a.ask.to_lowercase();
        let stated = amount_in_text(&a.ask);
        if let Some(s) = stated {
            // The text rounds ("€6.0M"): a difference beyond its rounding.
            let tolerance = (amount.value.abs() / Decimal::from(100)).max(Decimal::ONE);
            if (s - amount.value).abs() > tolerance {
                cx.report(
                    Finding::new(
                        &ASK_BUDGET_MISMATCH,
                        format!(
                            "ask `{}` says {} in its text but asks for {}",
                            a.id.value,
                            cx.money(s),
                            cx.money(amount.value)
                        ),
                    )
                    .at(amount.span.clone())
                    .help("make the text and `amount` say the same"),
                );
                continue;
            }
        }
        let whole = (lower.contains("budget") && !lower.contains(" for "))
            || amount.value * Decimal::from(10) >= total * Decimal::from(9);
        if whole && amount.value != total {
            cx.report(
                Finding::new(
                    &ASK_BUDGET_MISMATCH,
                    format!(
                        "ask `{}` asks for {}, but the plan's total budget is {}",
                        a.id.value,
                        cx.money(amount.value),
                        cx.money(total)
                    ),
                )
                .at(amount.span.clone())
                .label(format!("[budget] total is {}", cx.money(total)))
                .help("ask for the total (and say it in the ask's text), or change the total"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code;
    use proptest::prelude::*;

    /// `code` as it read a line before, character by character.
    fn by_chars(line: &str) -> &str {
        let mut in_string: Option<char> = None;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match in_string {
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && q == '"' {
                        escaped = true;
                    } else if c == q {
                        in_string = None;
                    }
                }
                None if c == '"' || c == '\'' => in_string = Some(c),
                None if c == '#' => return &line[..i],
                None => {}
            }
        }
        line
    }

    proptest! {
        /// Byte by byte cuts where character by character did, with
        /// quotes, escapes and multi-byte characters (an escaped `é`).
        #[test]
        fn code_cuts_where_the_characters_say(line in "[a=#\"'\\\\é€ ]{0,30}") {
            prop_assert_eq!(code(&line), by_chars(&line));
        }
    }

    #[test]
    fn a_hash_in_a_string_is_text() {
        assert_eq!(
            code(r#"name = "Q#1 «REPLACE»" # note"#),
            r#"name = "Q#1 «REPLACE»" "#
        );
        assert_eq!(code(r#"a = 'x\' # y"#), r#"a = 'x\' "#);
        assert_eq!(code(r##"a = "é\"#" # y"##), r##"a = "é\"#" "##);
    }
}
