//! Two plan files compared field by field, as TOML documents.
//!
//! Walking the documents rather than the typed model means no field of the
//! format can be forgotten: a field added to the format is compared the day
//! it is added. The format's schema ([`crate::schema::plan_shapes`]) says how
//! each value reads — money in the plan's currency, numbers in the unit
//! written beside them, forecasts in their objective's unit — so a change
//! shows as the deck would show it. Values are compared as they read, so
//! `"1.2M"` and `1_200_000` are the same budget.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use toml::{Table, Value};

use super::{Change, Changes, Item, ItemChange};
use crate::format::{format_money, format_number, format_quantity};
use crate::plan::money;
use crate::schema::Shape;

/// The changes in one section of items (`[[risks]]`, `[[budget.lines]]`).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The section's key in the plan: `risks`, `budget.lines`.
    pub section: String,
    /// One item of it, in words: `risk`, `budget line`.
    pub label: String,
    #[serde(flatten)]
    pub changes: Changes,
}

/// What reading the documents needs besides the documents.
pub struct Context<'a> {
    shapes: HashMap<String, Shape>,
    currency: &'a str,
    /// Objective id → its unit, for forecasts and scenario outcomes.
    units: HashMap<String, String>,
}

impl<'a> Context<'a> {
    pub fn new(currency: &'a str, units: HashMap<String, String>) -> Self {
        Context {
            shapes: crate::schema::plan_shapes().into_iter().collect(),
            currency,
            units,
        }
    }

    fn shape(&self, path: &str) -> Shape {
        self.shapes.get(path).copied().unwrap_or(Shape::Plain)
    }
}

/// The changes between two plan documents: fields of the single tables
/// (`[plan]`, `[strategy]`, `[budget]`, …) and items of every section.
pub fn compare(old: &Table, new: &Table, cx: &Context) -> (Vec<Change>, Vec<Section>) {
    let mut meta = Vec::new();
    let mut sections = Vec::new();
    for key in keys(old, new) {
        compare_key(
            key,
            old.get(key),
            new.get(key),
            cx,
            &mut meta,
            &mut sections,
        );
    }
    (meta, sections)
}

fn compare_key(
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    cx: &Context,
    meta: &mut Vec<Change>,
    sections: &mut Vec<Section>,
) {
    match cx.shape(path) {
        Shape::Items => {
            let none = Vec::new();
            let items = |v: Option<&Value>| match v {
                Some(Value::Array(a)) => a.clone(),
                _ => none.clone(),
            };
            let changes = items_changes(path, &items(old), &items(new), cx);
            if !changes.is_empty() {
                sections.push(Section {
                    section: path.to_string(),
                    label: label(path),
                    changes,
                });
            }
        }
        Shape::Table => {
            let empty = Table::new();
            let table = |v: Option<&Value>| match v {
                Some(Value::Table(t)) => t.clone(),
                _ => empty.clone(),
            };
            let (o, n) = (table(old), table(new));
            for k in keys(&o, &n) {
                compare_key(
                    &format!("{path}.{k}"),
                    o.get(k),
                    n.get(k),
                    cx,
                    meta,
                    sections,
                );
            }
        }
        _ => {
            // `[plan]`'s fields are the plan's own: named without the prefix.
            let field = path.strip_prefix("plan.").unwrap_or(path);
            let empty = Table::new();
            let fields = |v: Option<&Value>| {
                let mut out = Vec::new();
                if let Some(v) = v {
                    flatten(v, path, field, &empty, cx, &mut out);
                }
                out
            };
            let (o, n) = (fields(old), fields(new));
            meta.extend(field_changes(&o, &n));
        }
    }
}

/// Keys of two tables, the new one's order first, then keys only the old has.
fn keys<'t>(old: &'t Table, new: &'t Table) -> Vec<&'t str> {
    let mut keys: Vec<&str> = new.keys().map(String::as_str).collect();
    keys.extend(
        old.keys()
            .map(String::as_str)
            .filter(|k| !new.contains_key(*k)),
    );
    keys
}

/// One item of a section, in words: `risks` → `risk`, `team` → `team role`.
fn label(section: &str) -> String {
    match section {
        "budget.lines" => "budget line".into(),
        "team" => "team role".into(),
        "agencies" => "agency".into(),
        "channels.kpis" => "KPI".into(),
        s => {
            let last = s.rsplit('.').next().unwrap_or(s);
            last.strip_suffix('s').unwrap_or(last).replace('_', " ")
        }
    }
}

/// How an item is matched between versions: its id, else its name (or
/// statement, title, role), else its place.
fn item_key(item: &Value, index: usize) -> String {
    let Value::Table(t) = item else {
        return format!("#{}", index + 1);
    };
    for k in ["id", "name", "statement", "title", "role", "objective"] {
        if let Some(Value::String(s)) = t.get(k) {
            return s.clone();
        }
    }
    format!("#{}", index + 1)
}

/// How an item is named in the diff.
fn item_name(item: &Value, key: &str) -> String {
    if let Value::Table(t) = item {
        for k in [
            "name",
            "statement",
            "title",
            "role",
            "tool",
            "risk",
            "ask",
            "finding",
            "description",
            "id",
        ] {
            if let Some(Value::String(s)) = t.get(k) {
                return s.clone();
            }
        }
    }
    key.to_string()
}

