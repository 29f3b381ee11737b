//! Writing a changed copy of a plan by editing its text where values were
//! read (their spans), so that comments, order and layout survive and
//! `mvplan diff` / `git diff` show only what changed.

use rust_decimal::Decimal;

use crate::diagnostic::Span;

/// Replaces each span with its text. Spans must not overlap; they are
/// applied from the end so earlier offsets stay valid.
pub fn apply(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for (span, new) in edits {
        if span.start <= span.end
            && span.end <= out.len()
            && out.is_char_boundary(span.start)
            && out.is_char_boundary(span.end)
        {
            out.replace_range(span, &new);
        }
    }
    out
}

/// An amount as a TOML number: `1080000` → `1_080_000`, `12.5` → `12.5`.
pub fn amount(value: Decimal) -> String {
    let s = value.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            out.push('_');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// Where to insert a sub-table of the item whose id is at `id_at`: after its
/// last line of content, before the comments and blank lines that lead
/// into the next top-level header (`[budget]`, `[[channels]]`).
pub fn end_of_item(text: &str, id_at: usize, section: &str) -> usize {
    let own = format!("[{section}.");
    let own_array = format!("[[{section}.");
    let mut last_content_end = text[..id_at.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut pos = last_content_end;
    for line in text[pos..].split_inclusive('\n') {
        let t = line.trim_start();
        let starts_header = t.starts_with('[');
        if starts_header && pos > id_at && !t.starts_with(&own) && !t.starts_with(&own_array) {
            break;
        }
        pos += line.len();
        if !t.trim().is_empty() && !t.starts_with('#') {
            last_content_end = pos;
        }
    }
    last_content_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_like_the_plans_people_write() {
        assert_eq!(amount(Decimal::from(1_080_000)), "1_080_000");
        assert_eq!(amount(Decimal::from(9_000)), "9000");
        assert_eq!(amount(Decimal::new(125, 1)), "12.5");
    }

    #[test]
    fn sub_tables_go_after_the_item_not_into_the_next_section() {
        let text = "[[channels]]\nid = \"a\"\nbudget = 1\n\n[channels.x]\nk = 1\n\n# ── Budget\n[budget]\ntotal = 1\n";
        let at = end_of_item(text, text.find("id =").unwrap(), "channels");
        assert_eq!(
            &text[..at],
            "[[channels]]\nid = \"a\"\nbudget = 1\n\n[channels.x]\nk = 1\n"
        );
    }
}
