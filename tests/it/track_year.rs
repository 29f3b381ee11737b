//! A year of actuals prepared outside mvplan (tests/fixtures/actuals/year:
//! make_year.py writes them as finance exports them) through `track`, the
//! status deck and the variance workbook: on pace it raises nothing, in
//! CSV and in a workbook written by openpyxl; with problems planted, each
//! is reported at its line or cell and nothing else is; and every figure
//! agrees with reference.py, an independent computation over the same CSV.

use crate::common::{mvplan, python_with, root, run_in, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn year_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/actuals/year");
    for f in ["plan.toml", "year.actuals.csv", "planted.actuals.csv"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn track(dir: &Path, file: &str, as_of: Option<&str>) -> (Option<i32>, Value) {
    let mut args = vec!["track", "plan.toml", file, "--format", "json"];
    if let Some(d) = as_of {
        args.extend(["--as-of", d]);
    }
    let o = run_in(dir, &args);
    (
        o.status.code(),
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o))),
    )
}

/// Every finding of a track report, plan's and files', as
/// (rule, severity, line, cell).
fn all_findings(v: &Value) -> Vec<(String, String, Option<u64>, Option<String>)> {
    let mut out = Vec::new();
    let mut take = |list: &Value| {
        for f in list.as_array().unwrap() {
            out.push((
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
                f["cell"].as_str().map(str::to_string),
            ));
        }
    };
    take(&v["findings"]);
    for file in v["actuals"].as_array().unwrap() {
        take(&file["findings"]);
    }
    out
}

fn python3() -> PathBuf {
    // The reference needs only the standard library (tomllib: 3.11+).
    python_with("tomllib", "python 3.11").unwrap_or_else(|| "python3".into())
}

