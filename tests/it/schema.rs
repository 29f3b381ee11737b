//! `mvplan schema`: the JSON Schemas editors use, held to the loader.
//!
//! Three checks keep the schema honest: every table the schema describes
//! accepts exactly the keys the loader reads (compared through the loader's
//! own "the fields here are: …" message), the schema agrees with
//! docs/plan-format.md, and taplo — the engine of the Even Better TOML
//! extension — validates the examples with it and rejects broken plans.
//! taplo comes from npm (`@taplo/cli`); `.ci/run` installs it. Without it
//! the taplo test is skipped locally but fails under CI (`CI` set).

use crate::common::*;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mvplan::check::Settings;
use mvplan::source::SourceFile;
use serde_json::Value;

fn schema_from_cli(kind: &str) -> Value {
    let o = mvplan(&["schema", kind]);
    assert_eq!(o.status.code(), Some(0));
    serde_json::from_slice(&o.stdout).expect("the schema is JSON")
}

#[test]
fn schema_prints_draft_07_documents_for_plans_and_policies() {
    let plan = schema_from_cli("plan");
    assert_eq!(plan["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(plan["title"], "mvplan plan");
    assert_eq!(plan["required"], serde_json::json!(["plan", "budget"]));
    assert_eq!(plan["additionalProperties"], false);
    // `plan` is the default, and the output is stable.
    assert_eq!(
        mvplan(&["schema"]).stdout,
        mvplan(&["schema", "plan"]).stdout
    );
    // Enumerations come from the loader and the rule catalogue.
    let status = &plan["properties"]["plan"]["properties"]["status"]["enum"];
    assert_eq!(
        status,
        &serde_json::json!(["draft", "submitted", "approved"])
    );
    let deny = &plan["properties"]["checks"]["properties"]["deny"]["anyOf"][0]["enum"];
    let ids: Vec<&str> = deny
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"forecast-shortfall"));
    assert!(
        !ids.contains(&"syntax"),
        "fixed-severity rules can't be listed"
    );

    let policy = schema_from_cli("policy");
    assert_eq!(policy["title"], "mvplan policy");
    let sections = &policy["properties"]["require"]["properties"]["sections"]["anyOf"][0]["enum"];
    assert_eq!(
        sections.as_array().unwrap().len(),
        mvplan::policy::SECTIONS.len()
    );

    let bad = mvplan(&["schema", "plans"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// A minimal plan, with `extra` inserted at the top level, in `[plan]`, in
/// `[budget]`, or appended.
fn plan_with(path: &str, extra: &str) -> String {
    let (root, plan, budget, tail) = match path {
        "" => (extra, "", "", String::new()),
        "plan" => ("", extra, "", String::new()),
        "budget" => ("", "", extra, String::new()),
        _ => ("", "", "", header(path, extra)),
    };
    format!(
        "{root}\n[plan]\ntitle = \"t\"\norganisation = \"o\"\nowner = \"w\"\nstart = 2027-01-01\n\
         end = 2027-12-31\ncurrency = \"EUR\"\n{plan}\n[budget]\ntotal = 100\n{budget}\n{tail}"
    )
}

/// `[[channels]]` then `[[channels.kpis]]` with `extra`; `[strategy]`; …
/// Whether a level is an array of tables comes from the schema itself.
fn header(path: &str, extra: &str) -> String {
    let schema = mvplan::schema::plan();
    let mut node = &schema;
    let mut out = String::new();
    let parts: Vec<&str> = path.split('.').collect();
    for n in 1..=parts.len() {
        node = &node["properties"][parts[n - 1]];
        let array = node["type"] == "array";
        let prefix = parts[..n].join(".");
        if prefix != "budget" {
            // `[budget]` is already in the base plan.
            out.push_str(&if array {
                format!("[[{prefix}]]\n")
            } else {
                format!("[{prefix}]\n")
            });
        }
        if array {
            node = &node["items"];
        }
    }
    out + extra + "\n"
}

/// The keys the loader reads in the table that holds `zzqxv`: it lists them
/// when it meets a key with no near miss.
fn loader_keys(findings: &[mvplan::diagnostic::Finding]) -> BTreeSet<String> {
    let f = findings
        .iter()
        .find(|f| f.rule == "unknown-field" && f.message.contains("`zzqxv`"))
        .unwrap_or_else(|| panic!("no unknown-field finding for zzqxv in {findings:#?}"));
    let help = f.help.as_deref().unwrap_or_default();
    let list = help
        .strip_prefix("the fields here are: ")
        .unwrap_or_else(|| panic!("unexpected help: {help}"));
    list.split(", ").map(str::to_string).collect()
}

#[test]
fn every_plan_table_in_the_schema_has_exactly_the_loaders_keys() {
    let schema = mvplan::schema::plan();
    let tables = mvplan::schema::tables(&schema);
    assert!(tables.len() >= 18, "{tables:?}");
    for (path, keys) in tables {
        let text = plan_with(&path, "zzqxv = 1");
        let (report, _) = mvplan::check_source(
            SourceFile::new(Path::new("p.toml"), text.clone()),
            &Settings::default(),
        );
        let expected: BTreeSet<String> = keys.into_iter().collect();
        assert_eq!(
            loader_keys(&report.findings),
            expected,
            "table `{path}` of the plan schema differs from the loader\n{text}"
        );
    }
}

#[test]
fn every_policy_table_in_the_schema_has_exactly_the_loaders_keys() {
    let schema = mvplan::schema::policy();
    let tables = mvplan::schema::tables(&schema);
    assert_eq!(
        tables.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["", "channels", "checks", "policy", "require", "stack"]
    );
    for (path, keys) in tables {
        let text = if path.is_empty() {
            "zzqxv = 1\n".to_string()
        } else {
            format!("[{path}]\nzzqxv = 1\n")
        };
        let source = SourceFile::new(Path::new("mvplan-policy.toml"), text);
        let findings = mvplan::policy::parse(&source).expect_err("an unknown key is an error");
        let expected: BTreeSet<String> = keys.into_iter().collect();
        assert_eq!(loader_keys(&findings), expected, "policy table `{path}`");
    }
}

/// The field tables of docs/plan-format.md, by section: (field, required).
fn documented_fields() -> Vec<(String, Vec<(String, bool)>)> {
    let doc = include_str!("../../docs/plan-format.md");
    let mut out: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    for line in doc.lines() {
        if let Some(head) = line
            .strip_prefix("## `")
            .or_else(|| line.strip_prefix("### `"))
        {
            let name = head
                .trim_end_matches('`')
                .trim_matches(|c| c == '[' || c == ']');
            out.push((name.to_string(), Vec::new()));
            continue;
        }
        let Some((_, fields)) = out.last_mut() else {
            continue;
        };
        let Some(first) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = first.split(" | ").collect();
        let cell = format!("`{}", cells[0]);
        let required = cells.get(2) == Some(&"**required**");
        for name in cell.split('`').skip(1).step_by(2) {
            fields.push((name.to_string(), required));
        }
    }
    out
}

#[test]
fn the_schema_agrees_with_docs_plan_format() {
    let schema = mvplan::schema::plan();
    let documented = documented_fields();
    assert!(documented.len() >= 18);
    for (section, fields) in documented {
        let mut node = &schema;
        for part in section.split('.') {
            node = &node["properties"][part];
            if node["type"] == "array" {
                node = &node["items"];
            }
        }
        let props = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("`{section}` is documented but not in the schema"));
        let in_schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
        let in_doc: BTreeSet<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(in_doc, in_schema, "fields of `{section}`");
        let required: BTreeSet<&str> = node["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let doc_required: BTreeSet<&str> = fields
            .iter()
            .filter(|(_, r)| *r)
            .map(|(f, _)| f.as_str())
            .collect();
        assert_eq!(doc_required, required, "required fields of `{section}`");
    }
}

/// taplo from `TAPLO`, `PATH`, or where `.ci/run` installs it.
fn taplo() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TAPLO") {
        return Some(PathBuf::from(p));
    }
    let ok = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            // @taplo/cli 0.7 prints its version and exits 1.
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("taplo"))
    };
    [PathBuf::from("taplo")]
        .into_iter()
        .chain(
            std::env::var_os("HOME")
                .map(|h| Path::new(&h).join(".cache/mvplan-ci/node_modules/.bin/taplo")),
        )
        .find(|p| ok(p))
}

