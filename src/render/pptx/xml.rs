//! XML text: plan text is escaped, never markup, and characters XML 1.0
//! cannot hold (control characters other than tab and newlines) are
//! dropped — and counted, so the renderer can say so.

use std::cell::Cell;

thread_local! {
    static DROPPED: Cell<usize> = const { Cell::new(0) };
}

/// Characters dropped since the last call (and the count reset).
pub fn take_dropped() -> usize {
    DROPPED.with(|d| d.replace(0))
}

pub(super) fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

fn escape_into(out: &mut String, s: &str, quotes: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => DROPPED.with(|d| d.set(d.get() + 1)),
        }
    }
}

/// Text content.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, false);
    out
}

/// An attribute value (double-quoted).
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, true);
    out
}

/// An element written from values: the one way a value that came from
/// outside mvplan (a template's font name, a placeholder's index) enters
/// the XML mvplan writes. Names are mvplan's own; every value is escaped.
pub struct Tag {
    out: String,
}

/// Starts an element `<name`.
pub fn tag(name: &'static str) -> Tag {
    Tag {
        out: format!("<{name}"),
    }
}

impl Tag {
    /// Adds `key="value"`, escaped.
    pub fn attr(mut self, key: &'static str, value: impl std::fmt::Display) -> Tag {
        self.out.push(' ');
        self.out.push_str(key);
        self.out.push_str("=\"");
        escape_into(&mut self.out, &value.to_string(), true);
        self.out.push('"');
        self
    }

    /// Adds `key="value"` when there is a value.
    pub fn attr_opt(self, key: &'static str, value: Option<impl std::fmt::Display>) -> Tag {
        match value {
            Some(v) => self.attr(key, v),
            None => self,
        }
    }

    /// The element, empty: `<name …/>`.
    pub fn empty(mut self) -> String {
        self.out.push_str("/>");
        self.out
    }
}

/// A colour: the mvplan theme's, or one of a company template's scheme
/// colours (so the template's palette applies).
#[derive(Clone, Copy, Debug)]
pub enum Paint {
    Rgb(crate::theme::Rgb),
    Scheme(&'static str),
}

impl Paint {
    /// `<a:solidFill>` of the colour.
    pub fn solid(self) -> String {
        match self {
            Paint::Rgb(c) => format!(
                "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                c.hex().trim_start_matches('#').to_uppercase()
            ),
            Paint::Scheme(s) => format!("<a:solidFill><a:schemeClr val=\"{s}\"/></a:solidFill>"),
        }
    }
}

/// Points → English Metric Units (1 pt = 12,700 EMU).
pub fn emu(pt: f32) -> i64 {
    (f64::from(pt) * 12_700.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_stays_text_and_unholdable_characters_are_dropped() {
        take_dropped();
        assert_eq!(text("<a:t>&\u{1}x"), "&lt;a:t&gt;&amp;x");
        assert_eq!(attr("\"q\"\u{FFFF}"), "&quot;q&quot;");
        assert_eq!(take_dropped(), 2);
        assert_eq!(take_dropped(), 0);
    }

    #[test]
    fn tags_escape_every_value() {
        assert_eq!(
            tag("a:latin")
                .attr("typeface", "Brand & Co \"Sans\"")
                .empty(),
            "<a:latin typeface=\"Brand &amp; Co &quot;Sans&quot;\"/>"
        );
    }
}
