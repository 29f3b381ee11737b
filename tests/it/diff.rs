//! `mvplan diff`: every field of the format compared, read as the deck reads it.

use crate::common::*;

use std::collections::HashMap;

use mvplan::schema::{Shape, plan_shapes};

/// A plan text holding one value at `path` (`channels.kpis.target`), inside
/// one item of every section of items on the way.
fn document_with(path: &str, value: &str, shapes: &HashMap<String, Shape>) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let mut text = String::new();
    for depth in 1..parts.len() {
        let prefix = parts[..depth].join(".");
        match shapes.get(&prefix) {
            Some(Shape::Items) => text.push_str(&format!("[[{prefix}]]\n")),
            _ => text.push_str(&format!("[{prefix}]\n")),
        }
    }
    text.push_str(&format!("{} = {value}\n", parts[parts.len() - 1]));
    text
}

#[test]
fn every_field_of_the_format_is_compared() {
    let shapes: Vec<(String, Shape)> = plan_shapes();
    let by_path: HashMap<String, Shape> = shapes.iter().cloned().collect();
    assert!(shapes.len() > 150, "the format has {} fields", shapes.len());
    let mut missed = Vec::new();
    for (path, shape) in &shapes {
        let (a, b) = match shape {
            Shape::Items | Shape::Table => continue,
            Shape::IdNumbers => ("{ x = 1 }", "{ x = 2 }"),
            Shape::Amounts => ("[1, 2]", "[1, 3]"),
            Shape::Amount | Shape::Number | Shape::Percent => ("10", "20"),
            Shape::Plain => ("\"a\"", "\"b\""),
        };
        let old = document_with(path, a, &by_path);
        let new = document_with(path, b, &by_path);
        let (meta, sections) = mvplan::diff::fields(&old, &new, "EUR", HashMap::new());
        let key = path.rsplit('.').next().unwrap();
        let seen = meta.iter().any(|c| c.field.contains(key))
            || sections.iter().any(|s| {
                !s.changes.changed.is_empty()
                    && s.changes.changed[0]
                        .changes
                        .iter()
                        .any(|c| c.field.contains(key))
                    || !s.changes.added.is_empty()
            });
        if !seen {
            missed.push(format!("{path}\n{old}---\n{new}"));
        }
    }
    assert!(missed.is_empty(), "not compared:\n{}", missed.join("\n\n"));
}

#[test]
fn changes_a_cmo_cares_about_are_shown_formatted_as_in_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    let new = old
        .replace(
            "organisation = \"Northwind Analytics\"",
            "organisation = \"Northwind Group\"",
        )
        .replace("amount = 6_000_000", "amount = 6_500_000")
        .replace(
            "likelihood = \"medium\"\nimpact = \"high\"",
            "likelihood = \"medium\"\nimpact = \"medium\"",
        )
        .replace(
            "forecast = { pipeline = 5_400_000 }",
            "forecast = { pipeline = 5_326_355 }",
        )
        .replace(
            "name = \"Expansion offer emails\"\n",
            "name = \"Expansion offer emails\"\noverride_by = \"demand-gen\"\n",
        )
        .replace("cost = 96_000", "cost = 120_000");
    assert_ne!(old, new);
    std::fs::write(d.join("old.toml"), &old).unwrap();
    std::fs::write(d.join("new.toml"), &new).unwrap();
    let o = run_in(d, &["diff", "old.toml", "new.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for expected in [
        "organisation: Northwind Analytics → Northwind Group",
        "~ `budget`: amount €6,000,000 → €6,500,000",
        "~ `sales-capacity`: impact high → medium",
        "forecast.pipeline €5,400,000 → €5,326,355",
        // The martech stack, nested automations included.
        "~ `hubspot`: cost €96,000 → €120,000; automations[expansion-offers].override_by — → demand-gen",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(!text.contains("no changes"), "{text}");

    // The same in JSON, section by section.
    let o = run_in(d, &["diff", "old.toml", "new.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let section = |name: &str| {
        v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["section"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no section {name}: {v}"))
    };
    assert_eq!(
        section("asks")["changed"][0]["changes"][0]["new"],
        "€6,500,000"
    );
    assert_eq!(section("risks")["label"], "risk");

    // Amounts written another way are the same amount: no change.
    let same = old.replace("amount = 6_000_000", "amount = \"6M\"");
    assert_ne!(same, old);
    std::fs::write(d.join("same.toml"), &same).unwrap();
    let o = run_in(d, &["diff", "old.toml", "same.toml"]);
    assert!(stdout(&o).contains("no changes"), "{}", stdout(&o));
}
