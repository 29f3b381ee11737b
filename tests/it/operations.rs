//! Marketing operations (docs/plan-format.md, "Operations"): the stack's
//! rules, each shown firing on an edit of the starter and silent on the
//! starter itself; the review's stack and calendar roll-ups on the example
//! portfolio, with the figures recomputed here from the TOML files.

use crate::common::*;

use std::path::Path;

use mvplan::check::Settings;
use mvplan::source::SourceFile;

const STARTER: &str = include_str!("../../templates/new/starter.toml");

/// The rules of the operations family.
fn operations_rules() -> Vec<&'static str> {
    mvplan::catalogue::all()
        .into_iter()
        .filter(|r| r.family == "operations")
        .map(|r| r.id)
        .collect()
}

fn rule_ids(text: &str) -> Vec<&'static str> {
    let (report, _) =
        mvplan::check_source(SourceFile::new("case.toml", text), &Settings::default());
    // The starter's own placeholders (rule placeholder-text) are its
    // words left to write, not a problem of the stack.
    report
        .findings
        .iter()
        .map(|f| f.rule)
        .filter(|r| *r != "placeholder-text")
        .collect()
}

fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut text = base.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "edit target not found: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The starter's last line: cases append after it.
const TOOL_TAIL: &str =
    "override_by = \"campaigns\"                    # who can pause or stop it\n";

fn cases() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "stack-no-owner",
            vec![("owner = \"marketing-ops\"\ncost = 30_000", "cost = 30_000")],
        ),
        (
            "automation-no-override",
            vec![(
                "override_by = \"campaigns\"                    # who can pause or stop it\n",
                "",
            )],
        ),
        (
            "capability-duplicate",
            vec![(
                TOOL_TAIL,
                "override_by = \"campaigns\"\n[[stack]]\nid = \"second\"\ntool = \"A second MAP\"\ncapability = \"marketing-automation\"\nowner = \"marketing-ops\"\nin_budget = false\nfeeds = [\"crm\"]\n",
            )],
        ),
        (
            "capability-missing",
            vec![(
                "kpis = [{ name = \"Meetings booked\", target = 300 }]",
                "kpis = [{ name = \"Meetings booked\", target = 300 }]\nneeds = [\"intent-data\"]",
            )],
        ),
        (
            "stack-isolated",
            vec![
                ("fed_by = [\"automation\"]\n", ""),
                (
                    "feeds = [\"crm\"]\nused_by = [\"paid-search\"]",
                    "used_by = [\"pipeline\"]",
                ),
            ],
        ),
        (
            "stack-cost-unbudgeted",
            vec![("in_budget = false  ", "in_budget = true  ")],
        ),
        (
            "local-duplicates-central",
            vec![(
                TOOL_TAIL,
                "override_by = \"campaigns\"\n[[stack]]\nid = \"own-crm\"\ntool = \"A CRM of our own\"\ncapability = \"crm\"\nowner = \"marketing-ops\"\nin_budget = false\nfeeds = [\"automation\"]\n",
            )],
        ),
        (
            "dependency-dates",
            vec![(
                TOOL_TAIL,
                "override_by = \"campaigns\"\n[[initiatives]]\nid = \"follow-up\"\nname = \"Follow-up\"\nowner = \"Campaigns\"\nstart = 2027-06-01\nend = 2027-08-31\nsupports = [\"pipeline\"]\ndepends_on = [\"launch\"]\n",
            )],
        ),
    ]
}

#[test]
fn each_operations_rule_fires_alone_on_its_case_and_not_on_the_starter() {
    let family = operations_rules();
    assert_eq!(family.len(), 8, "{family:?}");
    let clean = rule_ids(STARTER);
    assert_eq!(clean, Vec::<&str>::new());
    let cases = cases();
    for rule in &family {
        assert!(
            cases.iter().any(|(r, _)| r == rule),
            "`{rule}` has no case here"
        );
    }
    for (rule, edits) in cases {
        let ids = rule_ids(&edit(STARTER, &edits));
        let ours: Vec<&str> = ids.iter().copied().filter(|r| family.contains(r)).collect();
        assert_eq!(ours, [rule], "{rule}: every finding was {ids:?}");
        assert!(
            !ids.iter()
                .any(|r| matches!(*r, "unknown-ref" | "duplicate-id")),
            "{rule}: {ids:?}"
        );
    }
}

