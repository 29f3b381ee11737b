//! Plan text → Markdown text that shows the same characters and can't change
//! the deck's structure.
//!
//! Every `{{ value }}` in a template goes through [`markdown`] (Tera's
//! autoescape with this function in place of HTML escaping), so a plan string
//! containing `|`, `---`, `*`, `#`, `<script>` or a newline can't break a
//! table, split a slide, start a list or inject HTML. CommonMark lets any ASCII
//! punctuation be backslash-escaped; we escape only the characters that can
//! start structure, so decks stay readable in a diff.

use std::io::Write;

/// Characters escaped wherever they appear.
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '$', '&', '!',
];

/// Escapes `input` as inline Markdown text. Line breaks become spaces: a value
/// always stays on the line the template put it on.
pub fn markdown(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let text = collapse_whitespace(input);
    let mut chars = text.chars().peekable();
    // Line-start constructs: `- item`, `+ item`, `1. item`, `= ` (setext), `---`.
    if let Some(&first) = chars.peek() {
        if matches!(first, '-' | '+' | '=') {
            let rest = &text[first.len_utf8()..];
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                out.push('\\');
            }
        } else if first.is_ascii_digit() {
            let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
            let after = &text[digits..];
            if digits <= 9
                && (after.starts_with(". ")
                    || after.starts_with(") ")
                    || after == "."
                    || after == ")")
            {
                out.push_str(&text[..digits]);
                out.push('\\');
                for _ in 0..digits {
                    chars.next();
                }
            }
        }
    }
    for c in chars {
        if ALWAYS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// All runs of whitespace that contain a line break (or any control
/// character) become one space; leading and trailing whitespace goes.
fn collapse_whitespace(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.trim().chars() {
        if c == '\n' || c == '\r' || c == '\t' || c.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Text for inside a fenced code block (chart data): no line breaks, no
/// backticks (which could close the fence), and no `#` at the start (which
/// would make a data line an option line). Chart lines split at the *last*
/// `: `, so colons and commas in a label are fine.
pub fn fenced(input: &str) -> String {
    let text: String = collapse_whitespace(input)
        .chars()
        .map(|c| if c == '`' { '\'' } else { c })
        .collect();
    // Option lines start with `#` in the first column; a leading space keeps
    // a label that starts with `#` a data line (renderers trim labels).
    if text.starts_with('#') {
        format!(" {text}")
    } else {
        text
    }
}

/// A link or image destination: characters that would end or break it
/// (spaces, parentheses, angle brackets, backslashes, control characters)
/// are percent-encoded.
pub fn url(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '\\' | '"' | '`' | '[' | ']' => {
                for b in c.to_string().bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted scalar (front matter).
pub fn yaml(input: &str) -> String {
    let mut out = String::from("\"");
    for c in collapse_whitespace(input).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Tera's escape hook.
pub fn tera_escape(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(markdown(input).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_characters_are_escaped() {
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(markdown("**bold** _it_"), "\\*\\*bold\\*\\* \\_it\\_");
        assert_eq!(markdown("# Heading"), "\\# Heading");
        assert_eq!(markdown("line one\n---\nline two"), "line one --- line two");
    }

    #[test]
    fn line_start_markers_are_escaped_but_numbers_are_not() {
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("---"), "\\---");
        assert_eq!(markdown("-12%"), "-12%");
        assert_eq!(markdown("1. first"), "1\\. first");
        assert_eq!(markdown("1.2M"), "1.2M");
        assert_eq!(markdown("2027 plan"), "2027 plan");
    }

    #[test]
    fn newlines_never_survive() {
        let s = markdown("a\n\n---\n\n# b\r\n| c |");
        assert!(!s.contains('\n') && !s.contains('\r'));
        assert_eq!(s, "a --- \\# b \\| c \\|");
    }

    #[test]
    fn ordinary_prose_is_left_alone() {
        let s = "Grow ARR from €42M to €55M (mid-market), n=48; 70% self-directed.";
        assert_eq!(markdown(s), s);
    }

    #[test]
    fn urls_cannot_break_out_of_their_parentheses() {
        assert_eq!(url("my logo (v2).png"), "my%20logo%20%28v2%29.png");
        assert_eq!(url("a)\n![x](evil"), "a%29!%5Bx%5D%28evil");
    }

    #[test]
    fn fenced_and_yaml_are_safe_in_their_contexts() {
        assert_eq!(fenced("a: b,\n```"), "a: b, '''");
        assert_eq!(fenced("# not an option"), " # not an option");
        assert_eq!(yaml("say \"hi\"\n\\"), "\"say \\\"hi\\\" \\\\\"");
    }
}
