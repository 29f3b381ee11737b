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

// ── One test per class of issue 22, each on the b2b example ─────────────

const HEAD: &str = "kind,item,period,committed,actual,currency\n";

/// The b2b example in a folder, its plan edited by `edit`, with `csv` as
/// its actuals `a.csv`.
fn b2b(edit: impl Fn(String) -> String, csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), edit(plan)).unwrap();
    std::fs::write(dir.path().join("a.csv"), csv).unwrap();
    dir
}

fn objective<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["tracking"]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn line<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["tracking"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn rules(v: &Value) -> Vec<String> {
    let mut r: Vec<String> = all_findings(v).into_iter().map(|f| f.0).collect();
    r.sort();
    r
}

/// Half to even at whole units, as docs/tracking.md rounds.
fn ratio(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r > den || (2 * r == den && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

#[test]
fn class_1_a_period_total_is_paced_from_zero_and_a_level_from_its_baseline() {
    // Pipeline so far this year: 9.2M at the end of June, against a target
    // of 18M (12.5M last year). As a period total it is on pace.
    // Pipeline declared a period total; and left to the default (a level).
    let period_total = |p: String| {
        p.replacen(
            "target = 18_000_000\n",
            "target = 18_000_000\nreading = \"period-total\"\n",
            1,
        )
    };
    let undeclared = |p: String| p;
    let csv = format!("{HEAD}result,pipeline,2027-06-30,,9200000,\n");
    let dir = b2b(period_total, &csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    let o = objective(&v, "pipeline");
    assert_eq!(o["reading"], "period-total");
    assert_eq!(o["behind"], false, "{o}");
    // 181 of 365 days gone: the pace is 18M × 181/365, the re-forecast
    // 9.2M × 365/181 — from zero, not from last year's 12.5M.
    assert_eq!(
        num(&o["pace_at_reading"]),
        ratio(18_000_000 * 181, 365).into()
    );
    assert_eq!(num(&o["reforecast"]), ratio(9_200_000 * 365, 181).into());
    assert!(!rules(&v).contains(&"kpi-behind-pace".to_string()), "{v}");
    assert!(!rules(&v).contains(&"reforecast-shortfall".to_string()));

    // The same reading with the default (a level) is behind, and a total
    // below zero is impossible for a period total: refused at its row.
    let dir = b2b(undeclared, &csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    assert_eq!(objective(&v, "pipeline")["reading"], "level");
    assert_eq!(objective(&v, "pipeline")["behind"], true);
    let dir = b2b(
        period_total,
        &format!("{HEAD}result,pipeline,2027-05-31,,-10,\n"),
    );
    let (code, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    assert_eq!(code, Some(1));
    let in_file: Vec<_> = all_findings(&v)
        .into_iter()
        .filter(|f| f.0 == "actuals-invalid")
        .collect();
    assert_eq!(
        in_file,
        vec![(
            "actuals-invalid".to_string(),
            "error".to_string(),
            Some(2),
            None
        )]
    );
    // The field is in the schema and the plan format's docs.
    let schema = stdout(&mvplan(&["schema"]));
    assert!(
        schema.contains("period-total"),
        "no `reading` in the schema"
    );
}

#[test]
fn class_2_a_reading_is_judged_at_its_own_date() {
    // Awareness (18% → 26%, a level) read at the end of April on April's
    // pace; at the end of June that reading is still on pace for April.
    let csv = format!("{HEAD}result,awareness,2027-04-30,,20.7,\n");
    let dir = b2b(|p| p, &csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    let o = objective(&v, "awareness");
    assert_eq!(o["latest_date"], "2027-04-30");
    assert_eq!(o["behind"], false, "{o}");
    // Due 30 November (334 days): 18 + 8 × 120/334, in tenths (one
    // decimal past the target's).
    let tenths = 180 + ratio(80 * 120, 334);
    assert_eq!(
        num(&o["pace_at_reading"]),
        rust_decimal::Decimal::new(tenths as i64, 1)
    );
    assert!(num(&o["pace"]) > num(&o["pace_at_reading"]));
    // The status deck shows it with its date and April's pace.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "a.csv",
            "--as-of",
            "2027-06-30",
            "-o",
            "-",
        ],
    );
    let md = stdout(&o);
    let shown = format!("| 20.7% (30 Apr) | {}.{}% |", tenths / 10, tenths % 10);
    assert!(md.contains(&shown), "no `{shown}` in {md}");
}

#[test]
fn class_3_commitments_for_later_months_count_now() {
    // At the end of March, an order signed for the events of December.
    let csv = format!("{HEAD}spend,events,2027-03,0,90000,EUR\nspend,events,2027-12,750000,,EUR\n");
    let dir = b2b(|p| p, &csv);
    let (code, v) = track(dir.path(), "a.csv", Some("2027-03-31"));
    let events = line(&v, "events");
    assert_eq!(num(&events["committed"]), 750_000.into());
    assert_eq!(num(&events["actual"]), 90_000.into());
    assert_eq!(
        num(&events["remaining"]),
        (800_000 - 90_000 - 750_000).into()
    );
    assert!(
        rules(&v).contains(&"commitments-over-budget".to_string()),
        "{v}"
    );
    assert_eq!(code, Some(1), "commitments over budget is an error");
}

#[test]
fn class_4_credit_notes_net_and_a_line_credited_below_zero_is_flagged() {
    let csv = format!(
        "{HEAD}spend,abm,2027-01,0,100000,EUR\nspend,abm,2027-01-20,0,-4000,EUR\n\
spend,events,2027-01,0,5000,EUR\nspend,events,2027-02,0,-9000,EUR\n"
    );
    let dir = b2b(|p| p, &csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-02-28"));
    assert_eq!(num(&line(&v, "abm")["actual"]), 96_000.into());
    assert_eq!(num(&line(&v, "events")["actual"]), (-4_000).into());
    let found: Vec<_> = all_findings(&v)
        .into_iter()
        .filter(|f| f.0 == "net-spend-negative")
        .collect();
    // At the credit note that takes events below zero (line 5), and only
    // there: abm's credit note is netted in its month.
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, Some(5));
    // A negative commitment is not a credit note: refused.
    let dir = b2b(|p| p, &format!("{HEAD}spend,abm,2027-01,-5,100,EUR\n"));
    let (code, _) = track(dir.path(), "a.csv", Some("2027-01-31"));
    assert_eq!(code, Some(1));
}

#[test]
fn class_5_a_note_column_is_read_and_kept_as_text() {
    let csv = "kind,item,period,committed,actual,currency,note\n\
spend,abm,2027-01,0,1000,EUR,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n\
spend,events,2027-01,0,2000,EUR\n\
result,sqls,2027-01-31,,150,,<b>CRM</b> export\n";
    let dir = b2b(|p| p, csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-01-31"));
    assert!(
        all_findings(&v).iter().all(|f| f.0 != "actuals-invalid"),
        "{v}"
    );
    assert_eq!(num(&line(&v, "events")["actual"]), 2_000.into());
    // A note is text in the variance workbook, never a formula.
    let Some(py) = python_with("openpyxl", "openpyxl") else {
        return;
    };
    let o = run_in(
        dir.path(),
        &[
            "export",
            "plan.toml",
            "--what",
            "variance",
            "--actuals",
            "a.csv",
            "-o",
            "v.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = std::process::Command::new(py)
        .args([
            "-c",
            "import openpyxl,json;ws=openpyxl.load_workbook('v.xlsx')['Notes'];print(json.dumps([[c.value,c.data_type] for c in ws['F']][1:]))",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let notes: Vec<(String, String)> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        notes,
        vec![
            (
                "=HYPERLINK(\"http://x\",\"y\")".to_string(),
                "s".to_string()
            ),
            ("<b>CRM</b> export".to_string(), "s".to_string()),
        ]
    );
}

#[test]
fn class_6_fresh_spend_does_not_hide_old_results() {
    let mut csv = String::from(HEAD);
    for m in 1..=6 {
        csv.push_str(&format!("spend,abm,2027-0{m},0,100000,EUR\n"));
    }
    csv.push_str("result,pipeline,2027-01-31,,13000000,\nresult,pipeline,2027-02-28,,13500000,\n");
    let dir = b2b(|p| p, &csv);
    let (_, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    let stale: Vec<_> = all_findings(&v)
        .into_iter()
        .filter(|f| f.0 == "stale-actuals")
        .collect();
    // At pipeline's target (line 56 of the plan): read 122 days ago.
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].2, Some(56));
    assert_eq!(objective(&v, "pipeline")["stale"], true);
}

#[test]
fn class_7_a_banner_is_passed_over_and_a_file_with_no_header_stops_tracking() {
    let csv = format!(
        "Northwind Analytics — marketing actuals,,,,,\nExported 2027-07-02,,,,,\n{HEAD}spend,abm,2027-01,0,1000,EUR\n"
    );
    let dir = b2b(|p| p, &csv);
    let (code, v) = track(dir.path(), "a.csv", Some("2027-01-31"));
    assert_eq!(code, Some(0));
    assert_eq!(num(&line(&v, "abm")["actual"]), 1_000.into());
    let f = &v["actuals"][0]["findings"][0];
    assert_eq!(f["rule"], "actuals-header-below");
    assert_eq!(f["severity"], "note");
    assert_eq!(f["line"], 1);
    // No header at all: refused, and no table of zeros.
    std::fs::write(
        dir.path().join("b.csv"),
        "Northwind\nspend,abm,2027-01,0,1000,EUR\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["track", "plan.toml", "b.csv", "--as-of", "2027-01-31"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("no row of its first 20 is the header"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn class_8_every_command_reports_at_the_same_status_date() {
    // Spend to June, an order for November: the status date is 30 June.
    let mut csv = String::from(HEAD);
    for m in 1..=6 {
        csv.push_str(&format!("spend,abm,2027-0{m},0,100000,EUR\n"));
    }
    csv.push_str("spend,abm,2027-11,200000,,EUR\nresult,sqls,2027-05-31,,700,\n");
    let dir = b2b(
        |p| {
            p.replace(
                "actuals = [\"b2b-saas.actuals.csv\"]",
                "actuals = [\"a.csv\"]",
            )
        },
        &csv,
    );
    let (_, v) = track(dir.path(), "a.csv", None);
    assert_eq!(v["tracking"]["as_of"], "2027-06-30");
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--deck", "status", "-o", "-"],
    );
    assert!(
        stdout(&o).contains("status at 30 Jun 2027"),
        "{}",
        stderr(&o)
    );
    let o = run_in(dir.path(), &["review", ".", "--format", "json", "-o", "-"]);
    assert!(
        stdout(&o).contains("\"as_of\": \"2027-06-30\""),
        "{}",
        stdout(&o)
    );
}

#[test]
fn class_9_an_impossible_re_forecast_is_a_finding_not_a_figure() {
    // Pipeline (a level from 12.5M) read as 1M: carried on, below zero.
    let dir = b2b(
        |p| p,
        &format!("{HEAD}result,pipeline,2027-06-30,,1000000,\n"),
    );
    let (_, v) = track(dir.path(), "a.csv", Some("2027-06-30"));
    let o = objective(&v, "pipeline");
    assert!(o["reforecast"].is_null(), "{o}");
    assert!(num(&o["impossible_reforecast"]) < 0.into());
    let r = rules(&v);
    assert!(r.contains(&"reforecast-impossible".to_string()), "{r:?}");
    assert!(r.contains(&"reading-looks-like-total".to_string()), "{r:?}");
    assert!(!r.contains(&"reforecast-shortfall".to_string()), "{r:?}");
    // Nor on the deck.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "a.csv",
            "-o",
            "-",
        ],
    );
    let md = stdout(&o);
    let row = md
        .lines()
        .find(|l| l.starts_with("| Generate €18M"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(!row.contains("-€"), "{row}");
}

#[test]
fn class_10_new_examples_write_the_actuals_their_plans_name() {
    let dir = tempfile::tempdir().unwrap();
    for (example, file) in [
        ("b2b", "b2b-saas.actuals.csv"),
        ("consumer", "consumer-brand.actuals.csv"),
    ] {
        let sub = dir.path().join(example);
        std::fs::create_dir(&sub).unwrap();
        let o = run_in(&sub, &["new", "--example", example, "plan.toml"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(sub.join(file)).unwrap(),
            std::fs::read(root().join("examples").join(file)).unwrap()
        );
        let o = run_in(&sub, &["track", "plan.toml", "--format", "json"]);
        assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    }
    // Someone's file of that name is never overwritten: nothing written.
    let sub = dir.path().join("taken");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("b2b-saas.actuals.csv"), "mine").unwrap();
    let o = run_in(&sub, &["new", "--example", "b2b", "plan.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!sub.join("plan.toml").exists());
    assert_eq!(
        std::fs::read_to_string(sub.join("b2b-saas.actuals.csv")).unwrap(),
        "mine"
    );
}

// ── Issue 23, classes 7–9: the actuals reader with other people's files ──

/// A workbook written part by part (as a hostile or unlucky exporter
/// might): one `Actuals` sheet with `rows` (the `<row>` elements), merged
/// `merges`, and one shared string.
fn raw_xlsx(path: &Path, rows: &str, merges: &[String], shared: &str) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Actuals" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{shared}</t></si></sst>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{}</worksheet>"#,
                if merges.is_empty() {
                    String::new()
                } else {
                    format!(
                        r#"<mergeCells count="{}">{}</mergeCells>"#,
                        merges.len(),
                        merges
                            .iter()
                            .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
                            .collect::<String>()
                    )
                }
            ),
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn text_cell(r: &str, t: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

fn header_row() -> String {
    let cells: String = ["kind", "item", "period", "committed", "actual", "currency"]
        .iter()
        .zip('A'..)
        .map(|(h, c)| text_cell(&format!("{c}1"), h))
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// `mvplan ARGS` in `dir` with 4 GB of address space and a minute: a
/// reader that materialises what is not there, or goes quadratic, fails
/// here instead of taking the machine.
fn bounded(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000; exec timeout 60 \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_mvplan"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn issue_23_class_7_a_workbook_costs_what_its_cells_cost() {
    let dir = b2b(|p| p, HEAD);
    // Far-away cells: 20,000 rows, each with one cell in the last column.
    let mut rows = header_row();
    for r in 2..20_002 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}{}<c r="E{r}"><v>1</v></c>{}</row>"#,
            text_cell(&format!("A{r}"), "spend"),
            text_cell(&format!("B{r}"), "abm"),
            text_cell(&format!("C{r}"), "2027-01"),
            text_cell(&format!("XFD{r}"), "x"),
        ));
    }
    raw_xlsx(&dir.path().join("far.xlsx"), &rows, &[], "unused");
    let o = bounded(
        dir.path(),
        &[
            "track",
            "plan.toml",
            "far.xlsx",
            "--as-of",
            "2027-01-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert_eq!(found[0]["cell"], "Actuals!XFD2", "{}", found[0]);
    assert!(found.len() <= 1_001, "{}", found.len());

    // A 1 MB shared string in 100,000 cells: read once, quoted short.
    let big = "A".repeat(1 << 20);
    let mut rows = header_row();
    for r in 2..100_002 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}<c r="B{r}" t="s"><v>0</v></c>{}<c r="E{r}"><v>1</v></c></row>"#,
            text_cell(&format!("A{r}"), "spend"),
            text_cell(&format!("C{r}"), "2027-01"),
        ));
    }
    raw_xlsx(&dir.path().join("shared.xlsx"), &rows, &[], &big);
    let o = bounded(
        dir.path(),
        &["track", "plan.toml", "shared.xlsx", "--as-of", "2027-01-31"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        &stderr(&o)[..2000.min(stderr(&o).len())]
    );
    let err = stderr(&o);
    assert!(err.len() < 1 << 20, "{} bytes of findings", err.len());
    assert!(
        err.contains("the plan has no channel or budget line `AAAAAAAA"),
        "{}",
        &err[..2000.min(err.len())]
    );
    // A thousand listed and one that counts the rest (the terminal shows
    // the first 200 and says so).
    assert!(
        err.contains("801 more findings"),
        "{}",
        &err[err.len() - 300..]
    );

    // 100,000 merged blocks, one per row: said once for the first ones
    // and counted for the rest, in time proportional to them.
    let mut rows = header_row();
    let mut merges = Vec::new();
    for r in 2..100_002 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}{}<c r="E{r}"><v>1</v></c></row>"#,
            text_cell(&format!("A{r}"), "spend"),
            text_cell(&format!("B{r}"), "abm"),
            text_cell(&format!("C{r}"), "2027-01"),
        ));
        merges.push(format!("A{r}:B{r}"));
    }
    raw_xlsx(&dir.path().join("merged.xlsx"), &rows, &merges, "unused");
    let o = bounded(
        dir.path(),
        &[
            "track",
            "plan.toml",
            "merged.xlsx",
            "--as-of",
            "2027-01-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert_eq!(found.len(), 21, "{found:?}");
    assert!(
        found[20]["message"]
            .as_str()
            .unwrap()
            .contains("99980 more merged blocks")
    );
    assert_eq!(
        num(&line(&v, "abm")["actual"]),
        0.into(),
        "merged rows are not read"
    );
}

#[test]
fn issue_23_class_8_amounts_at_the_rate_bounds_never_overflow() {
    // The widest rates a policy allows, and rows at the largest amounts.
    let mut csv = String::from(HEAD);
    for m in 1..=3 {
        for d in 1..=28 {
            csv.push_str(&format!(
                "spend,abm,2027-{m:02}-{d:02},0,999999999999999999,USD\n"
            ));
        }
    }
    for d in 1..=28 {
        csv.push_str(&format!("spend,events,2027-02-{d:02},999999,999999,USD\n"));
    }
    let dir = b2b(
        |p| {
            p.replace(
                "actuals = [\"b2b-saas.actuals.csv\"]",
                "actuals = [\"a.csv\"]",
            )
        },
        &csv,
    );
    std::fs::write(
        dir.path().join("mvplan-policy.toml"),
        "[policy]\ncurrency = \"EUR\"\n\n[rates]\nUSD = 1_000_000_000\nGBP = 0.000000001\n",
    )
    .unwrap();
    let (code, v) = track(dir.path(), "a.csv", Some("2027-03-31"));
    assert_eq!(code, Some(1));
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert_eq!(found.len(), 84, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("beyond a quadrillion")
    );
    // The events rows, a billion times 999,999 each, are under the bound.
    assert_eq!(
        num(&line(&v, "events")["actual"]),
        rust_decimal::Decimal::from(28 * 999_999_000_000_000i64)
    );
    for args in [
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--force",
            "-o",
            "deck.md",
        ][..],
        &[
            "export",
            "plan.toml",
            "--what",
            "variance",
            "--force",
            "-o",
            "v.xlsx",
        ][..],
        &["review", ".", "--format", "json", "-o", "-"][..],
    ] {
        let o = run_in(dir.path(), args);
        assert_ne!(
            o.status.code(),
            Some(101),
            "{args:?} panicked: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn issue_23_class_9_one_file_counts_once_however_it_is_named() {
    let csv = format!("{HEAD}spend,abm,2027-01,0,1000,EUR\n");
    let dir = b2b(
        |p| {
            p.replace(
                "actuals = [\"b2b-saas.actuals.csv\"]",
                "actuals = [\"a.csv\", \"./a.csv\"]",
            )
        },
        &csv,
    );
    std::os::unix::fs::symlink("a.csv", dir.path().join("link.csv")).unwrap();
    let (_, v) = track(dir.path(), "a.csv", Some("2027-01-31"));
    assert_eq!(num(&line(&v, "abm")["actual"]), 1_000.into());
    for extra in ["./a.csv", "link.csv"] {
        let o = run_in(
            dir.path(),
            &[
                "track",
                "plan.toml",
                "a.csv",
                extra,
                "--as-of",
                "2027-01-31",
                "--format",
                "json",
            ],
        );
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(num(&line(&v, "abm")["actual"]), 1_000.into(), "{extra}");
        let repeat = &v["actuals"][1]["findings"][0];
        assert_eq!(repeat["rule"], "actuals-repeated", "{extra}: {v}");
        assert!(repeat["message"].as_str().unwrap().contains("counts once"));
    }
    // The plan's own list, `a.csv` and `./a.csv`: once, and said.
    let o = run_in(
        dir.path(),
        &[
            "track",
            "plan.toml",
            "--as-of",
            "2027-01-31",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(num(&line(&v, "abm")["actual"]), 1_000.into());
    assert!(rules(&v).contains(&"actuals-repeated".to_string()));
}

/// Finance closed the books to May and the review is held at the end of
/// September: spend is judged where the export ends (each line's plan to
/// date, pacing, re-forecast and the quarters at 31 May, as reference.py
/// computes them at that date), not as if June to September were unspent
/// — which called every line "well behind" and its money free.
#[test]
fn class_11_spend_is_judged_where_the_export_ends() {
    let dir = year_dir();
    let csv = std::fs::read_to_string(dir.path().join("year.actuals.csv")).unwrap();
    // Every row dated before June: spend and readings both end in May.
    let kept: Vec<&str> = csv
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.split(',').nth(2).is_some_and(|p| p < "2027-06"))
        .map(|(_, l)| l)
        .collect();
    assert!(kept.len() > 20 && kept.len() < csv.lines().count());
    std::fs::write(dir.path().join("to-may.csv"), kept.join("\n") + "\n").unwrap();

    let (_, late) = track(dir.path(), "to-may.csv", Some("2027-09-30"));
    let want = reference(dir.path(), "to-may.csv", "2027-05-31");
    let t = &late["tracking"];
    assert_eq!(t["as_of"], "2027-09-30");
    assert_eq!(t["spend_to"], "2027-05-31");
    for line in t["lines"].as_array().unwrap() {
        let id = line["id"].as_str().unwrap();
        for k in ["actual", "committed", "remaining", "planned_to_date"] {
            assert_eq!(num(&line[k]), num(&want["lines"][id][k]), "{id} {k}");
        }
    }
    for (q, w) in t["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .zip(want["quarters"].as_array().unwrap())
    {
        for k in ["planned_to_date", "actual", "variance"] {
            match w.get(k) {
                Some(v) => assert_eq!(num(&q[k]), num(v), "{q} {k}"),
                None => assert!(q[k].is_null(), "{q} {k}"),
            }
        }
    }
    // The year was on pace to May: no line is under- or over-paced, and
    // the only spend finding is that the export is old.
    let spend_rules: Vec<String> = all_findings(&late)
        .into_iter()
        .map(|f| f.0)
        .filter(|r| ["under-pacing", "overspend", "stale-actuals"].contains(&r.as_str()))
        .collect();
    assert!(
        spend_rules.iter().all(|r| r == "stale-actuals"),
        "{spend_rules:?}"
    );
    assert!(!spend_rules.is_empty(), "the old export is not reported");

    // The status deck says where spend is measured.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "--actuals",
            "to-may.csv",
            "--as-of",
            "2027-09-30",
            "-o",
            "-",
        ],
    );
    let md = stdout(&o);
    assert!(md.contains("status at 30 Sep 2027"), "{md}");
    assert!(
        md.contains("**Spend to 31 May 2027, where the spend booked ends:**"),
        "{md}"
    );
    assert!(md.contains("had spent by then"), "{md}");
    assert!(!md.contains("well behind its phasing"), "{md}");
}
