//! Plan vs actual (`mvplan track`): the tracking rules on the b2b example's
//! mid-year actuals, each rule triggered and clean, and every bad row of an
//! actuals file located — all of them, in one run.

use crate::common::{mvplan, rules_of, run_in, stderr, stdout};
use serde_json::Value;

fn track_json(dir: &std::path::Path, csv: &str, as_of: &str) -> (Option<i32>, Value) {
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.join("plan.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("a.csv"), csv).unwrap();
    let o = run_in(
        dir,
        &[
            "track",
            "plan.toml",
            "a.csv",
            "--as-of",
            as_of,
            "--format",
            "json",
        ],
    );
    (
        o.status.code(),
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o))),
    )
}

const HEADER: &str = "kind,item,period,committed,actual,currency\n";

/// Spend rows exactly on the b2b plan's phasing for January–March.
fn on_plan() -> String {
    let mut s = String::from(HEADER);
    // Quarterly amounts / 3 per month for Q1 (b2b-saas.toml).
    for (item, q1) in [
        ("paid-search", 225_000),
        ("abm", 300_000),
        ("events", 100_000),
        ("content-seo", 100_000),
        ("customer-marketing", 100_000),
        ("brand-video", 150_000),
        ("research", 100_000),
        ("scenarios", 25_000),
        ("martech", 50_000),
    ] {
        for m in 1..=3 {
            s.push_str(&format!("spend,{item},2027-0{m},0,{},EUR\n", q1 / 3));
        }
    }
    s
}

