//! An objective's metric label, whole and as a title says it: read by
//! `shown` and by the move's words (`move_effect`), which `shown` itself
//! reads, so they sit below both.

use crate::plan::Objective;

/// An objective's metric, else its statement.
pub fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// The longest metric label a title says whole: a longer one
/// ("Marketing-sourced opportunity value created (SFDC)", 50 characters)
/// ran five titles of one deck to three lines and one to six (C5).
const TITLE_METRIC: usize = 32;

/// An objective's metric as a title says it: whole where it is short;
/// else the noun its own statement gives after the figure ("Generate
/// $48.5M of marketing-sourced pipeline" → "marketing-sourced pipeline"),
/// else the label without its parenthesised source ("… (SFDC)"). Tables
/// keep the whole label.
pub fn title_metric(o: &Objective) -> std::borrow::Cow<'_, str> {
    let full = metric(o);
    if full.chars().count() <= TITLE_METRIC {
        return full.into();
    }
    let bare = full.split(" (").next().unwrap_or(full).trim();
    match statement_noun(&o.statement) {
        Some(n) if n.chars().count() < bare.chars().count() => n.into(),
        _ => bare.into(),
    }
}

/// The noun phrase after a statement's first figure: "Generate $48.5M of
/// marketing-sourced pipeline in FY27" → "marketing-sourced pipeline";
/// none where the statement has no figure or nothing after it.
fn statement_noun(statement: &str) -> Option<String> {
    let words: Vec<&str> = statement.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.chars().any(|c| c.is_ascii_digit()))?;
    let stops = [
        "in", "by", "from", "for", "at", "per", "over", "across", "during", "within", "to", "vs",
        "versus", "and", "this", "next", "each", "a", "an",
    ];
    let mut out: Vec<&str> = Vec::new();
    for w in words.iter().skip(at + 1) {
        let lower = w.to_lowercase();
        if out.is_empty() && lower == "of" {
            continue;
        }
        if stops.contains(&lower.as_str()) || w.starts_with('(') {
            break;
        }
        let word = w.trim_end_matches([',', ';', '.', ':']);
        if !word.is_empty() {
            out.push(word);
        }
        if word.len() < w.len() {
            break;
        }
    }
    let noun = out.join(" ");
    (noun.chars().any(char::is_alphabetic) && noun.chars().count() <= TITLE_METRIC).then_some(noun)
}

#[cfg(test)]
mod tests {
    use super::statement_noun;

    #[test]
    fn a_statement_gives_the_noun_after_its_figure() {
        assert_eq!(
            statement_noun("Generate $48.5M of marketing-sourced pipeline").as_deref(),
            Some("marketing-sourced pipeline")
        );
        assert_eq!(
            statement_noun("Open 70,000 new funded accounts in FY27/28 (51,000 last year)")
                .as_deref(),
            Some("new funded accounts")
        );
        assert_eq!(statement_noun("Grow the brand"), None);
        assert_eq!(statement_noun("Reach 40%"), None);
    }
}