#[test]
fn implied_needs_count_only_in_plans_that_describe_their_stack() {
    // An ABM channel needs a CRM and intent data: the starter's stack has
    // a CRM, so intent data is missing…
    let abm = [("category = \"events\"", "category = \"abm\"")];
    let ids = rule_ids(&edit(STARTER, &abm));
    assert_eq!(
        ids.iter().filter(|r| **r == "capability-missing").count(),
        1,
        "{ids:?}"
    );
    // …and a plan without a stack is not judged on what it does not say.
    let cut = STARTER.find("# ── Operations").unwrap();
    let without = STARTER[..cut].to_string();
    let ids = rule_ids(&edit(&without, &abm));
    assert!(!ids.contains(&"capability-missing"), "{ids:?}");
    // A need the plan writes itself counts, stack or not.
    let ids = rule_ids(&edit(
        &without,
        &[(
            "kpis = [{ name = \"Meetings booked\", target = 300 }]",
            "kpis = [{ name = \"Meetings booked\", target = 300, needs = \"analytics\" }]",
        )],
    ));
    assert!(ids.contains(&"capability-missing"), "{ids:?}");
}

#[test]
fn stack_mistakes_are_located_with_suggestions() {
    let text = edit(
        STARTER,
        &[
            (
                "capability = \"marketing-automation\"",
                "capability = \"marketing-automaton\"",
            ),
            ("override_by = \"campaigns\"", "override_by = \"campaign\""),
        ],
    );
    let (report, _) = mvplan::check_source(
        SourceFile::new("case.toml", text.clone()),
        &Settings::default(),
    );
    let f: Vec<_> = report.findings.iter().collect();
    let bad_cap = f
        .iter()
        .find(|f| f.rule == "invalid-value")
        .unwrap_or_else(|| panic!("{f:#?}"));
    assert_eq!(
        bad_cap.help.as_deref(),
        Some("did you mean `marketing-automation`?")
    );
    let span = bad_cap.span.clone().unwrap();
    assert_eq!(&text[span], "\"marketing-automaton\"");
    // A broken capability stops the plan loading; fix it to see the ref.
    let text = edit(
        STARTER,
        &[("override_by = \"campaigns\"", "override_by = \"campaign\"")],
    );
    let (report, _) =
        mvplan::check_source(SourceFile::new("case.toml", text), &Settings::default());
    let r = report
        .findings
        .iter()
        .find(|f| f.rule == "unknown-ref")
        .expect("an unknown team row");
    assert_eq!(r.help.as_deref(), Some("did you mean `campaigns`?"));
}

/// `[[stack]]` tables of a TOML file, read with the toml crate (not
/// mvplan's loader): (scope, capabilities, cost).
fn stack_of(path: &Path) -> Vec<(String, Vec<String>, f64)> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let Some(stack) = doc.get("stack").and_then(|s| s.as_array()) else {
        return Vec::new();
    };
    stack
        .iter()
        .map(|t| {
            let caps = match &t["capability"] {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(a) => {
                    a.iter().map(|v| v.as_str().unwrap().to_string()).collect()
                }
                other => panic!("{other:?}"),
            };
            let cost = t
                .get("cost")
                .map_or(0.0, |c| c.as_integer().unwrap() as f64);
            let scope = t.get("scope").and_then(|s| s.as_str()).unwrap_or("local");
            (scope.to_string(), caps, cost)
        })
        .collect()
}

