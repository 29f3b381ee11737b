//! The reader's accessors for words: texts, ids, choices from a list,
//! booleans, and lists of them.

use toml::de::DeValue;

use super::{Fields, MAX_ITEMS, MAX_TEXT_CHARS, Value, is_slug, slugify};
use crate::diagnostic::did_you_mean;
use crate::plan::located::{Located, Ref};

impl<'a, 'i> Fields<'a, 'i> {
    pub fn str(&mut self, key: &'static str) -> Option<Located<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => self.bounded(key, s, v),
            _ => {
                self.wrong_type(key, v, "a string (in quotes)");
                None
            }
        }
    }

    pub fn req_str(&mut self, key: &'static str) -> Option<Located<String>> {
        let present = self.has(key);
        let v = self.str(key);
        if !present {
            self.missing(key, "\"...\"");
        }
        v
    }

    pub fn text(&mut self, key: &'static str) -> Option<String> {
        self.str(key).map(|l| l.value)
    }

    pub fn req_text(&mut self, key: &'static str) -> Option<String> {
        self.req_str(key).map(|l| l.value)
    }

    /// A text value, unless it is longer than [`MAX_TEXT_CHARS`].
    pub(super) fn bounded(&self, key: &str, s: &str, v: &Value<'i>) -> Option<Located<String>> {
        // Bytes bound characters from above: count only when it matters.
        if s.len() > MAX_TEXT_CHARS {
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.invalid(
                    self.sink.head(&v.span()),
                    format!(
                        "`{key}` in {} is {chars} characters long; text is limited to {MAX_TEXT_CHARS}",
                        self.what
                    ),
                    "shorten it: a slide shows a few hundred characters; link to longer documents",
                );
                return None;
            }
        }
        Some(Located::new(s.to_string(), v.span()))
    }

    /// A short slug identifying the item; references use it.
    pub fn id(&mut self) -> Option<Located<String>> {
        let id = self.req_str("id")?;
        self.slug(id)
    }

    /// An id the item may go without (a KPI needs one only to be tracked).
    pub fn opt_id(&mut self) -> Option<Located<String>> {
        let id = self.str("id")?;
        self.slug(id)
    }

    pub(super) fn slug(&mut self, id: Located<String>) -> Option<Located<String>> {
        if !is_slug(&id.value) {
            self.invalid(
                id.span.clone(),
                format!("`{}` is not a valid id", id.value),
                format!(
                    "ids are short slugs of lowercase letters, digits, `-` and `_`, e.g. `{}`",
                    slugify(&id.value)
                ),
            );
            return None;
        }
        Some(id)
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "`true` or `false`");
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let s = self.str(key)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s.value) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let help = match did_you_mean(&s.value, names.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? (one of: {})", names.join(", ")),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.invalid(
            s.span,
            format!("`{}` is not a valid `{key}` in {}", s.value, self.what),
            help,
        );
        None
    }

    pub fn req_choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let present = self.has(key);
        let v = self.choice(key, options);
        if !present {
            self.missing(key, &format!("\"{}\"", options[0].0));
        }
        v
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn strings(&mut self, key: &'static str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => self.bounded(key, s, v).into_iter().collect(),
            DeValue::Array(items) if items.len() > MAX_ITEMS => {
                self.invalid(
                    v.span(),
                    format!(
                        "`{key}` has {} items; a list may have at most {MAX_ITEMS}",
                        items.len()
                    ),
                    "keep the few that matter",
                );
                Vec::new()
            }
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => self.bounded(key, s, item),
                    _ => {
                        self.wrong_type(key, item, "a list of strings");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(key, v, "a list of strings, e.g. [\"a\", \"b\"]");
                Vec::new()
            }
        }
    }

    pub fn texts(&mut self, key: &'static str) -> Vec<String> {
        self.strings(key).into_iter().map(|l| l.value).collect()
    }

    /// A list of ids of other items.
    pub fn refs(&mut self, key: &'static str) -> Vec<Ref> {
        self.strings(key)
    }

    /// A table from names to lists of strings (`search = ["Cost per lead"]`).
    pub fn string_lists(
        &mut self,
        key: &'static str,
    ) -> Vec<(Located<String>, Vec<Located<String>>)> {
        let Some(sub) = self.table(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in sub.table.iter() {
            let name = Located::new(k.get_ref().to_string(), k.span());
            let items = match v.get_ref() {
                DeValue::String(s) => vec![Located::new(s.to_string(), v.span())],
                DeValue::Array(items) => items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::String(s) => Some(Located::new(s.to_string(), item.span())),
                        _ => {
                            sub.wrong_type(&name.value, item, "a list of strings");
                            None
                        }
                    })
                    .collect(),
                _ => {
                    sub.wrong_type(&name.value, v, "a list of strings, e.g. [\"a\", \"b\"]");
                    Vec::new()
                }
            };
            out.push((name, items));
        }
        out
    }
}