fn items_changes(path: &str, old: &[Value], new: &[Value], cx: &Context) -> Changes {
    let keyed = |items: &[Value]| -> Vec<(String, Value)> {
        items
            .iter()
            .enumerate()
            .map(|(i, v)| (item_key(v, i), v.clone()))
            .collect()
    };
    let (old, new) = (keyed(old), keyed(new));
    let find = |list: &[(String, Value)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut c = Changes::default();
    for (key, o) in &old {
        match find(&new, key) {
            Some(n) => {
                let fields = |v: &Value| {
                    let mut out = Vec::new();
                    if let Value::Table(t) = v {
                        for (k, v) in t {
                            flatten(v, &format!("{path}.{k}"), k, t, cx, &mut out);
                        }
                    }
                    out
                };
                let changes = field_changes(&fields(o), &fields(&n));
                if !changes.is_empty() {
                    c.changed.push(ItemChange {
                        id: key.clone(),
                        name: item_name(&n, key),
                        changes,
                    });
                }
            }
            None => c.removed.push(Item {
                id: key.clone(),
                name: item_name(o, key),
            }),
        }
    }
    for (key, n) in &new {
        if find(&old, key).is_none() {
            c.added.push(Item {
                id: key.clone(),
                name: item_name(n, key),
            });
        }
    }
    c
}

/// The changed fields of two flattened values, in the new one's order.
fn field_changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<Change> {
    let get = |list: &[(String, String)], k: &str| {
        list.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    let mut fields: Vec<&String> = new.iter().map(|(f, _)| f).collect();
    fields.extend(old.iter().map(|(f, _)| f).filter(|f| get(new, f).is_none()));
    for f in fields {
        let (o, n) = (get(old, f), get(new, f));
        if o != n {
            out.push(Change {
                field: f.clone(),
                old: o.unwrap_or_else(|| "—".into()),
                new: n.unwrap_or_else(|| "—".into()),
            });
        }
    }
    out
}

/// A value as `(field, text)` pairs: tables become dotted fields, lists of
/// items `field[key].sub`, everything else one pair read as the deck shows it.
fn flatten(
    value: &Value,
    path: &str,
    field: &str,
    siblings: &Table,
    cx: &Context,
    out: &mut Vec<(String, String)>,
) {
    let shape = cx.shape(path);
    match value {
        Value::Table(t) if shape == Shape::IdNumbers => {
            let by_objective = path.ends_with(".forecast") || path.ends_with(".outcomes");
            for (k, v) in t {
                let unit = by_objective
                    .then(|| cx.units.get(k).map(String::as_str))
                    .flatten();
                out.push((format!("{field}.{k}"), number(v, unit)));
            }
        }
        Value::Table(t) => {
            for (k, v) in t {
                flatten(
                    v,
                    &format!("{path}.{k}"),
                    &format!("{field}.{k}"),
                    t,
                    cx,
                    out,
                );
            }
        }
        Value::Array(items) if items.iter().any(Value::is_table) => {
            for (i, item) in items.iter().enumerate() {
                let key = item_key(item, i);
                match item {
                    Value::Table(t) => {
                        for (k, v) in t {
                            flatten(
                                v,
                                &format!("{path}.{k}"),
                                &format!("{field}[{key}].{k}"),
                                t,
                                cx,
                                out,
                            );
                        }
                    }
                    other => out.push((
                        format!("{field}[{key}]"),
                        scalar(other, shape, siblings, cx),
                    )),
                }
            }
        }
        Value::Array(items) => {
            let shown: Vec<String> = items
                .iter()
                .map(|v| scalar(v, shape, siblings, cx))
                .collect();
            out.push((field.to_string(), shown.join(", ")));
        }
        other => out.push((field.to_string(), scalar(other, shape, siblings, cx))),
    }
}

/// A TOML number (or a number written as a string) as an exact decimal.
fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Integer(i) => Some(Decimal::from(*i)),
        Value::Float(f) if f.is_finite() => money::parse_decimal(&f.to_string()).ok(),
        Value::String(s) => money::parse_amount(s)
            .ok()
            .map(|a| a.value)
            .or_else(|| money::parse_decimal(s).ok()),
        _ => None,
    }
}

fn number(v: &Value, unit: Option<&str>) -> String {
    match decimal(v) {
        Some(d) => format_quantity(d, unit, false),
        None => plain(v),
    }
}

fn scalar(v: &Value, shape: Shape, siblings: &Table, cx: &Context) -> String {
    match shape {
        Shape::Amount | Shape::Amounts => match decimal(v) {
            Some(d) => format_money(d, cx.currency, false),
            None => plain(v),
        },
        Shape::Number => {
            let unit = match siblings.get("unit") {
                Some(Value::String(u)) => Some(u.as_str()),
                _ => None,
            };
            number(v, unit)
        }
        Shape::Percent => match decimal(v) {
            Some(d) => format!("{}%", format_number(d, 2)),
            None => plain(v),
        },
        _ => plain(v),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Table(t) => t
            .iter()
            .map(|(k, v)| format!("{k} = {}", plain(v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
