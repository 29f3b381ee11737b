//! Marp directives and front-matter values: which are known, and how their
//! values read (quoted strings, booleans, plain-text headers and footers).

/// Directives mvplan reads or knowingly ignores; others are reported.
const DIRECTIVES: &[&str] = &[
    "class",
    "paginate",
    "header",
    "footer",
    "theme",
    "size",
    "title",
    "author",
    "description",
    "marp",
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "color",
    "style",
    "headingDivider",
    "math",
    "lang",
    "transition",
    "url",
    "image",
    "keywords",
];

/// A header or footer as the renderers draw it: plain text, so the
/// Markdown escapes a template put in (`AT\&T`, for Marp, which reads them
/// as Markdown) are undone, and emphasis markers are dropped.
pub(super) fn plain_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                out.extend(chars.next());
            }
            '*' | '_' if chars.peek() == Some(&c) => {
                chars.next();
            }
            c => out.push(c),
        }
    }
    out
}

/// `"a \"b\""` → `a "b"`; unquoted values pass through trimmed.
pub(super) fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let mut out = String::new();
        let mut chars = v[1..v.len() - 1].chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    }
}

/// `key: value` lines of a directive comment or front matter. `None` when a
/// line is not of that form or the key is not a Marp directive (then the
/// comment is a speaker note).
pub(super) fn directives(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim();
        if !DIRECTIVES.contains(&key.trim_start_matches('_')) {
            return None;
        }
        out.push((key.to_string(), unquote(value)));
    }
    (!out.is_empty()).then_some(out)
}

pub(super) fn truthy(v: &str) -> bool {
    !matches!(v.trim(), "false" | "no" | "off" | "0" | "")
}
