//! Reading typed values out of toml's spanned document tree.
//!
//! serde stops at the first error; a plan author wants every problem in one
//! run, each pointing at its line. So the loader walks `toml::de::DeTable`
//! (which keeps the span of every key and value) with this small reader:
//! each accessor records the key as known, reports a located finding when
//! the value has the wrong type, and `finish` reports the keys nobody asked
//! for, with a "did you mean" from the keys that were asked for.
//!
//! This file holds the reader and what every accessor shares (recording a
//! key as known, reporting a missing or mistyped one, tables, `finish`);
//! its accessors for words are in `text`, for quantities in `numbers`.

mod numbers;
mod text;

use std::cell::RefCell;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::rules;
use crate::diagnostic::{Finding, Span, did_you_mean};

/// Collects the loader's findings; shared by every `Fields` of one file.
pub struct Sink<'s> {
    text: &'s str,
    findings: RefCell<Vec<Finding>>,
}

impl<'s> Sink<'s> {
    pub fn new(text: &'s str) -> Self {
        Sink {
            text,
            findings: RefCell::new(Vec::new()),
        }
    }

    pub fn push(&self, finding: Finding) {
        self.findings.borrow_mut().push(finding);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings.into_inner()
    }

    /// The plan's text, for what the TOML tree does not keep: the author's
    /// comment beside a value (`plan::value_note`).
    pub fn text(&self) -> &'s str {
        self.text
    }

    pub fn is_clean(&self) -> bool {
        self.findings.borrow().is_empty()
    }

    /// The first line of a span: a multi-line table is pointed at by its header.
    pub fn head(&self, span: &Span) -> Span {
        let rest = self.text.get(span.start..span.end).unwrap_or("");
        let len = rest.find('\n').unwrap_or(rest.len());
        span.start..span.start + len
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Items per section (`[[channels]]`, …) a plan may have: far beyond any
/// real plan, and it bounds the work the alignment rules do.
pub const MAX_ITEMS: usize = 5_000;

/// Characters one text value may have. A strategy statement or a finding is
/// a few hundred; a slide can't show more than about two thousand. Longer
/// text is a paste gone wrong, and would turn into thousands of
/// continuation slides.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// One TOML table being read.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Span,
    /// How the table is named in messages: "[plan]", "channel `search`".
    what: String,
    known: Vec<&'static str>,
    sink: &'a Sink<'a>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        table: &'a DeTable<'i>,
        span: Span,
        what: impl Into<String>,
        sink: &'a Sink<'a>,
    ) -> Self {
        Fields {
            table,
            span,
            what: what.into(),
            known: Vec::new(),
            sink,
        }
    }

    pub fn span(&self) -> Span {
        self.span.clone()
    }

    pub fn sink(&self) -> &'a Sink<'a> {
        self.sink
    }

    /// Renames the table for later messages (once its id is known).
    pub fn name_as(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value<'i>> {
        self.known.push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref_str() == key)
            .map(|(_, v)| v)
    }

    fn missing(&self, key: &str, hint: &str) {
        self.sink.push(
            Finding::new(
                &rules::MISSING_FIELD,
                format!("{} has no `{key}`", self.what),
            )
            .at(self.sink.head(&self.span))
            .label(format!("`{key}` is required here"))
            .help(format!("add `{key} = {hint}`")),
        );
    }

    fn wrong_type(&self, key: &str, value: &Value<'i>, expected: &str) {
        self.sink.push(
            Finding::new(
                &rules::WRONG_TYPE,
                format!("`{key}` in {} should be {expected}", self.what),
            )
            .at(value.span())
            .label(format!("this is {}", article(value.get_ref().type_str())))
            .help(format!("write `{key}` as {expected}")),
        );
    }

    pub fn invalid(&self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.sink.push(
            Finding::new(&rules::INVALID_VALUE, message)
                .at(span)
                .help(help),
        );
    }

    /// Marks keys as fields of this table without reading them (for keys
    /// looked at with `get_span` first), so that "did you mean" knows them.
    pub fn know(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    fn has(&self, key: &str) -> bool {
        self.table
            .iter()
            .any(|(k, _)| k.get_ref().as_ref_str() == key)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.has(key)
    }

    /// The span of a key's value, if present (does not read it).
    pub fn get_span(&self, key: &str) -> Option<Span> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref_str() == key)
            .map(|(_, v)| v.span())
    }

    pub fn table(&mut self, key: &'static str) -> Option<Fields<'a, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Fields::new(t, v.span(), format!("[{key}]"), self.sink)),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[key]]` or `key = [{...}, {...}]`).
    pub fn tables(&mut self, key: &'static str, what: &str) -> Vec<Fields<'a, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) if items.len() > MAX_ITEMS => {
                self.invalid(
                    v.span(),
                    format!(
                        "`{key}` has {} items; a plan may have at most {MAX_ITEMS}",
                        items.len()
                    ),
                    "split the plan (one per business unit) and compare them with `mvplan review`",
                );
                Vec::new()
            }
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(n, item)| match item.get_ref() {
                    DeValue::Table(t) => Some(Fields::new(
                        t,
                        item.span(),
                        format!("{what} #{}", n + 1),
                        self.sink,
                    )),
                    _ => {
                        self.wrong_type(
                            key,
                            item,
                            &format!("a table (write `[[{key}]]` sections)"),
                        );
                        None
                    }
                })
                .collect(),
            DeValue::Table(_) => {
                self.wrong_type(
                    key,
                    v,
                    &format!("an array of tables: write `[[{key}]]`, not `[{key}]`"),
                );
                Vec::new()
            }
            _ => {
                self.wrong_type(key, v, &format!("an array of tables (`[[{key}]]`)"));
                Vec::new()
            }
        }
    }

    /// Reports every key that no accessor asked for.
    pub fn finish(self) {
        for (k, _) in self.table.iter() {
            let key = k.get_ref().as_ref_str();
            if self.known.contains(&key) {
                continue;
            }
            let mut f = Finding::new(
                &rules::UNKNOWN_FIELD,
                format!("unknown field `{key}` in {}", self.what),
            )
            .at(k.span())
            .label("not a field mvplan knows");
            let mut known = self.known.clone();
            known.sort_unstable();
            known.dedup();
            f = match did_you_mean(key, known.iter().copied()) {
                Some(m) => f.help(format!("did you mean `{m}`?")),
                None => f.help(format!("the fields here are: {}", known.join(", "))),
            };
            self.sink.push(f);
        }
    }
}

trait AsRefStr {
    fn as_ref_str(&self) -> &str;
}

impl AsRefStr for std::borrow::Cow<'_, str> {
    fn as_ref_str(&self) -> &str {
        self.as_ref()
    }
}

fn article(type_name: &str) -> String {
    let an = matches!(type_name.chars().next(), Some('a' | 'e' | 'i' | 'o' | 'u'));
    format!("{} {type_name}", if an { "an" } else { "a" })
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A slug suggestion for an invalid id.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out
        .trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>();
    if out.is_empty() { "item-1".into() } else { out }
}
