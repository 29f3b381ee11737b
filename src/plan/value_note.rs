//! The basis of a value per unit, read from the author's own comment beside
//! it: `value_per_unit = 1_150   # average first-year ARR of a self-serve
//! upgrade, FY2027 cohort`. Authors write what a value is where they type
//! it, in a TOML comment the format does not read; a board reader then saw
//! "not valued — the plan gives a value per upgrade but not whether it is
//! revenue, margin or lifetime value" beside a plan that said it. Where
//! `value_basis` is not typed, a comment on the value's own line (or the
//! lone comment line directly above it) that names a kind of money is
//! taken as the basis, quoted as the author's note; `check` still asks for
//! `value_basis` (`value-basis-from-note`).
//!
//! A comment is a basis only when it names money of a kind (revenue, ARR,
//! margin, lifetime value, …): a unit ("# GBP", "# per customer") says
//! nothing of what the value is, and a marker of doubt ("TODO", "TBC",
//! "?") is no basis the author stands behind.

use crate::diagnostic::Span;

/// The author's note beside a value, and the basis the deck counts it on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueNote {
    /// The comment's words, as written (without `#`).
    pub words: String,
    /// What they say the value is, in the deck's words: "first-year ARR",
    /// "gross margin", "revenue", "lifetime value".
    pub basis: String,
}

/// The comment beside the value at `span` in `text`: after it on its line,
/// else a lone whole-line comment on the line directly above (one line of
/// a comment block is not read).
pub fn comment_beside(text: &str, span: &Span) -> Option<String> {
    let after = text.get(span.end..)?;
    let line_rest = after.split('\n').next().unwrap_or("");
    if let Some(c) = line_rest.trim_start().strip_prefix('#') {
        return non_empty(c);
    }
    let before = text.get(..span.start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let above = before.get(..line_start.checked_sub(1)?)?;
    let mut lines = above.rsplit('\n');
    let above_line = lines.next().unwrap_or(above);
    // A comment block above is the format's or a section's explanation
    // ("# The value bridge (optional): … so the deck shows revenue"), not
    // a note on this value: only a lone comment line is read.
    if lines
        .next()
        .is_some_and(|l| l.trim_start().starts_with('#'))
    {
        return None;
    }
    above_line
        .trim_start()
        .strip_prefix('#')
        .and_then(non_empty)
}

fn non_empty(c: &str) -> Option<String> {
    let c = c.trim().trim_start_matches('#').trim();
    (!c.is_empty()).then(|| c.to_string())
}

/// Words that mark a comment as the author's doubt, not a basis.
const DOUBT: &[&str] = &[
    "todo",
    "tbc",
    "tbd",
    "fixme",
    "xxx",
    "placeholder",
    "verify",
    "confirm",
    "check",
];

/// The basis a comment names, or `None` when it names no money of a kind
/// (or doubts itself). The first kind found in this order wins: a
/// lifetime value is not a year's, and margin left by revenue is margin.
pub fn basis_of_comment(comment: &str) -> Option<String> {
    let lower = comment.to_lowercase();
    if lower.contains('?') {
        return None;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| {
        let p: Vec<&str> = p.split(' ').collect();
        words.windows(p.len()).any(|win| win == p.as_slice())
    };
    if DOUBT.iter().any(|d| has(d)) {
        return None;
    }
    let kind = if phrase("lifetime value") || has("ltv") || has("clv") || has("lifetime") {
        return Some("lifetime value".to_string());
    } else if phrase("gross margin") {
        "gross margin"
    } else if has("contribution") {
        "contribution margin"
    } else if has("margin") || has("profit") {
        "margin"
    } else if has("arr") {
        "ARR"
    } else if has("mrr") {
        "MRR"
    } else if [
        "revenue", "sales", "bookings", "adr", "aov", "arpu", "arpa", "acv",
    ]
    .iter()
    .any(|w| has(w))
        || phrase("order value")
    {
        "revenue"
    } else {
        return None;
    };
    // A value of one year is said so, as a typed "first-year gross margin"
    // is: the deck's horizon note reads it.
    let first_year = has("first-year")
        || phrase("first year")
        || phrase("first 12 months")
        || has("12-month")
        || has("annual")
        || phrase("a year")
        || phrase("per year");
    Some(if first_year && kind != "MRR" {
        format!("first-year {kind}")
    } else {
        kind.to_string()
    })
}

/// The note beside a value with no typed `value_basis`, where it names a
/// basis.
pub fn read(text: &str, span: &Span) -> Option<ValueNote> {
    let words = comment_beside(text, span)?;
    let basis = basis_of_comment(&words)?;
    Some(ValueNote { words, basis })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str) -> Option<ValueNote> {
        let at = text.find("1_150").unwrap_or(0);
        read(text, &(at..at + 5))
    }

    #[test]
    fn a_comment_on_the_line_names_the_basis() {
        let n = note("value_per_unit = 1_150   # average first-year ARR of an upgrade\n");
        assert_eq!(n.map(|n| n.basis), Some("first-year ARR".to_string()));
        let n = note("a = 1\nvalue_per_unit = 1_150 # forecast opening ADR, net of commission");
        assert_eq!(n.map(|n| n.basis), Some("revenue".to_string()));
    }

    #[test]
    fn the_comment_line_directly_above_counts_and_no_other() {
        let n = note("# gross margin per account, first 12 months\nvalue_per_unit = 1_150\n");
        assert_eq!(
            n.map(|n| n.basis),
            Some("first-year gross margin".to_string())
        );
        assert_eq!(
            note("# gross margin per account\n\nvalue_per_unit = 1_150\n"),
            None
        );
        assert_eq!(
            note("# gross margin\nname = \"x\"\nvalue_per_unit = 1_150\n"),
            None
        );
        // A block explaining the section is no note on the value.
        assert_eq!(
            note(
                "# The value bridge: what is won,\n# so the deck shows revenue.\nvalue_per_unit = 1_150\n"
            ),
            None
        );
    }

    #[test]
    fn a_unit_or_a_doubt_is_no_basis() {
        assert_eq!(note("value_per_unit = 1_150 # GBP per customer\n"), None);
        assert_eq!(
            note("value_per_unit = 1_150 # TODO: margin or revenue\n"),
            None
        );
        assert_eq!(note("value_per_unit = 1_150 # revenue?\n"), None);
        assert_eq!(
            note("value_per_unit = 1_150 # LTV, tbc with finance\n"),
            None
        );
        assert_eq!(note("value_per_unit = 1_150\n"), None);
    }
}
