//! Writing the TOML text of the items read, recording which cell each part
//! came from.

use super::{Child, Scalar, Table, Val};
use crate::diagnostic::Span;

/// Writes TOML text, recording which cell each part came from.
#[derive(Default)]
pub(super) struct Emitter {
    pub(super) text: String,
    pub(super) cells: Vec<(Span, String)>,
}

impl Emitter {
    fn mark(&mut self, start: usize, cell: &str) {
        let end = self.text.len();
        self.cells.push((start..end, cell.to_string()));
    }

    fn scalar(&mut self, s: &Scalar, cell: &str) {
        let start = self.text.len();
        match s {
            Scalar::Str(s) => self
                .text
                .push_str(&toml_edit::Value::from(s.as_str()).to_string()),
            Scalar::Num(n) => self.text.push_str(n),
            Scalar::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            Scalar::Date(d) => self.text.push_str(&d.format("%Y-%m-%d").to_string()),
        }
        self.mark(start, cell);
    }

    fn key(&mut self, k: &str, cell: &str) {
        let start = self.text.len();
        self.text.push_str(&toml_edit::Key::new(k).to_string());
        self.mark(start, cell);
    }

    pub(super) fn table(&mut self, path: &str, t: &mut Table, array: bool) {
        if !path.is_empty() {
            if !self.text.ends_with("\n\n") {
                self.text.push('\n');
            }
            if let Some(c) = &t.comment {
                self.text.push_str(&format!("# {c}\n"));
            }
            let start = self.text.len();
            if array {
                self.text.push_str(&format!("[[{path}]]"));
            } else {
                self.text.push_str(&format!("[{path}]"));
            }
            self.mark(start, &t.cell);
            self.text.push('\n');
        }
        t.entries.sort_by_key(|e| e.0);
        for (_, key, key_cell, value) in &t.entries {
            self.key(key, key_cell);
            self.text.push_str(" = ");
            match value {
                Val::One(s, cell) => self.scalar(s, cell),
                Val::List(items) => {
                    self.text.push('[');
                    for (i, (s, cell)) in items.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        self.scalar(s, cell);
                    }
                    self.text.push(']');
                }
                Val::Pairs(pairs) => {
                    self.text.push_str("{ ");
                    for (i, (k, key_cell, s, cell)) in pairs.iter().enumerate() {
                        if i > 0 {
                            self.text.push_str(", ");
                        }
                        self.key(k, key_cell);
                        self.text.push_str(" = ");
                        self.scalar(s, cell);
                    }
                    self.text.push_str(" }");
                }
            }
            self.text.push('\n');
        }
        t.children.sort_by_key(|c| c.0);
        for (_, key, child) in &mut t.children {
            let sub = if path.is_empty() {
                toml_edit::Key::new(*key).to_string()
            } else {
                format!("{path}.{}", toml_edit::Key::new(*key))
            };
            match child {
                Child::Table(t) => self.table(&sub, t, false),
                Child::Array(items) => {
                    for item in items {
                        self.table(&sub, item, true);
                    }
                }
            }
        }
    }
}
