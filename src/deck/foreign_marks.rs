//! An amount in another currency, in the author's words, says which
//! currency it is the first time the deck shows it: "~$120k/yr (in USD, as
//! the plan states: no EUR rate given)" in a euro plan. The plan gives no
//! rate, so the deck converts nothing; a board otherwise read "$120k" beside
//! "€0" as one currency. Said once for the deck, not on every slide the
//! words reach: readers counted each repeat as a lapse
//! (`currency-foreign-amount` asks the author for the plan's currency).

use crate::check::foreign_amounts::foreign;

/// The currency a symbol writes, where one symbol says one currency.
const CODES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("S$", "SGD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
];

/// `md` with the deck's first foreign amount marked with its currency
/// (not in chart blocks or HTML comments).
pub fn mark_foreign(md: &str, currency: &str) -> String {
    let own = crate::currency::symbol(currency).trim().to_string();
    let mut done = false;
    md.split("\n---\n")
        .enumerate()
        .map(|(i, slide)| {
            if i == 0 || done {
                slide.to_string()
            } else {
                let marked = mark_first(slide, &own, currency);
                done = marked.len() != slide.len();
                marked
            }
        })
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn mark_first(slide: &str, own: &str, currency: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let (mut fenced, mut comment, mut done) = (false, false, false);
    for line in slide.split('\n') {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
        }
        let skip = done || fenced || comment || t.starts_with("<!--");
        if t.contains("<!--") && !t.contains("-->") {
            comment = true;
        } else if comment && t.contains("-->") {
            comment = false;
        }
        let hit = (!skip)
            .then(|| foreign(line, own, currency))
            .and_then(|found| {
                found.into_iter().find_map(|(at, amount)| {
                    // Never inside a quotation of the plan's words.
                    let before = &line[..at];
                    if before.matches('“').count() > before.matches('”').count() {
                        return None;
                    }
                    let code = CODES.iter().find(|(s, _)| amount.starts_with(s))?.1;
                    Some((at + amount.len(), code))
                })
            });
        match hit {
            Some((end, code)) => {
                // After the amount's own tail ("/yr", "/month"), before any
                // bracket or punctuation that closes the phrase.
                let tail = line[end..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '/'))
                    .map_or(line.len(), |k| end + k);
                out.push(format!(
                    "{} (in {code}, as the plan states: no {currency} rate given){}",
                    &line[..tail],
                    &line[tail..]
                ));
                done = true;
            }
            None => out.push(line.to_string()),
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::mark_foreign;

    #[test]
    fn a_foreign_amount_says_its_currency_once_a_deck() {
        let md = "---\n---\n# T\n\nGoogle Ad Grants (in-kind, ~\\$120k/yr) | €0\n\nthen \\$10k/month\n\n---\n\nNo foreign money: €5k\n\n---\n\nAgain ~\\$120k/yr";
        let out = mark_foreign(md, "EUR");
        assert!(
            out.contains("~\\$120k/yr (in USD, as the plan states: no EUR rate given)) | €0"),
            "{out}"
        );
        assert!(out.contains("then \\$10k/month\n"), "{out}");
        assert!(out.contains("No foreign money: €5k"), "{out}");
        assert!(out.ends_with("Again ~\\$120k/yr"), "{out}");
        let quoted = mark_foreign("---\n---\nassumption “stays at \\$10k/month”", "EUR");
        assert!(quoted.ends_with("“stays at \\$10k/month”"), "{quoted}");
    }
}
