//! JSON Schemas of the plan and policy formats, for editors. The fields
//! themselves are data, in `plan_format` and `policy_format`; this file
//! makes a schema of them.
//!
//! TOML language servers (taplo, and the Even Better TOML extension built on
//! it) read a JSON Schema to complete keys, show field docs on hover and flag
//! mistakes while typing. The schema is not how mvplan validates — the
//! located reader in `plan::fields` is — so it is described here as data,
//! next to the loader's own value lists (statuses, activities, rule ids), and
//! tests hold the two together: every key the loader reads is in the schema
//! and nothing else is, and every example validates.

mod plan_format;
mod policy_format;

use serde_json::{Map, Value, json};

pub(crate) use plan_format::plan_fields;
use policy_format::policy_fields;

/// The shape of one value, in the loader's terms (docs/plan-format.md).
#[derive(Clone)]
pub(crate) enum Kind {
    Text,
    /// A slug identifying an item.
    Id,
    /// The id of another item.
    Ref,
    /// One ref or a list of refs.
    Refs,
    /// One text or a list of texts.
    Texts,
    Date,
    Currency,
    /// An exact number, or a string such as "1.2M".
    Number,
    /// A non-negative amount: a number or a string such as "EUR 1.2M".
    Amount,
    Amounts,
    Percent,
    Whole(u32),
    Bool,
    Choice(Vec<&'static str>),
    /// Rule ids whose severity a plan or policy can change.
    RuleIds,
    Table(Vec<Field>),
    Tables(Vec<Field>),
    /// A table from ids (or codes) to numbers.
    IdNumbers,
    /// A table from names to lists of texts.
    TextLists,
    /// One of a fixed list of names, or a list of them.
    Names(Vec<&'static str>),
}

#[derive(Clone)]
pub(crate) struct Field {
    pub(crate) key: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) doc: &'static str,
}

fn opt(key: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        key,
        kind,
        required: false,
        doc,
    }
}

fn req(key: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        key,
        kind,
        required: true,
        doc,
    }
}

fn names<T>(options: &[(&'static str, T)]) -> Vec<&'static str> {
    options.iter().map(|(name, _)| *name).collect()
}

/// The JSON Schema of the plan format.
pub fn plan() -> Value {
    document(
        "mvplan plan",
        "One business unit's marketing plan for one period (`mvplan docs plan-format`).",
        &plan_fields(),
    )
}

/// The JSON Schema of the policy format.
pub fn policy() -> Value {
    document(
        "mvplan policy",
        "An organisation's policy for every plan (`mvplan docs policy`).",
        &policy_fields(),
    )
}

/// Every table of a format with the keys it accepts, by dotted path
/// (`channels.kpis`); the root is `""`. Tests compare this with the loader.
pub fn tables(schema: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    collect_tables(schema, String::new(), &mut out);
    out
}

fn collect_tables(node: &Value, path: String, out: &mut Vec<(String, Vec<String>)>) {
    let table = match node.get("type").and_then(Value::as_str) {
        Some("array") => match node.get("items") {
            Some(items) => items,
            None => return,
        },
        _ => node,
    };
    let Some(props) = table.get("properties").and_then(Value::as_object) else {
        return;
    };
    out.push((path.clone(), props.keys().cloned().collect()));
    for (key, sub) in props {
        let sub_path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        collect_tables(sub, sub_path, out);
    }
}

fn document(title: &str, description: &str, fields: &[Field]) -> Value {
    let mut root = object(fields);
    if let Value::Object(map) = &mut root {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        head.insert("title".into(), json!(title));
        head.insert("description".into(), json!(description));
        head.append(map);
        return Value::Object(head);
    }
    root
}

fn object(fields: &[Field]) -> Value {
    let mut props = Map::new();
    for f in fields {
        let mut v = kind(&f.kind);
        if !f.doc.is_empty()
            && let Value::Object(map) = &mut v
        {
            map.insert("description".into(), json!(f.doc));
        }
        props.insert(f.key.into(), v);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut out = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": props,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

fn one_or_many(item: Value) -> Value {
    json!({ "anyOf": [item.clone(), { "type": "array", "items": item }] })
}

fn kind(kind: &Kind) -> Value {
    // Numbers may be written as strings ("1.2M", "250k") and amounts with a
    // currency ("EUR 1,200,000"); the loader parses those exactly, so the
    // schema only asks for "a number or a string" and leaves the detail to
    // `mvplan check`.
    let number = json!({ "type": ["number", "string"] });
    let amount = json!({ "type": ["number", "string"], "minimum": 0 });
    match kind {
        Kind::Text => json!({ "type": "string" }),
        Kind::Id | Kind::Ref => json!({
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
        }),
        Kind::Refs => one_or_many(json!({
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
        })),
        Kind::Texts => one_or_many(json!({ "type": "string" })),
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::Currency => json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        Kind::Number => number,
        Kind::Amount => amount,
        Kind::Amounts => json!({ "type": "array", "items": amount }),
        Kind::Percent => json!({ "type": ["number", "string"], "minimum": 0, "maximum": 100 }),
        Kind::Whole(max) => json!({ "type": ["integer", "string"], "minimum": 0, "maximum": max }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Choice(options) => json!({ "type": "string", "enum": options }),
        Kind::Names(options) => one_or_many(json!({ "type": "string", "enum": options })),
        Kind::RuleIds => {
            let ids: Vec<&str> = crate::check::catalogue()
                .into_iter()
                .filter(|r| r.configurable)
                .map(|r| r.id)
                .collect();
            one_or_many(json!({ "type": "string", "enum": ids }))
        }
        Kind::Table(fields) => object(fields),
        Kind::Tables(fields) => json!({ "type": "array", "items": object(fields) }),
        Kind::IdNumbers => json!({ "type": "object", "additionalProperties": number }),
        Kind::TextLists => json!({
            "type": "object",
            "additionalProperties": one_or_many(json!({ "type": "string" })),
        }),
    }
}

/// How a value of the plan format reads: what a consumer that walks plan
/// files generically (`mvplan diff`) needs to know of a field to show it as
/// the deck does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Money in the plan's currency.
    Amount,
    /// A list of amounts (phasing).
    Amounts,
    /// A number in the unit named beside it (`unit`), if any.
    Number,
    Percent,
    /// A table from ids to numbers (`forecast = { pipeline = 5_400_000 }`).
    IdNumbers,
    /// An array of tables: items.
    Items,
    Table,
    /// Text, ids, dates, choices, flags: shown as written.
    Plain,
}

/// Every field of the plan format by its dotted path (`channels.kpis.target`),
/// with its shape, in the order of the format.
pub fn plan_shapes() -> Vec<(String, Shape)> {
    fn walk(fields: &[Field], prefix: &str, out: &mut Vec<(String, Shape)>) {
        for f in fields {
            let path = if prefix.is_empty() {
                f.key.to_string()
            } else {
                format!("{prefix}.{}", f.key)
            };
            let shape = match &f.kind {
                Kind::Amount => Shape::Amount,
                Kind::Amounts => Shape::Amounts,
                Kind::Number | Kind::Whole(_) => Shape::Number,
                Kind::Percent => Shape::Percent,
                Kind::IdNumbers => Shape::IdNumbers,
                Kind::Tables(_) => Shape::Items,
                Kind::Table(_) => Shape::Table,
                _ => Shape::Plain,
            };
            out.push((path.clone(), shape));
            if let Kind::Table(sub) | Kind::Tables(sub) = &f.kind {
                walk(sub, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&plan_fields(), "", &mut out);
    out
}
