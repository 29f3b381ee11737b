//! Chart labels that fit their room without being cut: a name in two
//! lines, or without its parentheses, before any "…" (split from
//! chart.rs, which draws the charts).

use super::chart::ChartStyle;
use super::fonts::Face;

impl ChartStyle<'_> {
    /// A legend name that fits `width`: whole when it does, else without
    /// its parentheses, else cut.
    pub(super) fn fit_wrapped(&self, text: &str, size: f32, width: f32) -> String {
        let fits = |t: &str| self.fonts.width(Face::Regular, size, t) <= width;
        if fits(text) {
            return text.to_string();
        }
        let short = without_parentheses(text);
        if fits(&short) {
            return short;
        }
        self.fit(&short, size, Face::Regular, width)
    }

    /// A row label in at most two lines of `width`: whole on one line; else
    /// wrapped at words (a size smaller); else without its parentheses
    /// ("Paid search — part-number & cross-reference terms"). Only a name
    /// that still does not fit is cut with "…" (a board read "part-number
    /// &…" as a broken chart).
    pub(super) fn label_lines(&self, text: &str, size: f32, width: f32) -> (Vec<String>, f32) {
        let w = |t: &str, sz: f32| self.fonts.width(Face::Regular, sz, t);
        if w(text, size) <= width {
            return (vec![text.to_string()], size);
        }
        let small = size * 0.85;
        let bare = without_parentheses(text);
        for candidate in [text, bare.as_str()] {
            if w(candidate, size) <= width {
                return (vec![candidate.to_string()], size);
            }
            let mut lines = vec![String::new()];
            for word in candidate.split_whitespace() {
                let last = lines.last_mut().map(std::mem::take).unwrap_or_default();
                let joined = if last.is_empty() {
                    word.to_string()
                } else {
                    format!("{last} {word}")
                };
                if last.is_empty() || w(&joined, small) <= width {
                    if let Some(l) = lines.last_mut() {
                        *l = joined;
                    }
                } else {
                    if let Some(l) = lines.last_mut() {
                        *l = last;
                    }
                    lines.push(word.to_string());
                }
            }
            if lines.len() <= 2 && lines.iter().all(|l| w(l, small) <= width) {
                return (lines, small);
            }
        }
        (vec![self.fit(&bare, size, Face::Regular, width)], size)
    }
}

/// A name without its parenthesised parts: "Paid search (Google, Bing) —
/// part-number terms" → "Paid search — part-number terms".
fn without_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().any(char::is_alphanumeric) {
        out
    } else {
        text.to_string()
    }
}
