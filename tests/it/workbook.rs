//! Plans as workbooks (`mvplan export --what plan-workbook`, `mvplan
//! import`, and XLSX plans given to every command), against what mvplan
//! did not make: openpyxl fills the blank template in as a unit planner
//! would (tests/xlsx/fill_plan.py), mistakes included, and LibreOffice Calc
//! re-saves the workbook; the figures compared are `check --format json`'s
//! for the TOML plan the workbook was made from.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{mvplan, root, run_in, stderr, stdout};

fn python() -> Option<PathBuf> {
    crate::common::python_with("openpyxl", "openpyxl")
}

fn calc() -> Option<PathBuf> {
    let found = Some(PathBuf::from("/usr/bin/soffice"))
        .filter(|p| p.exists())
        .filter(|_| Path::new("/usr/lib/libreoffice/program/libsclo.so").exists());
    crate::common::need("LibreOffice Calc (libreoffice-calc)", found)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn export_workbook(plan: Option<&Path>, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", "--what", "plan-workbook", "-o", s(out)];
    if let Some(p) = plan {
        args.insert(1, s(p));
    }
    args.extend(extra);
    let o = mvplan(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `check --format json` of one file: its findings (rule, severity,
/// message, sorted) and figures.
fn checked(file: &Path, extra: &[&str]) -> (Vec<(String, String, String)>, Value, Value) {
    let mut args = vec!["check", s(file), "--format", "json"];
    args.extend(extra);
    let o = mvplan(&args);
    let v: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let f = &v["files"][0];
    let mut findings: Vec<(String, String, String)> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["rule"].as_str().unwrap().to_string(),
                x["severity"].as_str().unwrap().to_string(),
                x["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    findings.sort();
    (findings, f["figures"].clone(), f["findings"].clone())
}

/// Every bundled example plan, and the plans of the example portfolio.
fn examples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "examples/portfolio"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "mvplan-policy.toml")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 9, "{out:?}");
    out
}

#[test]
fn every_example_round_trips_through_its_workbook_with_the_same_findings_and_figures() {
    for plan in examples() {
        let dir = tempfile::tempdir().unwrap();
        // Beside the plan's own files (actuals, logo), as a unit would keep it.
        let book = plan.with_file_name(format!(
            "{}.rt-{}.xlsx",
            plan.file_stem().unwrap().to_str().unwrap(),
            std::process::id()
        ));
        export_workbook(Some(&plan), &book, &[]);
        let want = checked(&plan, &[]);
        let got = checked(&book, &[]);
        // And the TOML `import` writes from it.
        let toml = dir.path().join("imported.toml");
        let o = mvplan(&["import", s(&book), "-o", s(&toml), "--allow-errors"]);
        let imported = plan.with_file_name(format!("imported-{}.toml", std::process::id()));
        std::fs::copy(&toml, &imported).unwrap();
        let again = checked(&imported, &[]);
        let _ = std::fs::remove_file(&book);
        let _ = std::fs::remove_file(&imported);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        assert_eq!(want.0, got.0, "{}: findings", plan.display());
        assert_eq!(want.1, got.1, "{}: figures", plan.display());
        assert!(!want.1.is_null(), "{}", plan.display());
        assert_eq!(
            want.0,
            again.0,
            "{}: findings of the import",
            plan.display()
        );
        assert_eq!(want.1, again.1, "{}: figures of the import", plan.display());
        // Findings of the workbook name cells, never lines of a text the
        // user never saw.
        for f in got.2.as_array().unwrap() {
            assert!(f["line"].is_null(), "{f}");
            if f["cell"].is_string() {
                let cell = f["cell"].as_str().unwrap();
                assert!(cell.contains('!'), "{cell}");
            }
        }
    }
}

/// Runs tests/xlsx/fill_plan.py: the workbook filled in, and the cells
/// its mistakes must be reported at.
fn fill(py: &Path, blank: &Path, out: &Path, mode: &str) -> Vec<(String, String)> {
    let o = Command::new(py)
        .arg(root().join("tests/xlsx/fill_plan.py"))
        .args([s(blank), s(out), mode])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn policy() -> PathBuf {
    root().join("examples/portfolio/mvplan-policy.toml")
}

#[test]
fn a_blank_template_from_the_policy_filled_in_by_openpyxl_checks_and_imports() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    export_workbook(None, &blank, &["--policy", s(&policy())]);
    // What openpyxl sees of the blank: the sheets, the policy's categories
    // as the category drop-down, notes on the headers, the currency.
    let o = Command::new(&py)
        .arg("-c")
        .arg(
            r#"
import json, sys, openpyxl
b = openpyxl.load_workbook(sys.argv[1])
ch = b["Channels"]
heads = {c.value: c for c in ch[1]}
lists = {}
for dv in ch.data_validations.dataValidation:
    for rng in str(dv.sqref).split():
        lists[rng] = dv.formula1
cat = heads["category"].column_letter
plan = b["Plan"]
cur = [plan.cell(r, 2).value for r in range(2, plan.max_row + 1) if plan.cell(r, 1).value == "plan.currency"]
print(json.dumps({
  "sheets": b.sheetnames,
  "category": [v for k, v in lists.items() if k.startswith(cat + "2")],
  "work": [v for k, v in lists.items() if k.startswith(heads["work"].column_letter + "2")],
  "supports": [v for k, v in lists.items() if k.startswith(heads["supports"].column_letter + "2")],
  "budget_note": heads["budget"].comment.text if heads["budget"].comment else None,
  "currency": cur,
  "totals": [c.value for c in b["Totals"]["B"] if isinstance(c.value, str) and c.value.startswith("=")],
}))
"#,
        )
        .arg(&blank)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seen: Value = serde_json::from_slice(&o.stdout).unwrap();
    for sheet in [
        "Instructions",
        "Plan",
        "Goals",
        "Objectives",
        "Channels",
        "KPIs",
        "Forecasts",
        "Budget lines",
        "Team",
        "Agencies",
        "Initiatives",
        "Scenarios",
        "Asks",
        "Risks",
        "Totals",
    ] {
        assert!(
            seen["sheets"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == sheet),
            "{sheet}: {seen}"
        );
    }
    let category = seen["category"].to_string();
    assert!(
        category.contains("search") && category.contains("trade"),
        "{seen}"
    );
    assert!(
        seen["work"].to_string().contains("upstream,downstream"),
        "{seen}"
    );
    assert!(
        seen["supports"].to_string().contains("Objectives!$A$2"),
        "{seen}"
    );
    assert!(
        seen["budget_note"]
            .as_str()
            .unwrap()
            .contains("spend for the period"),
        "{seen}"
    );
    assert_eq!(seen["currency"], serde_json::json!(["EUR"]));
    assert!(
        seen["totals"].to_string().contains("SUM(Channels!"),
        "{seen}"
    );

    let filled = dir.path().join("drives.xlsx");
    assert!(fill(&py, &blank, &filled, "clean").is_empty());
    let (findings, figures, _) = checked(&filled, &["--policy", s(&policy())]);
    assert!(findings.iter().all(|f| f.1 != "error"), "{findings:?}");
    assert_eq!(figures["total"], "400000", "{figures}");
    assert_eq!(figures["channel_spend"], "360000", "{figures}");
    // Imported, the TOML plan checks the same.
    let toml = dir.path().join("drives.toml");
    let o = mvplan(&[
        "import",
        s(&filled),
        "-o",
        s(&toml),
        "--policy",
        s(&policy()),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.starts_with("# A marketing plan, imported"), "{text}");
    assert!(
        text.contains("[[channels.kpis]]") && text.contains("forecast = { pipeline = 2500000 }"),
        "{text}"
    );
    let (again, figures_again, _) = checked(&toml, &["--policy", s(&policy())]);
    assert_eq!(findings, again);
    assert_eq!(figures, figures_again);
    // Never over a plan without --force.
    let o = mvplan(&["import", s(&filled), "-o", s(&toml)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
}

#[test]
fn a_unit_planner_s_usual_mistakes_are_each_named_by_their_cell() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    export_workbook(None, &blank, &["--no-policy"]);
    for mode in ["mistakes", "typo"] {
        let filled = dir.path().join(format!("{mode}.xlsx"));
        let expected = fill(&py, &blank, &filled, mode);
        assert!(!expected.is_empty());
        let o = mvplan(&["check", s(&filled), "--format", "json", "--no-policy"]);
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let found: Vec<(String, String)> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["cell"].as_str().unwrap_or("(no cell)").to_string(),
                )
            })
            .collect();
        for e in &expected {
            assert!(found.contains(e), "{mode}: {e:?} not in {found:?}");
        }
        // Nothing is reported without a place.
        for f in v["files"][0]["findings"].as_array().unwrap() {
            assert!(f["cell"].is_string(), "{mode}: {f}");
        }
        assert_ne!(o.status.code(), Some(0), "{mode}");
        // The human report shows the cell and the same help as for TOML.
        let o = mvplan(&["check", s(&filled), "--no-policy"]);
        let text = stdout(&o);
        match mode {
            "typo" => assert!(text.contains("did you mean `pipeline`?"), "{text}"),
            _ => {
                assert!(text.contains("[Objectives!"), "{text}");
                assert!(text.contains("did you mean `Risks`?"), "{text}");
                assert!(text.contains("write a date as YYYY-MM-DD"), "{text}");
            }
        }
        // import refuses to write a plan with errors.
        let toml = dir.path().join(format!("{mode}.toml"));
        let o = mvplan(&["import", s(&filled), "-o", s(&toml)]);
        assert_ne!(o.status.code(), Some(0));
        assert!(!toml.exists());
    }
    // The inserted row is a channel like the others.
    let text = stdout(&mvplan(&[
        "import",
        s(&dir.path().join("mistakes.xlsx")),
        "-o",
        "-",
        "--allow-errors",
        "--no-policy",
    ]));
    assert!(text.contains("id = \"webinars\""), "{text}");
}

#[test]
fn libreoffice_re_saves_the_workbook_and_it_still_imports_to_the_same_plan() {
    let (Some(py), Some(_)) = (python(), calc()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("examples/b2b-saas.toml");
    let book = dir.path().join("b2b-saas.xlsx");
    export_workbook(Some(&plan), &book, &[]);
    let out = dir.path().join("saved");
    let profile = dir.path().join("profile");
    let o = Command::new("soffice")
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
        .arg(&book)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let saved = out.join("b2b-saas.xlsx");
    // Validation lists and formulas survive the re-save.
    let o = Command::new(&py)
        .arg("-c")
        .arg(
            r#"
import json, sys, openpyxl
b = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({
  "validations": sum(len(ws.data_validations.dataValidation) for ws in b.worksheets),
  "formulas": sum(1 for c in b["Totals"]["B"] if isinstance(c.value, str) and c.value.startswith("=")),
}))
"#,
        )
        .arg(&saved)
        .output()
        .unwrap();
    let seen: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(seen["validations"].as_u64().unwrap() > 20, "{seen}");
    assert!(seen["formulas"].as_u64().unwrap() > 5, "{seen}");
    // Beside the plan's actuals, as the plan names them.
    let beside = root().join(format!("examples/b2b-saas.lo-{}.xlsx", std::process::id()));
    std::fs::copy(&saved, &beside).unwrap();
    let got = checked(&beside, &[]);
    let _ = std::fs::remove_file(&beside);
    let want = checked(&plan, &[]);
    assert_eq!(want.0, got.0);
    assert_eq!(want.1, got.1);
}

#[test]
fn the_plan_workbook_has_fixed_bytes_and_is_never_written_over_a_filled_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    let plan = root().join("examples/consumer-brand.toml");
    export_workbook(Some(&plan), &a, &[]);
    export_workbook(Some(&plan), &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // mvplan's own export is replaced; someone's file is not.
    export_workbook(Some(&plan), &a, &[]);
    std::fs::write(&b, b"PK\x03\x04 someone else's workbook").unwrap();
    let o = mvplan(&["export", "--what", "plan-workbook", s(&plan), "-o", s(&b)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Without a plan, every other export asks for one.
    let o = mvplan(&["export", "--what", "budget"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a plan"), "{}", stderr(&o));
}

#[test]
fn review_diff_render_track_and_optimize_take_a_workbook_plan_as_they_take_toml() {
    let dir = crate::common::example_portfolio();
    for f in ["motion.actuals.csv", "sensors.actuals.csv"] {
        std::fs::copy(
            root().join("examples/portfolio").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let review = |d: &Path| -> Value {
        let o = run_in(
            d,
            &["review", ".", "--format", "json", "--as-of", "2027-06-30"],
        );
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
    };
    let before = review(dir.path());
    // The sensors unit submits a workbook instead of its TOML.
    let toml = dir.path().join("sensors.toml");
    let book = dir.path().join("sensors.xlsx");
    export_workbook(Some(&toml), &book, &[]);
    // diff sees no change between the two.
    let o = mvplan(&["diff", s(&toml), s(&book)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.path().join("sensors.toml.bak");
    std::fs::rename(&toml, &copy).unwrap();
    let after = review(dir.path());
    let files = |v: &Value| -> Vec<String> {
        v["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["file"].as_str().unwrap().replace(".xlsx", ".toml"))
            .collect()
    };
    assert_eq!(files(&before), files(&after));
    for key in [
        "total_budget",
        "total_spend",
        "upstream_share",
        "by_category",
        "by_quarter",
        "tally",
        "coverage",
    ] {
        let same = |v: &Value| v.to_string().replace("sensors.xlsx", "sensors.toml");
        assert_eq!(same(&before[key]), same(&after[key]), "{key}");
    }
    for (a, b) in before["plans"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["plans"].as_array().unwrap())
    {
        for key in [
            "title",
            "budget",
            "unallocated",
            "score",
            "errors",
            "warnings",
            "forecast_coverage",
            "channels",
            "objectives",
            "actuals",
        ] {
            assert_eq!(a[key], b[key], "{}: {key}", a["file"]);
        }
    }
    // render, track and optimize read it too.
    let deck = dir.path().join("sensors.md");
    let o = run_in(dir.path(), &["render", "sensors.xlsx", "-o", s(&deck)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&deck).unwrap().contains("Sensors"));
    let o = run_in(
        dir.path(),
        &["track", "sensors.xlsx", "--as-of", "2027-06-30"],
    );
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    // optimize, on a plan with response curves: the same allocation.
    let b2b = dir.path().join("b2b.xlsx");
    let plan = root().join("examples/b2b-saas.toml");
    export_workbook(Some(&plan), &b2b, &[]);
    let want = mvplan(&["optimize", s(&plan), "--no-policy"]);
    let got = mvplan(&["optimize", s(&b2b), "--no-policy"]);
    assert!(
        got.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&got)
    );
    assert_eq!(
        stdout(&want).replace(s(&plan), "PLAN"),
        stdout(&got).replace(s(&b2b), "PLAN")
    );
    assert!(stdout(&got).contains("paid-search"), "{}", stdout(&got));
}

#[test]
fn hostile_workbooks_are_refused_quickly_and_with_a_reason() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // A zip bomb: a part that inflates to 200 MiB.
    let bomb = dir.path().join("bomb.xlsx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..200 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    // A zip that is no workbook.
    let not = dir.path().join("not.xlsx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&not).unwrap());
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    // A workbook with a cell a million columns right, and 300 sheets.
    let wide = dir.path().join("wide.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Plan").unwrap();
        ws.write_string(0, 16_000, "far").unwrap();
        for i in 0..300 {
            book.add_worksheet().set_name(format!("S{i}")).unwrap();
        }
        book.save(&wide).unwrap();
    }
    for (file, words) in [
        (&bomb, "inflates to more than"),
        (&not, "not an XLSX workbook"),
        (&wide, "301 sheets; a plan workbook"),
    ] {
        let started = std::time::Instant::now();
        let o = mvplan(&["check", s(file)]);
        let text = stdout(&o) + &stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(text.contains(words), "{}: {text}", file.display());
        assert!(!text.contains("panicked"), "{text}");
        assert!(started.elapsed().as_secs() < 20);
    }
    // A sheet too wide is read up to its bound, and says so.
    let wide1 = dir.path().join("wide1.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Plan").unwrap();
        ws.write_string(0, 0, "field").unwrap();
        ws.write_string(3, 16_000, "far").unwrap();
        book.save(&wide1).unwrap();
    }
    let o = mvplan(&["check", s(&wide1), "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cells: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["cell"].as_str())
        .collect();
    assert!(cells.contains(&"Plan!WQK4"), "{v}");
}

#[test]
fn a_plan_names_a_parent_kept_as_a_workbook_and_cascades_from_it_as_from_toml() {
    // The company plan as a workbook: a unit plan naming it gets the same
    // findings as when it names the TOML the workbook was made from (before,
    // the parent was read as TOML whatever it was: a `cascade-parent` error).
    let dir = crate::common::example_portfolio();
    let d = dir.path();
    export_workbook(Some(&d.join("company.toml")), &d.join("company.xlsx"), &[]);
    let unit = d.join("motion.toml");
    let as_toml = checked(&unit, &["--no-policy"]).0;
    let text = std::fs::read_to_string(&unit).unwrap();
    assert!(text.contains("parent = \"company.toml\""));
    std::fs::write(
        &unit,
        text.replacen("parent = \"company.toml\"", "parent = \"company.xlsx\"", 1),
    )
    .unwrap();
    let as_workbook = checked(&unit, &["--no-policy"]).0;
    assert!(
        !as_workbook
            .iter()
            .any(|(rule, ..)| rule == "cascade-parent"),
        "{as_workbook:#?}"
    );
    assert_eq!(as_workbook, as_toml);
}
