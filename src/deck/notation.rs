//! One notation of money per deck. The author's own amounts reach slides
//! through many fields — ask titles, scenario names, risks, insights, goal
//! statements — and any one that bypasses `format::restate_amounts` prints
//! "€412m" beside the deck's "€412M". The deck writes millions and billions
//! with a capital (`format_money`), so an amount with a lowercase "m" or
//! "bn" after the plan's currency symbol is the author's, whichever field
//! it came from: it is restated once, over the rendered deck.

use crate::format::restate_amounts;
use crate::plan::money::symbol;

/// `md` with every "€412m" / "$1.5bn" in the plan's currency written as
/// the deck writes money ("€412M", "$1.5B"); everything else untouched.
pub fn restate_author_amounts(md: &str, currency: &str) -> String {
    let sym = symbol(currency);
    if sym == currency || sym.trim().is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(i) = rest.find(sym) {
        let after = &rest[i + sym.len()..];
        let number = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(after.len());
        let tail = &after[number..];
        let suffix = if tail.starts_with("bn") {
            2
        } else if tail.starts_with('m') {
            1
        } else {
            0
        };
        let word_end = !tail[suffix..].starts_with(char::is_alphanumeric);
        let end = i + sym.len() + number + suffix;
        if suffix > 0 && number > 0 && word_end {
            out.push_str(&rest[..i]);
            out.push_str(&restate_amounts(&rest[i..end], currency));
        } else {
            out.push_str(&rest[..i + sym.len()]);
            rest = after;
            continue;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_authors_millions_are_restated() {
        assert_eq!(
            restate_author_amounts("from €412m to €445m; €1.2M, €5.5k, €3m€, €2mm", "EUR"),
            "from €412M to €445M; €1.2M, €5.5k, €3M€, €2mm"
        );
        assert_eq!(
            restate_author_amounts(r"hold \$1.5bn", "USD"),
            r"hold \$1.5B"
        );
        assert_eq!(restate_author_amounts("£20m", "EUR"), "£20m");
    }
}