fn reference(dir: &Path, file: &str, as_of: &str) -> Value {
    let o = std::process::Command::new(python3())
        .arg(root().join("tests/fixtures/actuals/year/reference.py"))
        .args(["plan.toml", file, as_of])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn num(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

/// mvplan's figures against the reference's, at one as-of date.
fn agree(got: &Value, want: &Value, at: &str) {
    let t = &got["tracking"];
    for line in t["lines"].as_array().unwrap() {
        let id = line["id"].as_str().unwrap();
        let w = &want["lines"][id];
        for k in ["actual", "committed", "remaining", "planned_to_date"] {
            assert_eq!(num(&line[k]), num(&w[k]), "{at}: {id} {k}");
        }
        // Spend and commitments per month, the months after `at` too.
        let months = line["months"].as_array().unwrap();
        assert_eq!(
            months.len(),
            w["months"].as_object().unwrap().len(),
            "{at}: {id} months"
        );
        for m in months {
            let wm = &w["months"][m["month"].as_str().unwrap()];
            assert_eq!(num(&m["actual"]), num(&wm[0]), "{at}: {id} {m}");
            assert_eq!(num(&m["committed"]), num(&wm[1]), "{at}: {id} {m}");
        }
    }
    let quarters = t["quarters"].as_array().unwrap();
    assert_eq!(quarters.len(), want["quarters"].as_array().unwrap().len());
    for (q, w) in quarters.iter().zip(want["quarters"].as_array().unwrap()) {
        assert_eq!(num(&q["planned"]), num(&w["planned"]), "{at}: {q}");
        for k in ["planned_to_date", "actual", "variance"] {
            match w.get(k) {
                Some(v) => assert_eq!(num(&q[k]), num(v), "{at}: {q} {k}"),
                None => assert!(q[k].is_null(), "{at}: {q} {k}"),
            }
        }
    }
    for o in t["objectives"].as_array().unwrap() {
        let id = o["id"].as_str().unwrap();
        let w = &want["objectives"][id];
        if w.is_null() {
            assert!(o["latest"].is_null(), "{at}: {id} {o}");
            continue;
        }
        assert_eq!(num(&o["latest"]), num(&w["latest"]), "{at}: {id}");
        assert_eq!(o["latest_date"], w["latest_date"], "{at}: {id}");
        assert_eq!(
            num(&o["pace_at_reading"]),
            num(&w["pace_at_reading"]),
            "{at}: {id} pace"
        );
        assert_eq!(o["behind"], w["behind"], "{at}: {id} behind");
        match w["reforecast"].as_str() {
            Some(_) => assert_eq!(
                num(&o["reforecast"]),
                num(&w["reforecast"]),
                "{at}: {id} re-forecast"
            ),
            None => assert!(o["reforecast"].is_null(), "{at}: {id} {o}"),
        }
    }
}

const MONTH_ENDS: [&str; 11] = [
    "2027-01-31",
    "2027-02-28",
    "2027-03-31",
    "2027-04-30",
    "2027-05-31",
    "2027-06-30",
    "2027-07-31",
    "2027-08-31",
    "2027-09-30",
    "2027-10-31",
    "2027-11-30",
];

#[test]
fn a_year_on_pace_raises_nothing_and_every_figure_is_finance_s() {
    let dir = year_dir();
    // Each month end: the figures then, and not one warning or error.
    for at in MONTH_ENDS {
        let (code, got) = track(dir.path(), "year.actuals.csv", Some(at));
        assert_eq!(code, Some(0), "{at}");
        let found = all_findings(&got);
        assert!(found.is_empty(), "{at}: {found:?}");
        agree(&got, &reference(dir.path(), "year.actuals.csv", at), at);
    }
    // With no date, the status date is the end of the last month with
    // actual spend (November), not December, whose orders are signed.
    let (_, got) = track(dir.path(), "year.actuals.csv", None);
    assert_eq!(got["tracking"]["as_of"], "2027-11-30");
    let tv = &got["tracking"]["lines"][2];
    assert_eq!(tv["id"], "tv");
    let dec = tv["months"].as_array().unwrap().last().unwrap();
    assert_eq!(dec["month"], "2027-12");
    assert!(
        num(&dec["committed"]) > rust_decimal::Decimal::ZERO,
        "{dec}"
    );

    // The status deck on the same year: no flag, every reading at its date.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "year.actuals.csv",
            "-o",
            "-",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning[") && !stderr(&o).contains("error["),
        "{}",
        stderr(&o)
    );
    let md = stdout(&o);
    assert!(md.contains("status at 30 Nov 2027"), "{md}");
    assert!(md.contains("All 6 measured results are on pace"), "{md}");
    // NPS, a quarterly survey: its September reading at its own date.
    assert!(md.contains("28 points (30 Sep)"), "{md}");
}

/// The year as finance's workbook: a title banner above the header, amounts
/// as numbers, result dates as date cells, months as text, the note column.
fn write_xlsx(py: &Path, dir: &Path, csv: &str, out: &str) {
    let script = r#"
import csv, datetime, sys
import openpyxl
src, out = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Actuals"
ws.append(["Fjord Retail — marketing actuals FY2027"])
ws.append(["Exported from the ERP on 2027-12-02"])
ws.append([])
with open(src, newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        if i == 0:
            ws.append(row)
            continue
        kind, item, period, committed, actual, currency, note = row
        if kind == "result":
            period = datetime.datetime.strptime(period, "%Y-%m-%d")
        def num(s):
            try:
                return float(s) if "." in s else int(s)
            except ValueError:
                return s or None
        ws.append([kind, item, period, num(committed), num(actual), currency or None, note or None])
        if note.startswith("="):
            c = ws.cell(row=ws.max_row, column=7)
            c.value = note
            c.data_type = "s"
wb.save(out)
"#;
    let o = std::process::Command::new(py)
        .args(["-c", script, csv, out])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_same_year_as_finance_s_workbook_gives_the_same_figures() {
    let Some(py) = python_with("openpyxl", "openpyxl") else {
        return;
    };
    let dir = year_dir();
    write_xlsx(&py, dir.path(), "year.actuals.csv", "year.xlsx");
    let (_, csv) = track(dir.path(), "year.actuals.csv", None);
    let (code, xlsx) = track(dir.path(), "year.xlsx", None);
    assert_eq!(code, Some(0));
    assert_eq!(csv["tracking"], xlsx["tracking"]);
    // Only the banner is said: a note, where it is.
    let found = all_findings(&xlsx);
    assert_eq!(
        found,
        vec![(
            "actuals-header-below".to_string(),
            "note".to_string(),
            None,
            Some("Actuals!A1".to_string())
        )],
        "{found:?}"
    );
    let msg = xlsx["actuals"][0]["findings"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        msg.contains("rows 1 to 2") && msg.contains("header is row 4"),
        "{msg}"
    );

    // The variance workbook keeps finance's notes as text, a note that
    // looks like a formula included.
    let o = run_in(
        dir.path(),
        &[
            "export",
            "plan.toml",
            "--what",
            "variance",
            "--actuals",
            "year.xlsx",
            "-o",
            "variance.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = std::process::Command::new(&py)
        .args([
            "-c",
            r#"
import json, openpyxl
wb = openpyxl.load_workbook("variance.xlsx")
ws = wb["Notes"]
print(json.dumps([[c.value, c.data_type] for c in ws["F"]][1:]))
print(json.dumps(wb.properties.title))
"#,
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    let mut lines = text.lines();
    let notes: Vec<(String, String)> = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert!(
        notes
            .iter()
            .any(|(v, t)| v == "=PO for December, signed" && t == "s"),
        "{notes:?}"
    );
    assert!(notes.iter().all(|(_, t)| t == "s"), "{notes:?}");
    assert!(
        notes.iter().any(|(v, _)| v.starts_with("credit note CN-")),
        "{notes:?}"
    );
    // The same status date as track.
    assert!(lines.next().unwrap().contains("2027-11-30"), "{text}");
}

#[test]
fn every_planted_problem_is_reported_at_its_line_or_cell_and_nothing_else() {
    let dir = year_dir();
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/actuals/year/planted.expected.json"))
            .unwrap(),
    )
    .unwrap();
    let want: Vec<(String, u64)> = expected
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let (code, got) = track(dir.path(), "planted.actuals.csv", None);
    assert_eq!(code, Some(1), "rows that cannot be used are errors");
    let mut found: Vec<(String, u64)> = all_findings(&got)
        .into_iter()
        .map(|(rule, _, line, _)| (rule, line.expect("located at a line")))
        .collect();
    found.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(found, want_sorted);

    // The same in finance's workbook: each at its cell (the banner moves
    // every row down by three).
    let Some(py) = python_with("openpyxl", "openpyxl") else {
        return;
    };
    write_xlsx(&py, dir.path(), "planted.actuals.csv", "planted.xlsx");
    let (_, got) = track(dir.path(), "planted.xlsx", None);
    let cells: Vec<(String, Option<String>, Option<u64>)> = all_findings(&got)
        .into_iter()
        .filter(|f| f.1 != "note")
        .map(|(rule, _, line, cell)| (rule, cell, line))
        .collect();
    assert_eq!(cells.len(), expected.len(), "{cells:#?}");
    for e in &expected {
        let rule = e["rule"].as_str().unwrap();
        let line = e["line"].as_u64().unwrap();
        let hit = if e["file"] == "plan" {
            cells
                .iter()
                .any(|(r, c, l)| r == rule && c.is_none() && *l == Some(line))
        } else {
            let row = line + 3;
            let col = match e["column"].as_str() {
                Some("item") => "B",
                Some("actual") => "E",
                _ => "A",
            };
            let cell = format!("Actuals!{col}{row}");
            cells.iter().any(|(r, c, _)| {
                r == rule
                    && c.as_deref()
                        .is_some_and(|c| c == cell || c.starts_with(&format!("{cell}:")))
            })
        };
        assert!(hit, "{rule} at {line} missing in {cells:#?}");
    }
}

#[test]
fn the_fixture_is_what_its_generator_writes() {
    // make_year.py is the source of the year: the committed files are its
    // output, so the plan, the rows and the planted list cannot drift apart.
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/actuals/year");
    for f in ["plan.toml", "make_year.py"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let o = std::process::Command::new(python3())
        .arg("make_year.py")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "year.actuals.csv",
        "planted.actuals.csv",
        "planted.expected.json",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(src.join(f)).unwrap(),
            "{f}"
        );
    }
    let _ = mvplan;
}