#[test]
fn the_review_finds_the_examples_consolidation_collision_and_unsupervised_automation() {
    let dir = root().join("examples/portfolio");
    let o = run_in(&dir, &["review", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();

    // Consolidation: recomputed from the files and the policy's GBP rate.
    let policy: toml::Table = std::fs::read_to_string(dir.join("mvplan-policy.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let gbp = policy["rates"]["GBP"].as_float().unwrap();
    let mut units = 0;
    let mut total = 0.0;
    for file in ["automation", "company", "eshop", "motion", "sensors"] {
        let path = dir.join(format!("{file}.toml"));
        let plan: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let rate = if plan["plan"]["currency"].as_str() == Some("GBP") {
            gbp
        } else {
            1.0
        };
        let local: Vec<f64> = stack_of(&path)
            .into_iter()
            .filter(|(scope, caps, _)| {
                scope == "local" && caps.iter().any(|c| c == "marketing-automation")
            })
            .map(|(_, _, cost)| cost * rate)
            .collect();
        if !local.is_empty() {
            units += 1;
            total += local.iter().sum::<f64>();
        }
    }
    let c = &v["stack"]["consolidation"][0];
    assert_eq!(c["capability"], "marketing-automation");
    assert_eq!(c["units"].as_array().unwrap().len(), units);
    let cost: f64 = c["cost"].as_str().unwrap().parse().unwrap();
    assert!((cost - total).abs() < 0.01, "{cost} vs {total}");
    assert_eq!(v["stack"]["consolidation"].as_array().unwrap().len(), 1);
    let headline = format!(
        "{units} units pay €{}k for 3 marketing automation tools",
        (total / 1000.0).round()
    );
    assert_eq!(v["stack"]["headline"], headline.as_str());

    // One collision: Jul 1 – Aug 31 is 62 days.
    let cols = v["calendar"]["collisions"].as_array().unwrap();
    assert_eq!(cols.len(), 1, "{cols:#?}");
    assert_eq!(cols[0]["audience"], "distributors");
    assert_eq!(cols[0]["days"], 62);
    assert_eq!(cols[0]["from"], "2027-07-01");
    assert_eq!(cols[0]["to"], "2027-08-31");
    // Motion Control's dependency on the sensors' data work is in step.
    assert_eq!(v["calendar"]["dependencies"], serde_json::json!([]));

    let review: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let count = |rule: &str| review.iter().filter(|(r, _)| r == rule).count();
    assert_eq!(count("stack-consolidation"), 4, "{review:?}");
    assert_eq!(count("audience-collision"), 2, "{review:?}");
    assert!(
        review.contains(&("audience-collision".into(), "./motion.toml".into()))
            || review.contains(&("audience-collision".into(), "motion.toml".into())),
        "{review:?}"
    );

    // The unsupervised automation is the UK unit's, found by `check`.
    let unit = |name: &str| {
        v["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["file"].as_str().unwrap().ends_with(name))
            .cloned()
            .unwrap()
    };
    // (The UK plan is submitted: its budget ask has no date and neither
    // ask says what a no costs, notes the ask slide repeats.)
    assert_eq!(
        rules_of(&unit("automation.toml")),
        [
            "automation-no-override",
            "ask-undecidable",
            "ask-undecidable"
        ]
    );
    assert!(rules_of(&unit("eshop.toml")).contains(&"local-duplicates-central".to_string()));
    assert_eq!(v["stack"]["unsupervised"], 1);

    // The capability map: the policy's central CRM, the eShop's own on top.
    let crm = v["stack"]["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["capability"] == "crm")
        .unwrap();
    let state = |u: &str| {
        crm["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["unit"] == u)
            .map(|c| c["state"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(state("Spare Parts eShop"), "both");
    assert_eq!(state("Motion Control"), "central");
}

#[test]
fn cross_unit_dependencies_out_of_step_are_found() {
    let dir = example_portfolio();
    let d = dir.path();
    let motion = d.join("motion.toml");
    let text = std::fs::read_to_string(&motion).unwrap();
    let moved = text.replacen("start = 2027-07-01", "start = 2027-06-15", 1);
    assert_ne!(moved, text);
    std::fs::write(&motion, &moved).unwrap();
    let o = run_in(d, &["review", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let deps = v["calendar"]["dependencies"].as_array().unwrap();
    assert_eq!(deps.len(), 1, "{deps:#?}");
    assert_eq!(deps[0]["depends_on_unit"], "Industrial Sensors BU");
    assert_eq!(deps[0]["ends"], "2027-06-30");
    assert!(rules_of(&v).contains(&"cross-unit-dependency".to_string()));

    // A dependency no plan has is said too.
    std::fs::write(
        &motion,
        text.replacen(
            "depends_on = [\"data-48h\"]",
            "depends_on = [\"data-48\"]",
            1,
        ),
    )
    .unwrap();
    let o = run_in(d, &["review", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let deps = v["calendar"]["dependencies"].as_array().unwrap();
    assert_eq!(deps.len(), 1);
    assert_eq!(deps[0]["depends_on_unit"], serde_json::Value::Null);
}

#[test]
fn the_policy_can_deny_buying_locally_what_the_group_provides() {
    let dir = example_portfolio();
    let d = dir.path();
    let before = run_in(d, &["check", "--format", "json", "eshop.toml"]);
    let sev = |o: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "local-duplicates-central")
            .map(|f| f["severity"].as_str().unwrap().to_string())
    };
    assert_eq!(sev(&before).as_deref(), Some("warning"));
    let policy = d.join("mvplan-policy.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        text.replacen(
            "[checks]\n",
            "[checks]\ndeny = [\"local-duplicates-central\"]\n",
            1,
        ),
    )
    .unwrap();
    assert_eq!(
        sev(&run_in(d, &["check", "--format", "json", "eshop.toml"])).as_deref(),
        Some("error")
    );
    // Without the central CRM in the policy, the eShop's own is not flagged.
    std::fs::write(
        &policy,
        text.replacen("crm = \"Salesforce Sales Cloud (group org)\"\n", "", 1),
    )
    .unwrap();
    assert_eq!(
        sev(&run_in(d, &["check", "--format", "json", "eshop.toml"])),
        None
    );
    // An unknown capability in the policy is a located error.
    std::fs::write(&policy, text.replacen("crm = ", "crn = ", 1)).unwrap();
    let o = run_in(d, &["check", "eshop.toml", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("did you mean `crm`?"), "{}", stderr(&o));
    assert!(stderr(&o).contains("mvplan-policy.toml:"), "{}", stderr(&o));
}

#[test]
fn the_review_csv_tables_of_the_stack_and_calendar() {
    let dir = root().join("examples/portfolio");
    let table = |name: &str| {
        let o = run_in(&dir, &["review", ".", "--format", "csv", "--table", name]);
        assert!(o.status.code().is_some());
        let mut r = csv::Reader::from_reader(o.stdout.as_slice());
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        (head, rows)
    };
    let (head, rows) = table("stack");
    let col = |h: &[String], n: &str| h.iter().position(|x| x == n).unwrap();
    let total_tools: usize = ["automation", "company", "eshop", "motion", "sensors"]
        .iter()
        .map(|f| stack_of(&dir.join(format!("{f}.toml"))).len())
        .sum();
    assert_eq!(rows.len(), total_tools);
    let candidates = rows
        .iter()
        .filter(|r| r[col(&head, "consolidation_candidate")] == "true")
        .count();
    assert_eq!(candidates, 4);
    let zoho = rows
        .iter()
        .find(|r| r[col(&head, "tool")] == "Zoho CRM")
        .unwrap();
    assert_eq!(
        zoho[col(&head, "central_tool")],
        "Salesforce Sales Cloud (group org)"
    );

    let (head, rows) = table("capabilities");
    assert_eq!(
        head,
        [
            "capability",
            "label",
            "central_tool",
            "unit",
            "state",
            "tools"
        ]
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == "crm" && r[4] == "both" && r[5].contains("Zoho CRM"))
    );

    let (head, rows) = table("calendar");
    let relaunch = rows
        .iter()
        .find(|r| r[col(&head, "id")] == "portal-relaunch")
        .unwrap();
    assert_eq!(
        relaunch[col(&head, "collides_with")],
        "Industrial Sensors BU/distributor-coop"
    );
    assert_eq!(relaunch[col(&head, "start")], "2027-07-01");
}

#[test]
fn the_decks_state_the_findings() {
    let o = run_in(
        &root().join("examples/portfolio"),
        &["review", ".", "-o", "-"],
    );
    let md = stdout(&o);
    assert!(
        md.contains("\n# 4 units pay €248k for 3 marketing automation tools\n"),
        "{md}"
    );
    assert!(
        md.contains("\n# Industrial Sensors BU and Motion Control hit Electronics distributors in the same 62 days\n"),
        "{md}"
    );
    let o = mvplan(&["render", "examples/b2b-saas.toml", "-o", "-"]);
    let md = stdout(&o);
    let slide = md
        .split("\n# Appendix: How we operate\n")
        .nth(1)
        .expect("a How we operate slide");
    let slide = slide.split("\n---").next().unwrap();
    assert!(
        slide.contains("**1 of 2 automations reaches customers with nobody named to stop it**"),
        "{slide}"
    );
    assert!(
        slide.contains(
            "| Intent data | Bombora Company Surge | local | Marketing operations managers | €48k |"
        ),
        "{slide}"
    );
    // A plan without a stack has no such slide.
    let o = mvplan(&["render", "examples/consumer-brand.toml", "-o", "-"]);
    assert!(!stdout(&o).contains("# How we operate"));
}