#[test]
fn the_example_s_mid_year_actuals_show_what_a_review_must_see() {
    let o = mvplan(&[
        "track",
        "examples/b2b-saas.toml",
        "examples/b2b-saas.actuals.csv",
        "--as-of",
        "2027-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = rules_of(&v);
    for r in [
        "overspend",
        "under-pacing",
        "kpi-behind-pace",
        "reforecast-shortfall",
    ] {
        assert!(rules.contains(&r.to_string()), "{r}: {rules:?}");
    }
    // Research is front-loaded by plan: spent early, not over.
    let research = v["tracking"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "research")
        .unwrap();
    assert_eq!(research["planned_to_date"], "150000");
    assert!(!v["findings"].to_string().contains("`research`"));
    // The same numbers whatever day it is: --as-of fixes them.
    let again = mvplan(&[
        "track",
        "examples/b2b-saas.toml",
        "examples/b2b-saas.actuals.csv",
        "--as-of",
        "2027-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&again), stdout(&o));
}

#[test]
fn each_tracking_rule_fires_on_its_case_and_not_on_a_plan_kept_to() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v) = track_json(dir.path(), &on_plan(), "2027-03-31");
    assert_eq!(code, Some(0));
    assert_eq!(rules_of(&v), Vec::<String>::new(), "{}", v["findings"]);

    let cases: [(&str, &str, &str); 5] = [
        (
            "commitments-over-budget",
            "spend,events,2027-03,700000,150000,EUR\n",
            "2027-03-31",
        ),
        (
            "overspend",
            "spend,abm,2027-03,0,800000,EUR\n",
            "2027-03-31",
        ),
        // Events spent January's third and nothing since, read at March.
        // (An export that simply ends at March read in June is not
        // under-pacing: spend is judged where the export ends.)
        ("under-pacing", "", "2027-03-31"),
        ("stale-actuals", "", "2027-09-30"),
        (
            "kpi-behind-pace",
            "result,pipeline,2027-03-31,,12600000,\n",
            "2027-03-31",
        ),
    ];
    for (rule, extra, as_of) in cases {
        let csv = on_plan()
            .replace(
                if rule == "under-pacing" {
                    "spend,events,2027-02,0,33333,EUR\nspend,events,2027-03,0,33333,EUR\n"
                } else {
                    "\u{0}"
                },
                "",
            )
            .replace(
                if rule == "overspend" {
                    "spend,abm,2027-03,0,100000,EUR\n"
                } else if rule == "commitments-over-budget" {
                    "spend,events,2027-03,0,33333,EUR\n"
                } else {
                    "\u{0}"
                },
                "",
            )
            + extra;
        let (code, v) = track_json(dir.path(), &csv, as_of);
        assert!(
            rules_of(&v).contains(&rule.to_string()),
            "{rule}: {}",
            v["findings"]
        );
        // Commitments over budget is an error: exit 1.
        if rule == "commitments-over-budget" {
            assert_eq!(code, Some(1));
        }
    }
    // Spend on a channel the plan does not fund: a zero-budget channel.
    let plan = std::fs::read_to_string(crate::common::root().join("examples/b2b-saas.toml"))
        .unwrap()
        .replace(
            "budget = 600_000\nquarterly = [150_000, 150_000, 150_000, 150_000]",
            "budget = 0",
        );
    std::fs::write(dir.path().join("zero.toml"), plan).unwrap();
    std::fs::write(
        dir.path().join("z.csv"),
        format!("{HEADER}spend,brand-video,2027-02,0,5000,EUR\n"),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "track",
            "zero.toml",
            "z.csv",
            "--as-of",
            "2027-03-31",
            "--format",
            "json",
        ],
    );
    let v: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    assert!(
        rules_of(&v).contains(&"actuals-unfunded".to_string()),
        "{}",
        v["findings"]
    );
}

#[test]
fn every_bad_row_is_located_and_the_good_ones_still_count() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    let csv = "\u{feff}kind,item,period,committed,actual,currency\n\
spend,paid-serch,2027-01,0,1000,EUR\n\
spending,abm,2027-01,0,1000,EUR\n\
spend,abm,2027-13,0,1000,EUR\n\
spend,abm,2028-01,0,1000,EUR\n\
spend,abm,2027-02,0,1000,USD\n\
spend,abm,2027-03,0,=1+1,EUR\n\
spend,events,2027-01,0,5000,EUR\n\
spend,events,2027-01,0,5000,EUR\n\
spend,content-seo,2027-01,0\n\
spend,customer-marketing,2027-01-14,0,700,EUR\n\
spend,customer-marketing,2027-01-15,0,300,EUR\n";
    std::fs::write(dir.path().join("bad.csv"), csv).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "track",
            "plan.toml",
            "bad.csv",
            "--as-of",
            "2027-01-31",
            "--color",
            "never",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (line, says) in [
        ("bad.csv:2:7", "did you mean `paid-search`?"),
        ("bad.csv:3:1", "`spending` is not a kind of row"),
        ("bad.csv:4:11", "`2027-13` is not a month"),
        ("bad.csv:5:11", "outside the plan period"),
        ("bad.csv:6:26", "the row is in USD"),
        ("bad.csv:7:21", "`=1+1` is not an amount"),
        ("bad.csv:9:1", "given twice"),
        ("bad.csv:10:1", "the row has 4 fields"),
    ] {
        assert!(err.contains(line), "{line} missing:\n{err}");
        assert!(err.contains(says), "{says} missing:\n{err}");
    }
    // The good row counted: events spent 5,000 in January.
    assert!(stdout(&o).contains("events"), "{}", stdout(&o));
    let json = run_in(
        dir.path(),
        &[
            "track",
            "plan.toml",
            "bad.csv",
            "--as-of",
            "2027-01-31",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let events = v["tracking"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "events")
        .unwrap();
    assert_eq!(events["actual"], "5000");
    // Daily rows count in their month.
    let cm = v["tracking"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "customer-marketing")
        .unwrap();
    assert_eq!(cm["actual"], "1000");
    assert_eq!(v["actuals"][0]["findings"].as_array().unwrap().len(), 8);

    // A semicolon-separated export is told apart, not misread.
    std::fs::write(
        dir.path().join("semi.csv"),
        "kind;item;period;committed;actual;currency\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["track", "plan.toml", "semi.csv", "--as-of", "2027-01-31"],
    );
    assert!(
        stderr(&o).contains("separated by semicolons"),
        "{}",
        stderr(&o)
    );
    // A bad date is a usage error.
    let o = run_in(
        dir.path(),
        &["track", "plan.toml", "semi.csv", "--as-of", "June"],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn track_files(files: &[&str]) -> (Option<i32>, Value) {
    let root = crate::common::root();
    let mut args = vec![
        "track".to_string(),
        root.join("examples/b2b-saas.toml").display().to_string(),
    ];
    args.extend(files.iter().map(|f| root.join(f).display().to_string()));
    args.extend(["--as-of", "2027-06-30", "--format", "json"].map(String::from));
    let o = mvplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    (
        o.status.code(),
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o))),
    )
}

#[test]
fn a_workbook_gives_the_same_figures_as_the_csv_it_was_made_from() {
    // Written by openpyxl (tests/fixtures/actuals/make_xlsx.py): amounts as
    // numbers, result dates as date cells, the rows on a second sheet.
    let (csv_code, csv) = track_files(&["examples/b2b-saas.actuals.csv"]);
    let (xlsx_code, xlsx) = track_files(&["tests/fixtures/actuals/b2b-saas.actuals.xlsx"]);
    assert_eq!(csv_code, xlsx_code);
    assert_eq!(csv["tracking"], xlsx["tracking"]);
    assert_eq!(csv["findings"], xlsx["findings"]);
    assert!(
        xlsx["actuals"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{}",
        xlsx["actuals"]
    );
    // The figures are real: paid search's six months are in.
    let search = &xlsx["tracking"]["lines"][0];
    assert_eq!(search["id"], "paid-search");
    assert_eq!(search["actual"], "560000");
}

#[test]
fn every_bad_cell_of_a_hostile_workbook_is_named_by_sheet_and_cell() {
    let (code, v) = track_files(&["tests/fixtures/actuals/hostile.xlsx"]);
    assert_eq!(code, Some(1), "bad rows are errors");
    let found: Vec<(String, String)> = v["actuals"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["rule"], "actuals-invalid");
            assert!(f["line"].is_null(), "a workbook has no lines: {f}");
            (
                f["cell"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |cell: &str, words: &str| {
        assert!(
            found.iter().any(|(c, m)| c == cell && m.contains(words)),
            "no `{words}` at {cell} in {found:#?}"
        )
    };
    has("Actuals!B3", "no channel or budget line `paid-serch`");
    has("Actuals!F4", "in USD");
    has("Actuals!E5", "formula `=SUM(1,2)` with no saved value");
    has("Actuals!E6", "`=HYPERLINK(\"http://x\")` is not an amount");
    has("Actuals!E7", "`#DIV/0!` is not an amount");
    has("Actuals!E8", "`2027-01-01` is not an amount");
    has("Actuals!E9", "`TRUE` is not an amount");
    // A value past the columns is named at its own cell, however far
    // (the cells between are never built).
    has("Actuals!G10", "a value beyond its 6 columns");
    has("Actuals!A11:A13", "merged over rows 11 to 13");
    has("Actuals!XFD1048576", "a value beyond its 6 columns");
    assert_eq!(found.len(), 10, "{found:#?}");
    // The good rows still count: paid search's January and content's.
    let lines = v["tracking"]["lines"].as_array().unwrap();
    assert_eq!(lines[0]["actual"], "80000");
    assert_eq!(lines[3]["id"], "content-seo");
    assert_eq!(lines[3]["actual"], "700");
    // Said the way people read spreadsheets.
    let root = crate::common::root();
    let o = mvplan(&[
        "track",
        root.join("examples/b2b-saas.toml").to_str().unwrap(),
        root.join("tests/fixtures/actuals/hostile.xlsx")
            .to_str()
            .unwrap(),
        "--as-of",
        "2027-06-30",
    ]);
    assert!(
        stderr(&o).contains("hostile.xlsx [Actuals!B3]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn workbooks_that_are_not_workbooks_or_inflate_without_end_are_refused() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let plan = crate::common::root().join("examples/b2b-saas.toml");
    let run = |name: &str| {
        mvplan(&[
            "track",
            plan.to_str().unwrap(),
            dir.path().join(name).to_str().unwrap(),
            "--as-of",
            "2027-06-30",
        ])
    };
    std::fs::write(dir.path().join("text.xlsx"), "kind,item\n").unwrap();
    let o = run("text.xlsx");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not an XLSX workbook"),
        "{}",
        stderr(&o)
    );

    // A zip bomb: a sheet part that inflates past the bound from a few
    // hundred kilobytes.
    let file = std::fs::File::create(dir.path().join("bomb.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..130 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    let o = run("bomb.xlsx");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("inflates to more than"),
        "{}",
        stderr(&o)
    );

    // A workbook named as CSV is told apart, not read as mojibake.
    std::fs::copy(
        crate::common::root().join("tests/fixtures/actuals/b2b-saas.actuals.xlsx"),
        dir.path().join("book.csv"),
    )
    .unwrap();
    let o = run("book.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a workbook"), "{}", stderr(&o));
}

#[test]
fn the_status_deck_reports_the_example_at_mid_year_in_every_format() {
    // The plan names its actuals (`actuals = [...]` under [plan]); the deck
    // is as of the newest of them, so it is the same whenever it is made.
    let o = mvplan(&[
        "render",
        "examples/b2b-saas.toml",
        "--deck",
        "status",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    insta::assert_snapshot!("b2b-saas-status", md);
    for words in [
        "# FY2027 Growth Plan: status at 30 Jun 2027",
        "# Marketing-sourced pipeline at 59% and Aided awareness, target account list at 93% of the pace their targets need at 30 Jun 2027: move €702k to the channels that return more",
        "- **Sales-qualified leads ahead of pace while marketing-sourced pipeline is behind: a conversion problem, not a volume problem.**",
        "- **Triggers:** Sales-qualified leads below 400 SQLs: not set off (510 SQLs a quarter on average to 30 Jun); Marketing-sourced pipeline below €8M: not set off (€14.1M on 30 Jun)",
        "| Trade shows and field events ▼ |",
        "| Paid search ▲ |",
        "```chart line",
        "| €480k | Trade shows and field events | Content and SEO | The curves, given what is spent: +€1.21M of pipeline (6.6%)",
        "| kpi behind pace |",
    ] {
        assert!(md.contains(words), "no `{words}` in\n{md}");
    }
    let dir = tempfile::tempdir().unwrap();
    for (format, magic) in [
        ("pdf", &b"%PDF"[..]),
        ("html", &b"<!doctype html>"[..]),
        ("pptx", &b"PK\x03\x04"[..]),
    ] {
        let mut bytes = Vec::new();
        for i in 0..2 {
            let out = dir.path().join(format!("status{i}.{format}"));
            let o = mvplan(&[
                "render",
                "examples/b2b-saas.toml",
                "--deck",
                "status",
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{format}: {}", stderr(&o));
            bytes.push(std::fs::read(&out).unwrap());
        }
        assert!(bytes[0].starts_with(magic), "{format}");
        assert_eq!(bytes[0], bytes[1], "{format}: same inputs, same bytes");
    }
}

#[test]
fn the_status_deck_needs_usable_actuals() {
    // No actuals at all: said, with where to put them.
    let o = mvplan(&[
        "render",
        "examples/industrial-unit.toml",
        "--deck",
        "status",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no actuals"), "{}", stderr(&o));
    assert!(stderr(&o).contains("actuals = "), "{}", stderr(&o));

    // Bad rows stop it (a report on part of the numbers misleads), unless forced.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    let mut csv =
        std::fs::read_to_string(crate::common::root().join("examples/b2b-saas.actuals.csv"))
            .unwrap();
    csv.push_str("spend,paid-serch,2027-06,0,1000,EUR\n");
    std::fs::write(dir.path().join("b2b-saas.actuals.csv"), csv).unwrap();
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--deck", "status", "-o", "-"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did you mean `paid-search`"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "-o",
            "-",
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // --actuals names others; --as-of moves the date.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--deck",
            "status",
            "-o",
            "-",
            "--actuals",
            crate::common::root()
                .join("tests/fixtures/actuals/b2b-saas.actuals.xlsx")
                .to_str()
                .unwrap(),
            "--as-of",
            "2027-03-31",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("status at 31 Mar 2027"),
        "{}",
        stdout(&o)
    );

    // A plan may only name actuals beside it.
    let plan = std::fs::read_to_string(dir.path().join("plan.toml"))
        .unwrap()
        .replace(
            "actuals = [\"b2b-saas.actuals.csv\"]",
            "actuals = [\"../../etc/passwd\"]",
        );
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--deck", "status", "-o", "-"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("outside"), "{}", stderr(&o));
    let o = run_in(dir.path(), &["check", "plan.toml"]);
    assert!(stdout(&o).contains("file-not-beside"), "{}", stdout(&o));
}

#[test]
fn the_review_carries_each_unit_s_actuals() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "b2b-saas.toml",
        "b2b-saas.actuals.csv",
        "consumer-brand.toml",
        "consumer-brand.actuals.csv",
        "industrial-unit.toml",
    ] {
        std::fs::copy(
            crate::common::root().join("examples").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let o = run_in(dir.path(), &["review", ".", "--format", "json"]);
    let v: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let unit = |name: &str| {
        v["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["unit"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    let b2b = unit("Production Analytics");
    assert_eq!(b2b["actuals"]["as_of"], "2027-06-30");
    assert_eq!(b2b["actuals"]["actual"], "2309000");
    assert_eq!(b2b["actuals"]["pacing"], "94");
    assert_eq!(
        b2b["actuals"]["behind"],
        serde_json::json!(["pipeline", "abm-opportunities"])
    );
    let oats = unit("Oat Drinks");
    assert_eq!(oats["actuals"]["as_of"], "2027-09-30");
    assert!(
        oats["actuals"]["off_pace"]
            .as_array()
            .unwrap()
            .contains(&Value::from("tv-bvod (over)")),
        "{}",
        oats["actuals"]
    );
    assert!(
        unit("Industrial Sensors")
            .get("actuals")
            .is_none_or(Value::is_null)
    );
    // One date for every unit, when asked.
    let o = run_in(
        dir.path(),
        &["review", ".", "--format", "csv", "--as-of", "2027-06-30"],
    );
    let csv = stdout(&o);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.ends_with(&[
        "as_of",
        "tracked_budget",
        "planned_to_date",
        "actual",
        "committed",
        "pacing",
        "reforecast",
        "behind_pace",
        "off_pace"
    ]));
    let as_of = header.iter().position(|h| *h == "as_of").unwrap();
    let dates: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            // Quoted commas only come before the tracking columns.
            let c = cells[cells.len() - (header.len() - as_of)];
            (!c.is_empty()).then(|| c.to_string())
        })
        .collect();
    assert_eq!(dates, ["2027-06-30", "2027-06-30"], "{csv}");
    // The portfolio deck has the plan-vs-actual slide.
    let o = run_in(dir.path(), &["review", ".", "-o", "-"]);
    let md = stdout(&o);
    assert!(
        md.contains("# Plan vs actual: 2 of 3 units report actuals"),
        "{md}"
    );
}

#[test]
fn huge_actuals_files_are_bounded_not_read_without_end() {
    let dir = tempfile::tempdir().unwrap();
    // More rows than allowed, every one of them bad: reported by the first
    // thousand, a count, and the row limit.
    let mut csv = String::from(HEADER);
    csv.push_str(&"x,,,,,\n".repeat(1_000_001));
    let (code, v) = track_json(dir.path(), &csv, "2027-06-30");
    assert_eq!(code, Some(1));
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert!(found.len() <= 1_002, "{}", found.len());
    let messages: Vec<&str> = found
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("more than 1000000 rows"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("more problems in this file"))
    );
    // A file over the size limit is refused before it is read.
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(33 * 1024 * 1024).unwrap();
    let o = run_in(
        dir.path(),
        &["track", "plan.toml", "big.csv", "--as-of", "2027-06-30"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than 32 MiB"), "{}", stderr(&o));
}

#[test]
fn the_tracking_rules_take_the_plan_s_checks() {
    let dir = tempfile::tempdir().unwrap();
    let plan =
        std::fs::read_to_string(crate::common::root().join("examples/b2b-saas.toml")).unwrap();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.actuals.csv"),
        dir.path().join("b2b-saas.actuals.csv"),
    )
    .unwrap();
    let run_at = |checks: &str, as_of: &str| {
        let with = if plan.contains("\n[checks]\n") {
            plan.replacen("\n[checks]\n", &format!("\n[checks]\n{checks}\n"), 1)
        } else {
            format!("{plan}\n[checks]\n{checks}\n")
        };
        std::fs::write(dir.path().join("plan.toml"), with).unwrap();
        let o = run_in(
            dir.path(),
            &["track", "plan.toml", "--as-of", as_of, "--format", "json"],
        );
        let v: Value =
            serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
        (o.status.code(), v)
    };
    let run = |checks: &str| run_at(checks, "2027-06-30");
    let (code, v) = run("");
    assert_eq!(code, Some(0));
    let rules = rules_of(&v);
    assert!(rules.contains(&"overspend".to_string()), "{rules:?}");
    assert!(rules.contains(&"under-pacing".to_string()), "{rules:?}");
    // Wider tolerances: paid search (124% of plan, a run-rate 24% over) is
    // within 75% ahead and a quarter over; events (50%) above 40%.
    let (_, v) = run("overspend_tolerance = 75\nunderpacing_threshold = 40");
    let rules = rules_of(&v);
    assert!(!rules.contains(&"overspend".to_string()), "{rules:?}");
    assert!(!rules.contains(&"under-pacing".to_string()), "{rules:?}");
    // Severities as for every rule: allowed, or made errors (exit 1).
    let (code, v) = run("allow = [\"under-pacing\"]\ndeny = [\"kpi-behind-pace\"]");
    assert_eq!(code, Some(1));
    let found = v["findings"].as_array().unwrap();
    assert!(!rules_of(&v).contains(&"under-pacing".to_string()));
    assert!(
        found
            .iter()
            .any(|f| f["rule"] == "kpi-behind-pace" && f["severity"] == "error")
    );
    // The age of actuals: two months old is stale by default, not at 90 days.
    let (_, v) = run_at("", "2027-08-31");
    assert!(rules_of(&v).contains(&"stale-actuals".to_string()));
    let (_, v) = run_at("actuals_max_age_days = 90", "2027-08-31");
    assert!(!rules_of(&v).contains(&"stale-actuals".to_string()));
}

#[test]
fn reallocations_keep_what_is_spent_and_let_the_curves_decide_their_channels() {
    // b2b at mid-year: events has spent 200k and committed 120k of its
    // 800k; the rest of the year re-optimised on the curves may take from
    // it only what is neither spent nor committed.
    let (_, v) = track_files(&["examples/b2b-saas.actuals.csv"]);
    let r = &v["tracking"]["reallocations"][0];
    assert_eq!(r["objective"], "pipeline");
    let taken: f64 = r["moves"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["from"] == "events")
        .map(|m| m["amount"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(taken > 0.0 && 800_000.0 - taken >= 320_000.0, "{r}");
    let gain = r["optimal"].as_str().unwrap().parse::<f64>().unwrap()
        - r["planned"].as_str().unwrap().parse::<f64>().unwrap();
    assert!(gain > 0.0, "{r}");

    // The consumer brand's curves say its budgets are right: sampling,
    // late, is not raided for the overrunning TV line; its money is shown
    // as free at this pace instead.
    let o = mvplan(&[
        "render",
        "examples/consumer-brand.toml",
        "--deck",
        "status",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    // Nothing moves, but TV's pace ends past its budget: the slide says
    // to slow it ("no reallocation is needed" beside an overrun misled).
    assert!(
        md.contains(
            "Nothing to move between channels; to hold the budget, slow the spend on \
             **TV and broadcaster video on demand** (£700k spent of £600k planned by then; \
             £1.4M at this pace against its £1.2M)."
        ),
        "{md}"
    );
    assert!(
        md.contains("**Free at this pace:** £192k on Sampling in stores and schools"),
        "{md}"
    );
}

#[test]
fn rows_in_another_currency_are_converted_at_the_policy_s_rates() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        format!("{HEADER}spend,paid-search,2027-01,0,100000,USD\nspend,abm,2027-01,0,1000,GBP\n");
    // Without rates, refused with where to give one.
    let (code, v) = track_json(dir.path(), &csv, "2027-01-31");
    assert_eq!(code, Some(1));
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0]["help"].as_str().unwrap().contains("[rates]"));
    // With the policy beside the plan: euros per dollar.
    std::fs::write(
        dir.path().join("mvplan-policy.toml"),
        "[policy]\ncurrency = \"EUR\"\n\n[rates]\nUSD = 0.92\n",
    )
    .unwrap();
    let (_, v) = track_json(dir.path(), &csv, "2027-01-31");
    let found = v["actuals"][0]["findings"].as_array().unwrap();
    assert_eq!(
        found.len(),
        1,
        "only the pound row, which has no rate: {found:?}"
    );
    assert_eq!(
        (found[0]["line"].clone(), found[0]["column"].clone()),
        (3.into(), 26.into())
    );
    let search = &v["tracking"]["lines"][0];
    assert_eq!(search["id"], "paid-search");
    assert_eq!(search["actual"], "92000.00");
}