/// One taplo run over several files (node starts slowly; one run each would
/// take seconds).
fn lint(taplo: &Path, schema: &Path, files: &[PathBuf]) -> Output {
    Command::new(taplo)
        .args(["lint", "--no-auto-config", "--colors", "never", "--schema"])
        .arg(format!("file://{}", schema.display()))
        .args(files)
        .env("RUST_LOG", "error")
        .output()
        .expect("run taplo")
}

#[test]
fn taplo_validates_the_examples_and_rejects_broken_plans() {
    let Some(taplo) = crate::common::need("taplo (npm @taplo/cli, or set TAPLO)", taplo()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let plan_schema = dir.path().join("plan.schema.json");
    let policy_schema = dir.path().join("policy.schema.json");
    std::fs::write(&plan_schema, mvplan(&["schema", "plan"]).stdout).unwrap();
    std::fs::write(&policy_schema, mvplan(&["schema", "policy"]).stdout).unwrap();

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut plans, mut policies) = (Vec::new(), Vec::new());
    for dir in ["examples", "examples/portfolio", "templates/new"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") || path.ends_with("flawed.toml") {
                continue;
            }
            if path.ends_with("mvplan-policy.toml") {
                policies.push(path);
            } else {
                plans.push(path);
            }
        }
    }
    assert!(plans.len() >= 9 && !policies.is_empty(), "{plans:?}");
    // The minimal plan of these tests is valid too.
    let minimal = dir.path().join("minimal.toml");
    std::fs::write(&minimal, plan_with("", "")).unwrap();
    plans.push(minimal);
    for (schema, files) in [(&plan_schema, &plans), (&policy_schema, &policies)] {
        let o = lint(&taplo, schema, files);
        assert!(
            o.status.success(),
            "files fail the schema:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    // Each mistake an editor should underline, in a file of its own. The
    // flawed example's misspelt rule id is caught while typing, too.
    let cases = [
        (
            "budjet = 100",
            "[[channels]]\nid = \"a\"\nname = \"A\"\nbudget = 1\n",
            "budjet",
        ),
        ("status = \"done\"", "", "done"),
        ("currency = \"euro\"", "", "euro"),
        ("start = 42", "", "42"),
        (
            "statement = \"s\"",
            "[[goals]]\nid = \"Grow ARR\"\n",
            "Grow ARR",
        ),
        (
            "quarterly = [1, \"x\", -5, 2]",
            "[[channels]]\nid = \"a\"\nname = \"A\"\nbudget = 1\n",
            "-5",
        ),
    ];
    let mut files = vec![root.join("examples/flawed.toml")];
    for (n, (line, extra, _)) in cases.iter().enumerate() {
        let text = if extra.is_empty() {
            plan_with("plan", line)
        } else {
            plan_with("", "") + extra + line + "\n"
        };
        let path = dir.path().join(format!("broken-{n}.toml"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let o = lint(&taplo, &plan_schema, &files);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("flawed.toml:16:"), "{err}");
    for (n, (line, _, mark)) in cases.iter().enumerate() {
        let found = err
            .split("error: ")
            .any(|e| e.contains(&format!("broken-{n}.toml:")) && e.contains(mark));
        assert!(
            found,
            "taplo accepted `{line}` (or didn't show `{mark}`):\n{err}"
        );
    }
}
