//! Spreadsheets for finance (`mvplan export`), read back by real readers:
//! LibreOffice Calc recalculates the budget workbook's formulas (their
//! saved values stripped first, so the numbers can only come from the
//! formulas) and openpyxl reads the results, which must be mvplan's own
//! figures; the actuals template, filled in by openpyxl as finance would,
//! must give `mvplan track` the same figures as the CSV it was filled from.
//!
//! `.ci/run` installs LibreOffice Calc and openpyxl (pinned); without them a
//! test is skipped locally and fails under CI.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{mvplan, root, stderr, stdout};
use serde_json::Value;

fn python() -> Option<PathBuf> {
    crate::common::python_with("openpyxl", "openpyxl")
}

fn calc() -> Option<PathBuf> {
    let found = Some(PathBuf::from("/usr/bin/soffice"))
        .filter(|p| p.exists())
        .filter(|_| Path::new("/usr/lib/libreoffice/program/libsclo.so").exists());
    crate::common::need("LibreOffice Calc (libreoffice-calc)", found)
}

fn export(plan: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", plan, "-o", out.to_str().unwrap()];
    args.extend(extra);
    let o = mvplan(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn figures(plan: &str) -> Value {
    let o = mvplan(&["check", plan, "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["files"][0]["figures"].clone()
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A workbook's sheets as LibreOffice recalculates them, every formula's
/// saved value stripped first, so the numbers can only come from the
/// formulas (tests/xlsx/recalc.py).
fn recalculated(py: &Path, book: &Path, work: &Path) -> Value {
    let o = Command::new(py)
        .arg(root().join("tests/xlsx/recalc.py"))
        .arg(book)
        .arg(work)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        got["stripped"], got["formulas"],
        "every formula recalculated"
    );
    got
}

/// The value beside a label on the Summary sheet.
fn summary(sheets: &Value, label: &str) -> f64 {
    let row = sheets["Summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == label)
        .unwrap_or_else(|| panic!("no `{label}` on the Summary sheet"));
    num(&row[1])
}

#[test]
fn libreoffice_recalculates_the_budget_workbook_to_mvplan_s_figures() {
    let (Some(py), Some(_)) = (python(), calc()) else {
        return;
    };
    for plan in [
        "examples/b2b-saas.toml",
        "examples/consumer-brand.toml",
        "examples/industrial-unit.toml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("budget.xlsx");
        export(plan, &book, &[]);
        let got = recalculated(&py, &book, dir.path());
        assert!(got["formulas"].as_u64().unwrap() > 20, "{plan}: {got}");
        let sheets = &got["sheets"];
        let fig = figures(plan);
        for (label, key) in [
            ("Channels", "channel_spend"),
            ("Other budget lines", "line_spend"),
            ("Team", "team_cost"),
            ("Agencies", "agency_fees"),
            ("Planned spend", "spend"),
            ("Contingency", "contingency"),
            ("Budget", "total"),
            ("Unallocated", "unallocated"),
            ("Upstream", "upstream_spend"),
            ("Downstream", "downstream_spend"),
            ("Spend by month (check)", "spend"),
        ] {
            assert_eq!(summary(sheets, label), num(&fig[key]), "{plan}: {label}");
        }
        let share = summary(sheets, "Upstream share of spend") * 100.0;
        assert!(
            (share - num(&fig["upstream_share"])).abs() < 0.05,
            "{plan}: upstream share {share}"
        );
        // Each row's quarters add up to its amount, and the channels' quarter
        // totals are the plan's phasing.
        for sheet in ["Channels", "Lines", "Team", "Agencies"] {
            for row in sheets[sheet].as_array().unwrap().iter().skip(1) {
                let last = row.as_array().unwrap().last().unwrap();
                assert_eq!(num(last), 0.0, "{plan}: {sheet} row {row}");
            }
        }
    }
}

#[test]
fn the_budget_workbook_has_the_plan_s_quarters_and_months_and_fixed_bytes() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    export("examples/b2b-saas.toml", &a, &[]);
    export("examples/b2b-saas.toml", &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // SOURCE_DATE_EPOCH dates the document, and only that changes.
    let c = dir.path().join("c.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(["export", "examples/b2b-saas.toml", "-o"])
        .arg(&c)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1798761600")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());

    // What openpyxl reads: the saved values are mvplan's figures too (what
    // a reader that does not recalculate shows), and the Q1 phasing of paid
    // search is the plan's 225,000.
    let script = r#"
import json, sys, openpyxl
b = openpyxl.load_workbook(sys.argv[1], data_only=True)
f = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({
  "sheets": b.sheetnames,
  "channels": [list(r) for r in b["Channels"].iter_rows(values_only=True)],
  "monthly_header": [c.value for c in b["Monthly"][1]],
  "formula": f["Channels"]["E2"].value,
  "created": str(b.properties.created),
}, default=str))
"#;
    let o = Command::new(&py)
        .args(["-c", script])
        .arg(&a)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["sheets"],
        serde_json::json!([
            "Summary", "Channels", "Lines", "Team", "Agencies", "Monthly"
        ])
    );
    let search = &v["channels"][1];
    assert_eq!(search[0], "paid-search");
    assert_eq!(num(&search[3]), 900_000.0);
    assert_eq!(num(&search[4]), 225_000.0, "{search}");
    assert_eq!(v["formula"], "=SUM(Monthly!E2:G2)");
    assert_eq!(v["channels"][0][4], "Q1 2027");
    let months: Vec<&str> = v["monthly_header"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .filter(|m| m.starts_with("2027-"))
        .collect();
    assert_eq!(months.len(), 12);
    assert!(v["created"].as_str().unwrap().starts_with("1980-01-01"));
}

#[test]
fn a_template_filled_in_by_finance_tracks_like_the_csv_it_holds() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.xlsx");
    export(
        "examples/b2b-saas.toml",
        &template,
        &["--what", "actuals-template"],
    );
    // The template alone: a row per channel or line and month, none
    // counted yet (no amounts), so tracking sees no actuals.
    let track = |file: &Path| {
        let o = mvplan(&[
            "track",
            "examples/b2b-saas.toml",
            file.to_str().unwrap(),
            "--as-of",
            "2027-06-30",
            "--format",
            "json",
        ]);
        let v: Value =
            serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
        v
    };
    let empty = track(&template);
    assert!(
        empty["actuals"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        empty["tracking"]["latest"].is_null(),
        "{}",
        empty["tracking"]
    );

    let filled = dir.path().join("filled.xlsx");
    let o = Command::new(&py)
        .arg(root().join("tests/xlsx/fill_template.py"))
        .arg(&template)
        .arg(root().join("examples/b2b-saas.actuals.csv"))
        .arg(&filled)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_xlsx = track(&filled);
    let from_csv = track(&root().join("examples/b2b-saas.actuals.csv"));
    assert!(
        from_xlsx["actuals"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{}",
        from_xlsx["actuals"]
    );
    assert_eq!(from_xlsx["tracking"], from_csv["tracking"]);
    assert_eq!(from_xlsx["findings"], from_csv["findings"]);

    // Saved again by LibreOffice Calc (its own shared strings, styles and
    // number formats): still the same figures.
    if let Some(lo) = calc() {
        let profile = dir.path().join("profile");
        let out = dir.path().join("lo");
        let o = Command::new(lo)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
            ])
            .arg(&out)
            .arg(&filled)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let from_lo = track(&out.join("filled.xlsx"));
        assert!(
            from_lo["actuals"][0]["findings"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{}",
            from_lo["actuals"]
        );
        assert_eq!(from_lo["tracking"], from_csv["tracking"]);
    }

    // The CSV template has the same rows.
    let csv = dir.path().join("template.csv");
    export(
        "examples/b2b-saas.toml",
        &csv,
        &["--what", "actuals-template", "--format", "csv"],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("kind,item,period,committed,actual,currency\n"));
    assert!(text.contains("spend,paid-search,2027-01,,,EUR\n"));
    assert!(text.contains("result,sqls,2027-12-31,,,\n"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("spend,")).count(),
        9 * 12
    );
}

#[test]
fn export_never_writes_over_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("budget.xlsx");
    std::fs::write(&out, "finance's own workbook").unwrap();
    let o = mvplan(&[
        "export",
        "examples/b2b-saas.toml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "finance's own workbook"
    );
    // Its own workbook it replaces; with --force, anything.
    std::fs::remove_file(&out).unwrap();
    export("examples/b2b-saas.toml", &out, &[]);
    export("examples/b2b-saas.toml", &out, &[]);
    std::fs::write(&out, "x").unwrap();
    export("examples/b2b-saas.toml", &out, &["--force"]);
    // Never over the plan.
    let plan = dir.path().join("plan.toml");
    std::fs::copy(root().join("examples/b2b-saas.toml"), &plan).unwrap();
    let o = mvplan(&[
        "export",
        plan.to_str().unwrap(),
        "-o",
        plan.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // The budget has no CSV form.
    let o = mvplan(&["export", "examples/b2b-saas.toml", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("workbooks only"), "{}", stderr(&o));
}

#[test]
fn the_variance_workbook_recalculates_to_what_track_says() {
    let (Some(py), Some(_)) = (python(), calc()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("variance.xlsx");
    export(
        "examples/b2b-saas.toml",
        &book,
        &["--what", "variance", "--as-of", "2027-06-30"],
    );
    let got = recalculated(&py, &book, dir.path());
    let o = mvplan(&[
        "track",
        "examples/b2b-saas.toml",
        "--as-of",
        "2027-06-30",
        "--format",
        "json",
    ]);
    let track: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = got["sheets"]["Variance"].as_array().unwrap();
    let lines = track["tracking"]["lines"].as_array().unwrap();
    for (row, line) in rows.iter().skip(1).zip(lines) {
        assert_eq!(row[0], line["id"]);
        // remaining, variance: formulas LibreOffice computed.
        assert_eq!(num(&row[6]), num(&line["remaining"]), "{row}");
        assert_eq!(num(&row[7]), num(&line["variance"]), "{row}");
        if let Some(p) = line["pacing"].as_str() {
            let p: f64 = p.parse().unwrap();
            assert!((num(&row[8]) * 100.0 - p).abs() < 0.1, "{row} vs {p}");
        }
        assert_eq!(row[11], line["state"]);
    }
    let total = &rows[lines.len() + 1];
    assert_eq!(total[0], "Total");
    let sum = |k: &str| lines.iter().map(|l| num(&l[k])).sum::<f64>();
    assert_eq!(num(&total[4]), sum("actual"));
    assert_eq!(num(&total[7]), sum("variance"));
    // Month by month: a plan, an actual and a variance row per line, the
    // actual adding up to what track counted.
    let monthly = got["sheets"]["Monthly"].as_array().unwrap();
    let search_actual = monthly
        .iter()
        .find(|r| r[0] == "paid-search" && r[1] == "actual")
        .unwrap();
    assert_eq!(
        num(search_actual.as_array().unwrap().last().unwrap()),
        560_000.0
    );
    let results = got["sheets"]["Results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r[0] == "abm-opportunities" && r[10] == true)
    );
}
