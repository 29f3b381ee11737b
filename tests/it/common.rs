//! Helpers shared by the test files: running the binary and reading what
//! it printed. (Each test file includes this module; not every file uses
//! every helper.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A tool a test needs, or `None` (skip) when it is missing outside CI;
/// under CI (`CI` set) a missing tool fails the test, so CI can never pass
/// it silently.
pub fn need(what: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    match found {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => {
            panic!("{what} is missing; .ci/run installs it")
        }
        None => {
            eprintln!("skipped: {what} is not installed (.ci/run installs it)");
            record_skip(what);
            None
        }
    }
}

/// The tools missing in this run, each once, in the order first missed.
static SKIPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Remembers a missing tool and, the first time, arranges for a line after
/// cargo's own summary: a skipped check must not pass as a passed one
/// unnoticed (libtest has no runtime "ignored", so the line is ours).
fn record_skip(what: &str) {
    unsafe extern "C" {
        fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
    }
    extern "C" fn summary() {
        let skipped = SKIPPED.lock().map(|s| s.clone()).unwrap_or_default();
        eprintln!(
            "\nSKIPPED (tool missing; tests that need it returned early and show as passed): {}\n\
             install them as .ci/run does, or see README.md \"Run the tests\"",
            skipped.join("; ")
        );
    }
    let mut skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    if skipped.is_empty() {
        // SAFETY: `summary` is a plain function with no arguments, as
        // atexit requires; it only reads a static and writes to stderr.
        unsafe {
            atexit(summary);
        }
    }
    if !skipped.iter().any(|s| s == what) {
        skipped.push(what.to_string());
    }
}

/// A Python that can import `module` (from the venv `.ci/run` makes and
/// names with `MVPLAN_PYTHON`, else the system's).
pub fn python_with(module: &str, what: &str) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("MVPLAN_PYTHON") {
        candidates.push(p.into());
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".cache/mvplan-ci/py/bin/python"));
    }
    candidates.push("python3".into());
    let found = candidates.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    need(what, found)
}

/// The repository root, where `examples/` and `tests/fixtures/` are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `mvplan ARGS` in the repository root, colour left to the binary.
pub fn mvplan(args: &[&str]) -> Output {
    run_in(root(), args)
}

/// Runs `mvplan ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run mvplan")
}

/// The rule ids of a JSON report's `findings`, in order.
pub fn rules_of(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the example portfolio's plans and policy (`*.toml`) to edit.
pub fn example_portfolio() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for e in std::fs::read_dir(root().join("examples/portfolio")).expect("examples/portfolio") {
        let e = e.expect("a directory entry");
        if e.path().extension().is_some_and(|x| x == "toml") {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("a copy");
        }
    }
    dir
}

/// The overlong deck the PDF and PowerPoint tests share: a 40-row table, a
/// 60-item list, a 500-word paragraph and a 300-character URL.
pub fn overlong_deck() -> String {
    let mut md = String::from(
        "---\npaginate: true\n---\n\n# A 40-row table\n\n| # | Channel | Budget |\n|---|---|--:|\n",
    );
    for i in 1..=40 {
        md.push_str(&format!(
            "| {i} | Channel number {i} with a long descriptive name | €{i}00,000 |\n"
        ));
    }
    md.push_str("\n---\n\n# A 60-item list\n\n");
    for i in 1..=60 {
        md.push_str(&format!(
            "- Item {i}: something the team will do this year\n"
        ));
    }
    md.push_str("\n---\n\n# A 500-word paragraph\n\n");
    for i in 0..500 {
        md.push_str(&format!("word{i} "));
    }
    md.push_str("\n\n---\n\n# A 300-character URL\n\n");
    let url = format!("https://example.com/{}", "segment-".repeat(35));
    md.push_str(&format!("[{url}]({url})\n"));
    md
}

/// The `plan.toml` of a plan written outside the project
/// (`tests/fixtures/outside/<name>/`).
pub fn outside_plan(name: &str) -> std::path::PathBuf {
    root()
        .join("tests/fixtures/outside")
        .join(name)
        .join("plan.toml")
}

/// The pitch deck (Markdown) of an outside plan, rendered to standard
/// output; a failed render fails the test with mvplan's message.
pub fn outside_deck(name: &str) -> String {
    let o = mvplan(&["render", outside_plan(name).to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    stdout(&o)
}

/// The `key=value` lines an independent Python script under `tests/it/`
/// prints: figures computed from the plan files, never read from mvplan.
pub fn python_figures(script: &str) -> std::collections::HashMap<String, String> {
    let o = std::process::Command::new("python3")
        .arg(root().join("tests/it").join(script))
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The plans written outside the project (`tests/fixtures/outside/<name>/plan.toml`).
pub const OUTSIDE: &[&str] = &[
    "industrial-b2b",
    "dtc-skincare",
    "nonprofit-or-public",
    "saas-plg",
    "hotel-group",
    "fintech-app",
    "power-tools",
];

/// A rendered deck's slides after the front matter, the title slide first:
/// (title, body).
pub fn titled_slides(md: &str) -> Vec<(String, String)> {
    md.split("\n---\n")
        .skip(1)
        .map(|s| {
            let title = s
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .unwrap_or("")
                .to_string();
            (title, s.to_string())
        })
        .collect()
}

/// (rule, line, message, help) of every finding `mvplan check` reports on
/// `plan`, from its JSON.
pub fn check_findings(plan: &str) -> Vec<(String, u64, String, String)> {
    let o = mvplan(&["check", "--format", "json", plan]);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The cells of a Markdown table row whose first cell contains `first`.
pub fn table_row<'a>(slide: &'a str, first: &str) -> Vec<&'a str> {
    let line = slide
        .lines()
        .find(|l| l.starts_with('|') && l.split('|').nth(1).is_some_and(|c| c.contains(first)))
        .unwrap_or_else(|| panic!("no row {first} in:\n{slide}"));
    line.trim_matches('|').split('|').map(str::trim).collect()
}

/// Whole digits in thousands as the decks write them: "1234567" →
/// "1,234,567" (figures computed in a test, compared with a slide).
pub fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An outside plan's TOML, read independently of mvplan.
pub fn plan_toml(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(outside_plan(name)).unwrap();
    toml::from_str(&text).unwrap()
}

/// The slide whose text contains `header` (a table's header row).
pub fn slide_with(md: &str, header: &str) -> String {
    md.split("\n---\n")
        .find(|s| s.contains(header))
        .unwrap_or_else(|| panic!("no slide with {header}"))
        .to_string()
}
